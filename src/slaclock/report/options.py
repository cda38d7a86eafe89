"""What a report is asked: the zone and period, the groups, and the named rules."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any, Literal, TypeAlias, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..budgets import BusinessDays, BusinessTime
from .periods import PERIODS, Period

__all__ = ["DIMENSIONS", "NextResponseMisses", "OpenTickets", "PeriodBy", "ReportOptions"]

OpenTickets: TypeAlias = Literal["exclude", "count_as_met"]
"""How running and paused tickets enter attainment: left out of it until decided
(``exclude``, the default), or counted as met so far (``count_as_met``). A ticket whose
budget has run out is breached under both rules, whether or not it is still open."""

PeriodBy: TypeAlias = Literal["decided", "created"]
"""Which period a ticket's metric belongs to: the one in which it was decided (met, breached,
cancelled), open ones the one in which the ticket was created (``decided``, the default); or
always the one in which the ticket was created (``created``)."""

NextResponseMisses: TypeAlias = Literal["per_wait", "per_message"]
"""How missed next responses are counted in ``misses``: once per breached wait
(``per_wait``, the default: a breached cycle is one miss), or once per customer message left
unanswered past the target (``per_message``, Chatwoot's count: the messages waiting when the
wait breached are one miss, and each later message before the reply is one more)."""

#: The built-in dimensions; any other name in `by` is a ticket attribute.
DIMENSIONS = ("metric", "priority", "policy", "period")
_FIXED = len(DIMENSIONS)
_US = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_NONE = "(none)"
#: Views over cells keep every sample the cells hold: the limit applies to cells only.
_UNLIMITED = 1 << 62


def _in_order(targets: Iterable[BusinessTime | BusinessDays | None]) -> list[Any]:
    """Fixed budgets by length, then business days by count."""
    found = [t for t in targets if t is not None]
    return sorted(
        found,
        key=lambda t: (0, t.time, 0) if isinstance(t, BusinessTime) else (1, t.days, t.meaning),
    )


def _percent(value: Fraction) -> float:
    return float(round(value * 100, 2))


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What a report groups by and the rules its figures follow.

    `by` names dimensions: ``metric``, ``priority`` (the priority a metric was measured
    against), ``policy``, ``period``, or any ticket attribute (``customer``; write
    ``attr:priority`` for an attribute that shares a dimension's name). Percentages
    (`attainment_target`, `warn_at`) are exact: ``Fraction(995, 10)`` is 99.5 %.

    >>> ReportOptions(timezone="Europe/Berlin", by=("metric", "customer")).attributes
    ('customer',)
    """

    timezone: str
    period: Period | None = "month"
    by: tuple[str, ...] = ("metric",)
    period_by: PeriodBy = "decided"
    open_tickets: OpenTickets = "exclude"
    next_response_misses: NextResponseMisses = "per_wait"
    attainment_target: Fraction = Fraction(95)
    warn_at: Fraction = Fraction(75)
    customer_attribute: str | None = "customer"
    keep: int = 10
    max_samples: int = 1_000_000
    attributes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"timezone: unknown time zone {self.timezone!r}; use an IANA name such as"
                " 'Europe/Berlin' or 'UTC'"
            ) from None
        if self.period is not None and self.period not in PERIODS:
            raise ValueError(f"period: {self.period!r} is not one of {', '.join(PERIODS)}")
        if self.period_by not in get_args(PeriodBy):
            raise ValueError(f"period_by: {self.period_by!r} is not 'decided' or 'created'")
        if self.open_tickets not in get_args(OpenTickets):
            raise ValueError(
                f"open_tickets: {self.open_tickets!r} is not 'exclude' or 'count_as_met'"
            )
        if self.next_response_misses not in get_args(NextResponseMisses):
            raise ValueError(
                f"next_response_misses: {self.next_response_misses!r} is not 'per_wait' or"
                " 'per_message'"
            )
        if "period" in self.by and self.period is None:
            raise ValueError("by: 'period' needs a period (day, week, month or quarter)")
        for name in ("attainment_target", "warn_at"):
            value = getattr(self, name)
            # A float is read as the decimal it prints as: 99.5 is 995/10, not its binary value.
            exact = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
            object.__setattr__(self, name, exact)
        if not 0 <= self.attainment_target <= 100 or not 0 < self.warn_at <= 100:
            raise ValueError("attainment_target must be in [0, 100] and warn_at in (0, 100]")
        if self.keep < 0 or self.max_samples < 0:
            raise ValueError("keep and max_samples must not be negative")
        attributes: list[str] = []
        for name in self.by:
            if name in DIMENSIONS:
                continue
            name = name.removeprefix("attr:")
            if not name:
                raise ValueError("by: an attribute name is empty")
            if name not in attributes:
                attributes.append(name)
        customer = self.customer_attribute
        if customer is not None and customer not in attributes:
            attributes.append(customer)
        object.__setattr__(self, "attributes", tuple(attributes))

    def index(self, dimension: str) -> int:
        """Where `dimension` sits in a cell's key."""
        if dimension in DIMENSIONS:
            return DIMENSIONS.index(dimension)
        return _FIXED + self.attributes.index(dimension.removeprefix("attr:"))
