"""Every exception and warning slaclock raises on purpose.

The tree::

    SlaclockError                      base of everything raised on purpose
    ├── CalendarError (ValueError)     bad calendar: unknown zone or region, no open time, ...
    ├── PolicyError (ValueError)       a policy that cannot apply (unknown calendar, cycle, ...)
    ├── TimelineError (ValueError)     bad ticket events: no ``created``, out of range, ...
    └── NaiveDatetimeError (TypeError) a datetime without a time zone where an instant is needed

    SlaclockWarning (UserWarning)      something worth knowing that does not stop the answer
    └── HolidayDataWarning             a year outside the holiday data's range

Schema problems in configuration files surface as pydantic's ``ValidationError`` (itself a
``ValueError``), whose locations name the path in the file.
"""

from __future__ import annotations

__all__ = [
    "CalendarError",
    "HolidayDataWarning",
    "NaiveDatetimeError",
    "PolicyError",
    "SlaclockError",
    "SlaclockWarning",
    "TimelineError",
]


class SlaclockError(Exception):
    """Base class of every exception slaclock raises on purpose."""


class CalendarError(SlaclockError, ValueError):
    """A calendar that cannot be built or used: unknown zone or region, no open time at all."""


class PolicyError(SlaclockError, ValueError):
    """A policy that is well-formed alone but cannot apply (unknown calendar, parent, cycle)."""


class TimelineError(SlaclockError, ValueError):
    """Ticket events that cannot be evaluated: no ``created`` event, events before it, ..."""


class NaiveDatetimeError(SlaclockError, TypeError):
    """A datetime without a time zone was given where slaclock needs an instant."""


class SlaclockWarning(UserWarning):
    """Base class of slaclock's warnings."""


class HolidayDataWarning(SlaclockWarning):
    """A calendar was asked about a year outside the range its holiday data covers."""
