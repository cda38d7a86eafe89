"""Compiling a calendar into open intervals: its rules, for a stretch of UTC time, as sorted
half-open spans of integer microseconds.

Two kinds of calendar compile differently: one with its own weekly hours (``own``), and a
combination of others (``union``, ``intersection``). Each kind has its function, chosen by
table; exceptions (closed dates, closures, openings) then apply to either in the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from .._kernel.instants import DAY_US, date_exists, local_date, resolve_wall, to_us
from .._kernel.intervals import Span, clip, intersect, normalize, subtract, union
from ..errors import CalendarError
from .notation import DAY_S

if TYPE_CHECKING:
    from .model import BusinessCalendar

__all__ = ["check_complement", "check_probe", "local_days", "spans", "wall_spans"]


def wall_spans(cal: BusinessCalendar, day: date, hours: Sequence[tuple[int, int]]) -> list[Span]:
    """Wall-clock intervals of a local date (seconds after midnight) as instants.

    A date the zone skips altogether has no wall time, so its intervals are lost; shifting
    them forward by the gap (a whole day) would move them onto the next date.
    """
    zone, on_gap, on_fold = cal.zone, cal.on_gap, cal.on_fold
    if not date_exists(day, zone):
        return []
    return normalize(
        (
            resolve_wall(day, s, zone, on_gap, on_fold),
            resolve_wall(day, e, zone, on_gap, on_fold),
        )
        for s, e in hours
    )


def local_days(cal: BusinessCalendar, lo: int, hi: int) -> list[date]:
    """The local dates whose hours may reach into ``[lo, hi)`` (with a margin for night
    shifts and zone offsets)."""
    first = local_date(lo, cal.zone) - timedelta(days=2)
    last = local_date(hi, cal.zone) + timedelta(days=1)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _own(
    cal: BusinessCalendar, lo: int, hi: int, days: list[date], closed: set[date]
) -> list[Span]:
    return normalize(
        span
        for day in days
        if day not in closed
        for span in wall_spans(cal, day, cal.hours.days[day.weekday()])
    )


def _combined(
    cal: BusinessCalendar, lo: int, hi: int, days: list[date], closed: set[date]
) -> list[Span]:
    wide = (lo - 2 * DAY_US, hi + 2 * DAY_US)
    pieces = [part.engine.spans(*wide) for part in cal.parts]
    base = _combine(cal.mode, pieces, *wide)
    whole_days = [d for d in days if d in closed]
    return subtract(
        base, normalize(s for day in whole_days for s in wall_spans(cal, day, ((0, DAY_S),)))
    )


_BASE: dict[str, Callable[[BusinessCalendar, int, int, list[date], set[date]], list[Span]]] = {
    "own": _own,
    "union": _combined,
    "intersection": _combined,
    "complement": _combined,
}


def _combine(mode: str, pieces: list[list[Span]], lo: int, hi: int) -> list[Span]:
    """The parts' open time combined, exact inside ``[lo, hi)`` (the parts' spans reach it)."""
    if mode == "complement":
        return subtract([(lo, hi)], pieces[0])
    base = pieces[0]
    for other in pieces[1:]:
        base = union(base, other) if mode == "union" else intersect(base, other)
    return base


def spans(cal: BusinessCalendar, lo: int, hi: int) -> list[Span]:
    """All open intervals overlapping ``[lo, hi)`` (not clipped)."""
    days = local_days(cal, lo, hi)
    closed: set[date] = set(cal.closed_dates)
    if cal.holidays is not None:
        for year in sorted({d.year for d in days}):
            closed |= cal.holidays.dates(year)
    base = _BASE[cal.mode](cal, lo, hi, days, closed)
    shut: list[Span] = []
    for closure in cal.closures:
        for day, start, end in closure.spans_on(days[0], days[-1]):
            shut.extend(wall_spans(cal, day, ((start, end),)))
    if shut:
        base = subtract(base, normalize(shut))
    extra = [
        span
        for opening in cal.openings
        if days[0] <= opening.date <= days[-1]
        for span in wall_spans(cal, opening.date, opening.hours)
    ]
    if extra:
        base = union(base, extra)
    return base


def _raw_spans(cal: BusinessCalendar, lo: int, hi: int) -> list[Span]:
    """Weekly hours only (no holidays or exceptions), clipped to ``[lo, hi)``."""
    if cal.mode == "own":
        return clip(
            normalize(
                s
                for day in local_days(cal, lo, hi)
                for s in wall_spans(cal, day, cal.hours.days[day.weekday()])
            ),
            lo,
            hi,
        )
    return _combine(cal.mode, [_raw_spans(part, lo, hi) for part in cal.parts], lo, hi)


def check_complement(cal: BusinessCalendar) -> None:
    """Reject a complement that is never open in a whole sample year (of a 24x7 calendar):
    its part's exceptions count, since a holiday of a 24x7 calendar is open time of its
    complement."""
    lo = to_us(datetime(2025, 1, 1, tzinfo=cal.zone), "probe")
    if not spans(cal, lo, lo + 366 * DAY_US):
        raise CalendarError(
            f"the complement {cal.label} is never open: its calendar is open around the clock"
        )


def check_probe(cal: BusinessCalendar) -> None:
    """Reject an intersection that is never open in a whole sample year (no holidays).

    Two sample weeks settle most calendars; the rest get the year, because parts in zones
    with different DST dates may overlap only in the weeks in which one zone has changed its
    clocks and the other has not.
    """
    for y, m in ((2025, 1), (2025, 7)):
        lo = to_us(datetime(y, m, 6, tzinfo=cal.zone), "probe")
        if _raw_spans(cal, lo, lo + 7 * DAY_US):
            return
    lo = to_us(datetime(2025, 1, 1, tzinfo=cal.zone), "probe")
    if not _raw_spans(cal, lo, lo + 366 * DAY_US):
        raise CalendarError(
            f"the intersection {cal.label} is never open: its calendars' hours do not"
            " overlap in any week; check the hours and time zones of its parts"
        )
