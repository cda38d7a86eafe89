"""The measure at its exact edges: a budget that runs out one microsecond after a run
starts, a deadline projected exactly at a closing, a frozen deadline that stood before the
hold, the sums an incremental clock remembers from one status to the next, and a wall hold
from the start under ``breach_at: at_due`` (breached once the deadline it shows is reached).

Each test kills mutants of ``Measure.__init__`` that survived a mutation run
(docs/testing/mutation.md). Expected values are worked out by hand in the comments. The
calendar ``office`` is open Monday to Friday 09:00-17:00 in Europe/Berlin; Monday 2026-11-23
is an ordinary week in CET (+01:00). ``pending`` pauses every target.

A budget of ``0 business days at close`` is the open time left until the close of the
current business day: created at 16:59:59.999999, that is one microsecond.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from office_desk import MON, OFFICE, TUE, berlin, desk

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import MetricStatus, SlaClock

E = TicketEvent
LAST_MICROSECOND = "16:59:59.999999"  # one microsecond of Monday's open time left


def policies(targets: dict[str, Any], **options: Any) -> PolicySet:
    """`desk` with `targets` for every priority."""
    return desk({"*": targets}, **options)


def resolution(
    found: PolicySet, events: Sequence[TicketEvent], now: datetime
) -> tuple[str, datetime | None, datetime | None]:
    """The resolution's state, deadline and breach at `now`."""
    m = evaluate(found, events, now).metric("resolution")
    return m.state, m.due_at, m.breached_at


class TestOneMicrosecondLeft:
    def test_a_finished_run_that_uses_up_the_budget_is_due_one_microsecond_after_it_began(
        self,
    ) -> None:
        # Budget 1 µs from 16:59:59.999999; the run until 18:00 uses it by 17:00 (the
        # 1 µs after its start). Open again Tuesday 09:30: used 30m + 1 µs > 1 µs.
        found = policies({"resolution": "0 business days at close"})
        events = [
            E.created(berlin(MON, LAST_MICROSECOND), "P2"),
            E.status_changed(berlin(MON, "18:00"), "pending"),
            E.status_changed(berlin(TUE, "09:30"), "open"),
        ]

        assert ("breached", berlin(MON, "17:00"), berlin(MON, "17:00")) == resolution(
            found, events, berlin(TUE, "10:00")
        )

    def test_the_open_run_that_uses_up_the_budget_is_due_one_microsecond_after_it_began(
        self,
    ) -> None:
        # The only run, 16:59:59.999999 to now (18:00), uses 1 µs: the budget, not more.
        found = policies({"resolution": "0 business days at close"})
        events = [E.created(berlin(MON, LAST_MICROSECOND), "P2")]

        assert ("running", berlin(MON, "17:00"), None) == resolution(
            found, events, berlin(MON, "18:00")
        )

    def test_one_microsecond_left_at_now_is_due_one_microsecond_later(self) -> None:
        # Nothing used yet at the creation itself: due 16:59:59.999999 + 1 µs = 17:00.
        found = policies({"resolution": "0 business days at close"})
        created = berlin(MON, LAST_MICROSECOND)

        assert ("running", berlin(MON, "17:00"), None) == resolution(
            found, [E.created(created, "P2")], created
        )

    def test_a_budget_of_one_microsecond_breaches_at_due_under_at_due(self) -> None:
        # At 17:00 the 1 µs is used exactly; breach_at at_due: breached at 17:00 itself.
        found = policies({"resolution": "0 business days at close"}, breach_at="at_due")
        events = [E.created(berlin(MON, LAST_MICROSECOND), "P2")]

        assert ("breached", berlin(MON, "17:00"), berlin(MON, "17:00")) == resolution(
            found, events, berlin(MON, "17:00")
        )

    def test_wall_accounting_one_microsecond_left_after_the_last_move(self) -> None:
        # 1h, wall accounting. 09:00-09:30 runs (30m). Pending 09:30-10:00 moves the
        # deadline from 10:00 to 10:30: allowance 30m + 30m (10:00-10:30) = 1h.
        # 10:00-10:29:59.999999 runs (used 1h - 1 µs). Pending until 11:00 moves the
        # deadline from 10:30 (1 µs left) to 11:00:00.000001: allowance 1h - 1 µs + 1 µs.
        # The run from 11:00 uses that 1 µs: due and breached at 11:00:00.000001.
        found = policies({"resolution": "1h"}, pause_accounting="wall")
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "09:30"), "pending"),
            E.status_changed(berlin(MON, "10:00"), "open"),
            E.status_changed(berlin(MON, "10:29:59.999999"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
        ]
        due = berlin(MON, "11:00:00.000001")

        assert ("breached", due, due) == resolution(found, events, berlin(MON, "12:00"))


class TestLaterRunAfterEarlierRuns:
    def test_a_later_finished_run_counts_only_the_time_left(self) -> None:
        # 2h. 09:00-10:00 runs (1h), pending 10:00-11:00, runs 11:00-13:00: the 1h left
        # runs out at 12:00. Pending from 13:00; at 14:00: used 3h, breached at 12:00.
        found = policies({"resolution": "2h"})
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
            E.status_changed(berlin(MON, "13:00"), "pending"),
        ]

        assert ("breached", berlin(MON, "12:00"), berlin(MON, "12:00")) == resolution(
            found, events, berlin(MON, "14:00")
        )


class TestShownWhilePaused:
    def test_a_projected_deadline_exactly_at_a_closing_moves_to_the_next_opening(
        self,
    ) -> None:
        # 4h from 13:00; pending at 14:00 with 3h left: projected at now (14:00) + 3h =
        # 17:00, a closing; due_on_close next_open: Tuesday 09:00.
        found = policies({"resolution": "4h"}, paused_due="projected", due_on_close="next_open")
        events = [
            E.created(berlin(MON, "13:00"), "P2"),
            E.status_changed(berlin(MON, "14:00"), "pending"),
        ]

        assert ("paused", berlin(TUE, "09:00"), None) == resolution(
            found, events, berlin(MON, "14:00")
        )

    def test_a_budget_used_up_exactly_keeps_where_it_ran_out(self) -> None:
        # 1h from 16:00: used up at 17:00 by the run until 18:00. A run Tuesday
        # 18:00-18:30 adds no open time: used 1h, exactly the budget, so paused, frozen at
        # 17:00 Monday (not at the close before the last run's end, Tuesday 17:00).
        found = policies({"resolution": "1h"}, paused_due="frozen")
        events = [
            E.created(berlin(MON, "16:00"), "P2"),
            E.status_changed(berlin(MON, "18:00"), "pending"),
            E.status_changed(berlin(TUE, "18:00"), "open"),
            E.status_changed(berlin(TUE, "18:30"), "pending"),
        ]

        assert ("paused", berlin(MON, "17:00"), None) == resolution(
            found, events, berlin(TUE, "19:00")
        )


def statuses(
    found: PolicySet, events: Sequence[TicketEvent], split: int, first: datetime, then: datetime
) -> tuple[MetricStatus, MetricStatus]:
    """The resolution from one clock asked at `first` (after `events[:split]`) and again at
    `then` (after all of them), the second checked against a fresh evaluation."""
    clock = SlaClock(found)
    for event in events[:split]:
        clock.apply(event)
    earlier = clock.status(first).metric("resolution")
    for event in events[split:]:
        clock.apply(event)
    later = clock.status(then)

    assert evaluate(found, events, then).to_dict() == later.to_dict()
    return earlier, later.metric("resolution")


class TestRememberedSums:
    def test_a_new_target_does_not_reuse_the_old_targets_sum(self) -> None:
        # P1 1h, P2 4h. Created 09:00 as P1, pending at 10:00: P1's hour used exactly,
        # due 10:00, not breached; the status at 10:15 sums that run under P1. P2 at
        # 10:30, open at 11:00: at 12:00 P2 has used 2h, 2h left: due 14:00.
        found = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE},
                "policies": [
                    {
                        "name": "desk",
                        "calendar": "office",
                        "pause_on": ["pending"],
                        "targets": {"P1": {"resolution": "1h"}, "P2": {"resolution": "4h"}},
                    }
                ],
            }
        )
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.priority_changed(berlin(MON, "10:30"), "P2"),
            E.status_changed(berlin(MON, "11:00"), "open"),
        ]
        earlier, later = statuses(found, events, 2, berlin(MON, "10:15"), berlin(MON, "12:00"))

        assert ("paused", "running", berlin(MON, "14:00")) == (
            earlier.state,
            later.state,
            later.due_at,
        )

    def test_wall_accounting_recomputes_after_a_hold_from_the_start(self) -> None:
        # 1h, wall accounting, pending from the creation at Monday 16:00. At 18:00 the
        # hold has moved the deadline from 17:00 to 19:00, in closed time: nothing left.
        # Open Tuesday 10:00: the hold 16:00-10:00 (18h) moves 17:00 to Tuesday 11:00,
        # so 1h of open time from 10:00; at 10:30, 30m used: due 11:00, running.
        found = policies({"resolution": "1h"}, pause_accounting="wall")
        events = [
            E.created(berlin(MON, "16:00"), "P2"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(TUE, "10:00"), "open"),
        ]
        _, later = statuses(found, events, 2, berlin(MON, "18:00"), berlin(TUE, "10:30"))

        assert ("running", berlin(TUE, "11:00")) == (later.state, later.due_at)


def wall_hold_from_the_start(
    now: datetime, breach_at: str = "at_due", *, ended: bool = True
) -> tuple[str, datetime | None, datetime | None]:
    """1h under wall accounting, created Monday 16:00 and pending from then until 19:00
    (`ended`) or still: the resolution's state, deadline and breach at `now`."""
    found = policies({"resolution": "1h"}, pause_accounting="wall", breach_at=breach_at)
    events = [
        E.created(berlin(MON, "16:00"), "P2"),
        E.status_changed(berlin(MON, "16:00"), "pending"),
    ]
    if ended:
        events.append(E.status_changed(berlin(MON, "19:00"), "open"))
    return resolution(found, events, now)


class TestWallHoldFromTheStartUnderAtDue:
    def test_due_as_the_hold_ended_breaches_once_it_is_reached(self) -> None:
        # 1h, wall, at_due. Pending from the creation at 16:00 until 19:00: the deadline
        # 17:00 moves by 3h to 20:00, closed time, so none is left: due at 19:00, as the
        # hold ended. At 19:30 the clock counts again and 19:00 has passed: breached at
        # 19:00, as it is with 30m used before the same hold (the last test).
        assert ("breached", berlin(MON, "19:00"), berlin(MON, "19:00")) == (
            wall_hold_from_the_start(berlin(MON, "19:30"))
        )

    def test_still_held_it_is_paused_without_a_deadline(self) -> None:
        # The same hold, not ended at 19:30: the deadline is when the hold ends, not yet.
        assert ("paused", None, None) == wall_hold_from_the_start(berlin(MON, "19:30"), ended=False)

    def test_at_the_instant_the_hold_ends_it_is_breached(self) -> None:
        # At 19:00 itself: at_due counts the deadline instant as breached.
        assert ("breached", berlin(MON, "19:00"), berlin(MON, "19:00")) == (
            wall_hold_from_the_start(berlin(MON, "19:00"))
        )

    def test_after_due_waits_for_business_time_past_the_budget(self) -> None:
        # The same ticket under after_due: nothing is used past the allowance of 0 until
        # Tuesday opens, so at 19:30 it runs, due 19:00; breached once time is counted.
        assert ("running", berlin(MON, "19:00"), None) == wall_hold_from_the_start(
            berlin(MON, "19:30"), "after_due"
        )
        assert ("breached", berlin(MON, "19:00"), berlin(MON, "19:00")) == (
            wall_hold_from_the_start(berlin(TUE, "09:01"), "after_due")
        )

    def test_with_time_used_before_the_hold_it_breaches_as_the_hold_ended(self) -> None:
        # 1h from 15:30; pending 16:00-19:00 with 30m left: 16:30 moves by 3h to 19:30,
        # closed, so the allowance is the 30m used: due 19:00; at 19:30 breached at 19:00.
        found = policies({"resolution": "1h"}, pause_accounting="wall", breach_at="at_due")
        events = [
            E.created(berlin(MON, "15:30"), "P2"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "19:00"), "open"),
        ]

        assert ("breached", berlin(MON, "19:00"), berlin(MON, "19:00")) == resolution(
            found, events, berlin(MON, "19:30")
        )
