"""The walk and the measure at their edges: a cycle started mid-minute under
``start_rounding: minute``, a hold that begins and ends at the same instant, and a
wall-clock pause whose moved deadline leaves no business time.

Each test kills mutants that survived a mutation run (docs/testing/mutation.md). Expected
values are worked out by hand in the comments. The calendar ``office`` is open Monday to
Friday 09:00-17:00 in Europe/Berlin; Monday 2026-11-23 is an ordinary week in CET (+01:00).
The status ``pending`` pauses every metric.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from office_desk import MON, berlin, desk

from slaclock import PolicySet, SlaPolicy, TicketEvent, evaluate
from slaclock.errors import PolicyError

E = TicketEvent


def minutes(m: float) -> timedelta:
    return timedelta(minutes=m)


def policies(targets: dict[str, Any], **options: Any) -> PolicySet:
    """`desk` with `targets` for every priority."""
    return desk({"*": targets}, **options)


class TestStartRounding:
    def test_a_cycle_armed_mid_minute_starts_at_the_whole_minute_before(self) -> None:
        # The customer writes at 10:00:30; under start_rounding: minute the next response
        # starts at 10:00:00 (rounded down, never up to 10:01). With 1 hour it is due at
        # 11:00, and at 10:30 it has counted 30 minutes.
        events = [
            E.created(berlin(MON, "09:00"), "P1"),
            E.customer_replied(berlin(MON, "10:00:30")),
        ]
        rounded = policies({"next_response": "1h"}, start_rounding="minute")
        reply = evaluate(rounded, events, berlin(MON, "10:30")).metric("next_response")

        assert ("running", berlin(MON, "10:00"), berlin(MON, "11:00"), minutes(30)) == (
            reply.state,
            reply.started_at,
            reply.due_at,
            reply.elapsed,
        )


class TestHoldOfNoLength:
    def test_a_pause_lifted_at_the_instant_it_began_leaves_no_ledger_row(self) -> None:
        # Created pending at 09:00 and opened at that same instant: the clock was held for
        # no time at all, so the ledger shows the start and one counted run, 09:00-10:00,
        # and no pause row of zero length.
        events = [
            E.created(berlin(MON, "09:00"), "P1", status="pending"),
            E.status_changed(berlin(MON, "09:00"), "open"),
        ]
        resolution = evaluate(policies({"resolution": "2h"}), events, berlin(MON, "10:00")).metric(
            "resolution"
        )

        assert (
            [
                ("event", berlin(MON, "09:00"), None),
                ("counted", berlin(MON, "09:00"), berlin(MON, "10:00")),
            ],
            timedelta(0),
            minutes(60),
        ) == (
            [(row.kind, row.start, row.end) for row in resolution.ledger],
            resolution.paused,
            resolution.elapsed,
        )


class TestWallMoveThatLeavesNoBusinessTime:
    def test_met_while_held_is_due_where_the_hold_ended(self) -> None:
        # First response 1h, pause_accounting: wall. Created 16:00; counted 16:00-16:30
        # (30m, 30m left); pending 16:30-17:15, when the agent replies (still pending).
        # Without the pause the 30m left would run out at 17:00; the pause moves that by
        # its wall-clock length, 45m, to 17:45. From the hold's end, 17:15, to 17:45 the
        # office is closed: no business time, so the allowance is the 30m counted, used up
        # as the hold ended. Due 17:15 (not 17:00, the close before it), met at 17:15 with
        # exactly the allowance used: not breached.
        events = [
            E.created(berlin(MON, "16:00"), "P1"),
            E.status_changed(berlin(MON, "16:30"), "pending"),
            E.agent_replied(berlin(MON, "17:15")),
        ]
        wall = policies({"first_response": "1h"}, pause_accounting="wall")
        first = evaluate(wall, events, berlin(MON, "18:00")).metric("first_response")

        assert ("met", berlin(MON, "17:15"), berlin(MON, "17:15"), minutes(30), minutes(30)) == (
            first.state,
            first.due_at,
            first.met_at,
            first.elapsed,
            first.cycles[0].budget,
        )


def test_a_policy_built_in_python_refuses_a_custom_metric_named_like_a_built_in_one() -> None:
    # A policy file refuses it already; a policy built in Python must too, since the walk
    # keeps one track per metric name (a custom "resolution" would share the built-in's).
    loaded = PolicySet.from_dict(
        {
            "calendars": {"office": {"timezone": "UTC", "hours": "24x7"}},
            "policies": [
                {
                    "name": "p",
                    "calendar": "office",
                    "metrics": {"ola": {"start": {"group": "n"}, "stop": {"event": "resolved"}}},
                    "targets": {"*": {"ola": "1h"}},
                }
            ],
        }
    ).policies[0]
    definition = loaded.metrics["ola"]

    with pytest.raises(PolicyError, match="custom metric 'resolution' is a built-in metric"):
        SlaPolicy("p", loaded.calendar, "office", {}, metrics={"resolution": definition})
