"""Worked examples of ``pause_accounting: hold_added`` (ERPNext's hold time), each computed
by hand in the comments.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00, from Monday 23 November 2026. The targets are first response 1h and resolution
4h; ``pending`` pauses every clock. Under ``hold_added`` the resolution deadline is the
business-time deadline of a ticket never held, plus the wall-clock length of each hold that
began before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicyError, PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def support(**options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": {"*": {"first_response": "1h", "resolution": "4h"}},
                    "pause_accounting": "hold_added",
                    **options,
                }
            ],
        }
    )


def run(events: Sequence[TicketEvent], now: str, **options: Any) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    policies = support(**options)
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


class TestAHoldOvernight:
    # Created Monday 14:00: resolution 4h is due Tuesday 10:00 (14-17 Monday, 09-10 Tuesday).
    # Pending from Monday 16:00 to Tuesday 08:00, 16 hours on the wall clock: the deadline
    # moves to Wednesday 02:00, in the night. (By default the pause takes 1h of business
    # time, 16-17 Monday, and the deadline is Tuesday 11:00.)
    EVENTS = (
        E.created(t("2026-11-23T14:00+01:00"), "P2"),
        E.agent_replied(t("2026-11-23T14:30+01:00")),
        E.status_changed(t("2026-11-23T16:00+01:00"), "pending"),
        E.status_changed(t("2026-11-24T08:00+01:00"), "open"),
    )

    def test_the_deadline_lands_in_closed_time(self) -> None:
        resolution = run(self.EVENTS, "2026-11-24T09:00+01:00").metric("resolution")

        assert ("running", "2026-11-25T02:00:00+01:00") == (
            resolution.state,
            iso(resolution.due_at),
        )

    def test_due_on_close_next_open_leaves_a_deadline_in_the_night(self) -> None:
        # due_on_close: next_open moves only a deadline exactly at a closing; Wednesday
        # 02:00 is in closed time, hours after Tuesday's close, and stays.
        status = run(self.EVENTS, "2026-11-24T09:00+01:00", due_on_close="next_open")

        assert "2026-11-25T02:00:00+01:00" == iso(status.metric("resolution").due_at)

    def test_by_default_the_pause_takes_business_time_off(self) -> None:
        status = run(self.EVENTS, "2026-11-24T09:00+01:00", pause_accounting="business")

        assert "2026-11-24T11:00:00+01:00" == iso(status.metric("resolution").due_at)

    def test_elapsed_remaining_and_the_allowance(self) -> None:
        # At Tuesday 09:00: counted Monday 14-16 (2h); from now to the deadline the office is
        # open Tuesday 09-17 (8h), so 8h remain and the allowance is 10h.
        resolution = run(self.EVENTS, "2026-11-24T09:00+01:00").metric("resolution")

        assert (hours(2), hours(8), hours(10)) == (
            resolution.elapsed,
            resolution.remaining,
            resolution.cycles[0].budget,
        )

    def test_the_next_change_is_the_deadline_in_the_night(self) -> None:
        status = run(self.EVENTS, "2026-11-24T17:30+01:00")

        assert "2026-11-25T02:00:00+01:00" == iso(status.next_change_at)

    def test_at_the_deadline_it_is_in_time_and_breaches_right_after(self) -> None:
        at_due = run(self.EVENTS, "2026-11-25T02:00+01:00")
        after = run(self.EVENTS, "2026-11-25T02:00:01+01:00")

        assert "running" == at_due.metric("resolution").state
        assert "2026-11-25T02:00:00.000001+01:00" == iso(at_due.next_change_at)
        assert ("breached", "2026-11-25T02:00:00+01:00") == (
            after.metric("resolution").state,
            iso(after.metric("resolution").breached_at),
        )

    def test_the_ledger_says_how_far_the_hold_moved_the_deadline(self) -> None:
        resolution = run(self.EVENTS, "2026-11-24T09:00+01:00").metric("resolution")

        moved = [r.reason for r in resolution.ledger if "deadline moved" in r.reason]
        assert [
            "resolution: deadline moved 16h later, the wall-clock length of the pause"
            " (pause_accounting: hold_added)"
        ] == moved

    def test_while_on_hold_no_deadline_is_shown(self) -> None:
        resolution = run(self.EVENTS[:3], "2026-11-23T20:00+01:00").metric("resolution")

        assert ("paused", None) == (resolution.state, resolution.due_at)


class TestWhichHoldsMoveTheDeadline:
    # Created Monday 10:00: resolution 4h due 14:00.
    CREATED = E.created(t("2026-11-23T10:00+01:00"), "P2")
    REPLY = E.agent_replied(t("2026-11-23T10:10+01:00"))

    def test_a_hold_after_the_deadline_moves_nothing(self) -> None:
        # Pending 15:00-16:00, after 14:00: the ticket had breached, and stays so.
        events = [
            self.CREATED,
            self.REPLY,
            E.status_changed(t("2026-11-23T15:00+01:00"), "pending"),
            E.status_changed(t("2026-11-23T16:00+01:00"), "open"),
        ]

        resolution = run(events, "2026-11-23T16:30+01:00").metric("resolution")

        assert ("breached", "2026-11-23T14:00:00+01:00", "2026-11-23T14:00:00+01:00") == (
            resolution.state,
            iso(resolution.breached_at),
            iso(resolution.due_at),
        )

    @pytest.mark.parametrize(
        ("breach_at", "state", "due"),
        [
            # In time at 14:00, so the two hours on hold from 14:00 move it to 16:00.
            ("after_due", "running", "2026-11-23T16:00:00+01:00"),
            # Late at 14:00 itself: the hold comes too late to move anything.
            ("at_due", "breached", "2026-11-23T14:00:00+01:00"),
        ],
    )
    def test_a_hold_beginning_at_the_deadline(self, breach_at: str, state: str, due: str) -> None:
        # Pending 14:00-16:00, looked at 16:00.
        events = [
            self.CREATED,
            self.REPLY,
            E.status_changed(t("2026-11-23T14:00+01:00"), "pending"),
            E.status_changed(t("2026-11-23T16:00+01:00"), "open"),
        ]

        resolution = run(events, "2026-11-23T16:00+01:00", breach_at=breach_at).metric("resolution")

        assert (state, due) == (resolution.state, iso(resolution.due_at))

    def test_the_time_between_a_resolve_and_a_reopen_is_a_hold(self) -> None:
        # Resolved 11:00, reopened 20:00 (reopen: resume): 9 hours held, so 14:00 + 9h =
        # 23:00 Monday, in closed time. Looked at on Tuesday 09:00 the ticket has breached,
        # at 23:00, with the 1h it counted before the resolve (10-11) and nothing since: no
        # business time was counted after the deadline, so none remains and none is over.
        events = [
            self.CREATED,
            self.REPLY,
            E.resolved(t("2026-11-23T11:00+01:00")),
            E.reopened(t("2026-11-23T20:00+01:00")),
        ]

        resolution = run(events, "2026-11-24T09:00+01:00").metric("resolution")

        assert ("breached", "2026-11-23T23:00:00+01:00", hours(1), hours(0)) == (
            resolution.state,
            iso(resolution.breached_at),
            resolution.elapsed,
            resolution.remaining,
        )

    def test_met_before_the_moved_deadline(self) -> None:
        # Pending 12:00-13:00 moves 14:00 to 15:00; resolved at 14:30, in time.
        events = [
            self.CREATED,
            self.REPLY,
            E.status_changed(t("2026-11-23T12:00+01:00"), "pending"),
            E.status_changed(t("2026-11-23T13:00+01:00"), "open"),
            E.resolved(t("2026-11-23T14:30+01:00")),
        ]

        resolution = run(events, "2026-11-23T16:00+01:00").metric("resolution")

        assert ("met", "2026-11-23T15:00:00+01:00", None) == (
            resolution.state,
            iso(resolution.due_at),
            resolution.breached_at,
        )


class TestOptions:
    def test_projected_deadlines_are_refused(self) -> None:
        with pytest.raises(PolicyError, match=r"paused_due.*hold_added"):
            support(paused_due="projected")

    def test_the_erpnext_preset_sets_it(self) -> None:
        written = support(preset="erpnext").to_dict()["policies"][0]

        assert "pause_accounting" not in written  # the preset's own value
        assert "hold_added" == support(preset="erpnext").policies[0].options.pause_accounting

    def test_written_back_and_read_again(self) -> None:
        policies = support()

        again = PolicySet.from_dict(policies.to_dict())

        assert policies.policies[0].options == again.policies[0].options
        assert "hold_added" == policies.to_dict()["policies"][0]["pause_accounting"]
