"""Windows built from several calendars, and the written terms (percentages, money), worked by
hand on one Berlin day: Tuesday 3 November 2026 (UTC+01:00)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from slaclock.calendar import BusinessCalendar
from slaclock.contracts import ContractSet
from slaclock.contracts import _intervals as iv
from slaclock.contracts.terms import (
    AllOf,
    AnyOf,
    CalendarWindow,
    Money,
    Not,
    format_percent,
    parse_money,
    parse_percent,
    percent_places,
)

from .helpers import down

BERLIN = "Europe/Berlin"
DAY = ("2026-11-03T00:00+01:00", "2026-11-04T00:00+01:00")


def _every_day(hours: str) -> BusinessCalendar:
    return BusinessCalendar.from_config({"timezone": BERLIN, "hours": {"mon-sun": [hours]}})


MORNINGS = CalendarWindow("mornings", _every_day("06:00-12:00"))
OFFICE = CalendarWindow("office", _every_day("09:00-17:00"))
LUNCH = CalendarWindow("lunch", _every_day("12:00-13:00"))
EVENINGS = CalendarWindow("evenings", _every_day("18:00-20:00"))


def _hours(spans: iv.Intervals) -> list[tuple[str, str]]:
    """Spans as Berlin wall clocks, for reading."""
    zone = MORNINGS.calendar.zone  # type: ignore[union-attr]
    return [
        (iv.from_us(a, zone).strftime("%H:%M"), iv.from_us(b, zone).strftime("%H:%M"))
        for a, b in spans
    ]


def _day() -> tuple[int, int]:
    lo, hi = (iv.to_us(datetime.fromisoformat(t)) for t in DAY)
    return lo, hi


class TestWindowAlgebra:
    def test_any_of_joins_and_merges(self) -> None:
        window = AnyOf((MORNINGS, OFFICE, EVENINGS))

        assert [("06:00", "17:00"), ("18:00", "20:00")] == _hours(window.spans(*_day()))
        assert "any of (mornings, office, evenings)" == window.describe()

    def test_all_of_keeps_what_every_part_has(self) -> None:
        window = AllOf((OFFICE, Not(LUNCH), AnyOf((MORNINGS, EVENINGS))))

        assert [("09:00", "12:00")] == _hours(window.spans(*_day()))
        assert "all of (office, not lunch, any of (mornings, evenings))" == window.describe()

    def test_all_of_two_parts_and_three_differ(self) -> None:
        # The third part must count: office and not lunch is 7 h, with mornings 3 h.
        two = AllOf((OFFICE, Not(LUNCH))).spans(*_day())
        three = AllOf((OFFICE, Not(LUNCH), MORNINGS)).spans(*_day())

        assert [("09:00", "12:00"), ("13:00", "17:00")] == _hours(two)
        assert [("09:00", "12:00")] == _hours(three)

    def test_not_is_the_rest_of_the_day(self) -> None:
        window = Not(OFFICE)

        assert [("00:00", "09:00"), ("17:00", "00:00")] == _hours(window.spans(*_day()))
        assert "not office" == window.describe()

    def test_around_the_clock(self) -> None:
        lo, hi = _day()
        always = CalendarWindow("24x7", None)

        assert ((lo, hi),) == always.spans(lo, hi)
        assert () == always.spans(lo, lo)
        assert () == always.spans(hi, lo)
        assert "24x7" == always.describe()


def _file(window: Any) -> dict[str, Any]:
    return {
        "calendars": {
            "mornings": {"timezone": BERLIN, "hours": {"mon-sun": ["06:00-12:00"]}},
            "evenings": {"timezone": BERLIN, "hours": {"mon-sun": ["18:00-20:00"]}},
        },
        "services": {"shop": {"fee": "1000 EUR"}},
        "contracts": [
            {
                "name": "acme",
                "timezone": BERLIN,
                "objectives": [
                    {"name": "shop", "service": "shop", "availability": "99%", "window": window}
                ],
                "credits": {"tiers": {"shop": [{"below": "99%", "credit": "10%"}]}},
            }
        ],
    }


class TestWindowsInAStatement:
    def test_any_of_two_calendars(self) -> None:
        """November 2026 has 30 days of 6 + 2 = 8 window hours: 240 h. An outage Tue 3 Nov
        11:00-19:00 is down 1 h of mornings and 1 h of evenings: 238/240 = 99.16 %, met."""
        contracts = ContractSet.from_dict(_file({"any": ["mornings", "evenings"]}))

        [line] = contracts.statement(
            "acme", "2026-11", [down("shop", "2026-11-03T11:00+01:00", 8)]
        ).objectives

        assert "any of (mornings, evenings)" == line.window
        assert ("864000", "7200", "119/120") == (
            line.window_seconds,
            line.downtime_seconds,
            line.level_exact,
        )

    def test_not_any_of(self) -> None:
        """The rest of November: 720 h - 240 h = 480 h; the same outage is down 6 h there
        (12:00-18:00): 474/480 = 98.75 %, below 99 %: 10 % of 1000 EUR."""
        contracts = ContractSet.from_dict(_file({"not": {"any": ["mornings", "evenings"]}}))

        statement = contracts.statement(
            "acme", "2026-11", [down("shop", "2026-11-03T11:00+01:00", 8)]
        )

        [line] = statement.objectives
        assert "not any of (mornings, evenings)" == line.window
        assert ("1728000", "21600", "79/80") == (
            line.window_seconds,
            line.downtime_seconds,
            line.level_exact,
        )
        assert "100.00 EUR" == statement.total_owed


class TestPercent:
    @pytest.mark.parametrize(
        ("text", "value"),
        [
            pytest.param("99.95%", Fraction(1999, 2000), id="decimals"),
            pytest.param(" 99 % ", Fraction(99, 100), id="spaces"),
            pytest.param("100%", Fraction(1), id="all"),
            pytest.param("0%", Fraction(0), id="none"),
        ],
    )
    def test_read(self, text: str, value: Fraction) -> None:
        assert value == parse_percent(text)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            pytest.param(
                "99.5",
                "expected a percentage with its sign such as '99.5%', got '99.5'",
                id="no-sign",
            ),
            pytest.param(
                99.5, "expected a percentage with its sign such as '99.5%', got 99.5", id="number"
            ),
            pytest.param(
                "-1%",
                "expected a percentage with its sign such as '99.5%', got '-1%'",
                id="negative",
            ),
            pytest.param("100.01%", "a percentage cannot be over 100%, got '100.01%'", id="over"),
        ],
    )
    def test_refused(self, text: object, message: str) -> None:
        with pytest.raises(ValueError) as exc:
            parse_percent(text)

        assert message == str(exc.value)


class TestShownPercent:
    @pytest.mark.parametrize(
        ("value", "places", "shown"),
        [
            pytest.param(Fraction(1999, 2000), None, "99.95%", id="default-two-places"),
            pytest.param(Fraction(5, 10000), None, "0.05%", id="leading-zero"),
            pytest.param(Fraction(0), None, "0.00%", id="zero"),
            pytest.param(Fraction(1), None, "100.00%", id="all"),
            pytest.param(Fraction(2, 3), 3, "66.666%", id="truncated-not-rounded"),
            pytest.param(Fraction(1, 100000), 3, "0.001%", id="three-places"),
            pytest.param(Fraction(1, 2), 0, "50%", id="no-places"),
        ],
    )
    def test_format(self, value: Fraction, places: int | None, shown: str) -> None:
        text = format_percent(value) if places is None else format_percent(value, places)

        assert shown == text

    @pytest.mark.parametrize(
        ("text", "places"), [(" 99.95 % ", 2), ("99%", 0), ("99.999%", 3), ("99.0%", 1)]
    )
    def test_places_written(self, text: str, places: int) -> None:
        assert places == percent_places(text)


class TestMoney:
    @pytest.mark.parametrize(
        ("amount", "shown"),
        [
            pytest.param("12000", "12000.00 EUR", id="whole"),
            pytest.param("0.125", "0.12 EUR", id="half-to-even-down"),
            pytest.param("0.135", "0.14 EUR", id="half-to-even-up"),
            pytest.param("49.999", "50.00 EUR", id="carry"),
        ],
    )
    def test_cents(self, amount: str, shown: str) -> None:
        assert shown == Money(Decimal(amount), "EUR").cents()

    def test_read_and_written_as_given(self) -> None:
        money = parse_money(" 49.90 USD ")

        assert Money(Decimal("49.90"), "USD") == money
        assert "49.90 USD" == str(money)

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param("12,000 EUR", id="comma"),
            pytest.param("12000 eur", id="lower-case-code"),
            pytest.param("12000EUR", id="no-space"),
            pytest.param("EUR 12000", id="code-first"),
            pytest.param(12000, id="number"),
        ],
    )
    def test_refused(self, text: object) -> None:
        with pytest.raises(ValueError) as exc:
            parse_money(text)

        assert f"expected an amount and a currency code such as '12000 EUR', got {text!r}" == str(
            exc.value
        )
