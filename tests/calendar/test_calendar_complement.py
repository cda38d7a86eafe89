"""The complement of a calendar: open exactly when it is closed (issue #15)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from calendar_oracle import Oracle, OracleError, utc
from calendar_strategies import Scenario, scenarios
from hypothesis import assume, given, settings

from slaclock import BusinessCalendar, CalendarError, HolidayRegion, WorkingHours
from slaclock.calendar.spec import calendar_to_config
from slaclock.config import PolicySet

OFFICE = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")

#: A tenth of the profile's examples: these walk the slow reference model or build many
#: calendars, and run in the default test run.
few = settings(max_examples=max(50, settings().max_examples // 10))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class TestByExample:
    @pytest.mark.parametrize(
        ("start", "hours", "expected"),
        [
            pytest.param("2026-12-04T16:00+01:00", 2, "2026-12-04T19:00:00+01:00", id="friday"),
            pytest.param("2026-12-07T08:00+01:00", 2, "2026-12-07T18:00:00+01:00", id="monday"),
            pytest.param("2026-12-05T12:00+01:00", 60, "2026-12-08T08:00:00+01:00", id="weekend"),
        ],
    )
    def test_other_hours_of_an_office(self, start: str, hours: int, expected: str) -> None:
        # Closed 09:00-17:00 on weekdays, open the rest of the week.
        actual = (~OFFICE).add(at(start), timedelta(hours=hours))

        assert expected == actual.isoformat()

    def test_a_24x7_calendar_with_holidays_is_open_on_its_holidays_only(self) -> None:
        always = BusinessCalendar("Europe/Berlin", WorkingHours.always(), HolidayRegion("DE"))

        holidays = ~always

        assert holidays.is_open(at("2026-12-25T10:00+01:00"))
        assert not holidays.is_open(at("2026-12-23T10:00+01:00"))
        assert holidays.next_close(at("2026-12-25T10:00+01:00")) == at("2026-12-27T00:00+01:00")

    def test_the_complement_of_24x7_is_refused(self) -> None:
        with pytest.raises(CalendarError, match=r"complement .* is never open"):
            BusinessCalendar.always("Europe/Berlin").complement()

    def test_cal_and_not_cal_is_refused(self) -> None:
        with pytest.raises(CalendarError, match="never open"):
            OFFICE & ~OFFICE

    def test_from_a_file(self) -> None:
        policies = PolicySet.from_dict(
            {
                "calendars": {
                    "other-hours": {"not": "office"},
                    "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}},
                },
                "policies": [
                    {"name": "p", "calendar": "other-hours", "targets": {"*": {"resolution": "1h"}}}
                ],
            }
        )

        other = policies.calendars["other-hours"]

        assert other.mode == "complement"
        assert other.is_open(at("2026-12-07T08:59+01:00"))
        assert not other.is_open(at("2026-12-07T09:00+01:00"))

    def test_it_writes_back(self) -> None:
        cal = ~OFFICE

        expected = {
            "timezone": "Europe/Berlin",
            "not": {
                "timezone": "Europe/Berlin",
                "hours": {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
            },
        }
        actual = calendar_to_config(cal)

        assert expected == actual
        assert cal == BusinessCalendar.from_config(actual)

    def test_the_complement_has_no_named_closed_days_of_its_part(self) -> None:
        cal = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE")
        )

        actual = (~cal).holidays_between(date(2026, 12, 24), date(2026, 12, 27))

        assert {} == actual


class TestProperties:
    @few
    @given(scenarios(instants=2, durations=0))
    def test_cal_or_not_cal_is_open_around_the_clock(self, scenario: Scenario) -> None:
        case, (a, b), _ = scenario
        cal = case.cal
        try:
            other = ~cal
        except CalendarError:
            assume(False)  # a calendar open around the clock has no complement
            raise

        # Subtract in UTC: two datetimes in one zone subtract on the wall and ignore fold.
        real = utc(b) - utc(a)
        assert abs(real) == abs((cal | other).elapsed(a, b))
        assert real == cal.elapsed(a, b) + other.elapsed(a, b)

    @few
    @given(scenarios(instants=1, durations=0))
    def test_cal_and_not_cal_is_never_open(self, scenario: Scenario) -> None:
        case, _, _ = scenario
        try:
            other = ~case.cal
        except CalendarError:
            assume(False)
            raise

        with pytest.raises(CalendarError, match="never open"):
            case.cal & other

    @few
    @given(scenarios(instants=1, durations=0))
    def test_open_exactly_when_the_calendar_is_closed(self, scenario: Scenario) -> None:
        case, (t,), _ = scenario
        try:
            other = ~case.cal
        except CalendarError:
            assume(False)
            raise

        assert case.cal.is_open(t) != other.is_open(t)

    @few
    @given(scenarios(instants=1, durations=1, allow_zero=False))
    def test_add_matches_the_model(self, scenario: Scenario) -> None:
        case, (start,), (budget,) = scenario
        try:
            other = ~case.cal
            expected = Oracle(other).add(start, budget)
        except (CalendarError, OracleError):
            assume(False)
            raise

        actual = other.add(start, budget)

        assert expected == utc(actual)
