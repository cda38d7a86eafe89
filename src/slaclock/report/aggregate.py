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
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from functools import partial
from typing import Any, Literal, TypeAlias, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slaclock import (
    BusinessDays,
    BusinessTime,
    MetricStatus,
    PolicySet,
    SlaPolicy,
    TicketEvent,
    TicketStatus,
    Timeline,
    evaluate_many,
    format_duration,
    read_jsonl,
)
from slaclock.errors import TimelineError

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
from .periods import PERIODS, Period, period_key

__all__ = [
    "DIMENSIONS",
    "ComplianceReport",
    "OpenTickets",
    "PeriodBy",
    "ReportOptions",
    "merge",
    "report",
    "report_jsonl",
]

OpenTickets: TypeAlias = Literal["exclude", "count_as_met"]
"""How running and paused tickets enter attainment: left out of it until decided
(``exclude``, the default), or counted as met so far (``count_as_met``). A ticket whose
budget has run out is breached under both rules, whether or not it is still open."""

PeriodBy: TypeAlias = Literal["decided", "created"]
"""Which period a ticket's metric belongs to: the one in which it was decided (met, breached,
cancelled), open ones the one in which the ticket was created (``decided``, the default); or
always the one in which the ticket was created (``created``)."""

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


class _Cell:
    """The figures of one combination of metric, priority, policy, period and attributes.

    Totals that are sums of others (tickets counted, cycles) and the count, sum and max of
    the samples while they are kept are derived when asked, not kept up per ticket: this
    runs once per metric of every ticket.
    """

    __slots__ = (
        "at_risk",
        "breached",
        "cancelled",
        "cycles_breached",
        "cycles_cancelled",
        "cycles_met",
        "cycles_open",
        "dropped_max",
        "dropped_n",
        "dropped_sum",
        "met",
        "overrun_max",
        "overrun_n",
        "overrun_sum",
        "paused",
        "running",
        "samples",
        "targets",
    )

    def __init__(self) -> None:
        self.met = self.breached = self.running = self.paused = self.cancelled = 0
        self.at_risk = 0
        self.cycles_met = self.cycles_breached = self.cycles_cancelled = self.cycles_open = 0
        # Exact samples while there are at most max_samples; past that, only their count,
        # sum and max (`dropped_*`).
        self.samples: array[int] | None = array("q")
        self.dropped_n = self.dropped_sum = self.dropped_max = 0
        # Met cycles per target budget: a policy has few, so this stays small.
        self.targets: dict[BusinessTime | BusinessDays | None, int] = {}
        self.overrun_n = self.overrun_sum = self.overrun_max = 0

    @property
    def counted(self) -> int:
        return self.met + self.breached + self.running + self.paused + self.cancelled

    @property
    def cycles(self) -> int:
        return self.cycles_met + self.cycles_breached + self.cycles_cancelled + self.cycles_open

    @property
    def sample_n(self) -> int:
        return self.dropped_n if self.samples is None else len(self.samples)

    @property
    def sample_sum(self) -> int:
        return self.dropped_sum if self.samples is None else sum(self.samples)

    @property
    def sample_max(self) -> int:
        return self.dropped_max if self.samples is None else max(self.samples, default=0)

    def drop(self) -> None:
        """Keep only the count, sum and max of the samples from now on."""
        self.dropped_n, self.dropped_sum = self.sample_n, self.sample_sum
        self.dropped_max = self.sample_max
        self.samples = None

    def absorb(self, other: _Cell, max_samples: int) -> None:
        self.met += other.met
        self.breached += other.breached
        self.running += other.running
        self.paused += other.paused
        self.cancelled += other.cancelled
        self.at_risk += other.at_risk
        self.cycles_met += other.cycles_met
        self.cycles_breached += other.cycles_breached
        self.cycles_cancelled += other.cycles_cancelled
        self.cycles_open += other.cycles_open
        mine, theirs = self.samples, other.samples
        if mine is not None and theirs is not None and len(mine) + len(theirs) <= max_samples:
            mine.extend(theirs)
        else:
            n, total = self.sample_n + other.sample_n, self.sample_sum + other.sample_sum
            most = max(self.sample_max, other.sample_max)
            self.samples = None
            self.dropped_n, self.dropped_sum, self.dropped_max = n, total, most
        targets = self.targets
        for target, count in other.targets.items():
            targets[target] = targets.get(target, 0) + count
        self.overrun_n += other.overrun_n
        self.overrun_sum += other.overrun_sum
        self.overrun_max = max(self.overrun_max, other.overrun_max)

    def copy(self) -> _Cell:
        out = _Cell()
        out.absorb(self, _UNLIMITED)
        return out

    def state(self) -> tuple[Any, ...]:
        samples = None if self.samples is None else sorted(self.samples)
        fields = (getattr(self, n) for n in self.__slots__ if n != "samples")
        return (*fields, self.sample_n, self.sample_sum, self.sample_max, samples)


#: (rank, payload): the heap keeps the `keep` highest ranks.
_Ranked: TypeAlias = tuple[tuple[Any, ...], Any]


class _Later:
    """A listed ticket's entry, built when first looked at: most candidates are pushed out of
    the top list by worse ones before anyone does, and a ledger is costly to build."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Any] | None, value: Any = None) -> None:
        self._make = make
        self._value = value

    def get(self) -> Any:
        if self._make is not None:
            self._value = self._make()
            self._make = None
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Later) and self.get() == other.get()

    __hash__ = None  # type: ignore[assignment]

    def __lt__(self, other: object) -> bool:
        # Ranks decide; equal ranks (one ticket id listed twice) keep the order of arrival.
        return False

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Later, (None, self.get()))


def _push(heap: list[_Ranked], keep: int, rank: tuple[Any, ...], make: Callable[[], Any]) -> None:
    if keep <= 0:
        return
    if len(heap) < keep:
        heapq.heappush(heap, (rank, _Later(make)))
    elif rank > heap[0][0]:
        heapq.heapreplace(heap, (rank, _Later(make)))


def _top(heap: list[_Ranked]) -> list[Any]:
    return [later.get() for _, later in sorted(heap, key=lambda item: item[0], reverse=True)]


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
        for metric in status.metrics:
            state = metric.state
            if state == "pending":
                continue
            current = metric.current
            assert current is not None  # a metric that is not pending has a cycle
            at = created_at
            if by_decision:
                if state == "met" or state == "cancelled":
                    at = current.ended_at or created_at
                elif state == "breached":
                    at = metric.breached_at or created_at
            if at.tzinfo is not zone:
                at = at.astimezone(zone)
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
                    elapsed = cycle.elapsed // _US
                elif cycle_state == "breached":
                    cell.cycles_breached += 1
                    elapsed = cycle.elapsed // _US
                    over = elapsed - cycle.budget // _US
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
                budget = current.budget // _US
                used = current.elapsed // _US
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
        if worst >= 0 and keep and (len(heap) < keep or worst >= heap[0][0][0]):
            _push(
                heap,
                keep,
                (worst, status.ticket or "", metric.metric),
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
                (Fraction(used, budget), status.ticket or "", metric.metric),
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
            sorted(self._worst, key=lambda r: r[0]),
            sorted(self._at_risk, key=lambda r: r[0]),
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
        out._tickets += part._tickets
        out._no_policy += part._no_policy
        for key, cell in part._cells.items():
            found = out._cells.get(key)
            if found is None:
                out._cells[key] = cell.copy()
            else:
                found.absorb(cell, options.max_samples)
        out._worst = heapq.nlargest(options.keep, out._worst + part._worst, key=lambda r: r[0])
        out._at_risk = heapq.nlargest(
            options.keep, out._at_risk + part._at_risk, key=lambda r: r[0]
        )
        heapq.heapify(out._worst)
        heapq.heapify(out._at_risk)
    return out


# ---------------------------------------------------------------------- building in one pass


def _attributes_at(timeline: Timeline, now: datetime) -> Mapping[str, Any]:
    attributes: Mapping[str, Any] = timeline.created.attributes or {}
    changed: dict[str, Any] | None = None
    for event in timeline.events:
        if event.type == "attribute_changed" and event.at <= now:
            if changed is None:
                changed = dict(attributes)
            for name, value in (event.attributes or {}).items():
                if value is None:
                    changed.pop(name, None)
                else:
                    changed[name] = value
    return attributes if changed is None else changed


def report(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    options: ReportOptions,
    *,
    progress: Callable[[int], None] | None = None,
    into: ComplianceReport | None = None,
) -> ComplianceReport:
    """Evaluate tickets at `now` and count them into a report, one ticket at a time.

    Each item is a ticket's events or a ``(ticket_id, events)`` pair, as for
    `slaclock.evaluate_many`. `progress`, if given, is called with the number of tickets
    done after each one. `into` continues an existing report (built with the same options)
    instead of starting a new one; it is returned.
    """
    if into is not None and into.options != options:
        raise ValueError("into: the report was built with other options")
    out = ComplianceReport(options) if into is None else into
    held: list[Timeline] = []

    def timelines() -> Iterator[tuple[str | None, Timeline]]:
        for position, item in enumerate(tickets):
            ident: str | None = None
            events: Iterable[TicketEvent]
            if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[0], TicketEvent):
                ident, events = item
            else:
                events = item
            try:
                timeline = Timeline.of(events)
            except TimelineError as exc:
                name = f"ticket {ident!r}" if ident is not None else f"ticket #{position}"
                raise TimelineError(f"{name}: {exc}") from None
            held[:] = [timeline]
            yield ident, timeline

    add = out.add
    grouped = bool(options.attributes)
    for done, status in enumerate(evaluate_many(policies, timelines(), now), start=1):
        timeline = held[0]
        add(
            status,
            created_at=timeline.created.at,
            attributes=_attributes_at(timeline, now) if grouped else None,
        )
        if progress is not None:
            progress(done)
    return out


def report_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    options: ReportOptions,
    *,
    progress: Callable[[int], None] | None = None,
    into: ComplianceReport | None = None,
) -> ComplianceReport:
    """`report` over a JSON-lines stream of events grouped by their ``ticket`` field."""
    return report(policies, read_jsonl(lines), now, options, progress=progress, into=into)
