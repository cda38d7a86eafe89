"""Review a policy change on history: two policy sets, the same tickets, one pass.

`review` evaluates every ticket under the current and the proposed policies as it streams
(each ticket's events are read and normalised once), counts each evaluation into its own
`ComplianceReport`, and lists the tickets whose verdict flips, with both ledgers and a reason
a support lead can read out. `ReviewResult.to_data` gives the comparison per group (by
default metric and priority): attainment and breaches under each.

A ticket's *verdict* on a metric is its state at the evaluated instant, read as one of
``met``, ``breached``, ``open`` (running or paused), ``cancelled`` or ``none`` (the metric is
pending, or the policy gives the ticket no such target). A verdict *flips* when it differs
between the two and one of them is met or breached: only those changes move attainment.

>>> from datetime import datetime
>>> from slaclock import PolicySet, TicketEvent
>>> from slaclock.report import ReportOptions
>>> def policy(budget):
...     return PolicySet.from_dict({
...         "calendars": {"office": {"timezone": "Europe/Berlin",
...                                  "hours": {"mon-fri": ["09:00-17:00"]}}},
...         "policies": [{"name": "standard", "calendar": "office",
...                       "targets": {"*": {"first_response": budget}}}]})
>>> t = datetime.fromisoformat
>>> tickets = [("A", [TicketEvent.created(t("2026-11-02T09:00+01:00"), "P2"),
...                   TicketEvent.agent_replied(t("2026-11-02T15:00+01:00"))])]  # 6 h
>>> result = review(policy("4h"), policy("8h"), tickets, t("2026-12-01T00:00+01:00"),
...                 ReportOptions(timezone="Europe/Berlin", period=None))
>>> [(f.ticket, f.current.verdict, f.proposed.verdict) for f in result.flips]
[('A', 'breached', 'met')]
>>> result.flips[0].reason
'target 4h → 8h; 6h of business time used: breached → met'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction
from typing import Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field

from ..budgets import format_duration
from ..clock import MetricStatus, TicketStatus, evaluate_many
from ..config import PolicySet
from ..errors import SlaclockError
from ..events import TicketEvent, Timeline
from ..policy import SlaPolicy
from .aggregate import ComplianceReport
from .build import TicketStream, _attributes_at, timelines_of
from .model import GroupFigures, LedgerLine, ReportRules
from .options import ReportOptions, _percent

__all__ = [
    "FlipSide",
    "FlippedVerdict",
    "ReviewData",
    "ReviewResult",
    "ReviewRow",
    "SideFigures",
    "TicketSink",
    "Verdict",
    "review",
    "review_jsonl",
]

Verdict: TypeAlias = Literal["met", "breached", "open", "cancelled", "none"]
"""A ticket's verdict on one metric, as a review compares it."""

TicketSink: TypeAlias = Callable[[str | None, Timeline, TicketStatus, TicketStatus], None]
"""Called once per ticket with its id, timeline and its status under each policy set (the
contracts layer uses it to compute credits under each)."""

_DECISIVE = frozenset({"met", "breached"})
_VERDICT: Mapping[str, Verdict] = {
    "met": "met",
    "breached": "breached",
    "running": "open",
    "paused": "open",
    "cancelled": "cancelled",
    "pending": "none",
}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FlipSide(_Frozen):
    """One side of a flipped verdict: what the ticket's metric was under one policy set."""

    verdict: Verdict
    policy: str | None
    priority: str | None
    target: str | None = Field(description="the budget, '4h' or '3 business days'")
    calendar: str | None
    elapsed_seconds: float | None = Field(description="business time the metric counted")
    ledger: list[LedgerLine]


class FlippedVerdict(_Frozen):
    """A ticket whose verdict on a metric differs between the current and proposed sets."""

    ticket: str | None
    metric: str
    current: FlipSide
    proposed: FlipSide
    reason: str


class SideFigures(_Frozen):
    """A group's figures under one policy set (the report's, abridged)."""

    tickets: int
    met: int
    breached: int
    open: int
    decided: int
    attainment: str | None = Field(description="met ÷ decided, exact")
    attainment_percent: float | None = Field(description="display only")
    meets_target: bool | None


class ReviewRow(_Frozen):
    """One group (a metric and priority, by default) under both policy sets."""

    key: dict[str, str]
    current: SideFigures
    proposed: SideFigures
    attainment_change_points: float | None = Field(
        description="proposed minus current attainment, in percentage points (display only)"
    )
    breaches_change: int


class ReviewData(_Frozen):
    """A review as data: `result.to_data().model_dump(mode="json")`."""

    now: str | None
    by: list[str]
    rules: ReportRules
    current_name: str
    proposed_name: str
    tickets: int
    rows: list[ReviewRow]
    flips_total: int = Field(description="every flipped verdict, also those not listed")
    flips_to_met: int = Field(description="listed flips that become met")
    flips_to_breached: int = Field(description="listed flips that become breached")
    flips: list[FlippedVerdict] = Field(description="up to max_flips, in ticket order")


def _side(figures: GroupFigures | None) -> SideFigures:
    if figures is None:
        return SideFigures(
            tickets=0,
            met=0,
            breached=0,
            open=0,
            decided=0,
            attainment=None,
            attainment_percent=None,
            meets_target=None,
        )
    return SideFigures(
        tickets=figures.tickets,
        met=figures.met,
        breached=figures.breached,
        open=figures.running + figures.paused,
        decided=figures.decided,
        attainment=figures.attainment,
        attainment_percent=figures.attainment_percent,
        meets_target=figures.meets_target,
    )


def _share(side: SideFigures) -> Fraction | None:
    if side.attainment is None:
        return None
    return Fraction(side.attainment)


class ReviewResult:
    """Both reports, the flipped verdicts, and the comparison as data."""

    __slots__ = (
        "_flips",
        "_pending",
        "current",
        "current_name",
        "flips_total",
        "proposed",
        "proposed_name",
    )

    def __init__(
        self,
        current: ComplianceReport,
        proposed: ComplianceReport,
        pending: list[_Pending],
        flips_total: int,
        current_name: str = "current",
        proposed_name: str = "proposed",
    ) -> None:
        self.current = current
        self.proposed = proposed
        self._pending = pending
        self._flips: list[FlippedVerdict] | None = None
        self.flips_total = flips_total
        self.current_name = current_name
        self.proposed_name = proposed_name

    @property
    def flips(self) -> list[FlippedVerdict]:
        """The listed flipped verdicts, in ticket order, with both ledgers (built once)."""
        if self._flips is None:
            self._flips = [_built(item) for item in self._pending]
            self._pending = []
        return self._flips

    def to_data(self, by: Iterable[str] | None = None) -> ReviewData:
        """The comparison grouped by `by` (default: the options' grouping)."""
        options = self.current.options
        by = tuple(options.by if by is None else by)
        before = self.current.to_data(by)
        after = self.proposed.to_data(by)
        keys: dict[tuple[str, ...], dict[str, str]] = {}
        for group in (*before.groups, *after.groups):
            keys.setdefault(tuple(group.key[name] for name in by), group.key)
        old = {tuple(g.key[n] for n in by): g for g in before.groups}
        new = {tuple(g.key[n] for n in by): g for g in after.groups}
        flips = self.flips
        rows = []
        for key in sorted(keys):
            a, b = _side(old.get(key)), _side(new.get(key))
            sa, sb = _share(a), _share(b)
            rows.append(
                ReviewRow(
                    key=keys[key],
                    current=a,
                    proposed=b,
                    attainment_change_points=None
                    if sa is None or sb is None
                    else _percent(sb - sa),
                    breaches_change=b.breached - a.breached,
                )
            )
        return ReviewData(
            now=before.now,
            by=list(by),
            rules=before.rules,
            current_name=self.current_name,
            proposed_name=self.proposed_name,
            tickets=before.tickets,
            rows=rows,
            flips_total=self.flips_total,
            flips_to_met=sum(f.proposed.verdict == "met" for f in flips),
            flips_to_breached=sum(f.proposed.verdict == "breached" for f in flips),
            flips=flips,
        )


def _verdicts(status: TicketStatus) -> dict[str, tuple[Verdict, MetricStatus]]:
    return {m.metric: (_VERDICT[m.state], m) for m in status.metrics}


def _words(us: int) -> str:
    """Business time as hours and minutes ("25h30m"): a business day is not 24 hours."""
    seconds = us // 1_000_000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{minutes}m" if minutes else "")
    if secs or not text:
        text += f"{secs}s"
    return text


def _flip_side(status: TicketStatus, found: tuple[Verdict, MetricStatus] | None) -> FlipSide:
    policy = None if status.policy is None else status.policy.name
    if found is None:
        return FlipSide(
            verdict="none",
            policy=policy,
            priority=None,
            target=None,
            calendar=None,
            elapsed_seconds=None,
            ledger=[],
        )
    verdict, metric = found
    current = metric.current
    target = metric.target
    return FlipSide(
        verdict=verdict,
        policy=policy,
        priority=None if current is None else current.priority,
        target=None if target is None else format_duration(target.budget),
        calendar=None if target is None else target.calendar_name,
        elapsed_seconds=None if current is None else _used(metric) / 1_000_000,
        ledger=[LedgerLine.model_validate(e.to_dict()) for e in metric.ledger],
    )


def _used(metric: MetricStatus) -> int:
    """The business time of the metric's longest cycle (the one a target must cover)."""
    return max((c.elapsed_us for c in metric.cycles), default=0)


def _reason(metric: str, a: FlipSide, b: FlipSide) -> str:
    parts = []
    if a.policy != b.policy:
        parts.append(f"policy {a.policy or '(none)'} → {b.policy or '(none)'}")
    if a.verdict == "none" or b.verdict == "none":
        side, this, other = ("current", a, b) if a.verdict == "none" else ("proposed", b, a)
        used = _words(round((other.elapsed_seconds or 0) * 1_000_000))
        # No verdict: no target at all, or a target whose clock never started (pending).
        missing = (
            f"no {metric} target for this ticket"
            if this.target is None
            else f"{metric} ({this.target}) not started"
        )
        parts.append(
            f"{missing} under the {side} set (the other: target {other.target}, {used} of"
            " business time used)"
        )
        return "; ".join(parts) + f": {a.verdict} → {b.verdict}"
    if a.priority != b.priority:
        parts.append(f"priority {a.priority} → {b.priority}")
    if a.target != b.target:
        parts.append(f"target {a.target} → {b.target}")
    if a.calendar != b.calendar:
        parts.append(f"calendar {a.calendar} → {b.calendar}")
    ua = round((a.elapsed_seconds or 0) * 1_000_000)
    ub = round((b.elapsed_seconds or 0) * 1_000_000)
    if ua == ub:
        parts.append(f"{_words(ua)} of business time used")
    else:
        parts.append(f"business time used {_words(ua)} → {_words(ub)}")
    return "; ".join(parts) + f": {a.verdict} → {b.verdict}"


_Pending: TypeAlias = tuple[
    str | None,
    str,
    TicketStatus,
    "tuple[Verdict, MetricStatus] | None",
    TicketStatus,
    "tuple[Verdict, MetricStatus] | None",
]


def _built(item: _Pending) -> FlippedVerdict:
    ticket, name, a, x, b, y = item
    sa, sb = _flip_side(a, x), _flip_side(b, y)
    return FlippedVerdict(
        ticket=ticket, metric=name, current=sa, proposed=sb, reason=_reason(name, sa, sb)
    )


@dataclass(slots=True)
class _Flips:
    keep: int
    found: list[_Pending]
    total: int = 0

    def compare(self, ticket: str | None, a: TicketStatus, b: TicketStatus) -> None:
        va, vb = _verdicts(a), _verdicts(b)
        if not va and not vb:
            return
        for name in sorted(va.keys() | vb.keys()):
            x, y = va.get(name), vb.get(name)
            xv = "none" if x is None else x[0]
            yv = "none" if y is None else y[0]
            if xv == yv or (xv not in _DECISIVE and yv not in _DECISIVE):
                continue
            self.total += 1
            # A ledger costs more than an evaluation: keep the statuses, build when read.
            if len(self.found) < self.keep:
                self.found.append((ticket, name, a, x, b, y))


def review(
    current: PolicySet | SlaPolicy,
    proposed: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    options: ReportOptions,
    *,
    max_flips: int = 1000,
    names: tuple[str, str] = ("current", "proposed"),
    sink: TicketSink | None = None,
) -> ReviewResult:
    """Evaluate every ticket at `now` under both policy sets in one pass and compare.

    Each item is a ticket's events or a ``(ticket_id, events)`` pair. The two reports are
    exactly what `report` builds with each set alone. Flipped verdicts beyond `max_flips`
    are counted (``flips_total``) but not listed. `sink`, if given, sees every ticket with
    both statuses.
    """
    before = ComplianceReport(options)
    after = ComplianceReport(options)
    flips = _Flips(max_flips, [])
    grouped = bool(options.attributes)
    add_before, add_after = before.add, after.add
    held: list[tuple[str | None, Timeline]] = []

    def timelines() -> Iterator[tuple[str | None, Timeline]]:
        for ident, timeline in timelines_of(tickets):
            held[:] = [(ident, timeline)]
            yield ident, timeline

    def again() -> Iterator[tuple[str | None, Timeline]]:
        while True:
            yield held[0]

    # One timeline, two evaluations: each ticket is read and normalised once, and both
    # streams name a ticket that fails the same way `evaluate_many` does.
    second = evaluate_many(proposed, again(), now)
    for a in evaluate_many(current, timelines(), now):
        b = next(second)
        ident, timeline = held[0]
        created = timeline.created.at
        attributes = _attributes_at(timeline, now) if grouped else None
        add_before(a, created_at=created, attributes=attributes)
        add_after(b, created_at=created, attributes=attributes)
        flips.compare(ident, a, b)
        if sink is not None:
            sink(ident, timeline, a, b)
    return ReviewResult(before, after, flips.found, flips.total, *names)


def review_jsonl(
    current: PolicySet | SlaPolicy,
    proposed: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    options: ReportOptions,
    *,
    max_flips: int = 1000,
    names: tuple[str, str] = ("current", "proposed"),
    sink: TicketSink | None = None,
) -> ReviewResult:
    """`review` over a JSON-lines stream of events grouped by their ``ticket`` field; an
    error about a ticket names its line."""
    tickets = TicketStream(lines)
    try:
        return review(
            current,
            proposed,
            tickets,
            now,
            options,
            max_flips=max_flips,
            names=names,
            sink=sink,
        )
    except SlaclockError as exc:
        tickets.place(exc)
        raise


def as_of(policies: PolicySet, at: datetime) -> PolicySet:
    """The policies in effect at `at`, applied to every ticket whatever its dates.

    For comparing two versions in one file: ``as_of(set, old_date)`` against
    ``as_of(set, new_date)``. A policy with no version in effect at `at` is left out.
    """
    chosen: dict[str, SlaPolicy] = {}
    for policy in policies.policies:
        if policy.name not in chosen and policy.in_effect(at):
            chosen[policy.name] = replace(policy, effective_from=None, effective_until=None)
    order = list(dict.fromkeys(p.name for p in policies.policies))
    return PolicySet(
        tuple(chosen[n] for n in order if n in chosen), policies.calendars, policies.effective_by
    )
