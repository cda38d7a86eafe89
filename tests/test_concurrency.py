"""Sharing is safe: threads that make the first queries on fresh calendars and fresh policy
sets get the answers a single thread gets (issue #11, item 14).

Each round builds new values, so their tables are empty when the threads start; the threads
wait at a barrier and then ask about years far apart, so the engine's window grows in both
directions at once. The interpreter switches threads every microsecond meanwhile.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial
from typing import Any, TypeVar

from slaclock import BusinessCalendar, PolicySet, TicketEvent, evaluate

THREADS = 8
ROUNDS = 2
T = TypeVar("T")

OFFICE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
    "holidays": {"country": "DE", "language": "en_US"},
    "closures": [{"rrule": "FREQ=MONTHLY;BYDAY=1FR", "from": "12:00", "reason": "team day"}],
}
NIGHT: dict[str, Any] = {"timezone": "America/New_York", "hours": {"mon-fri": ["22:00-06:00"]}}
YEARS = [2026, 2029, 2034, 2040]


@contextmanager
def switching_often() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def in_threads(jobs: list[Callable[[], T]]) -> list[T]:
    """Run the jobs in `THREADS` threads that start together; the results in job order."""
    results: dict[int, T] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def worker(mine: list[int]) -> None:
        barrier.wait()
        for i in mine:
            try:
                results[i] = jobs[i]()
            except BaseException as exc:  # reported below, with every other thread's
                errors.append(exc)

    order = list(range(len(jobs)))
    random.Random(len(jobs)).shuffle(order)
    threads = [threading.Thread(target=worker, args=(order[k::THREADS],)) for k in range(THREADS)]
    with switching_often():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors, f"{len(errors)} errors in threads, the first: {errors[0]!r}"
    return [results[i] for i in range(len(jobs))]


def open_intervals(cal: BusinessCalendar, start: datetime, end: datetime) -> object:
    return list(cal.open_intervals(start, end))


def as_json(policies: PolicySet, events: list[TicketEvent], now: datetime) -> str:
    return evaluate(policies, events, now).to_json()


def calendar_queries(cal: BusinessCalendar) -> list[Callable[[], object]]:
    queries: list[Callable[[], object]] = []
    for year in YEARS:
        start = datetime.fromisoformat(f"{year}-03-27T16:00+01:00")
        end = datetime.fromisoformat(f"{year}-11-02T10:00+01:00")
        queries += [
            partial(cal.add, start, timedelta(hours=30)),
            partial(cal.subtract, start, timedelta(hours=30)),
            partial(cal.elapsed, start, end),
            partial(cal.next_close, start),
            partial(cal.add_business_days, start, 3),
            partial(open_intervals, cal, start, start + timedelta(days=4)),
        ]
    return queries


def fresh_calendars() -> list[BusinessCalendar]:
    office = BusinessCalendar.from_config(OFFICE)
    return [office, BusinessCalendar.from_config(NIGHT) | BusinessCalendar.from_config(OFFICE)]


class TestCalendarsShared:
    def test_first_queries_from_many_threads_match_one_thread(self) -> None:
        expected = [q() for cal in fresh_calendars() for q in calendar_queries(cal)]

        for _ in range(ROUNDS):
            jobs = [q for cal in fresh_calendars() for q in calendar_queries(cal)]
            actual = in_threads(jobs)

            assert expected == actual


def fresh_policies() -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE, "night": NIGHT},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["waiting_on_customer"],
                    "targets": {
                        "P1": {"first_response": "15m", "resolution": "4h", "calendar": "night"},
                        "P2": {"first_response": "1h", "resolution": "2 business days"},
                    },
                }
            ],
        }
    )


def tickets() -> list[tuple[list[TicketEvent], datetime]]:
    out = []
    for year in YEARS:
        for priority in ("P1", "P2"):
            created = datetime.fromisoformat(f"{year}-12-23T16:30+01:00")
            events = [
                TicketEvent.created(created, priority),
                TicketEvent.status_changed(created + timedelta(hours=2), "waiting_on_customer"),
                TicketEvent.customer_replied(created + timedelta(days=2)),
                TicketEvent.agent_replied(created + timedelta(days=3)),
            ]
            out.append((events, created + timedelta(days=9)))
    return out


class TestPolicySetShared:
    def test_evaluations_from_many_threads_match_one_thread(self) -> None:
        policies = fresh_policies()
        expected = [evaluate(policies, events, now).to_json() for events, now in tickets()]

        for _ in range(ROUNDS):
            policies = fresh_policies()
            jobs: list[Callable[[], str]] = [
                partial(as_json, policies, events, now) for events, now in tickets()
            ]
            actual = in_threads(jobs)

            assert expected == actual
