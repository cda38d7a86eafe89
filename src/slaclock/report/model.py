"""The JSON shape of a compliance report: pydantic models with documented field names.

Durations are business time in seconds, computed from exact integer microseconds. Shares are
given twice: as the exact counts they come from (``met`` of ``decided``) and as a percentage
rounded to two decimals for display. Whether a target is met (``meets_target``) is decided on
the exact fraction, never on the rounded figure.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AtRiskTicket",
    "BreachCount",
    "GroupFigures",
    "LedgerLine",
    "Overrun",
    "ReportData",
    "ReportRules",
    "TimeUsed",
    "TrendPoint",
    "WorstTicket",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TimeUsed(_Frozen):
    """Business time used by the cycles that ended met (on time or late), against the target.

    Percentiles are nearest-rank over the exact samples: the smallest value that at least that
    share of samples do not exceed. They are None when there are no samples, or when a cell
    outgrew ``max_samples`` (``exact`` is then false; count, mean and max stay exact).
    """

    count: int = Field(description="cycles measured")
    median_seconds: float | None
    p90_seconds: float | None
    p95_seconds: float | None
    max_seconds: float | None
    mean_seconds: float | None
    exact: bool = Field(description="false when samples were dropped past max_samples")
    targets: list[str] = Field(description="the targets these cycles had: '4h', '3 business days'")
    targets_seconds: list[float] = Field(description="those of them that are fixed, in seconds")


class Overrun(_Frozen):
    """How late breached cycles were, in business time past their budget (so far, if open)."""

    count: int
    total_seconds: float
    mean_seconds: float | None
    max_seconds: float | None


class GroupFigures(_Frozen):
    """The figures of one group: tickets by state, attainment, time used, breaches, cycles."""

    key: dict[str, str] = Field(description="the group's value of each `by` dimension")
    tickets: int = Field(description="tickets counted: the metric started for them")
    met: int
    breached: int
    running: int
    paused: int
    cancelled: int
    decided: int = Field(description="the denominator of attainment under `open_tickets`")
    attainment: str | None = Field(description="met ÷ decided as an exact fraction, '37/40'")
    attainment_percent: float | None = Field(description="attainment in %, display only")
    meets_target: bool | None = Field(description="exact attainment ≥ attainment target")
    cycles: int
    cycles_met: int
    cycles_breached: int
    cycles_cancelled: int
    cycles_open: int
    misses: int = Field(
        description="missed targets: breached cycles, next responses counted per"
        " `next_response_misses` (per_message: one per customer message left unanswered"
        " past the target)"
    )
    cycle_attainment_percent: float | None
    at_risk: int = Field(description="running, not breached, past the warning threshold")
    time_used: TimeUsed
    overrun: Overrun


class TrendPoint(_Frozen):
    """One metric's attainment in one period."""

    metric: str
    period: str
    met: int
    decided: int
    breached: int
    attainment_percent: float | None
    meets_target: bool | None


class BreachCount(_Frozen):
    """Breaches of one metric for one value of a dimension (a priority, a customer)."""

    metric: str
    value: str
    tickets: int
    breached: int


class LedgerLine(_Frozen):
    """One line of a ticket's ledger, as `slaclock.LedgerEntry` gives it."""

    start: str
    end: str | None
    kind: str
    business_seconds: float
    reason: str


class AtRiskTicket(_Frozen):
    """A running ticket past the warning threshold and not yet breached."""

    ticket: str | None
    metric: str
    priority: str
    policy: str
    attributes: dict[str, str]
    percent_used: float
    elapsed_seconds: float
    budget_seconds: float
    due_at: str | None


class WorstTicket(_Frozen):
    """One of the most overrun breaches, with its ledger."""

    ticket: str | None
    metric: str
    priority: str
    policy: str
    state: str
    attributes: dict[str, str]
    overrun_seconds: float
    budget_seconds: float
    breached_at: str | None
    ledger: list[LedgerLine]


class ReportRules(_Frozen):
    """The rules the figures were computed under."""

    open_tickets: str
    next_response_misses: str
    period_by: str
    period: str | None
    timezone: str
    attainment_target_percent: float
    warn_at_percent: float
    max_samples: int


class ReportData(_Frozen):
    """A compliance report as data: `report.to_data().model_dump(mode="json")`."""

    now: str | None = Field(description="the instant every ticket was evaluated at")
    by: list[str]
    rules: ReportRules
    tickets: int = Field(description="tickets read")
    tickets_without_policy: int
    groups: list[GroupFigures]
    trend: list[TrendPoint]
    breaches_by_priority: list[BreachCount]
    customer_attribute: str | None
    breaches_by_customer: list[BreachCount]
    at_risk: list[AtRiskTicket]
    worst: list[WorstTicket]
