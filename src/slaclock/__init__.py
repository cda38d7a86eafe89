"""slaclock: the SLA clock for ticketing systems.

For any ticket at any instant: which service-level targets apply, when each is due, how much
business time is left, whether it is paused, met or breached, and why.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .calendar import BusinessCalendar, Closure, HolidayRegion, Opening, WorkingHours
from .clock import (
    CycleStatus,
    LedgerEntry,
    MetricStatus,
    SlaClock,
    TicketStatus,
    evaluate,
    evaluate_jsonl,
    evaluate_many,
)
from .durations import BusinessDays, BusinessTime, format_duration, parse_duration
from .errors import (
    CalendarError,
    DurationError,
    HolidayDataWarning,
    NaiveDatetimeError,
    PolicyError,
    PolicyFileError,
    Problem,
    SlaclockError,
    SlaclockWarning,
    TimelineError,
)
from .policy import PolicySet, Selection, SlaPolicy, Target, load_policies, policy_schema
from .timeline import TicketEvent, Timeline, read_jsonl

try:
    __version__ = version("slaclock")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = (  # noqa: RUF022 - grouped by topic, as the docs present them
    # Calendars
    "BusinessCalendar",
    "Closure",
    "HolidayRegion",
    "Opening",
    "WorkingHours",
    # Budgets
    "BusinessDays",
    "BusinessTime",
    "format_duration",
    "parse_duration",
    # Policies
    "PolicySet",
    "Selection",
    "SlaPolicy",
    "Target",
    "load_policies",
    "policy_schema",
    # Events
    "TicketEvent",
    "Timeline",
    "read_jsonl",
    # Evaluation
    "CycleStatus",
    "LedgerEntry",
    "MetricStatus",
    "SlaClock",
    "TicketStatus",
    "evaluate",
    "evaluate_jsonl",
    "evaluate_many",
    # Errors and warnings
    "CalendarError",
    "DurationError",
    "HolidayDataWarning",
    "NaiveDatetimeError",
    "PolicyError",
    "PolicyFileError",
    "Problem",
    "SlaclockError",
    "SlaclockWarning",
    "TimelineError",
    "__version__",
)
