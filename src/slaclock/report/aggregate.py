"""Compliance figures over many evaluated tickets: streaming, mergeable, exact.

A `ComplianceReport` keeps one *cell* per combination of metric, priority, policy, period
and the ticket attributes it was asked to group by. A cell holds counts, sums, maxima and the
integer samples exact percentiles need, never the tickets themselves, so memory stays flat in
the number of tickets apart from those samples (8 bytes each). Any grouping is a sum of cells,
which is why grouping by nothing equals the sum over any grouping, and why two reports built
on two parts of the data add up to exactly the report on all of it.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from fractions import Fraction
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from .._kernel.instants import from_us
from ..budgets import BusinessTime, format_duration
from ..clock import MetricStatus, TicketStatus
from .attainment import Attainment
from .model import (
    AtRiskTicket,
    BreachCount,
    GroupFigures,
    LedgerLine,
    Overrun,
    ReportData,
    ReportRules,
    TimeUsed,
    TrendPoint,
    WorstTicket,
)
from .periods import period_key

__all__ = ["ComplianceReport", "merge"]

from .cells import _Cell, _push, _Ranked, _top
from .options import _NONE, _SECOND, _UNLIMITED, DIMENSIONS, ReportOptions, _in_order, _percent


class ComplianceReport:
    """Compliance figures over evaluated tickets, built one ticket at a time.

    `add` takes a `TicketStatus` (with the ticket's creation instant and attributes, which a
    status does not carry); `report` and `report_jsonl` evaluate and add in one pass.
    ``a + b`` and `merge` give exactly the report over both parts' tickets; `to_data` gives
    the figures, grouped by ``options.by`` or any other grouping.
    """

    __slots__ = (
        "_at_risk",
        "_by_decision",
        "_cells",
        "_max_samples",
        "_no_policy",
        "_now",
        "_periods",
        "_tickets",
        "_worst",
        "_zone",
        "options",
    )

    def __init__(self, options: ReportOptions) -> None:
        self.options = options
        self._zone = ZoneInfo(options.timezone)
        self._by_decision = options.period_by == "decided"
        self._periods: dict[int, str] = {}
        self._max_samples = options.max_samples
        self._cells: dict[tuple[str, ...], _Cell] = {}
        self._now: datetime | None = None
        self._tickets = 0
        self._no_policy = 0
        self._worst: list[_Ranked] = []
        self._at_risk: list[_Ranked] = []

    # ------------------------------------------------------------------ building

    @property
    def now(self) -> datetime | None:
        """The instant the tickets were evaluated at (None before the first ticket)."""
        return self._now

    @property
    def tickets(self) -> int:
        """How many tickets were added."""
        return self._tickets

    def add(
        self,
        status: TicketStatus,
        *,
        created_at: datetime | None = None,
        attributes: Mapping[str, Any] | None = None,
    ) -> None:
        """Count one evaluated ticket.

        `created_at` places open tickets in their period (without it, the earliest start of
        any of the ticket's metrics stands in); `attributes` are the ticket's attributes at
        the report instant, for grouping by them.
        """
        if self._now is None:
            self._now = status.now
        elif status.now is not self._now and status.now != self._now:
            raise ValueError(
                f"ticket {status.ticket!r} was evaluated at {status.now.isoformat()}, the"
                f" report's tickets at {self._now.isoformat()}; evaluate all at one instant"
            )
        self._tickets += 1
        policy = status.policy
        if policy is None or not status.metrics:
            if policy is None:
                self._no_policy += 1
            return
        options = self.options
        attrs = attributes or {}
        values = tuple(
            [_NONE if (v := attrs.get(name)) is None else str(v) for name in options.attributes]
        )
        if created_at is None:
            starts = [m.cycles[0].started_at for m in status.metrics if m.state != "pending"]
            created_at = min(starts) if starts else status.now
        # The hot path of a report, run for every metric of every ticket: each public
        # property is read once, one-cycle metrics skip building the cycle tuple, and each
        # local day's period is remembered.
        policy_name = policy.name
        cells = self._cells
        periods = self._periods
        zone = self._zone
        by_decision = self._by_decision
        max_samples = self._max_samples
        per_message = options.next_response_misses == "per_message"
        for metric in status.metrics:
            state = metric.state
            if state == "pending":
                continue
            current = metric.current
            if current is None:  # a metric that is not pending has a cycle
                continue
            decided: int | None = None
            if by_decision:
                if state == "met" or state == "cancelled":
                    decided = current.ended_us
                elif state == "breached":
                    decided = metric.breached_us
            if decided is not None:
                at = from_us(decided, zone)
            else:
                at = created_at if created_at.tzinfo is zone else created_at.astimezone(zone)
            day = at.toordinal()
            period = periods.get(day)
            if period is None:
                period = periods[day] = period_key(at, options.period, zone)
            key = (metric.metric, current.priority, policy_name, period, *values)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = _Cell()
            if state == "met":
                cell.met += 1
            elif state == "breached":
                cell.breached += 1
            elif state == "running":
                cell.running += 1
            elif state == "paused":
                cell.paused += 1
            else:
                cell.cancelled += 1
            worst = -1
            found = metric.target
            target = None if found is None else found.budget
            for cycle in (current,) if current.number == 1 else metric.cycles:
                cycle_state = cycle.state
                if cycle_state == "met":
                    cell.cycles_met += 1
                    elapsed = cycle.elapsed_us
                elif cycle_state == "breached":
                    cell.cycles_breached += 1
                    missed = cycle.missed_messages if per_message else None
                    cell.misses += 1 if missed is None else missed
                    elapsed = cycle.elapsed_us
                    # A breach kept from an earlier priority's target (sticky) may lie
                    # within the budget now in force: not past it, so no overrun.
                    over = max(elapsed - cycle.budget_us, 0)
                    cell.overrun_n += 1
                    cell.overrun_sum += over
                    if over > cell.overrun_max:
                        cell.overrun_max = over
                    if over > worst:
                        worst = over
                    if cycle.outcome != "met":
                        continue
                else:
                    if cycle_state == "cancelled":
                        cell.cycles_cancelled += 1
                    else:
                        cell.cycles_open += 1
                    continue
                # Met, on time or late: a sample of business time used.
                samples = cell.samples
                if samples is not None:
                    samples.append(elapsed)
                    if len(samples) > max_samples:
                        cell.drop()
                else:
                    cell.dropped_n += 1
                    cell.dropped_sum += elapsed
                    if elapsed > cell.dropped_max:
                        cell.dropped_max = elapsed
                targets = cell.targets
                targets[target] = targets.get(target, 0) + 1
            if state == "breached":
                self._consider_worst(status, metric, policy_name, worst, values)
            elif state == "running":
                budget = current.budget_us
                used = current.elapsed_us
                warn = options.warn_at
                if budget > 0 and used * 100 * warn.denominator >= warn.numerator * budget:
                    cell.at_risk += 1
                    self._consider_at_risk(status, metric, policy_name, used, budget, values)

    def _consider_worst(
        self,
        status: TicketStatus,
        metric: MetricStatus,
        policy: str,
        worst: int,
        values: tuple[str, ...],
    ) -> None:
        heap = self._worst
        keep = self.options.keep
        # Most breaches are not among the worst: compare before building anything.
        if keep and (len(heap) < keep or worst >= heap[0][0][0]):
            _push(
                heap,
                keep,
                (worst, status.ticket or "", metric.metric, -self._tickets),
                partial(self._worst_ticket, status, metric, policy, worst, values),
            )

    def _consider_at_risk(
        self,
        status: TicketStatus,
        metric: MetricStatus,
        policy: str,
        used: int,
        budget: int,
        values: tuple[str, ...],
    ) -> None:
        heap = self._at_risk
        keep = self.options.keep
        if keep and (
            len(heap) < keep or used * heap[0][0][0].denominator >= heap[0][0][0].numerator * budget
        ):
            _push(
                heap,
                keep,
                (Fraction(used, budget), status.ticket or "", metric.metric, -self._tickets),
                partial(self._at_risk_ticket, status, metric, policy, used, budget, values),
            )

    def _worst_ticket(
        self,
        status: TicketStatus,
        metric: MetricStatus,
        policy: str,
        overrun: int,
        values: tuple[str, ...],
    ) -> WorstTicket:
        current = metric.cycles[-1]
        breached = metric.breached_at
        return WorstTicket(
            ticket=status.ticket,
            metric=metric.metric,
            priority=current.priority,
            policy=policy,
            state=metric.state,
            attributes=dict(zip(self.options.attributes, values, strict=True)),
            overrun_seconds=overrun / 1_000_000,
            budget_seconds=current.budget / _SECOND,
            breached_at=None if breached is None else breached.isoformat(),
            ledger=[LedgerLine.model_validate(e.to_dict()) for e in metric.ledger],
        )

    def _at_risk_ticket(
        self,
        status: TicketStatus,
        metric: MetricStatus,
        policy: str,
        used: int,
        budget: int,
        values: tuple[str, ...],
    ) -> AtRiskTicket:
        due = metric.due_at
        return AtRiskTicket(
            ticket=status.ticket,
            metric=metric.metric,
            priority=metric.cycles[-1].priority,
            policy=policy,
            attributes=dict(zip(self.options.attributes, values, strict=True)),
            percent_used=_percent(Fraction(used, budget)),
            elapsed_seconds=used / 1_000_000,
            budget_seconds=budget / 1_000_000,
            due_at=None if due is None else due.isoformat(),
        )

    # ------------------------------------------------------------------ merging

    def __add__(self, other: object) -> ComplianceReport:
        if not isinstance(other, ComplianceReport):
            return NotImplemented
        return merge(self, other)

    def _state(self) -> tuple[Any, ...]:
        cells = tuple(sorted((k, c.state()) for k, c in self._cells.items()))
        return (
            self.options,
            self._now,
            self._tickets,
            self._no_policy,
            cells,
            # The entries in rank order (ranks never tie), without the ranks: their arrival
            # numbers differ between reports of the same tickets added in another order.
            [entry for _, entry in sorted(self._worst)],
            [entry for _, entry in sorted(self._at_risk)],
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ComplianceReport):
            return NotImplemented
        return self._state() == other._state()

    __hash__ = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ views

    def _grouped(self, by: Iterable[str]) -> list[tuple[dict[str, str], _Cell]]:
        """The cells summed per value of the dimensions `by`, in key order (the renderers of
        this package read the samples from them)."""
        by = tuple(by)
        positions = [self.options.index(name) for name in by]
        sums: dict[tuple[str, ...], _Cell] = {}
        for key, cell in self._cells.items():
            group = tuple(key[p] for p in positions)
            found = sums.get(group)
            if found is None:
                sums[group] = cell.copy()
            else:
                found.absorb(cell, _UNLIMITED)
        return [(dict(zip(by, group, strict=True)), sums[group]) for group in sorted(sums)]

    def to_data(self, by: Iterable[str] | None = None) -> ReportData:
        """The figures as a pydantic model, grouped by `by` (default ``options.by``)."""
        options = self.options
        by = tuple(options.by if by is None else by)
        trend: list[TrendPoint] = []
        if options.period is not None:
            for key, cell in self._grouped(("metric", "period")):
                met, decided = self._attainment(cell)
                share = Fraction(met, decided) if decided else None
                trend.append(
                    TrendPoint(
                        metric=key["metric"],
                        period=key["period"],
                        met=met,
                        decided=decided,
                        breached=cell.breached,
                        attainment_percent=None if share is None else _percent(share),
                        meets_target=None
                        if share is None
                        else share * 100 >= options.attainment_target,
                    )
                )
        customer = options.customer_attribute
        return ReportData(
            now=None if self._now is None else self._now.isoformat(),
            by=list(by),
            rules=ReportRules(
                open_tickets=options.open_tickets,
                next_response_misses=options.next_response_misses,
                period_by=options.period_by,
                period=options.period,
                timezone=options.timezone,
                attainment_target_percent=float(options.attainment_target),
                warn_at_percent=float(options.warn_at),
                max_samples=options.max_samples,
            ),
            tickets=self._tickets,
            tickets_without_policy=self._no_policy,
            groups=[self._figures(key, cell) for key, cell in self._grouped(by)],
            trend=trend,
            breaches_by_priority=self._breaches("priority"),
            customer_attribute=customer,
            breaches_by_customer=[] if customer is None else self._breaches(customer),
            at_risk=_top(self._at_risk),
            worst=_top(self._worst),
        )

    def attainment(
        self, metric: str, where: Mapping[str, Collection[str]] | None = None
    ) -> Attainment:
        """`metric`'s attainment over the groups whose dimension values are among `where`'s
        (``{"period": ["2026-11"], "priority": ["P1"]}``), under ``options.open_tickets``:
        the sum of what `to_data` shows for those groups.

        >>> ComplianceReport(ReportOptions(timezone="UTC")).attainment("resolution").decided
        0
        """
        options = self.options
        wanted = []
        for name, values in (where or {}).items():
            if name not in DIMENSIONS and name.removeprefix("attr:") not in options.attributes:
                raise ValueError(
                    f"where: {name!r} is not a dimension of this report; it has"
                    f" {', '.join((*DIMENSIONS, *options.attributes))}"
                )
            wanted.append((options.index(name), frozenset(values)))
        met = decided = 0
        for key, cell in self._cells.items():
            if key[0] == metric and all(key[i] in values for i, values in wanted):
                m, d = self._attainment(cell)
                met += m
                decided += d
        return Attainment(met, decided)

    def _breaches(self, dimension: str) -> list[BreachCount]:
        return [
            BreachCount(
                metric=key["metric"], value=key[dimension], tickets=c.counted, breached=c.breached
            )
            for key, c in self._grouped(("metric", dimension))
        ]

    def _attainment(self, cell: _Cell) -> tuple[int, int]:
        met, decided = cell.met, cell.met + cell.breached
        if self.options.open_tickets == "count_as_met":
            met += cell.running + cell.paused
            decided += cell.running + cell.paused
        return met, decided

    def _figures(self, key: dict[str, str], cell: _Cell) -> GroupFigures:
        met, decided = self._attainment(cell)
        share = Fraction(met, decided) if decided else None
        cycles_decided = cell.cycles_met + cell.cycles_breached
        samples = None if cell.samples is None else sorted(cell.samples)

        def rank(p: int) -> float | None:
            if not samples:
                return None
            return samples[-(-p * len(samples) // 100) - 1] / 1_000_000

        n, total, most = cell.sample_n, cell.sample_sum, cell.sample_max
        return GroupFigures(
            key=key,
            tickets=cell.counted,
            met=cell.met,
            breached=cell.breached,
            running=cell.running,
            paused=cell.paused,
            cancelled=cell.cancelled,
            decided=decided,
            attainment=None if share is None else f"{share.numerator}/{share.denominator}",
            attainment_percent=None if share is None else _percent(share),
            meets_target=None if share is None else share * 100 >= self.options.attainment_target,
            cycles=cell.cycles,
            cycles_met=cell.cycles_met,
            cycles_breached=cell.cycles_breached,
            cycles_cancelled=cell.cycles_cancelled,
            cycles_open=cell.cycles_open,
            misses=cell.misses,
            cycle_attainment_percent=_percent(Fraction(cell.cycles_met, cycles_decided))
            if cycles_decided
            else None,
            at_risk=cell.at_risk,
            time_used=TimeUsed(
                count=n,
                median_seconds=rank(50),
                p90_seconds=rank(90),
                p95_seconds=rank(95),
                max_seconds=most / 1_000_000 if n else None,
                mean_seconds=float(Fraction(total, n * 1_000_000)) if n else None,
                exact=cell.samples is not None,
                targets=[format_duration(b) for b in _in_order(cell.targets)],
                targets_seconds=[
                    b.time / _SECOND for b in _in_order(cell.targets) if isinstance(b, BusinessTime)
                ],
            ),
            overrun=Overrun(
                count=cell.overrun_n,
                total_seconds=cell.overrun_sum / 1_000_000,
                mean_seconds=float(Fraction(cell.overrun_sum, cell.overrun_n * 1_000_000))
                if cell.overrun_n
                else None,
                max_seconds=cell.overrun_max / 1_000_000 if cell.overrun_n else None,
            ),
        )


def _later(ranked: list[_Ranked], before: int) -> list[_Ranked]:
    """`ranked` with arrival numbers counted after `before` earlier tickets."""
    return [((*rank[:-1], rank[-1] - before), entry) for rank, entry in ranked]


def merge(*reports: ComplianceReport) -> ComplianceReport:
    """One report over the tickets of all `reports` (built with equal options, at one instant).

    >>> options = ReportOptions(timezone="UTC")
    >>> merge(ComplianceReport(options), ComplianceReport(options)).tickets
    0
    """
    if not reports:
        raise ValueError("merge needs at least one report")
    options = reports[0].options
    out = ComplianceReport(options)
    for part in reports:
        if part.options != options:
            raise ValueError("reports built with different options cannot be merged")
        if part._now is not None:
            if out._now is None:
                out._now = part._now
            elif out._now != part._now:
                raise ValueError(
                    f"reports evaluated at {out._now.isoformat()} and {part._now.isoformat()}"
                    " cannot be merged; evaluate all parts at one instant"
                )
        # A part's tickets came after those merged so far: its entries' arrival numbers
        # (the last item of a rank, negated) continue from theirs, so ties keep the order
        # the report over all tickets gives them.
        before = out._tickets
        out._tickets += part._tickets
        out._no_policy += part._no_policy
        for key, cell in part._cells.items():
            found = out._cells.get(key)
            if found is None:
                out._cells[key] = cell.copy()
            else:
                found.absorb(cell, options.max_samples)
        out._worst = heapq.nlargest(options.keep, out._worst + _later(part._worst, before))
        out._at_risk = heapq.nlargest(options.keep, out._at_risk + _later(part._at_risk, before))
        heapq.heapify(out._worst)
        heapq.heapify(out._at_risk)
    return out


# ---------------------------------------------------------------------- building in one pass
