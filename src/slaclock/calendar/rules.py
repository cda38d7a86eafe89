"""Recurring closures: RFC 5545 recurrence rules (python-dateutil's ``rrule``), compiled once
and refused where their dates would depend on a start nobody wrote down."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from dateutil.rrule import rrule, rrulestr

from ..errors import CalendarError

__all__ = ["RULE_ORIGIN", "compile_rrule", "rule_from"]

_ANCHOR_DEPENDENT = re.compile(r"INTERVAL=(?!1(;|$))|COUNT=", re.IGNORECASE)


#: Where a rule without a start or DTSTART begins (its dates do not depend on it).
RULE_ORIGIN = date(1900, 1, 1)


@lru_cache(maxsize=1024)
def rule_from(text: str, year: int) -> rrule:
    """A rule without a start, begun on 1 January of `year`. Its dates from then on are the
    ones it has when begun at `RULE_ORIGIN` (a rule whose dates depend on its start must
    have one), without stepping through every occurrence since then."""
    return compile_rrule(text, None).replace(dtstart=datetime(year, 1, 1))  # noqa: DTZ001


@lru_cache(maxsize=256)
def compile_rrule(text: str, anchor: date | None) -> rrule:
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
    start = anchor or RULE_ORIGIN
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
