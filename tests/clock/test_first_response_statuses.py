"""Worked examples of ``first_response_statuses``: entering one of the statuses gives an
unanswered ticket its first response (ERPNext's "SLA Fulfilled On Status").

Tickets run on the ``office`` calendar: Europe/Berlin, Monday to Friday 09:00-17:00, from
Monday 23 November 2026. The first response target is 1h; ``pending`` pauses every clock.
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
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
CREATED = E.created(t("2026-11-23T10:00+01:00"), "P2")  # first response due 11:00


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


def first_response(status: TicketStatus) -> tuple[str, str | None]:
    m = status.metric("first_response")
    return m.state, None if m.met_at is None else m.met_at.strftime("%H:%M")


class TestEnteringAStatus:
    @pytest.mark.parametrize(
        ("statuses", "expected"),
        [
            # By default no status change answers: at noon the 11:00 deadline has passed.
            ([], ("breached", None)),
            # Entering `replied` at 10:30 is the first response, in time.
            (["replied"], ("met", "10:30")),
            # Another status named there does not help this ticket.
            (["solved"], ("breached", None)),
        ],
    )
    def test_replied_at_half_past_ten(
        self, statuses: list[str], expected: tuple[str, str | None]
    ) -> None:
        events = [CREATED, E.status_changed(t("2026-11-23T10:30+01:00"), "replied")]

        status = run(events, "2026-11-23T12:00+01:00", first_response_statuses=statuses)

        assert expected == first_response(status)

    def test_entered_late_is_met_late(self) -> None:
        # Replied at 11:30, half an hour after the deadline: met, and breached (sticky).
        events = [CREATED, E.status_changed(t("2026-11-23T11:30+01:00"), "replied")]

        status = run(events, "2026-11-23T12:00+01:00", first_response_statuses=["replied"])
        m = status.metric("first_response")

        assert ("breached", "11:30", "11:00") == (
            m.state,
            None if m.met_at is None else m.met_at.strftime("%H:%M"),
            None if m.breached_at is None else m.breached_at.strftime("%H:%M"),
        )

    def test_created_in_the_status_is_no_response(self) -> None:
        # Only a change into the status answers; a ticket created in it waits for a reply.
        created = E.created(t("2026-11-23T10:00+01:00"), "P2", status="replied")

        status = run([created], "2026-11-23T10:30+01:00", first_response_statuses=["replied"])

        assert ("running", None) == first_response(status)

    def test_a_pause_status_named_there_answers_and_pauses(self) -> None:
        # `pending` both pauses the resolution (4h from 10:00 = 14:00; 10:20-11:20 held
        # moves it to 15:00) and answers the first response at 10:20.
        events = [
            CREATED,
            E.status_changed(t("2026-11-23T10:20+01:00"), "pending"),
            E.status_changed(t("2026-11-23T11:20+01:00"), "open"),
        ]

        status = run(events, "2026-11-23T12:00+01:00", first_response_statuses=["pending"])

        due = status.metric("resolution").due_at
        assert ("met", "10:20") == first_response(status)
        assert due is not None and "15:00" == due.strftime("%H:%M")


class TestTheOption:
    def test_written_back_sorted_and_read_again(self) -> None:
        policies = support(first_response_statuses=["solved", "replied", "solved"])

        written = policies.to_dict()["policies"][0]

        again = PolicySet.from_dict(policies.to_dict())
        assert ["replied", "solved"] == written["first_response_statuses"]
        assert policies.policies[0].options == again.policies[0].options

    def test_an_empty_status_name_is_refused(self) -> None:
        with pytest.raises(ValueError, match="first_response_statuses"):
            support(first_response_statuses=[""])
