"""Earn-back at its edges (a miss in the very next period, several objectives, a year boundary,
a period without a contract), periods stepping back, and ratings limited to priorities.

The contract of `helpers.base_file`: shop (12,000 EUR) and backup (3,000 EUR), each promised
99.5 % around the clock with tiers 5 % below 99.5 %, 10 % below 99 %, 25 % below 97 %. Five
hours down in a month of about 740 h is about 99.3 %: 5 %, so 600 EUR for the shop and 150 EUR
for the backup.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock.contracts import ContractSet, Period, TicketRecord

from .helpers import base_file, contracts, down


def _states(statement: Any) -> list[tuple[str, str, str, str]]:
    return [(e.period, e.amount, e.state, e.reason) for e in statement.earn_back]


class TestEarnBackEdges:
    def test_missed_again_in_the_very_next_period(self) -> None:
        c = contracts(earn_back={"periods": 3})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("shop", "2026-02-12T08:00+01:00", 5),
        ]

        february = c.statement("acme", "2026-02", outages)

        assert [
            ("2026-01", "600.00 EUR", "final", "shop missed again in 2026-02"),
            (
                "2026-02",
                "600.00 EUR",
                "pending",
                "returned if the next 3 periods meet the objectives",
            ),
        ] == _states(february)
        assert ("0.00 EUR", "600.00 EUR") == (february.returned, february.total_owed)

    def test_pending_counts_the_periods_met_so_far(self) -> None:
        c = contracts(earn_back={"periods": 3})
        outages = [down("shop", "2026-01-12T08:00+01:00", 5)]

        reasons = [
            c.statement("acme", month, outages).earn_back[0].reason
            for month in ("2026-02", "2026-03")
        ]

        assert [
            "1 of 3 following periods met so far",
            "2 of 3 following periods met so far",
        ] == reasons

    def test_several_objectives_named_in_order(self) -> None:
        c = contracts(earn_back={"periods": 2})
        both = [
            down("backup", "2026-01-12T08:00+01:00", 5),
            down("shop", "2026-01-12T08:00+01:00", 5),
        ]
        again = [down(s, "2026-02-12T08:00+01:00", 5) for s in ("shop", "backup")]

        returned = c.statement("acme", "2026-03", both)
        final = c.statement("acme", "2026-02", both + again)

        assert (
            "2026-01",
            "750.00 EUR",
            "returned",
            "backup, shop met in each of the next 2 periods",
        ) == _states(returned)[0]
        assert (
            "2026-01",
            "750.00 EUR",
            "final",
            "backup, shop missed again in 2026-02",
        ) == _states(final)[0]
        assert "750.00 EUR" == returned.returned

    def test_only_the_objectives_missed_must_be_met_again(self) -> None:
        # January missed the shop only; the backup missing February does not end the
        # earn-back of January's shop credit.
        c = contracts(earn_back={"periods": 1})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("backup", "2026-02-12T08:00+01:00", 5),
        ]

        [january, february] = _states(c.statement("acme", "2026-02", outages))

        assert ("2026-01", "returned", "shop met in each of the next 1 periods") == (
            january[0],
            january[2],
            january[3],
        )
        assert ("2026-02", "150.00 EUR", "pending") == february[:3]

    def test_across_the_new_year(self) -> None:
        c = contracts(earn_back={"periods": 3})
        outages = [down("shop", "2026-12-10T08:00+01:00", 5)]

        february = c.statement("acme", "2027-02", outages)
        march = c.statement("acme", "2027-03", outages)

        assert [("2026-12", "600.00 EUR", "pending", "2 of 3 following periods met so far")] == (
            _states(february)
        )
        assert ("2026-12", "600.00 EUR", "returned") == _states(march)[0][:3]
        assert "600.00 EUR" == march.returned

    def test_a_period_without_a_contract_makes_the_credit_final(self) -> None:
        data = base_file(earn_back={"periods": 3})
        first = data["contracts"][0]
        second = copy.deepcopy(first)
        first["effective_until"] = "2026-02-01"
        second["effective_from"] = "2026-03-01"
        data["contracts"].append(second)
        c = ContractSet.from_dict(data)
        outages = [down("shop", "2026-01-12T08:00+01:00", 5)]

        march = c.statement("acme", "2026-03", outages)

        assert [("2026-01", "600.00 EUR", "final", "no contract in effect in 2026-02")] == (
            _states(march)
        )
        assert ("0.00 EUR", "0.00 EUR") == (march.returned, march.total_owed)


class TestPeriodSteps:
    @pytest.mark.parametrize(
        ("label", "kind", "before", "after"),
        [
            pytest.param("2026-01", "month", "2025-12", "2026-02", id="january"),
            pytest.param("2026-02", "month", "2026-01", "2026-03", id="february"),
            pytest.param("2026-12", "month", "2026-11", "2027-01", id="december"),
            pytest.param("2026-Q1", "quarter", "2025-Q4", "2026-Q2", id="q1"),
            pytest.param("2026-Q3", "quarter", "2026-Q2", "2026-Q4", id="q3"),
            pytest.param("2026-Q4", "quarter", "2026-Q3", "2027-Q1", id="q4"),
        ],
    )
    def test_previous_and_next(self, label: str, kind: Any, before: str, after: str) -> None:
        period = Period.parse(label, kind, "Europe/Berlin")

        assert (before, after) == (period.previous().label, period.next().label)
        assert period == period.previous().next() == period.next().previous()


def _ticket(n: int, priority: str, rating: int) -> TicketRecord:
    at = datetime.fromisoformat("2026-11-05T10:00+01:00") + timedelta(hours=n)
    return TicketRecord(f"t{n}", priority, {"customer": "acme", "csat": rating}, None, {"csat": at})


class TestRatingsByPriority:
    def test_only_the_priorities_named_are_counted(self) -> None:
        """P1 tickets: 3 rated, 2 of them 4 or better: 2/3 < 90 %, 1 % of 15,000 = 150 EUR.
        The two P3 tickets (both rated 1) are not counted."""
        data = base_file()
        data["contracts"][0]["match"] = {"customer": "acme"}
        data["contracts"][0]["objectives"].append(
            {
                "name": "p1-satisfaction",
                "tickets": {"attribute": "csat", "priority": "P1"},
                "share": {"at_least": 4, "of": 5, "target": "90%"},
            }
        )
        data["contracts"][0]["credits"]["tiers"]["p1-satisfaction"] = [
            {"below": "90%", "credit": "1%"}
        ]
        c = ContractSet.from_dict(data)
        tickets = [_ticket(0, "P1", 5), _ticket(1, "P1", 4), _ticket(2, "P1", 2)]
        tickets += [_ticket(3, "P3", 1), _ticket(4, "P3", 1)]

        statement = c.statement("acme", "2026-11", [], tickets)

        line = {o.name: o for o in statement.objectives}["p1-satisfaction"]
        assert (2, 3, "2/3", "150.00 EUR") == (
            line.met_tickets,
            line.decided_tickets,
            line.level_exact,
            line.credit,
        )
