"""Outages that overlap or touch, an allowance used up to the microsecond, period labels of
the other kind, and a contract's tickets evaluated once per statement.

When two outages of the same impact cover the same instant and are treated alike (both
counted or both excluded), the line shows the kind that comes last by name (customer_caused
< force_majeure < planned < unplanned), so a statement does not depend on the order the
outages were given in. November 2026 in Berlin: 720 h, no clock change.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock.contracts import ContractSet, Outage
from slaclock.contracts import statement as statement_module
from slaclock.contracts import tickets as tickets_module
from slaclock.contracts.periods import Period

from .helpers import base_file, down


def _statement(
    outages: list[Outage], exclusions: dict[str, Any] | None = None, label: str = "2026-11"
) -> Any:
    data = base_file()
    if exclusions is not None:
        data["contracts"][0]["exclusions"] = exclusions
    return ContractSet.from_dict(data).statement("acme", label, outages)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _lines(statement: Any) -> list[tuple[str, str, str, bool, str]]:
    """(start time, end time, kind, counted, reason) of each outage line."""
    return [(o.start[11:19], o.end[11:19], o.kind, o.counted, o.reason) for o in statement.outages]


def _announced(start: str, **extra: Any) -> dict[str, Any]:
    return {"kind": "planned", "announced_at": _at(start) - timedelta(hours=72), **extra}


class TestOverlapsTreatedAlike:
    def test_excluded_maintenance_over_an_excluded_customer_outage(self) -> None:
        """Maintenance 10–15 (announced 72 h ahead) and a customer-caused outage 12–17, both
        excluded at full impact: 12–15 shows the maintenance (planned > customer_caused)."""
        outages = [
            down("shop", "2026-11-09T10:00+01:00", 5, **_announced("2026-11-09T10:00+01:00")),
            down("shop", "2026-11-09T12:00+01:00", 5, kind="customer_caused"),
        ]

        statement = _statement(outages, {"planned": {"notice": "48h"}})

        assert [
            ("10:00:00", "15:00:00", "planned", False, "planned, announced 72h ahead"),
            ("15:00:00", "17:00:00", "customer_caused", False, "customer-caused"),
        ] == _lines(statement)
        assert ("0", "25200") == (
            statement.objectives[0].downtime_seconds,
            statement.objectives[0].excluded_seconds,
        )

    def test_maintenance_over_its_allowance_over_a_counted_customer_outage(self) -> None:
        """A 1 h allowance: maintenance 10–13 is excluded 10–11 and counted 11–13; a
        customer-caused outage 12–14 counts too (this contract does not exclude it). Both
        count at full impact over 12–13, which shows the maintenance."""
        outages = [
            down("shop", "2026-11-09T10:00+01:00", 3, **_announced("2026-11-09T10:00+01:00")),
            down("shop", "2026-11-09T12:00+01:00", 2, kind="customer_caused"),
        ]

        statement = _statement(
            outages,
            {"planned": {"notice": "48h", "max_per_period": "1h"}, "customer_caused": False},
        )

        over = "planned, over the 1h allowance per period"
        customer = "customer-caused, but this contract does not exclude it"
        assert [
            ("10:00:00", "11:00:00", "planned", False, "planned, announced 72h ahead"),
            ("11:00:00", "13:00:00", "planned", True, over),
            ("13:00:00", "14:00:00", "customer_caused", True, customer),
        ] == _lines(statement)
        assert ("10800", "3600") == (
            statement.objectives[0].downtime_seconds,
            statement.objectives[0].excluded_seconds,
        )


class TestTouchingAndApart:
    def test_two_outages_that_touch_are_one_line(self) -> None:
        outages = [
            down("shop", "2026-11-09T10:00+01:00", 2),
            down("shop", "2026-11-09T12:00+01:00", 2),
        ]

        statement = _statement(outages)

        assert [("10:00:00", "14:00:00", "unplanned", True, "unplanned")] == _lines(statement)
        assert "240" == statement.outages[0].minutes

    def test_two_outages_apart_stay_two_lines(self) -> None:
        outages = [
            down("shop", "2026-11-09T10:00+01:00", 1),
            down("shop", "2026-11-09T13:00+01:00", 1),
        ]

        statement = _statement(outages)

        assert [
            ("10:00:00", "11:00:00", "unplanned", True, "unplanned"),
            ("13:00:00", "14:00:00", "unplanned", True, "unplanned"),
        ] == _lines(statement)
        assert "7200" == statement.objectives[0].downtime_seconds


class TestAllowanceToTheMicrosecond:
    def test_the_last_microsecond_of_the_allowance(self) -> None:
        """A 1 h allowance: maintenance of 1 h less 1 µs leaves exactly 1 µs, which the next
        maintenance takes; the rest of that hour counts."""
        first = _at("2026-11-09T10:00+01:00")
        second = _at("2026-11-10T10:00+01:00")
        ahead = timedelta(days=3)
        outages = [
            Outage(
                "shop",
                first,
                first + timedelta(hours=1, microseconds=-1),
                kind="planned",
                announced_at=first - ahead,
            ),
            Outage(
                "shop",
                second,
                second + timedelta(hours=1),
                kind="planned",
                announced_at=second - ahead,
            ),
        ]

        statement = _statement(outages, {"planned": {"notice": "48h", "max_per_period": "1h"}})

        shop = statement.objectives[0]
        assert ("3600", "3599.999999") == (shop.excluded_seconds, shop.downtime_seconds)
        assert [False, False, True] == [o.counted for o in statement.outages]
        assert "2026-11-10T10:00:00.000001+01:00" == statement.outages[1].end


class TestPeriodLabels:
    @pytest.mark.parametrize(
        ("label", "quarter"),
        [("2026-01", 1), ("2026-03", 1), ("2026-04", 2), ("2026-09", 3), ("2026-10", 4)],
    )
    def test_a_month_names_its_quarter(self, label: str, quarter: int) -> None:
        period = Period.parse(label, "quarter", "Europe/Berlin")

        assert (2026, quarter, f"2026-Q{quarter}") == (period.year, period.index, period.label)

    def test_a_quarter_where_months_are_measured(self) -> None:
        with pytest.raises(ValueError) as caught:
            Period.parse("2026-Q4", "month", "Europe/Berlin")

        assert "this contract measures months; write e.g. 2026-11, not 2026-Q4" == str(caught.value)


class TestTicketsEvaluatedOnce:
    def test_one_ticket_report_for_a_year_of_periods(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """December with earn-back reads the whole year: twelve periods, one contract version,
        its tickets evaluated once."""
        calls: list[str] = []
        real = tickets_module.ticket_report

        def counting(contract: Any, tickets: Any) -> Any:
            calls.append(contract.name)
            return real(contract, tickets)

        monkeypatch.setattr(statement_module, "ticket_report", counting)
        data = base_file(earn_back={"periods": 2})

        statement = ContractSet.from_dict(data).statement("acme", "2026-12", [])

        assert ["acme"] == calls
        assert "0.00 EUR" == statement.total_owed
