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
