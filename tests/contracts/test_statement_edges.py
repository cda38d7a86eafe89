"""A statement at its edges: which weight applies, several per-breach rules, the version that
takes effect on the first day of the period, no earn-back, and refusals word for word.

The contract of `helpers.base_file`: shop (12,000 EUR) and backup (3,000 EUR), 99.5 % around
the clock, tiers 5 % below 99.5 %, 10 % below 99 %, 25 % below 97 %. The shop down 5 h in
November 2026 (720 h): 715/720 = 99.31 %, the 5 % tier.
"""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import TicketEvent
from slaclock.contracts import ContractSet
from slaclock.contracts.statement import compute_statement
from slaclock.errors import PolicyError

from .helpers import base_file, contracts, down

SHOP_DOWN = [down("shop", "2026-11-09T10:00+01:00", 5)]


def _shop_credit(data: dict[str, Any]) -> tuple[str, str]:
    statement = ContractSet.from_dict(data).statement("acme", "2026-11", SHOP_DOWN)
    line = statement.objectives[0]
    return line.credit, statement.total_owed


class TestWeights:
    def _named(self, weights: dict[str, str]) -> dict[str, Any]:
        data = base_file()
        data["contracts"][0]["objectives"][0]["name"] = "shop-hours"
        tiers = data["contracts"][0]["credits"]["tiers"]
        tiers["shop-hours"] = tiers.pop("shop")
        if weights:
            data["contracts"][0]["credits"]["weights"] = weights
        return data

    def test_without_weights_the_service_fee(self) -> None:
        # 5 % of the shop's 12,000.
        assert ("600.00 EUR", "600.00 EUR") == _shop_credit(self._named({}))

    def test_a_weight_named_after_the_service(self) -> None:
        # 5 % of all fees (15,000) × 60 % = 450.
        data = self._named({"shop": "60%", "backup": "40%"})

        assert ("450.00 EUR", "450.00 EUR") == _shop_credit(data)

    def test_a_weight_named_after_the_objective(self) -> None:
        # 5 % of 15,000 × 70 % = 525.
        data = self._named({"shop-hours": "70%", "backup": "30%"})

        assert ("525.00 EUR", "525.00 EUR") == _shop_credit(data)


class TestPerBreachRules:
    def test_every_rule_adds(self) -> None:
        """Three P1 tickets answered after 20 min (10 min target: breached) and one P2 answered
        after 20 min (15 min target: breached): 3 × 50 + 1 × 20 = 170 EUR."""
        data = base_file()
        data["calendars"] = {"always": "24x7"}
        data["policies"] = [
            {
                "name": "support",
                "calendar": "always",
                "targets": {"P1": {"first_response": "10m"}, "P2": {"first_response": "15m"}},
            }
        ]
        contract = data["contracts"][0]
        contract["match"] = {"customer": "acme"}
        contract["credits"]["per_breach"] = [
            {"tickets": {"metric": "first_response", "priority": "P1"}, "amount": "50 EUR"},
            {"tickets": {"metric": "first_response", "priority": "P2"}, "amount": "20 EUR"},
        ]
        c = ContractSet.from_dict(data)
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")
        logs = []
        for n, priority in enumerate(["P1", "P1", "P1", "P2"]):
            at = start + timedelta(days=n)
            logs.append(
                (
                    f"t{n}",
                    [
                        TicketEvent.created(at, priority, attributes={"customer": "acme"}),
                        TicketEvent.agent_replied(at + timedelta(minutes=20)),
                    ],
                )
            )
        records = c.tickets(logs, datetime.fromisoformat("2026-12-01T00:00+01:00"))

        statement = c.statement("acme", "2026-11", [], records)

        assert ("170.00 EUR", "170.00 EUR") == (statement.per_breach, statement.total_owed)


class TestVersions:
    def _revised(self) -> dict[str, Any]:
        """The shop's fee goes from 12,000 to 24,000 EUR on 1 November 2026."""
        data = base_file()
        old = data["contracts"][0]
        new = copy.deepcopy(old)
        old["effective_until"] = "2026-11-01"
        new["effective_from"] = "2026-11-01"
        data["services"]["shop-2027"] = {"fee": "24000 EUR"}
        new["objectives"][0]["service"] = "shop-2027"
        data["contracts"].append(new)
        return data

    def test_the_version_in_effect_on_the_first_day(self) -> None:
        c = ContractSet.from_dict(self._revised())
        outages = [down("shop-2027", "2026-11-09T10:00+01:00", 5)]

        # 5 % of 24,000: the new version, in effect from the period's first instant.
        assert "1200.00 EUR" == c.statement("acme", "2026-11", outages).total_owed

    def test_no_version_in_effect(self) -> None:
        data = base_file()
        data["contracts"][0]["effective_from"] = "2026-12-01"
        c = ContractSet.from_dict(data)

        with pytest.raises(PolicyError) as exc:
            c.statement("acme", "2026-11", [])

        assert (
            "no version of contract 'acme' is in effect at the start of 2026-11"
            " (2026-11-01T00:00:00+01:00)"
        ) == str(exc.value)

    def test_no_versions_at_all(self) -> None:
        with pytest.raises(PolicyError) as exc:
            compute_statement([], "2026-11", [])

        assert "no contract versions given" == str(exc.value)


class TestWithoutEarnBack:
    def test_no_earn_back_lines(self) -> None:
        c = contracts()
        outages = [down("shop", f"2026-{m:02d}-09T10:00+01:00", 5) for m in (10, 11)]

        statement = c.statement("acme", "2026-11", outages)

        assert [] == statement.earn_back
        assert ("600.00 EUR", "0.00 EUR") == (statement.total_owed, statement.returned)


class TestBindingEdges:
    def test_a_credit_equal_to_the_period_limit_does_not_bind(self) -> None:
        """The backup down 30 h in November (95.83 %): 25 % of 3,000 = 750, exactly the cap
        per period of 5 % × 15,000."""
        c = contracts(cap={"per_period": "5%"})

        statement = c.statement("acme", "2026-11", [down("backup", "2026-11-09T10:00+01:00", 30)])

        assert ("period limit (at risk / cap per period)", "750.00 EUR") in [
            (s.what, s.value) for s in statement.ledger
        ]
        assert [("per period", "750.00 EUR", False)] == [
            (cap.name, cap.limit, cap.binding) for cap in statement.caps
        ]
        assert "750.00 EUR" == statement.total_owed

    def test_a_credit_equal_to_the_room_left_in_the_year_does_not_bind(self) -> None:
        """Yearly cap 1.5 % × 12 × 15,000 = 2,700: 1,200 in January and February, then the
        backup down 10 h in March (98.65 %: 10 % of 3,000 = 300), exactly the 300 left."""
        c = contracts(cap={"per_year": "1.5%"})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 10),
            down("shop", "2026-02-12T08:00+01:00", 10),
            down("backup", "2026-03-12T08:00+01:00", 10),
        ]

        statement = c.statement("acme", "2026-03", outages)

        assert ("per year", "300.00 EUR", False) == (
            statement.caps[-1].name,
            statement.caps[-1].limit,
            statement.caps[-1].binding,
        )
        assert "300.00 EUR" == statement.total_owed


class TestEarnBackWindow:
    def test_credits_older_than_the_earn_back_are_not_listed(self) -> None:
        c = contracts(earn_back={"periods": 1})

        march = c.statement("acme", "2026-03", [down("shop", "2026-01-12T08:00+01:00", 5)])

        assert [] == march.earn_back

    def test_a_final_credit_is_not_returned_when_its_window_ends(self) -> None:
        """Earn-back over 2 periods: January's 600 is final (February missed again); in March,
        two periods after January, nothing is returned."""
        c = contracts(earn_back={"periods": 2})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("shop", "2026-02-12T08:00+01:00", 5),
        ]

        march = c.statement("acme", "2026-03", outages)

        assert [("2026-01", "final"), ("2026-02", "pending")] == [
            (e.period, e.state) for e in march.earn_back
        ]
        assert ("0.00 EUR", "0.00 EUR") == (march.returned, march.total_owed)

    def test_a_credit_under_one_unit_is_listed(self) -> None:
        """A 10 EUR shop, 5 h down in January (99.33 %): 5 % = 0.50 EUR, pending."""
        data = base_file(earn_back={"periods": 1})
        data["services"]["shop"]["fee"] = "10 EUR"
        c = ContractSet.from_dict(data)

        january = c.statement("acme", "2026-01", [down("shop", "2026-01-12T08:00+01:00", 5)])

        assert [("2026-01", "0.50 EUR", "pending")] == [
            (e.period, e.amount, e.state) for e in january.earn_back
        ]


class TestShownLevel:
    def test_as_many_decimals_as_the_target(self) -> None:
        """A target of 99.995 % shows levels with three decimals: 5 h down of 720 h is
        99.305 % (143/144 = 0.993055...)."""
        data = base_file()
        data["contracts"][0]["objectives"][0]["availability"] = "99.995%"
        data["contracts"][0]["credits"]["tiers"]["shop"] = [{"below": "99.995%", "credit": "5%"}]

        [shop, backup] = _statement_lines(data)

        assert ("99.305%", "100.00%") == (shop.level, backup.level)


def _statement_lines(data: dict[str, Any]) -> list[Any]:
    statement = ContractSet.from_dict(data).statement("acme", "2026-11", SHOP_DOWN)
    return list(statement.objectives)
