"""Instants as integer UTC microseconds, and wall times resolved in a zone.

The engine computes on plain integers (microseconds since 1970-01-01T00:00Z); this module is
the only bridge between those integers and aware `datetime` values.
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .._typing import OnFold, OnGap
from ..errors import CalendarError, NaiveDatetimeError
from .memo import Memo

__all__ = [
    "DAY_US",
    "MAX_YEAR",
    "MIN_YEAR",
    "date_exists",
    "from_us",
    "iso_us",
    "local_date",
    "local_day_start",
    "resolve_wall",
    "to_us",
    "wall_epoch",
    "year_of",
    "year_start",
    "zone_for",
]

US = timedelta(microseconds=1)
DAY_US = 86_400_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_NAIVE = datetime(1970, 1, 1)  # noqa: DTZ001 - the wall-clock epoch, deliberately naive
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()

# Years whose UTC chunks the engine can build: one spare year each side keeps every local
# date of a chunk (and an overnight shift) inside datetime's range.
MIN_YEAR = 2
MAX_YEAR = 9997
_YEAR_STARTS = [
    (date(y, 1, 1).toordinal() - _EPOCH_ORDINAL) * DAY_US for y in range(MIN_YEAR, MAX_YEAR + 2)
]


def year_start(year: int) -> int:
    """The UTC instant (microseconds) at which a UTC year begins."""
    return _YEAR_STARTS[year - MIN_YEAR]


def year_of(us: int) -> int:
    """The UTC year an instant falls in, or a `CalendarError` outside the supported range."""
    i = bisect_right(_YEAR_STARTS, us) - 1
    if i < 0 or i > MAX_YEAR - MIN_YEAR:
        try:
            shown = from_us(us, UTC).isoformat()
        except (OverflowError, ValueError, OSError):
            shown = f"{us} µs after 1970-01-01T00:00Z"
        raise CalendarError(
            f"instant {shown} lies outside the years {MIN_YEAR}–{MAX_YEAR} that calendars support"
        )
    return i + MIN_YEAR


def to_us(value: datetime, argument: str) -> int:
    """An aware datetime as UTC microseconds; a naive one is an error naming `argument`."""
    if type(value) is datetime:
        zone = value.tzinfo
        if type(zone) is ZoneInfo:
            # The wall clock since the zone's epoch plus the day's start (`wall_epoch`): no
            # offset lookups on a day whose offset holds throughout.
            epoch, starts = wall_epoch(zone)
            wall = value - epoch
            start = starts.get(wall.days)
            if start is None:
                start = local_day_start(zone, wall.days, starts)
            if start is not None:
                return start + wall.seconds * 1_000_000 + wall.microseconds
    try:
        # A subclass may return its own type from `-` (pendulum's Interval), so it gets
        # datetime's own subtraction; a plain datetime takes the faster operator.
        d = value - EPOCH if type(value) is datetime else datetime.__sub__(value, EPOCH)
        # The timedelta's fields, summed: cheaper than dividing by a microsecond.
        return (d.days * 86_400 + d.seconds) * 1_000_000 + d.microseconds
    except TypeError:
        if isinstance(value, datetime):
            raise NaiveDatetimeError(
                f"{argument} must be an aware datetime, got naive {value.isoformat()!r};"
                " attach a zone, e.g. datetime(..., tzinfo=ZoneInfo('Europe/Berlin'))"
            ) from None
        raise TypeError(
            f"{argument} must be an aware datetime, got {type(value).__name__} {value!r}"
        ) from None


#: ZoneInfo -> the wall-clock epoch in that zone (1970-01-01T00:00, the zone attached) and,
#: by wall-clock day number, the UTC instant of the day's wall midnight (None for a day in
#: which the zone's offset changes). An aware `datetime` minus an epoch carrying the same
#: `tzinfo` object is a difference of wall clocks, which `datetime` computes without asking
#: the zone for its offsets (about a tenth of the cost of a subtraction across zones); on a
#: day whose offset holds throughout, that wall time plus the day's start is the instant.
_WALL_EPOCHS: Memo[ZoneInfo, tuple[datetime, Memo[int, int | None]]] = Memo(limit=1024)
_MISSING = -1 << 80  # no day's start: below every instant


def wall_epoch(zone: ZoneInfo) -> tuple[datetime, Memo[int, int | None]]:
    """The zone's wall-clock epoch and its table of day starts (see `local_day_start`)."""
    found = _WALL_EPOCHS.get(zone)
    if found is None:
        epoch = datetime(1970, 1, 1, tzinfo=zone)
        found = _WALL_EPOCHS.put(zone, (epoch, Memo(limit=65_536)))
    return found


def local_day_start(zone: ZoneInfo, day: int, starts: Memo[int, int | None]) -> int | None:
    """The UTC instant (microseconds) of the wall midnight of day `day` (days since
    1970-01-01 on the zone's wall clock) when the zone's offset is the same at every wall
    time of that day under either fold, remembered in `starts`; None when it changes (a DST
    day) or when the day is not wholly inside the years slaclock evaluates (`MIN_YEAR` up to
    `MAX_YEAR`, excluded), so that an instant found from a day's start needs no range check.

    The offset is read at every hour and at the day's last microsecond, each under both
    folds: a zone changes its offset at most once an hour, and a change, a gap or a
    repeated hour shows as two different readings.

    >>> from zoneinfo import ZoneInfo
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> starts = wall_epoch(berlin)[1]
    >>> local_day_start(berlin, 20_000, starts) == 20_000 * DAY_US - 7_200_000_000  # CEST
    True
    >>> local_day_start(berlin, 19_813, starts) is None  # 2024-03-31, the clocks go forward
    True
    """
    found = starts.get(day, _MISSING)
    if found is not _MISSING:
        return found
    start: int | None = None
    try:
        midnight = _EPOCH_NAIVE + timedelta(days=day)
        ends = [midnight.replace(hour=h) for h in range(24)]
        ends.append(midnight.replace(hour=23, minute=59, second=59, microsecond=999_999))
        offsets = {w.replace(tzinfo=zone, fold=f).utcoffset() for w in ends for f in (0, 1)}
    except (OverflowError, ValueError):
        offsets = set()
    if len(offsets) == 1:
        offset = offsets.pop()
        if offset is not None:
            micros = (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds
            start = day * DAY_US - micros
            if not _YEAR_STARTS[0] <= start <= _YEAR_STARTS[-2] - DAY_US:
                start = None
    return starts.put(day, start)


def from_us(us: int, zone: tzinfo) -> datetime:
    """UTC microseconds as an aware datetime in `zone`."""
    seconds, micro = divmod(us, 1_000_000)
    value = datetime.fromtimestamp(seconds, zone)
    return value.replace(microsecond=micro) if micro else value


_HOUR_US = 3_600_000_000
#: (zone, UTC day) -> the zone's UTC offset in microseconds and its ISO text, for days in
#: which the offset does not change (None otherwise, and then the same by UTC hour for that
#: day's hours); a date's ISO text by its day number.
_OFFSETS: Memo[tuple[tzinfo, int], tuple[int | None, str]] = Memo(limit=65_536)
_HOUR_OFFSETS: Memo[tuple[tzinfo, int], tuple[int | None, str]] = Memo(limit=4096)
_DAYS: Memo[int, str] = Memo(limit=65_536)
#: A minute of the day as "HH:MM" and a second as ":SS", looked up rather than formatted.
_CLOCK = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(1440))
_SECONDS = tuple(f":{s:02d}" for s in range(60))


def _offset_between(start: int, span: int, zone: tzinfo) -> tuple[int | None, str]:
    """The zone's UTC offset (microseconds) and its ISO text over ``[start, start + span)``,
    or ``(None, "")`` when it changes inside; an hour's span is looked at at both ends, a
    longer one at every hour (a zone's offset changes at most once an hour)."""
    step = min(span, _HOUR_US)
    first = from_us(start, zone)
    offset = first.utcoffset()
    for at in range(start + step - 1, start + span, step):
        if from_us(at, zone).utcoffset() != offset:
            return (None, "")
    if offset is None:
        return (None, "")
    micros = (offset.days * 86_400 + offset.seconds) * 1_000_000 + offset.microseconds
    return (micros, first.isoformat()[19:])  # the offset's text, "+01:00"


def _day_offset(day: int, zone: tzinfo) -> tuple[int | None, str]:
    return _offset_between(day * DAY_US, DAY_US, zone)


def iso_us(us: int, zone: tzinfo) -> str:
    """``from_us(us, zone).isoformat()``, written from integers: output writes every instant
    of every ticket, and building an aware `datetime` for each costs more than the text.

    >>> from zoneinfo import ZoneInfo
    >>> iso_us(1_774_746_000_000_000, ZoneInfo("Europe/Berlin"))  # the hour after the change
    '2026-03-29T03:00:00+02:00'
    """
    key = (zone, us // DAY_US)
    found = _OFFSETS.get(key)
    if found is None:
        found = _OFFSETS.put(key, _day_offset(key[1], zone))
    if found[0] is None:  # the offset changes this day: the hour decides
        hour = us // _HOUR_US
        key = (zone, hour)
        found = _HOUR_OFFSETS.get(key)
        if found is None:
            found = _HOUR_OFFSETS.put(key, _offset_between(hour * _HOUR_US, _HOUR_US, zone))
    offset, suffix = found
    if offset is None:
        return from_us(us, zone).isoformat()
    days, rest = divmod(us + offset, DAY_US)
    day = _DAYS.get(days)
    if day is None:  # the date with its "T"
        day = _DAYS.put(days, date.fromordinal(days + _EPOCH_ORDINAL).isoformat() + "T")
    seconds, micro = divmod(rest, 1_000_000)
    minute, second = divmod(seconds, 60)
    if micro:
        return f"{day}{_CLOCK[minute]}{_SECONDS[second]}.{micro:06d}{suffix}"
    return f"{day}{_CLOCK[minute]}{_SECONDS[second]}{suffix}"


def local_date(us: int, zone: tzinfo) -> date:
    """The wall-clock date of an instant in `zone`."""
    return from_us(us, zone).date()


def resolve_wall(
    day: date,
    seconds: int,
    zone: tzinfo,
    on_gap: OnGap,
    on_fold: OnFold,
    what: str = "working-hours boundary",
) -> int:
    """The instant of wall time `day` + `seconds` in `zone` (seconds may exceed a day).

    A wall time skipped by a DST gap shifts forward by the gap's length (``on_gap="shift"``,
    the reading of PEP 495's ``fold=0``); a repeated one takes the earlier instant
    (``on_fold="earlier"``). Either may raise instead, naming the wall time as `what`.
    """
    naive = datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)  # noqa: DTZ001
    if on_gap == "shift" and on_fold == "earlier":
        # The defaults are PEP 495's fold=0 reading of a wall time: one offset lookup.
        return (naive.replace(tzinfo=zone) - EPOCH) // US
    base = (naive - _EPOCH_NAIVE) // US
    first = naive.replace(tzinfo=zone, fold=0).utcoffset()
    second = naive.replace(tzinfo=zone, fold=1).utcoffset()
    if first is None or second is None:  # pragma: no cover - zones built here always answer
        raise CalendarError(f"time zone {zone} gives no UTC offset for {naive.isoformat()}")
    if first == second:
        return base - first // US
    if first > second:  # a fold: the wall time happens twice
        if on_fold == "raise":
            raise CalendarError(
                f"{what} {naive.isoformat()} happens twice in {zone}"
                " (a DST fold); choose on_fold='earlier' or 'later'"
            )
        return base - (first if on_fold == "earlier" else second) // US
    if on_gap == "raise":
        raise CalendarError(
            f"{what} {naive.isoformat()} does not exist in {zone}"
            " (a DST gap); choose on_gap='shift' to move it forward by the gap"
        )
    return base - first // US


def date_exists(day: date, zone: tzinfo) -> bool:
    """Whether some instant has `day` as its wall-clock date in `zone`.

    Not every date does: Pacific/Apia skipped 30 December 2011 when it moved across the date
    line. Its midnight then resolves, shifted by the gap, to the next date's midnight.
    """
    return day not in _skipped_dates(zone, day.year)


@lru_cache(maxsize=1024)
def _skipped_dates(zone: tzinfo, year: int) -> frozenset[date]:
    # One pass over the year's midnights: a date whose midnight resolves to the next one's
    # has no wall time. Cached per year, since every compiled day asks.
    if not 1 < year < 9999:  # no zone skips a date there; and datetime's range ends
        return frozenset()
    skipped = []
    day = date(year, 1, 1)
    midnight = resolve_wall(day, 0, zone, "shift", "earlier")
    while day.year == year:
        following = day + timedelta(days=1)
        after = resolve_wall(following, 0, zone, "shift", "earlier")
        if after <= midnight:
            skipped.append(day)
        day, midnight = following, after
    return frozenset(skipped)


@lru_cache(maxsize=1024)
def _zone(key: str) -> ZoneInfo:
    return ZoneInfo(key)


def zone_for(value: str | tzinfo, field: str = "timezone") -> ZoneInfo:
    """The `ZoneInfo` for an IANA name (or a ZoneInfo-like object with a ``key``)."""
    key = value if isinstance(value, str) else getattr(value, "key", None)
    if key is None and value is UTC:
        key = "UTC"
    if not isinstance(key, str):
        raise CalendarError(
            f"{field} must be an IANA time zone name such as 'Europe/Berlin', got {value!r}"
        )
    try:
        return _zone(key)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError) as exc:
        # OSError: a name longer than the file system allows (zoneinfo looks for a file).
        if len(key) > 64:
            raise CalendarError.at(
                field,
                f"unknown time zone {key[:30] + '…'!r} ({len(key)} characters); use an IANA"
                " name such as 'Europe/Berlin'",
            ) from None
        names = sorted(available_timezones())
        folded = {name.lower(): name for name in names}
        close = [folded[key.lower()]] if key.lower() in folded else []
        close += [c for c in difflib.get_close_matches(key, names, n=3) if c not in close]
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise CalendarError.at(
            field, f"unknown time zone {key!r}; use an IANA name such as 'Europe/Berlin'{hint}"
        ) from exc
