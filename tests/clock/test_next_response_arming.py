"""Worked examples of ``next_response_arming``, computed by hand in the comments.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00; Monday 23 November 2026 is an ordinary Monday. Created at 10:00, unless a test
says otherwise.
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


class TestFromCreation:
    """``from_creation``: a wait from the creation until the first public agent reply (older
    Zammad's update time "from creation when there is no customer message"); after it, every
    wait is armed by a customer message, as under ``any_message``."""

    @pytest.mark.parametrize(
        ("arming", "expected"),
        [
            # No customer message: nothing waits.
            ("any_message", ("pending", None)),
            # The wait runs from the creation: 10:00 + 1h.
            ("from_creation", ("running", "11:00")),
        ],
    )
    def test_no_customer_message(self, arming: str, expected: tuple[str, str | None]) -> None:
        status = run([CREATED], "2026-11-23T10:30+01:00", BOTH, next_response_arming=arming)

        assert expected == shown(status, "next_response")
        assert ("running", "14:00") == shown(status, "first_response")

    def test_the_first_reply_meets_it_and_the_next_message_arms_a_new_wait(self) -> None:
        # The reply at 10:40 meets the creation's wait (due 11:00, 40m used); the message at
        # 11:00 then starts a wait of its own, due 12:00.
        events = [
            CREATED,
            E.agent_replied(t("2026-11-23T10:40+01:00")),
            E.customer_replied(t("2026-11-23T11:00+01:00")),
        ]

        status = run(events, "2026-11-23T11:30+01:00", BOTH, next_response_arming="from_creation")

        first, second = status.metric("next_response").cycles
        assert ("met", "11:00", "10:40") == (
            first.state,
            first.due_at.strftime("%H:%M") if first.due_at else None,
            first.met_at.strftime("%H:%M") if first.met_at else None,
        )
        assert (0, 40 * 60) == (first.messages, first.elapsed.total_seconds())
        assert ("running", "12:00") == shown(status, "next_response")
        assert 1 == second.messages

    def test_a_reply_with_no_message_arms_nothing_more(self) -> None:
        # Met at 10:40; nobody writes after it, so nothing waits at 16:00.
        events = [CREATED, E.agent_replied(t("2026-11-23T10:40+01:00"))]

        status = run(events, "2026-11-23T16:00+01:00", BOTH, next_response_arming="from_creation")

        assert ("met", "11:00") == shown(status, "next_response")
        assert 1 == len(status.metric("next_response").cycles)

    @pytest.mark.parametrize(
        ("arming", "expected"),
        [
            # The 10:30 message arms a wait of its own: due 11:30.
            ("any_message", ("running", "11:30")),
            # It joins the wait that runs from 10:00: still due 11:00.
            ("from_creation", ("running", "11:00")),
        ],
    )
    def test_a_customer_message_before_the_first_reply_joins_the_wait(
        self, arming: str, expected: tuple[str, str | None]
    ) -> None:
        events = [CREATED, E.customer_replied(t("2026-11-23T10:30+01:00"))]

        status = run(events, "2026-11-23T10:45+01:00", BOTH, next_response_arming=arming)

        assert expected == shown(status, "next_response")
        (cycle,) = status.metric("next_response").cycles
        assert 1 == cycle.messages

    @pytest.mark.parametrize("arming", ["any_message", "from_creation"])
    def test_a_customer_message_at_the_creation_instant(self, arming: str) -> None:
        # Either way one wait from 10:00 with that one message, due 11:00.
        events = [CREATED, E.customer_replied(t("2026-11-23T10:00+01:00"))]

        status = run(events, "2026-11-23T10:30+01:00", BOTH, next_response_arming=arming)

        assert ("running", "11:00") == shown(status, "next_response")
        (cycle,) = status.metric("next_response").cycles
        assert (1, "10:00") == (cycle.messages, cycle.started_at.strftime("%H:%M"))

    def test_a_reply_at_the_creation_instant_meets_it_at_once(self) -> None:
        events = [CREATED, E.agent_replied(t("2026-11-23T10:00+01:00"))]

        status = run(events, "2026-11-23T10:30+01:00", BOTH, next_response_arming="from_creation")

        assert ("met", "11:00") == shown(status, "next_response")
        assert 0 == status.metric("next_response").elapsed.total_seconds()

    def test_unanswered_over_a_weekend_it_breaches_on_monday(self) -> None:
        # Created Friday 27 November at 16:30: 30m on Friday, 30m on Monday -> due Monday
        # 09:30; at 10:00 it has breached (one miss, though no customer wrote).
        created = E.created(t("2026-11-27T16:30+01:00"), "P2")

        status = run(
            [created], "2026-11-30T10:00+01:00", BOTH, next_response_arming="from_creation"
        )

        m = status.metric("next_response")
        breached = m.breached_at and m.breached_at.isoformat()
        assert ("breached", "2026-11-30T09:30:00+01:00") == (m.state, breached)
        (cycle,) = m.cycles
        assert (0, 1) == (cycle.messages, cycle.missed_messages)

    def test_a_status_that_pauses_at_creation_holds_it(self) -> None:
        # Created pending (paused), open from 10:30: 30m counted by 11:00, due 11:30.
        created = E.created(t("2026-11-23T10:00+01:00"), "P2", status="pending")
        events = [created, E.status_changed(t("2026-11-23T10:30+01:00"), "open")]

        status = run(
            events,
            "2026-11-23T11:00+01:00",
            BOTH,
            next_response_arming="from_creation",
            pause_on=["pending"],
        )

        assert ("running", "11:30") == shown(status, "next_response")


class TestMissedMessages:
    def test_a_message_at_the_breach_instant_is_not_a_further_miss(self) -> None:
        # A customer message at 10:00 waits 1h: breached at 11:00. The wait is one miss; a
        # message written after the breach instant is another, one written at that very
        # instant is not (only later messages found the target already missed): at 11:00 no,
        # at 11:01 yes. Two misses in all, not three.
        events = [
            CREATED,
            E.customer_replied(t("2026-11-23T10:00+01:00")),
            E.customer_replied(t("2026-11-23T11:00+01:00")),
            E.customer_replied(t("2026-11-23T11:01+01:00")),
        ]

        status = run(events, "2026-11-23T12:00+01:00", BOTH)

        m = status.metric("next_response")
        assert ("breached", "2026-11-23T11:00:00+01:00") == (
            m.state,
            m.breached_at and m.breached_at.isoformat(),
        )
        (cycle,) = m.cycles
        assert (3, 2) == (cycle.messages, cycle.missed_messages)
