"""Business calendars by example: real zones, real dates, expectations worked out by hand.

Each row says what a support lead would say: "Good Friday 10:00 plus one business hour is
Tuesday 10:00, because Good Friday and Easter Monday are holidays in Berlin".
"""

from __future__ import annotations

import pickle
import re
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pendulum
import pytest

from slaclock import (
    BusinessCalendar,
    CalendarError,
    Closure,
    HolidayDataWarning,
    HolidayRegion,
    NaiveDatetimeError,
    Opening,
    SlaclockError,
    WorkingHours,
)
from slaclock._typing import OnFold

H = 3600
DAY_S = 86_400


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def span(text: str) -> timedelta:
    """``"1h30m"`` as a timedelta."""
    m = re.fullmatch(r"(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?", text)
    assert m is not None and text, text
    days, hours, minutes, seconds = (int(g or 0) for g in m.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def iso(value: datetime) -> str:
    """The instant with the offset of the zone it is given in: checks both at once."""
    return value.isoformat()


BERLIN = BusinessCalendar.weekdays(
    "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
)
BERLIN_PLAIN = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
NEW_YORK = BusinessCalendar.weekdays("09:00", "17:00", tz="America/New_York")
SPLIT = BusinessCalendar.from_config(
    {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
        "holidays": {"country": "DE", "subdiv": "BE"},
        "closures": [{"date": "2026-12-24", "from": "12:00"}],
    }
)
NIGHT_DESK = BusinessCalendar("America/New_York", WorkingHours.parse({"mon-fri": ["22:00-06:00"]}))
BERLIN_24X7 = BusinessCalendar.always("Europe/Berlin")


class TestAdd:
    @pytest.mark.parametrize(
        ("start", "budget", "expected"),
        [
            pytest.param(
                "2024-03-29T10:00+01:00",
                "1h",
                "2024-04-02T10:00+02:00",
                id="de-good-friday-to-tuesday",
            ),
            pytest.param(
                "2024-05-03T16:00+02:00",
                "2h",
                "2024-05-06T10:00+02:00",
                id="friday-afternoon-to-monday",
            ),
            pytest.param(
                "2024-05-06T07:00+02:00",
                "1h",
                "2024-05-06T10:00+02:00",
                id="before-opening-counts-from-opening",
            ),
            pytest.param(
                "2024-05-06T09:00+02:00",
                "8h",
                "2024-05-06T17:00+02:00",
                id="runs-out-exactly-at-close",
            ),
            pytest.param(
                "2024-05-06T17:00+02:00",
                "1h",
                "2024-05-07T10:00+02:00",
                id="start-at-close-counts-tomorrow",
            ),
            pytest.param(
                "2024-05-04T12:00+02:00",
                "0m",
                "2024-05-04T12:00+02:00",
                id="zero-budget-is-due-at-start",
            ),
            pytest.param(
                "2024-05-06T09:00+02:00",
                "40h",
                "2024-05-13T17:00+02:00",
                id="de-ascension-day-skipped",
            ),
            pytest.param(
                "2024-12-24T16:00+01:00", "2h", "2024-12-27T10:00+01:00", id="de-christmas"
            ),
            pytest.param(
                "2024-05-06T08:00-04:00",
                "4h",
                "2024-05-07T10:00+02:00",
                id="start-given-in-new-york",
            ),
            pytest.param(
                "2024-05-06T14:00:00.000001+02:00",
                "3h",
                "2024-05-07T09:00:00.000001+02:00",
                id="microseconds-carry",
            ),
        ],
    )
    def test_berlin_office(self, start: str, budget: str, expected: str) -> None:
        actual = BERLIN.add(at(start), span(budget))

        assert iso(at(expected)) == iso(actual)

    @pytest.mark.parametrize(
        ("start", "budget", "expected"),
        [
            pytest.param(
                "2026-11-27T16:30+01:00",
                "4h",
                "2026-11-30T12:00+01:00",
                id="friday-1630-to-monday-noon",
            ),
            pytest.param(
                "2026-11-30T12:00+01:00", "1h", "2026-11-30T14:00+01:00", id="lunch-break-skipped"
            ),
            pytest.param(
                "2026-11-30T12:00+01:00", "30m", "2026-11-30T12:30+01:00", id="runs-out-at-lunch"
            ),
            pytest.param(
                "2026-11-30T12:45+01:00", "30m", "2026-11-30T14:00+01:00", id="start-during-lunch"
            ),
            pytest.param(
                "2026-11-30T09:00+01:00", "7h30m", "2026-11-30T17:30+01:00", id="whole-split-day"
            ),
        ],
    )
    def test_split_shift_with_lunch_break(self, start: str, budget: str, expected: str) -> None:
        actual = SPLIT.add(at(start), span(budget))

        assert iso(at(expected)) == iso(actual)

    def test_results_come_back_in_the_calendars_zone(self) -> None:
        start = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)

        expected = "2024-05-06T15:00:00+02:00"
        actual = BERLIN.add(start, timedelta(hours=1))

        assert ZoneInfo("Europe/Berlin") == actual.tzinfo
        assert expected == actual.isoformat()

    def test_a_pendulum_datetime_is_an_instant_like_any_other(self) -> None:
        start = pendulum.datetime(2024, 5, 3, 16, 0, tz="Europe/Berlin")

        expected = "2024-05-06T10:00:00+02:00"
        actual = BERLIN.add(start, timedelta(hours=2))

        assert expected == actual.isoformat()

    def test_a_negative_budget_counts_backwards(self) -> None:
        expected = "2024-05-03T16:00:00+02:00"
        actual = BERLIN.add(at("2024-05-06T10:00+02:00"), timedelta(hours=-2))

        assert expected == actual.isoformat()


class TestElapsed:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            pytest.param(
                "2024-05-03T16:00+02:00", "2024-05-06T10:00+02:00", "2h", id="over-a-weekend"
            ),
            pytest.param(
                "2024-03-28T16:00+01:00", "2024-04-02T10:00+02:00", "2h", id="de-over-easter"
            ),
            pytest.param(
                "2024-05-04T10:00+02:00", "2024-05-05T10:00+02:00", "0m", id="weekend-only"
            ),
            pytest.param("2024-05-06T10:00+02:00", "2024-05-06T10:00+02:00", "0m", id="empty"),
            pytest.param(
                "2024-05-06T00:00Z", "2024-05-13T00:00Z", "32h", id="week-with-ascension-day"
            ),
        ],
    )
    def test_berlin_office(self, start: str, end: str, expected: str) -> None:
        actual = BERLIN.elapsed(at(start), at(end))

        assert span(expected) == actual

    def test_is_negative_when_the_end_is_before_the_start(self) -> None:
        actual = BERLIN.elapsed(at("2024-05-06T10:00+02:00"), at("2024-05-03T16:00+02:00"))

        assert timedelta(hours=-2) == actual

    def test_a_leap_year_around_the_clock(self) -> None:
        actual = BERLIN_24X7.elapsed(at("2024-01-01T00:00+01:00"), at("2025-01-01T00:00+01:00"))

        assert timedelta(days=366) == actual

    def test_a_split_day_counts_its_two_shifts(self) -> None:
        actual = SPLIT.elapsed(at("2026-11-30T00:00+01:00"), at("2026-12-01T00:00+01:00"))

        assert timedelta(hours=7, minutes=30) == actual


class TestSubtract:
    @pytest.mark.parametrize(
        ("end", "budget", "expected"),
        [
            pytest.param(
                "2024-05-06T10:00+02:00", "2h", "2024-05-03T16:00+02:00", id="monday-back-to-friday"
            ),
            pytest.param(
                "2024-05-06T11:00+02:00",
                "2h",
                "2024-05-06T09:00+02:00",
                id="latest-start-is-the-opening",
            ),
            pytest.param(
                "2024-04-02T10:00+02:00", "2h", "2024-03-28T16:00+01:00", id="de-back-over-easter"
            ),
            pytest.param(
                "2024-05-05T12:00+02:00", "1h", "2024-05-03T16:00+02:00", id="end-on-a-sunday"
            ),
            pytest.param(
                "2024-05-05T12:00+02:00", "0m", "2024-05-05T12:00+02:00", id="zero-budget"
            ),
        ],
    )
    def test_berlin_office(self, end: str, budget: str, expected: str) -> None:
        actual = BERLIN.subtract(at(end), span(budget))

        assert iso(at(expected)) == iso(actual)

    def test_is_the_mirror_of_add(self) -> None:
        end = at("2024-04-02T10:00+02:00")

        start = BERLIN.subtract(end, timedelta(hours=5))

        assert timedelta(hours=5) == BERLIN.elapsed(start, end)
        assert iso(end) == iso(BERLIN.add(start, timedelta(hours=5)))

    def test_a_negative_budget_counts_forwards(self) -> None:
        expected = "2024-05-06T10:00:00+02:00"
        actual = BERLIN.subtract(at("2024-05-03T16:00+02:00"), timedelta(hours=-2))

        assert expected == actual.isoformat()


class TestQueries:
    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            pytest.param("2024-05-06T09:00+02:00", True, id="opening-instant-is-open"),
            pytest.param("2024-05-06T16:59:59.999999+02:00", True, id="last-microsecond"),
            pytest.param("2024-05-06T17:00+02:00", False, id="closing-instant-is-closed"),
            pytest.param("2024-05-04T12:00+02:00", False, id="saturday"),
            pytest.param("2024-05-09T12:00+02:00", False, id="de-ascension-day"),
        ],
    )
    def test_is_open(self, instant: str, expected: bool) -> None:
        actual = BERLIN.is_open(at(instant))

        assert expected == actual

    @pytest.mark.parametrize(
        ("instant", "opens", "closes"),
        [
            pytest.param(
                "2024-05-06T12:00+02:00",
                "2024-05-06T12:00+02:00",
                "2024-05-06T17:00+02:00",
                id="open",
            ),
            pytest.param(
                "2024-05-06T17:00+02:00",
                "2024-05-07T09:00+02:00",
                "2024-05-07T17:00+02:00",
                id="at-close",
            ),
            pytest.param(
                "2024-05-08T18:00+02:00",
                "2024-05-10T09:00+02:00",
                "2024-05-10T17:00+02:00",
                id="over-a-holiday",
            ),
        ],
    )
    def test_next_open_and_next_close(self, instant: str, opens: str, closes: str) -> None:
        actual = (BERLIN.next_open(at(instant)), BERLIN.next_close(at(instant)))

        assert (iso(at(opens)), iso(at(closes))) == (iso(actual[0]), iso(actual[1]))

    def test_open_intervals_are_clipped_to_the_window(self) -> None:
        expected = [
            ("2024-05-03T12:00:00+02:00", "2024-05-03T17:00:00+02:00"),
            ("2024-05-06T09:00:00+02:00", "2024-05-06T10:30:00+02:00"),
        ]

        actual = [
            (a.isoformat(), b.isoformat())
            for a, b in BERLIN.open_intervals(
                at("2024-05-03T12:00+02:00"), at("2024-05-06T10:30+02:00")
            )
        ]

        assert expected == actual

    def test_a_24x7_calendar_never_closes(self) -> None:
        with pytest.raises(CalendarError, match="never closes"):
            BERLIN_24X7.next_close(at("2024-05-06T12:00+02:00"))


class TestNightShift:
    """America/New_York, Monday to Friday 22:00–06:00: each shift belongs to the day it
    starts on, so Friday's shift runs into Saturday and Sunday has none."""

    @pytest.mark.parametrize(
        ("start", "budget", "expected"),
        [
            pytest.param(
                "2024-05-03T23:00-04:00",
                "2h",
                "2024-05-04T01:00-04:00",
                id="friday-shift-runs-into-saturday",
            ),
            pytest.param(
                "2024-05-04T05:00-04:00",
                "2h",
                "2024-05-06T23:00-04:00",
                id="saturday-morning-to-monday-night",
            ),
            pytest.param(
                "2024-05-05T23:00-04:00", "1h", "2024-05-06T23:00-04:00", id="no-shift-on-sunday"
            ),
            pytest.param(
                "2024-05-06T22:00-04:00",
                "8h",
                "2024-05-07T06:00-04:00",
                id="whole-shift-due-at-its-end",
            ),
            pytest.param(
                "2024-05-06T12:00-04:00", "30m", "2024-05-06T22:30-04:00", id="daytime-start"
            ),
        ],
    )
    def test_add(self, start: str, budget: str, expected: str) -> None:
        actual = NIGHT_DESK.add(at(start), span(budget))

        assert iso(at(expected)) == iso(actual)

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            pytest.param("2024-05-04T03:00-04:00", True, id="saturday-0300-friday-shift"),
            pytest.param("2024-05-05T03:00-04:00", False, id="sunday-0300"),
            pytest.param("2024-05-06T03:00-04:00", False, id="monday-0300-no-sunday-shift"),
            pytest.param("2024-05-07T03:00-04:00", True, id="tuesday-0300-monday-shift"),
            pytest.param("2024-05-07T06:00-04:00", False, id="shift-end-is-closed"),
        ],
    )
    def test_is_open(self, instant: str, expected: bool) -> None:
        actual = NIGHT_DESK.is_open(at(instant))

        assert expected == actual

    def test_a_closed_date_removes_the_shift_that_starts_on_it(self) -> None:
        # Christmas 2024 is a Wednesday: Tuesday's shift runs into it and stays; the shift
        # that would start on Christmas evening is gone.
        cal = BusinessCalendar(
            "America/New_York",
            WorkingHours.parse({"mon-fri": ["22:00-06:00"]}),
            closed_dates=frozenset({date(2024, 12, 25)}),
        )
        expected = [
            ("2024-12-24T22:00:00-05:00", "2024-12-25T06:00:00-05:00"),
            ("2024-12-26T22:00:00-05:00", "2024-12-27T06:00:00-05:00"),
        ]

        actual = [
            (a.isoformat(), b.isoformat())
            for a, b in cal.open_intervals(
                at("2024-12-24T12:00-05:00"), at("2024-12-27T12:00-05:00")
            )
        ]

        assert expected == actual

    def test_shifts_meeting_at_midnight_make_one_open_run(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin", WorkingHours.parse({"mon": ["18:00-24:00"], "tue": ["00:00-06:00"]})
        )

        expected = "2024-05-07T06:00:00+02:00"
        closes = cal.next_close(at("2024-05-06T19:00+02:00"))

        assert expected == closes.isoformat()

    def test_a_sunday_night_shift_runs_into_monday(self) -> None:
        cal = BusinessCalendar("Europe/Berlin", WorkingHours.parse({"sun": ["23:00-07:00"]}))

        expected = "2024-05-06T07:00:00+02:00"
        deadline = cal.add(at("2024-05-05T12:00+02:00"), timedelta(hours=8))

        assert expected == deadline.isoformat()

    def test_a_night_shift_across_the_utc_new_year(self) -> None:
        # Berlin's New Year's Eve shift starts at 21:00 UTC: the engine's yearly tables
        # split it at midnight UTC, the answers must not show the seam.
        cal = BusinessCalendar("Europe/Berlin", WorkingHours.parse({"daily": ["22:00-06:00"]}))
        expected = ("2025-01-01T06:00:00+01:00", "2025-01-01T00:30:00+01:00", timedelta(hours=8))

        actual = (
            cal.next_close(at("2024-12-31T23:00+01:00")).isoformat(),
            cal.add(at("2024-12-31T23:30+01:00"), timedelta(hours=1)).isoformat(),
            cal.elapsed(at("2024-12-31T12:00+01:00"), at("2025-01-01T12:00+01:00")),
        )

        assert expected == actual


class TestHolidays:
    @pytest.mark.parametrize(
        ("day", "expected"),
        [
            pytest.param(date(2024, 3, 8), False, id="berlin-womens-day"),
            pytest.param(date(2024, 3, 29), False, id="good-friday"),
            pytest.param(date(2024, 10, 3), False, id="german-unity-day"),
            pytest.param(date(2024, 10, 31), True, id="reformation-day-not-in-berlin"),
            pytest.param(date(2024, 12, 24), True, id="christmas-eve-is-a-working-day"),
            pytest.param(date(2024, 5, 4), False, id="saturday"),
        ],
    )
    def test_berlin_business_days(self, day: date, expected: bool) -> None:
        actual = BERLIN.is_business_day(day)

        assert expected == actual

    def test_the_subdivision_matters(self) -> None:
        hamburg = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "HH")
        )

        expected = (False, True)
        actual = (
            BERLIN.is_business_day(date(2024, 3, 8)),
            hamburg.is_business_day(date(2024, 3, 8)),
        )

        assert expected == actual

    def test_us_thanksgiving_in_new_york(self) -> None:
        cal = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="America/New_York", holidays=HolidayRegion("US", "NY")
        )

        expected = "2024-11-29T10:00:00-05:00"
        deadline = cal.add(at("2024-11-27T16:00-05:00"), timedelta(hours=2))

        assert expected == deadline.isoformat()

    def test_a_night_shift_before_a_holiday_runs_into_it(self) -> None:
        # Good Friday 2024: Thursday's shift ends on Friday morning and still counts.
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.parse({"mon-fri": ["22:00-06:00"]}),
            holidays=HolidayRegion("DE", "BE"),
        )

        actual = cal.elapsed(at("2024-03-28T12:00+01:00"), at("2024-03-30T12:00+01:00"))

        assert timedelta(hours=8) == actual

    def test_holidays_between_lists_holidays_and_closed_dates(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            holidays=HolidayRegion("DE", "BE", language="en_US"),
            closed_dates=frozenset({date(2024, 12, 31)}),
        )
        expected = {
            date(2024, 12, 25): "Christmas Day",
            date(2024, 12, 26): "Second Day of Christmas",
            date(2024, 12, 31): "closed",
            date(2025, 1, 1): "New Year's Day",
        }

        actual = cal.holidays_between(date(2024, 12, 20), date(2025, 1, 5))

        assert expected == actual

    # The warnings come when a calendar first builds a year, so these tests build their own
    # calendar: the shared one may have built those years already in this process (a second
    # run of the suite in one interpreter, as mutation testing does).
    def test_a_year_outside_the_holiday_data_warns(self) -> None:
        expected = "2101-05-02T11:00:00+02:00"
        berlin = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
        )
        with pytest.warns(HolidayDataWarning) as warned:
            deadline = berlin.add(at("2101-05-02T10:00+02:00"), timedelta(hours=1))

        assert expected == deadline.isoformat()
        assert any("years after 2100 have no public holidays" in str(w.message) for w in warned)
        # The first year of the data depends on the holidays release (1990 or 1991).
        assert all(re.search(r"DE-BE covers 199\d–2100", str(w.message)) for w in warned)

    def test_one_warning_per_cause_over_many_years(self) -> None:
        # A deadline in the 2250s crosses about 150 years outside the data; the default
        # filter shows the cause once.
        berlin = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
        )
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("default")
            berlin.add(at("2026-05-04T10:00+02:00"), timedelta(days=20_000))
            berlin.add(at("2026-05-04T10:00+02:00"), timedelta(days=20_001))

        messages = [str(w.message) for w in warned if w.category is HolidayDataWarning]
        assert len(messages) == 1
        assert "years after 2100" in messages[0]


class TestClosures:
    def test_christmas_eve_closes_at_noon(self) -> None:
        # Thursday 24 Dec 2026 until 12:00, then Christmas (Fri, Sat), then the weekend.
        expected = "2026-12-28T11:00:00+01:00"
        actual = SPLIT.add(at("2026-12-24T10:00+01:00"), timedelta(hours=4))

        assert expected == actual.isoformat()

    @pytest.mark.parametrize(
        ("instant", "expected"),
        [
            pytest.param("2026-12-24T11:59:59+01:00", True, id="before-noon"),
            pytest.param("2026-12-24T12:00+01:00", False, id="noon"),
            pytest.param("2026-12-24T14:00+01:00", False, id="afternoon"),
        ],
    )
    def test_christmas_eve_is_open_until_noon(self, instant: str, expected: bool) -> None:
        actual = SPLIT.is_open(at(instant))

        assert expected == actual

    def test_a_closure_from_and_to(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closures=(Closure(date=date(2026, 12, 22), start=10 * H, end=11 * H),),
        )

        expected = "2026-12-22T12:00:00+01:00"
        actual = cal.add(at("2026-12-22T09:00+01:00"), timedelta(hours=2))

        assert expected == actual.isoformat()

    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            pytest.param(
                "2026-12-05T10:00+01:00", "2026-12-05T13:00+01:00", id="first-saturday-closed-10-12"
            ),
            pytest.param(
                "2026-12-12T10:00+01:00", "2026-12-12T11:00+01:00", id="second-saturday-open"
            ),
            pytest.param(
                "2027-01-02T10:00+01:00", "2027-01-02T13:00+01:00", id="first-saturday-of-january"
            ),
        ],
    )
    def test_a_recurring_closure_on_the_first_saturday(self, start: str, expected: str) -> None:
        cal = BusinessCalendar.from_config(
            {
                "timezone": "Europe/Berlin",
                "hours": {"sat": ["10:00-14:00"]},
                "closures": [{"rrule": "FREQ=MONTHLY;BYDAY=1SA", "from": "10:00", "to": "12:00"}],
            }
        )

        actual = cal.add(at(start), timedelta(hours=1))

        assert iso(at(expected)) == iso(actual)

    def test_a_closure_past_midnight_cuts_a_night_shift(self) -> None:
        cal = BusinessCalendar(
            "America/New_York",
            WorkingHours.parse({"mon-fri": ["22:00-06:00"]}),
            closures=(Closure(date=date(2024, 5, 6), start=23 * H, end=DAY_S + H),),
        )

        actual = cal.elapsed(at("2024-05-06T12:00-04:00"), at("2024-05-07T12:00-04:00"))

        assert timedelta(hours=6) == actual

    def test_a_closed_date_closes_the_whole_day(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closed_dates=frozenset({date(2026, 12, 31)}),
        )

        expected = "2027-01-01T10:00:00+01:00"
        actual = cal.add(at("2026-12-30T16:00+01:00"), timedelta(hours=2))

        assert expected == actual.isoformat()


class TestOpenings:
    def test_a_working_saturday(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            openings=(Opening(date(2024, 5, 4), ((10 * H, 14 * H),)),),
        )

        expected = "2024-05-04T11:00:00+02:00"
        actual = cal.add(at("2024-05-03T16:00+02:00"), timedelta(hours=2))

        assert expected == actual.isoformat()

    def test_an_opening_wins_over_a_holiday(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            holidays=HolidayRegion("DE", "BE"),
            openings=(Opening(date(2024, 12, 26), ((9 * H, 13 * H),)),),
        )

        expected = "2024-12-26T10:00:00+01:00"
        actual = cal.add(at("2024-12-24T16:00+01:00"), timedelta(hours=2))

        assert expected == actual.isoformat()

    def test_an_opening_wins_over_a_closure(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closures=(Closure(date=date(2026, 12, 24), start=12 * H),),
            openings=(Opening(date(2026, 12, 24), ((14 * H, 15 * H),)),),
        )

        expected = [False, True]
        actual = [cal.is_open(at(t)) for t in ("2026-12-24T13:00+01:00", "2026-12-24T14:30+01:00")]

        assert expected == actual

    def test_an_opening_makes_a_business_day(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            openings=(Opening(date(2024, 5, 4), ((10 * H, 14 * H),)),),
        )

        expected = [True, False]
        actual = [cal.is_business_day(d) for d in (date(2024, 5, 4), date(2024, 5, 5))]

        assert expected == actual


class TestUnionIntersection:
    """Berlin 09:00–17:00 is 07:00–15:00 UTC in summer and 08:00–16:00 in winter; New York
    09:00–17:00 is 13:00–21:00 UTC in summer and 14:00–22:00 in winter. From 10 to 30 March
    2024 New York is on summer time while Berlin is not."""

    @pytest.mark.parametrize(
        ("day", "union", "intersection"),
        [
            pytest.param("2024-01-08", "14h", "2h", id="both-winter"),
            pytest.param("2024-03-11", "13h", "3h", id="new-york-summer-berlin-winter"),
            pytest.param("2024-05-06", "14h", "2h", id="both-summer"),
            pytest.param("2024-05-04", "0m", "0m", id="saturday"),
        ],
    )
    def test_open_time_of_a_day(self, day: str, union: str, intersection: str) -> None:
        lo = at(f"{day}T00:00Z")
        hi = lo + timedelta(days=1)

        actual = (
            (BERLIN_PLAIN | NEW_YORK).elapsed(lo, hi),
            (BERLIN_PLAIN & NEW_YORK).elapsed(lo, hi),
        )

        assert (span(union), span(intersection)) == actual

    def test_follow_the_sun_deadline_is_in_the_left_zone(self) -> None:
        desks = BERLIN_PLAIN | NEW_YORK

        expected = "2024-05-07T10:00:00+02:00"
        actual = desks.add(at("2024-05-06T16:00+02:00"), timedelta(hours=8))

        assert expected == actual.isoformat()

    def test_provider_and_customer_hours_in_the_customers_zone(self) -> None:
        both = BERLIN_PLAIN.intersection(NEW_YORK, tz="America/New_York")

        expected = "2024-05-07T10:00:00-04:00"
        actual = both.add(at("2024-05-06T08:00-04:00"), timedelta(hours=3))

        assert expected == actual.isoformat()

    def test_a_union_takes_its_own_closed_dates(self) -> None:
        desks = BusinessCalendar(
            "Europe/Berlin",
            mode="union",
            parts=(BERLIN_PLAIN, NEW_YORK),
            closed_dates=frozenset({date(2024, 5, 7)}),
        )

        expected = "2024-05-08T10:00:00+02:00"
        actual = desks.add(at("2024-05-06T16:00+02:00"), timedelta(hours=8))

        assert expected == actual.isoformat()

    def test_an_intersection_open_only_while_dst_differs(self) -> None:
        # New York 11:00–12:00 meets Berlin 09:00–17:00 only while New York is on summer
        # time and Berlin is not: three weeks in March, one around the start of November.
        late_morning = BusinessCalendar.weekdays("11:00", "12:00", tz="America/New_York")

        expected = "2024-03-11T16:00:00+01:00"
        both = BERLIN_PLAIN & late_morning

        assert expected == both.next_open(at("2024-01-01T00:00Z")).isoformat()
        assert timedelta(hours=1) == both.elapsed(at("2024-03-11T00:00Z"), at("2024-03-12T00:00Z"))


class TestDST:
    @pytest.mark.parametrize(
        ("start", "budget", "expected"),
        [
            pytest.param(
                "2024-03-31T01:30+01:00",
                "1h",
                "2024-03-31T03:30+02:00",
                id="berlin-24x7-spring-forward",
            ),
            pytest.param(
                "2024-10-27T01:30+02:00", "2h", "2024-10-27T02:30+01:00", id="berlin-24x7-fall-back"
            ),
            pytest.param(
                "2024-10-27T02:30+02:00",
                "1h",
                "2024-10-27T02:30+01:00",
                id="berlin-24x7-repeated-hour",
            ),
        ],
    )
    def test_24x7_counts_real_time(self, start: str, budget: str, expected: str) -> None:
        actual = BERLIN_24X7.add(at(start), span(budget))

        assert iso(at(expected)) == iso(actual)

    def test_a_repeated_wall_time_comes_back_with_its_fold(self) -> None:
        expected = (1, "2024-10-27T01:30:00+00:00")
        actual = BERLIN_24X7.add(at("2024-10-27T02:30+02:00"), timedelta(hours=1))

        assert expected == (actual.fold, actual.astimezone(UTC).isoformat())

    @pytest.mark.parametrize(
        ("zone", "night", "expected"),
        [
            pytest.param("Europe/Berlin", "2024-03-30", "7h", id="berlin-spring-night-7h"),
            pytest.param("Europe/Berlin", "2024-10-26", "9h", id="berlin-autumn-night-9h"),
            pytest.param("America/New_York", "2024-03-09", "7h", id="new-york-spring-night-7h"),
            pytest.param("America/New_York", "2024-11-02", "9h", id="new-york-autumn-night-9h"),
            pytest.param(
                "Australia/Lord_Howe", "2024-10-05", "7h30m", id="lord-howe-30-minute-dst"
            ),
            pytest.param("Australia/Lord_Howe", "2024-04-06", "8h30m", id="lord-howe-autumn"),
        ],
    )
    def test_a_night_shift_counts_the_real_hours(
        self, zone: str, night: str, expected: str
    ) -> None:
        cal = BusinessCalendar(zone, WorkingHours.parse({"daily": ["22:00-06:00"]}))
        start = datetime.fromisoformat(f"{night}T12:00").replace(tzinfo=ZoneInfo(zone))

        actual = cal.elapsed(start, start + timedelta(days=1))

        assert span(expected) == actual

    def test_an_opening_in_the_gap_shifts_forward(self) -> None:
        # 02:30 does not exist on 31 March 2024 in Berlin: the opening moves to 03:30.
        cal = BusinessCalendar("Europe/Berlin", WorkingHours.parse({"sun": ["02:30-04:00"]}))
        expected = [("2024-03-31T03:30:00+02:00", "2024-03-31T04:00:00+02:00")]

        actual = [
            (a.isoformat(), b.isoformat())
            for a, b in cal.open_intervals(
                at("2024-03-31T00:00+01:00"), at("2024-04-01T00:00+02:00")
            )
        ]

        assert expected == actual

    def test_a_gap_can_raise_instead(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin", WorkingHours.parse({"sun": ["02:30-04:00"]}), on_gap="raise"
        )

        with pytest.raises(
            CalendarError, match=r"2024-03-31T02:30:00 does not exist in Europe/Berlin"
        ):
            cal.elapsed(at("2024-03-30T00:00+01:00"), at("2024-04-01T00:00+02:00"))

    @pytest.mark.parametrize(
        ("on_fold", "expected"),
        [
            pytest.param("earlier", "2h30m", id="earlier-0230-cest"),
            pytest.param("later", "1h30m", id="later-0230-cet"),
        ],
    )
    def test_an_opening_in_the_fold(self, on_fold: OnFold, expected: str) -> None:
        # 02:30 happens twice on 27 October 2024 in Berlin; the close at 04:00 once.
        cal = BusinessCalendar(
            "Europe/Berlin", WorkingHours.parse({"sun": ["02:30-04:00"]}), on_fold=on_fold
        )

        actual = cal.elapsed(at("2024-10-27T00:00+02:00"), at("2024-10-28T00:00+01:00"))

        assert span(expected) == actual

    def test_a_fold_can_raise_instead(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin", WorkingHours.parse({"sun": ["02:30-04:00"]}), on_fold="raise"
        )

        with pytest.raises(
            CalendarError, match=r"2024-10-27T02:30:00 happens twice in Europe/Berlin"
        ):
            cal.elapsed(at("2024-10-26T00:00+02:00"), at("2024-10-28T00:00+01:00"))

    @pytest.mark.parametrize(
        ("zone", "day", "hours", "expected"),
        [
            # Clocks went from 00:00 to 01:00: the midnight opening moves to 01:00.
            pytest.param(
                "America/Sao_Paulo", "2018-11-04", "00:00-02:00", "1h", id="sao-paulo-midnight-gap"
            ),
            pytest.param(
                "Asia/Tehran", "2022-03-22", "00:00-02:00", "1h", id="tehran-midnight-gap"
            ),
            # Clocks went from 24:00 back to 23:00: 23:00–24:00 happened twice.
            pytest.param(
                "Asia/Tehran", "2022-09-21", "22:00-24:00", "3h", id="tehran-midnight-fold"
            ),
            pytest.param(
                "Pacific/Chatham", "2024-09-29", "02:00-04:00", "1h", id="chatham-0245-gap"
            ),
            pytest.param(
                "Pacific/Chatham", "2024-04-07", "02:00-04:00", "3h", id="chatham-0345-fold"
            ),
            pytest.param("Asia/Kolkata", "2024-03-31", "02:00-04:00", "2h", id="kolkata-no-dst"),
        ],
    )
    def test_unusual_transitions(self, zone: str, day: str, hours: str, expected: str) -> None:
        cal = BusinessCalendar(zone, WorkingHours.parse({"daily": [hours]}))
        lo = datetime.fromisoformat(day).replace(tzinfo=ZoneInfo(zone))
        hi = (lo.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=ZoneInfo(zone))

        actual = cal.elapsed(lo, hi)

        assert span(expected) == actual

    def test_a_working_day_across_the_new_york_change_counts_real_hours(self) -> None:
        actual = NEW_YORK.elapsed(at("2024-03-08T09:00-05:00"), at("2024-03-11T17:00-04:00"))

        assert timedelta(hours=16) == actual


class TestBusinessDays:
    @pytest.mark.parametrize(
        ("start", "days", "expected"),
        [
            pytest.param(
                "2024-05-03T16:30+02:00", 1, "2024-05-06T16:30+02:00", id="friday-to-monday"
            ),
            pytest.param(
                "2024-03-28T10:00+01:00",
                1,
                "2024-04-02T10:00+02:00",
                id="de-over-easter-same-wall-time",
            ),
            pytest.param(
                "2024-05-04T12:00+02:00",
                0,
                "2024-05-06T09:00+02:00",
                id="zero-days-moves-to-opening",
            ),
            pytest.param(
                "2024-05-04T12:00+02:00",
                1,
                "2024-05-07T09:00+02:00",
                id="weekend-start-from-opening",
            ),
            pytest.param(
                "2024-05-06T10:00+02:00", 5, "2024-05-14T10:00+02:00", id="week-with-ascension-day"
            ),
        ],
    )
    def test_add_business_days(self, start: str, days: int, expected: str) -> None:
        actual = BERLIN.add_business_days(at(start), days)

        assert iso(at(expected)) == iso(actual)

    def test_a_shorter_day_clamps_to_its_close(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.parse({"mon-thu": ["09:00-17:00"], "fri": ["09:00-13:00"]}),
        )

        expected = "2024-05-03T13:00:00+02:00"
        actual = cal.add_business_days(at("2024-05-02T16:00+02:00"), 1)

        assert expected == actual.isoformat()

    def test_a_night_shift_belongs_to_the_day_it_starts(self) -> None:
        # Saturday 03:00 is in Friday's shift: one business day later is Monday's shift.
        expected = "2024-05-07T03:00:00-04:00"
        actual = NIGHT_DESK.add_business_days(at("2024-05-04T03:00-04:00"), 1)

        assert expected == actual.isoformat()

    @pytest.mark.parametrize(
        ("instant", "days", "expected"),
        [
            pytest.param("2024-05-03T10:00+02:00", 0, "2024-05-03T17:00+02:00", id="same-day"),
            pytest.param(
                "2024-05-03T18:00+02:00", 0, "2024-05-06T17:00+02:00", id="after-close-next-day"
            ),
            pytest.param(
                "2024-05-03T10:00+02:00", 1, "2024-05-06T17:00+02:00", id="next-business-day"
            ),
            pytest.param(
                "2024-05-08T10:00+02:00", 1, "2024-05-10T17:00+02:00", id="de-over-ascension-day"
            ),
        ],
    )
    def test_close_of_business_day(self, instant: str, days: int, expected: str) -> None:
        actual = BERLIN.close_of_business_day(at(instant), days)

        assert iso(at(expected)) == iso(actual)

    def test_close_of_business_day_of_a_night_shift(self) -> None:
        expected = "2024-05-04T06:00:00-04:00"
        actual = NIGHT_DESK.close_of_business_day(at("2024-05-04T03:00-04:00"), 0)

        assert expected == actual.isoformat()

    def test_the_tail_of_a_night_shift_makes_no_business_day(self) -> None:
        expected = {date(2024, 5, 3): True, date(2024, 5, 4): False, date(2024, 5, 5): False}

        actual = {day: NIGHT_DESK.is_business_day(day) for day in expected}

        assert expected == actual

    def test_a_closed_date_is_no_business_day_even_under_another_days_opening(self) -> None:
        # Monday's extra opening runs until Tuesday noon, over Tuesday's usual hours; but
        # Tuesday is closed, so that time is Monday's and Tuesday is no business day.
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closed_dates=frozenset({date(2024, 5, 7)}),
            openings=(Opening(date(2024, 5, 6), ((20 * H, DAY_S + 12 * H),)),),
        )
        expected = (False, "2024-05-08T10:00:00+02:00", "2024-05-08T17:00:00+02:00")

        actual = (
            cal.is_business_day(date(2024, 5, 7)),
            cal.add_business_days(at("2024-05-06T10:00+02:00"), 1).isoformat(),
            cal.close_of_business_day(at("2024-05-06T10:00+02:00"), 1).isoformat(),
        )

        assert expected == actual

    def test_a_24x7_business_day_closes_at_midnight(self) -> None:
        expected = "2024-05-07T00:00:00+02:00"

        actual = BERLIN_24X7.close_of_business_day(at("2024-05-06T10:00+02:00"))

        assert expected == actual.isoformat()

    def test_the_same_wall_time_in_a_dst_gap_shifts_forward(self) -> None:
        # 02:30 does not exist on Sunday 31 March 2024 in Berlin.
        expected = "2024-03-31T03:30:00+02:00"

        actual = BERLIN_24X7.add_business_days(at("2024-03-30T02:30+01:00"), 1)

        assert expected == actual.isoformat()


class TestValues:
    def test_equal_calendars_are_one_cache_key(self) -> None:
        expected = BERLIN

        actual = BusinessCalendar.weekdays(
            "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
        )

        assert expected == actual
        assert hash(expected) == hash(actual)

    def test_a_calendar_survives_pickling(self) -> None:
        # Batch evaluation ships calendars to other processes.
        desks = BERLIN | NEW_YORK
        expected = desks.add(at("2024-05-06T16:00+02:00"), timedelta(hours=8))

        copy = pickle.loads(pickle.dumps(desks))

        assert desks == copy
        assert expected == copy.add(at("2024-05-06T16:00+02:00"), timedelta(hours=8))


class TestBadInput:
    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            pytest.param(lambda t: BERLIN.add(t, timedelta(hours=1)), "start", id="add"),
            pytest.param(lambda t: BERLIN.subtract(t, timedelta(hours=1)), "end", id="subtract"),
            pytest.param(
                lambda t: BERLIN.elapsed(at("2024-05-06T10:00+02:00"), t), "end", id="elapsed"
            ),
            pytest.param(lambda t: BERLIN.is_open(t), "at", id="is_open"),
            pytest.param(lambda t: BERLIN.next_open(t), "at", id="next_open"),
            pytest.param(lambda t: BERLIN.add_business_days(t, 1), "start", id="add_business_days"),
        ],
    )
    def test_a_naive_datetime_names_the_argument(self, call: object, argument: str) -> None:
        naive = datetime(2024, 5, 6, 10, 0)  # noqa: DTZ001 - the point of the test

        with pytest.raises(NaiveDatetimeError) as info:
            call(naive)  # type: ignore[operator]

        assert isinstance(info.value, TypeError)
        assert f"{argument} must be an aware datetime" in str(info.value)
        assert "2024-05-06T10:00:00" in str(info.value)

    def test_a_date_is_not_an_instant(self) -> None:
        with pytest.raises(TypeError, match=r"start must be an aware datetime, got date"):
            BERLIN.add(date(2024, 5, 6), timedelta(hours=1))  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        "duration", [3600, 1.5, "1h", None], ids=["int", "float", "str", "none"]
    )
    def test_a_duration_must_be_a_timedelta(self, duration: object) -> None:
        with pytest.raises(TypeError, match=r"duration must be a datetime.timedelta, got"):
            BERLIN.add(at("2024-05-06T10:00+02:00"), duration)  # type: ignore[arg-type]

    def test_none_is_no_duration_for_a_calendar_that_has_added_nothing_yet(self) -> None:
        # A new calendar remembered "None is zero" as its last duration and returned the
        # start unchanged.
        fresh = BusinessCalendar.weekdays("09:00", "17:00", tz="UTC")
        with pytest.raises(TypeError, match=r"duration must be a datetime.timedelta, got"):
            fresh.add(at("2024-05-06T10:00+00:00"), None)  # type: ignore[arg-type]

    def test_an_unknown_time_zone_suggests_a_name(self) -> None:
        with pytest.raises(CalendarError) as info:
            BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berln")

        assert "unknown time zone 'Europe/Berln'" in str(info.value)
        assert "'Europe/Berlin'" in str(info.value)

    @pytest.mark.parametrize(
        ("region", "words"),
        [
            pytest.param(
                lambda: HolidayRegion("XX"), ["unknown holiday country 'XX'"], id="country"
            ),
            pytest.param(
                lambda: HolidayRegion("DE", "XX"),
                ["unknown subdivision 'XX'", "'DE'", "BE"],
                id="subdivision",
            ),
            pytest.param(
                lambda: HolidayRegion("DE", language="xx"),
                ["language 'xx'", "en_US"],
                id="language",
            ),
            pytest.param(
                lambda: HolidayRegion("DE", categories=("bogus",)), ["'DE'", "bogus"], id="category"
            ),
        ],
    )
    def test_an_unknown_holiday_region(self, region: object, words: list[str]) -> None:
        with pytest.raises(CalendarError) as info:
            region()  # type: ignore[operator]

        assert [w for w in words if w not in str(info.value)] == []

    @pytest.mark.parametrize(
        ("text", "words"),
        [
            pytest.param("0900-17:00", ["malformed interval '0900-17:00'"], id="no-colon"),
            pytest.param("9-17", ["malformed interval '9-17'"], id="bare-hours"),
            pytest.param("09:00-17:00-18:00", ["malformed interval"], id="three-parts"),
            pytest.param("25:00-26:00", ["'25:00'", "out of range"], id="hour-25"),
            pytest.param("09:60-10:00", ["'09:60'", "out of range"], id="minute-60"),
            pytest.param("24:00-06:00", ["'24:00'", "out of range"], id="start-at-24"),
            pytest.param("09:00-09:00", ["'09:00-09:00' is empty"], id="empty"),
        ],
    )
    def test_a_malformed_interval_names_its_place(self, text: str, words: list[str]) -> None:
        with pytest.raises(CalendarError) as info:
            WorkingHours.parse({"mon-fri": ["08:00-08:30", text]})

        assert str(info.value).startswith("hours.mon-fri[1]: ")
        assert [w for w in words if w not in str(info.value)] == []

    @pytest.mark.parametrize(
        ("spec", "words"),
        [
            pytest.param(
                {"mon": ["09:00-12:00", "11:00-13:00"]},
                ["mon 09:00-12:00", "mon 11:00-13:00"],
                id="same-day",
            ),
            pytest.param(
                {"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]},
                ["mon 22:00-06:00", "tue 05:00-09:00"],
                id="night-shift-into-next-day",
            ),
            pytest.param(
                {"sun": ["22:00-06:00"], "mon": ["05:00-09:00"]},
                ["sun 22:00-06:00", "mon 05:00-09:00"],
                id="sunday-into-monday",
            ),
            pytest.param(
                {"mon-fri": ["09:00-17:00"], "fri": ["16:00-18:00"]},
                ["fri"],
                id="two-keys-same-day",
            ),
        ],
    )
    def test_overlapping_intervals(self, spec: dict[str, list[str]], words: list[str]) -> None:
        with pytest.raises(CalendarError) as info:
            WorkingHours.parse(spec)

        assert "overlap" in str(info.value)
        assert [w for w in words if w not in str(info.value)] == []

    @pytest.mark.parametrize(
        "interval",
        [
            pytest.param((17 * H, 9 * H), id="ends-before-it-starts"),
            pytest.param((9 * H, 9 * H), id="empty"),
            pytest.param((9 * H, 9 * H + DAY_S + 1), id="longer-than-a-day"),
            pytest.param((DAY_S, DAY_S + H), id="starts-at-24"),
            pytest.param((-H, H), id="negative"),
        ],
    )
    def test_an_invalid_interval_in_seconds(self, interval: tuple[int, int]) -> None:
        with pytest.raises(
            CalendarError,
            match=rf"working hours on tue: invalid interval \({interval[0]}, {interval[1]}\)",
        ):
            WorkingHours(((), (interval,), (), (), (), (), ()))

    def test_a_calendar_with_no_open_time_is_rejected(self) -> None:
        with pytest.raises(CalendarError, match=r"no opening hours on any weekday"):
            BusinessCalendar("Europe/Berlin", WorkingHours.parse({}))

    def test_an_intersection_that_is_never_open_is_rejected(self) -> None:
        mornings = BusinessCalendar.weekdays("09:00", "12:00", tz="Europe/Berlin")
        new_york_mornings = BusinessCalendar.weekdays("09:00", "12:00", tz="America/New_York")

        with pytest.raises(CalendarError, match=r"intersection .* is never open"):
            mornings & new_york_mornings

    @pytest.mark.parametrize(
        "rule",
        [
            pytest.param("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", id="every-other-week"),
            pytest.param("FREQ=MONTHLY", id="monthly-on-the-start-day"),
            pytest.param("FREQ=WEEKLY;BYDAY=MO;COUNT=3", id="count"),
            pytest.param("FREQ=YEARLY", id="yearly-on-the-start-day"),
        ],
    )
    def test_a_rule_that_depends_on_an_unstated_start(self, rule: str) -> None:
        with pytest.raises(CalendarError) as info:
            Closure(rrule=rule)

        assert f"recurring closure {rule!r}" in str(info.value)
        assert "add 'start: YYYY-MM-DD'" in str(info.value)

    def test_the_same_rule_with_a_start_is_fine(self) -> None:
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closures=(Closure(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", anchor=date(2024, 5, 6)),),
        )

        expected = [False, True, False]
        actual = [cal.is_business_day(date(2024, 5, d)) for d in (6, 13, 20)]

        assert expected == actual

    def test_a_malformed_rule(self) -> None:
        with pytest.raises(CalendarError, match=r"malformed recurrence rule 'FREQ=SOMETIMES'"):
            Closure(rrule="FREQ=SOMETIMES")

    def test_a_closure_needs_a_date_or_a_rule(self) -> None:
        with pytest.raises(CalendarError, match=r"exactly one of 'date' or 'rrule'"):
            Closure(date=date(2024, 5, 6), rrule="FREQ=WEEKLY;BYDAY=MO")

    @pytest.mark.parametrize(
        ("option", "value"),
        [
            pytest.param("on_gap", "skip", id="on_gap"),
            pytest.param("on_fold", "first", id="on_fold"),
        ],
    )
    def test_an_unknown_dst_option(self, option: str, value: str) -> None:
        options: dict[str, Any] = {option: value}

        with pytest.raises(CalendarError, match=rf"{option} must be one of .*, got '{value}'"):
            BusinessCalendar("Europe/Berlin", WorkingHours.weekdays("09:00", "17:00"), **options)

    @pytest.mark.parametrize("days", [True, 1.5], ids=["bool", "fraction"])
    def test_business_days_must_be_a_whole_number(self, days: object) -> None:
        with pytest.raises(ValueError, match=rf"days must be a whole number, got {days}"):
            BERLIN.add_business_days(at("2024-05-06T10:00+02:00"), days)  # type: ignore[arg-type]

    def test_every_error_is_a_slaclock_error(self) -> None:
        with pytest.raises(SlaclockError):
            WorkingHours.parse({"mon": ["9-17"]})
