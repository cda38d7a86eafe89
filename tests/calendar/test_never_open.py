"""Combined calendars that can never open are refused when they are made, and only those.

A complement is probed over one sample year, the 366 days from 1 January 2025, on the days
its part is read over (30 December 2024 to 3 January 2026), counting the part's holidays and
closures, since a closed date of a calendar open around the clock is the complement's only
open time. An intersection is probed on its weekly hours alone, two sample weeks and then
the year 2025.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slaclock import BusinessCalendar, CalendarError


def around_the_clock_closed_on(day: str) -> BusinessCalendar:
    return BusinessCalendar.from_config({"timezone": "UTC", "hours": "24x7", "dates_closed": [day]})


@pytest.mark.parametrize(
    "day", ["2024-12-30", "2024-12-31", "2025-01-01", "2025-06-01", "2026-01-01", "2026-01-03"]
)
def test_a_complement_open_on_one_date_of_the_sample_year_is_accepted(day: str) -> None:
    complement = around_the_clock_closed_on(day).complement()
    noon = datetime.fromisoformat(f"{day}T12:00+00:00")

    assert complement.is_open(noon)


@pytest.mark.parametrize("day", ["2024-12-29", "2026-01-04"])
def test_a_complement_open_only_outside_the_sample_year_is_refused(day: str) -> None:
    with pytest.raises(CalendarError) as raised:
        around_the_clock_closed_on(day).complement()

    assert str(raised.value).startswith("the complement ")
    assert str(raised.value).endswith(" is never open: its calendar is open around the clock")


def test_an_intersection_whose_hours_never_overlap_is_refused_in_full() -> None:
    mornings = BusinessCalendar.weekdays("08:00", "12:00", tz="UTC")
    afternoons = BusinessCalendar.weekdays("13:00", "17:00", tz="UTC")
    with pytest.raises(CalendarError) as raised:
        mornings & afternoons

    assert str(raised.value).startswith("the intersection ")
    assert str(raised.value).endswith(
        " is never open: its calendars' hours do not overlap in any week; check the hours"
        " and time zones of its parts"
    )


def test_an_intersection_that_overlaps_only_while_one_zone_has_changed_its_clocks() -> None:
    # New York 09:00-10:00 is 14:00-15:00 UTC in winter and 13:00-14:00 in summer; London
    # 13:00-14:00 is 13:00-14:00 UTC in winter and 12:00-13:00 in summer. They overlap only
    # between the American and the European change of clocks (9-30 March, 26 October-2
    # November 2025), weeks neither sample week holds.
    new_york = BusinessCalendar.weekdays("09:00", "10:00", tz="America/New_York")
    london = BusinessCalendar.weekdays("13:00", "14:00", tz="Europe/London")

    both = new_york & london

    assert both.is_open(datetime(2025, 3, 12, 13, 30, tzinfo=UTC))
    assert not both.is_open(datetime(2025, 6, 11, 13, 30, tzinfo=UTC))
