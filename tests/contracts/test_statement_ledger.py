"""A statement's ledger, line by line: the steps a contract manager reads to check the amount
owed. Each case pins every step; the docstrings give the arithmetic.

`helpers.base_file`: shop (12,000 EUR) and backup (3,000 EUR), 99.5 % around the clock, tiers
5 % below 99.5 %, 10 % below 99 %, 25 % below 97 %, at risk 30 % (4,500 EUR).
"""

from __future__ import annotations

from typing import Any

from slaclock.contracts import ContractSet

from .helpers import contracts, down
from .test_design_shape import DESIGN_EXAMPLE, _rated

FEES = ("fees of the period", "12000.00 EUR + 3000.00 EUR = 15000.00 EUR")
LIMIT = ("period limit (at risk / cap per period)", "4500.00 EUR")
PENDING = "pending: returned if the next 3 periods meet the objectives"
ROOM = "room left under the yearly cap (cap less earlier credits this year)"


def _ledger(statement: Any) -> list[tuple[str, str]]:
    return [(step.what, step.value) for step in statement.ledger]


def _availability(name: str, agreed: int, down_s: int, shown: str, window: int) -> tuple[str, str]:
    return (
        f"{name}: availability",
        f"({agreed} s agreed − {down_s} s down) ÷ {agreed} s = {shown}"
        f" (window {window} s, excluded {window - agreed} s)",
    )


class TestDesignExample:
    """January 2027 under the contract of DESIGN.md (see test_design_shape): business hours
    21 × 10 h = 756,000 s, the rest of the month's 744 h 1,922,400 s; the shop down 5 h
    inside business hours."""

    def _statement(self, rated: bool) -> Any:
        contracts = ContractSet.from_yaml(DESIGN_EXAMPLE)
        ratings = [_rated(n, 5 if n < 8 else 3) for n in range(10)] if rated else []
        return contracts.statement(
            "acme", "2027-01", [down("shop", "2027-01-12T09:00+01:00", 5)], ratings
        )

    def test_with_ratings(self) -> None:
        """10 % × 15,000 × 80 % = 1,200 for the shop; 8 of 10 rated ≥ 4 is 80 % < 90 %: 1 % of
        all fees = 150; at risk 15 % = 2,250; yearly cap 10 % × 12 × 15,000 = 18,000."""
        statement = self._statement(rated=True)

        assert [
            FEES,
            _availability("shop-business-hours", 756000, 18000, "97.61%", 756000),
            ("shop-business-hours: target 99.5%", "missed (decided on the exact level)"),
            (
                "shop-business-hours: tier below 99%: 10%",
                "10% × 15000.00 EUR × 80% weight = 1200.00 EUR",
            ),
            _availability("shop-other-hours", 1922400, 0, "100.00%", 1922400),
            ("shop-other-hours: target 98%", "met (decided on the exact level)"),
            ("p1-first-response: attainment", "no decided tickets in the period: nothing to miss"),
            ("p1-first-response: target 95%", "met (decided on the exact level)"),
            ("satisfaction: ratings", "8 of 10 rated at least 4 = 80.00%"),
            ("satisfaction: target 90%", "missed (decided on the exact level)"),
            ("satisfaction: tier below 90%: 1%", "1% × 15000.00 EUR = 150.00 EUR"),
            ("subtotal", "1350.00 EUR"),
            ("period limit (at risk / cap per period)", "2250.00 EUR"),
            (ROOM, "18000.00 EUR"),
            ("credit for the period", "1350.00 EUR"),
            ("earn-back of 2027-01", PENDING),
            ("total owed", "1350.00 EUR"),
        ] == _ledger(statement)

    def test_objective_lines(self) -> None:
        statement = self._statement(rated=True)

        lines = [o.model_dump() for o in statement.objectives]

        assert [
            {
                "name": "shop-business-hours",
                "kind": "availability",
                "service": "shop",
                "window": "business-hours",
                "target": "99.5%",
                "level_exact": "41/42",
                "level": "97.61%",
                "met": False,
                "window_seconds": "756000",
                "excluded_seconds": "0",
                "downtime_seconds": "18000",
                "met_tickets": None,
                "decided_tickets": None,
                "tier": "below 99%: 10%",
                "base": "12000.00 EUR",
                "weight": "80%",
                "credit": "1200.00 EUR",
            },
            {
                "name": "shop-other-hours",
                "kind": "availability",
                "service": "shop",
                "window": "not business-hours",
                "target": "98%",
                "level_exact": "1/1",
                "level": "100.00%",
                "met": True,
                "window_seconds": "1922400",
                "excluded_seconds": "0",
                "downtime_seconds": "0",
                "met_tickets": None,
                "decided_tickets": None,
                "tier": None,
                "base": "12000.00 EUR",
                "weight": "80%",
                "credit": "0.00 EUR",
            },
            {
                "name": "p1-first-response",
                "kind": "tickets",
                "service": None,
                "window": None,
                "target": "95%",
                "level_exact": None,
                "level": None,
                "met": True,
                "window_seconds": None,
                "excluded_seconds": None,
                "downtime_seconds": None,
                "met_tickets": 0,
                "decided_tickets": 0,
                "tier": None,
                "base": "15000.00 EUR",
                "weight": None,
                "credit": "0.00 EUR",
            },
            {
                "name": "satisfaction",
                "kind": "rating",
                "service": None,
                "window": None,
                "target": "90%",
                "level_exact": "4/5",
                "level": "80.00%",
                "met": False,
                "window_seconds": None,
                "excluded_seconds": None,
                "downtime_seconds": None,
                "met_tickets": 8,
                "decided_tickets": 10,
                "tier": "below 90%: 1%",
                "base": "15000.00 EUR",
                "weight": None,
                "credit": "150.00 EUR",
            },
        ] == lines

    def test_without_ratings(self) -> None:
        """No ticket rated: the satisfaction objective has nothing to miss and no credit."""
        statement = self._statement(rated=False)

        ledger = _ledger(statement)

        assert [
            ("satisfaction: ratings", "no ticket rated in the period: nothing to miss"),
            ("satisfaction: target 90%", "met (decided on the exact level)"),
            ("subtotal", "1200.00 EUR"),
        ] == ledger[8:11]
        assert ("total owed", "1200.00 EUR") == ledger[-1]


class TestCapsAndEarnBack:
    def test_yearly_cap_binds(self) -> None:
        """March 2026 (743 h: the clocks go forward on the 29th). The shop down 5 h in January
        (600 credited), 10 h in February (1,200) and 10 h in March: 98.65 %, 1,200. The
        yearly cap 1.5 % × 12 × 15,000 = 2,700 leaves 900."""
        c = contracts(earn_back={"periods": 3}, cap={"per_year": "1.5%"})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("shop", "2026-02-12T08:00+01:00", 10),
            down("shop", "2026-03-12T08:00+01:00", 10),
        ]

        statement = c.statement("acme", "2026-03", outages)

        assert [
            FEES,
            _availability("shop", 2674800, 36000, "98.65%", 2674800),
            ("shop: target 99.5%", "missed (decided on the exact level)"),
            ("shop: tier below 99%: 10%", "10% × 12000.00 EUR = 1200.00 EUR"),
            _availability("backup", 2674800, 0, "100.00%", 2674800),
            ("backup: target 99.5%", "met (decided on the exact level)"),
            ("subtotal", "1200.00 EUR"),
            LIMIT,
            (ROOM, "900.00 EUR — binds"),
            ("credit for the period", "900.00 EUR"),
            ("earn-back of 2026-01", "final: shop missed again in 2026-02"),
            ("earn-back of 2026-02", "final: shop missed again in 2026-03"),
            ("earn-back of 2026-03", PENDING),
            ("total owed", "900.00 EUR"),
        ] == _ledger(statement)

    def test_period_cap_binds(self) -> None:
        """April 2026 (720 h): the shop down 30 h (95.83 %, 25 % = 3,000), the backup 10 h
        (98.61 %, 10 % = 300); the cap per period 5 % of 15,000 = 750 binds. The year had
        600 credited in January: 2,700 − 600 = 2,100 left."""
        c = contracts(earn_back={"periods": 3}, cap={"per_period": "5%", "per_year": "1.5%"})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("backup", "2026-04-14T08:00+02:00", 10),
            down("shop", "2026-04-15T08:00+02:00", 30),
        ]

        statement = c.statement("acme", "2026-04", outages)

        assert [
            FEES,
            _availability("shop", 2592000, 108000, "95.83%", 2592000),
            ("shop: target 99.5%", "missed (decided on the exact level)"),
            ("shop: tier below 97%: 25%", "25% × 12000.00 EUR = 3000.00 EUR"),
            _availability("backup", 2592000, 36000, "98.61%", 2592000),
            ("backup: target 99.5%", "missed (decided on the exact level)"),
            ("backup: tier below 99%: 10%", "10% × 3000.00 EUR = 300.00 EUR"),
            ("subtotal", "3300.00 EUR"),
            ("period limit (at risk / cap per period)", "750.00 EUR — binds"),
            (ROOM, "2100.00 EUR"),
            ("credit for the period", "750.00 EUR"),
            ("earn-back of 2026-01", "final: shop missed again in 2026-04"),
            ("earn-back of 2026-04", PENDING),
            ("total owed", "750.00 EUR"),
        ] == _ledger(statement)

    def test_returned_credit_offsets(self) -> None:
        """January's 600 returned in April after three good months; April's own 300 (the
        backup 10 h down) absorbs 300 of it and the total never goes below zero."""
        c = contracts(earn_back={"periods": 3})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("backup", "2026-04-14T08:00+02:00", 10),
        ]

        statement = c.statement("acme", "2026-04", outages)

        assert [
            ("subtotal", "300.00 EUR"),
            LIMIT,
            ("credit for the period", "300.00 EUR"),
            ("earn-back of 2026-01", "returned: shop met in each of the next 3 periods"),
            ("earn-back of 2026-04", PENDING),
            ("returned by earn-back", "−300.00 EUR (never below zero)"),
            ("total owed", "0.00 EUR"),
        ] == _ledger(statement)[-7:]


class TestTicketObjectives:
    def test_attainment_and_per_breach(self) -> None:
        """Three decided P1 tickets, two answered in time: 2/3 = 66.66 % (shown truncated);
        one breach at 10 EUR."""
        from .test_report_figures import TestOpenTicketsRule

        statement = TestOpenTicketsRule()._statement("exclude")

        assert [
            ("fees of the period", "1000.00 EUR = 1000.00 EUR"),
            ("p1-response: attainment", "2 met of 3 decided = 66.66%"),
            ("p1-response: target 95%", "missed (decided on the exact level)"),
            ("resolution: attainment", "0 met of 3 decided = 0.00%"),
            ("resolution: target 90%", "missed (decided on the exact level)"),
            ("p2-p3-resolution: attainment", "no decided tickets in the period: nothing to miss"),
            ("p2-p3-resolution: target 80%", "met (decided on the exact level)"),
            ("per-breach ticket credits", "10.00 EUR"),
            ("subtotal", "10.00 EUR"),
            ("credit for the period", "10.00 EUR"),
            ("total owed", "10.00 EUR"),
        ] == _ledger(statement)
