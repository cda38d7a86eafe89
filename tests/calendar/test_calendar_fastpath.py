"""The calendar's fast paths and memos must agree with the general path and the oracle.

`BusinessCalendar.add` runs the common case inline, and the engine answers add, subtract and
elapsed from a window of joined years when it can; both must give exactly what the per-year
tables give, also where the window cannot grow (too many years apart) and falls back.
Business-day steps are remembered per opening instant; the remembered answers must stay
right for every start that shares the opening. A recurring closure without a start is begun
in the year asked about; its dates must be the ones it has when begun in 1900.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from calendar_oracle import Oracle, utc
from calendar_paths import window_years
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, Closure, HolidayRegion
from slaclock._kernel.instants import from_us, to_us
from slaclock.calendar import engine as calendar_module
from slaclock.calendar.rules import compile_rrule as _compile_rrule

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

HOUR_US = 3600 * 1_000_000


def fresh(calendar: BusinessCalendar) -> calendar_module.Engine:
    """A new engine for the calendar, with no window yet (it shares the year tables, which
    are plain caches, so that examples do not rebuild them)."""
    engine = calendar_module.Engine(calendar)
    engine.years = calendar.engine.years
    return engine


def instants(first: int, last: int) -> st.SearchStrategy[int]:
    return st.datetimes(
        min_value=datetime(first, 1, 1),  # noqa: DTZ001 - made aware below
        max_value=datetime(last, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(lambda t: to_us(t, "t"))


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.datetimes(
        min_value=datetime(2019, 1, 1),  # noqa: DTZ001 - made aware below
        max_value=datetime(2030, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.integers(1, 3000 * HOUR_US),
)
def test_the_inline_add_equals_the_per_year_engine(
    calendar: BusinessCalendar, start: datetime, micros: int
) -> None:
    calendar.add(start, timedelta(hours=1))  # grows the window to the start: the inline path runs

    actual = calendar.add(start, timedelta(microseconds=micros))

    expected = from_us(calendar.engine._add_years(to_us(start, "start"), micros), calendar.zone)
    assert expected == actual
    assert expected.utcoffset() == actual.utcoffset()


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.integers(1, 6),
    st.lists(
        st.tuples(
            st.sampled_from(["add", "subtract", "elapsed"]),
            instants(1995, 2060),
            instants(1995, 2060),
            st.integers(1, 20_000 * HOUR_US),
        ),
        min_size=1,
        max_size=12,
    ),
)
def test_the_window_equals_the_per_year_engine(
    calendar: BusinessCalendar,
    limit: int,
    operations: list[tuple[str, int, int, int]],
) -> None:
    # A small window limit makes some operations fall back and others grow the window both
    # ways, in whatever order the operations come.
    with window_years(limit):
        engine = fresh(calendar)
        reference = calendar.engine
        for kind, a, b, d in operations:
            if kind == "add":
                assert reference._add_years(a, d) == engine.add(a, d)
            elif kind == "subtract":
                assert reference._subtract_years(a, d) == engine.subtract(a, d)
            else:
                assert reference._elapsed_years(a, b) == engine.elapsed(a, b)
        window = engine.window
        if window is not None:
            assert window.last - window.first < limit


def test_a_window_grows_backwards_keeping_its_origin() -> None:
    engine = fresh(CALENDARS[0])
    later = to_us(datetime(2030, 6, 3, 10, tzinfo=UTC), "t")
    earlier = to_us(datetime(2026, 6, 1, 10, tzinfo=UTC), "t")
    before = engine.elapsed(later, later + 30 * 24 * HOUR_US)

    span = engine.elapsed(earlier, later)  # grows the window from 2030 back to 2026

    assert engine.window is not None
    assert (engine.window.first, engine.window.last) == (2026, 2030)
    assert engine.window.low < 0
    assert engine._elapsed_years(earlier, later) == span
    assert before == engine.elapsed(later, later + 30 * 24 * HOUR_US)


def test_instants_too_far_apart_for_one_window_take_the_per_year_path() -> None:
    engine = fresh(CALENDARS[0])
    a = to_us(datetime(2026, 6, 1, 10, tzinfo=UTC), "t")
    b = to_us(datetime(2026 + calendar_module.WINDOW_YEARS + 5, 6, 1, 10, tzinfo=UTC), "t")
    engine.elapsed(a, a + HOUR_US)

    span = engine.elapsed(a, b)

    assert engine.window is not None
    assert engine.window.last == 2026
    assert engine._elapsed_years(a, b) == span


@pytest.mark.parametrize("limit", [1, 64])
def test_an_empty_future_is_reported_through_either_path(limit: int) -> None:
    closed = BusinessCalendar.from_config(
        {
            "timezone": "UTC",
            "hours": {"mon-fri": ["09:00-17:00"]},
            "closures": [{"rrule": "FREQ=DAILY", "start": "2027-01-01"}],
        }
    )
    with window_years(limit), pytest.raises(ValueError, match="no open time in the 10 years up to"):
        closed.engine.add(to_us(datetime(2026, 12, 30, 10, tzinfo=UTC), "t"), 100 * HOUR_US)


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.datetimes(
        min_value=datetime(2025, 12, 19),  # noqa: DTZ001 - made aware below
        max_value=datetime(2026, 1, 9),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.integers(0, 12),
)
def test_remembered_business_day_steps_equal_the_oracle(
    calendar: BusinessCalendar, start: datetime, days: int
) -> None:
    # Three weeks around the new year with holidays: most starts fall outside hours and
    # share an opening, so most answers come from the memo after the first few examples.
    expected = Oracle(calendar).add_business_days(start, days)

    actual = utc(calendar.add_business_days(start, days))

    assert expected == actual


@settings(max_examples=1000, deadline=None)
@given(
    st.sampled_from(CALENDARS),
    st.datetimes(
        min_value=datetime(2026, 3, 20),  # noqa: DTZ001 - made aware below
        max_value=datetime(2026, 4, 10),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    st.sampled_from([1, 4, 8, 40]),
)
def test_remembered_deadlines_of_closed_time_starts_equal_the_engine(
    calendar: BusinessCalendar, start: datetime, hours: int
) -> None:
    # Three weeks with DST changes in all three zones and Easter, and a few budgets: starts
    # at night or over a weekend share their deadline, which `add` answers from memory after
    # the first one.
    calendar.add(start, timedelta(hours=1))  # grows the window to the start

    actual = calendar.add(start, timedelta(hours=hours))

    micros = hours * HOUR_US
    expected = from_us(calendar.engine._add_years(to_us(start, "start"), micros), calendar.zone)
    assert expected == actual
    assert expected.utcoffset() == actual.utcoffset()


RULES_WITHOUT_START = [
    "FREQ=MONTHLY;BYDAY=1SA",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24,31",
    "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO",
    "FREQ=YEARLY;BYWEEKNO=53;BYDAY=SU;WKST=SU",
    "FREQ=YEARLY;BYYEARDAY=-1",
    "FREQ=MONTHLY;BYMONTHDAY=29,30,31;BYSETPOS=1",
]


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(RULES_WITHOUT_START),
    st.dates(min_value=date(1890, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(0, 800),
)
def test_a_rule_without_a_start_gives_the_dates_it_has_from_1900(
    rule: str, first: date, days: int
) -> None:
    # Such a rule is begun in the year asked about instead of in 1900; its dates must not
    # change (before 1900 it has none, as before).
    last = first + timedelta(days=days)
    walked = _compile_rrule(rule, None).rule.between(
        datetime(first.year, first.month, first.day),  # noqa: DTZ001 - rules run on wall dates
        datetime(last.year, last.month, last.day, 23, 59, 59),  # noqa: DTZ001
        inc=True,
    )
    expected = sorted({d.date() for d in walked})

    actual = Closure(rrule=rule).dates_between(first, last)

    assert expected == actual
