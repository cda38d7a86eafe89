"""Properties of compliance reports over random tickets.

1. merge(report(a), report(b)) == report(a + b), for any split and any order;
2. every attainment lies between 0 and 100 %;
3. a ticket is counted once per metric (so once per metric and period);
4. grouping by nothing equals the sum over any grouping.

Tickets are evaluated once per example; the reports are built from the statuses with
`ComplianceReport.add`, so an example costs a few evaluations, not one per property.
"""

from __future__ import annotations

import copy
from collections import Counter
from datetime import datetime, timedelta
from fractions import Fraction
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent, TicketStatus, evaluate
from slaclock.report import (
    DIMENSIONS,
    ComplianceReport,
    GroupFigures,
    ReportOptions,
    merge,
)

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 10, 19, 8, 0, tzinfo=BERLIN)  # spans the October DST change
NOW = START + timedelta(days=75)

POLICIES = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}},
            "always": "24x7",
        },
        "policies": [
            {
                "name": "gold",
                "match": {"customer": "a"},
                "calendar": "office",
                "pause_on": ["waiting"],
                "targets": {
                    "P1": {"first_response": "30m", "resolution": "4h", "calendar": "always"},
                    "*": {"first_response": "2h", "next_response": "3h", "resolution": "12h"},
                },
            },
            {
                "name": "basic",
                "calendar": "office",
                "pause_on": ["waiting"],
                "reopen": "new_cycle",
                "sticky_breach": False,
                "targets": {"*": {"first_response": "4h", "resolution": "16h"}},
            },
        ],
    }
)

KINDS = ("agent_replied", "customer_replied", "waiting", "open", "resolved", "reopened", "prio")


@st.composite
def tickets(draw: st.DrawFn) -> tuple[TicketStatus, datetime, dict[str, Any]]:
    """One random ticket, evaluated at NOW, with its creation instant and attributes."""
    ident = draw(st.integers(0, 10**6))
    at = START + timedelta(minutes=draw(st.integers(0, 70 * 24 * 60)))
    customer = draw(st.sampled_from(("a", "b", "c")))
    attributes = {"customer": customer, "queue": draw(st.sampled_from(("web", "mail")))}
    events = [TicketEvent.created(at, draw(st.sampled_from(("P1", "P2", "P3"))), attributes)]
    for kind in draw(st.lists(st.sampled_from(KINDS), max_size=6)):
        at += timedelta(minutes=draw(st.integers(1, 3000)))
        if kind == "agent_replied":
            events.append(TicketEvent.agent_replied(at, public=draw(st.booleans())))
        elif kind == "customer_replied":
            events.append(TicketEvent.customer_replied(at))
        elif kind in ("waiting", "open"):
            events.append(TicketEvent.status_changed(at, kind))
        elif kind == "resolved":
            events.append(TicketEvent.resolved(at))
        elif kind == "reopened":
            events.append(TicketEvent.reopened(at))
        else:
            events.append(TicketEvent.priority_changed(at, draw(st.sampled_from(("P1", "P3")))))
    status = evaluate(POLICIES, events, NOW, ticket=f"T{ident}")
    return status, events[0].at, attributes


options = st.builds(
    ReportOptions,
    timezone=st.sampled_from(("Europe/Berlin", "UTC", "America/New_York")),
    period=st.sampled_from(("day", "week", "month", "quarter")),
    by=st.just(("metric", "period", "customer")),
    period_by=st.sampled_from(("decided", "created")),
    open_tickets=st.sampled_from(("exclude", "count_as_met")),
    next_response_misses=st.sampled_from(("per_wait", "per_message")),
    warn_at=st.sampled_from((Fraction(50), Fraction(75))),
    keep=st.integers(0, 4),
    max_samples=st.sampled_from((2, 5, 1_000_000)),
)

Ticket = tuple[TicketStatus, datetime, dict[str, Any]]
#: Ticket ids are unique, as the worst and at-risk lists break ties by ticket id.
TICKETS = st.lists(tickets(), max_size=14, unique_by=lambda t: t[0].ticket)


def build(chosen: ReportOptions, items: list[Ticket]) -> ComplianceReport:
    out = ComplianceReport(chosen)
    for status, created, attributes in items:
        out.add(status, created_at=created, attributes=attributes)
    return out


COUNTS = (
    "tickets",
    "met",
    "breached",
    "running",
    "paused",
    "cancelled",
    "decided",
    "cycles",
    "cycles_met",
    "cycles_breached",
    "cycles_cancelled",
    "cycles_open",
    "misses",
    "at_risk",
)


def counts(figures: GroupFigures) -> Counter[str]:
    out: Counter[str] = Counter({name: getattr(figures, name) for name in COUNTS})
    out["samples"] = figures.time_used.count
    out["overruns"] = figures.overrun.count
    return out


@st.composite
def shared_ids(draw: st.DrawFn) -> list[Ticket]:
    """Tickets whose ids repeat or are missing: the worst and at-risk lists then tie."""
    items = draw(st.lists(tickets(), max_size=10))
    out = []
    for status, created, attributes in items:
        renamed = copy.copy(status)
        renamed.ticket = draw(st.sampled_from((None, "dup")))
        out.append((renamed, created, attributes))
    return out


@given(options, shared_ids(), st.lists(st.integers(0, 10), max_size=3))
def test_merge_of_consecutive_parts_keeps_ties_in_arrival_order(
    chosen: ReportOptions, items: list[Ticket], cuts: list[int]
) -> None:
    # A report split into consecutive parts (as `slaclock report --workers` and Dask split
    # a stream) merges back to the whole one, also where ranks tie: earlier tickets first.
    bounds = [0, *sorted(min(c, len(items)) for c in cuts), len(items)]
    parts = [build(chosen, items[a:b]) for a, b in pairwise(bounds)]

    merged = merge(*parts)

    assert build(chosen, items).to_data() == merged.to_data()
    assert build(chosen, items) == merged


@given(options, TICKETS, st.randoms(use_true_random=False))
def test_merge_of_parts_is_the_report_of_the_whole(
    chosen: ReportOptions, items: list[Ticket], rng: Any
) -> None:
    mask = [rng.random() < 0.5 for _ in items]
    a = [t for t, m in zip(items, mask, strict=True) if m]
    b = [t for t, m in zip(items, mask, strict=True) if not m]
    whole = build(chosen, items)

    merged = merge(build(chosen, a), build(chosen, b))
    assert whole == merged
    assert whole.to_data() == merged.to_data()
    assert whole == build(chosen, b) + build(chosen, a)
    assert whole.to_data(by=()) == merged.to_data(by=())


@given(options, TICKETS)
def test_attainment_is_a_share(chosen: ReportOptions, items: list[Ticket]) -> None:
    data = build(chosen, items).to_data(by=("metric", "priority", "period", "customer"))

    shares = [g.attainment_percent for g in data.groups]
    shares += [g.cycle_attainment_percent for g in data.groups]
    shares += [p.attainment_percent for p in data.trend]
    for share in shares:
        assert share is None or 0 <= share <= 100
    for g in data.groups:
        assert g.met <= g.decided or chosen.open_tickets == "count_as_met"
        if g.attainment is not None:
            assert 0 <= Fraction(g.attainment) <= 1


@given(options, TICKETS)
def test_a_ticket_is_counted_once_per_metric(chosen: ReportOptions, items: list[Ticket]) -> None:
    expected: Counter[str] = Counter(
        m.metric for status, _, _ in items for m in status.metrics if m.state != "pending"
    )
    data = build(chosen, items).to_data(by=("metric", "period"))

    actual: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    for g in data.groups:
        actual[g.key["metric"]] += g.tickets
        assert (g.key["metric"], g.key["period"]) not in seen
        seen.add((g.key["metric"], g.key["period"]))
    assert expected == actual


@given(
    options,
    TICKETS,
    st.lists(st.sampled_from((*DIMENSIONS, "customer", "queue")), unique=True),
)
def test_grouping_by_nothing_is_the_sum_of_any_grouping(
    chosen: ReportOptions, items: list[Ticket], by: list[str]
) -> None:
    chosen = ReportOptions(
        timezone=chosen.timezone,
        period=chosen.period,
        by=("customer", "queue"),
        max_samples=chosen.max_samples,
    )
    result = build(chosen, items)
    whole = result.to_data(by=()).groups
    nothing = whole[0] if whole else None
    assert len(whole) <= 1

    groups = result.to_data(by=by).groups
    total: Counter[str] = Counter()
    for g in groups:
        total.update(counts(g))
    if nothing is None:
        assert [] == groups
        return
    assert +counts(nothing) == +total
    maxima = [g.time_used.max_seconds for g in groups if g.time_used.max_seconds is not None]
    assert nothing.time_used.max_seconds == (max(maxima) if maxima else None)
    overrun = sum(g.overrun.total_seconds for g in groups)
    assert abs(nothing.overrun.total_seconds - overrun) < 1e-6
    assert nothing.time_used.exact == all(g.time_used.exact for g in groups)


def _counting(chosen: ReportOptions, rule: str) -> ReportOptions:
    return ReportOptions(
        timezone=chosen.timezone,
        period=chosen.period,
        by=chosen.by,
        period_by=chosen.period_by,
        open_tickets=chosen.open_tickets,
        next_response_misses=rule,  # type: ignore[arg-type]
    )


@given(options, TICKETS)
def test_misses_per_message_are_at_least_those_per_wait(
    chosen: ReportOptions, items: list[Ticket]
) -> None:
    by = ("metric", "priority", "period", "customer")
    per_wait = build(_counting(chosen, "per_wait"), items).to_data(by=by)
    per_message = build(_counting(chosen, "per_message"), items).to_data(by=by)
    one_each = all(
        c.messages in (None, 1) for status, _, _ in items for m in status.metrics for c in m.cycles
    )

    assert [g.key for g in per_wait.groups] == [g.key for g in per_message.groups]
    for w, m in zip(per_wait.groups, per_message.groups, strict=True):
        assert w.misses == w.cycles_breached
        assert m.misses >= w.misses
        if w.key["metric"] != "next_response" or one_each:
            assert m.misses == w.misses
