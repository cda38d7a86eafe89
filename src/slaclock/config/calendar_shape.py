"""The shape of one ``calendars:`` entry, as pydantic models, for the JSON Schema.

A calendar is read by `slaclock.calendar` itself (`BusinessCalendar.from_config`), whose
messages name the day, the interval and the way out; these models describe the same keys to
editors and are never used to load a file, so loading is the same with or without them. A
test keeps their keys equal to the keys the calendar reader allows.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import ConfigDict, Field, WithJsonSchema

from .._typing import OnFold, OnGap
from .spec_base import _Spec

__all__ = [
    "ALWAYS_PATTERN",
    "ALWAYS_SCHEMA",
    "CLOCK_RANGE_PATTERN",
    "DAYS_PATTERN",
    "CalendarSpec",
    "ClosureSpec",
    "HolidaysSpec",
    "OpeningSpec",
    "case_free",
]


def case_free(pattern: str) -> str:
    """`pattern` with each ASCII letter outside a character class matching either case.

    JSON Schema patterns are ECMA-262 regular expressions, which have no inline ``(?i)``.

    >>> case_free("mon|24x7")
    '[mM][oO][nN]|24[xX]7'
    """
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped or in_class or not char.isascii() or not char.isalpha():
            in_class = (in_class or char == "[") and not (char == "]" and not escaped)
            out.append(char)
        else:
            out.append(f"[{char.lower()}{char.upper()}]")
        escaped = char == "\\" and not escaped
    return "".join(out)


_CLOCK = r"([01]?[0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9])?"
#: A wall-clock interval as ``calendars.*.hours`` takes it: ``"09:00-17:00"``, ``"22:00-06:00"``.
CLOCK_RANGE_PATTERN = rf"^\s*{_CLOCK}\s*-\s*{_CLOCK}\s*$"
_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
#: A key of ``hours``: a weekday, a range of them, or a name for several.
DAYS_PATTERN = case_free(rf"^\s*({_DAY}(-{_DAY})?|daily|every day|weekdays|weekends)\s*$")
#: A calendar open around the clock.
ALWAYS_PATTERN = case_free(r"^\s*(24x7|24/7|always)\s*$")
_CLOCK_TIME = rf"^\s*{_CLOCK}\s*$"
_WALL = r"^\s*[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?\s*$"

_RANGE = {
    "type": "string",
    "pattern": CLOCK_RANGE_PATTERN,
    "description": "HH:MM-HH:MM; an end at or before the start crosses midnight",
    "examples": ["09:00-17:00", "22:00-06:00"],
}
_RANGES = {"anyOf": [_RANGE, {"type": "array", "items": _RANGE}]}
ClockRanges = Annotated[str | list[str], WithJsonSchema(_RANGES)]
#: The schema of a calendar open around the clock, written as a word.
ALWAYS_SCHEMA = {
    "type": "string",
    "pattern": ALWAYS_PATTERN,
    "description": "open around the clock",
    "examples": ["24x7"],
}
Always = Annotated[str, WithJsonSchema(ALWAYS_SCHEMA)]
WeeklyHours = Annotated[
    dict[str, str | list[str]],
    WithJsonSchema(
        {
            "type": "object",
            "propertyNames": {"pattern": DAYS_PATTERN},
            "additionalProperties": _RANGES,
        }
    ),
]
WallPoint = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": f"{_CLOCK_TIME}|{_WALL}",
            "description": "a wall-clock time (12:00) for a day's closure; a date or a wall"
            " date and time (2026-12-24T12:00) for a range",
            "examples": ["12:00", "2026-12-24", "2026-12-24T12:00"],
        }
    ),
]


class HolidaysSpec(_Spec):
    """Public holidays from the ``holidays`` package."""

    country: str = Field(description="ISO 3166 country code", examples=["DE", "US"])
    subdiv: str | None = Field(
        default=None, description="state, province or region code", examples=["BE", "NY"]
    )
    categories: str | list[str] | None = Field(
        default=None,
        description="holiday categories of the holidays package (default: public)",
        examples=[["public", "bank"]],
    )
    language: str | None = Field(
        default=None, description="language of holiday names in explanations", examples=["en_US"]
    )


class ClosureSpec(_Spec):
    """A closure: one day (``date``), a recurring one (``rrule``), or a range of dates or
    wall times (``from`` and ``to`` alone)."""

    date_: date | None = Field(
        default=None,
        alias="date",
        description="the day closed (all of it, or from..to of it)",
        examples=["2026-12-24"],
    )
    rrule: str | None = Field(
        default=None,
        description="an RFC 5545 recurrence rule for closures that repeat",
        examples=["FREQ=MONTHLY;BYDAY=1SA"],
    )
    from_: WallPoint | None = Field(
        default=None,
        alias="from",
        description="start: a time of the day (default 00:00), or a date or wall time of a range",
        examples=["12:00", "2026-12-24"],
    )
    to: WallPoint | None = Field(
        default=None,
        description="end: a time of the day (default 24:00), or a date or wall time of a range",
        examples=["17:30", "2027-01-01"],
    )
    start: date | None = Field(
        default=None, description="first day an rrule counts from", examples=["2026-01-01"]
    )
    reason: str | None = Field(
        default=None, description="shown in ledgers and explanations", examples=["all-hands"]
    )


class OpeningSpec(_Spec):
    """An extra opening: hours on a date that is otherwise closed (or other hours)."""

    date_: date = Field(alias="date", description="the day", examples=["2026-12-27"])
    hours: ClockRanges = Field(description="the day's open intervals", examples=[["09:00-13:00"]])


Reference = Annotated[str, Field(description="the name of another calendar of the file, or 24x7")]


class CalendarSpec(_Spec):
    """A business calendar: a zone and weekly hours, with holidays, closures and openings;
    or a union, intersection or complement of other calendars."""

    model_config = ConfigDict(
        **_Spec.model_config,
        title="Calendar",
        json_schema_extra={
            "anyOf": [
                {"required": ["timezone", "hours"]},
                {"required": ["union"]},
                {"required": ["intersection"]},
                {"required": ["not"]},
            ]
        },
    )

    timezone: str | None = Field(
        default=None,
        description="IANA time zone the hours are read in (required unless combining calendars)",
        examples=["Europe/Berlin", "America/New_York"],
    )
    hours: WeeklyHours | Always | None = Field(
        default=None,
        description="open intervals per weekday (required unless combining calendars)",
        examples=[{"mon-fri": ["09:00-12:30", "13:30-17:30"], "sat": "10:00-14:00"}, "24x7"],
    )
    holidays: str | HolidaysSpec | None = Field(
        default=None,
        description="public holidays that close the calendar: a country code or a region",
        examples=[{"country": "DE", "subdiv": "BE"}, "FR"],
    )
    dates_closed: list[date] | None = Field(
        default=None, description="whole days closed", examples=[["2026-12-31"]]
    )
    closures: list[ClosureSpec] | None = Field(
        default=None,
        description="partial-day, recurring or multi-day closures",
        examples=[[{"date": "2026-12-24", "from": "12:00"}]],
    )
    openings: list[OpeningSpec] | None = Field(
        default=None,
        description="extra opening days (a Sunday before a launch)",
        examples=[[{"date": "2026-12-27", "hours": ["09:00-13:00"]}]],
    )
    on_gap: OnGap | None = Field(
        default=None,
        description="an opening hour skipped by a DST change: shift forward (default) or raise",
        examples=["shift"],
    )
    on_fold: OnFold | None = Field(
        default=None,
        description="an opening hour repeated by a DST change: the earlier instant (default),"
        " the later, or raise",
        examples=["earlier"],
    )
    union: list[Reference | CalendarSpec] | None = Field(
        default=None,
        description="open when any of these calendars is open (follow the sun)",
        examples=[["berlin-office", "new-york-night-desk"]],
    )
    intersection: list[Reference | CalendarSpec] | None = Field(
        default=None,
        description="open only when all of these calendars are open",
        examples=[["provider-hours", "customer-hours"]],
    )
    not_: Reference | CalendarSpec | None = Field(
        default=None,
        alias="not",
        description="open exactly when this calendar is closed",
        examples=["berlin-office"],
    )
