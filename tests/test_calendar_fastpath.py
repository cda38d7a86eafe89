"""BusinessCalendar.add has an inlined fast path; it must agree with the engine's general one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, HolidayRegion
from slaclock._clocktime import from_us, to_us

CALENDARS = [
    BusinessCalendar.from_config(
        {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-12:00", "13:00-17:00"]}}
    ),
    BusinessCalendar.weekdays(
        "09:00", "17:00", tz="America/New_York", holidays=HolidayRegion("US", language="en_US")
    ),
    BusinessCalendar.from_config(
        {"timezone": "Australia/Sydney", "hours": {"daily": ["22:00-06:00"]}}
    ),
]


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.datetimes(
        min_value=datetime(2019, 1, 1),  # noqa: DTZ001 - made aware below
        max_value=datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.integers(1, 3000 * 3600 * 1_000_000),
)
def test_the_fast_path_equals_the_engine(
    calendar: BusinessCalendar, start: datetime, micros: int
) -> None:
    calendar.add(start, timedelta(hours=1))  # builds the start's year, so the fast path runs

    actual = calendar.add(start, timedelta(microseconds=micros))

    expected = from_us(calendar._engine.add(to_us(start, "start"), micros), calendar.zone)
    assert expected == actual
    assert expected.utcoffset() == actual.utcoffset()
