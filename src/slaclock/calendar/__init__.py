"""Business calendars: when a team is open, and business-time arithmetic over it.

The package, bottom to top: `notation` (``09:00-17:00``), `rules` (recurring closures),
`holidays` (the only importer of the ``holidays`` package), `parts` (hours, holiday regions,
closures, openings), `compile` (a stretch of time into open intervals), `engine` (indexed
tables; the hot path), `days` (business days), `reasons` (why a stretch is closed), `spec`
(the mapping form) and `model` (`BusinessCalendar`, the value users hold).
"""

from __future__ import annotations

from .model import BusinessCalendar
from .notation import parse_clock, parse_time_range
from .parts import Closure, HolidayRegion, Opening, WorkingHours

__all__ = [
    "BusinessCalendar",
    "Closure",
    "HolidayRegion",
    "Opening",
    "WorkingHours",
    "parse_clock",
    "parse_time_range",
]
