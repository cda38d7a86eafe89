"""The public names are a contract: dropping one is a changelog 'Removed' entry."""

from __future__ import annotations

import slaclock


def test_public_names_are_pinned() -> None:
    expected = {
        "BusinessCalendar",
        "Closure",
        "HolidayRegion",
        "Opening",
        "WorkingHours",
        "BusinessDays",
        "BusinessTime",
        "format_duration",
        "parse_duration",
        "PolicySet",
        "Selection",
        "SlaPolicy",
        "Target",
        "load_policies",
        "policy_schema",
        "TicketEvent",
        "Timeline",
        "read_jsonl",
        "CycleStatus",
        "FailedTicket",
        "LedgerEntry",
        "MetricStatus",
        "SlaClock",
        "TicketStatus",
        "evaluate",
        "evaluate_jsonl",
        "evaluate_many",
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
    }

    assert set(slaclock.__all__) == expected


def test_every_public_name_exists() -> None:
    missing = [name for name in slaclock.__all__ if not hasattr(slaclock, name)]

    assert missing == []


def test_errors_are_also_builtins() -> None:
    assert issubclass(slaclock.CalendarError, ValueError)
    assert issubclass(slaclock.PolicyError, ValueError)
    assert issubclass(slaclock.TimelineError, ValueError)
    assert issubclass(slaclock.NaiveDatetimeError, TypeError)
    assert issubclass(slaclock.HolidayDataWarning, slaclock.SlaclockWarning)
