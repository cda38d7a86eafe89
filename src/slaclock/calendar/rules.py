"""Recurring closures: RFC 5545 recurrence rules (python-dateutil's ``rrule``), checked once
when a closure is built, and answered for any stretch of dates with bounded work.

A closure's rule picks *dates*; the closure's ``from``/``to`` give the time of day. So a rule
here must recur daily or more rarely (no ``FREQ=HOURLY``, no ``BYHOUR``), every value of its
``BY`` parts must be in range, and its date filters must match at least one date. A rule whose
dates depend on where it starts (``INTERVAL``, ``COUNT``, ``UNTIL``, or a missing day) needs a
start. Each of these is refused when the closure is built, with a message that names the rule.

Work per query is bounded: a rule without ``COUNT`` is fast-forwarded to the dates asked
about (a whole number of its periods, so its dates do not change) instead of being walked
from its start; a rule with ``COUNT`` (at most `MAX_COUNT`) is expanded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule, rrulestr

from ..errors import CalendarError

__all__ = ["MAX_COUNT", "RULE_ORIGIN", "Rule", "compile_rrule"]

#: Where a rule without a start or DTSTART begins (its dates do not depend on it).
RULE_ORIGIN = date(1900, 1, 1)

#: The most occurrences a rule with ``COUNT`` may have (it is expanded once, whole).
MAX_COUNT = 10_000

_FREQS = {"DAILY": DAILY, "WEEKLY": WEEKLY, "MONTHLY": MONTHLY, "YEARLY": YEARLY}
_SUB_DAILY = {"HOURLY", "MINUTELY", "SECONDLY"}
_TIME_PARTS = {"BYHOUR", "BYMINUTE", "BYSECOND"}
_DAY_FILTERS = {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY", "BYEASTER"}
#: Allowed magnitudes of each numeric BY part (negative values count from the end).
_RANGES = {
    "BYMONTH": (1, 12, False),
    "BYMONTHDAY": (1, 31, True),
    "BYYEARDAY": (1, 366, True),
    "BYWEEKNO": (1, 53, True),
    "BYSETPOS": (1, 366, True),
}
_WEEKDAY = re.compile(r"^([+-]?\d{1,3})?(MO|TU|WE|TH|FR|SA|SU)$")
#: A year from which a 400-year Gregorian cycle still fits before dateutil's last year: a
#: filter that matches no date from here to 9999 matches no date ever.
_PROBE_YEAR = 9599


def _parts(text: str) -> dict[str, str]:
    """The ``KEY=VALUE`` parts of the RRULE line (upper case), for checking."""
    out: dict[str, str] = {}
    for line in text.upper().splitlines() or [""]:
        line = line.strip()
        if line.startswith("DTSTART") or not line:
            continue
        if line.startswith("RRULE:"):
            line = line[len("RRULE:") :]
        for item in line.split(";"):
            key, _, value = item.partition("=")
            if key:
                out[key.strip()] = value.strip()
    return out


def _refuse(text: str, why: str) -> CalendarError:
    return CalendarError(f"recurring closure {text!r}: {why}")


def _check_parts(text: str, parts: dict[str, str]) -> str:
    """Refuse what a closure rule cannot mean; returns the frequency."""
    freq = parts.get("FREQ", "")
    if freq in _SUB_DAILY:
        raise _refuse(
            text,
            f"FREQ={freq} repeats within a day, but a closure rule picks dates; use"
            " FREQ=DAILY (or coarser) with 'from'/'to' for the time of day",
        )
    used = sorted(_TIME_PARTS & set(parts))
    if used:
        raise _refuse(
            text,
            f"{used[0]} sets a time of day, but a closure rule picks dates; give the time"
            " with 'from'/'to' instead",
        )
    for key, (low, high, signed) in _RANGES.items():
        if key not in parts:
            continue
        for item in parts[key].split(","):
            try:
                value = int(item)
            except ValueError:
                raise _refuse(text, f"{key} must list whole numbers, got {item!r}") from None
            if not (low <= abs(value) <= high and (signed or value > 0)):
                shown = f"{-high}..-{low} or {low}..{high}" if signed else f"{low}..{high}"
                raise _refuse(text, f"{key}={item} can never match; use {shown}")
    limit = 5 if freq == "MONTHLY" or (freq == "YEARLY" and "BYMONTH" in parts) else 53
    for item in parts.get("BYDAY", "").split(",") if "BYDAY" in parts else ():
        found = _WEEKDAY.match(item)
        if found is None:
            raise _refuse(text, f"BYDAY={item} is not a weekday such as MO, 1SA or -1FR")
        if found.group(1):
            nth = int(found.group(1))
            if freq not in ("MONTHLY", "YEARLY"):
                raise _refuse(
                    text, f"BYDAY={item}: a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY"
                )
            if not 1 <= abs(nth) <= limit:
                raise _refuse(
                    text,
                    f"BYDAY={item} can never match; a {item[-2:]} is numbered 1..{limit}"
                    f" (or -{limit}..-1) within a {'month' if limit == 5 else 'year'}",
                )
    if "COUNT" in parts:
        try:
            count = int(parts["COUNT"])
        except ValueError:
            raise _refuse(text, f"COUNT must be a whole number, got {parts['COUNT']!r}") from None
        if not 1 <= count <= MAX_COUNT:
            raise _refuse(
                text,
                f"COUNT={count} is outside 1..{MAX_COUNT}; for a longer series give UNTIL"
                " or no end",
            )
    return freq


def _never_matches(parts: dict[str, str]) -> bool:
    """Whether the rule's date filters match no date at all (Feb 30, the 31st of April).

    The filters alone (without INTERVAL, COUNT, UNTIL or BYSETPOS) pick the same dates under
    every frequency once numbered weekdays count within a month, so they are tried as a
    yearly rule over one whole 400-year Gregorian cycle, after which dates repeat.
    """
    filters = {k: v for k, v in parts.items() if k in _DAY_FILTERS | {"BYMONTH", "WKST"}}
    if not filters.keys() & (_DAY_FILTERS | {"BYMONTH"}):
        return False
    if parts.get("FREQ") == "MONTHLY" and "BYMONTH" not in filters:
        filters["BYMONTH"] = ",".join(str(m) for m in range(1, 13))
    line = ";".join(["FREQ=YEARLY", *(f"{k}={v}" for k, v in sorted(filters.items()))])
    probe = rrulestr(line, dtstart=datetime(_PROBE_YEAR, 1, 1))  # noqa: DTZ001
    return next(iter(probe), None) is None


@dataclass(frozen=True, slots=True, eq=False)
class Rule:
    """A checked closure rule: its dates between any two dates, with bounded work."""

    text: str
    rule: rrule
    start: datetime
    freq: int
    interval: int
    counted: bool
    # The parts dateutil would otherwise take from the start, fixed so a moved start keeps
    # the rule's dates.
    fixed: dict[str, Any] = field(default_factory=dict)

    def dates(self, first: date, last: date) -> list[date]:
        """The dates in ``[first, last]`` on which the rule applies."""
        if last < first or last < self.start.date():
            return []
        if self.counted:
            return [d for d in _expanded(self) if first <= d <= last]
        rule = self.rule
        moved = self._moved(first)
        if moved is not None:
            rule = rule.replace(dtstart=moved, **self.fixed)
        lo = datetime(first.year, first.month, first.day)  # noqa: DTZ001 - rules run on wall dates
        hi = datetime(last.year, last.month, last.day, 23, 59, 59)  # noqa: DTZ001
        return sorted({d.date() for d in rule.between(lo, hi, inc=True)})

    def _moved(self, first: date) -> datetime | None:
        """A start a whole number of the rule's periods later, just before `first` (None
        when the rule's own start is close enough)."""
        start, n = self.start, self.interval
        if (first - start.date()).days < 400:
            return None
        if self.freq == YEARLY:
            k = (first.year - start.year - 1) // n * n
            return start.replace(year=start.year + k, month=1, day=1) if k > 0 else None
        if self.freq == MONTHLY:
            months = (first.year - start.year) * 12 + first.month - start.month - 1
            k = months // n * n
            if k <= 0:
                return None
            y, m = divmod(start.year * 12 + start.month - 1 + k, 12)
            return start.replace(year=y, month=m + 1, day=1)
        step = 7 * n if self.freq == WEEKLY else n
        k = ((first - start.date()).days - 7) // step * step
        return start + timedelta(days=k) if k > 0 else None


@lru_cache(maxsize=256)
def _expanded(rule: Rule) -> tuple[date, ...]:
    # COUNT bounds the occurrences and the filters match some date in every 400 years.
    return tuple(sorted({d.date() for d in rule.rule}))


@lru_cache(maxsize=256)
def compile_rrule(text: str, anchor: date | None) -> Rule:
    """Check a closure rule and prepare it (see the module's description)."""
    upper = text.upper()
    has_dtstart = "DTSTART" in upper
    parts = _parts(text)
    freq = _check_parts(text, parts)
    if not has_dtstart and anchor is None:
        # Without BYDAY, BYMONTHDAY or BYYEARDAY, dateutil takes the missing day (and for a
        # yearly rule the month) from the rule's start; an INTERVAL, COUNT or UNTIL counts
        # from it: refuse rather than guess it.
        interval = parts.get("INTERVAL", "1").lstrip("0") or "0"
        needs = (
            interval != "1"
            or "COUNT" in parts
            or "UNTIL" in parts
            or (freq in ("YEARLY", "MONTHLY", "WEEKLY") and not _DAY_FILTERS & set(parts))
        )
        if needs:
            raise _refuse(
                text,
                "its dates depend on the rule's start; add 'start: YYYY-MM-DD' (or a"
                " DTSTART) so nothing is guessed",
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
    except (ValueError, TypeError, IndexError) as exc:
        raise CalendarError(
            f"malformed recurrence rule {text!r}: {exc}; write an RFC 5545 RRULE such as"
            " 'FREQ=MONTHLY;BYDAY=1SA'"
        ) from exc
    if not isinstance(parsed, rrule):
        raise CalendarError(f"recurrence rule {text!r}: give one RRULE, not a set")
    dtstart = getattr(parsed, "_dtstart", None)
    if not isinstance(dtstart, datetime) or dtstart.tzinfo is not None:
        raise CalendarError(f"recurrence rule {text!r}: DTSTART must be a local wall time")
    if freq not in _FREQS:
        raise _refuse(text, "give FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    if _never_matches(parts):
        raise _refuse(
            text,
            "its date filters match no date in any year (such as BYMONTH=2;BYMONTHDAY=30),"
            " so it would close nothing; check the BY parts",
        )
    fixed: dict[str, Any] = {}
    if not _DAY_FILTERS & set(parts):
        if freq == "YEARLY":
            months = parts.get("BYMONTH")
            fixed = {
                "bymonth": [int(m) for m in months.split(",")] if months else dtstart.month,
                "bymonthday": dtstart.day,
            }
        elif freq == "MONTHLY":
            fixed = {"bymonthday": dtstart.day}
        elif freq == "WEEKLY":
            fixed = {"byweekday": dtstart.weekday()}
    return Rule(
        text,
        parsed,
        dtstart,
        _FREQS[freq],
        int(parts.get("INTERVAL", "1") or 1),
        "COUNT" in parts,
        fixed,
    )
