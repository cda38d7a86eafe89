"""A closure over a range in one entry: whole dates or wall-clock times (issue #11, item 17)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from calendar_oracle import Oracle, utc
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, CalendarError, Closure, WorkingHours
from slaclock.calendar.spec import calendar_to_config

H = 3600

#: A tenth of the profile's examples: these walk the slow reference model or build many
#: calendars, and run in the default test run.
few = settings(max_examples=max(50, settings().max_examples // 10))


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def office(*closures: Any) -> BusinessCalendar:
    return BusinessCalendar.from_config(
        {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "closures": list(closures),
        }
    )


class TestWholeDates:
    def test_the_winter_break_closes_every_date_of_it(self) -> None:
        # Closed Thursday 24 December 2026 to Friday 1 January 2027, both included.
        cal = office({"from": "2026-12-24", "to": "2027-01-01", "reason": "winter break"})

        expected = "2027-01-04T10:00:00+01:00"
        actual = cal.add(at("2026-12-23T16:00+01:00"), timedelta(hours=2))

        assert expected == actual.isoformat()

    def test_python_and_file_give_the_same_calendar(self) -> None:
        from_file = office({"from": "2026-12-24", "to": "2027-01-01"})
        in_python = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.weekdays("09:00", "17:00"),
            closures=(Closure.between(date(2026, 12, 24), date(2027, 1, 1)),),
        )

        assert in_python == from_file


class TestWallTimes:
    @pytest.mark.parametrize(
        ("start", "expected"),
        [
            pytest.param("2026-12-24T10:00+01:00", "2027-01-04T10:00:00+01:00", id="before-noon"),
            pytest.param("2026-12-24T11:30+01:00", "2027-01-04T11:30:00+01:00", id="half-hour"),
        ],
    )
    def test_closed_from_noon_to_nine(self, start: str, expected: str) -> None:
        # From Thursday 24 Dec 12:00 to Saturday 2 Jan 09:00: open again Monday 4 Jan.
        cal = office({"from": "2026-12-24T12:00", "to": "2027-01-02T09:00"})

        actual = cal.add(at(start), timedelta(hours=3))

        assert expected == actual.isoformat()

    def test_a_range_across_the_end_of_dst(self) -> None:
        # 24x7 in Berlin, closed Sat 24 Oct 2026 22:00 to Sun 25 Oct 04:00 wall time: the
        # clocks go back at 03:00, so the closure lasts 7 real hours.
        cal = BusinessCalendar(
            "Europe/Berlin",
            WorkingHours.always(),
            closures=(
                Closure.between(
                    datetime(2026, 10, 24, 22),  # noqa: DTZ001 - a wall time in the calendar's zone
                    datetime(2026, 10, 25, 4),  # noqa: DTZ001
                ),
            ),
        )

        expected = timedelta(hours=24 - 7)
        actual = cal.elapsed(at("2026-10-24T12:00+02:00"), at("2026-10-25T11:00+01:00"))

        assert expected == actual

    def test_why_closed_names_the_range(self) -> None:
        cal = office({"from": "2026-12-24T12:00", "to": "2027-01-02T09:00", "reason": "break"})

        expected = "calendar closed (closure: 2026-12-24 12:00 – 2027-01-02 09:00 break)"
        actual = cal.why_closed(at("2026-12-24T12:00+01:00"), at("2026-12-24T17:00+01:00"))

        assert expected == actual


class TestRefused:
    @pytest.mark.parametrize(
        ("closure", "words"),
        [
            pytest.param({"from": "2026-12-24"}, "'from' and 'to'", id="no-to"),
            pytest.param({"from": "2027-01-02", "to": "2026-12-24"}, "must be later", id="back"),
            pytest.param(
                {"from": "2026-12-24T12:00+01:00", "to": "2027-01-01"}, "UTC offset", id="offset"
            ),
            pytest.param({"from": "soon", "to": "2027-01-01"}, "expected a date", id="text"),
        ],
    )
    def test_a_bad_range_names_its_closure(self, closure: dict[str, Any], words: str) -> None:
        with pytest.raises(CalendarError) as caught:
            BusinessCalendar.from_config(
                {"timezone": "UTC", "hours": "24x7", "closures": [closure]}, field="calendars.x"
            )

        assert "calendars.x.closures[0]" in str(caught.value)
        assert words in str(caught.value)


points = st.tuples(
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    st.integers(0, 24 * 4 - 1).map(lambda q: q * 900),
)


@st.composite
def ranges(draw: st.DrawFn) -> Closure:
    day, start = draw(points)
    until = day + timedelta(days=draw(st.integers(1, 20)))
    end = draw(st.sampled_from([24 * H, 9 * H, 12 * H + 1800]))
    return Closure(
        date=day, start=start, until=until, end=end, reason=draw(st.none() | st.just("x"))
    )


@few
@given(st.lists(ranges(), max_size=3), st.sampled_from(["Europe/Berlin", "America/New_York"]))
def test_a_range_round_trips_through_the_file_form(closures: list[Closure], zone: str) -> None:
    cal = BusinessCalendar(zone, WorkingHours.always(), closures=tuple(closures))

    actual = BusinessCalendar.from_config(calendar_to_config(cal))

    assert cal == actual


@few
@given(ranges(), st.integers(0, 60 * 24 * 30), st.integers(1, 60 * 24 * 10))
def test_a_range_matches_the_model(closure: Closure, minute: int, budget: int) -> None:
    cal = BusinessCalendar(
        "Europe/Berlin", WorkingHours.weekdays("08:00", "18:00"), closures=(closure,)
    )
    assert closure.date is not None
    start = datetime(closure.date.year, closure.date.month, closure.date.day, tzinfo=cal.zone)
    start += timedelta(minutes=minute - 60 * 24 * 5)

    expected = Oracle(cal).add(start, timedelta(minutes=budget))
    actual = cal.add(start, timedelta(minutes=budget))

    assert expected == utc(actual)
