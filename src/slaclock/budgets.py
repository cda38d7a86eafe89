"""SLA budgets: how much business time (or how many business days) a target allows.

A budget is one of two things, never both:

* `BusinessTime`: an amount of open time, e.g. ``4h``, ``1h30m``, ``PT15M``, ``90 minutes``;
* `BusinessDays`: a whole number of business days with an explicit meaning of "a day".

Peers disagree on what "a day" is, so slaclock names the meanings (`DayMeaning`):

``same_time``  N business days later at the same local time (the default)
``close``      the close of the Nth business day after the start's (N may be 0: today's)
``24h``        24 hours of business time per day (3 days = 72 business hours)
``hours``      a fixed number of business hours per day (``hours_per_day``, e.g. 8h)

``2 business days`` takes the policy's meaning; ``2 business days at close`` /
``2 business days same time`` carry their own. A bare ``2d`` (or ISO ``P2D``) is ambiguous and
accepted only where the policy states what a day means.

Budgets are bounded: at most `MAX_BUSINESS_DAYS` business days, or `MAX_BUSINESS_TIME` of
business time (as many 24-hour days). A larger one is a `DurationError` naming the budget and
the limit, found when the policy loads rather than when a deadline would take minutes to find.

>>> parse_duration("1h30m")
BusinessTime(time=datetime.timedelta(seconds=5400))
>>> parse_duration("2 business days at close")
BusinessDays(days=2, meaning='close')
>>> format_duration(parse_duration("PT90M"))
'1h30m'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Literal, TypeAlias, get_args

from .errors import DurationError

__all__ = [
    "MAX_BUSINESS_DAYS",
    "MAX_BUSINESS_TIME",
    "Budget",
    "BusinessDays",
    "BusinessTime",
    "DayMeaning",
    "DurationError",
    "InlineDayMeaning",
    "format_duration",
    "parse_duration",
    "parse_wait",
]

DayMeaning: TypeAlias = Literal["same_time", "close", "24h", "hours"]
InlineDayMeaning: TypeAlias = Literal["same_time", "close"]

#: The most business days a budget may count (about ten years of working days).
MAX_BUSINESS_DAYS = 2_500
#: The most business time a budget may hold: `MAX_BUSINESS_DAYS` days of 24 hours.
MAX_BUSINESS_TIME = timedelta(hours=24 * MAX_BUSINESS_DAYS)
_MAX_DIGITS = 12  # a number longer than this is over every limit; never convert it

_UNITS = {
    "s": 1,
    "sec": 1,
    "secs": 1,
    "second": 1,
    "seconds": 1,
    "m": 60,
    "min": 60,
    "mins": 60,
    "minute": 60,
    "minutes": 60,
    "h": 3600,
    "hr": 3600,
    "hrs": 3600,
    "hour": 3600,
    "hours": 3600,
    "business hour": 3600,
    "business hours": 3600,
    "business minute": 60,
    "business minutes": 60,
    "w": 0,  # weeks: refused below with a hint
    "week": 0,
    "weeks": 0,
}
_TIME_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(business\s+hours?|business\s+minutes?|seconds?|secs?|s|minutes?|mins?|m"
    r"|hours?|hrs?|hr|h|weeks?|w)(?![a-z])",
    re.IGNORECASE,
)
_DAYS = re.compile(
    r"^\s*(\d+)\s*(business\s+days?|working\s+days?|bd|days?|d)"
    r"(?:\s+(at\s+close|same\s+time))?\s*$",
    re.IGNORECASE,
)
_DAY_PART = re.compile(r"\d\s*(?:(?:business|working)\s+)?(?:d|days?)(?![a-z])", re.IGNORECASE)
_ISO = re.compile(
    r"^P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class BusinessTime:
    """An amount of open time."""

    time: timedelta

    def __post_init__(self) -> None:
        if self.time <= timedelta(0):
            raise DurationError(f"duration must be positive, got {format_timedelta(self.time)}")
        if self.time > MAX_BUSINESS_TIME:
            raise DurationError(_too_long(format_timedelta(self.time)))
        if self.time.microseconds:
            raise DurationError(
                f"duration must be a whole number of seconds, got {self.time!r}; budgets are"
                " written and stored to the second"
            )


@dataclass(frozen=True, slots=True)
class BusinessDays:
    """A whole number of business days; ``meaning`` None takes the policy's meaning."""

    days: int
    meaning: InlineDayMeaning | None = None

    def __post_init__(self) -> None:
        if self.days < 0 or (self.days == 0 and self.meaning != "close"):
            raise DurationError(
                f"duration must be positive, got {self.days} business days; for the close of"
                " the current business day write '0 business days at close'"
            )
        if self.days > MAX_BUSINESS_DAYS:
            raise DurationError(_too_long(f"{self.days} business days"))
        if self.meaning is not None and self.meaning not in get_args(InlineDayMeaning):
            raise DurationError(f"unknown meaning of a day {self.meaning!r}")


Budget: TypeAlias = BusinessTime | BusinessDays


def _too_long(budget: str) -> str:
    return (
        f"budget {_short(budget)} is longer than slaclock allows: at most"
        f" {MAX_BUSINESS_DAYS:,} business days or {format_timedelta(MAX_BUSINESS_TIME)} of"
        " business time"
    )


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:30] + "…") + f" ({len(text)} characters)"


def _days(digits: str, text: str) -> int:
    """A count of days from a budget's digits, refused (unread, when it is long) over the
    limit."""
    if len(digits.lstrip("0")) > _MAX_DIGITS or int(digits) > MAX_BUSINESS_DAYS:
        raise DurationError(_too_long(text))
    return int(digits)


def _decimal(digits: str | None, text: str) -> Decimal:
    if digits is None:
        return Decimal(0)
    whole = digits.split(".")[0]
    if len(whole.lstrip("0")) > _MAX_DIGITS:
        raise DurationError(_too_long(text))
    return Decimal(digits)


def _hint(text: str) -> str:
    return (
        f"malformed duration {text!r}; write e.g. '15m', '4h', '1h30m', 'PT4H' or '2 business days'"
    )


def parse_duration(
    text: str | timedelta, *, bare_days: DayMeaning | None = None
) -> BusinessTime | BusinessDays:
    """Read a budget. ``bare_days`` is the policy's meaning of an unqualified day (``2d``,
    ``P2D``); without it such a unit is an error.

    >>> parse_duration("15m").time
    datetime.timedelta(seconds=900)
    >>> parse_duration("3d", bare_days="24h")
    BusinessDays(days=3, meaning=None)
    """
    if isinstance(text, timedelta):
        return BusinessTime(text)
    if not isinstance(text, str):
        raise DurationError(
            f"expected a duration as text such as '4h' or 'PT4H', got {type(text).__name__}"
            f" {text!r}; a bare number has no unit"
        )
    raw = text.strip()
    if not raw:
        raise DurationError(_hint(text))
    if raw.startswith("-"):
        raise DurationError(f"duration must be positive, got {text!r}; write e.g. '15m' or '4h'")
    if raw[:1] in "Pp" and _ISO.match(raw):
        return _parse_iso(raw, text, bare_days)
    days = _DAYS.match(raw)
    if days:
        count, unit, qualifier = _days(days[1], text), days[2].lower(), days[3]
        meaning: InlineDayMeaning | None = None
        if qualifier:
            meaning = "close" if qualifier.lower().startswith("at") else "same_time"
        explicit = unit.startswith(("business", "working")) or unit == "bd"
        if not explicit and bare_days is None and meaning is None:
            raise DurationError(
                f"ambiguous unit in {text!r}: a bare day could mean 24 business hours, the same"
                f" time N business days later, or the close of day N; write"
                f" '{count} business days' (meaning set by the policy's day_means),"
                f" '{count * 24}h', or set day_means in the policy"
            )
        if count <= 0 and meaning != "close":
            raise DurationError(
                f"duration must be positive, got {text!r}; write e.g. '1 business day', or"
                " '0 business days at close' for the close of the current business day"
            )
        return BusinessDays(count, meaning)
    amount = _parse_time(raw, text)
    if amount <= timedelta(0):
        raise DurationError(f"duration must be positive, got {text!r}; write e.g. '15m' or '4h'")
    return BusinessTime(amount)


def parse_wait(text: str | timedelta) -> timedelta:
    """Read a target's wait (``after:``): business time as a budget is written, zero allowed
    (``0m``: no time, only the first open instant), in whole seconds.

    >>> parse_wait("0m"), parse_wait("15m")
    (datetime.timedelta(0), datetime.timedelta(seconds=900))
    """
    if isinstance(text, timedelta):
        amount = text
    elif isinstance(text, str) and not text.strip().startswith(("-", "P", "p")):
        raw = text.strip()
        if _DAYS.match(raw):
            raise DurationError(
                f"a wait is business time, not days, got {text!r}; write it in hours (e.g."
                " '8h') or minutes (e.g. '0m': the first open instant)"
            )
        amount = _parse_time(raw, text) if raw else timedelta(-1)
    else:
        budget = parse_duration(text)
        if not isinstance(budget, BusinessTime):
            raise DurationError(f"a wait is business time, not days, got {text!r}")
        amount = budget.time
    if amount < timedelta(0) or amount % timedelta(seconds=1):
        raise DurationError(
            f"a wait must be zero or a positive whole number of seconds, got {text!r}; write"
            " e.g. '0m' (the first open instant) or '15m'"
        )
    return amount


def _malformed(raw: str, text: str) -> DurationError:
    if _TIME_PART.search(raw) and _DAY_PART.search(raw):
        return DurationError(
            f"{text!r} mixes days with hours; a budget is business time or business"
            " days, never both: write it in hours (e.g. '28h') or whole business days"
        )
    return DurationError(_hint(text))


def _parse_time(raw: str, text: str) -> timedelta:
    pos = 0
    seconds = Decimal(0)
    seen = False
    for match in _TIME_PART.finditer(raw):
        gap = raw[pos : match.start()]
        if gap.strip(" ,") and gap.strip(" ,").lower() != "and":
            raise _malformed(raw, text)
        unit = re.sub(r"\s+", " ", match[2].lower())
        if _UNITS[unit] == 0:
            raise DurationError(
                f"weeks are ambiguous in {text!r}; write the business time (e.g. '40h') or"
                " business days (e.g. '5 business days')"
            )
        try:
            seconds += _decimal(match[1], text) * _UNITS[unit]
        except InvalidOperation as exc:  # pragma: no cover - the pattern admits digits only
            raise DurationError(_hint(text)) from exc
        pos = match.end()
        seen = True
    if not seen or raw[pos:].strip():
        raise _malformed(raw, text)
    if seconds != seconds.to_integral_value():
        raise DurationError(
            f"duration {text!r} is not a whole number of seconds; write e.g. '90s' or '1m30s'"
        )
    if seconds > MAX_BUSINESS_TIME.total_seconds():
        raise DurationError(_too_long(text))
    return timedelta(seconds=int(seconds))


def _parse_iso(raw: str, text: str, bare_days: DayMeaning | None) -> BusinessTime | BusinessDays:
    m = _ISO.match(raw)
    if m is None or not any(m.group(k) for k in "wdhms"):
        raise DurationError(_hint(text))
    if m["w"]:
        raise DurationError(
            f"weeks are ambiguous in {text!r}; write the business time (e.g. 'PT40H') or"
            " business days (e.g. '5 business days')"
        )
    has_time = any(m.group(k) for k in "hms")
    if m["d"]:
        if has_time:
            raise DurationError(
                f"{text!r} mixes days with hours; a budget is business time or business"
                " days, never both: write it in hours (e.g. 'PT28H') or whole business days"
            )
        days = _days(m["d"], text)
        if bare_days is None:
            raise DurationError(
                f"ambiguous unit in {text!r}: an ISO day could mean 24 business hours, the"
                f" same time N business days later, or the close of day N; write"
                f" '{days} business days', 'PT{days * 24}H', or set day_means in the policy"
            )
        return BusinessDays(days)
    seconds = _decimal(m["h"], text) * 3600 + _decimal(m["m"], text) * 60 + _decimal(m["s"], text)
    if seconds != seconds.to_integral_value():
        raise DurationError(
            f"duration {text!r} is not a whole number of seconds; write e.g. 'PT90S' or 'PT1M30S'"
        )
    if seconds <= 0:
        raise DurationError(f"duration must be positive, got {text!r}; write e.g. 'PT4H'")
    if seconds > MAX_BUSINESS_TIME.total_seconds():
        raise DurationError(_too_long(text))
    return BusinessTime(timedelta(seconds=int(seconds)))


def format_timedelta(value: timedelta) -> str:
    """A timedelta in the short form slaclock reads back (``1h30m``, ``45s``).

    >>> format_timedelta(timedelta(hours=26, seconds=5))
    '26h5s'
    """
    total = int(value.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{h}h" if h else "", f"{m}m" if m else "", f"{s}s" if s else ""]
    return sign + ("".join(parts) or "0s")


def format_duration(budget: BusinessTime | BusinessDays) -> str:
    """The canonical text of a budget; `parse_duration` reads it back to an equal value.

    >>> format_duration(BusinessDays(3, "close"))
    '3 business days at close'
    """
    if isinstance(budget, BusinessTime):
        return format_timedelta(budget.time)
    unit = "business day" if budget.days == 1 else "business days"
    suffix = {None: "", "close": " at close", "same_time": " same time"}.get(budget.meaning)
    if suffix is None:
        # '24h' and 'hours' meanings are policy-level conversions, not inline qualifiers.
        raise DurationError(
            f"a budget with day meaning {budget.meaning!r} is written as business time"
        )
    return f"{budget.days} {unit}{suffix}"
