"""Properties of business-time arithmetic over random calendars, and the engine against the
slow reference model in `oracle.py`.

Every property runs the profile's example count (1,000 by default, see conftest.py); the
comparisons with the model, which walks day by day, run a third of that.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from calendar_oracle import Oracle, OracleError, utc
from calendar_strategies import ZONES, Scenario, scenarios
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, CalendarError

US = timedelta(microseconds=1)
ZERO = timedelta(0)

#: The model is slow: a third of the profile's examples (300 by default).
oracle_settings = settings(max_examples=max(50, settings().max_examples // 3))


def in_zone_of(cal: BusinessCalendar, value: datetime) -> bool:
    return value.tzinfo == ZoneInfo(cal.timezone)


def closing(cal: BusinessCalendar, t: datetime) -> datetime | None:
    """`cal.next_close(t)` in UTC, or None when the calendar never closes again: a 24x7
    calendar has no next close, and the engine says so with an error after ten years."""
    try:
        return utc(cal.next_close(t))
    except CalendarError as exc:
        if "without a break" not in str(exc):
            raise
        return None


def model_closing(model: Oracle, t: datetime) -> datetime | None:
    """The model's next close, or None where the engine gives up: an open run that is still
    open when the eleventh UTC year after the one it started in begins."""
    try:
        found = model.next_close(t)
    except OracleError:
        return None
    opened = model.next_open(t)
    if found >= datetime(opened.year + 11, 1, 1, tzinfo=UTC):
        return None
    return found


# Two datetimes in the same zone compare and subtract by wall time, ignoring `fold`; and an
# instant in a DST fold never equals one in another zone. So every comparison and every bit
# of arithmetic below happens on `utc(...)` values.


class TestAdd:
    @given(scenarios())
    def test_elapsed_up_to_the_deadline_is_the_budget(self, scenario: Scenario) -> None:
        case, [start], [budget] = scenario

        deadline = case.cal.add(start, budget)

        assert budget == case.cal.elapsed(start, deadline)

    @given(scenarios(durations=2))
    def test_a_larger_budget_is_never_due_earlier(self, scenario: Scenario) -> None:
        case, [start], budgets = scenario
        small, large = sorted(budgets)

        earlier, later = case.cal.add(start, small), case.cal.add(start, large)

        assert utc(earlier) <= utc(later)

    @given(scenarios(durations=2))
    def test_deadlines_add_up(self, scenario: Scenario) -> None:
        case, [start], [a, b] = scenario
        expected = case.cal.add(start, a + b)

        actual = case.cal.add(case.cal.add(start, a), b)

        assert utc(expected) == utc(actual)

    @given(scenarios(allow_zero=False))
    def test_a_deadline_lies_in_open_time_or_on_a_closing_edge(self, scenario: Scenario) -> None:
        case, [start], [budget] = scenario
        cal = case.cal

        deadline = utc(cal.add(start, budget))

        closing_edge = cal.is_open(deadline - US) and not cal.is_open(deadline)
        assert cal.is_open(deadline) or closing_edge
        # It is the earliest such instant: the microsecond before it was open and counted.
        assert deadline > utc(start)
        assert budget - US == cal.elapsed(start, deadline - US)

    @given(scenarios())
    def test_a_zero_budget_changes_nothing(self, scenario: Scenario) -> None:
        case, [t], _ = scenario

        deadline, latest_start = case.cal.add(t, ZERO), case.cal.subtract(t, ZERO)

        assert utc(t) == utc(deadline) == utc(latest_start)
        assert in_zone_of(case.cal, deadline) and in_zone_of(case.cal, latest_start)

    @given(scenarios())
    def test_a_negative_budget_counts_backwards(self, scenario: Scenario) -> None:
        case, [t], [budget] = scenario

        backwards, forwards = case.cal.add(t, -budget), case.cal.subtract(t, -budget)

        assert utc(case.cal.subtract(t, budget)) == utc(backwards)
        assert utc(case.cal.add(t, budget)) == utc(forwards)


class TestSubtract:
    @given(scenarios())
    def test_elapsed_from_the_latest_start_is_the_budget(self, scenario: Scenario) -> None:
        case, [end], [budget] = scenario

        start = case.cal.subtract(end, budget)

        assert utc(start) <= utc(end)
        assert budget == case.cal.elapsed(start, end)

    @given(scenarios(allow_zero=False))
    def test_the_start_is_the_latest_one(self, scenario: Scenario) -> None:
        # Any later start leaves less open time: the instant right after it is open.
        case, [end], [budget] = scenario

        start = utc(case.cal.subtract(end, budget))

        assert case.cal.is_open(start)
        assert budget - US == case.cal.elapsed(start + US, end)

    @given(scenarios(allow_zero=False))
    def test_undoing_a_deadline_gives_the_first_open_instant(self, scenario: Scenario) -> None:
        case, [start], [budget] = scenario
        expected = case.cal.next_open(start)

        actual = case.cal.subtract(case.cal.add(start, budget), budget)

        assert utc(expected) == utc(actual)


class TestElapsed:
    @given(scenarios(instants=3))
    def test_is_additive(self, scenario: Scenario) -> None:
        case, [a, b, c], _ = scenario
        expected = case.cal.elapsed(a, c)

        actual = case.cal.elapsed(a, b) + case.cal.elapsed(b, c)

        assert expected == actual

    @given(scenarios(instants=2))
    def test_is_antisymmetric(self, scenario: Scenario) -> None:
        case, [a, b], _ = scenario

        forwards, backwards = case.cal.elapsed(a, b), case.cal.elapsed(b, a)

        assert -forwards == backwards
        assert forwards >= ZERO if utc(a) <= utc(b) else forwards <= ZERO


class TestZones:
    @given(scenarios(), st.sampled_from(ZONES))
    def test_the_same_instant_in_another_zone_gives_the_same_answers(
        self, scenario: Scenario, other: str
    ) -> None:
        case, [t], [budget] = scenario
        cal = case.cal
        moved = t.astimezone(ZoneInfo(other))
        later = utc(t) + budget
        expected = (
            [cal.add(t, budget), cal.subtract(t, budget), cal.next_open(t)],
            closing(cal, t),
            cal.is_open(t),
            cal.elapsed(t, later),
        )

        actual = (
            [cal.add(moved, budget), cal.subtract(moved, budget), cal.next_open(moved)],
            closing(cal, moved),
            cal.is_open(moved),
            cal.elapsed(moved, later),
        )

        assert ([utc(x) for x in expected[0]], *expected[1:]) == (
            [utc(x) for x in actual[0]],
            *actual[1:],
        )
        assert all(in_zone_of(cal, value) for value in actual[0])
        assert all(in_zone_of(cal, v) for span in cal.open_intervals(moved, later) for v in span)


class TestQueries:
    @given(scenarios())
    def test_next_open_next_close_and_is_open_agree(self, scenario: Scenario) -> None:
        case, [t], _ = scenario
        cal = case.cal
        t = utc(t)

        opens, closes = utc(cal.next_open(t)), closing(cal, t)

        assume(closes is not None)
        assert closes is not None
        assert t <= opens < closes
        assert cal.is_open(t) == (opens == t)
        assert cal.is_open(opens) and cal.is_open(closes - US) and not cal.is_open(closes)
        assert opens == t or not cal.is_open(opens - US)
        assert cal.elapsed(t, opens) == ZERO
        assert closes - opens == cal.elapsed(opens, closes)

    @given(scenarios(durations=0), st.integers(1, 4 * 24 * 60))
    def test_open_intervals_are_the_maximal_open_runs(
        self, scenario: Scenario, minutes: int
    ) -> None:
        case, [start], _ = scenario
        cal = case.cal
        start = utc(start)
        end = start + timedelta(minutes=minutes)

        runs = [(utc(a), utc(b)) for a, b in cal.open_intervals(start, end)]

        assert sum((b - a for a, b in runs), ZERO) == cal.elapsed(start, end)
        for a, b in runs:
            assert start <= a < b <= end
            assert cal.is_open(a) and cal.is_open(b - US)
            assert a == start or not cal.is_open(a - US)
            assert b == end or not cal.is_open(b)
            assert b == end or closing(cal, a) == b
        for (_, b), (a, _) in pairwise(runs):
            assert b < a
            assert utc(cal.next_open(b)) == a


class TestAgainstTheModel:
    @oracle_settings
    @given(scenarios(durations=0), st.integers(1, 10 * 24 * 60))
    def test_open_intervals(self, scenario: Scenario, minutes: int) -> None:
        case, [start], _ = scenario
        end = utc(start) + timedelta(minutes=minutes)
        expected = Oracle(case.cal).runs(start, end)

        actual = [(utc(a), utc(b)) for a, b in case.cal.open_intervals(start, end)]

        assert expected == actual

    @oracle_settings
    @given(scenarios())
    def test_add(self, scenario: Scenario) -> None:
        case, [start], [budget] = scenario
        expected = Oracle(case.cal).add(start, budget)

        actual = utc(case.cal.add(start, budget))

        assert expected == actual

    @oracle_settings
    @given(scenarios())
    def test_subtract(self, scenario: Scenario) -> None:
        case, [end], [budget] = scenario
        expected = Oracle(case.cal).subtract(end, budget)

        actual = utc(case.cal.subtract(end, budget))

        assert expected == actual

    @oracle_settings
    @given(scenarios(instants=2))
    def test_elapsed(self, scenario: Scenario) -> None:
        case, [a, b], _ = scenario
        expected = Oracle(case.cal).elapsed(a, b)

        actual = case.cal.elapsed(a, b)

        assert expected == actual

    @oracle_settings
    @given(scenarios())
    def test_is_open_next_open_next_close(self, scenario: Scenario) -> None:
        case, [t], _ = scenario
        model = Oracle(case.cal)
        expected = (model.is_open(t), model.next_open(t), model_closing(model, t))

        actual = (case.cal.is_open(t), utc(case.cal.next_open(t)), closing(case.cal, t))

        assert expected == actual

    @oracle_settings
    @given(scenarios(), st.integers(0, 4))
    def test_business_days(self, scenario: Scenario, days: int) -> None:
        case, [t], _ = scenario
        model = Oracle(case.cal)
        local = t.astimezone(ZoneInfo(case.cal.timezone)).date()
        week = [local + timedelta(days=i) for i in range(7)]
        expected = (
            [model.is_business_day(d) for d in week],
            model.add_business_days(t, days),
            model.close_of_business_day(t, days),
        )

        actual = (
            [case.cal.is_business_day(d) for d in week],
            utc(case.cal.add_business_days(t, days)),
            utc(case.cal.close_of_business_day(t, days)),
        )

        assert expected == actual


@pytest.mark.slow
@settings(max_examples=max(5000, settings().max_examples))
@given(scenarios(instants=2, durations=1))
def test_fuzz_every_operation_against_the_model(
    scenario: Scenario,
) -> None:
    case, [a, b], [budget] = scenario
    a, b = utc(a), utc(b)
    model = Oracle(case.cal)
    expected = (
        model.add(a, budget),
        model.subtract(a, budget),
        model.elapsed(a, b),
        model.next_open(a),
        model_closing(model, a),
        model.runs(min(a, b), max(a, b)),
    )

    actual = (
        utc(case.cal.add(a, budget)),
        utc(case.cal.subtract(a, budget)),
        case.cal.elapsed(a, b),
        utc(case.cal.next_open(a)),
        closing(case.cal, a),
        [(utc(x), utc(y)) for x, y in case.cal.open_intervals(min(a, b), max(a, b))],
    )

    assert expected == actual
