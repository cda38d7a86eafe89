"""The local days a calendar is compiled over, to the day, and two edges of compiling.

To compile a stretch of time, a calendar reads its hours, closures and openings on the
local dates of that stretch and on margin days around it: two days before the first date,
one after the last. A year's table is clipped to the year, so the margin shows only in the
probe that refuses a complement that is never open, which reads the 366 days from
1 January 2025 unclipped: on the local dates 30 December 2024 to 3 January 2026, whatever
the zone. In Pacific/Kiritimati (UTC+14, no DST) those 366 days run from
2024-12-31T10:00Z to 2026-01-01T10:00Z, each end on a UTC date one day before its local
date, so margins counted from UTC dates would read a day off at both ends.

Then a working-hours span that ends in a DST gap under ``on_gap: raise`` (its end is
resolved as strictly as its start), and the last year calendars support reached through a
window that already joined the years before it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from slaclock import BusinessCalendar, CalendarError

NEVER_OPEN = " is never open: its calendar is open around the clock"


def complement(zone: str, **exceptions: Any) -> BusinessCalendar:
    """The complement of a 24x7 UTC calendar: never open but for its own `exceptions`."""
    return BusinessCalendar.from_config({"timezone": zone, "not": "24x7", **exceptions})


class TestOpeningsOnMarginDays:
    @pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati"])
    @pytest.mark.parametrize("day", ["2024-12-30", "2026-01-03"])
    def test_an_opening_on_the_first_or_last_day_read_is_open_time(
        self, zone: str, day: str
    ) -> None:
        cal = complement(zone, openings=[{"date": day, "hours": ["09:00-17:00"]}])
        noon = datetime.fromisoformat(f"{day}T12:00").replace(tzinfo=cal.zone)

        assert cal.is_open(noon)

    @pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati"])
    @pytest.mark.parametrize("day", ["2024-12-29", "2026-01-04"])
    def test_an_opening_one_day_further_out_is_not_read(self, zone: str, day: str) -> None:
        with pytest.raises(CalendarError) as raised:
            complement(zone, openings=[{"date": day, "hours": ["09:00-17:00"]}])

        assert f"calendar: the complement in {zone}{NEVER_OPEN}" == str(raised.value)


class TestClosuresOnMarginDays:
    @pytest.mark.parametrize("day", ["2024-12-30", "2026-01-03"])
    def test_a_closure_on_the_first_or_last_day_read_counts(self, day: str) -> None:
        # Its part is closed on `day` (UTC), the complement's only open time in the probe;
        # the complement's own closure of that whole day leaves none.
        part = {"timezone": "UTC", "hours": "24x7", "dates_closed": [day]}
        spec = {"timezone": "UTC", "not": part, "closures": [{"date": day}]}
        with pytest.raises(CalendarError) as raised:
            BusinessCalendar.from_config(spec)

        assert f"calendar: the complement in UTC{NEVER_OPEN}" == str(raised.value)

    @pytest.mark.parametrize("day", ["2024-12-30", "2026-01-03"])
    def test_a_closure_of_part_of_that_day_leaves_the_rest_open(self, day: str) -> None:
        # Closed from 12:00, the complement is open from midnight to noon that day.
        part = {"timezone": "UTC", "hours": "24x7", "dates_closed": [day]}
        spec = {"timezone": "UTC", "not": part, "closures": [{"date": day, "from": "12:00"}]}
        cal = BusinessCalendar.from_config(spec)
        expected = datetime.fromisoformat(f"{day}T12:00+00:00")

        actual = cal.next_close(datetime.fromisoformat(f"{day}T00:00+00:00"))

        assert expected == actual


def sundays_until_0230(**options: str) -> BusinessCalendar:
    """Berlin, open on Sundays 01:00-02:30. 02:30 does not exist on Sunday 31 March 2024:
    the clocks go from 02:00 CET to 03:00 CEST."""
    spec = {"timezone": "Europe/Berlin", "hours": {"sun": ["01:00-02:30"]}, **options}
    return BusinessCalendar.from_config(spec)


class TestAnEndInADstGap:
    def test_it_shifts_forward_by_the_gap(self) -> None:
        # 01:00 CET (00:00Z) to 03:30 CEST (01:30Z): 1 h 30 min, as on any other Sunday.
        cal = sundays_until_0230()
        expected = timedelta(hours=1, minutes=30)

        actual = cal.elapsed(
            datetime.fromisoformat("2024-03-30T00:00+01:00"),
            datetime.fromisoformat("2024-04-01T00:00+02:00"),
        )

        assert expected == actual

    def test_it_raises_under_on_gap_raise(self) -> None:
        cal = sundays_until_0230(on_gap="raise")
        with pytest.raises(CalendarError) as raised:
            cal.elapsed(
                datetime.fromisoformat("2024-03-30T00:00+01:00"),
                datetime.fromisoformat("2024-04-01T00:00+02:00"),
            )

        assert (
            "working-hours boundary 2024-03-31T02:30:00 does not exist in Europe/Berlin"
            " (a DST gap); choose on_gap='shift' to move it forward by the gap"
        ) == str(raised.value)


class TestTheLastYearThroughAWindow:
    # Open around the clock (UTC) up to Thu 31 Dec 9987, then closed for the ten years
    # 9988-9997, the last year calendars support. From 31 Dec 9987 12:00, 12 hours are left;
    # a day's budget finds no open time in the ten years after, which is the error. It stays
    # the error when the engine had joined 9987-9997 into one window before: that window
    # then grows toward 9998, which it may not, and the per-year tables answer instead.
    MESSAGE = (
        "calendar in UTC has no open time in the 10 years up to 9997; check its hours,"
        " closures and recurring rules"
    )

    @staticmethod
    def closed_at_the_end() -> BusinessCalendar:
        return BusinessCalendar.from_config(
            {
                "timezone": "UTC",
                "hours": "24x7",
                "closures": [{"from": "9988-01-01", "to": "9997-12-31"}],
            }
        )

    @pytest.mark.parametrize("joined", [False, True], ids=["fresh", "years-joined-before"])
    def test_ten_empty_years_stop_adding_before_the_last_year(self, joined: bool) -> None:
        cal = self.closed_at_the_end()
        start = datetime(9987, 12, 31, 12, tzinfo=UTC)
        if joined:
            assert timedelta(hours=12) == cal.elapsed(start, datetime(9997, 12, 31, tzinfo=UTC))
        with pytest.raises(CalendarError) as raised:
            cal.add(start, timedelta(days=1))

        assert self.MESSAGE == str(raised.value)
