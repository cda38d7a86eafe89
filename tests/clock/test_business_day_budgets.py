"""Worked examples of resolution targets in business days, each computed by hand in the
comments: the same local time (the default ``day_means``), the close of the business day, and
a target that waits (``after``) before its days count.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00, so each business day has 8h of open time. Monday 23 November 2026 is an ordinary
Monday; Saturday 21 November the weekend before it.

A budget in business days becomes, at the cycle's start, the open time from the start to the
day's deadline; the clock then counts that open time like any other budget. So the deadline
shown is the earliest instant at which that open time is used up: for "1 business day" from
Tuesday 09:00 the budget is 8h, used up at Tuesday 17:00 (not Wednesday 09:00, the same open
time later).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
SAT, MON, TUE, WED = "2026-11-21", "2026-11-23", "2026-11-24", "2026-11-25"


def berlin(day: str, hhmm: str) -> str:
    return f"{day}T{hhmm}:00+01:00"


def support(resolution: Any, **options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": {"*": {"resolution": resolution}},
                    **options,
                }
            ],
        }
    )


def run(events: Sequence[TicketEvent], now: str, resolution: Any, **options: Any) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    policies = support(resolution, **options)
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


class TestSameTime:
    @pytest.mark.parametrize(
        ("created", "budget", "now", "due", "open_time", "elapsed", "remaining"),
        [
            # Monday 10:00 + 2 business days = Wednesday 10:00: Monday 10-17 (7h), Tuesday
            # (8h), Wednesday 09-10 (1h) = 16h. At Tuesday 12:00: 7h + 3h = 10h counted.
            pytest.param(
                berlin(MON, "10:00"),
                "2 business days",
                berlin(TUE, "12:00"),
                berlin(WED, "10:00"),
                16,
                10,
                6,
                id="inside-hours",
            ),
            # Monday 20:00 counts from Tuesday 09:00; one business day later is Wednesday
            # 09:00: 8h, used up at Tuesday 17:00. At Tuesday 12:00: 3h counted.
            pytest.param(
                berlin(MON, "20:00"),
                "1 business day",
                berlin(TUE, "12:00"),
                berlin(TUE, "17:00"),
                8,
                3,
                5,
                id="after-hours",
            ),
            # Saturday 11:00 counts from Monday 09:00: to Tuesday 09:00 is 8h, used up at
            # Monday 17:00. At Monday 12:00: 3h counted.
            pytest.param(
                berlin(SAT, "11:00"),
                "1 business day",
                berlin(MON, "12:00"),
                berlin(MON, "17:00"),
                8,
                3,
                5,
                id="weekend",
            ),
        ],
    )
    def test_the_same_local_time_later(
        self,
        created: str,
        budget: str,
        now: str,
        due: str,
        open_time: float,
        elapsed: float,
        remaining: float,
    ) -> None:
        resolution = run([E.created(t(created), "P2")], now, budget).metric("resolution")

        assert ("running", due, hours(open_time), hours(elapsed), hours(remaining)) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.cycles[0].budget,
            resolution.elapsed,
            resolution.remaining,
        )


class TestAtClose:
    @pytest.mark.parametrize(
        ("created", "budget", "now", "due", "open_time", "elapsed"),
        [
            # Monday 10:00: the close of the next business day, Tuesday 17:00, is Monday
            # 10-17 (7h) + Tuesday (8h) = 15h away. At Tuesday 12:00: 7h + 3h = 10h counted.
            pytest.param(
                berlin(MON, "10:00"),
                "1 business day at close",
                berlin(TUE, "12:00"),
                berlin(TUE, "17:00"),
                15,
                10,
                id="inside-hours",
            ),
            # Monday 20:00 falls in Tuesday's business day (the next opening's): the close of
            # the day after it is Wednesday 17:00, 16h away. At Tuesday 12:00: 3h counted.
            pytest.param(
                berlin(MON, "20:00"),
                "1 business day at close",
                berlin(TUE, "12:00"),
                berlin(WED, "17:00"),
                16,
                3,
                id="after-hours",
            ),
            # "The close of today": Monday 10:00 -> Monday 17:00, 7h.
            pytest.param(
                berlin(MON, "10:00"),
                "0 business days at close",
                berlin(MON, "12:00"),
                berlin(MON, "17:00"),
                7,
                2,
                id="today",
            ),
            # Created after today's close: the close of the next business day, Tuesday
            # 17:00, 8h.
            pytest.param(
                berlin(MON, "20:00"),
                "0 business days at close",
                berlin(TUE, "12:00"),
                berlin(TUE, "17:00"),
                8,
                3,
                id="today-after-hours",
            ),
        ],
    )
    def test_the_close_of_the_business_day(
        self, created: str, budget: str, now: str, due: str, open_time: float, elapsed: float
    ) -> None:
        resolution = run([E.created(t(created), "P2")], now, budget).metric("resolution")

        assert ("running", due, hours(open_time), hours(elapsed)) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.cycles[0].budget,
            resolution.elapsed,
        )

    def test_it_breaches_at_the_close(self) -> None:
        # Monday 10:00, 1 business day at close: due Tuesday 17:00 (15h). At Wednesday
        # 10:00, 16h have counted: breached from Tuesday 17:00, one hour over.
        events = [E.created(t(berlin(MON, "10:00")), "P2")]

        resolution = run(events, berlin(WED, "10:00"), "1 business day at close").metric(
            "resolution"
        )

        assert ("breached", berlin(TUE, "17:00"), hours(16), hours(-1)) == (
            resolution.state,
            iso(resolution.breached_at),
            resolution.elapsed,
            resolution.remaining,
        )

    @pytest.mark.parametrize(
        ("budget", "state", "due", "open_time"),
        [
            # day_means: close gives a bare "1 business day" its meaning: Tuesday 17:00, 15h.
            pytest.param("1 business day", "running", berlin(TUE, "17:00"), 15, id="close"),
            # An inline "same time" wins: Tuesday 10:00, 8h; at Tuesday 12:00, 10h have
            # counted, breached from 10:00.
            pytest.param(
                "1 business day same time", "breached", berlin(TUE, "10:00"), 8, id="same-time"
            ),
        ],
    )
    def test_the_policy_meaning_and_an_inline_one(
        self, budget: str, state: str, due: str, open_time: float
    ) -> None:
        events = [E.created(t(berlin(MON, "10:00")), "P2")]

        resolution = run(events, berlin(TUE, "12:00"), budget, day_means="close").metric(
            "resolution"
        )

        assert (state, due, hours(open_time)) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.cycles[0].budget,
        )


class TestAfterAWait:
    # Created Monday 15:00 with `after: 4h`: the wait is Monday 15-17 (2h) and Tuesday
    # 09-11 (2h), so the days count from Tuesday 11:00. At Tuesday 12:00 one hour has counted.
    EVENTS = (E.created(t(berlin(MON, "15:00")), "P2"),)

    def test_the_close_is_that_of_the_day_after_the_wait_ends(self) -> None:
        # 1 business day at close from Tuesday 11:00: Wednesday 17:00, Tuesday 11-17 (6h) +
        # Wednesday (8h) = 14h. (Counted from the creation, the close would be Tuesday's.)
        resolution = run(
            self.EVENTS,
            berlin(TUE, "12:00"),
            {"within": "1 business day at close", "after": "4h"},
        ).metric("resolution")

        assert ("running", berlin(WED, "17:00"), hours(14), hours(1), hours(13)) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.cycles[0].budget,
            resolution.elapsed,
            resolution.remaining,
        )

    def test_the_same_time_is_that_of_the_end_of_the_wait(self) -> None:
        # 1 business day from Tuesday 11:00: Wednesday 11:00, 8h.
        resolution = run(
            self.EVENTS, berlin(TUE, "12:00"), {"within": "1 business day", "after": "4h"}
        ).metric("resolution")

        assert ("running", berlin(WED, "11:00"), hours(8), hours(1), hours(7)) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.cycles[0].budget,
            resolution.elapsed,
            resolution.remaining,
        )
