"""Worked examples of ``pause_rounding`` and ``selection``, the two options the ``zammad``
preset needs, each computed by hand in the comments, under slaclock's default and under the
option.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00. Monday 23 November 2026 is an ordinary Monday; ``pending`` pauses every clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus
from slaclock.errors import PolicyFileError

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def checked(policies: PolicySet, events: Sequence[TicketEvent], now: str) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock (fed in reverse, and in
    order) says the same."""
    status = evaluate(policies, events, t(now))
    for order in (list(reversed(events)), list(events)):
        clock = SlaClock(policies)
        for event in order:
            clock.apply(event)
        assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


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


def due(status: TicketStatus, metric: str) -> str | None:
    found = status.metric(metric).due_at
    return None if found is None else found.isoformat()


class TestPauseRounding:
    # Created Monday 10:00; pending from 10:15:40 to 10:45:50.
    PAUSE = (
        E.created(t("2026-11-23T10:00+01:00"), "P2"),
        E.status_changed(t("2026-11-23T10:15:40+01:00"), "pending"),
        E.status_changed(t("2026-11-23T10:45:50+01:00"), "open"),
    )

    @pytest.mark.parametrize(
        ("option", "due_at", "held"),
        [
            # 15:40 counted, 30:10 held; the other 44:20 from 10:45:50 end at 11:30:10.
            ("none", "2026-11-23T11:30:10+01:00", timedelta(minutes=30, seconds=10)),
            # 15:00 counted, held 10:15-10:45; the other 45:00 from 10:45 end at 11:30.
            ("minute", "2026-11-23T11:30:00+01:00", timedelta(minutes=30)),
        ],
    )
    def test_a_pause_from_and_to_whole_minutes(
        self, option: str, due_at: str, held: timedelta
    ) -> None:
        status = checked(support(pause_rounding=option), self.PAUSE, "2026-11-23T11:00+01:00")

        fr = status.metric("first_response")
        assert (due_at, held) == (due(status, "first_response"), fr.paused)

    def test_the_ledger_shows_the_whole_minutes(self) -> None:
        status = checked(support(pause_rounding="minute"), self.PAUSE, "2026-11-23T11:00+01:00")

        rows = [
            (row.start.strftime("%H:%M:%S"), row.end and row.end.strftime("%H:%M:%S"), row.reason)
            for row in status.metric("first_response").ledger
            if row.kind == "paused"
        ]
        assert [
            (
                "10:15:00",
                "10:45:00",
                "paused: status 'pending' (pause_rounding: from and to whole minutes): 30m of"
                " business time not counted",
            )
        ] == rows

    @pytest.mark.parametrize(
        ("option", "due_at"),
        [
            # 40 s held from 10:15:10 to 10:15:50: due 11:00:40.
            ("none", "2026-11-23T11:00:40+01:00"),
            # Both ends cut to 10:15: nothing held, due 11:00.
            ("minute", "2026-11-23T11:00:00+01:00"),
        ],
    )
    def test_a_pause_inside_one_minute(self, option: str, due_at: str) -> None:
        events = [
            E.created(t("2026-11-23T10:00+01:00"), "P2"),
            E.status_changed(t("2026-11-23T10:15:10+01:00"), "pending"),
            E.status_changed(t("2026-11-23T10:15:50+01:00"), "open"),
        ]

        status = checked(support(pause_rounding=option), events, "2026-11-23T10:30+01:00")

        assert due_at == due(status, "first_response")

    @pytest.mark.parametrize(
        ("option", "due_at"),
        [
            # 20 s counted (10:00:30-10:00:50); 59:40 from 10:30 end at 11:29:40.
            ("none", "2026-11-23T11:29:40+01:00"),
            # The hold would begin at 10:00:00, before the clock started at 10:00:30: it
            # begins at the start instead, so nothing is counted and 1h from 10:30 ends 11:30.
            ("minute", "2026-11-23T11:30:00+01:00"),
        ],
    )
    def test_a_hold_never_begins_before_its_cycle(self, option: str, due_at: str) -> None:
        events = [
            E.created(t("2026-11-23T10:00:30+01:00"), "P2"),
            E.status_changed(t("2026-11-23T10:00:50+01:00"), "pending"),
            E.status_changed(t("2026-11-23T10:30+01:00"), "open"),
        ]

        status = checked(support(pause_rounding=option), events, "2026-11-23T10:45+01:00")

        assert due_at == due(status, "first_response")
        started = status.metric("first_response").started_at
        assert "2026-11-23T10:00:30+01:00" == (started and started.isoformat())

    @pytest.mark.parametrize(
        ("option", "due_at"),
        [
            # 1:00:30 counted to the resolve at 11:00:30, resolved until 12:00:20; the other
            # 2:59:30 end at 14:59:50.
            ("none", "2026-11-23T14:59:50+01:00"),
            # Counted to 11:00, resolved 11:00-12:00; the other 3h end at 15:00.
            ("minute", "2026-11-23T15:00:00+01:00"),
        ],
    )
    def test_the_time_resolved_before_a_reopen(self, option: str, due_at: str) -> None:
        events = [
            E.created(t("2026-11-23T10:00+01:00"), "P2"),
            E.agent_replied(t("2026-11-23T10:10+01:00")),
            E.resolved(t("2026-11-23T11:00:30+01:00")),
            E.reopened(t("2026-11-23T12:00:20+01:00")),
        ]

        status = checked(support(pause_rounding=option), events, "2026-11-23T13:00+01:00")

        assert due_at == due(status, "resolution")
        assert "running" == status.metric("resolution").state

    @pytest.mark.parametrize(
        ("events", "state", "due_at", "paused", "rows"),
        [
            pytest.param(
                # Pending from 10:30:20 (held from 10:30), resolved while pending at 11:00:40,
                # reopened 12:00:10 (12:00) and still pending: 30 min counted, held since.
                [
                    E.created(t("2026-11-23T10:00+01:00"), "P2"),
                    E.status_changed(t("2026-11-23T10:30:20+01:00"), "pending"),
                    E.resolved(t("2026-11-23T11:00:40+01:00")),
                    E.reopened(t("2026-11-23T12:00:10+01:00")),
                ],
                "paused",
                None,
                timedelta(hours=2, minutes=30),
                [
                    ("counted", "10:00:00", "10:30:00"),
                    ("paused", "10:30:00", "11:00:40"),
                    ("paused", "11:00:40", "12:00:00"),
                    ("paused", "12:00:00", "13:00:00"),
                ],
                id="resolved-while-pending",
            ),
            pytest.param(
                # The same, reopened within the resolve's minute (11:00:50 cuts to 11:00,
                # before the resolve): the pending hold just goes on to 11:10. Counted
                # 10:00-10:30 and 11:10-13:00, 2h20; the other 1h40 end at 14:40.
                [
                    E.created(t("2026-11-23T10:00+01:00"), "P2"),
                    E.status_changed(t("2026-11-23T10:30:20+01:00"), "pending"),
                    E.resolved(t("2026-11-23T11:00:40+01:00")),
                    E.reopened(t("2026-11-23T11:00:50+01:00")),
                    E.status_changed(t("2026-11-23T11:10+01:00"), "open"),
                ],
                "running",
                "2026-11-23T14:40:00+01:00",
                timedelta(minutes=40),
                [
                    ("counted", "10:00:00", "10:30:00"),
                    ("paused", "10:30:00", "11:00:40"),
                    ("paused", "11:00:40", "11:10:00"),
                    ("counted", "11:10:00", "13:00:00"),
                ],
                id="reopened-in-the-resolve-minute",
            ),
            pytest.param(
                # Resolved at the instant it was created (10:00:30), reopened 10:20:10
                # (10:20): nothing counted before; 4h from 10:20 end at 14:20.
                [
                    E.created(t("2026-11-23T10:00:30+01:00"), "P2"),
                    E.resolved(t("2026-11-23T10:00:30+01:00")),
                    E.reopened(t("2026-11-23T10:20:10+01:00")),
                ],
                "running",
                "2026-11-23T14:20:00+01:00",
                timedelta(minutes=19, seconds=30),
                [("paused", "10:00:30", "10:20:00"), ("counted", "10:20:00", "13:00:00")],
                id="resolved-at-creation",
            ),
            pytest.param(
                # Created 10:00:30, resolved 10:00:50: the resolve's minute begins before the
                # clock started, so the 20 s are not counted; reopened 10:05:10 (10:05): 4h
                # from 10:05 end at 14:05.
                [
                    E.created(t("2026-11-23T10:00:30+01:00"), "P2"),
                    E.resolved(t("2026-11-23T10:00:50+01:00")),
                    E.reopened(t("2026-11-23T10:05:10+01:00")),
                ],
                "running",
                "2026-11-23T14:05:00+01:00",
                timedelta(minutes=4, seconds=30),
                [("paused", "10:00:30", "10:05:00"), ("counted", "10:05:00", "13:00:00")],
                id="resolved-in-the-first-minute",
            ),
        ],
    )
    def test_reopen_edges(
        self,
        events: list[TicketEvent],
        state: str,
        due_at: str | None,
        paused: timedelta,
        rows: list[tuple[str, str, str]],
    ) -> None:
        status = checked(support(pause_rounding="minute"), events, "2026-11-23T13:00+01:00")

        resolution = status.metric("resolution")
        assert (state, due_at, paused) == (
            resolution.state,
            due(status, "resolution"),
            resolution.paused,
        )
        assert rows == [
            (row.kind, row.start.strftime("%H:%M:%S"), row.end.strftime("%H:%M:%S"))
            for row in resolution.ledger
            if row.end is not None
        ]

    def test_the_met_instant_keeps_its_seconds(self) -> None:
        # A reply during the pause meets the first response at its own instant.
        events = [*self.PAUSE[:2], E.agent_replied(t("2026-11-23T10:20:05+01:00"))]

        status = checked(support(pause_rounding="minute"), events, "2026-11-23T11:00+01:00")

        fr = status.metric("first_response")
        assert ("met", "2026-11-23T10:20:05+01:00") == (
            fr.state,
            fr.met_at and fr.met_at.isoformat(),
        )


def desk(urgent: dict[str, Any], *, normal: bool = True) -> PolicySet:
    """``urgent`` (1h first response, 4h resolution) for priority high; ``normal`` (4h,
    16h) for every other ticket, unless left out."""
    policies = [
        {
            "name": "urgent",
            "calendar": "office",
            "match": {"priority": "high"},
            "targets": {"*": {"first_response": "1h", "resolution": "4h"}},
            **urgent,
        }
    ]
    if normal:
        policies.append(
            {
                "name": "normal",
                "calendar": "office",
                "targets": {"*": {"first_response": "4h", "resolution": "16h"}},
            }
        )
    return PolicySet.from_dict({"calendars": {"office": OFFICE}, "policies": policies})


class TestSelection:
    # Created Monday 10:00 as high, lowered at 10:20.
    LOWERED = (
        E.created(t("2026-11-23T10:00+01:00"), "high"),
        E.priority_changed(t("2026-11-23T10:20+01:00"), "low"),
    )

    def test_by_default_the_policy_chosen_at_creation_stays(self) -> None:
        status = checked(desk({}), self.LOWERED, "2026-11-23T10:30+01:00")

        assert status.policy is not None
        # urgent's 1h from 10:00.
        assert ("urgent", "2026-11-23T11:00:00+01:00") == (
            status.policy.name,
            due(status, "first_response"),
        )

    def test_on_change_the_next_policy_applies_from_the_creation(self) -> None:
        status = checked(desk({"selection": "on_change"}), self.LOWERED, "2026-11-23T10:30+01:00")

        assert status.policy is not None
        # normal's targets from Monday 10:00: 4h end at 14:00; of 16h, Monday 10:00-17:00
        # gives 7h, Tuesday 8h, and the last 1h ends Wednesday 10:00.
        assert (
            "normal",
            "2026-11-23T14:00:00+01:00",
            "2026-11-25T10:00:00+01:00",
        ) == (status.policy.name, due(status, "first_response"), due(status, "resolution"))
        assert timedelta(minutes=30) == status.metric("first_response").elapsed
        assert (
            "priority changed high -> low at 2026-11-23T10:20:00+01:00: the policy is chosen"
            " again (policy 'urgent' says selection: on_change)",
            "policy 'urgent' skipped: priority='low' is not in ['high']",
            "policy 'normal' chosen: it has no match conditions (a fallback)",
            "policy 'normal' applies from the ticket's creation",
        ) == status.reasons[1:]

    def test_a_ticket_no_policy_matches_any_more_has_no_metrics(self) -> None:
        status = checked(
            desk({"selection": "on_change"}, normal=False), self.LOWERED, "2026-11-23T10:30+01:00"
        )

        assert (None, ()) == (status.policy, status.metrics)
        assert "no policy matched, so the ticket has no SLA targets" == status.reasons[-1]

    def test_before_the_change_the_first_policy_holds(self) -> None:
        status = checked(
            desk({"selection": "on_change"}, normal=False), self.LOWERED, "2026-11-23T10:19+01:00"
        )

        assert status.policy is not None
        assert ("urgent", 1) == (status.policy.name, len(status.reasons))

    def test_a_ticket_picked_up_later_is_measured_from_its_creation(self) -> None:
        # Created low (no policy), raised to high at 11:30: urgent's 1h ran out at 11:00.
        events = [
            E.created(t("2026-11-23T10:00+01:00"), "low"),
            E.priority_changed(t("2026-11-23T11:30+01:00"), "high"),
        ]

        before = checked(
            desk({"selection": "on_change"}, normal=False), events, "2026-11-23T11:15+01:00"
        )
        after = checked(
            desk({"selection": "on_change"}, normal=False), events, "2026-11-23T11:45+01:00"
        )

        assert (None, ()) == (before.policy, before.metrics)
        fr = after.metric("first_response")
        assert ("breached", "2026-11-23T11:00:00+01:00") == (
            fr.state,
            fr.breached_at and fr.breached_at.isoformat(),
        )

    def test_a_policy_that_chooses_once_keeps_the_ticket(self) -> None:
        # high -> low moves the ticket to normal (at_creation); back to high, normal keeps it.
        events = [*self.LOWERED, E.priority_changed(t("2026-11-23T10:40+01:00"), "high")]

        status = checked(desk({"selection": "on_change"}), events, "2026-11-23T11:00+01:00")

        assert status.policy is not None
        assert "normal" == status.policy.name
        assert 1 == sum("chosen again" in line for line in status.reasons)

    def test_an_attribute_change(self) -> None:
        policies = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE},
                "policies": [
                    {
                        "name": "gold",
                        "calendar": "office",
                        "selection": "on_change",
                        "match": {"tier": "gold"},
                        "targets": {"*": {"first_response": "1h"}},
                    }
                ],
            }
        )
        events = [
            E.created(t("2026-11-23T10:00+01:00"), "P2", attributes={"tier": "gold"}),
            E.attribute_changed(t("2026-11-23T10:20+01:00"), {"tier": None}),
        ]

        status = checked(policies, events, "2026-11-23T10:30+01:00")

        assert (None, ()) == (status.policy, status.metrics)
        assert status.reasons[1].startswith("attributes changed (tier=None) at 2026-11-23T10:20")


class TestInFiles:
    @pytest.mark.parametrize(
        ("key", "value"), [("pause_rounding", "second"), ("selection", "always")]
    )
    def test_an_unknown_value_names_the_field(self, key: str, value: str) -> None:
        with pytest.raises(PolicyFileError) as caught:
            support(**{key: value})

        assert f"policies[0].{key}" in str(caught.value)

    def test_written_back_and_read_again(self) -> None:
        policies = support(pause_rounding="minute", selection="on_change")

        written = policies.to_dict()

        assert ("minute", "on_change") == (
            written["policies"][0]["pause_rounding"],
            written["policies"][0]["selection"],
        )
        assert policies == PolicySet.from_dict(written)
