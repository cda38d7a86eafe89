"""Sticky breach under retarget, at its edges: the earlier target's counted time summed over
several runs and checkpoints, exactly at the earlier budget, while paused, in business days,
under wall accounting, and from a priority without targets.

Each test kills mutants that survived a mutation run (docs/testing/mutation.md). Expected
values are worked out by hand in the comments. The calendar ``office`` is open Monday to
Friday 09:00-17:00 in Europe/Berlin; Monday 2026-11-23 is an ordinary week in CET (+01:00).
The default priority change is ``retarget`` and breach is sticky: a cycle that had breached
the target of its earlier priority stays breached from that instant.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from office_desk import MON, OFFICE, TUE, berlin
from office_desk import desk as policies

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock

E = TicketEvent


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


LADDER = {
    "P1": {"resolution": "2h"},
    "P2": {"resolution": "4h"},
    "P3": {"resolution": "8h"},
}


class TestCountedTimeOverRunsAndCheckpoints:
    def test_the_second_checkpoint_counts_every_run_before_it(self) -> None:
        # Runs: 09:00-09:30, (pending) 10:00-11:00, (pending) 11:30 on.
        # 10:30, P1 -> P2: P1 (2h) had used 0.5h + 0.5h = 1h, not breached.
        # 14:30, P2 -> P3: P2 (4h) had used 0.5h + 1h + 3h = 4.5h; its 4h ran out at
        # 14:00 (1.5h by 11:00, 2.5h more from 11:30). Sticky: breached at 14:00.
        # Under P3 (8h) at 15:00: 0.5 + 1 + 3.5 = 5h used, 3h left: 2h today, 1h Tuesday.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "09:30"), "pending"),
            E.status_changed(berlin(MON, "10:00"), "open"),
            E.priority_changed(berlin(MON, "10:30"), "P2"),
            E.status_changed(berlin(MON, "11:00"), "pending"),
            E.status_changed(berlin(MON, "11:30"), "open"),
            E.priority_changed(berlin(MON, "14:30"), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "15:00")).metric("resolution")

        assert ("breached", berlin(MON, "14:00"), hours(5), berlin(TUE, "10:00")) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
            resolution.due_at,
        )
        # The cycle itself says so too (its own state, not only the metric's).
        assert ["breached"] == [cycle.state for cycle in resolution.cycles]

    def test_two_closed_runs_before_one_checkpoint_both_count(self) -> None:
        # Runs: 09:00-09:30, (pending) 10:00-10:30, (pending) 11:00 on. At 12:30, P1 -> P3:
        # P1 (2h) had used 0.5 + 0.5 + 1.5 = 2.5h; its 2h ran out at 12:00.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "09:30"), "pending"),
            E.status_changed(berlin(MON, "10:00"), "open"),
            E.status_changed(berlin(MON, "10:30"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
            E.priority_changed(berlin(MON, "12:30"), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "13:00")).metric("resolution")

        assert ("breached", berlin(MON, "12:00")) == (resolution.state, resolution.breached_at)

    def test_exactly_the_earlier_budget_at_the_change_is_no_breach(self) -> None:
        # Runs: 09:00-10:00, (pending) 11:00 on. At 12:00, P1 -> P3: P1 (2h) had used
        # exactly 2h, in time. Under P3 (8h) at 13:00: 1h + 2h = 3h used, 5h left: 4h up
        # to 17:00 and one hour on Tuesday, due Tuesday 10:00.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
            E.priority_changed(berlin(MON, "12:00"), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "13:00")).metric("resolution")

        assert ("running", None, hours(3), berlin(TUE, "10:00")) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
            resolution.due_at,
        )

    def test_one_microsecond_over_the_earlier_budget_at_the_change_is_a_breach(self) -> None:
        # As above, but the change comes a microsecond after P1's 2h ran out at 12:00.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
            E.priority_changed(berlin(MON, "12:00") + timedelta(microseconds=1), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "13:00")).metric("resolution")

        assert ("breached", berlin(MON, "12:00")) == (resolution.state, resolution.breached_at)


class TestCheckpointsOfTheSameTarget:
    def test_a_checkpoint_of_the_current_target_does_not_hide_a_later_one(self) -> None:
        # Created P3 (8h) 09:00; 10:00 P3 -> P1 (2h); 12:00 P1 -> P3. The first checkpoint's
        # target is the current one (P3, nothing earlier to keep); the second's is P1, which
        # had used 3h by 12:00 and ran out at 11:00. At 12:30 under P3: 3.5h used, running,
        # but breached at 11:00 and it stays so.
        events = [
            E.created(berlin(MON, "09:00"), "P3"),
            E.priority_changed(berlin(MON, "10:00"), "P1"),
            E.priority_changed(berlin(MON, "12:00"), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "12:30")).metric("resolution")

        assert ("breached", berlin(MON, "11:00"), hours(3.5)) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
        )


class TestChangedWhilePaused:
    def test_the_pending_hours_before_the_change_are_not_counted_for_the_earlier_target(
        self,
    ) -> None:
        # P1 (2h) from Mon 09:00, pending from 10:00; at 13:00, still pending, P1 -> P3.
        # P1 had counted 1h (09:00-10:00) by the change: the three pending hours are held,
        # not counted, so there is no earlier breach to keep. At 14:00 under P3 (8h): 1h
        # used, still paused.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.priority_changed(berlin(MON, "13:00"), "P3"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "14:00")).metric("resolution")

        assert ("paused", None, hours(1)) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
        )


class TestEarlierTargetInBusinessDays:
    def test_a_business_day_target_breached_before_the_change_stays_breached(self) -> None:
        # P1: 1 business day (same time) from Monday 09:00 is the 8h of office time up to
        # Tuesday 09:00, used up at the earliest instant with 8h counted: Monday 17:00.
        # At Tuesday 10:00, P1 -> P3 (3 business days: 24h, used up Wednesday 17:00): P1
        # had used 9h, so it breached at Monday 17:00 and stays breached.
        targets = {"P1": {"resolution": "1 business day"}, "P3": {"resolution": "3 business days"}}
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.priority_changed(berlin(TUE, "10:00"), "P3"),
        ]
        status = evaluate(policies(targets), events, berlin(TUE, "11:00"))
        resolution = status.metric("resolution")

        assert ("breached", berlin(MON, "17:00"), berlin("2026-11-25", "17:00")) == (
            resolution.state,
            resolution.breached_at,
            resolution.due_at,
        )


class TestEarlierTargetUnderWallAccounting:
    def test_a_pause_up_to_closing_leaves_no_time_and_the_earlier_target_breaches(
        self,
    ) -> None:
        # Wall accounting, P1 2h: created Monday 15:00, pending 16:00-17:00 with 1h left.
        # The pause moves the deadline (17:00) one wall-clock hour later, to 18:00, after
        # closing: no open time is gained, so P1 is due as the pause ends, Monday 17:00.
        # Tuesday 09:00-10:00 counts one more hour: P1 breached at Monday 17:00 although
        # only 2h were counted by the change at Tuesday 10:00 (exactly P1's budget).
        # Under P3 (8h): 7h left at 16:00 move 16:00 + 7h = Tuesday 15:00 one hour later,
        # to Tuesday 16:00.
        events = [
            E.created(berlin(MON, "15:00"), "P1"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "17:00"), "open"),
            E.priority_changed(berlin(TUE, "10:00"), "P3"),
        ]
        wall = policies(LADDER, pause_accounting="wall")
        resolution = evaluate(wall, events, berlin(TUE, "11:00")).metric("resolution")

        assert ("breached", berlin(MON, "17:00"), berlin(TUE, "16:00"), hours(3)) == (
            resolution.state,
            resolution.breached_at,
            resolution.due_at,
            resolution.elapsed,
        )


class TestEarlierPriorityWithoutTargets:
    def test_a_priority_without_targets_leaves_no_earlier_breach(self) -> None:
        # P9 has no targets (unknown_priority: no_targets), so the ticket had none until it
        # became P1 at 10:00; retarget applies P1's 2h from creation: used 09:00-11:00 = 2h
        # at 11:00, exactly the budget, so running and due at 11:00.
        events = [
            E.created(berlin(MON, "09:00"), "P9"),
            E.priority_changed(berlin(MON, "10:00"), "P1"),
        ]
        no_targets = policies(LADDER, unknown_priority="no_targets")
        resolution = evaluate(no_targets, events, berlin(MON, "11:00")).metric("resolution")

        assert ("running", None, berlin(MON, "11:00")) == (
            resolution.state,
            resolution.breached_at,
            resolution.due_at,
        )


class TestWallAccountingWithTwoPauses:
    def test_inside_open_hours_each_pause_moves_the_deadline_by_its_length(self) -> None:
        # Wall accounting, P1 2h, created Monday 09:00, pending 09:30-10:00 and 10:30-11:00.
        # Inside open hours wall time is business time: each half-hour pause moves the
        # deadline half an hour, from 11:00 to 12:00. At 11:30: 0.5 + 0.5 + 0.5 = 1.5h used.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "09:30"), "pending"),
            E.status_changed(berlin(MON, "10:00"), "open"),
            E.status_changed(berlin(MON, "10:30"), "pending"),
            E.status_changed(berlin(MON, "11:00"), "open"),
        ]
        wall = policies(LADDER, pause_accounting="wall")
        resolution = evaluate(wall, events, berlin(MON, "11:30")).metric("resolution")

        assert ("running", berlin(MON, "12:00"), hours(1.5)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
        )


class TestEvaluatedAtThePauseInstant:
    def test_the_ledger_shows_no_empty_segment(self) -> None:
        # Created Monday 09:00, pending from 10:00, evaluated at 10:00 exactly: the hour
        # 09:00-10:00 counted, then nothing yet (a pause of no length is no segment).
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "10:00")).metric("resolution")

        assert ("paused", hours(1), [("event", None), ("counted", berlin(MON, "10:00"))]) == (
            resolution.state,
            resolution.elapsed,
            [(entry.kind, entry.end) for entry in resolution.ledger],
        )

    def test_an_ongoing_pause_is_named_in_the_ledger(self) -> None:
        # Pending since 10:00, evaluated at 10:30: the open pause is the last segment, and
        # it names the status that holds the clock.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
        ]
        resolution = evaluate(policies(LADDER), events, berlin(MON, "10:30")).metric("resolution")
        last = resolution.ledger[-1]

        assert ("paused", "paused: status 'pending': 30m of business time not counted") == (
            last.kind,
            last.reason,
        )


class TestWallAccountingAdjacentHolds:
    def test_three_adjacent_holds_are_one_stretch(self) -> None:
        # Wall accounting, P1 2h, created Monday 15:00: pending 16:00, on hold 16:30, pending
        # 17:00, open Tuesday 09:00. The three holds are one stretch of 17 wall-clock hours,
        # begun with 1h left (due 17:00): the deadline moves 17h, to Tuesday 10:00, and the
        # hour Tuesday 09:00-10:00 is the allowance's second hour. At 09:30: 1.5h used.
        events = [
            E.created(berlin(MON, "15:00"), "P1"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "16:30"), "on_hold"),
            E.status_changed(berlin(MON, "17:00"), "pending"),
            E.status_changed(berlin(TUE, "09:00"), "open"),
        ]
        wall = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE},
                "policies": [
                    {
                        "name": "desk",
                        "calendar": "office",
                        "pause_on": ["pending", "on_hold"],
                        "pause_accounting": "wall",
                        "targets": LADDER,
                    }
                ],
            }
        )
        resolution = evaluate(wall, events, berlin(TUE, "09:30")).metric("resolution")

        assert ("running", berlin(TUE, "10:00"), hours(1.5)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
        )


class TestCheckpointsOnDifferentCalendars:
    def test_each_calendar_keeps_its_own_sum(self) -> None:
        # P2 counts office hours, P1 and P3 count around the clock. Saturday 21 November:
        # run 10:00-11:00, pending 11:00-12:30, running again from 12:30.
        # 12:40, P2 -> P1: P2 had counted nothing (the office is closed on Saturdays).
        # 13:10, P1 -> P3: P1 (1h30 around the clock) had counted 1h + 40m = 1h40; its
        # budget ran out at 13:00, so the ticket stays breached from 13:00 although P3
        # (40h) is far from its deadline. The office's sum (0) must not stand for P1's.
        found = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE, "always": "24x7"},
                "policies": [
                    {
                        "name": "desk",
                        "calendar": "office",
                        "pause_on": ["pending"],
                        "targets": {
                            "P1": {"calendar": "always", "resolution": "1h30m"},
                            "P2": {"resolution": "8h"},
                            "P3": {"calendar": "always", "resolution": "40h"},
                        },
                    }
                ],
            }
        )
        sat = "2026-11-21"
        events = [
            E.created(berlin(sat, "10:00"), "P2"),
            E.status_changed(berlin(sat, "11:00"), "pending"),
            E.status_changed(berlin(sat, "12:30"), "open"),
            E.priority_changed(berlin(sat, "12:40"), "P1"),
            E.priority_changed(berlin(sat, "13:10"), "P3"),
        ]

        resolution = evaluate(found, events, berlin(sat, "14:00")).metric("resolution")

        assert ("breached", berlin(sat, "13:00")) == (resolution.state, resolution.breached_at)


class TestChangedExactlyAtTheEarlierDeadline:
    # P1 (2h) from Mon 09:00; at 11:00 exactly, P1 -> P2 (4h, due 13:00). At 11:00 P1's two
    # hours are used up exactly: under breach_at: at_due that is a breach (now >= due), which
    # stays; by default a target is breached only after its due instant, so it is running.
    def test_breached_at_the_due_instant_stays_breached(self) -> None:
        status = self._at_noon(breach_at="at_due")

        assert ("breached", berlin(MON, "11:00")) == (status.state, status.breached_at)

    def test_after_the_due_instant_it_was_in_time(self) -> None:
        status = self._at_noon()

        assert ("running", None) == (status.state, status.breached_at)

    def _at_noon(self, **options: Any) -> Any:
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.priority_changed(berlin(MON, "11:00"), "P2"),
        ]
        found = policies(LADDER, **options)
        return evaluate(found, events, berlin(MON, "12:00")).metric("resolution")


class TestHoldAddedBreachInClosedTime:
    def test_a_breach_in_closed_time_before_the_change_stays(self) -> None:
        # pause_accounting: hold_added. P1 (8h) from Mon 09:00: due Mon 17:00; pending
        # 16:00-18:00 (2h on the wall clock) moves it to 19:00, in closed time. At 20:00,
        # P1 -> P2 (40h): only 7h of open time had counted, yet P1 had breached at 19:00,
        # and the breach stays.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "18:00"), "open"),
            E.priority_changed(berlin(MON, "20:00"), "P2"),
        ]
        found = policies(
            {"P1": {"resolution": "8h"}, "P2": {"resolution": "40h"}},
            pause_accounting="hold_added",
        )

        resolution = evaluate(found, events, berlin(TUE, "10:00")).metric("resolution")

        assert ("breached", berlin(MON, "19:00")) == (resolution.state, resolution.breached_at)


class TestALaterChangeRevealsAnEarlierBreach:
    # P2 (4h office hours) from Mon 09:00; at 14:00, P2 -> P3 (8h): P2's 4h ran out at 13:00,
    # a breach that stays. At 15:00, P3 -> P1 (2h): from the cycle's start P1's budget ran
    # out at 11:00, earlier still. At 15:30, P1 -> P3 again. Every change is looked at, so
    # the ticket is breached from 11:00, not from the first breach found (13:00).
    def test_the_earliest_breach_of_any_change_stands(self) -> None:
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.priority_changed(berlin(MON, "14:00"), "P3"),
            E.priority_changed(berlin(MON, "15:00"), "P1"),
            E.priority_changed(berlin(MON, "15:30"), "P3"),
        ]

        status = evaluate(policies(LADDER), events, berlin(MON, "16:00")).metric("resolution")

        assert ("breached", berlin(MON, "11:00")) == (status.state, status.breached_at)

    def test_the_incremental_clock_agrees(self) -> None:
        # The same ticket through an SlaClock, one event at a time.
        clock = SlaClock(policies(LADDER))
        for event in [
            E.created(berlin(MON, "09:00"), "P2"),
            E.priority_changed(berlin(MON, "14:00"), "P3"),
            E.priority_changed(berlin(MON, "15:00"), "P1"),
            E.priority_changed(berlin(MON, "15:30"), "P3"),
        ]:
            clock.apply(event)

        status = clock.status(berlin(MON, "16:00")).metric("resolution")

        assert ("breached", berlin(MON, "11:00")) == (status.state, status.breached_at)
