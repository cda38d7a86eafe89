"""Why a calendar is closed: the named days (public holidays, closed dates) and the closures
that fall in a closed stretch, for ledgers and listings.

A named day of a part of a union counts only where the union is closed that day too: a
follow-the-sun union is not "closed for Thanksgiving" while its other team works.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from .._kernel.instants import local_date
from .compile import wall_spans
from .notation import format_range

if TYPE_CHECKING:
    from .model import BusinessCalendar

__all__ = ["closed_reason", "closures_between", "named_days"]


def named_days(cal: BusinessCalendar, first: date, last: date) -> dict[date, str]:
    """The public holidays (with names) and closed dates in ``[first, last]``, by date."""
    out: dict[date, str] = {}
    if cal.holidays is not None:
        for year in range(first.year, last.year + 1):
            for day, label in cal.holidays.names(year).items():
                if first <= day <= last:
                    out[day] = label
    for day in cal.closed_dates:
        if first <= day <= last:
            out.setdefault(day, "closed")
    for part in cal.parts:
        for day, label in named_days(part, first, last).items():
            if day not in out and (
                cal.mode == "intersection" or (cal.mode == "union" and not cal.is_business_day(day))
            ):
                out[day] = label
    return dict(sorted(out.items()))


def closures_between(cal: BusinessCalendar, a: int, b: int) -> list[str]:
    """The closures (of the calendar and its parts) whose span overlaps ``[a, b)`` (UTC
    microseconds), each as ``"2026-12-24 12:00-24:00 Christmas Eve"``."""
    first = local_date(a, cal.zone)
    last = local_date(b - 1, cal.zone) if b > a else first
    out: list[str] = []
    for closure in cal.closures:
        # A closure that runs past midnight reaches in from the day before.
        hits = [
            day
            for day, start, end in closure.spans_on(first - timedelta(days=1), last)
            if any(s < b and a < e for s, e in wall_spans(cal, day, ((start, end),)))
        ]
        if closure.until is not None:
            texts = [closure.describe()] if hits else []
        else:
            span = format_range((closure.start, closure.end))
            texts = [f"{day.isoformat()} {span}" for day in hits]
        out += [f"{text} {closure.reason}" if closure.reason else text for text in texts]
    for part in cal.parts:
        out.extend(item for item in closures_between(part, a, b) if item not in out)
    return out


def closed_reason(cal: BusinessCalendar, a: int, b: int) -> str:
    """Why the calendar is closed from ``a`` to ``b`` (UTC microseconds): its named days and
    closures in that stretch, or ``"outside working hours"`` when there are none."""
    first = local_date(a, cal.zone)
    last = local_date(b - 1, cal.zone)
    found: list[str] = []
    named = named_days(cal, first, last)
    if named:
        listed = ", ".join(f"{day.isoformat()} {name}" for day, name in named.items())
        found.append(f"holiday or closed date: {listed}")
    closures = closures_between(cal, a, b)
    if closures:
        found.append(f"closure: {', '.join(closures)}")
    if found:
        return f"calendar closed ({'; '.join(found)})"
    return "outside working hours"
