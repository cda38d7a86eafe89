"""The timeline's instants: each event's `at` as UTC microseconds, read from the wall clock
and the day's start where the zone's offset holds all day, and through the zone's offsets
on the days it changes (DST, gaps, repeated hours, odd historical offsets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaclock import TicketEvent, Timeline
from slaclock._kernel.instants import EPOCH, MAX_YEAR, MIN_YEAR, year_start
from slaclock.errors import TimelineError

ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",  # a half-hour change
    "Pacific/Apia",  # skipped 2011-12-30 entirely
    "Africa/Casablanca",  # changes twice a year around Ramadan
    "Europe/Dublin",  # negative DST in the data
    "Antarctica/Troll",  # a two-hour change
    "Asia/Kolkata",
    "UTC",
]


def exact(at: datetime) -> int:
    """The instant by datetime's own arithmetic: the reference."""
    delta = at - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


walls = st.datetimes(
    min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - wall times, a zone attached below
    max_value=datetime(2100, 12, 31),  # noqa: DTZ001
)


@given(
    zone=st.sampled_from(ZONES),
    first=walls,
    steps=st.lists(st.integers(0, 40 * 86_400_000_000), max_size=8),
    folds=st.lists(st.integers(0, 1), min_size=9, max_size=9),
)
def test_every_instant_equals_datetime_arithmetic(
    zone: str, first: datetime, steps: list[int], folds: list[int]
) -> None:
    tz = ZoneInfo(zone)
    ats = [first.replace(tzinfo=tz, fold=folds[0])]
    for step, fold in zip(steps, folds[1:], strict=False):
        ats.append(
            (ats[-1].replace(tzinfo=None) + timedelta(microseconds=step)).replace(
                tzinfo=tz, fold=fold
            )
        )
    events = [TicketEvent.created(ats[0], "P2")]
    events += [TicketEvent.customer_replied(at) for at in ats[1:] if exact(at) > exact(ats[0])]

    timeline = Timeline.of(events)

    assert list(timeline.instants) == sorted(exact(e.at) for e in events)


@pytest.mark.parametrize(
    ("wall", "fold", "utc"),
    [
        pytest.param("2024-03-31T01:59:59", 0, "2024-03-31T00:59:59", id="before-the-gap"),
        pytest.param("2024-03-31T02:30:00", 0, "2024-03-31T01:30:00", id="in-the-gap-fold-0"),
        pytest.param("2024-03-31T02:30:00", 1, "2024-03-31T00:30:00", id="in-the-gap-fold-1"),
        pytest.param("2024-10-27T02:30:00", 0, "2024-10-27T00:30:00", id="repeated-first"),
        pytest.param("2024-10-27T02:30:00", 1, "2024-10-27T01:30:00", id="repeated-second"),
        pytest.param("2024-10-28T02:30:00", 0, "2024-10-28T01:30:00", id="the-day-after"),
    ],
)
def test_berlin_around_its_changes(wall: str, fold: int, utc: str) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # A day without a change first, so that the zone's tables are in use.
    plain = datetime(2024, 6, 3, 9, tzinfo=berlin)
    at = datetime.fromisoformat(wall).replace(tzinfo=berlin, fold=fold)
    events = [TicketEvent.created(min(plain, at), "P1"), TicketEvent.resolved(max(plain, at))]

    instants = Timeline.of(events).instants

    expected = exact(datetime.fromisoformat(utc).replace(tzinfo=UTC))
    assert expected in instants


@pytest.mark.parametrize(
    ("zone", "wall", "inside"),
    [
        # The last instant evaluated is the end of UTC year MAX_YEAR - 1. In Berlin (UTC+1)
        # the wall day MAX_YEAR-01-01 starts an hour before it: its first hour is inside, the
        # rest is not, so that day's start must not serve as a shortcut for the whole day.
        pytest.param("Europe/Berlin", f"{MAX_YEAR}-01-01T00:30:00", True, id="berlin-last-hour"),
        pytest.param("Europe/Berlin", f"{MAX_YEAR}-01-01T01:30:00", False, id="berlin-beyond"),
        pytest.param(
            "America/New_York", f"{MAX_YEAR - 1}-12-31T18:59:59", True, id="new-york-last"
        ),
        pytest.param(
            "America/New_York", f"{MAX_YEAR - 1}-12-31T19:00:00", False, id="new-york-beyond"
        ),
        # The first instant is the start of UTC year MIN_YEAR: 00:53:28 on Berlin's wall clock
        # (local mean time then) and 19:03:58 the evening before on New York's.
        pytest.param("Europe/Berlin", f"{MIN_YEAR:04d}-01-01T00:30:00", False, id="berlin-before"),
        pytest.param("Europe/Berlin", f"{MIN_YEAR:04d}-01-01T01:00:00", True, id="berlin-first"),
        pytest.param(
            "America/New_York", f"{MIN_YEAR - 1:04d}-12-31T19:03:58", True, id="new-york-first"
        ),
        pytest.param(
            "America/New_York", f"{MIN_YEAR - 1:04d}-12-31T19:03:57", False, id="new-york-before"
        ),
    ],
)
def test_the_edges_of_the_years_evaluated(zone: str, wall: str, inside: bool) -> None:
    tz = ZoneInfo(zone)
    at = datetime.fromisoformat(wall).replace(tzinfo=tz)
    # Events on the day before and a minute earlier on the same wall day come first (those
    # inside the years), so that the zone's tables are in use and that day's start was asked.
    earlier = [at - timedelta(days=1), at - timedelta(minutes=1)]
    ats = [e for e in earlier if year_start(MIN_YEAR) <= exact(e) < year_start(MAX_YEAR)]
    ats.append(at)
    events = [TicketEvent.created(ats[0], "P2")]
    events += [TicketEvent.customer_replied(e) for e in ats[1:]]

    if inside:
        assert exact(at) in Timeline.of(events).instants
    else:
        with pytest.raises(TimelineError, match="outside the years"):
            Timeline.of(events)
