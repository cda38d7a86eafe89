"""A statement per contract and period: levels, tiers, credits, caps, earn-back, total owed.

The calculation, in the order the ledger shows it:

1. each objective's exact level (availability in its window, or attainment over tickets) and
   whether it meets its target (exact comparison; the displayed figure never decides);
2. the worst tier each objective reached, and its credit: the tier's share of a base — the
   fee of the objective's service (all the contract's fees where it names none), or with
   ``weights`` all the fees × the weight of the service (or of the objective);
3. per-breach ticket credits, if the contract has them;
4. the period limit: the smaller of ``at_risk`` and ``cap.per_period`` (shares of the fees);
5. the yearly cap: ``cap.per_year`` of a year's fees, less what earlier periods of the same
   calendar year already credited;
6. earn-back: a period's tier credit is *pending* until each of the next N periods meets
   every objective missed in it (then *returned*: deducted from the statement of the Nth
   period, never below zero) or one misses (then *final*).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from fractions import Fraction
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from ..errors import PolicyError
from ..report import ComplianceReport
from . import _intervals as iv
from .measure import Availability, Segment, classify, measure
from .outages import Outage
from .periods import Period
from .terms import Contract, Objective, Tier, format_percent
from .tickets import TicketRecord, objective_figures, rating_share, ticket_report

__all__ = [
    "CapLine",
    "EarnBackLine",
    "ObjectiveLine",
    "OutageLine",
    "Statement",
    "Step",
    "compute_statement",
]

EarnBackState = Literal["pending", "returned", "final"]

_CENT = Decimal("0.01")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(_Out):
    """One line of the calculation."""

    what: str
    value: str


class OutageLine(_Out):
    """A stretch of outage time as the measurement treated it."""

    service: str
    start: str
    end: str
    minutes: str
    impact: str
    kind: str
    counted: bool
    reason: str


class ObjectiveLine(_Out):
    """One objective's result in the period."""

    name: str
    kind: Literal["availability", "tickets", "rating"]
    service: str | None
    window: str | None
    target: str
    level_exact: str | None
    level: str | None
    met: bool
    window_seconds: str | None = None
    excluded_seconds: str | None = None
    downtime_seconds: str | None = None
    met_tickets: int | None = None
    decided_tickets: int | None = None
    tier: str | None = None
    base: str | None = None
    weight: str | None = None
    credit: str


class CapLine(_Out):
    """A limit on the period's credit and whether it bound."""

    name: str
    limit: str
    binding: bool


class EarnBackLine(_Out):
    """The earn-back state, as of this period, of an earlier (or this) period's credit."""

    period: str
    amount: str
    state: EarnBackState
    reason: str


class Statement(_Out):
    """What a contract's customer is owed for one period, and why."""

    contract: str
    customer: str | None
    version_effective_from: str | None
    period: str
    start: str
    end: str
    timezone: str
    currency: str
    fees: dict[str, str]
    objectives: list[ObjectiveLine]
    outages: list[OutageLine]
    per_breach: str
    subtotal: str
    caps: list[CapLine]
    credit: str
    earn_back: list[EarnBackLine]
    returned: str
    returned_not_offset: str
    total_owed: str
    ledger: list[Step]


# --------------------------------------------------------------------------- one period


@dataclass(frozen=True, slots=True)
class _Result:
    objective: Objective
    level: Fraction | None
    availability: Availability | None
    met_tickets: int | None
    decided: int | None
    tier: Tier | None
    base: Decimal
    weight: Fraction | None
    credit: Decimal

    @property
    def met(self) -> bool:
        return self.level is None or self.level >= self.objective.target


@dataclass(frozen=True, slots=True)
class _Period:
    contract: Contract
    results: tuple[_Result, ...]
    tier_credits: Decimal
    per_breach: Decimal
    limit: Decimal | None
    after_period_cap: Decimal
    segments: Mapping[str, tuple[Segment, ...]]

    def missed(self) -> frozenset[str]:
        return frozenset(r.objective.name for r in self.results if not r.met)


def _cents(amount: Decimal) -> Decimal:
    """An amount rounded to the cent (half to even), once, where it is computed: the lines of
    a statement then add up to its totals exactly."""
    return amount.quantize(_CENT, rounding=ROUND_HALF_EVEN)


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def _rated(
    contract: Contract, tickets: Sequence[TicketRecord], priorities: frozenset[str] | None
) -> list[TicketRecord]:
    return [
        t
        for t in tickets
        if contract.matches(t.attributes) and (priorities is None or t.priority in priorities)
    ]


def _one_period(
    contract: Contract,
    period: Period,
    outages: Sequence[Outage],
    tickets: Sequence[TicketRecord],
    report: ComplianceReport,
) -> _Period:
    lo, hi = period.bounds
    fees = contract.fees
    weights = contract.credits.weights
    segments = {key: classify(contract, outages, key, lo, hi) for key in contract.services}
    results: list[_Result] = []
    for o in contract.objectives:
        avail = None
        met_n = decided = None
        if o.kind == "availability":
            assert o.service is not None
            avail = measure(contract, o, segments[o.service], lo, hi)
            level: Fraction | None = avail.level
        elif o.kind == "rating":
            assert o.attribute is not None and o.at_least is not None
            picked = _rated(contract, tickets, o.priorities)
            att = rating_share(picked, o.attribute, o.at_least, period.start, period.end)
            level, met_n, decided = att.level, att.met, att.decided
        else:
            assert o.metric is not None
            att = objective_figures(report, o.metric, period.label, o.priorities)
            level, met_n, decided = att.level, att.met, att.decided
        tier = None if level is None else o.tier_for(level)
        # A weight named after the objective wins over one named after its service.
        weight = weights.get(o.name)
        if weight is None and o.service is not None:
            weight = weights.get(o.service)
        if weight is not None:
            base = fees * _dec(weight)
        elif o.service is not None:
            base = contract.services[o.service].fee.amount
        else:
            base = fees
        credit = Decimal(0) if tier is None else _cents(base * tier.credit_share)
        results.append(_Result(o, level, avail, met_n, decided, tier, base, weight, credit))
    per_breach = Decimal(0)
    for rule in contract.credits.per_breach:
        count = objective_figures(report, rule.metric, period.label, rule.priorities).breached
        per_breach += _cents(count * rule.amount.amount)
    tier_credits = sum((r.credit for r in results), Decimal(0))
    limits = [s for s in (contract.credits.at_risk, contract.credits.per_period) if s is not None]
    limit = _cents(fees * _dec(min(limits))) if limits else None
    subtotal = tier_credits + per_breach
    after = subtotal if limit is None else min(subtotal, limit)
    return _Period(contract, tuple(results), tier_credits, per_breach, limit, after, segments)


# --------------------------------------------------------------------------- history


def _version(versions: Sequence[Contract], period: Period) -> Contract | None:
    for c in versions:
        if c.in_effect(period.start):
            return c
    return None


def compute_statement(
    versions: Sequence[Contract],
    label: str,
    outages: Iterable[Outage],
    tickets: Iterable[TicketRecord] = (),
) -> Statement:
    """The statement of one contract (all its versions, by effective date) for a period."""
    if not versions:
        raise PolicyError("no contract versions given")
    first = versions[0]
    outages = list(outages)
    tickets = list(tickets)
    with localcontext() as ctx:
        # Money is exact: fees, shares and weights are decimals, so products are too.
        ctx.prec = 80
        target = Period.parse(label, first.period, first.timezone)
        contract = _version(versions, target)
        if contract is None:
            raise PolicyError(
                f"no version of contract {first.name!r} is in effect at the start of"
                f" {target.label} ({target.start.isoformat()})"
            )
        target = Period.parse(label, contract.period, contract.timezone)
        n = contract.credits.earn_back or 0
        begin = target
        for _ in range(n):
            begin = begin.previous()
        begin = begin.first_of_year()
        history: list[tuple[Period, _Period | None]] = []
        reports: dict[int, ComplianceReport] = {}
        p = begin
        while p <= target:
            c = _version(versions, p)
            if c is None:
                history.append((p, None))
            else:
                p = Period(p.year, p.index, c.period, c.timezone)
                report = reports.get(id(c))
                if report is None:
                    report = reports[id(c)] = ticket_report(c, tickets)
                history.append((p, _one_period(c, p, outages, tickets, report)))
            p = p.next()
        credited = _yearly(history)
        return _statement(contract, target, history, credited, n)


def _yearly(
    history: Sequence[tuple[Period, _Period | None]],
) -> list[tuple[Decimal, Decimal | None]]:
    """Per period: the credit after the yearly cap, and the year's remaining room before it."""
    out: list[tuple[Decimal, Decimal | None]] = []
    used: dict[int, Decimal] = {}
    for period, figures in history:
        if figures is None:
            out.append((Decimal(0), None))
            continue
        share = figures.contract.credits.per_year
        so_far = used.get(period.year, Decimal(0))
        room = None
        credit = figures.after_period_cap
        if share is not None:
            year_cap = _cents(figures.contract.fees * period.per_year * _dec(share))
            room = max(Decimal(0), year_cap - so_far)
            credit = min(credit, room)
        used[period.year] = so_far + credit
        out.append((credit, room))
    return out


def _earn_back_state(
    history: Sequence[tuple[Period, _Period | None]], k: int, upto: int, n: int
) -> tuple[EarnBackState, str]:
    figures = history[k][1]
    assert figures is not None
    missed = figures.missed()
    for j in range(k + 1, upto + 1):
        later = history[j][1]
        label = history[j][0].label
        if later is None:
            return "final", f"no contract in effect in {label}"
        found = {r.objective.name: r for r in later.results}
        failed = sorted(m for m in missed if m not in found or not found[m].met)
        if failed:
            return "final", f"{', '.join(failed)} missed again in {label}"
    if upto - k >= n:
        return "returned", f"{', '.join(sorted(missed))} met in each of the next {n} periods"
    return "pending", f"{upto - k} of {n} following periods met so far"


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01'))} {currency}"


def _statement(
    contract: Contract,
    target: Period,
    history: Sequence[tuple[Period, _Period | None]],
    credited: Sequence[tuple[Decimal, Decimal | None]],
    n: int,
) -> Statement:
    cur = len(history) - 1
    figures = history[cur][1]
    assert figures is not None
    cur_credit, year_room = credited[cur]
    cur_ = contract.currency
    ledger: list[Step] = []

    def step(what: str, value: str) -> None:
        ledger.append(Step(what=what, value=value))

    fees = {k: _money(s.fee.amount, cur_) for k, s in contract.services.items()}
    step("fees of the period", f"{' + '.join(fees.values())} = {_money(contract.fees, cur_)}")
    lines: list[ObjectiveLine] = []
    for r in figures.results:
        o = r.objective
        shown = None if r.level is None else format_percent(r.level, o.places)
        exact = None if r.level is None else f"{r.level.numerator}/{r.level.denominator}"
        if r.availability is not None:
            a = r.availability
            step(
                f"{o.name}: availability",
                f"({_sec(a.agreed_us)} s agreed − {_sec_f(a.downtime_us)} s down) ÷"
                f" {_sec(a.agreed_us)} s = {shown} (window {_sec(a.window_us)} s,"
                f" excluded {_sec(a.excluded_us)} s)",
            )
        elif o.kind == "rating":
            if r.level is None:
                step(f"{o.name}: ratings", "no ticket rated in the period: nothing to miss")
            else:
                step(
                    f"{o.name}: ratings",
                    f"{r.met_tickets} of {r.decided} rated at least {o.at_least} = {shown}",
                )
        elif r.level is None:
            step(f"{o.name}: attainment", "no decided tickets in the period: nothing to miss")
        else:
            step(f"{o.name}: attainment", f"{r.met_tickets} met of {r.decided} decided = {shown}")
        verdict = "met" if r.met else "missed"
        step(f"{o.name}: target {o.target_text}", f"{verdict} (decided on the exact level)")
        tier_text = None
        if r.tier is not None:
            tier_text = f"below {r.tier.below_text}: {r.tier.credit_text}"
            base = _money(r.base, cur_)
            if r.weight is not None:
                base = f"{_money(contract.fees, cur_)} × {_plain(r.weight)} weight"
            step(
                f"{o.name}: tier {tier_text}",
                f"{r.tier.credit_text} × {base} = {_money(r.credit, cur_)}",
            )
        lines.append(
            ObjectiveLine(
                name=o.name,
                kind=o.kind,
                service=o.service,
                window=None if o.window is None else o.window.describe(),
                target=o.target_text,
                level_exact=exact,
                level=shown,
                met=r.met,
                window_seconds=None if r.availability is None else _sec(r.availability.window_us),
                excluded_seconds=None
                if r.availability is None
                else _sec(r.availability.excluded_us),
                downtime_seconds=None
                if r.availability is None
                else _sec_f(r.availability.downtime_us),
                met_tickets=r.met_tickets,
                decided_tickets=r.decided,
                tier=tier_text,
                base=_money(r.base, cur_),
                weight=None if r.weight is None else _plain(r.weight),
                credit=_money(r.credit, cur_),
            )
        )
    if contract.credits.per_breach:
        step("per-breach ticket credits", _money(figures.per_breach, cur_))
    subtotal = figures.tier_credits + figures.per_breach
    step("subtotal", _money(subtotal, cur_))
    caps: list[CapLine] = []
    if figures.limit is not None:
        binding = subtotal > figures.limit
        caps.append(CapLine(name="per period", limit=_money(figures.limit, cur_), binding=binding))
        step(
            "period limit (at risk / cap per period)",
            f"{_money(figures.limit, cur_)}{' — binds' if binding else ''}",
        )
    if year_room is not None:
        binding = figures.after_period_cap > year_room
        caps.append(CapLine(name="per year", limit=_money(year_room, cur_), binding=binding))
        step(
            "room left under the yearly cap (cap less earlier credits this year)",
            f"{_money(year_room, cur_)}{' — binds' if binding else ''}",
        )
    step("credit for the period", _money(cur_credit, cur_))

    earn: list[EarnBackLine] = []
    returned = Decimal(0)
    if n:
        for k in range(max(0, cur - n), cur + 1):
            past = history[k][1]
            amount = min(credited[k][0], past.tier_credits) if past else Decimal(0)
            if past is None or amount <= 0:
                continue
            state, why = _earn_back_state(history, k, cur, n)
            if k == cur:
                state, why = "pending", f"returned if the next {n} periods meet the objectives"
            if state == "returned" and cur - k == n:
                returned += amount
            earn.append(
                EarnBackLine(
                    period=history[k][0].label,
                    amount=_money(amount, cur_),
                    state=state,
                    reason=why,
                )
            )
            step(f"earn-back of {history[k][0].label}", f"{state}: {why}")
    offset = min(returned, cur_credit)
    total = cur_credit - offset
    if returned:
        step("returned by earn-back", f"−{_money(offset, cur_)} (never below zero)")
    step("total owed", _money(total, cur_))
    return Statement(
        contract=contract.name,
        customer=contract.customer,
        version_effective_from=None
        if contract.effective_from is None
        else contract.effective_from.isoformat(),
        period=target.label,
        start=target.start.isoformat(),
        end=target.end.isoformat(),
        timezone=contract.timezone,
        currency=cur_,
        fees=fees,
        objectives=lines,
        outages=_outage_lines(figures, target),
        per_breach=_money(figures.per_breach, cur_),
        subtotal=_money(subtotal, cur_),
        caps=caps,
        credit=_money(cur_credit, cur_),
        earn_back=earn,
        returned=_money(returned, cur_),
        returned_not_offset=_money(returned - offset, cur_),
        total_owed=_money(total, cur_),
        ledger=ledger,
    )


def _outage_lines(figures: _Period, period: Period) -> list[OutageLine]:
    zone = ZoneInfo(period.timezone)
    lines = []
    for service, segments in figures.segments.items():
        for seg in segments:
            lines.append(
                OutageLine(
                    service=service,
                    start=iv.from_us(seg.start, zone).isoformat(),
                    end=iv.from_us(seg.end, zone).isoformat(),
                    minutes=_sec_f(Fraction(seg.end - seg.start, 60)),
                    impact=f"{_dec(seg.impact).normalize():f}",
                    kind=seg.kind,
                    counted=seg.counted,
                    reason=seg.reason,
                )
            )
    return lines


def _plain(share: Fraction) -> str:
    """A share as a percentage without trailing zeros (80%, 12.5%)."""
    return f"{(_dec(share) * 100).normalize():f}%"


def _sec(us: int) -> str:
    whole, micro = divmod(us, 1_000_000)
    return str(whole) if not micro else f"{whole}.{micro:06d}".rstrip("0")


def _sec_f(us: Fraction) -> str:
    """Seconds from a fraction of microseconds, to the microsecond (half to even)."""
    return _sec(round(us))
