"""Worked examples of a target that waits before its budget counts (``after``): Request
Tracker's level ``{ BusinessMinutes => 0, RealMinutes => 480 }``, "wait for the first
business minute, then 8 real hours", computed by hand in the comments.

The office is open Monday to Friday 09:00-17:00 UTC; ``always`` is 24x7. March 2026: Monday 2,
Friday 6, Saturday 7, Monday 9.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicyError, PolicySet, TicketEvent, evaluate
from slaclock.budgets import BusinessTime
from slaclock.calendar import BusinessCalendar
from slaclock.clock import SlaClock, TicketStatus
from slaclock.policy.model import Target

E = TicketEvent
t = datetime.fromisoformat
CALENDARS = {
    "office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}},
    "always": "24x7",
}
DELIVERY = {"within": "8h", "calendar": "always", "after": "0m"}


def policies(targets: dict[str, Any], **options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": CALENDARS,
            "policies": [
                {
                    "name": "delivery",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": targets,
                    **options,
                }
            ],
        }
    )


def run(
    events: Sequence[TicketEvent], now: str, resolution: Any = DELIVERY, **options: Any
) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    found = policies({"*": {"resolution": resolution}}, **options)
    status = evaluate(found, events, t(now))
    clock = SlaClock(found)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def due(status: TicketStatus, metric: str = "resolution") -> str | None:
    value = status.metric(metric).due_at
    return None if value is None else value.strftime("%a %d %H:%M")


class TestWaitForTheFirstBusinessMinute:
    @pytest.mark.parametrize(
        ("created", "expected"),
        [
            # Inside business hours the wait is over at once: 10:00 + 8 real hours.
            pytest.param("2026-03-03T10:00+00:00", "Tue 03 18:00", id="inside-hours"),
            # Friday evening: wait for Monday 09:00, then 8 real hours.
            pytest.param("2026-03-06T20:00+00:00", "Mon 09 17:00", id="friday-evening"),
            # Saturday: the same Monday opening.
            pytest.param("2026-03-07T10:00+00:00", "Mon 09 17:00", id="saturday"),
            # Exactly at the close: closed, so Monday's opening.
            pytest.param("2026-03-06T17:00+00:00", "Mon 09 17:00", id="at-the-close"),
        ],
    )
    def test_rt_delivery_level(self, created: str, expected: str) -> None:
        status = run([E.created(t(created), "P2")], created)

        assert due(status) == expected

    def test_without_the_wait_the_budget_counts_from_creation(self) -> None:
        # RT's "fast delivery": Friday 20:00 + 8 real hours = Saturday 04:00.
        within = {"within": "8h", "calendar": "always"}
        status = run(
            [E.created(t("2026-03-06T20:00+00:00"), "P2")], "2026-03-06T20:00+00:00", within
        )

        assert due(status) == "Sat 07 04:00"

    def test_counted_and_remaining_time_are_real_time_after_the_wait(self) -> None:
        # Created Saturday 10:00; at Monday 10:00 one real hour has counted (from 09:00).
        status = run([E.created(t("2026-03-07T10:00+00:00"), "P2")], "2026-03-09T10:00+00:00")
        m = status.metric("resolution")

        assert (m.state, m.elapsed, m.remaining) == (
            "running",
            timedelta(hours=1),
            timedelta(hours=7),
        )
        assert m.started_at == t("2026-03-07T10:00+00:00")

    def test_breached_after_the_eight_real_hours(self) -> None:
        status = run([E.created(t("2026-03-07T10:00+00:00"), "P2")], "2026-03-09T17:01+00:00")

        assert status.metric("resolution").breached_at == t("2026-03-09T17:00+00:00")

    def test_the_ledger_shows_the_wait(self) -> None:
        status = run([E.created(t("2026-03-07T10:00+00:00"), "P2")], "2026-03-09T10:00+00:00")
        rows = [
            (r.kind, r.start.strftime("%a %H:%M"), r.business_seconds)
            for r in status.metric("resolution").ledger
        ]

        assert rows == [
            ("event", "Sat 10:00", 0.0),
            ("closed", "Sat 10:00", 0.0),
            ("counted", "Mon 09:00", 3600.0),
        ]
        assert "waiting" in status.metric("resolution").ledger[1].reason


class TestAWaitOfBusinessTime:
    @pytest.mark.parametrize(
        ("after", "created", "expected"),
        [
            # 30 minutes Friday, 30 minutes Monday: the wait ends Monday 09:30; + 8h = 17:30.
            pytest.param("1h", "2026-03-06T16:30+00:00", "Mon 09 17:30", id="across-a-weekend"),
            # The wait ends at Friday's close: counting starts at the next opening.
            pytest.param("30m", "2026-03-06T16:30+00:00", "Mon 09 17:00", id="ends-at-the-close"),
            # Inside hours: 10:00 + 15m = 10:15, + 8h = 18:15.
            pytest.param("15m", "2026-03-03T10:00+00:00", "Tue 03 18:15", id="inside-hours"),
        ],
    )
    def test_wait_then_real_time(self, after: str, created: str, expected: str) -> None:
        resolution = {**DELIVERY, "after": after}
        status = run([E.created(t(created), "P2")], created, resolution)

        assert due(status) == expected

    @pytest.mark.parametrize(
        ("after", "expected"),
        [
            # Without a wait: one day of the 24x7 calendar from Friday 16:00.
            pytest.param(None, "Sat 07 16:00", id="no-wait"),
            # 1 business hour Friday, 1 on Monday: the day is counted from Monday 10:00.
            pytest.param("2h", "Tue 10 10:00", id="after-2h"),
        ],
    )
    def test_business_days_count_from_the_end_of_the_wait(
        self, after: str | None, expected: str
    ) -> None:
        resolution = {"within": "1 business day", "calendar": "always"}
        if after is not None:
            resolution["after"] = after
        status = run(
            [E.created(t("2026-03-06T16:00+00:00"), "P2")], "2026-03-06T16:00+00:00", resolution
        )

        assert due(status) == expected

    def test_a_wait_on_another_named_calendar(self) -> None:
        # The wait on `always` (24x7): 2 hours from Saturday 10:00 = 12:00; then the budget
        # counts on the office calendar: 4 business hours from Monday 09:00 = 13:00.
        resolution = {"within": "4h", "after": "2h", "after_calendar": "always"}
        status = run(
            [E.created(t("2026-03-07T10:00+00:00"), "P2")], "2026-03-07T10:00+00:00", resolution
        )

        assert due(status) == "Mon 09 13:00"


class TestPausesRetargetsReopens:
    def test_a_pause_during_the_wait_holds_nothing(self) -> None:
        # Pending Saturday 12:00 to Monday 08:00: nothing counts then, the deadline stays.
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.status_changed(t("2026-03-07T12:00+00:00"), "pending"),
            E.status_changed(t("2026-03-09T08:00+00:00"), "open"),
        ]
        status = run(events, "2026-03-09T10:00+00:00")

        assert due(status) == "Mon 09 17:00"
        assert status.metric("resolution").paused == timedelta(0)

    def test_a_pause_after_the_wait_moves_the_deadline(self) -> None:
        # Pending Monday 10:00-11:00: one real hour held, due 18:00.
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.status_changed(t("2026-03-09T10:00+00:00"), "pending"),
            E.status_changed(t("2026-03-09T11:00+00:00"), "open"),
        ]
        status = run(events, "2026-03-09T12:00+00:00")

        assert due(status) == "Mon 09 18:00"
        assert status.metric("resolution").paused == timedelta(hours=1)

    def test_a_pause_at_the_end_of_the_wait_holds_from_there(self) -> None:
        # Pending from Saturday to Monday 10:00: the count starts when the pause ends.
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.status_changed(t("2026-03-07T11:00+00:00"), "pending"),
            E.status_changed(t("2026-03-09T10:00+00:00"), "open"),
        ]
        status = run(events, "2026-03-09T10:00+00:00")

        assert due(status) == "Mon 09 18:00"

    def test_hold_added_adds_only_the_holds_after_the_wait(self) -> None:
        # ERPNext's hold time over a waiting target: the deadline as if never held (Mon
        # 17:00), moved by the wall-clock length of each hold that began before it. A hold in
        # the wait is a hold too (2h Saturday), as is Monday 10:00-11:00: due 20:00.
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.status_changed(t("2026-03-07T12:00+00:00"), "pending"),
            E.status_changed(t("2026-03-07T14:00+00:00"), "open"),
            E.status_changed(t("2026-03-09T10:00+00:00"), "pending"),
            E.status_changed(t("2026-03-09T11:00+00:00"), "open"),
        ]
        status = run(events, "2026-03-09T12:00+00:00", pause_accounting="hold_added")

        assert due(status) == "Mon 09 20:00"

    def test_a_priority_change_retargets_from_the_original_start(self) -> None:
        # P2 waits then counts 8 real hours; P1 has 4 business hours. Created Saturday 10:00,
        # raised to P1 on Monday 10:00: 4 business hours from the creation = Mon 13:00.
        found = policies({"P1": {"resolution": "4h"}, "P2": {"resolution": DELIVERY}})
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.priority_changed(t("2026-03-09T10:00+00:00"), "P1"),
        ]
        status = evaluate(found, events, t("2026-03-09T10:30+00:00"))

        assert due(status) == "Mon 09 13:00"

    def test_a_new_cycle_after_a_reopen_waits_again(self) -> None:
        # Resolved Monday 10:00, reopened Friday 18:00 (reopen: new_cycle): the second cycle
        # waits for Monday 16 March 09:00, then 8 real hours.
        events = [
            E.created(t("2026-03-07T10:00+00:00"), "P2"),
            E.resolved(t("2026-03-09T10:00+00:00")),
            E.reopened(t("2026-03-13T18:00+00:00")),
        ]
        status = run(events, "2026-03-13T18:00+00:00", reopen="new_cycle")
        cycles = status.metric("resolution").cycles

        assert [c.state for c in cycles] == ["met", "running"]
        assert cycles[1].due_at == t("2026-03-16T17:00+00:00")

    def test_next_responses_each_wait_from_their_message(self) -> None:
        # A customer message on Saturday 12:00 waits for Monday 09:00; + 1 real hour.
        found = policies(
            {"*": {"next_response": {"within": "1h", "calendar": "always", "after": "0m"}}}
        )
        events = [
            E.created(t("2026-03-06T10:00+00:00"), "P2"),
            E.customer_replied(t("2026-03-07T12:00+00:00")),
        ]
        status = evaluate(found, events, t("2026-03-07T12:00+00:00"))

        assert due(status, "next_response") == "Mon 09 10:00"

    def test_reported_start_first_open_is_when_the_target_counts(self) -> None:
        # RT's Starts: the first business minute (Monday 09:00).
        status = run(
            [E.created(t("2026-03-07T10:00+00:00"), "P2")],
            "2026-03-07T10:00+00:00",
            reported_start="first_open",
        )

        assert status.metric("resolution").started_at == t("2026-03-09T09:00+00:00")


class TestWrittenAndRead:
    def test_round_trip(self) -> None:
        written = policies({"*": {"resolution": {**DELIVERY, "after": "15m"}}}).to_dict()

        assert written["policies"][0]["targets"] == {
            "*": {"resolution": {"within": "8h", "calendar": "always", "after": "15m"}}
        }
        assert PolicySet.from_dict(written).to_dict() == written

    def test_the_wait_calendar_is_written_when_it_is_not_the_policys(self) -> None:
        value = {"within": "4h", "after": "0m", "after_calendar": "always"}
        written = policies({"*": {"resolution": value}}).to_dict()

        assert written["policies"][0]["targets"]["*"]["resolution"] == {
            "within": "4h",
            "after": "0s",
            "after_calendar": "always",
        }

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            pytest.param({**DELIVERY, "after": "-5m"}, "must be positive", id="negative"),
            pytest.param({**DELIVERY, "after": "2 business days"}, "not days", id="days"),
            pytest.param({**DELIVERY, "after_calendar": "nowhere"}, "nowhere", id="unknown"),
            pytest.param(
                {"within": "8h", "after_calendar": "always"}, "without after", id="no-after"
            ),
        ],
    )
    def test_bad_waits_are_refused_with_the_path(self, value: Any, message: str) -> None:
        with pytest.raises(PolicyError) as caught:
            policies({"P1": {"resolution": value}})

        assert message in str(caught.value)
        assert "targets.P1.resolution" in str(caught.value)

    def test_python_needs_the_wait_calendar(self) -> None:
        with pytest.raises(PolicyError, match="needs the calendar it waits on"):
            Target(
                "resolution",
                BusinessTime(timedelta(hours=8)),
                BusinessCalendar.always(),
                "always",
                after=timedelta(0),
            )


class TestSuggestedTargets:
    def test_a_suggestion_keeps_the_wait(self) -> None:
        from fractions import Fraction

        from slaclock.report.suggest import suggest

        found = policies({"*": {"resolution": DELIVERY}})
        # Five tickets created Saturday, resolved Monday 10:00: one real hour each (the
        # suggestion is written in a P2 row, the priority the tickets were measured at).
        tickets = [
            (
                f"T{i}",
                [
                    E.created(t("2026-03-07T10:00+00:00"), "P2"),
                    E.resolved(t("2026-03-09T10:00+00:00")),
                ],
            )
            for i in range(5)
        ]
        result = suggest(found, tickets, t("2026-03-10T00:00+00:00"), Fraction(1), min_sample=1)
        (target,) = (p.targets["P2"]["resolution"] for p in result.applied().policies)

        assert (target.budget, target.after) == (BusinessTime(timedelta(hours=1)), timedelta(0))
        assert "resolution: {within: 1h, calendar: always, after: 0s}" in result.snippet()
