"""Business calendars: when a support team is open, and business-time arithmetic over it.

A `BusinessCalendar` is a time zone, weekly working hours, and exceptions: public holidays
(from the ``holidays`` package), closed dates, partial-day and recurring closures, and extra
openings. Calendars combine by union (follow-the-sun teams) and intersection (provider hours
∩ customer hours), also across time zones.

Arithmetic runs on UTC instants; wall time is consulted only to decide open or closed. The
open intervals of each UTC year are computed once (lazily), kept as integer microseconds with
their cumulative open time, and every operation is a binary search over them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from itertools import pairwise
from threading import Lock
from typing import Any, get_args

from dateutil.rrule import rrule, rrulestr

from . import _holidays
from ._clocktime import (
    DAY_US,
    EPOCH,
    MAX_YEAR,
    MIN_YEAR,
    US,
    from_us,
    local_date,
    resolve_wall,
    to_us,
    year_of,
    year_start,
    zone_for,
)
from ._intervals import Span, clip, intersect, normalize, subtract, union
from ._typing import CombineMode, OnFold, OnGap
from .errors import CalendarError

__all__ = [
    "BusinessCalendar",
    "Closure",
    "HolidayRegion",
    "Opening",
    "WorkingHours",
    "parse_clock",
    "parse_time_range",
]

DAY_S = 86_400
_ONE_DAY = timedelta(days=1)
_Date = date  # the classes below have a field called `date`
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
#: A calendar that finds no open time in this many consecutive years is treated as empty.
EMPTY_YEARS_LIMIT = 10


# --------------------------------------------------------------------------- parsing helpers


def parse_clock(text: str, *, field: str = "time", allow_24: bool = False) -> int:
    """Seconds after midnight of a wall-clock time written ``HH:MM`` or ``HH:MM:SS``.

    >>> parse_clock("09:30")
    34200
    >>> parse_clock("24:00", allow_24=True)
    86400
    """
    if isinstance(text, int) and not isinstance(text, bool):
        raise CalendarError(
            f"{field}: expected a time such as '09:00', got the number {text!r}; YAML reads an"
            " unquoted 12:00 as a number of minutes, so quote it: '12:00'"
        )
    if not isinstance(text, str):
        raise CalendarError(f"{field}: expected a time such as '09:00', got {text!r}")
    m = _CLOCK.match(text)
    if m is None:
        raise CalendarError(f"{field}: malformed time {text!r}; write HH:MM, e.g. '09:00'")
    hours, minutes, seconds = int(m[1]), int(m[2]), int(m[3] or 0)
    value = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or value > DAY_S or (value == DAY_S and not allow_24):
        limit = "00:00–24:00" if allow_24 else "00:00–23:59"
        raise CalendarError(f"{field}: time {text!r} is out of range {limit}")
    return value


def parse_time_range(text: str, *, field: str = "hours") -> tuple[int, int]:
    """A wall-clock interval ``"HH:MM-HH:MM"`` as (start, end) seconds after midnight.

    An end at or before the start crosses midnight: ``"22:00-06:00"`` is a night shift that
    ends at 06:00 the next day (its end is then more than 86,400). ``24:00`` ends at midnight.

    >>> parse_time_range("09:00-17:00")
    (32400, 61200)
    >>> parse_time_range("22:00-06:00")
    (79200, 108000)
    """
    if not isinstance(text, str) or text.count("-") != 1:
        raise CalendarError(
            f"{field}: malformed interval {text!r}; write 'HH:MM-HH:MM', e.g. '09:00-17:00'"
        )
    left, right = text.split("-")
    if not _CLOCK.match(left) or not _CLOCK.match(right):
        raise CalendarError(
            f"{field}: malformed interval {text!r}; write 'HH:MM-HH:MM', e.g. '09:00-17:00'"
        )
    start = parse_clock(left, field=field)
    end = parse_clock(right, field=field, allow_24=True)
    if end == start:
        raise CalendarError(
            f"{field}: interval {text!r} is empty; for a whole day write '00:00-24:00'"
        )
    if end < start:
        if end == 0:
            return start, DAY_S
        return start, end + DAY_S
    return start, end


def _format_clock(seconds: int) -> str:
    h, rest = divmod(seconds % DAY_S if seconds != DAY_S else seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def _format_range(span: tuple[int, int]) -> str:
    start, end = span
    return f"{_format_clock(start)}-{_format_clock(end if end <= DAY_S else end - DAY_S)}"


def _parse_days(key: str, field: str) -> list[int]:
    key = key.strip().lower()
    if key in ("daily", "every day", "mon-sun"):
        return list(range(7))
    if key == "weekdays":
        return list(range(5))
    if key == "weekends":
        return [5, 6]
    parts = key.split("-")
    if len(parts) == 1 and parts[0] in _WEEKDAYS:
        return [_WEEKDAYS.index(parts[0])]
    if len(parts) == 2 and parts[0] in _WEEKDAYS and parts[1] in _WEEKDAYS:
        first, last = _WEEKDAYS.index(parts[0]), _WEEKDAYS.index(parts[1])
        return [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    raise CalendarError(
        f"{field}: unknown day {key!r}; use mon, tue, wed, thu, fri, sat, sun, a range such as"
        " 'mon-fri', or 'daily'"
    )


def _parse_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        raise CalendarError(f"{field}: expected a date such as 2026-12-24, got a datetime {value}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CalendarError(f"{field}: expected a date written YYYY-MM-DD, got {value!r}")


# --------------------------------------------------------------------------- value objects


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Weekly opening hours: for each weekday (Monday first), wall-clock intervals.

    Each interval is (start, end) in seconds after local midnight. An interval that crosses
    midnight (a night shift) has ``end > 86400`` and belongs to the day it starts on.
    Intervals may not overlap, also across midnight into the next day.

    >>> hours = WorkingHours.parse({"mon-fri": ["09:00-12:30", "13:30-17:30"]})
    >>> hours.describe()["mon"]
    ['09:00-12:30', '13:30-17:30']
    """

    days: tuple[tuple[tuple[int, int], ...], ...] = ((),) * 7

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise CalendarError(f"working hours need 7 weekdays, got {len(self.days)}")
        days = tuple(tuple(sorted(day)) for day in self.days)
        object.__setattr__(self, "days", days)
        week = 7 * DAY_S
        spans: list[tuple[int, int, int]] = []
        for weekday, day in enumerate(days):
            for start, end in day:
                if not (0 <= start < DAY_S and start < end <= start + DAY_S):
                    raise CalendarError(
                        f"working hours on {_WEEKDAYS[weekday]}: invalid interval"
                        f" ({start}, {end}) seconds"
                    )
                spans.append((weekday * DAY_S + start, weekday * DAY_S + end, weekday))
        # Overlaps are checked on the cyclic week, so Sunday's night shift meets Monday.
        flat = sorted(
            [(s, e, d) for s, e, d in spans] + [(s + week, e + week, d) for s, e, d in spans]
        )
        for (s1, e1, d1), (s2, e2, d2) in pairwise(flat):
            if s2 < e1:
                a = _format_range((s1 - d1 * DAY_S, e1 - d1 * DAY_S))
                b = _format_range(((s2 - d2 * DAY_S) % week, (e2 - d2 * DAY_S) % week))
                raise CalendarError(
                    f"working hours overlap: {_WEEKDAYS[d1]} {a} and {_WEEKDAYS[d2]} {b};"
                    " make the intervals disjoint"
                )

    @classmethod
    def parse(
        cls, spec: Mapping[str, Sequence[str]] | str, *, field: str = "hours"
    ) -> WorkingHours:
        """Working hours from ``{"mon-fri": ["09:00-17:00"], "sat": [...]}`` or ``"24x7"``.

        >>> WorkingHours.parse("24x7").describe()["sun"]
        ['00:00-24:00']
        """
        if isinstance(spec, str):
            if spec.strip().lower() in ("24x7", "24/7", "always"):
                return cls.always()
            raise CalendarError(
                f"{field}: expected a mapping of days to intervals or '24x7', got {spec!r}"
            )
        if not isinstance(spec, Mapping):
            raise CalendarError(
                f"{field}: expected a mapping such as {{'mon-fri': ['09:00-17:00']}}, got {spec!r}"
            )
        days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for key, ranges in spec.items():
            where = f"{field}.{key}"
            weekdays = _parse_days(str(key), where)
            if isinstance(ranges, str):
                ranges = [ranges]
            if not isinstance(ranges, Sequence):
                raise CalendarError(
                    f"{where}: expected a list of intervals such as ['09:00-17:00'], got {ranges!r}"
                )
            for i, text in enumerate(ranges):
                span = parse_time_range(text, field=f"{where}[{i}]")
                for weekday in weekdays:
                    days[weekday].append(span)
        return cls(tuple(tuple(d) for d in days))

    @classmethod
    def always(cls) -> WorkingHours:
        """Open around the clock, every day."""
        return cls((((0, DAY_S),),) * 7)

    @classmethod
    def weekdays(cls, start: str, end: str) -> WorkingHours:
        """The same hours Monday to Friday.

        >>> WorkingHours.weekdays("09:00", "17:00").describe()["fri"]
        ['09:00-17:00']
        """
        span = parse_time_range(f"{start}-{end}")
        return cls(((span,),) * 5 + ((), ()))

    @property
    def is_empty(self) -> bool:
        """True when no weekday has any open interval."""
        return not any(self.days)

    def describe(self) -> dict[str, list[str]]:
        """The hours as text, weekday by weekday."""
        return {
            name: [_format_range(s) for s in day]
            for name, day in zip(_WEEKDAYS, self.days, strict=True)
        }


@dataclass(frozen=True, slots=True)
class HolidayRegion:
    """Public holidays of a country (and subdivision) taken from the ``holidays`` package.

    ``categories`` selects holiday categories (``("public",)`` by default in the package);
    ``language`` only affects the names shown in explanations.
    """

    country: str
    subdiv: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        _holidays.check_region(self.country, self.subdiv, self.categories, self.language)

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of one year (a `HolidayDataWarning` outside the data's range)."""
        return _holidays.holiday_dates(
            self.country, self.subdiv, self.categories, self.language, year
        )

    def names(self, year: int) -> dict[date, str]:
        """The holidays of one year with their names."""
        return _holidays.holiday_names(
            self.country, self.subdiv, self.categories, self.language, year
        )


@dataclass(frozen=True, slots=True)
class Closure:
    """A closure on one date or on the dates of an RFC 5545 recurrence rule.

    ``start``/``end`` are wall-clock seconds on that date (default: the whole day); an end
    at or before the start runs past midnight, as in working hours. A rule without a
    ``DTSTART`` is anchored at ``anchor`` (required when the rule's dates depend on it).

    >>> Closure(date=date(2026, 12, 24), start=12 * 3600).describe()
    '2026-12-24 12:00-24:00'
    """

    date: _Date | None = None
    rrule: str | None = None
    start: int = 0
    end: int = DAY_S
    anchor: _Date | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.date is None) == (self.rrule is None):
            raise CalendarError("a closure needs exactly one of 'date' or 'rrule'")
        if not (0 <= self.start < DAY_S and self.start < self.end <= self.start + DAY_S):
            raise CalendarError(
                f"closure {self.date or self.rrule}: invalid span ({self.start}, {self.end})"
            )
        if self.rrule is not None:
            _compile_rrule(self.rrule, self.anchor)

    def dates_between(self, first: _Date, last: _Date) -> list[_Date]:
        """The dates in ``[first, last]`` on which this closure applies."""
        if self.date is not None:
            return [self.date] if first <= self.date <= last else []
        assert self.rrule is not None
        if self.anchor is None and "DTSTART" not in self.rrule.upper():
            rule = _rule_from(self.rrule, max(first.year, _RULE_ORIGIN.year))
        else:
            rule = _compile_rrule(self.rrule, self.anchor)
        lo = datetime(first.year, first.month, first.day)  # noqa: DTZ001 - rules run on wall dates
        hi = datetime(last.year, last.month, last.day, 23, 59, 59)  # noqa: DTZ001
        return sorted({d.date() for d in rule.between(lo, hi, inc=True)})

    def describe(self) -> str:
        """The closure as text."""
        what = self.date.isoformat() if self.date else f"rrule {self.rrule}"
        return f"{what} {_format_range((self.start, self.end))}"


_ANCHOR_DEPENDENT = re.compile(r"INTERVAL=(?!1(;|$))|COUNT=", re.IGNORECASE)


#: Where a rule without a start or DTSTART begins (its dates do not depend on it).
_RULE_ORIGIN = date(1900, 1, 1)


@lru_cache(maxsize=1024)
def _rule_from(text: str, year: int) -> rrule:
    """A rule without a start, begun on 1 January of `year`. Its dates from then on are the
    ones it has when begun at `_RULE_ORIGIN` (a rule whose dates depend on its start must
    have one), without stepping through every occurrence since then."""
    return _compile_rrule(text, None).replace(dtstart=datetime(year, 1, 1))  # noqa: DTZ001


@lru_cache(maxsize=256)
def _compile_rrule(text: str, anchor: date | None) -> rrule:
    upper = text.upper()
    has_dtstart = "DTSTART" in upper
    if not has_dtstart and anchor is None:
        # Without BYDAY, BYMONTHDAY or BYYEARDAY, dateutil takes the missing day (and for a
        # yearly rule the month) from the rule's start: refuse rather than guess it.
        coarse = re.search(r"FREQ=(YEARLY|MONTHLY|WEEKLY)", upper)
        needs = _ANCHOR_DEPENDENT.search(upper) or (
            coarse and not re.search(r"BY(DAY|MONTHDAY|YEARDAY)=", upper)
        )
        if needs:
            raise CalendarError(
                f"recurring closure {text!r}: its dates depend on the rule's start; add"
                " 'start: YYYY-MM-DD' (or a DTSTART) so nothing is guessed"
            )
    start = anchor or _RULE_ORIGIN
    try:
        if has_dtstart:
            parsed = rrulestr(text, forceset=False)
        else:
            parsed = rrulestr(
                text,
                dtstart=datetime(start.year, start.month, start.day),  # noqa: DTZ001
            )
    except (ValueError, TypeError) as exc:
        raise CalendarError(
            f"malformed recurrence rule {text!r}: {exc}; write an RFC 5545 RRULE such as"
            " 'FREQ=MONTHLY;BYDAY=1SA'"
        ) from exc
    if not isinstance(parsed, rrule):
        raise CalendarError(f"recurrence rule {text!r}: give one RRULE, not a set")
    dtstart = getattr(parsed, "_dtstart", None)
    if dtstart is not None and dtstart.tzinfo is not None:
        raise CalendarError(f"recurrence rule {text!r}: DTSTART must be a local wall time")
    return parsed


@dataclass(frozen=True, slots=True)
class Opening:
    """Extra opening hours on one date (a working Saturday), overriding holidays and closures.

    >>> Opening(date(2026, 12, 27), ((9 * 3600, 13 * 3600),)).describe()
    '2026-12-27 09:00-13:00'
    """

    date: _Date
    hours: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        if not self.hours:
            raise CalendarError(f"opening on {self.date}: give at least one interval")
        for start, end in self.hours:
            if not (0 <= start < DAY_S and start < end <= start + DAY_S):
                raise CalendarError(f"opening on {self.date}: invalid interval ({start}, {end})")

    def describe(self) -> str:
        """The opening as text."""
        return f"{self.date.isoformat()} " + ", ".join(_format_range(s) for s in self.hours)


# --------------------------------------------------------------------------- the engine


class _Window:
    """The open intervals of consecutive UTC years in one table, with the open time
    accumulated before each: one year's table, or the engine's window of joined years, for
    add and elapsed without year logic.

    Accumulated open time counts from a fixed origin (a year's table: its own start; the
    window: the opening of the first year it was built for, earlier years getting negative
    values), so a value read from one window stays valid in every later, wider one.
    """

    __slots__ = ("cend", "cum", "ends", "first", "hi", "high", "last", "lo", "low", "starts")

    def __init__(
        self,
        first: int,
        last: int,
        starts: list[int],
        ends: list[int],
        cum: list[int],
        cend: list[int],
        low: int,
    ) -> None:
        self.first = first
        self.last = last
        self.lo = year_start(first)
        self.hi = year_start(last + 1)
        self.starts = starts
        self.ends = ends
        self.cum = cum
        self.cend = cend
        self.low = low  # open time before ``lo`` (from the origin)
        self.high = cend[-1] if cend else low  # open time before ``hi``

    @classmethod
    def year(cls, y: int, spans: Sequence[Span]) -> _Window:
        """The table of one UTC year, from its open intervals (clipped to the year)."""
        cum: list[int] = []
        cend: list[int] = []
        acc = 0
        for s, e in spans:
            cum.append(acc)
            acc += e - s
            cend.append(acc)
        return cls(y, y, [s for s, _ in spans], [e for _, e in spans], cum, cend, 0)

    def pos(self, t: int) -> int:
        """Open time from the origin to an instant inside the table."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return self.low
        if t >= self.ends[i]:
            return self.cend[i]
        return self.cum[i] + t - self.starts[i]

    def at(self, c: int) -> int:
        """The earliest instant at which ``pos`` reaches ``c`` (``low < c <= high``)."""
        j = bisect_left(self.cend, c)
        return self.starts[j] + c - self.cum[j]


#: The most consecutive UTC years one window joins; instants beyond take the per-year path.
WINDOW_YEARS = 64
_GROW = Lock()  # windows grow rarely: one lock for all engines keeps them picklable


class _Engine:
    """Lazy interval tables for one calendar, per UTC year and joined in a window.

    Safe to share between threads: a year is built at most a few times under a race, and
    every build gives the same table; a window grows under a lock and is replaced whole, so
    readers always see a consistent one.
    """

    __slots__ = (
        "_last",
        "business_days",
        "calendar",
        "day_steps",
        "days",
        "last_duration",
        "shared",
        "window",
        "years",
    )

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.years: dict[int, _Window] = {}
        self.days: dict[date, list[Span]] = {}
        self.business_days: dict[int, list[date]] = {}
        # (opening instant, business days) -> the same local time that many business days later.
        self.day_steps: dict[tuple[int, int], int] = {}
        # The last table used, with its bounds: one tuple, so threads never see a mix.
        self._last: tuple[int, int, int, _Window | None] = (0, 0, 0, None)
        self.window: _Window | None = None
        # The last duration `BusinessCalendar.add` converted: hosts pass one budget over and over.
        self.last_duration: tuple[object, int] = (None, 0)
        # Deadlines of starts in closed time, by the window position they fall due at.
        self.shared: dict[int, datetime] = {}

    def table(self, t: int) -> tuple[int, _Window]:
        """The UTC year of an instant and its table."""
        lo, hi, y, found = self._last
        if found is not None and lo <= t < hi:
            return y, found
        y = year_of(t)
        found = self.year(y)
        self._last = (year_start(y), year_start(y + 1), y, found)
        return y, found

    def year(self, y: int) -> _Window:
        table = self.years.get(y)
        if table is None:
            if not 1 < y <= MAX_YEAR:
                raise CalendarError(
                    f"business time reaches the year {y}, outside the years calendars support"
                )
            lo, hi = year_start(y), year_start(y + 1)
            table = _Window.year(y, clip(self.calendar._spans(lo, hi), lo, hi))
            self.years[y] = table
        return table

    def reach(self, first: int, last: int) -> _Window | None:
        """The window, grown to cover the UTC years ``first..last``; None when that would
        join more than `WINDOW_YEARS` years (the caller then takes the per-year path)."""
        w = self.window
        if w is not None and w.first <= first and last <= w.last:
            return w
        lo_year = first if w is None else min(first, w.first)
        hi_year = last if w is None else max(last, w.last)
        if hi_year - lo_year >= WINDOW_YEARS or lo_year < MIN_YEAR or hi_year > MAX_YEAR:
            return None
        # Build the years outside the lock (building may consult other engines).
        tables = {y: self.year(y) for y in range(lo_year, hi_year + 1)}
        with _GROW:
            w = self.window
            if w is None:
                starts: list[int] = []
                ends: list[int] = []
                cum: list[int] = []
                cend: list[int] = []
                low = 0
                first_built, last_built = lo_year, lo_year - 1
            else:
                if w.first <= lo_year and hi_year <= w.last:
                    return w
                starts, ends, cum, cend = list(w.starts), list(w.ends), list(w.cum), list(w.cend)
                low = w.low
                first_built, last_built = w.first, w.last
            acc = cend[-1] if cend else low
            for y in range(last_built + 1, hi_year + 1):
                table = tables[y]
                starts.extend(table.starts)
                ends.extend(table.ends)
                cum.extend(acc + c for c in table.cum)
                cend.extend(acc + c for c in table.cend)
                acc += table.high
            for y in range(first_built - 1, lo_year - 1, -1):
                table = tables[y]
                low -= table.high
                starts[:0] = table.starts
                ends[:0] = table.ends
                cum[:0] = [low + c for c in table.cum]
                cend[:0] = [low + c for c in table.cend]
            w = _Window(
                min(lo_year, first_built), max(hi_year, last_built), starts, ends, cum, cend, low
            )
            self.window = w
            return w

    def _empty(self, y: int, direction: str) -> CalendarError:
        return CalendarError(
            f"calendar {self.calendar.label} has no open time in the {EMPTY_YEARS_LIMIT} years"
            f" {direction} {y}; check its hours, closures and recurring rules"
        )

    def add(self, s: int, d: int) -> int:
        """The earliest instant at which ``d`` (> 0) of open time has elapsed after ``s``."""
        w = self.window
        if w is None or not w.lo <= s < w.hi:
            w = self.reach(year_of(s), year_of(s))
        if w is not None:
            c = w.pos(s) + d
            empty = 0
            while w is not None and c > w.high:
                total = w.high
                w = self.reach(w.first, w.last + 1)
                if w is not None:
                    empty = empty + 1 if w.high == total else 0
                    if empty >= EMPTY_YEARS_LIMIT:
                        raise self._empty(w.last, "up to")
            if w is not None:
                return w.at(c)
        return self._add_years(s, d)

    def _add_years(self, s: int, d: int) -> int:
        """`add` over the per-year tables: any horizon, no window."""
        y, yr = self.table(s)
        target = yr.pos(s) + d
        empty = 0
        while target > yr.high:
            target -= yr.high
            y += 1
            yr = self.year(y)
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._empty(y, "up to")
        j = bisect_left(yr.cend, target)
        return yr.starts[j] + target - yr.cum[j]

    def subtract(self, e: int, d: int) -> int:
        """The latest instant from which ``d`` (> 0) of open time elapses up to ``e``."""
        w = self.window
        if w is None or not w.lo <= e < w.hi:
            w = self.reach(year_of(e), year_of(e))
        if w is not None:
            c = w.pos(e) - d
            empty = 0
            while w is not None and c < w.low:
                total = w.low
                w = self.reach(w.first - 1, w.last)
                if w is not None:
                    empty = empty + 1 if w.low == total else 0
                    if empty >= EMPTY_YEARS_LIMIT:
                        raise self._empty(w.first, "back to")
            if w is not None:
                j = bisect_right(w.cum, c) - 1
                return w.starts[j] + c - w.cum[j]
        return self._subtract_years(e, d)

    def _subtract_years(self, e: int, d: int) -> int:
        """`subtract` over the per-year tables."""
        y, yr = self.table(e)
        target = yr.pos(e) - d
        empty = 0
        while target < 0:
            y -= 1
            yr = self.year(y)
            target += yr.high
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._empty(y, "back to")
        j = bisect_right(yr.cum, target) - 1
        return yr.starts[j] + target - yr.cum[j]

    def elapsed(self, a: int, b: int) -> int:
        """Open time from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        w = self.window
        if w is None or not (w.lo <= a < w.hi and w.lo <= b < w.hi):
            lo, hi = (a, b) if a <= b else (b, a)
            w = self.reach(year_of(lo), year_of(hi))
            if w is None:
                return self._elapsed_years(a, b)
        starts = w.starts
        i = bisect_right(starts, a) - 1
        if i < 0:
            pa = w.low
        elif a >= w.ends[i]:
            pa = w.cend[i]
        else:
            pa = w.cum[i] + a - starts[i]
        i = bisect_right(starts, b) - 1
        if i < 0:
            return w.low - pa
        if b >= w.ends[i]:
            return w.cend[i] - pa
        return w.cum[i] + b - starts[i] - pa

    def _elapsed_years(self, a: int, b: int) -> int:
        """`elapsed` over the per-year tables."""
        if a > b:
            return -self._elapsed_years(b, a)
        ya, yr = self.table(a)
        if b < year_start(ya + 1):
            return yr.pos(b) - yr.pos(a)
        yb = year_of(b)
        first = self.year(ya)
        acc = first.high - first.pos(a)
        for y in range(ya + 1, yb):
            acc += self.year(y).high
        return acc + self.year(yb).pos(b)

    def next_open(self, t: int) -> int:
        w = self.window
        if w is not None and w.lo <= t < w.hi:
            starts = w.starts
            i = bisect_right(starts, t) - 1
            if i >= 0 and t < w.ends[i]:
                return t
            if i + 1 < len(starts):
                return starts[i + 1]
        y, yr = self.table(t)
        i = bisect_right(yr.starts, t) - 1
        if i >= 0 and t < yr.ends[i]:
            return t
        i += 1
        empty = 0
        while i >= len(yr.starts):
            y += 1
            yr = self.year(y)
            i = 0
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._empty(y, "up to")
        return yr.starts[i]

    def next_close(self, t: int) -> int:
        start = self.next_open(t)
        y = year_of(start)
        yr = self.year(y)
        i = bisect_right(yr.starts, start) - 1
        end = yr.ends[i]
        first = y
        # An open run that crosses a UTC new year is split in two tables; join it again.
        while end == year_start(y + 1):
            if y - first >= EMPTY_YEARS_LIMIT:
                raise CalendarError(
                    f"calendar {self.calendar.label} stays open without a break for more than"
                    f" {EMPTY_YEARS_LIMIT} years after {from_us(start, self.calendar.zone)}"
                    " (a 24x7 calendar never closes)"
                )
            y += 1
            yr = self.year(y)
            if not yr.starts or yr.starts[0] != end:
                break
            end = yr.ends[0]
        return end

    def spans(self, a: int, b: int) -> list[Span]:
        """The open intervals inside ``[a, b)``, joined across year tables."""
        out: list[Span] = []
        if a >= b:
            return out
        for y in range(year_of(a), year_of(b - 1) + 1):
            yr = self.year(y)
            i = max(bisect_right(yr.starts, a) - 1, 0)
            while i < len(yr.starts) and yr.starts[i] < b:
                s, e = max(yr.starts[i], a), min(yr.ends[i], b)
                if s < e:
                    if out and out[-1][1] == s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
                i += 1
        return out


# --------------------------------------------------------------------------- the calendar


def _check_choice(value: str, allowed: tuple[str, ...], field: str) -> None:
    if value not in allowed:
        raise CalendarError(
            f"{field} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}"
        )


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When a team is open: a time zone, weekly hours and their exceptions.

    Build one from Python (`BusinessCalendar.weekdays`, `BusinessCalendar.always`, or the
    fields below), from a configuration mapping (`BusinessCalendar.from_config`), or by
    combining calendars with ``|`` (union) and ``&`` (intersection).

    Exceptions apply in this order: weekly hours; minus public holidays and closed dates
    (the whole local day, including a night shift that starts on it); minus closures; plus
    extra openings, which win over everything else.

    Working-hour boundaries in a DST gap shift forward by the gap (``on_gap="shift"``) and in
    a DST fold take the earlier instant (``on_fold="earlier"``); ``"raise"`` makes either an
    error instead.

    >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
    >>> start = datetime.fromisoformat("2024-05-03T16:00+02:00")  # a Friday
    >>> berlin.add(start, timedelta(hours=2)).isoformat()
    '2024-05-06T10:00:00+02:00'
    """

    timezone: str
    hours: WorkingHours = field(default_factory=WorkingHours)
    holidays: HolidayRegion | None = None
    closed_dates: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    openings: tuple[Opening, ...] = ()
    on_gap: OnGap = "shift"
    on_fold: OnFold = "earlier"
    mode: CombineMode = "own"
    parts: tuple[BusinessCalendar, ...] = ()
    name: str | None = field(default=None, compare=False)
    _zone: tzinfo = field(init=False, repr=False, compare=False)
    _engine: _Engine = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        zone = zone_for(self.timezone)
        object.__setattr__(self, "timezone", getattr(zone, "key", str(self.timezone)))
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "openings", tuple(self.openings))
        object.__setattr__(self, "parts", tuple(self.parts))
        _check_choice(self.on_gap, get_args(OnGap), "on_gap")
        _check_choice(self.on_fold, get_args(OnFold), "on_fold")
        _check_choice(self.mode, get_args(CombineMode), "mode")
        if self.mode == "own":
            if self.parts:
                raise CalendarError("a calendar with its own hours takes no parts")
            if self.hours.is_empty:
                raise CalendarError(
                    f"calendar {self.label} has no opening hours on any weekday, so no deadline"
                    " could ever fall due; add hours such as {'mon-fri': ['09:00-17:00']}"
                    " or use '24x7'"
                )
        else:
            if not self.parts:
                raise CalendarError(f"a {self.mode} of calendars needs at least one calendar")
            if not self.hours.is_empty:
                raise CalendarError(
                    f"a {self.mode} of calendars takes its hours from its parts; drop 'hours'"
                )
        object.__setattr__(self, "_engine", _Engine(self))
        if self.mode == "intersection":
            self._check_probe()

    # ------------------------------------------------------------------ constructors

    @classmethod
    def weekdays(
        cls, start: str, end: str, *, tz: str, holidays: HolidayRegion | None = None
    ) -> BusinessCalendar:
        """Open Monday to Friday between `start` and `end` (wall clock in `tz`).

        >>> BusinessCalendar.weekdays("09:00", "17:00", tz="America/New_York").timezone
        'America/New_York'
        """
        return cls(tz, WorkingHours.weekdays(start, end), holidays=holidays)

    @classmethod
    def always(cls, tz: str = "UTC") -> BusinessCalendar:
        """Open around the clock (24x7); `tz` only sets the zone results come back in."""
        return cls(tz, WorkingHours.always())

    @classmethod
    def from_config(
        cls,
        spec: Mapping[str, Any] | str,
        *,
        name: str | None = None,
        known: Mapping[str, BusinessCalendar] | None = None,
        field: str = "calendar",
    ) -> BusinessCalendar:
        """A calendar from the ``calendars:`` shape of a policy file.

        ``spec`` is ``"24x7"`` or a mapping with ``timezone``, ``hours``, ``holidays``,
        ``dates_closed``, ``closures``, ``openings``, ``on_gap``, ``on_fold``; or
        ``{"union": [...]}`` / ``{"intersection": [...]}`` whose items are calendar names in
        ``known`` or nested specs. Errors name the path given in ``field``.

        >>> cal = BusinessCalendar.from_config({
        ...     "timezone": "Europe/Berlin",
        ...     "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
        ...     "holidays": {"country": "DE", "subdiv": "BE"},
        ...     "closures": [{"date": "2026-12-24", "from": "12:00"}],
        ... })
        >>> cal.is_open(datetime.fromisoformat("2026-12-24T12:30+01:00"))
        False
        """
        from ._calendar_config import calendar_from_config

        return calendar_from_config(spec, name=name, known=known or {}, field=field)

    # ------------------------------------------------------------------ algebra

    def __or__(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when either calendar is open (results in the left calendar's zone)."""
        return self.union(other)

    def __and__(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when both calendars are open (results in the left calendar's zone)."""
        return self.intersection(other)

    def union(self, *others: BusinessCalendar, tz: str | None = None) -> BusinessCalendar:
        """Open whenever any of the calendars is open (follow-the-sun teams)."""
        return BusinessCalendar(tz or self.timezone, mode="union", parts=(self, *others))

    def intersection(self, *others: BusinessCalendar, tz: str | None = None) -> BusinessCalendar:
        """Open only when all the calendars are open (provider hours ∩ customer hours)."""
        return BusinessCalendar(tz or self.timezone, mode="intersection", parts=(self, *others))

    # ------------------------------------------------------------------ business time

    @property
    def zone(self) -> tzinfo:
        """The calendar's time zone."""
        return self._zone

    @property
    def label(self) -> str:
        """A short name for messages."""
        return repr(self.name) if self.name else f"in {self.timezone}"

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: the earliest instant at which `duration` of open time has elapsed
        after `start`.

        A start outside opening hours begins counting at the next opening; a budget that runs
        out exactly at closing time is due at closing time; ``add(t, timedelta(0)) == t``.
        A negative duration counts backwards, as `subtract` does.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.add(datetime.fromisoformat("2024-05-03T08:00+02:00"), timedelta(hours=8))
        datetime.datetime(2024, 5, 3, 17, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
        """
        # The common case (a positive budget inside the engine's window) runs inline: this is
        # the hot path of every deadline.
        if type(start) is datetime:
            try:
                delta = start - EPOCH  # to_us, inline
                s = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            except TypeError:
                s = to_us(start, "start")  # raises the error that names the argument
        else:
            s = to_us(start, "start")
        engine = self._engine
        last = engine.last_duration  # one tuple: threads never see a mix
        if duration is last[0]:
            d = last[1]
        else:
            d = _duration_us(duration, "duration")
            engine.last_duration = (duration, d)
        if d > 0:
            w = engine.window
            if w is not None and w.lo <= s < w.hi:
                starts = w.starts
                i = bisect_right(starts, s) - 1
                closed = i < 0 or s >= w.ends[i]
                if closed:
                    # Every start in one closed period (a night, a weekend) counts from the
                    # same opening, so a budget gives them one deadline: remember it by the
                    # open time it falls at.
                    c = (w.low if i < 0 else w.cend[i]) + d
                    found = engine.shared.get(c)
                    if found is not None:
                        return found
                else:
                    c = w.cum[i] + s - starts[i] + d
                if c <= w.high:
                    j = bisect_left(w.cend, c)
                    due = starts[j] + c - w.cum[j]
                    seconds, micro = divmod(due, 1_000_000)
                    value = datetime.fromtimestamp(seconds, self._zone)
                    if micro:
                        value = value.replace(microsecond=micro)
                    if closed:
                        if len(engine.shared) >= 4096:
                            engine.shared.clear()
                        engine.shared[c] = value
                    return value
            return from_us(engine.add(s, d), self._zone)
        if d == 0:
            return start.astimezone(self._zone)
        return from_us(engine.subtract(s, -d), self._zone)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest start: the latest instant ``s <= end`` with
        ``elapsed(s, end) == duration``.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.subtract(datetime.fromisoformat("2024-05-06T10:00+02:00"),
        ...                 timedelta(hours=2)).isoformat()
        '2024-05-03T16:00:00+02:00'
        """
        e = to_us(end, "end")
        d = _duration_us(duration, "duration")
        if d > 0:
            return from_us(self._engine.subtract(e, d), self._zone)
        if d == 0:
            return end.astimezone(self._zone)
        return from_us(self._engine.add(e, -d), self._zone)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The open time between two instants; negative when `end` is before `start`.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.elapsed(datetime.fromisoformat("2024-05-03T16:00+02:00"),
        ...                datetime.fromisoformat("2024-05-06T10:00+02:00"))
        datetime.timedelta(seconds=7200)
        """
        a = to_us(start, "start")
        b = to_us(end, "end")
        return timedelta(microseconds=self._engine.elapsed(a, b))

    def is_open(self, at: datetime) -> bool:
        """Whether the calendar is open at an instant (intervals are half-open: a closing
        instant is closed)."""
        t = to_us(at, "at")
        return self._engine.next_open(t) == t

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, otherwise the next opening."""
        return from_us(self._engine.next_open(to_us(at, "at")), self._zone)

    def next_close(self, at: datetime) -> datetime:
        """The end of the open period containing `at`, or of the next one when closed."""
        return from_us(self._engine.next_close(to_us(at, "at")), self._zone)

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open periods between two instants, clipped to them, in the calendar's zone.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> [(a.strftime("%a %H:%M"), b.strftime("%H:%M")) for a, b in berlin.open_intervals(
        ...     datetime.fromisoformat("2024-05-03T12:00+02:00"),
        ...     datetime.fromisoformat("2024-05-07T00:00+02:00"))]
        [('Fri 12:00', '17:00'), ('Mon 09:00', '17:00')]
        """
        a = to_us(start, "start")
        b = to_us(end, "end")
        for s, e in self._engine.spans(a, b):
            yield from_us(s, self._zone), from_us(e, self._zone)

    # ------------------------------------------------------------------ business days

    def is_business_day(self, day: date) -> bool:
        """Whether a local date has open time that belongs to it."""
        return bool(self._day_spans(day))

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local time `days` business days later.

        A start outside opening hours first moves to the next opening. The result keeps the
        wall-clock time, clamped into the open span of the target day (its first opening to
        its last closing), so a shorter day does not push it into the next one.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.add_business_days(datetime.fromisoformat("2024-05-03T16:30+02:00"),
        ...                          1).isoformat()
        '2024-05-06T16:30:00+02:00'
        """
        if not isinstance(days, int) or days < 0:
            raise CalendarError(f"days must be a whole number >= 0, got {days!r}")
        return from_us(self._add_business_days_us(to_us(start, "start"), days), self._zone)

    def _add_business_days_us(self, start: int, days: int) -> int:
        engine = self._engine
        t = engine.next_open(start)
        if days == 0:
            return t
        # Starts outside hours share their next opening, so their answers repeat: remember
        # those (a start inside hours is rarely seen twice).
        key = (t, days) if t != start else None
        if key is not None:
            found = engine.day_steps.get(key)
            if found is not None:
                return found
        local = from_us(t, self._zone)
        day = local.date()
        seconds = local.hour * 3600 + local.minute * 60 + local.second
        if not self._owns(day, t):
            day -= _ONE_DAY  # a night shift that started the day before
            seconds += DAY_S
        target = self._step_days(day, days)
        at = resolve_wall(target, seconds, self._zone, self.on_gap, self.on_fold)
        at += local.microsecond
        spans = self._day_spans(target)
        found = min(max(at, spans[0][0]), spans[-1][1])
        if key is not None:
            if len(engine.day_steps) >= 4096:
                engine.day_steps.clear()
            engine.day_steps[key] = found
        return found

    def close_of_business_day(self, at: datetime, days: int = 0) -> datetime:
        """The closing time of the `days`-th business day after the one `at` falls in.

        ``days=0`` is the close of the current business day (or of the next one when `at` is
        past its close or on a closed day); ``days=1`` the close of the following one.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.close_of_business_day(datetime.fromisoformat("2024-05-03T18:00+02:00"),
        ...                              0).isoformat()
        '2024-05-06T17:00:00+02:00'
        """
        if not isinstance(days, int) or days < 0:
            raise CalendarError(f"days must be a whole number >= 0, got {days!r}")
        return from_us(self._close_of_business_day_us(to_us(at, "at"), days), self._zone)

    def _close_of_business_day_us(self, at: int, days: int) -> int:
        t = self._engine.next_open(at)
        day = self._day_of(t)
        return self._day_spans(self._step_days(day, days))[-1][1]

    def _day_of(self, t: int) -> date:
        """The business day an open instant belongs to (a night shift's start day)."""
        day = local_date(t, self._zone)
        return day if self._owns(day, t) else day - _ONE_DAY

    def _owns(self, day: date, t: int) -> bool:
        """Whether instant `t` lies in the open time that belongs to local date `day`."""
        return any(s <= t < e for s, e in self._day_spans(day))

    def _step_days(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (`day` itself when count is 0)."""
        if count <= 0:
            return day
        year = day.year
        days = self._business_days(year)
        pos = bisect_right(days, day)
        empty = 0
        while pos + count > len(days):
            count -= len(days) - pos
            year += 1
            days = self._business_days(year)
            pos = 0
            empty = empty + 1 if not days else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self._engine._empty(year, "up to")
        return days[pos + count - 1]

    def _business_days(self, year: int) -> list[date]:
        """The local dates of a year that have open time of their own (cached)."""
        cache = self._engine.business_days
        found = cache.get(year)
        if found is None:
            first = date(year, 1, 1)
            found = [
                day
                for day in (
                    first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)
                )
                if self._day_spans(day)
            ]
            cache[year] = found
        return found

    def _day_spans(self, day: date) -> list[Span]:
        """The open time that belongs to a local date (cached per engine)."""
        cache = self._engine.days
        found = cache.get(day)
        if found is None:
            found = self._compute_day_spans(day)
            cache[day] = found
        return found

    def _compute_day_spans(self, day: date) -> list[Span]:
        midnight = resolve_wall(day, 0, self._zone, "shift", "earlier")
        following = resolve_wall(day + timedelta(days=1), 0, self._zone, "shift", "earlier")
        if self.mode == "own":
            # A closed day owns none of its weekly hours, even where an opening of another
            # day keeps that time open.
            closed = day in self.closed_dates or (
                self.holidays is not None and day in self.holidays.dates(day.year)
            )
            own = [] if closed else self._wall_spans(day, self.hours.days[day.weekday()])
            for opening in self.openings:
                if opening.date == day:
                    own = union(own, self._wall_spans(day, opening.hours))
            window = (min([midnight, *(s for s, _ in own)]), max([following, *(e for _, e in own)]))
            return intersect(self._engine.spans(*window), own)
        return self._engine.spans(midnight, following)

    # ------------------------------------------------------------------ interval building

    def _wall_spans(self, day: date, spans: Sequence[tuple[int, int]]) -> list[Span]:
        return normalize(
            (
                resolve_wall(day, s, self._zone, self.on_gap, self.on_fold),
                resolve_wall(day, e, self._zone, self.on_gap, self.on_fold),
            )
            for s, e in spans
        )

    def _local_days(self, lo: int, hi: int) -> list[date]:
        first = local_date(lo, self._zone) - timedelta(days=2)
        last = local_date(hi, self._zone) + timedelta(days=1)
        return [first + timedelta(days=i) for i in range((last - first).days + 1)]

    def _spans(self, lo: int, hi: int) -> list[Span]:
        """All open intervals overlapping ``[lo, hi)`` (not clipped)."""
        days = self._local_days(lo, hi)
        closed: set[date] = set(self.closed_dates)
        if self.holidays is not None:
            for year in sorted({d.year for d in days}):
                closed |= self.holidays.dates(year)
        if self.mode == "own":
            base = normalize(
                span
                for day in days
                if day not in closed
                for span in self._wall_spans(day, self.hours.days[day.weekday()])
            )
        else:
            pieces = [part._engine.spans(lo - 2 * DAY_US, hi + 2 * DAY_US) for part in self.parts]
            base = pieces[0]
            for other in pieces[1:]:
                base = union(base, other) if self.mode == "union" else intersect(base, other)
            whole_days = [d for d in days if d in closed]
            base = subtract(base, self._wall_spans_each(whole_days, (0, DAY_S)))
        shut: list[Span] = []
        for closure in self.closures:
            for day in closure.dates_between(days[0], days[-1]):
                shut.extend(self._wall_spans(day, ((closure.start, closure.end),)))
        if shut:
            base = subtract(base, normalize(shut))
        extra = [
            span
            for opening in self.openings
            if days[0] <= opening.date <= days[-1]
            for span in self._wall_spans(opening.date, opening.hours)
        ]
        if extra:
            base = union(base, extra)
        return base

    def _wall_spans_each(self, days: Sequence[date], span: tuple[int, int]) -> list[Span]:
        return normalize(s for day in days for s in self._wall_spans(day, (span,)))

    def _check_probe(self) -> None:
        """Reject an intersection that is never open in a whole sample year (no holidays).

        Two sample weeks settle most calendars; the rest get the year, because parts in
        zones with different DST dates may overlap only in the weeks in which one zone has
        changed its clocks and the other has not.
        """
        for y, m in ((2025, 1), (2025, 7)):
            lo = to_us(datetime(y, m, 6, tzinfo=self._zone), "probe")
            if self._raw_spans(lo, lo + 7 * DAY_US):
                return
        lo = to_us(datetime(2025, 1, 1, tzinfo=self._zone), "probe")
        if not self._raw_spans(lo, lo + 366 * DAY_US):
            raise CalendarError(
                f"the intersection {self.label} is never open: its calendars' hours do not"
                " overlap in any week; check the hours and time zones of its parts"
            )

    def _raw_spans(self, lo: int, hi: int) -> list[Span]:
        if self.mode == "own":
            return clip(
                normalize(
                    s
                    for day in self._local_days(lo, hi)
                    for s in self._wall_spans(day, self.hours.days[day.weekday()])
                ),
                lo,
                hi,
            )
        pieces = [part._raw_spans(lo, hi) for part in self.parts]
        base = pieces[0]
        for other in pieces[1:]:
            base = union(base, other) if self.mode == "union" else intersect(base, other)
        return base

    # ------------------------------------------------------------------ description

    def holidays_between(self, first: date, last: date) -> dict[date, str]:
        """The public holidays (with names) and closed dates in ``[first, last]``."""
        out: dict[date, str] = {}
        if self.holidays is not None:
            for year in range(first.year, last.year + 1):
                for day, label in self.holidays.names(year).items():
                    if first <= day <= last:
                        out[day] = label
        for day in self.closed_dates:
            if first <= day <= last:
                out.setdefault(day, "closed")
        for part in self.parts:
            for day, label in part.holidays_between(first, last).items():
                out.setdefault(day, label)
        return dict(sorted(out.items()))


def _duration_us(value: timedelta, argument: str) -> int:
    if not isinstance(value, timedelta):
        raise TypeError(
            f"{argument} must be a datetime.timedelta, got {type(value).__name__} {value!r}"
        )
    return value // US
