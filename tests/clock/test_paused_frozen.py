"""Worked examples of ``paused_due: frozen`` (Frappe Helpdesk): a paused target shows the
deadline as it stood when the hold began, each computed by hand in the comments.

Tickets run on the ``office`` calendar: Europe/Berlin, Monday to Friday 09:00-17:00, from
Monday 23 November 2026; resolution 4h; ``pending`` pauses every clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest

from slaclock import PolicyError, PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
# Created Monday 16:30: 30 minutes on Monday and 3h30 on Tuesday, due Tuesday 12:30. On
# hold from 16:45 with 3h45 left: as it stood then, the deadline is still Tuesday 12:30.
EVENTS = (
    E.created(t("2026-11-23T16:30+01:00"), "P2"),
    E.status_changed(t("2026-11-23T16:45+01:00"), "pending"),
)


def support(**options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": {"*": {"resolution": "4h"}},
                    "paused_due": "frozen",
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


def resolution(status: TicketStatus) -> tuple[str, str | None]:
    m = status.metric("resolution")
    return m.state, None if m.due_at is None else m.due_at.strftime("%a %H:%M")


class TestWhilePaused:
    @pytest.mark.parametrize(
        ("paused_due", "expected"),
        [
            ("none", ("paused", None)),
            ("frozen", ("paused", "Tue 12:30")),
            # now (Tue 10:00) + the 3h45 left
            ("projected", ("paused", "Tue 13:45")),
        ],
    )
    def test_on_tuesday_at_ten(self, paused_due: str, expected: tuple[str, str | None]) -> None:
        status = run(EVENTS, "2026-11-24T10:00+01:00", paused_due=paused_due)

        assert expected == resolution(status)

    def test_a_frozen_deadline_can_lie_in_the_past_without_a_breach(self) -> None:
        status = run(EVENTS, "2026-11-24T13:00+01:00")

        assert ("paused", "Tue 12:30") == resolution(status)
        assert status.next_change_at is None

    def test_back_from_the_hold_the_deadline_moves_by_the_business_time_held(self) -> None:
        # Open again Tuesday 11:00: held 16:45-17:00 and 09:00-11:00 (2h15 of business
        # time), so 12:30 moves to 14:45.
        events = [*EVENTS, E.status_changed(t("2026-11-24T11:00+01:00"), "open")]

        status = run(events, "2026-11-24T11:30+01:00")

        assert ("running", "Tue 14:45") == resolution(status)

    def test_where_the_budget_ran_out_at_a_close(self) -> None:
        # Created Monday 13:00: due 17:00, exactly at the close. On hold from 14:00 (3h
        # left): frozen at 17:00; with due_on_close: next_open, Tuesday 09:00.
        events = [
            E.created(t("2026-11-23T13:00+01:00"), "P2"),
            E.status_changed(t("2026-11-23T14:00+01:00"), "pending"),
        ]

        at_close = run(events, "2026-11-23T15:00+01:00")
        next_open = run(events, "2026-11-23T15:00+01:00", due_on_close="next_open")

        assert ("paused", "Mon 17:00") == resolution(at_close)
        assert ("paused", "Tue 09:00") == resolution(next_open)

    def test_held_from_creation(self) -> None:
        # Created in `pending` on Monday 16:30: nothing counted, so the deadline as it stood
        # is the creation's, Tuesday 12:30.
        created = E.created(t("2026-11-23T16:30+01:00"), "P2", status="pending")

        assert ("paused", "Tue 12:30") == resolution(run([created], "2026-11-24T10:00+01:00"))


class TestTheOption:
    @pytest.mark.parametrize("accounting", ["wall", "hold_added"])
    def test_refused_with_wall_clock_holds(self, accounting: str) -> None:
        with pytest.raises(PolicyError, match=rf"paused_due.*{accounting}"):
            support(pause_accounting=accounting)

    def test_under_hide_it_shows_the_deadline_the_clock_counts_to(self) -> None:
        # `hide` takes no time off: due Tuesday 12:30 whatever the pause.
        status = run(EVENTS, "2026-11-24T10:00+01:00", pause_accounting="hide")

        assert ("paused", "Tue 12:30") == resolution(status)

    def test_the_frappe_preset_sets_it(self) -> None:
        assert "frozen" == support(preset="frappe").policies[0].options.paused_due
