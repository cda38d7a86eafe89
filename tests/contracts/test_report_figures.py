"""Ticket objectives read the compliance report: a statement's figures equal the report's.

The property builds the compliance report independently (`slaclock.report.report` over the
same tickets, grouped by customer) and checks that each ticket objective's met and decided
counts, and the per-breach count, are the report's for the contract's customer, metric,
priorities and period, under both rules for running and paused tickets.
"""

from __future__ import annotations

import copy
import textwrap
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaclock import TicketEvent
from slaclock.contracts import ContractSet
from slaclock.report import ReportOptions, report

FILE = yaml.safe_load(
    textwrap.dedent(
        """\
        calendars:
          office: {timezone: Europe/Berlin, hours: {mon-fri: ["09:00-17:00"]}}
        policies:
          - name: support
            calendar: office
            pause_on: [waiting_on_customer]
            targets:
              P1: {first_response: 30m, resolution: 4h, calendar: 24x7}
              "*": {first_response: 4h, resolution: 2 business days}
        services:
          shop: {fee: 1000 EUR}
        contracts:
          - name: acme
            timezone: Europe/Berlin
            match: {customer: acme}
            objectives:
              - {name: p1-response, tickets: {metric: first_response, priority: P1},
                 attainment: 95%}
              - {name: resolution, tickets: {metric: resolution}, attainment: 90%}
              - {name: p2-p3-resolution, tickets: {metric: resolution, priority: [P2, P3]},
                 attainment: 80%}
            credits:
              per_breach:
                - {tickets: {metric: first_response, priority: P1}, amount: 10 EUR}
        """
    )
)
BERLIN = "Europe/Berlin"
START = datetime.fromisoformat("2026-10-20T00:00+02:00")  # the clocks go back on 25 October
MINUTES = 60 * 24 * 60  # tickets created over sixty days


def _events(
    at: int,
    priority: str,
    customer: str,
    reply: int | None,
    pause: tuple[int, int] | None,
    resolve: int | None,
    raise_to: int | None,
) -> list[TicketEvent]:
    created = START + timedelta(minutes=at)

    def later(minutes: int) -> datetime:
        return created + timedelta(minutes=minutes)

    events = [TicketEvent.created(created, priority, attributes={"customer": customer})]
    if pause is not None:
        events.append(TicketEvent.status_changed(later(pause[0]), "waiting_on_customer"))
        events.append(TicketEvent.status_changed(later(pause[0] + pause[1]), "open"))
    if raise_to is not None:
        events.append(TicketEvent.priority_changed(later(raise_to), "P1"))
    if reply is not None:
        events.append(TicketEvent.agent_replied(later(reply)))
    if resolve is not None:
        events.append(TicketEvent.resolved(later(resolve)))
    return events


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | values


tickets_strategy = st.lists(
    st.builds(
        _events,
        st.integers(0, MINUTES),
        st.sampled_from(["P1", "P2", "P3"]),
        st.sampled_from(["acme", "acme", "other"]),
        _maybe(st.integers(1, 600)),
        _maybe(st.tuples(st.integers(0, 300), st.integers(1, 3000))),
        _maybe(st.integers(1, 5000)),
        _maybe(st.integers(0, 200)),
    ),
    max_size=25,
)


def _report_figures(
    tickets: list[list[TicketEvent]], now: datetime, rule: Any, period: str
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(metric, priority) -> (met, decided, breached) of acme's tickets in `period`, as the
    compliance report shows them (met: attainment × decided)."""
    contracts = ContractSet.from_dict(FILE)
    assert contracts.policies is not None
    options = ReportOptions(
        timezone=BERLIN, by=("metric", "priority", "period", "customer"), open_tickets=rule
    )
    data = report(contracts.policies, tickets, now, options).to_data()
    # The attainment's numerator: `met` plus, under count_as_met, the open tickets.
    return {
        (g.key["metric"], g.key["priority"]): (
            int(Fraction(g.attainment or 0) * g.decided),
            g.decided,
            g.breached,
        )
        for g in data.groups
        if g.key["period"] == period and g.key["customer"] == "acme"
    }


def _summed(
    figures: dict[tuple[str, str], tuple[int, int, int]], metric: str, priorities: set[str]
) -> tuple[int, int, int]:
    rows = [v for (m, p), v in figures.items() if m == metric and p in priorities]
    return (sum(r[0] for r in rows), sum(r[1] for r in rows), sum(r[2] for r in rows))


class TestStatementEqualsReport:
    @settings(
        max_examples=80,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
    )
    @given(
        tickets=tickets_strategy,
        now_days=st.integers(20, 75),
        rule=st.sampled_from(["exclude", "count_as_met"]),
        period=st.sampled_from(["2026-10", "2026-11", "2026-12"]),
    )
    def test_ticket_objectives_are_the_report_figures(
        self, tickets: list[list[TicketEvent]], now_days: int, rule: str, period: str
    ) -> None:
        now = START + timedelta(days=now_days)
        data = copy.deepcopy(FILE)
        data["contracts"][0]["open_tickets"] = rule
        contracts = ContractSet.from_dict(data)
        records = contracts.tickets([(f"t{i}", t) for i, t in enumerate(tickets)], now)

        statement = contracts.statement("acme", period, [], records)
        figures = _report_figures(tickets, now, rule, period)

        lines = {o.name: o for o in statement.objectives}
        every = {"P1", "P2", "P3"}
        for name, metric, priorities in (
            ("p1-response", "first_response", {"P1"}),
            ("resolution", "resolution", every),
            ("p2-p3-resolution", "resolution", {"P2", "P3"}),
        ):
            met, decided, _ = _summed(figures, metric, priorities)
            line = lines[name]
            assert (met, decided) == (line.met_tickets, line.decided_tickets), name
            level = None if line.level_exact is None else Fraction(line.level_exact)
            assert (Fraction(met, decided) if decided else None) == level, name
        breaches = _summed(figures, "first_response", {"P1"})[2]
        assert Decimal(statement.per_breach.split()[0]) == 10 * breaches


class TestOpenTicketsRule:
    """Four acme P1 tickets in November 2026, evaluated at 1 December 00:00 Berlin: answered
    after 10 min and 20 min (met), after 45 min (breached: the budget is 30 min), and one
    created on 30 November at 23:50 still waiting (10 of its 30 minutes used: running)."""

    def _statement(self, rule: str) -> Any:
        data = copy.deepcopy(FILE)
        data["contracts"][0]["open_tickets"] = rule
        contracts = ContractSet.from_dict(data)
        t = datetime.fromisoformat
        acme = {"customer": "acme"}
        tickets = [
            [
                TicketEvent.created(t(created), "P1", attributes=acme),
                *([TicketEvent.agent_replied(t(created) + timedelta(minutes=m))] if m else []),
            ]
            for created, m in (
                ("2026-11-03T10:00+01:00", 10),
                ("2026-11-04T10:00+01:00", 20),
                ("2026-11-05T10:00+01:00", 45),
                ("2026-11-30T23:50+01:00", 0),
            )
        ]
        now = t("2026-12-01T00:00+01:00")
        records = contracts.tickets([(f"t{i}", e) for i, e in enumerate(tickets)], now)
        return contracts.statement("acme", "2026-11", [], records)

    @pytest.mark.parametrize(
        ("rule", "expected"),
        [
            pytest.param("exclude", (2, 3, "66.66%"), id="exclude-leaves-the-open-one-out"),
            pytest.param("count_as_met", (3, 4, "75.00%"), id="count-as-met-counts-it-met"),
        ],
    )
    def test_the_running_ticket(self, rule: str, expected: tuple[int, int, str]) -> None:
        line = self._statement(rule).objectives[0]

        actual = (line.met_tickets, line.decided_tickets, line.level)

        assert expected == actual

    def test_the_breach_is_credited_under_both_rules(self) -> None:
        for rule in ("exclude", "count_as_met"):
            assert "10.00 EUR" == self._statement(rule).per_breach


class TestReportAttainment:
    def test_a_dimension_the_report_does_not_have(self) -> None:
        policies = ContractSet.from_dict(FILE).policies
        assert policies is not None
        empty = report(policies, [], START, ReportOptions(timezone=BERLIN))

        with pytest.raises(ValueError, match="'region' is not a dimension of this report"):
            empty.attainment("first_response", {"region": ["emea"]})
