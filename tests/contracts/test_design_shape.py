"""The contract shape shown in DESIGN.md loads as written, and its satisfaction objective."""

from __future__ import annotations

import textwrap
from datetime import datetime, timedelta

from slaclock.contracts import ContractSet, TicketRecord

from .helpers import down

DESIGN_EXAMPLE = textwrap.dedent(
    """\
    calendars:
      business-hours:
        timezone: Europe/Berlin
        hours: {mon-fri: ["08:00-18:00"]}

    services:
      shop:    {name: "Web shop", fee: 12000 EUR}      # fee per measurement period
      backup:  {name: "Nightly backup", fee: 3000 EUR}

    contracts:
      - name: standard
        abstract: true
        period: month                 # month | quarter; boundaries in `timezone`
        timezone: Europe/Berlin
        objectives:
          - name: shop-business-hours
            service: shop
            availability: 99.5%       # inside the window
            window: business-hours    # a calendar from `calendars:`
          - name: shop-other-hours
            service: shop
            availability: 98%
            window: {not: business-hours}     # the complement, also union/intersection
          - name: p1-first-response
            tickets: {metric: first_response, priority: P1}
            attainment: 95%           # share of decided tickets met (from the report layer)
          - name: satisfaction
            tickets: {attribute: csat}
            share: {at_least: 4, of: 5, target: 90%}
        exclusions:
          planned: {notice: 48h, max_per_period: 4h}  # announced maintenance leaves the window
          customer_caused: true
        credits:
          at_risk: 15%                # of the period's fees: the most that can be credited
          tiers:                      # per objective; the worst tier reached applies
            shop-business-hours: [{below: 99.5%, credit: 5%}, {below: 99%, credit: 10%}, {below: 97%, credit: 25%}]
            p1-first-response:   [{below: 95%, credit: 3%}]
            satisfaction:        [{below: 90%, credit: 1%}]
          weights: {shop: 80%, backup: 20%}           # optional pool allocation
          cap: {per_period: 15%, per_year: 10%}
          earn_back: {periods: 3}     # credit returned if the next 3 periods meet the objective
      - name: acme
        extends: standard
        match: {customer: acme}
        effective_from: 2027-01-01    # a revised agreement does not rewrite earlier statements
    """  # noqa: E501 - as written in DESIGN.md
)


def _rated(n: int, rating: int, customer: str = "acme") -> TicketRecord:
    at = datetime.fromisoformat("2027-01-05T10:00+01:00") + timedelta(hours=n)
    return TicketRecord(f"t{n}", "P3", {"customer": customer, "csat": rating}, None, {"csat": at})


class TestDesignExample:
    def test_loads_and_states(self) -> None:
        """January 2027 (744 h). Business hours: 21 weekdays × 10 h = 210 h = 756,000 s;
        5 h down inside: 205/210 ≈ 97.62 %, below 99 % (not 97 %): 10 % × 15,000 × 80 %
        = 1,200. Ratings: 8 of 10 at least 4 = 80 % < 90 %: 1 % × 15,000 (no service, no
        weight: all the fees) = 150. Total 1,350 (under 15 % = 2,250)."""
        contracts = ContractSet.from_yaml(DESIGN_EXAMPLE, source="DESIGN.md")
        ratings = [_rated(n, 5 if n < 8 else 3) for n in range(10)]
        ratings.append(_rated(10, 1, customer="other"))  # another customer's ticket

        statement = contracts.statement(
            "acme", "2027-01", [down("shop", "2027-01-12T09:00+01:00", 5)], ratings
        )

        by_name = {o.name: o for o in statement.objectives}
        business = by_name["shop-business-hours"]
        assert ("756000", "41/42", "97.61%") == (
            business.window_seconds,
            business.level_exact,
            business.level,
        )
        assert ("below 99%: 10%", "1200.00 EUR") == (business.tier, business.credit)
        satisfaction = by_name["satisfaction"]
        assert (8, 10, "4/5", "150.00 EUR") == (
            satisfaction.met_tickets,
            satisfaction.decided_tickets,
            satisfaction.level_exact,
            satisfaction.credit,
        )
        assert (None, True) == (
            by_name["p1-first-response"].level,
            by_name["p1-first-response"].met,
        )
        assert "1350.00 EUR" == statement.total_owed

    def test_not_in_effect_before_its_date(self) -> None:
        contracts = ContractSet.from_yaml(DESIGN_EXAMPLE)

        assert [] == contracts.statements("2026-12")
