"""Custom metrics worked by hand: an OLA that runs while one team holds the ticket, a clock
cancelled when the ticket stops being an incident, one reset by each new customer message,
and one held while a condition holds.

The office is open Monday to Friday 09:00-17:00 in Europe/Berlin (no holidays); Monday
2026-11-23 is an ordinary winter week (CET, +01:00). Each metric has one target for every
priority. Every example is also fed, event by event, to an `SlaClock`, which must say what
`evaluate` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicySet, SlaClock, TicketEvent, TicketStatus, evaluate

E = TicketEvent
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
MON, TUE = "2026-11-23", "2026-11-24"


def berlin(day: str, hhmm: str) -> datetime:
    """A Berlin wall time in winter, e.g. berlin(MON, "09:00")."""
    return datetime.fromisoformat(f"{day}T{hhmm}+01:00")


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


def status_of(
    metric: str,
    definition: dict[str, Any],
    budget: str,
    events: Sequence[TicketEvent],
    now: datetime,
) -> TicketStatus:
    """Evaluate a policy with one custom metric, and check that the incremental clock, fed
    the same events, says the same."""
    policies = PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "desk",
                    "calendar": "office",
                    "metrics": {metric: definition},
                    "targets": {"*": {metric: budget}},
                }
            ],
        }
    )
    status = evaluate(policies, events, now)
    clock = SlaClock(policies)
    for event in events:
        clock.apply(event)
    assert status.to_dict() == clock.status(now).to_dict()
    return status


Row = tuple[datetime, datetime | None, str | None, str, timedelta, timedelta]


def cycles(status: TicketStatus, metric: str) -> list[Row]:
    """Each cycle as (started, ended, outcome, state, counted, held)."""
    return [
        (c.started_at, c.ended_at, c.outcome, c.state, c.elapsed, c.paused)
        for c in status.metric(metric).cycles
    ]


# --------------------------------------------------------------------------- an OLA


#: Runs while the network team holds the ticket; met when it hands the ticket on.
NETWORK_OLA = {
    "start": {"group": "network"},
    "stop": {"not": {"group": "network"}},
}


class TestAnOlaWhileOneTeamHoldsTheTicket:
    EVENTS = (
        E.created(berlin(MON, "09:00"), "P2", group="service-desk"),
        # Handed to the network team: the OLA starts.
        E.assigned(berlin(MON, "10:00"), group="network", assignee="ana"),
        # Passed to a colleague in the same team: the team still holds it, no new cycle.
        E.assigned(berlin(MON, "11:00"), group="network", assignee="ben"),
        # Handed back: met after 10:00-13:30.
        E.assigned(berlin(MON, "13:30"), group="service-desk"),
        # Handed to the network team again: a second cycle, with a fresh budget.
        E.assigned(berlin(MON, "15:00"), group="network"),
    )

    def test_each_stay_with_the_team_is_a_cycle(self) -> None:
        # At Tuesday 10:00 the second cycle has counted Monday 15:00-17:00 and Tuesday
        # 09:00-10:00: 3h of its 4h.
        status = status_of("ola", NETWORK_OLA, "4h", self.EVENTS, berlin(TUE, "10:00"))

        assert [
            (berlin(MON, "10:00"), berlin(MON, "13:30"), "met", "met", hours(3.5), hours(0)),
            (berlin(MON, "15:00"), None, None, "running", hours(3), hours(0)),
        ] == cycles(status, "ola")

    def test_the_second_stay_is_due_after_four_hours_of_its_own(self) -> None:
        # 4h from Monday 15:00: Monday 15:00-17:00 (2h), Tuesday 09:00-11:00 (2h).
        status = status_of("ola", NETWORK_OLA, "4h", self.EVENTS, berlin(MON, "16:00"))

        ola = status.metric("ola")
        assert ("running", berlin(TUE, "11:00"), hours(1)) == (
            ola.state,
            ola.due_at,
            ola.elapsed,
        )

    def test_a_ticket_created_in_the_team_starts_at_creation(self) -> None:
        # The state holds from creation (09:00) on; the colleague at 11:00 changes nothing.
        # At 12:00: 3h counted, due at 13:00.
        events = [
            E.created(berlin(MON, "09:00"), "P2", group="network"),
            E.assigned(berlin(MON, "11:00"), group="network", assignee="ben"),
        ]

        status = status_of("ola", NETWORK_OLA, "4h", events, berlin(MON, "12:00"))

        ola = status.metric("ola")
        assert (1, "running", hours(3), berlin(MON, "13:00")) == (
            len(ola.cycles),
            ola.state,
            ola.elapsed,
            ola.due_at,
        )


# --------------------------------------------------------------------------- held


#: The documented OLA: runs while the network team holds the ticket, held while another
#: team does, until the ticket is resolved.
HELD_ELSEWHERE = {
    "start": {"group": "network"},
    "pause": {"not": {"group": "network"}},
    "stop": {"event": "resolved"},
}


class TestHeldWhileAConditionHolds:
    EVENTS = (
        E.created(berlin(MON, "09:00"), "P2", group="service-desk"),
        E.assigned(berlin(MON, "10:00"), group="network"),
        # With the service desk again: held, the cycle stays open.
        E.assigned(berlin(MON, "12:00"), group="service-desk"),
        E.assigned(berlin(MON, "14:00"), group="network"),
    )

    def test_held_while_another_team_has_it(self) -> None:
        # 10:00-12:00 and 14:00-15:00 counted (3h), 12:00-14:00 held. One hour left at
        # 15:00: due at 16:00.
        status = status_of("ola", HELD_ELSEWHERE, "4h", self.EVENTS, berlin(MON, "15:00"))

        ola = status.metric("ola")
        assert (1, "running", hours(3), hours(2), berlin(MON, "16:00")) == (
            len(ola.cycles),
            ola.state,
            ola.elapsed,
            ola.paused,
            ola.due_at,
        )

    def test_paused_while_the_condition_holds_now(self) -> None:
        # At 13:00 the service desk has it: held since 12:00, 2h counted, no deadline.
        status = status_of("ola", HELD_ELSEWHERE, "4h", self.EVENTS, berlin(MON, "13:00"))

        ola = status.metric("ola")
        assert ("paused", hours(2), hours(1), None) == (
            ola.state,
            ola.elapsed,
            ola.paused,
            ola.due_at,
        )

    def test_met_by_the_resolve(self) -> None:
        # Resolved at 15:30: 10:00-12:00 and 14:00-15:30 counted, 3.5h, in time.
        events = [*self.EVENTS, E.resolved(berlin(MON, "15:30"))]

        status = status_of("ola", HELD_ELSEWHERE, "4h", events, berlin(TUE, "09:00"))

        assert [
            (berlin(MON, "10:00"), berlin(MON, "15:30"), "met", "met", hours(3.5), hours(2)),
        ] == cycles(status, "ola")


# --------------------------------------------------------------------------- cancel


#: A major incident: runs while the ticket is P1, until resolved; cancelled when the
#: priority is lowered or the ticket turns out to duplicate another one.
MAJOR_INCIDENT = {
    "start": {"priority": "P1"},
    "stop": {"event": "resolved"},
    "cancel": [
        {"not": {"priority": "P1"}},
        {"attributes": {"duplicate_of": {"exists": True}}},
    ],
}


class TestCancel:
    @pytest.mark.parametrize(
        "cancelling",
        [
            pytest.param(E.priority_changed(berlin(MON, "11:30"), "P2"), id="priority-lowered"),
            pytest.param(
                E.attribute_changed(berlin(MON, "11:30"), {"duplicate_of": "T-17"}),
                id="marked-duplicate",
            ),
        ],
    )
    def test_cancelled_neither_met_nor_breached(self, cancelling: TicketEvent) -> None:
        # Created P2 at 09:00 (not started), raised to P1 at 10:00: started, due at 12:00.
        # Cancelled at 11:30 after 1.5h of its 2h; at 14:00, past that deadline, it is
        # neither met nor breached.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.priority_changed(berlin(MON, "10:00"), "P1"),
            cancelling,
        ]

        status = status_of("major", MAJOR_INCIDENT, "2h", events, berlin(MON, "14:00"))

        major = status.metric("major")
        assert [
            (
                berlin(MON, "10:00"),
                berlin(MON, "11:30"),
                "cancelled",
                "cancelled",
                hours(1.5),
                hours(0),
            ),
        ] == cycles(status, "major")
        assert ("cancelled", None, berlin(MON, "12:00")) == (
            major.state,
            major.met_at,
            major.due_at,
        )

    def test_raised_again_after_a_cancel_starts_afresh(self) -> None:
        # Cancelled at 11:30 as above; P1 again at 14:00 starts a second cycle with its own
        # 2h: due at 16:00. At 15:00 one hour of it is counted.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.priority_changed(berlin(MON, "10:00"), "P1"),
            E.priority_changed(berlin(MON, "11:30"), "P2"),
            E.priority_changed(berlin(MON, "14:00"), "P1"),
        ]

        status = status_of("major", MAJOR_INCIDENT, "2h", events, berlin(MON, "15:00"))

        major = status.metric("major")
        assert [
            (
                berlin(MON, "10:00"),
                berlin(MON, "11:30"),
                "cancelled",
                "cancelled",
                hours(1.5),
                hours(0),
            ),
            (berlin(MON, "14:00"), None, None, "running", hours(1), hours(0)),
        ] == cycles(status, "major")
        assert ("running", berlin(MON, "16:00")) == (major.state, major.due_at)

    @pytest.mark.parametrize(
        ("public", "outcome"),
        [
            pytest.param(True, "met", id="public-reply-meets"),
            pytest.param(False, "cancelled", id="internal-note-cancels-though-it-also-stops"),
        ],
    )
    def test_a_cancel_wins_over_a_stop_on_the_same_event(self, public: bool, outcome: str) -> None:
        # Any agent reply stops the clock, an internal note cancels it: an internal note at
        # 11:00 satisfies both, and the cancel wins. 09:00-11:00 counted either way.
        handover = {
            "start": {"event": "created"},
            "stop": {"event": "agent_replied"},
            "cancel": {"event": "agent_replied", "public": False},
        }
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.agent_replied(berlin(MON, "11:00"), public=public),
        ]

        status = status_of("handover", handover, "4h", events, berlin(MON, "12:00"))

        assert [
            (berlin(MON, "09:00"), berlin(MON, "11:00"), outcome, outcome, hours(2), hours(0)),
        ] == cycles(status, "handover")


# --------------------------------------------------------------------------- reset


#: Time to answer the customer's latest message: started by a customer message, met by a
#: public reply; a further message resets it (a fresh budget from that message), and it is
#: held while the ticket waits on a vendor.
LATEST_MESSAGE = {
    "start": {"event": "customer_replied"},
    "stop": {"event": "agent_replied", "public": True},
    "reset": {"event": "customer_replied"},
    "pause": {"status": "waiting_on_vendor"},
}


class TestReset:
    EVENTS = (
        E.created(berlin(MON, "09:00"), "P2"),
        E.customer_replied(berlin(MON, "10:00")),
        # A second message: cycle 1 ends after 1h, cycle 2 starts here.
        E.customer_replied(berlin(MON, "11:00")),
        E.status_changed(berlin(MON, "12:00"), "waiting_on_vendor"),
        # A third message while waiting on the vendor: cycle 2 ends (11:00-12:00 counted,
        # 12:00-13:00 held), cycle 3 starts held.
        E.customer_replied(berlin(MON, "13:00")),
        E.status_changed(berlin(MON, "14:00"), "open"),
        # An internal note does not answer the customer.
        E.agent_replied(berlin(MON, "14:30"), public=False),
    )

    def test_each_message_resets_the_clock(self) -> None:
        # At 15:00 cycle 3 has counted 14:00-15:00 and was held 13:00-14:00.
        status = status_of("latest", LATEST_MESSAGE, "4h", self.EVENTS, berlin(MON, "15:00"))

        assert [
            (berlin(MON, "10:00"), berlin(MON, "11:00"), "reset", "cancelled", hours(1), hours(0)),
            (berlin(MON, "11:00"), berlin(MON, "13:00"), "reset", "cancelled", hours(1), hours(1)),
            (berlin(MON, "13:00"), None, None, "running", hours(1), hours(1)),
        ] == cycles(status, "latest")

    def test_the_new_cycle_has_a_fresh_budget(self) -> None:
        # Cycle 3 counts from 14:00 (held 13:00-14:00): 4h is Monday 14:00-17:00 (3h) and
        # Tuesday 09:00-10:00.
        status = status_of("latest", LATEST_MESSAGE, "4h", self.EVENTS, berlin(MON, "15:00"))

        latest = status.metric("latest")
        assert ("running", berlin(TUE, "10:00"), hours(3)) == (
            latest.state,
            latest.due_at,
            latest.remaining,
        )

    def test_a_reset_while_held_starts_held(self) -> None:
        # At 13:30 cycle 3 has not counted yet: the ticket still waits on the vendor.
        status = status_of("latest", LATEST_MESSAGE, "4h", self.EVENTS, berlin(MON, "13:30"))

        latest = status.metric("latest")
        assert ("paused", berlin(MON, "13:00"), timedelta(0), hours(0.5), None) == (
            latest.state,
            latest.started_at,
            latest.elapsed,
            latest.paused,
            latest.due_at,
        )

    def test_met_by_the_public_reply(self) -> None:
        # Answered publicly at 15:00: cycle 3 met after 1h (14:00-15:00).
        events = [*self.EVENTS, E.agent_replied(berlin(MON, "15:00"))]

        status = status_of("latest", LATEST_MESSAGE, "4h", events, berlin(MON, "16:00"))

        latest = status.metric("latest")
        assert ("met", berlin(MON, "15:00"), hours(1), 3) == (
            latest.state,
            latest.met_at,
            latest.elapsed,
            len(latest.cycles),
        )


# ------------------------------------------------------------ an end that holds at the start


class TestAnEndThatAlreadyHoldsAtTheStart:
    @pytest.mark.parametrize(
        ("definition", "before"),
        [
            pytest.param(
                {
                    "start": {"group": "network"},
                    "stop": {"event": "resolved"},
                    "cancel": {"attributes": {"duplicate_of": {"exists": True}}},
                },
                E.attribute_changed(berlin(MON, "09:30"), {"duplicate_of": "T-17"}),
                id="cancel-holds",
            ),
            pytest.param(
                {"start": {"group": "network"}, "stop": {"status": "solved"}},
                E.status_changed(berlin(MON, "09:30"), "solved"),
                id="stop-holds",
            ),
        ],
    )
    def test_an_unrelated_note_decides_nothing(
        self, definition: dict[str, Any], before: TicketEvent
    ) -> None:
        # Marked a duplicate (or solved) at 09:30, then handed to the network team at 10:00:
        # its cancel (or stop) holds as the start becomes true, so the OLA counts nothing,
        # and an internal note at 11:00, which no condition mentions, changes nothing.
        # (Before the fix the cycle ran from 10:00 until the next event: 2h at 12:00 without
        # the note, ended at 11:00 with it.)
        events = [
            E.created(berlin(MON, "09:00"), "P2", group="service-desk"),
            before,
            E.assigned(berlin(MON, "10:00"), group="network"),
        ]
        noted = [*events, E.agent_replied(berlin(MON, "11:00"), public=False)]

        counted = [
            status_of("ola", definition, "4h", timeline, berlin(MON, "12:00")).metric("ola").elapsed
            for timeline in (events, noted)
        ]

        assert [timedelta(0), timedelta(0)] == counted

    def test_a_start_held_back_by_its_cancel_starts_when_the_cancel_lifts(self) -> None:
        # Marked a duplicate at 09:30 and handed to the network team at 10:00: no cycle.
        # The mark is removed at 11:00 while the team still has the ticket: the OLA starts
        # then, and at 12:00 it has counted 1h of its 4h (due 15:00).
        definition = {
            "start": {"group": "network"},
            "stop": {"event": "resolved"},
            "cancel": {"attributes": {"duplicate_of": {"exists": True}}},
        }
        events = [
            E.created(berlin(MON, "09:00"), "P2", group="service-desk"),
            E.attribute_changed(berlin(MON, "09:30"), {"duplicate_of": "T-17"}),
            E.assigned(berlin(MON, "10:00"), group="network"),
            E.attribute_changed(berlin(MON, "11:00"), {"duplicate_of": None}),
        ]

        ola = status_of("ola", definition, "4h", events, berlin(MON, "12:00")).metric("ola")

        assert ("running", berlin(MON, "11:00"), hours(1), berlin(MON, "15:00")) == (
            ola.state,
            ola.started_at,
            ola.elapsed,
            ola.due_at,
        )

    def test_a_stop_and_a_start_on_one_event_begin_the_next_cycle(self) -> None:
        # Each customer message meets the wait for it and starts the next one: at 12:00 the
        # second wait (from 11:00, 1h) is running and due at 13:00; the first was met.
        definition = {"start": {"event": "customer_replied"}, "stop": {"event": "customer_replied"}}
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.customer_replied(berlin(MON, "10:00")),
            E.customer_replied(berlin(MON, "11:00")),
        ]

        wait = status_of("wait", definition, "2h", events, berlin(MON, "12:00")).metric("wait")

        assert ("running", berlin(MON, "11:00"), berlin(MON, "13:00"), 2) == (
            wait.state,
            wait.started_at,
            wait.due_at,
            len(wait.cycles),
        )
