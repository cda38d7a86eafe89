"""slaclock: the SLA clock for ticketing systems.

For any ticket at any instant: which service-level targets apply, when each is due, how much
business time is left, whether it is paused, met or breached, and why.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .calendar import BusinessCalendar, Closure, HolidayRegion, Opening, WorkingHours
from .errors import (
    CalendarError,
    HolidayDataWarning,
    NaiveDatetimeError,
    PolicyError,
    SlaclockError,
    SlaclockWarning,
    TimelineError,
)

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
    # Errors and warnings
    "CalendarError",
    "HolidayDataWarning",
    "NaiveDatetimeError",
    "PolicyError",
    "SlaclockError",
    "SlaclockWarning",
    "TimelineError",
    "__version__",
)
