"""Worked examples of ``next_response_arming``, computed by hand in the comments.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00; Monday 23 November 2026 is an ordinary Monday. Created at 10:00.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
CREATED = E.created(t("2026-11-23T10:00+01:00"), "P2")


def run(
    events: list[TicketEvent], now: str, targets: dict[str, str], **options: Any
) -> TicketStatus:
    policies = PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [{"name": "p", "calendar": "office", "targets": {"*": targets}, **options}],
        }
    )
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


BOTH = {"first_response": "4h", "next_response": "1h"}


def shown(status: TicketStatus, metric: str) -> tuple[str, str | None]:
    m = status.metric(metric)
    return m.state, None if m.due_at is None else m.due_at.strftime("%H:%M")


class TestNextResponseArming:
    @pytest.mark.parametrize(
        ("arming", "expected"),
        [
            # The follow-up at 10:30 waits 1h: due 11:30.
            ("any_message", ("running", "11:30")),
            # It waits for the first reply instead, due 14:00 (4h from 10:00).
            ("after_first_reply", ("pending", None)),
        ],
    )
    def test_a_follow_up_before_the_first_reply(
        self, arming: str, expected: tuple[str, str | None]
    ) -> None:
        events = [CREATED, E.customer_replied(t("2026-11-23T10:30+01:00"))]

        status = run(events, "2026-11-23T11:00+01:00", BOTH, next_response_arming=arming)

        assert expected == shown(status, "next_response")
        assert ("running", "14:00") == shown(status, "first_response")

    @pytest.mark.parametrize("arming", ["any_message", "after_first_reply"])
    def test_a_message_after_the_first_reply(self, arming: str) -> None:
        # First reply at 11:00, the customer writes at 11:15: due 12:15 either way.
        events = [
            CREATED,
            E.customer_replied(t("2026-11-23T10:30+01:00")),
            E.agent_replied(t("2026-11-23T11:00+01:00")),
            E.customer_replied(t("2026-11-23T11:15+01:00")),
        ]

        status = run(events, "2026-11-23T11:30+01:00", BOTH, next_response_arming=arming)

        assert ("running", "12:15") == shown(status, "next_response")

    def test_a_message_at_the_instant_of_the_first_reply_is_answered_by_it(self) -> None:
        # At one instant a customer message comes before an agent reply (the documented
        # order), so it is still before the first reply.
        events = [
            CREATED,
            E.customer_replied(t("2026-11-23T11:00+01:00")),
            E.agent_replied(t("2026-11-23T11:00+01:00")),
        ]

        status = run(
            events, "2026-11-23T11:30+01:00", BOTH, next_response_arming="after_first_reply"
        )

        assert ("pending", None) == shown(status, "next_response")

    def test_without_a_first_response_target_the_first_reply_still_counts(self) -> None:
        # Only next_response: the 10:30 message waits for the reply at 11:00; the 11:20 one
        # then starts a wait due 12:20.
        events = [
            CREATED,
            E.customer_replied(t("2026-11-23T10:30+01:00")),
            E.agent_replied(t("2026-11-23T11:00+01:00")),
            E.customer_replied(t("2026-11-23T11:20+01:00")),
        ]

        status = run(
            events,
            "2026-11-23T11:30+01:00",
            {"next_response": "1h"},
            next_response_arming="after_first_reply",
        )

        assert ("running", "12:20") == shown(status, "next_response")
        assert 1 == len(status.metric("next_response").cycles)
