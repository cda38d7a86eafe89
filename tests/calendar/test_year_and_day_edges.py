"""Budgets that end exactly on a year's first opening or last closing, spans that cross a
new year through the per-year tables, and business days whose midnight is an edge.

The engine answers from a window of joined years when it can and from one table per UTC
year otherwise; the per-year path is forced here by letting the window hold one year, so
each worked example runs through both. The calendar is Monday to Friday 09:00-17:00 UTC
without holidays: Thu 31 Dec 2026, Fri 1 Jan 2027, Thu 1 Jan 2026.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from calendar_paths import window_years

from slaclock import BusinessCalendar, CalendarError

OFFICE = BusinessCalendar.weekdays("09:00", "17:00", tz="UTC")
PATHS = pytest.mark.parametrize("limit", [0, 64], ids=["per-year", "window"])


def fresh(calendar: BusinessCalendar) -> BusinessCalendar:
    """The same calendar with nothing remembered (a window built under another limit
    would answer instead of the path under test)."""
    return BusinessCalendar.weekdays("09:00", "17:00", tz=str(calendar.zone))


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@PATHS
def test_a_budget_that_ends_at_the_last_closing_of_a_year_ends_there(limit: int) -> None:
    # Thu 31 Dec 2026 10:00 + 7 h is 17:00 that day, the year's last open instant: the
    # earliest instant with 7 h elapsed, not the next year's first opening.
    expected = utc(2026, 12, 31, 17)
    with window_years(limit):
        actual = fresh(OFFICE).add(utc(2026, 12, 31, 10), timedelta(hours=7))

    assert expected == actual


@PATHS
def test_subtracting_back_to_the_first_opening_of_a_year_stops_there(limit: int) -> None:
    # Fri 2 Jan 2026 10:00 - 9 h: one hour of Friday and the whole of Thu 1 Jan, so the
    # latest start is Thu 1 Jan 09:00, not the close of Wed 31 Dec 2025 before it.
    expected = utc(2026, 1, 1, 9)
    with window_years(limit):
        actual = fresh(OFFICE).subtract(utc(2026, 1, 2, 10), timedelta(hours=9))

    assert expected == actual


@PATHS
def test_elapsed_across_a_new_year_counts_both_years(limit: int) -> None:
    # Thu 31 Dec 2026 10:00-17:00 (7 h), Fri 1 Jan 2027 (8 h), Mon 4 Jan 09:00-10:00 (1 h).
    start, end = utc(2026, 12, 31, 10), utc(2027, 1, 4, 10)
    with window_years(limit):
        cal = fresh(OFFICE)
        forwards, backwards = cal.elapsed(start, end), cal.elapsed(end, start)

    assert (timedelta(hours=16), timedelta(hours=-16)) == (forwards, backwards)


@PATHS
def test_elapsed_up_to_the_first_instant_of_a_year(limit: int) -> None:
    # From Wed 30 Dec 2026 16:00 to midnight of 1 Jan 2027 (UTC): 1 h and 8 h.
    with window_years(limit):
        actual = fresh(OFFICE).elapsed(utc(2026, 12, 30, 16), utc(2027, 1, 1))

    assert timedelta(hours=9) == actual


def test_an_open_run_that_ends_at_a_new_year_closes_there() -> None:
    # Open around the clock except on 1 and 5 January 2027: the run that starts in June
    # closes at the new year's first instant, the next one as 5 January begins.
    cal = BusinessCalendar.from_config(
        {"timezone": "UTC", "hours": "24x7", "dates_closed": ["2027-01-01", "2027-01-05"]}
    )

    assert utc(2027, 1, 1) == cal.next_close(utc(2026, 6, 1))
    assert utc(2027, 1, 5) == cal.next_close(utc(2027, 1, 2, 12))


def around_the_clock(zone: str) -> list[BusinessCalendar]:
    """A calendar open around the clock in `zone`, alone and as a union: a calendar of its
    own takes a day's spans from its hours, a combined one from midnight to midnight."""
    alone = BusinessCalendar.always(zone)
    return [alone, alone | BusinessCalendar.always(zone)]


@pytest.mark.parametrize("cal", around_the_clock("UTC"), ids=["own", "union"])
def test_a_business_day_of_a_calendar_open_around_the_clock_starts_at_midnight(
    cal: BusinessCalendar,
) -> None:
    assert utc(2026, 6, 2) == cal.add_business_days(utc(2026, 6, 1), 1)
    assert utc(2026, 5, 31) == cal.add_business_days(utc(2026, 6, 1), -1)
    assert 1 == cal.business_days_between(utc(2026, 6, 1), utc(2026, 6, 2))
    half_a_second = timedelta(microseconds=500_000)
    assert utc(2026, 6, 2) + half_a_second == cal.add_business_days(
        utc(2026, 6, 1) + half_a_second, 1
    )
    assert utc(2026, 6, 2) == cal.close_of_business_day(utc(2026, 6, 1, 12))


@pytest.mark.parametrize("cal", around_the_clock("America/Havana"), ids=["own", "union"])
def test_a_business_day_whose_midnight_happens_twice_starts_at_the_first(
    cal: BusinessCalendar,
) -> None:
    # Havana turns its clocks back from 01:00 to 00:00 on Sun 1 Nov 2026, so 00:30 happens
    # twice; a step of one business day from Sat 00:30 lands on the first of them (-04:00),
    # and Saturday's business day ends at the first midnight.
    havana = ZoneInfo("America/Havana")

    forwards = cal.add_business_days(datetime(2026, 10, 31, 0, 30, tzinfo=havana), 1)
    backwards = cal.add_business_days(datetime(2026, 11, 2, 0, 30, tzinfo=havana), -1)
    saturday = cal.close_of_business_day(datetime(2026, 10, 31, 12, tzinfo=havana))

    assert ["2026-11-01T04:30:00+00:00"] * 2 + ["2026-11-01T04:00:00+00:00"] == [
        forwards.astimezone(UTC).isoformat(),
        backwards.astimezone(UTC).isoformat(),
        saturday.astimezone(UTC).isoformat(),
    ]


def test_stepping_back_keeps_seconds_and_microseconds() -> None:
    # Tue 2 Jun 2026 10:00:30.250 back one business day is Mon 1 Jun at the same time.
    start = datetime(2026, 6, 2, 10, 0, 30, 250_000, tzinfo=UTC)

    actual = OFFICE.add_business_days(start, -1)

    assert datetime(2026, 6, 1, 10, 0, 30, 250_000, tzinfo=UTC) == actual


def test_stepping_back_to_the_first_business_day_of_a_year() -> None:
    # Fri 2 Jan 2026 is the year's second business day; one back is Thu 1 Jan (no holidays).
    assert utc(2026, 1, 1, 10) == OFFICE.add_business_days(utc(2026, 1, 2, 10), -1)
    assert utc(2026, 1, 1, 10) == OFFICE.add_business_days(utc(2026, 1, 5, 10), -2)


@pytest.mark.parametrize("days", [1, -1])
def test_a_business_day_step_into_a_dst_gap_follows_on_gap(days: int) -> None:
    # 02:30 does not exist in Berlin on Sun 29 Mar 2026. With on_gap "shift" the step lands
    # an hour later, 03:30 (+02:00); with "raise" it is an error that names the step's wall
    # time (not a working-hours boundary: the calendar is open around the clock).
    berlin = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 3, 28 if days == 1 else 30, 2, 30, tzinfo=berlin)

    def around_the_clock(on_gap: str) -> BusinessCalendar:
        return BusinessCalendar.from_config(
            {"timezone": "Europe/Berlin", "hours": "24x7", "on_gap": on_gap}
        )

    shifted = around_the_clock("shift").add_business_days(start, days)
    with pytest.raises(CalendarError) as raised:
        around_the_clock("raise").add_business_days(start, days)

    assert "2026-03-29T03:30:00+02:00" == shifted.isoformat()
    assert str(raised.value).startswith(
        "business-day step target 2026-03-29T02:30:00 does not exist in Europe/Berlin"
        " (a DST gap); choose on_gap='shift'"
    )


def test_one_microsecond_of_business_time() -> None:
    assert utc(2026, 6, 1, 10) + timedelta(microseconds=1) == fresh(OFFICE).add(
        utc(2026, 6, 1, 10), timedelta(microseconds=1)
    )


def test_a_start_before_the_first_opening_of_the_remembered_years() -> None:
    # The first deadline builds the table of 2026; the second starts on Thu 1 Jan 2026 at
    # 03:00, inside that table but before its first opening (09:00), and is due at 11:00.
    cal = fresh(OFFICE)
    cal.add(utc(2026, 6, 1, 10), timedelta(hours=1))

    assert utc(2026, 1, 1, 11) == cal.add(utc(2026, 1, 1, 3), timedelta(hours=2))


@pytest.mark.parametrize(
    ("duration", "shown"), [(3600, "int 3600"), (None, "NoneType None"), ("1h", "str '1h'")]
)
def test_a_duration_that_is_not_a_timedelta_is_named_with_its_type(
    duration: object, shown: str
) -> None:
    with pytest.raises(TypeError) as raised:
        fresh(OFFICE).add(utc(2026, 6, 1, 10), duration)  # type: ignore[arg-type]

    assert f"duration must be a datetime.timedelta, got {shown}" == str(raised.value)


@pytest.mark.parametrize("limit", [0, 64], ids=["per-year", "window"])
def test_subtracting_across_a_new_year(limit: int) -> None:
    # Fri 2 Jan 2026 10:00 - 10 h: 1 h of Friday, Thu 1 Jan (8 h), then 1 h before the close
    # of Wed 31 Dec 2025.
    with window_years(limit):
        actual = fresh(OFFICE).subtract(utc(2026, 1, 2, 10), timedelta(hours=10))

    assert utc(2025, 12, 31, 16) == actual


def test_open_intervals_up_to_the_first_microsecond_of_a_year() -> None:
    end = utc(2027, 1, 1) + timedelta(microseconds=1)

    actual = list(BusinessCalendar.always("UTC").open_intervals(utc(2026, 12, 31, 23), end))

    assert [(utc(2026, 12, 31, 23), end)] == actual


def test_a_closed_date_of_a_combined_calendar_is_closed_from_midnight() -> None:
    always = {"timezone": "UTC", "hours": "24x7"}
    union = BusinessCalendar.from_config(
        {"timezone": "UTC", "union": [always, always], "dates_closed": ["2026-06-01"]}
    )

    assert not union.is_open(utc(2026, 6, 1))
    assert utc(2026, 6, 1) == union.next_close(utc(2026, 5, 31, 12))
    assert utc(2026, 6, 2) == union.next_open(utc(2026, 6, 1))


def test_business_time_reaches_the_first_and_last_years_calendars_support() -> None:
    # Calendars support the years 2 to 9997; business time may reach either end, not beyond.
    always = BusinessCalendar.always("UTC")

    assert datetime(9997, 6, 2, tzinfo=UTC) == always.add(
        datetime(9997, 6, 1, tzinfo=UTC), timedelta(days=1)
    )
    assert datetime(2, 1, 1, tzinfo=UTC) == always.subtract(
        datetime(3, 1, 1, tzinfo=UTC), timedelta(days=365)
    )
    with pytest.raises(CalendarError) as later:
        always.add(datetime(9997, 6, 1, tzinfo=UTC), timedelta(days=300))
    with pytest.raises(CalendarError) as earlier:
        always.subtract(datetime(3, 1, 1, tzinfo=UTC), timedelta(days=366))

    assert [str(later.value), str(earlier.value)] == [
        "business time reaches the year 9998, outside the years calendars support",
        "business time reaches the year 1, outside the years calendars support",
    ]
