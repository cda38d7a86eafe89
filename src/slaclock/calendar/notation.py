"""The written forms of calendars: wall-clock times (``09:00``), intervals (``09:00-17:00``),
weekday keys (``mon-fri``) and dates (``2026-12-24``), read and written back."""

from __future__ import annotations

import re
from datetime import date, datetime

from ..errors import CalendarError

__all__ = [
    "DAY_S",
    "WEEKDAYS",
    "format_clock",
    "format_range",
    "parse_clock",
    "parse_date",
    "parse_days",
    "parse_time_range",
]

DAY_S = 86_400
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")


def parse_clock(text: str, *, field: str = "time", allow_24: bool = False) -> int:
    """Seconds after midnight of a wall-clock time written ``HH:MM`` or ``HH:MM:SS``.

    >>> parse_clock("09:30")
    34200
    >>> parse_clock("24:00", allow_24=True)
    86400
    """
    if isinstance(text, int) and not isinstance(text, bool):
        raise CalendarError.at(
            field,
            f"expected a time such as '09:00', got the number {text!r}; YAML reads an"
            " unquoted 12:00 as a number of minutes, so quote it: '12:00'",
        )
    if not isinstance(text, str):
        raise CalendarError.at(field, f"expected a time such as '09:00', got {text!r}")
    m = _CLOCK.match(text)
    if m is None:
        raise CalendarError.at(field, f"malformed time {text!r}; write HH:MM, e.g. '09:00'")
    hours, minutes, seconds = int(m[1]), int(m[2]), int(m[3] or 0)
    value = hours * 3600 + minutes * 60 + seconds
    if minutes > 59 or seconds > 59 or value > DAY_S or (value == DAY_S and not allow_24):
        limit = "00:00–24:00" if allow_24 else "00:00–23:59"
        raise CalendarError.at(field, f"time {text!r} is out of range {limit}")
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
        raise CalendarError.at(
            field, f"malformed interval {text!r}; write 'HH:MM-HH:MM', e.g. '09:00-17:00'"
        )
    left, right = text.split("-")
    if not _CLOCK.match(left) or not _CLOCK.match(right):
        raise CalendarError.at(
            field, f"malformed interval {text!r}; write 'HH:MM-HH:MM', e.g. '09:00-17:00'"
        )
    start = parse_clock(left, field=field)
    end = parse_clock(right, field=field, allow_24=True)
    if end == start:
        raise CalendarError.at(
            field, f"interval {text!r} is empty; for a whole day write '00:00-24:00'"
        )
    if end < start:
        if end == 0:
            return start, DAY_S
        return start, end + DAY_S
    return start, end


def format_clock(seconds: int) -> str:
    h, rest = divmod(seconds % DAY_S if seconds != DAY_S else seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h:02d}:{m:02d}" + (f":{s:02d}" if s else "")


def format_range(span: tuple[int, int]) -> str:
    start, end = span
    return f"{format_clock(start)}-{format_clock(end if end <= DAY_S else end - DAY_S)}"


def parse_days(key: str, field: str) -> list[int]:
    key = key.strip().lower()
    if key in ("daily", "every day", "mon-sun"):
        return list(range(7))
    if key == "weekdays":
        return list(range(5))
    if key == "weekends":
        return [5, 6]
    parts = key.split("-")
    if len(parts) == 1 and parts[0] in WEEKDAYS:
        return [WEEKDAYS.index(parts[0])]
    if len(parts) == 2 and parts[0] in WEEKDAYS and parts[1] in WEEKDAYS:
        first, last = WEEKDAYS.index(parts[0]), WEEKDAYS.index(parts[1])
        return [(first + i) % 7 for i in range((last - first) % 7 + 1)]
    raise CalendarError.at(
        field,
        f"unknown day {key!r}; use mon, tue, wed, thu, fri, sat, sun, a range such as"
        " 'mon-fri', or 'daily'",
    )


def parse_date(value: object, field: str) -> date:
    if isinstance(value, datetime):
        raise CalendarError.at(field, f"expected a date such as 2026-12-24, got a datetime {value}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CalendarError.at(field, f"expected a date written YYYY-MM-DD, got {value!r}")


# --------------------------------------------------------------------------- value objects
