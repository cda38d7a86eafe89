"""A calendar with no open time for years: where the search gives up, to the year.

Every search that walks year by year (adding and subtracting open time, the next opening,
stepping business days either way) stops after `EMPTY_YEARS_LIMIT` (10) consecutive years
without open time and says so. These tests put open time on both sides of that limit: nine
empty years are crossed and the answer is exact; ten empty years are an error that names the
year it stopped at. Adding and subtracting run through both of the engine's paths (the window
of joined years, and the per-year tables when the window may hold one year only).

The calendar is Monday to Friday 09:00-17:00 UTC, without holidays, closed every day of
whole years: 1 January 2036 is a Tuesday, 31 December 2026 a Thursday.
"""

from __future__ import annotations

from calendar import isleap
from datetime import UTC, date, datetime, timedelta

import pytest
from calendar_paths import window_years

from slaclock import BusinessCalendar, CalendarError


def gap(first: int, last: int) -> BusinessCalendar:
    """Mon-Fri 09-17 UTC, closed every day from 1 January `first` to 31 December `last`."""
    return BusinessCalendar.from_config(
        {
            "timezone": "UTC",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "closures": [{"rrule": f"FREQ=DAILY;UNTIL={last}1231", "start": f"{first}-01-01"}],
        }
    )


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def message(year: int, direction: str) -> str:
    return (
        f"has no open time in the 10 years {direction} {year}; "
        "check its hours, closures and recurring rules"
    )


PATHS = pytest.mark.parametrize("limit", [0, 1, 64], ids=["per-year", "one-year-window", "window"])


@PATHS
def test_nine_empty_years_are_crossed_adding(limit: int) -> None:
    # Thu 31 Dec 2026 10:00 has 7 hours left that day; 100 - 7 = 93 hours = 11 days and
    # 5 hours after 2027-2035. The 12th business day of 2036 (Tue 1 Jan is the first) is
    # Wed 16 Jan, and 5 hours into it is 14:00.
    expected = utc(2036, 1, 16, 14)
    with window_years(limit):
        actual = gap(2027, 2035).add(utc(2026, 12, 31, 10), timedelta(hours=100))

    assert expected == actual


@PATHS
def test_ten_empty_years_stop_adding(limit: int) -> None:
    cal = gap(2027, 2036)
    with window_years(limit), pytest.raises(CalendarError) as raised:
        cal.add(utc(2026, 12, 31, 10), timedelta(hours=100))

    assert str(raised.value).endswith(message(2036, "up to"))


@PATHS
def test_nine_empty_years_are_crossed_subtracting(limit: int) -> None:
    # Tue 1 Jan 2036 10:00 has 1 hour behind it that day; 20 - 1 = 19 hours = 2 days and
    # 3 hours before 2027-2035. Counting back through 2026: Thu 31 Dec, Wed 30 Dec whole,
    # then 3 hours before the close of Tue 29 Dec, 14:00.
    expected = utc(2026, 12, 29, 14)
    with window_years(limit):
        actual = gap(2027, 2035).subtract(utc(2036, 1, 1, 10), timedelta(hours=20))

    assert expected == actual


@PATHS
def test_ten_empty_years_stop_subtracting(limit: int) -> None:
    cal = gap(2027, 2036)
    with window_years(limit), pytest.raises(CalendarError) as raised:
        cal.subtract(utc(2037, 1, 1, 10), timedelta(hours=20))

    assert str(raised.value).endswith(message(2027, "back to"))


def test_nine_empty_years_are_crossed_to_the_next_opening() -> None:
    expected = utc(2036, 1, 1, 9)

    actual = gap(2027, 2035).next_open(utc(2026, 12, 31, 18))

    assert expected == actual


def test_ten_empty_years_stop_the_search_for_the_next_opening() -> None:
    cal = gap(2027, 2036)
    with pytest.raises(CalendarError) as raised:
        cal.next_open(utc(2026, 12, 31, 18))

    assert str(raised.value).endswith(message(2036, "up to"))


def test_nine_empty_years_are_crossed_stepping_business_days() -> None:
    # Thu 31 Dec 2026 is business day 0; day 1 is Tue 1 Jan 2036, day 3 Thu 3 Jan, at the
    # same wall-clock time.
    expected = utc(2036, 1, 3, 10)

    actual = gap(2027, 2035).add_business_days(utc(2026, 12, 31, 10), 3)

    assert expected == actual


def test_ten_empty_years_stop_stepping_business_days() -> None:
    cal = gap(2027, 2036)
    with pytest.raises(CalendarError) as raised:
        cal.add_business_days(utc(2026, 12, 31, 10), 3)

    assert str(raised.value).endswith(message(2036, "up to"))


def test_nine_empty_years_are_crossed_stepping_business_days_back() -> None:
    # Tue 1 Jan 2036 back 3 business days: Thu 31 Dec, Wed 30 Dec, Tue 29 Dec 2026.
    expected = utc(2026, 12, 29, 10)

    actual = gap(2027, 2035).add_business_days(utc(2036, 1, 1, 10), -3)

    assert expected == actual


def test_ten_empty_years_stop_stepping_business_days_back() -> None:
    cal = gap(2027, 2036)
    with pytest.raises(CalendarError) as raised:
        cal.add_business_days(utc(2037, 1, 1, 10), -3)

    assert str(raised.value).endswith(message(2027, "back to"))


def test_the_close_of_a_business_day_nine_empty_years_later() -> None:
    expected = utc(2036, 1, 2, 17)

    actual = gap(2027, 2035).close_of_business_day(utc(2026, 12, 31, 10), 2)

    assert expected == actual


def test_the_close_of_a_business_day_nine_empty_years_earlier() -> None:
    expected = utc(2026, 12, 30, 17)

    actual = gap(2027, 2035).close_of_business_day(utc(2036, 1, 1, 10), -2)

    assert expected == actual


def always_until(closed_from: str) -> BusinessCalendar:
    """Open around the clock in UTC, closed every day from `closed_from` on."""
    return BusinessCalendar.from_config(
        {
            "timezone": "UTC",
            "hours": "24x7",
            "closures": [{"rrule": "FREQ=DAILY", "start": closed_from}],
        }
    )


def test_an_open_run_across_ten_new_years_closes() -> None:
    # From mid-2026 the run crosses the new years 2027 to 2036: ten joins, then it closes.
    expected = utc(2036, 6, 1)

    actual = always_until("2036-06-01").next_close(utc(2026, 6, 1))

    assert expected == actual


def test_an_open_run_across_eleven_new_years_is_an_error() -> None:
    cal = always_until("2037-06-01")
    with pytest.raises(CalendarError) as raised:
        cal.next_close(utc(2026, 6, 1))

    assert str(raised.value).endswith(
        "stays open without a break for more than 10 years after 2026-06-01 00:00:00+00:00"
        " (a 24x7 calendar never closes)"
    )


@PATHS
def test_a_budget_that_ends_at_the_last_closing_before_empty_years_never_looks_at_them(
    limit: int,
) -> None:
    # Thu 31 Dec 2026 10:00 + 7 h is 17:00, the last open instant before 2027-2036.
    cal = gap(2027, 2036)
    with window_years(limit):
        actual = cal.add(utc(2026, 12, 31, 10), timedelta(hours=7))

    assert utc(2026, 12, 31, 17) == actual


@PATHS
def test_a_budget_back_to_the_first_opening_after_empty_years_never_looks_at_them(
    limit: int,
) -> None:
    # Fri 2 Jan 2026 10:00 - 9 h is Thu 1 Jan 09:00, the first open instant after 2016-2025.
    cal = gap(2016, 2025)
    with window_years(limit):
        actual = cal.subtract(utc(2026, 1, 2, 10), timedelta(hours=9))

    assert utc(2026, 1, 1, 9) == actual


def two_gaps() -> BusinessCalendar:
    """Closed 2027-2035 and 2037-2045: two runs of nine empty years around an open 2036."""
    return BusinessCalendar.from_config(
        {
            "timezone": "UTC",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "closures": [
                {"rrule": "FREQ=DAILY;UNTIL=20351231", "start": "2027-01-01"},
                {"rrule": "FREQ=DAILY;UNTIL=20451231", "start": "2037-01-01"},
            ],
        }
    )


def weekdays_of(year: int) -> int:
    first = date(year, 1, 1)
    return sum((first + timedelta(days=i)).weekday() < 5 for i in range(365 + isleap(year)))


@PATHS
def test_an_open_year_between_two_runs_of_empty_years_starts_the_count_again(
    limit: int,
) -> None:
    # Nine empty years, an open one, nine empty years: no run reaches ten. 3,000 hours from
    # Thu 31 Dec 2026 10:00 spend 7 h there and 2,096 h (262 weekdays) in 2036, and end in
    # 2046; subtracting them back from there ends where the count began.
    start, budget = utc(2026, 12, 31, 10), timedelta(hours=3000)
    assert 8 * weekdays_of(2036) == 2096
    with window_years(limit):
        cal = two_gaps()
        end = cal.add(start, budget)
        back = two_gaps().subtract(end, budget)  # a calendar that has not looked back yet

    assert (2046, budget, start) == (end.year, cal.elapsed(start, end), back)


def test_business_days_across_two_runs_of_empty_years() -> None:
    # Thu 31 Dec 2026 plus every weekday of 2036 plus three: Wed 3 Jan 2046 (1 January 2046
    # is a Monday); and back again.
    cal = two_gaps()
    steps = weekdays_of(2036) + 3

    forwards = cal.add_business_days(utc(2026, 12, 31, 10), steps)
    backwards = cal.add_business_days(utc(2046, 1, 3, 10), -steps)

    assert (utc(2046, 1, 3, 10), utc(2026, 12, 31, 10)) == (forwards, backwards)


@PATHS
def test_a_budget_that_ends_at_the_last_closing_before_empty_years_a_year_later(
    limit: int,
) -> None:
    # From Tue 30 Dec 2025 10:00: 7 h that day, 8 h on Wed 31 Dec, then every weekday of 2026
    # (8 h each) ends at Thu 31 Dec 2026 17:00, the last open instant before 2027-2036. The
    # window holds 2025 when the search starts, so the budget's end is found by joining 2026:
    # it lies exactly at the joined window's end, and the empty years after it are not read.
    budget = timedelta(hours=7 + 8 + 8 * weekdays_of(2026))
    cal = gap(2027, 2036)
    with window_years(limit):
        actual = cal.add(utc(2025, 12, 30, 10), budget)

    assert utc(2026, 12, 31, 17) == actual
