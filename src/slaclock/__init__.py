"""slaclock: the SLA clock for ticketing systems.

For any ticket at any instant: which service-level targets apply, when each is due, how much
business time is left, whether it is paused, met or breached, and why.

Names are imported on first use (PEP 562), so ``import slaclock`` is cheap and a calendar made
in Python never loads the policy-file machinery (pydantic, YAML).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .budgets import BusinessDays, BusinessTime, format_duration, parse_duration
    from .calendar import BusinessCalendar, Closure, HolidayRegion, Opening, WorkingHours
    from .clock import (
        CycleStatus,
        FailedTicket,
        LedgerEntry,
        MetricStatus,
        SlaClock,
        TicketStatus,
        evaluate,
        evaluate_jsonl,
        evaluate_many,
    )
    from .config import PolicySet, load_policies, policy_schema
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
    from .events import TicketEvent, Timeline, read_jsonl
    from .policy import Selection, SlaPolicy, Target

#: Where each public name lives.
_HOMES = {
    "slaclock.calendar": (
        "BusinessCalendar",
        "Closure",
        "HolidayRegion",
        "Opening",
        "WorkingHours",
    ),
    "slaclock.budgets": ("BusinessDays", "BusinessTime", "format_duration", "parse_duration"),
    "slaclock.config": ("PolicySet", "load_policies", "policy_schema"),
    "slaclock.policy": ("Selection", "SlaPolicy", "Target"),
    "slaclock.events": ("TicketEvent", "Timeline", "read_jsonl"),
    "slaclock.clock": (
        "CycleStatus",
        "FailedTicket",
        "LedgerEntry",
        "MetricStatus",
        "SlaClock",
        "TicketStatus",
        "evaluate",
        "evaluate_jsonl",
        "evaluate_many",
    ),
    "slaclock.errors": (
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
    ),
}
_HOME = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is not None:
        import importlib

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("slaclock")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            found = "0+unknown"
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'slaclock' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME) | {"__version__"})


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
    "FailedTicket",
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
