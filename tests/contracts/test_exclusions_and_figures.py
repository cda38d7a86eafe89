"""How each kind of outage is treated under each exclusion setting (the reason printed beside
it), figures to the microsecond, an empty agreed time, and money rounded the same whatever
decimal context the host runs in.

November 2026 in Berlin has 720 h = 2,592,000 s (no clock change).
"""

from __future__ import annotations

import decimal
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest

from slaclock.contracts import ContractSet, Outage

from .helpers import base_file, down

MONDAY = "2026-11-09T10:00+01:00"


def _statement(outages: list[Outage], exclusions: dict[str, Any] | None = None) -> Any:
    data = base_file()
    if exclusions is not None:
        data["contracts"][0]["exclusions"] = exclusions
    return ContractSet.from_dict(data).statement("acme", "2026-11", outages)


def _announced(hours_ahead: float) -> datetime:
    return datetime.fromisoformat(MONDAY) - timedelta(hours=hours_ahead)


class TestTreatment:
    @pytest.mark.parametrize(
        ("exclusions", "extra", "counted", "reason"),
        [
            pytest.param(None, {}, True, "unplanned", id="unplanned"),
            pytest.param(
                None,
                {"kind": "planned", "announced_at": _announced(72)},
                True,
                "planned, but this contract excludes no planned maintenance",
                id="planned-no-exclusion",
            ),
            pytest.param(
                {"planned": {"notice": "48h"}},
                {"kind": "planned"},
                True,
                "planned, but never announced",
                id="planned-never-announced",
            ),
            pytest.param(
                {"planned": {"notice": "48h"}},
                {"kind": "planned", "announced_at": _announced(48)},
                False,
                "planned, announced 48h ahead",
                id="planned-notice-exactly",
            ),
            pytest.param(
                {"planned": {"notice": "48h"}},
                {"kind": "planned", "announced_at": _announced(48 - 1 / 60)},
                True,
                "planned, announced 47h59m ahead (< 48h)",
                id="planned-a-minute-short",
            ),
            pytest.param(
                {"planned": {"notice": "30m"}},
                {"kind": "planned", "announced_at": _announced(1 / 3)},
                True,
                "planned, announced 0h20m ahead (< 0h30m)",
                id="planned-minutes",
            ),
            pytest.param(None, {"kind": "customer_caused"}, False, "customer-caused", id="cust"),
            pytest.param(
                {"customer_caused": False},
                {"kind": "customer_caused"},
                True,
                "customer-caused, but this contract does not exclude it",
                id="customer-counted",
            ),
            pytest.param(None, {"kind": "force_majeure"}, False, "force majeure", id="fm"),
            pytest.param(
                {"force_majeure": False},
                {"kind": "force_majeure"},
                True,
                "force majeure, but this contract does not exclude it",
                id="force-majeure-counted",
            ),
        ],
    )
    def test_reason_and_effect(
        self, exclusions: dict[str, Any] | None, extra: dict[str, Any], counted: bool, reason: str
    ) -> None:
        """Five hours of the shop down: counted, 715 h of 720 = 99.31 %, below 99.5 %: 5 % of
        12,000 = 600 EUR; excluded, the level stays at 100 %."""
        statement = _statement([down("shop", MONDAY, 5, **extra)], exclusions)

        [line] = statement.outages
        shop = statement.objectives[0]
        assert (counted, reason, "300") == (line.counted, line.reason, line.minutes)
        assert ("shop", "2026-11-09T10:00:00+01:00", "2026-11-09T15:00:00+01:00", "1") == (
            line.service,
            line.start,
            line.end,
            line.impact,
        )
        if counted:
            assert ("18000", "0", "143/144", "600.00 EUR") == (
                shop.downtime_seconds,
                shop.excluded_seconds,
                shop.level_exact,
                shop.credit,
            )
        else:
            assert ("0", "18000", "1/1", "0.00 EUR") == (
                shop.downtime_seconds,
                shop.excluded_seconds,
                shop.level_exact,
                shop.credit,
            )

    def test_allowance_of_a_whole_day(self) -> None:
        """A 24 h allowance: of 25 h of announced maintenance, the first 24 h are excluded and
        the last hour counts."""
        start = datetime.fromisoformat("2026-11-09T00:00+01:00")
        maintenance = Outage(
            "shop",
            start,
            start + timedelta(hours=25),
            kind="planned",
            announced_at=start - timedelta(days=7),
        )

        statement = _statement(
            [maintenance], {"planned": {"notice": "48h", "max_per_period": "24h"}}
        )

        assert [
            (False, "1440", "planned, announced 168h ahead"),
            (True, "60", "planned, over the 24h allowance per period"),
        ] == [(o.counted, o.minutes, o.reason) for o in statement.outages]
        assert ("3600", "86400") == (
            statement.objectives[0].downtime_seconds,
            statement.objectives[0].excluded_seconds,
        )


class TestFiguresToTheMicrosecond:
    def test_a_second_and_a_half(self) -> None:
        start = datetime.fromisoformat(MONDAY)
        outage = Outage("shop", start, start + timedelta(seconds=1.5))

        statement = _statement([outage])

        assert ("1.5", "0.025") == (
            statement.objectives[0].downtime_seconds,
            statement.outages[0].minutes,
        )

    def test_a_third_of_a_microsecond_is_shown_rounded(self) -> None:
        """1.5 s fully down plus 1 µs at a third: 1,500,000⅓ µs, shown as 1.5 s; the exact
        level keeps the third."""
        start = datetime.fromisoformat(MONDAY)
        tiny = Outage("shop", start, start + timedelta(microseconds=1), impact=Fraction(1, 3))
        later = start + timedelta(hours=1)
        whole = Outage("shop", later, later + timedelta(seconds=1.5))

        shop = _statement([tiny, whole]).objectives[0]

        assert "1.5" == shop.downtime_seconds
        # (2,592,000,000,000 − 1,500,000⅓) ÷ 2,592,000,000,000, in lowest terms.
        assert Fraction(2_592_000_000_000 * 3 - 4_500_001, 2_592_000_000_000 * 3) == Fraction(
            shop.level_exact
        )

    def test_only_a_fraction_of_a_microsecond(self) -> None:
        start = datetime.fromisoformat(MONDAY)
        tiny = Outage("shop", start, start + timedelta(microseconds=1), impact=Fraction(1, 3))

        assert "0" == _statement([tiny]).objectives[0].downtime_seconds


class TestNoAgreedTime:
    def test_a_month_all_excluded_is_met(self) -> None:
        """The customer caused the whole month: the agreed time is 0, and the level is 100 %
        by definition (nothing was promised that could be missed)."""
        start = datetime.fromisoformat("2026-11-01T00:00+01:00")
        whole = Outage("shop", start, start + timedelta(days=30), kind="customer_caused")

        shop = _statement([whole]).objectives[0]

        assert ("1/1", True, "0.00 EUR") == (shop.level_exact, shop.met, shop.credit)
        assert ("2592000", "2592000") == (shop.window_seconds, shop.excluded_seconds)


class TestHostDecimalContext:
    @pytest.mark.parametrize(
        "rounding", [decimal.ROUND_UP, decimal.ROUND_HALF_UP, decimal.ROUND_FLOOR]
    )
    def test_half_a_cent_rounds_to_even_whatever_the_host_set(self, rounding: str) -> None:
        """Fee 10.25 EUR and one tier, 10 % below 99.5 %; 5 h down in November (99.31 %):
        1.025 EUR, a tie at the cent, is 1.02 EUR (half to even) whatever rounding and
        precision the host's decimal context has."""
        data = base_file()
        data["services"]["shop"]["fee"] = "10.25 EUR"
        data["contracts"][0]["credits"]["tiers"]["shop"] = [{"below": "99.5%", "credit": "10%"}]
        contracts = ContractSet.from_dict(data)
        outages = [down("shop", MONDAY, 5)]

        with decimal.localcontext() as ctx:
            ctx.rounding = rounding
            ctx.prec = 6
            statement = contracts.statement("acme", "2026-11", outages)

        assert ("1.02 EUR", "1.02 EUR") == (statement.objectives[0].credit, statement.total_owed)
