"""Reporting periods: the day, ISO week, month or quarter an instant falls in, in a stated zone.

Keys are strings that sort in time order within one unit: ``2026-11-30``, ``2026-W49``,
``2026-11``, ``2026-Q4``; ``all`` when the report has no periods.

>>> from datetime import datetime
>>> from zoneinfo import ZoneInfo
>>> at = datetime.fromisoformat("2026-11-30T23:30:00+00:00")  # already December in Berlin
>>> [period_key(at, unit, ZoneInfo("Europe/Berlin")) for unit in PERIODS]
['2026-12-01', '2026-W49', '2026-12', '2026-Q4']
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import get_args

from .._typing import Period

__all__ = ["PERIODS", "Period", "period_key"]

PERIODS: tuple[Period, ...] = get_args(Period)


def period_key(instant: datetime, unit: Period | None, zone: tzinfo) -> str:
    """The period `instant` falls in, as seen on the wall clocks of `zone`."""
    if unit is None:
        return "all"
    local = instant.astimezone(zone)
    if unit == "month":
        return f"{local.year:04d}-{local.month:02d}"
    if unit == "day":
        return local.date().isoformat()
    if unit == "week":
        year, week, _ = local.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if unit == "quarter":
        return f"{local.year:04d}-Q{(local.month - 1) // 3 + 1}"
    raise ValueError(f"unknown period {unit!r}; use one of {', '.join(PERIODS)}")
