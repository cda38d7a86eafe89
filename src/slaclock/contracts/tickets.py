"""The tickets behind ticket objectives: attainment from the compliance report, ratings here.

A contract's ticket objectives (``attainment``) and per-breach credits read the figures of a
`slaclock.report.ComplianceReport` built on the contract's tickets, with the contract's zone
and period and the report's rule for running and paused tickets (``open_tickets``): a
statement's figure is the compliance report's figure on the same tickets and period. A ticket
counts in the period its metric was decided in (met or breached); open tickets, under
``count_as_met``, in the period the ticket was created in. Ratings (``share`` objectives) are
not a report figure and are counted here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from ..clock import TicketStatus
from ..events import TicketEvent
from ..report import Attainment, ComplianceReport, ReportOptions
from . import _intervals as iv
from .terms import Contract

__all__ = [
    "TicketRecord",
    "objective_figures",
    "rating_share",
    "ticket_record",
    "ticket_report",
]

#: What a contract's report groups by: the objectives pick metric, priority and period.
_BY = ("metric", "priority", "period")


@dataclass(frozen=True, slots=True)
class TicketRecord:
    """A ticket's evaluation with what contracts select tickets by (attributes), and when it
    was created (the period an open ticket belongs to)."""

    ticket: str | None
    priority: str | None
    attributes: Mapping[str, Any] = field(default_factory=dict)
    status: TicketStatus | None = None
    attribute_at: Mapping[str, datetime] = field(default_factory=dict)
    """When each attribute was last set (a rating counts in the period it was given in)."""
    created_at: datetime | None = None


def ticket_record(
    ticket: str | None, events: Iterable[TicketEvent], status: TicketStatus
) -> TicketRecord:
    """The ticket's latest priority and attributes (``created``, then later changes)."""
    priority: str | None = None
    created: datetime | None = None
    attributes: dict[str, Any] = {}
    set_at: dict[str, datetime] = {}
    for event in sorted(events, key=lambda e: e.at):
        if event.type == "created" and created is None:
            created = event.at
        if event.priority is not None and event.type in ("created", "priority_changed"):
            priority = event.priority
        if event.attributes and event.type in ("created", "attribute_changed"):
            attributes.update(event.attributes)
            set_at.update(dict.fromkeys(event.attributes, event.at))
    return TicketRecord(ticket, priority, attributes, status, set_at, created)


def ticket_report(contract: Contract, tickets: Iterable[TicketRecord]) -> ComplianceReport:
    """The compliance report over the evaluated tickets that belong to `contract`, by metric,
    priority (the one each metric was measured against) and the contract's periods."""
    options = ReportOptions(
        timezone=contract.timezone,
        period=contract.period,
        by=_BY,
        open_tickets=contract.open_tickets,
        customer_attribute=None,
        keep=0,
    )
    out = ComplianceReport(options)
    for t in tickets:
        if t.status is not None and contract.matches(t.attributes):
            out.add(t.status, created_at=t.created_at)
    return out


def objective_figures(
    report: ComplianceReport,
    metric: str,
    period: str,
    priorities: frozenset[str] | None,
) -> Attainment:
    """`metric`'s attainment in `period` over `priorities` (all where None)."""
    where: dict[str, Sequence[str]] = {"period": (period,)}
    if priorities is not None:
        where["priority"] = tuple(priorities)
    return report.attainment(metric, where)


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
