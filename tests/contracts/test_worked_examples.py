"""Worked examples whose figures were computed by hand (the arithmetic is in each docstring)."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

import pytest

from slaclock.contracts import ContractSet, Outage, Statement, read_outages
from slaclock.contracts.statement import ObjectiveLine

from .conftest import OCTOBER_BERLIN
from .helpers import base_file, contracts, down


def _objective(statement: Statement, name: str) -> ObjectiveLine:
    return next(o for o in statement.objectives if o.name == name)


OCTOBER_OUTAGES = [
    # Tue 6 Oct, inside business hours: 66 min counted.
    '{"service": "shop", "start": "2026-10-06T10:00:00+02:00", "end": "2026-10-06T11:06:00+02:00"}',
    # Wed 14 Oct, planned but announced 2 h ahead (48 h needed): 17-18 in the window, 18-19
    # outside, both counted.
    '{"service": "shop", "start": "2026-10-14T17:00:00+02:00", "end": "2026-10-14T19:00:00+02:00",'
    ' "kind": "planned", "announced_at": "2026-10-14T15:00:00+02:00"}',
    # Thu 22 Oct, customer-caused, inside the window: excluded.
    '{"service": "shop", "start": "2026-10-22T09:00:00+02:00", "end": "2026-10-22T10:00:00+02:00",'
    ' "kind": "customer_caused"}',
    # Sun 25 Oct across the DST change (03:00 CEST -> 02:00 CET): 01:30+02:00 to 04:00+01:00
    # is 3 h 30 min of real time, announced a week ahead: excluded, outside the window.
    '{"service": "shop", "start": "2026-10-25T01:30:00+02:00", "end": "2026-10-25T04:00:00+01:00",'
    ' "kind": "planned", "announced_at": "2026-10-18T09:00:00+02:00"}',
    # Fri 30 Oct (CET now): 17:30-18:00 inside, 18:00-18:30 outside, counted.
    '{"service": "shop", "start": "2026-10-30T17:30:00+01:00", "end": "2026-10-30T18:30:00+01:00"}',
]


class TestOctoberInBerlin:
    """October 2026 in Europe/Berlin lasts 31 days + 1 hour = 745 h (clocks go back on the 25th).

    Business hours Mon–Fri 08:00–18:00: 22 weekdays × 10 h = 220 h = 792,000 s; the complement
    is 745 − 220 = 525 h = 1,890,000 s.

    In the window: excluded 1 h (customer-caused) = 3,600 s; downtime 66 + 60 + 30 = 156 min
    = 9,360 s; availability (792,000 − 3,600 − 9,360) ÷ (792,000 − 3,600) = 779,040 ÷ 788,400
    = 1082/1095 ≈ 98.8128 % — below 99 %, so the 10 % tier: 10 % × 12,000 = 1,200 EUR.

    Outside it: excluded 210 min (the announced maintenance) = 12,600 s; downtime 60 + 30 =
    90 min = 5,400 s; (1,890,000 − 12,600 − 5,400) ÷ (1,890,000 − 12,600) = 1040/1043 ≈ 99.712 %,
    above 98 %: no credit.
    """

    @pytest.fixture
    def statement(self, october: ContractSet) -> Statement:
        return october.statement("acme", "2026-10", read_outages(OCTOBER_OUTAGES))

    def test_window_sizes_follow_the_dst_change(self, statement: Statement) -> None:
        business = _objective(statement, "shop-business-hours")
        other = _objective(statement, "shop-other-hours")

        assert ("792000", "1890000") == (business.window_seconds, other.window_seconds)
        assert 745 * 3600 == int(business.window_seconds or 0) + int(other.window_seconds or 0)

    def test_business_hours(self, statement: Statement) -> None:
        business = _objective(statement, "shop-business-hours")

        assert ("3600", "9360") == (business.excluded_seconds, business.downtime_seconds)
        assert ("1082/1095", "98.81%", False) == (
            business.level_exact,
            business.level,
            business.met,
        )
        assert ("below 99%: 10%", "1200.00 EUR") == (business.tier, business.credit)

    def test_other_hours(self, statement: Statement) -> None:
        other = _objective(statement, "shop-other-hours")

        assert ("12600", "5400") == (other.excluded_seconds, other.downtime_seconds)
        assert ("1040/1043", "99.71%", True) == (other.level_exact, other.level, other.met)
        assert "0.00 EUR" == other.credit

    def test_outages_are_explained(self, statement: Statement) -> None:
        treated = [(o.kind, o.counted, o.minutes) for o in statement.outages]

        assert [
            ("unplanned", True, "66"),
            ("planned", True, "120"),
            ("customer_caused", False, "60"),
            ("planned", False, "210"),
            ("unplanned", True, "60"),
        ] == treated

    def test_total(self, statement: Statement) -> None:
        assert ("1200.00 EUR", "1200.00 EUR") == (statement.subtotal, statement.total_owed)
        assert [("per period", "2250.00 EUR", False)] == [
            (c.name, c.limit, c.binding) for c in statement.caps
        ]


class TestPlannedAllowance:
    def test_maintenance_beyond_the_allowance_counts(self) -> None:
        """Two announced 3 h windows against a 4 h allowance: the first 3 h and 1 h of the
        second are excluded, the last 2 h count. November (720 h): (720 − 4 − 2) ÷ (720 − 4)
        = 714/716 = 357/358 ≈ 99.72 %."""
        data = base_file()
        data["contracts"][0]["exclusions"] = {"planned": {"notice": "48h", "max_per_period": "4h"}}
        announced = datetime.fromisoformat("2026-10-20T09:00+02:00")
        outages = [
            down("shop", "2026-11-21T01:00+01:00", 3, kind="planned", announced_at=announced),
            down("shop", "2026-11-07T01:00+01:00", 3, kind="planned", announced_at=announced),
        ]

        statement = ContractSet.from_dict(data).statement("acme", "2026-11", outages)

        shop = _objective(statement, "shop")
        assert ("357/358", "14400", "7200") == (
            shop.level_exact,
            shop.excluded_seconds,
            shop.downtime_seconds,
        )


class TestTiers:
    """January 2026 has 744 h. 5 h down: 739/744 ≈ 99.328 % (tier 5 %); 10 h: 734/744 ≈ 98.66 %
    (10 %); 30 h: 714/744 ≈ 95.97 % (25 %, the worst reached); 3 h: 741/744 ≈ 99.60 % (met)."""

    @pytest.mark.parametrize(
        ("hours", "tier", "credit"),
        [
            pytest.param(3, None, "0.00 EUR", id="met"),
            pytest.param(5, "below 99.5%: 5%", "600.00 EUR", id="first-tier"),
            pytest.param(10, "below 99%: 10%", "1200.00 EUR", id="second-tier"),
            pytest.param(30, "below 97%: 25%", "3000.00 EUR", id="worst-tier"),
        ],
    )
    def test_worst_tier_reached(self, hours: int, tier: str | None, credit: str) -> None:
        statement = contracts().statement(
            "acme", "2026-01", [down("shop", "2026-01-12T08:00+01:00", hours)]
        )

        shop = _objective(statement, "shop")
        assert (tier, credit) == (shop.tier, shop.credit)


class TestWeightsAndCaps:
    def test_weights(self) -> None:
        """With weights the base is all fees × the service's weight: 10 % × 15,000 × 60 % = 900
        (without weights it would be 10 % × 12,000 = 1,200)."""
        statement = contracts(weights={"shop": "60%", "backup": "40%"}).statement(
            "acme", "2026-01", [down("shop", "2026-01-12T08:00+01:00", 10)]
        )

        assert ("900.00 EUR", "60%") == (
            _objective(statement, "shop").credit,
            _objective(statement, "shop").weight,
        )
        assert "900.00 EUR" == statement.total_owed

    def test_period_cap_binds(self) -> None:
        """Tier credit 1,200; cap 5 % of 15,000 = 750 binds (at risk, 30 % = 4,500, does not)."""
        statement = contracts(cap={"per_period": "5%"}).statement(
            "acme", "2026-01", [down("shop", "2026-01-12T08:00+01:00", 10)]
        )

        assert ("1200.00 EUR", "750.00 EUR") == (statement.subtotal, statement.total_owed)
        assert [("per period", "750.00 EUR", True)] == [
            (c.name, c.limit, c.binding) for c in statement.caps
        ]

    def test_at_risk_binds(self) -> None:
        """Both services in the worst tier: 25 % × 12,000 + 25 % × 3,000 = 3,750 > at risk
        10 % × 15,000 = 1,500."""
        statement = contracts(at_risk="10%").statement(
            "acme",
            "2026-01",
            [
                down("shop", "2026-01-12T08:00+01:00", 30),
                down("backup", "2026-01-13T08:00+01:00", 30),
            ],
        )

        assert ("3750.00 EUR", "1500.00 EUR") == (statement.subtotal, statement.total_owed)

    def test_yearly_cap_binds_in_march(self) -> None:
        """Yearly cap 1.5 % of 12 × 15,000 = 2,700. January and February credit 1,200 each
        (2,400 used), so March, which also earns 1,200, gets the 300 left."""
        c = contracts(cap={"per_year": "1.5%"})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 10),
            down("shop", "2026-02-12T08:00+01:00", 10),
            down("shop", "2026-03-12T08:00+01:00", 10),
        ]

        owed = [
            c.statement("acme", m, outages).total_owed for m in ("2026-01", "2026-02", "2026-03")
        ]

        assert ["1200.00 EUR", "1200.00 EUR", "300.00 EUR"] == owed
        march = c.statement("acme", "2026-03", outages)
        assert [("per period", "4500.00 EUR", False), ("per year", "300.00 EUR", True)] == [
            (cap.name, cap.limit, cap.binding) for cap in march.caps
        ]

    def test_yearly_cap_used_up_leaves_nothing(self) -> None:
        """As above, and April earns 1,200 too: the year's 2,700 are used up, nothing is owed."""
        c = contracts(cap={"per_year": "1.5%"})
        outages = [down("shop", f"2026-{m:02d}-12T08:00+01:00", 10) for m in (1, 2, 3, 4)]

        april = c.statement("acme", "2026-04", outages)

        assert ("1200.00 EUR", "0.00 EUR") == (april.subtotal, april.total_owed)

    def test_yearly_cap_starts_again_in_january(self) -> None:
        c = contracts(cap={"per_year": "1.5%"})
        outages = [down("shop", f"2026-{m:02d}-12T08:00+01:00", 10) for m in (10, 11, 12)]
        outages.append(down("shop", "2027-01-12T08:00+01:00", 10))

        assert "1200.00 EUR" == c.statement("acme", "2027-01", outages).total_owed


class TestEarnBack:
    """Shop 5 h down in January 2026: 5 % × 12,000 = 600 credited, pending for 3 periods."""

    def test_returned_after_three_good_months(self) -> None:
        """February, March and April meet the shop objective: January's 600 is returned in
        April. April's own credit (backup 10 h down: 10 % × 3,000 = 300) absorbs 300 of it;
        the total owed is 0, never negative, and 300 is left for the provider to claim."""
        c = contracts(earn_back={"periods": 3})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("backup", "2026-04-14T08:00+02:00", 10),
        ]

        february = c.statement("acme", "2026-02", outages)
        april = c.statement("acme", "2026-04", outages)

        assert ("600.00 EUR", "0.00 EUR") == (
            c.statement("acme", "2026-01", outages).total_owed,
            february.total_owed,
        )
        assert [("2026-01", "600.00 EUR", "pending")] == [
            (e.period, e.amount, e.state) for e in february.earn_back
        ]
        assert [
            ("2026-01", "600.00 EUR", "returned"),
            ("2026-04", "300.00 EUR", "pending"),
        ] == [(e.period, e.amount, e.state) for e in april.earn_back]
        assert ("300.00 EUR", "600.00 EUR", "300.00 EUR", "0.00 EUR") == (
            april.credit,
            april.returned,
            april.returned_not_offset,
            april.total_owed,
        )

    def test_final_after_a_miss(self) -> None:
        """February meets the objective, March misses it again: January's credit is final and
        nothing is returned; March's own 600 is owed and pending."""
        c = contracts(earn_back={"periods": 3})
        outages = [
            down("shop", "2026-01-12T08:00+01:00", 5),
            down("shop", "2026-03-12T08:00+01:00", 5),
        ]

        march = c.statement("acme", "2026-03", outages)

        assert [("2026-01", "final"), ("2026-03", "pending")] == [
            (e.period, e.state) for e in march.earn_back
        ]
        assert "shop missed again in 2026-03" == march.earn_back[0].reason
        assert ("0.00 EUR", "600.00 EUR") == (march.returned, march.total_owed)


class TestDisplayNeverDecides:
    """November 2026 has 720 h = 2,592,000 s. 0.049 % of it is 1,270.08 s, 0.051 % is
    1,321.92 s: availability exactly 99.951 % and 99.949 % against a 99.95 % target."""

    @pytest.mark.parametrize(
        ("down_us", "exact", "shown", "met"),
        [
            pytest.param(1_270_080_000, "99951/100000", "99.95%", True, id="99.951-meets"),
            pytest.param(1_296_000_000, "1999/2000", "99.95%", True, id="exactly-99.95-meets"),
            pytest.param(1_321_920_000, "99949/100000", "99.94%", False, id="99.949-misses"),
        ],
    )
    def test_boundary(self, down_us: int, exact: str, shown: str, met: bool) -> None:
        data = base_file()
        data["contracts"][0]["objectives"][0]["availability"] = "99.95%"
        data["contracts"][0]["credits"]["tiers"]["shop"] = [{"below": "99.95%", "credit": "5%"}]
        start = datetime.fromisoformat("2026-11-10T10:00+01:00")
        outage = Outage("shop", start, start + timedelta(microseconds=down_us))

        shop = _objective(
            ContractSet.from_dict(data).statement("acme", "2026-11", [outage]), "shop"
        )

        assert (exact, shown, met) == (shop.level_exact, shop.level, shop.met)
        assert ("0.00 EUR" if met else "600.00 EUR") == shop.credit


class TestEffectiveDates:
    def _versions(self) -> dict:  # type: ignore[type-arg]
        data = base_file()
        first = data["contracts"][0]
        first["effective_until"] = "2027-01-01"
        revised = {
            "name": "acme",
            "timezone": "Europe/Berlin",
            "effective_from": "2027-01-01",
            "objectives": [{"name": "shop", "service": "shop", "availability": "99.9%"}],
            "credits": {"tiers": {"shop": [{"below": "99.9%", "credit": "20%"}]}},
        }
        data["contracts"].append(revised)
        return data

    def test_revision_leaves_earlier_statements_unchanged(self) -> None:
        outages = [
            down("shop", "2026-12-10T08:00+01:00", 5),
            down("shop", "2027-01-10T08:00+01:00", 5),
        ]
        before = base_file()
        before["contracts"][0]["effective_until"] = "2027-01-01"

        december = ContractSet.from_dict(self._versions()).statement("acme", "2026-12", outages)

        assert ContractSet.from_dict(before).statement("acme", "2026-12", outages) == december
        assert "600.00 EUR" == december.total_owed

    def test_new_version_applies_from_its_date(self) -> None:
        outages = [down("shop", "2027-01-10T08:00+01:00", 5)]

        january = ContractSet.from_dict(self._versions()).statement("acme", "2027-01", outages)

        assert ("2027-01-01T00:00:00+01:00", "99.9%", "2400.00 EUR") == (
            january.version_effective_from,
            january.objectives[0].target,
            january.total_owed,
        )


class TestMoneyIsExact:
    def test_decimal_fees_stay_exact(self) -> None:
        data = base_file()
        data["services"]["shop"]["fee"] = "999.99 EUR"

        statement = ContractSet.from_dict(data).statement(
            "acme", "2026-01", [down("shop", "2026-01-12T08:00+01:00", 5)]
        )

        # 5 % × 999.99 = 49.9995, shown to the cent (half to even).
        assert "50.00 EUR" == statement.total_owed


class TestOverlaps:
    def _contract(self) -> ContractSet:
        data = base_file()
        data["contracts"][0]["exclusions"] = {"planned": {"notice": "48h", "max_per_period": "4h"}}
        return ContractSet.from_dict(data)

    def test_an_outage_during_maintenance_frees_no_allowance(self) -> None:
        """Maintenance of 3 h on the 7th and 3 h on the 21st against a 4 h allowance: 1 h of
        the second counts. A crash during the first maintenance changes nothing: the time was
        already out of the measurement, and the allowance was used by the maintenance."""
        announced = datetime.fromisoformat("2026-10-20T09:00+02:00")
        maintenance = [
            down("shop", "2026-11-07T01:00+01:00", 3, kind="planned", announced_at=announced),
            down("shop", "2026-11-21T01:00+01:00", 3, kind="planned", announced_at=announced),
        ]
        crash = down("shop", "2026-11-07T01:00+01:00", 3)
        c = self._contract()

        before = _objective(c.statement("acme", "2026-11", maintenance), "shop")
        after = _objective(c.statement("acme", "2026-11", [*maintenance, crash]), "shop")

        assert ("357/358", "14400", "7200") == (
            before.level_exact,
            before.excluded_seconds,
            before.downtime_seconds,
        )
        assert before == after

    def test_overlapping_outages_merge_with_the_larger_impact(self) -> None:
        """10:00-12:00 at half impact and 11:00-11:30 fully down: 1 h × 0.5 + 0.5 h × 1
        + 0.5 h × 0.5 = 1.25 h = 4,500 s."""
        outages = [
            down("shop", "2026-11-10T10:00+01:00", 2, impact=Fraction(1, 2)),
            down("shop", "2026-11-10T11:00+01:00", 0.5),
        ]

        shop = _objective(self._contract().statement("acme", "2026-11", outages), "shop")

        assert "4500" == shop.downtime_seconds


class TestPeriods:
    def test_march_in_berlin_is_an_hour_short(self) -> None:
        """March 2026 in Berlin: 31 × 24 − 1 = 743 h (clocks go forward on the 29th). 5 h down:
        738/743 ≈ 99.327 %, the 5 % tier."""
        statement = contracts().statement(
            "acme", "2026-03", [down("shop", "2026-03-29T01:00+01:00", 5)]
        )

        shop = _objective(statement, "shop")
        assert ("2674800", "738/743", "600.00 EUR") == (
            shop.window_seconds,
            shop.level_exact,
            shop.credit,
        )

    def test_quarter(self) -> None:
        """Q4 2026 in Berlin: 92 days + 1 h (October) = 2,209 h. 10 h down: 2199/2209 ≈ 99.547 %,
        met; fees and caps are per quarter."""
        data = base_file()
        data["contracts"][0]["period"] = "quarter"
        c = ContractSet.from_dict(data)
        outage = down("shop", "2026-11-12T08:00+01:00", 10)

        statement = c.statement("acme", "2026-Q4", [outage])

        assert ("2026-Q4", "2026-10-01T00:00:00+02:00", "2027-01-01T00:00:00+01:00") == (
            statement.period,
            statement.start,
            statement.end,
        )
        assert ("2199/2209", True) == (
            statement.objectives[0].level_exact,
            statement.objectives[0].met,
        )
        assert statement == c.statement("acme", "2026-11", [outage])  # a month names its quarter


class TestExclusionOptions:
    def _october(self, exclusions: dict[str, str]) -> Statement:
        lines = "\n      ".join(f"{k}: {v}" for k, v in exclusions.items())
        text = OCTOBER_BERLIN.replace("customer_caused: true", lines)
        outages = read_outages(OCTOBER_OUTAGES)
        return ContractSet.from_yaml(text).statement("acme", "2026-10", outages)

    def test_excluded_time_as_up_time(self) -> None:
        """`excluded_time: up` keeps the window whole: (792,000 − 9,360) ÷ 792,000 = 1087/1100
        ≈ 98.818 %."""
        business = _objective(self._october({"excluded_time": "up"}), "shop-business-hours")

        assert ("1087/1100", "0") == (business.level_exact, business.excluded_seconds)

    def test_customer_caused_counted_when_not_excluded(self) -> None:
        """Counting the customer's hour: (792,000 − 12,960) ÷ 792,000 = 779,040 ÷ 792,000
        = 541/550 ≈ 98.36 %."""
        business = _objective(self._october({"customer_caused": "false"}), "shop-business-hours")

        assert ("541/550", "12960") == (business.level_exact, business.downtime_seconds)

    def test_force_majeure_excluded_by_default(self) -> None:
        storm = Outage(
            "shop",
            datetime.fromisoformat("2026-10-06T12:00+02:00"),
            datetime.fromisoformat("2026-10-06T13:00+02:00"),
            "force_majeure",
        )
        contracts_ = ContractSet.from_yaml(OCTOBER_BERLIN)
        outages = [*read_outages(OCTOBER_OUTAGES), storm]

        business = _objective(
            contracts_.statement("acme", "2026-10", outages), "shop-business-hours"
        )

        assert ("7200", "9360") == (business.excluded_seconds, business.downtime_seconds)
