"""Ticket objectives: the share of a metric's decided tickets that met their target.

This is a small stand-in, kept apart on purpose: the report layer (``slaclock.report``) will
compute attainment for compliance reports, and this function is to be backed by it. Its input
is plain `TicketStatus` values and its output an exact count, so the swap changes no figure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from ..clock import TicketStatus
from ..events import TicketEvent
from . import _intervals as iv

__all__ = [
    "Attainment",
    "TicketRecord",
    "attainment",
    "breaches",
    "rating_share",
    "ticket_record",
]


@dataclass(frozen=True, slots=True)
class Attainment:
    """How many of a metric's tickets were decided (met or breached) in a period, and met."""

    met: int
    decided: int

    @property
    def level(self) -> Fraction | None:
        """met ÷ decided, exact; None when nothing was decided (nothing to measure)."""
        return None if self.decided == 0 else Fraction(self.met, self.decided)


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """A ticket's evaluation with what contracts select tickets by (priority, attributes)."""

    ticket: str | None
    priority: str | None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    status: TicketStatus | None = None
    attribute_at: Mapping[str, datetime] = field(default_factory=dict)
    """When each attribute was last set (a rating counts in the period it was given in)."""


def ticket_record(
    ticket: str | None, events: Iterable[TicketEvent], status: TicketStatus
) -> TicketRecord:
    """The ticket's latest priority and attributes (``created``, then later changes)."""
    priority: str | None = None
    attributes: dict[str, Any] = {}
    set_at: dict[str, datetime] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.priority is not None and event.type in ("created", "priority_changed"):
            priority = event.priority
        if event.attributes and event.type in ("created", "attribute_changed"):
            attributes.update(event.attributes)
            set_at.update(dict.fromkeys(event.attributes, event.at))
    return TicketRecord(ticket, priority, attributes, status, set_at)


def _decided(status: TicketStatus, metric: str) -> tuple[bool, datetime] | None:
    for m in status.metrics:
        if m.metric != metric:
            continue
        if m.state == "met" and m.met_at is not None:
            return True, m.met_at
        if m.state == "breached" and m.breached_at is not None:
            return False, m.breached_at
    return None


def attainment(
    statuses: Iterable[TicketStatus], metric: str, start: datetime, end: datetime
) -> Attainment:
    """Attainment of `metric` over tickets decided in [start, end).

    A ticket counts in the period in which its metric was decided: met (``met_at``) or
    breached (``breached_at``, the instant the budget ran out). Tickets still running, paused
    or cancelled are not counted.
    """
    lo, hi = iv.to_us(start), iv.to_us(end)
    met = decided = 0
    for status in statuses:
        found = _decided(status, metric)
        if found is None or not lo <= iv.to_us(found[1]) < hi:
            continue
        decided += 1
        met += found[0]
    return Attainment(met, decided)


def breaches(statuses: Iterable[TicketStatus], metric: str, start: datetime, end: datetime) -> int:
    """How many tickets' `metric` breached in [start, end)."""
    result = attainment(statuses, metric, start, end)
    return result.decided - result.met


def rating_share(
    tickets: Iterable[TicketRecord],
    attribute: str,
    at_least: Fraction,
    start: datetime,
    end: datetime,
) -> Attainment:
    """The share of tickets rated in [start, end) whose rating (`attribute`) is at least
    `at_least`; a ticket counts in the period its rating was last set in, and a ticket
    without a numeric rating is not counted."""
    lo, hi = iv.to_us(start), iv.to_us(end)
    good = rated = 0
    for t in tickets:
        value = t.attributes.get(attribute)
        when = t.attribute_at.get(attribute)
        if isinstance(value, bool) or not isinstance(value, int | float) or when is None:
            continue
        if not lo <= iv.to_us(when) < hi:
            continue
        rated += 1
        good += Fraction(str(value)) >= at_least
    return Attainment(good, rated)
