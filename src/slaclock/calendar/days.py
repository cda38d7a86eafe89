"""Business days: which local dates have open time of their own, and stepping over them.

A night shift belongs to the date it starts on, so the open time of a date may run past its
midnight. Stepping keeps the wall-clock time and clamps it into the target day's open span.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, timedelta
from typing import TYPE_CHECKING

from .._kernel.instants import from_us, local_date, resolve_wall
from .._kernel.intervals import Span, intersect, union
from .compile import wall_spans
from .engine import EMPTY_YEARS_LIMIT
from .notation import DAY_S

if TYPE_CHECKING:
    from .model import BusinessCalendar

__all__ = [
    "add_business_days_us",
    "back_business_days_us",
    "business_days_between_us",
    "close_of_business_day_us",
    "day_spans",
]

_ONE_DAY = timedelta(days=1)
#: How a business-day step names the wall time it lands on when that time is in a DST gap
#: or fold (under ``on_gap``/``on_fold: raise``).
_STEP = "business-day step target"


def add_business_days_us(cal: BusinessCalendar, start: int, days: int) -> int:
    """The same local time `days` business days after `start` (UTC microseconds); a
    negative `days` counts back (see `back_business_days_us`)."""
    if days < 0:
        return back_business_days_us(cal, start, -days)
    engine = cal.engine
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
    zone = cal.zone
    local = from_us(t, zone)
    day = local.date()
    seconds = local.hour * 3600 + local.minute * 60 + local.second
    if not _owns(cal, day, t):
        day -= _ONE_DAY  # a night shift that started the day before
        seconds += DAY_S
    target = _step_days(cal, day, days)
    at = resolve_wall(target, seconds, zone, cal.on_gap, cal.on_fold, _STEP)
    at += local.microsecond
    spans = day_spans(cal, target)
    found = min(max(at, spans[0][0]), spans[-1][1])
    if key is not None:
        engine.day_steps.put(key, found)
    return found


def back_business_days_us(cal: BusinessCalendar, start: int, days: int) -> int:
    """The same local time `days` (> 0) business days before `start`: the mirror of
    stepping forward. A start outside opening hours first moves back to the last closing
    before it; the result keeps the wall-clock time, clamped into the target day's open
    span."""
    engine = cal.engine
    if engine.next_open(start) == start:
        t, day = start, _day_of(cal, start)
    else:
        t = engine.subtract(start, 1) + 1  # the end of the last open period before it
        day = _day_of(cal, t - 1)
    local = from_us(t, cal.zone)
    seconds = (local.date() - day).days * DAY_S
    seconds += local.hour * 3600 + local.minute * 60 + local.second
    target = _step_back(cal, day, days)
    at = resolve_wall(target, seconds, cal.zone, cal.on_gap, cal.on_fold, _STEP)
    at += local.microsecond
    spans = day_spans(cal, target)
    return min(max(at, spans[0][0]), spans[-1][1])


def close_of_business_day_us(cal: BusinessCalendar, at: int, days: int) -> int:
    """The closing instant of the `days`-th business day after the one `at` falls in
    (before it, for a negative `days`)."""
    t = cal.engine.next_open(at)
    day = _day_of(cal, t)
    target = _step_days(cal, day, days) if days >= 0 else _step_back(cal, day, -days)
    return day_spans(cal, target)[-1][1]


def business_days_between_us(cal: BusinessCalendar, start: int, end: int) -> int:
    """The whole business days from `start` to `end`: the largest ``n`` with
    ``add_business_days(start, n) <= end``; negative (the same count) when `end` is
    earlier."""
    if end < start:
        return -business_days_between_us(cal, end, start)
    engine = cal.engine
    t = engine.next_open(start)
    if end <= t:
        return 0
    first = _day_of(cal, t)
    last = (
        _day_of(cal, end) if engine.next_open(end) == end else _day_of(cal, engine.subtract(end, 1))
    )
    count = _count_days(cal, first, last)
    if count > 0 and add_business_days_us(cal, start, count) > end:
        count -= 1
    return count


def _count_days(cal: BusinessCalendar, first: date, last: date) -> int:
    """The business days in ``(first, last]``."""
    count = 0
    for year in range(first.year, last.year + 1):
        days = _business_days(cal, year)
        count += bisect_right(days, last) - bisect_right(days, first)
    return count


def _step_back(cal: BusinessCalendar, day: date, count: int) -> date:
    """The `count`-th business day before `day`."""
    year = day.year
    days = _business_days(cal, year)
    pos = bisect_left(days, day)
    empty = 0
    while pos < count:
        count -= pos
        year -= 1
        days = _business_days(cal, year)
        pos = len(days)
        empty = empty + 1 if not days else 0
        if empty >= EMPTY_YEARS_LIMIT:
            raise cal.engine.empty_error(year, "back to")
    return days[pos - count]


def _day_of(cal: BusinessCalendar, t: int) -> date:
    """The business day an open instant belongs to (a night shift's start day)."""
    day = local_date(t, cal.zone)
    return day if _owns(cal, day, t) else day - _ONE_DAY


def _owns(cal: BusinessCalendar, day: date, t: int) -> bool:
    """Whether instant `t` lies in the open time that belongs to local date `day`."""
    return any(s <= t < e for s, e in day_spans(cal, day))


def _step_days(cal: BusinessCalendar, day: date, count: int) -> date:
    """The `count`-th business day after `day` (`day` itself when count is 0)."""
    if count <= 0:
        return day
    year = day.year
    days = _business_days(cal, year)
    pos = bisect_right(days, day)
    empty = 0
    while pos + count > len(days):
        count -= len(days) - pos
        year += 1
        days = _business_days(cal, year)
        pos = 0
        empty = empty + 1 if not days else 0
        if empty >= EMPTY_YEARS_LIMIT:
            raise cal.engine.empty_error(year, "up to")
    return days[pos + count - 1]


def _business_days(cal: BusinessCalendar, year: int) -> list[date]:
    """The local dates of a year that have open time of their own (cached per engine)."""
    cache = cal.engine.business_days
    found = cache.get(year)
    if found is None:
        first = date(year, 1, 1)
        found = [
            day
            for day in (
                first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)
            )
            if day_spans(cal, day)
        ]
        cache[year] = found
    return found


def day_spans(cal: BusinessCalendar, day: date) -> list[Span]:
    """The open time that belongs to a local date (cached per engine)."""
    cache = cal.engine.days
    found = cache.get(day)
    if found is None:
        found = _compute_day_spans(cal, day)
        cache[day] = found
    return found


def _compute_day_spans(cal: BusinessCalendar, day: date) -> list[Span]:
    zone = cal.zone
    midnight = resolve_wall(day, 0, zone, "shift", "earlier")
    following = resolve_wall(day + timedelta(days=1), 0, zone, "shift", "earlier")
    if cal.mode == "own":
        # A closed day owns none of its weekly hours, even where an opening of another
        # day keeps that time open.
        closed = day in cal.closed_dates or (
            cal.holidays is not None and day in cal.holidays.dates(day.year)
        )
        own = [] if closed else wall_spans(cal, day, cal.hours.days[day.weekday()])
        for opening in cal.openings:
            if opening.date == day:
                own = union(own, wall_spans(cal, day, opening.hours))
        window = (min([midnight, *(s for s, _ in own)]), max([following, *(e for _, e in own)]))
        return intersect(cal.engine.spans(*window), own)
    return cal.engine.spans(midnight, following)
