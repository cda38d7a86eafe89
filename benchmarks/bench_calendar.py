"""pytest-benchmark timings of slaclock's BusinessCalendar (the slaclock side of
``compare_calendars.py``).

Run outside the default test path (the default configuration passes ``--benchmark-disable``)::

    .venv/bin/python -m pytest benchmarks/bench_calendar.py --benchmark-enable -p no:cacheprovider

Compare runs with ``--benchmark-autosave`` and ``--benchmark-compare``; see
``docs/performance.md``. The batch benchmarks time 1,000 operations per round, so their
mean divided by 1,000 is the cost of one operation. Everything here is warm (the year
tables are built before timing) except ``test_build_year``, which times a fresh calendar
building one year's table on first use.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slaclock import BusinessCalendar, HolidayRegion, WorkingHours

ZONE = "Europe/Berlin"
TZ = ZoneInfo(ZONE)
HOURS = {
    "9-17": {"mon-fri": ["09:00-17:00"]},
    "9-17-lunch": {"mon-fri": ["09:00-12:00", "13:00-17:00"]},
}
BATCH = 1_000


def make_calendar(name: str) -> BusinessCalendar:
    return BusinessCalendar(ZONE, WorkingHours.parse(HOURS[name]), holidays=HolidayRegion("DE"))


def random_starts(n: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    lo = int(datetime(2024, 1, 1, tzinfo=TZ).timestamp())
    hi = int(datetime(2028, 1, 1, tzinfo=TZ).timestamp())
    return [datetime.fromtimestamp(rng.randrange(lo, hi), TZ) for _ in range(n)]


def random_pairs(n: int, seed: int) -> list[tuple[datetime, datetime]]:
    rng = random.Random(seed)
    return [
        (a, a + timedelta(seconds=rng.randrange(0, 30 * 86_400 + 1)))
        for a in random_starts(n, seed + 1)
    ]


STARTS = random_starts(BATCH, seed=1)
PAIRS = random_pairs(BATCH, seed=2)


@pytest.fixture(params=sorted(HOURS))
def calendar(request: pytest.FixtureRequest) -> BusinessCalendar:
    """A calendar whose year tables for 2023–2030 are already built (warm)."""
    cal = make_calendar(request.param)
    for year in range(2023, 2031):
        cal.is_open(datetime(year, 7, 1, tzinfo=TZ))
    return cal


@pytest.mark.benchmark(group="build a year (cold)")
@pytest.mark.parametrize("name", sorted(HOURS))
def test_build_year(benchmark: Any, name: str) -> None:
    """A fresh calendar's first call builds the table of its UTC year (holiday dates are
    cached by the process after the first round)."""
    at = datetime(2026, 6, 3, 10, tzinfo=TZ)

    def setup() -> tuple[tuple[BusinessCalendar], dict[str, Any]]:
        return (make_calendar(name),), {}

    benchmark.pedantic(lambda cal: cal.is_open(at), setup=setup, rounds=50, warmup_rounds=1)


@pytest.mark.benchmark(group="one deadline")
def test_deadline_long_weekend(benchmark: Any, calendar: BusinessCalendar) -> None:
    """4 h from Maundy Thursday afternoon: across Good Friday, Easter and Easter Monday."""
    start = datetime(2025, 4, 17, 15, 0, tzinfo=TZ)
    result = benchmark(calendar.add, start, timedelta(hours=4))
    assert result.date() == datetime(2025, 4, 22).date()


def _batch_add(calendar: BusinessCalendar, hours: int) -> Callable[[], list[datetime]]:
    add, duration = calendar.add, timedelta(hours=hours)
    return lambda: [add(s, duration) for s in STARTS]


@pytest.mark.benchmark(group="add, 1,000 per round")
def test_add_4h_x1000(benchmark: Any, calendar: BusinessCalendar) -> None:
    """+4 h from 1,000 random starts in 2024–2027, aware datetimes in and out."""
    run = _batch_add(calendar, 4)
    run()
    assert len(benchmark(run)) == BATCH


@pytest.mark.benchmark(group="add, 1,000 per round")
def test_add_2000h_x1000(benchmark: Any, calendar: BusinessCalendar) -> None:
    """+2000 h (about a year of business time) from the same 1,000 starts."""
    run = _batch_add(calendar, 2000)
    run()
    assert len(benchmark(run)) == BATCH


@pytest.mark.benchmark(group="elapsed, 1,000 per round")
def test_elapsed_x1000(benchmark: Any, calendar: BusinessCalendar) -> None:
    """Business time between 1,000 random pairs up to 30 days apart."""
    elapsed = calendar.elapsed

    def run() -> list[timedelta]:
        return [elapsed(a, b) for a, b in PAIRS]

    run()
    assert len(benchmark(run)) == BATCH
