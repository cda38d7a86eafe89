"""Worked examples of ``periodic_update_disarm: customer_message`` (Request Tracker's
KeepInLoop, armed only while staff spoke last), computed by hand in the comments.

A 24x7 calendar, periodic update 4h and next response 2h, from Monday 2 March 2026 (UTC).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
# Staff replies at 09:10 and 09:20 arm the update: due 13:20. The customer writes at 09:30.
EVENTS = (
    E.created(t("2026-03-02T09:00+00:00"), "P2"),
    E.agent_replied(t("2026-03-02T09:10+00:00")),
    E.agent_replied(t("2026-03-02T09:20+00:00")),
    E.customer_replied(t("2026-03-02T09:30+00:00")),
)


def run(events: Sequence[TicketEvent], now: str, **options: Any) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    policies = PolicySet.from_dict(
        {
            "policies": [
                {
                    "name": "support",
                    "calendar": "24x7",
                    "targets": {"*": {"next_response": "2h", "periodic_update": "4h"}},
                    **options,
                }
            ]
        }
    )
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def update(status: TicketStatus) -> tuple[str, str | None, int]:
    m = status.metric("periodic_update")
    return m.state, None if m.due_at is None else m.due_at.strftime("%H:%M"), len(m.cycles)


class TestACustomerMessage:
    @pytest.mark.parametrize(
        ("disarm", "expected"),
        [
            # By default the update armed at 09:20 runs on to 13:20; at 14:00 it has breached.
            ("never", ("breached", "13:20", 2)),
            # A customer message at 09:30 ends it, cancelled, with the deadline it had.
            ("customer_message", ("cancelled", "13:20", 2)),
        ],
    )
    def test_at_two_in_the_afternoon(
        self, disarm: str, expected: tuple[str, str | None, int]
    ) -> None:
        status = run(EVENTS, "2026-03-02T14:00+00:00", periodic_update_disarm=disarm)

        assert expected == update(status)

    def test_the_next_response_is_what_runs(self) -> None:
        status = run(EVENTS, "2026-03-02T10:00+00:00", periodic_update_disarm="customer_message")

        m = status.metric("next_response")
        assert ("running", "11:30") == (
            m.state,
            None if m.due_at is None else m.due_at.strftime("%H:%M"),
        )

    def test_the_next_staff_reply_arms_it_again(self) -> None:
        # A reply at 10:00 answers the customer and arms a third cycle, due 14:00.
        events = [*EVENTS, E.agent_replied(t("2026-03-02T10:00+00:00"))]

        status = run(events, "2026-03-02T11:00+00:00", periodic_update_disarm="customer_message")

        assert ("running", "14:00", 3) == update(status)

    def test_the_rt_preset_sets_it(self) -> None:
        status = run(EVENTS, "2026-03-02T14:00+00:00", preset="rt")

        assert "cancelled" == status.metric("periodic_update").state
