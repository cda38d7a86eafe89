"""Business days backwards, counted between two instants, and the close of today (issue #11,
item 18)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from calendar_strategies import Scenario, scenarios
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slaclock import (
    BusinessCalendar,
    BusinessDays,
    HolidayRegion,
    PolicySet,
    TicketEvent,
    WorkingHours,
    evaluate,
    parse_duration,
)
from slaclock.errors import DurationError

BERLIN = BusinessCalendar.weekdays(
    "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
)
NIGHT_DESK = BusinessCalendar("America/New_York", WorkingHours.parse({"mon-fri": ["22:00-06:00"]}))

#: A tenth of the profile's examples: these walk the slow reference model or build many
#: calendars, and run in the default test run.
few = settings(max_examples=max(50, settings().max_examples // 10))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class TestBackwards:
    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            pytest.param(
                "2026-04-07T10:00+02:00", -1, "2026-04-02T10:00:00+02:00", id="over-easter"
            ),
            pytest.param(
                "2026-04-07T10:00+02:00", -7, "2026-03-25T10:00:00+01:00", id="seven-over-dst"
            ),
            pytest.param("2026-04-11T12:00+02:00", -1, "2026-04-09T17:00:00+02:00", id="saturday"),
            pytest.param("2026-04-13T08:00+02:00", -1, "2026-04-09T17:00:00+02:00", id="early"),
            pytest.param("2026-04-13T17:00+02:00", -1, "2026-04-10T17:00:00+02:00", id="at-close"),
        ],
    )
    def test_berlin(self, start: str, days: int, expected: str) -> None:
        actual = BERLIN.add_business_days(at(start), days)

        assert expected == actual.isoformat()

    def test_a_night_shift_counts_from_the_day_it_starts(self) -> None:
        # Tuesday 03:00 belongs to Monday's night shift; one business day back is the
        # Friday shift, at the same wall time: Saturday 03:00.
        actual = NIGHT_DESK.add_business_days(at("2026-03-03T03:00-05:00"), -1)

        assert "2026-02-28T03:00:00-05:00" == actual.isoformat()

    def test_the_close_of_the_day_before(self) -> None:
        actual = BERLIN.close_of_business_day(at("2026-04-07T10:00+02:00"), -1)

        assert "2026-04-02T17:00:00+02:00" == actual.isoformat()


class TestBetween:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            pytest.param("2026-04-02T10:00+02:00", "2026-04-07T10:00+02:00", 1, id="easter"),
            pytest.param(
                "2026-04-02T10:00+02:00", "2026-04-07T09:59+02:00", 0, id="a-minute-short"
            ),
            pytest.param("2026-04-02T10:00+02:00", "2026-04-10T20:00+02:00", 4, id="evening"),
            pytest.param("2026-04-10T20:00+02:00", "2026-04-02T10:00+02:00", -4, id="backwards"),
            pytest.param("2026-04-04T10:00+02:00", "2026-04-05T10:00+02:00", 0, id="weekend"),
        ],
    )
    def test_berlin(self, start: str, end: str, expected: int) -> None:
        actual = BERLIN.business_days_between(at(start), at(end))

        assert expected == actual


class TestCloseOfToday:
    def test_the_budget_reads(self) -> None:
        assert BusinessDays(0, "close") == parse_duration("0 business days at close")

    @pytest.mark.parametrize("text", ["0 business days", "0 business days same time"])
    def test_zero_days_without_close_is_refused(self, text: str) -> None:
        with pytest.raises(DurationError, match="0 business days at close"):
            parse_duration(text)

    @pytest.mark.parametrize(
        ("created", "due"),
        [
            pytest.param("2026-04-02T10:00+02:00", "2026-04-02T17:00+02:00", id="thursday"),
            pytest.param("2026-04-02T18:00+02:00", "2026-04-07T17:00+02:00", id="after-close"),
        ],
    )
    def test_a_target_due_at_the_close_of_today(self, created: str, due: str) -> None:
        policies = PolicySet.from_dict(
            {
                "calendars": {
                    "office": {
                        "timezone": "Europe/Berlin",
                        "hours": {"mon-fri": ["09:00-17:00"]},
                        "holidays": {"country": "DE", "subdiv": "BE"},
                    }
                },
                "policies": [
                    {
                        "name": "p",
                        "calendar": "office",
                        "targets": {"*": {"resolution": "0 business days at close"}},
                    }
                ],
            }
        )

        status = evaluate(policies, [TicketEvent.created(at(created), "P2")], at(created))

        assert at(due) == status.metric("resolution").due_at


@few
@given(scenarios(instants=1, durations=0), st.integers(1, 40))
def test_backwards_never_ends_later(scenario: Scenario, days: int) -> None:
    case, (start,), _ = scenario

    actual = case.cal.add_business_days(start, -days)

    assert actual < start
    assert case.cal.business_days_between(actual, start) >= days - 1


@few
@given(scenarios(instants=2, durations=0))
def test_between_brackets_the_forward_steps(scenario: Scenario) -> None:
    case, (a, b), _ = scenario
    cal = case.cal
    assume(b >= cal.next_open(a))

    n = cal.business_days_between(a, b)

    assert n >= 0
    assert cal.add_business_days(a, n) <= b < cal.add_business_days(a, n + 1)
    assert -n == cal.business_days_between(b, a)


@few
@given(
    st.dates(date(2024, 1, 1), date(2030, 12, 31)),
    st.integers(9 * 60, 17 * 60 - 1),
    st.integers(1, 60),
)
def test_backwards_undoes_forwards_on_regular_days(day: date, minute: int, days: int) -> None:
    assume(BERLIN.is_business_day(day))
    start = datetime.combine(day, time(), BERLIN.zone) + timedelta(minutes=minute)

    there = BERLIN.add_business_days(start, days)
    back = BERLIN.add_business_days(there, -days)

    assert start == back
    assert days == BERLIN.business_days_between(start, there)
