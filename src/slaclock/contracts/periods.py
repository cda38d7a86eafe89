"""Measurement periods (months and quarters) whose boundaries are midnights in a time zone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from . import _intervals as iv

__all__ = ["Period"]

_LABEL = re.compile(r"^(\d{4})-(?:(\d{2})|Q([1-4]))$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A month (``2026-10``) or a quarter (``2026-Q4``) in a zone.

    Its bounds are local midnights, so October in Berlin lasts 31 days and one hour: the
    clocks go back on its last Sunday.

    >>> october = Period.parse("2026-10", "month", "Europe/Berlin")
    >>> october.start.isoformat(), october.end.isoformat(), october.hours
    ('2026-10-01T00:00:00+02:00', '2026-11-01T00:00:00+01:00', 745)
    """

    year: int
    index: int
    kind: Literal["month", "quarter"]
    timezone: str

    @classmethod
    def parse(cls, label: str, kind: Literal["month", "quarter"], timezone: str) -> Period:
        """``2026-11`` for a month, ``2026-Q4`` for a quarter (or a month inside it)."""
        found = _LABEL.match(label.strip())
        if not found:
            raise ValueError(f"expected a period such as 2026-11 or 2026-Q4, got {label!r}")
        year = int(found[1])
        if found[2] is not None:
            month = int(found[2])
            if not 1 <= month <= 12:
                raise ValueError(f"no month {month} in {label!r}")
            return cls(year, month if kind == "month" else (month - 1) // 3 + 1, kind, timezone)
        if kind == "month":
            raise ValueError(f"this contract measures months; write e.g. {year}-11, not {label}")
        return cls(year, int(found[3]), kind, timezone)

    @property
    def per_year(self) -> int:
        """How many such periods a year has."""
        return 12 if self.kind == "month" else 4

    def _first_month(self) -> int:
        return self.index if self.kind == "month" else 3 * self.index - 2

    @property
    def start(self) -> datetime:
        """Local midnight on the first day."""
        return datetime(self.year, self._first_month(), 1, tzinfo=ZoneInfo(self.timezone))

    @property
    def end(self) -> datetime:
        """Local midnight on the first day of the next period (exclusive)."""
        return self.next().start

    @property
    def bounds(self) -> tuple[int, int]:
        """(start, end) in integer microseconds."""
        return iv.to_us(self.start), iv.to_us(self.end)

    @property
    def hours(self) -> int:
        """The period's real length in whole hours (DST changes included)."""
        lo, hi = self.bounds
        return (hi - lo) // 3_600_000_000

    @property
    def label(self) -> str:
        """``2026-11`` or ``2026-Q4``."""
        return (
            f"{self.year}-{self.index:02d}"
            if self.kind == "month"
            else f"{self.year}-Q{self.index}"
        )

    def next(self) -> Period:
        """The following period."""
        if self.index == self.per_year:
            return Period(self.year + 1, 1, self.kind, self.timezone)
        return Period(self.year, self.index + 1, self.kind, self.timezone)

    def previous(self) -> Period:
        """The preceding period."""
        if self.index == 1:
            return Period(self.year - 1, self.per_year, self.kind, self.timezone)
        return Period(self.year, self.index - 1, self.kind, self.timezone)

    def first_of_year(self) -> Period:
        """The first period of the same calendar year (yearly caps count from it)."""
        return Period(self.year, 1, self.kind, self.timezone)
