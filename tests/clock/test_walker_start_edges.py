"""What a ticket starts with: its priority as written, its assignee and attributes at
creation, the created event read once, and a paused deadline projected with nothing left.

The office is open Monday to Friday 09:00-17:00 in Europe/Berlin; Monday 2026-11-23 is an
ordinary winter week (+01:00). Every example is also fed, event by event, to an `SlaClock`,
which must say what `evaluate` says.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slaclock import PolicySet, SlaClock, TicketEvent, TicketStatus, evaluate

E = TicketEvent
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def mon(hhmm: str) -> datetime:
    return datetime.fromisoformat(f"2026-11-23T{hhmm}+01:00")


def status_of(policy: dict[str, Any], events: Sequence[TicketEvent], now: datetime) -> TicketStatus:
    policies = PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [{"name": "desk", "calendar": "office", **policy}],
        }
    )
    status = evaluate(policies, events, now)
    clock = SlaClock(policies)
    for event in events:
        clock.apply(event)
    assert status.to_dict() == clock.status(now).to_dict()
    return status


def test_a_priority_given_as_a_number_reads_as_its_text() -> None:
    # Created at 09:00 with priority 2 (an int, from a host's database): the targets written
    # for "2" apply, 2h: due 11:00.
    policy = {"targets": {"2": {"resolution": "2h"}, "*": {"resolution": "8h"}}}

    status = status_of(policy, [E.created(mon("09:00"), 2)], mon("10:00"))  # type: ignore[arg-type]

    assert mon("11:00") == status.metric("resolution").due_at


def test_the_assignee_at_creation_is_seen_by_a_condition() -> None:
    # Created at 09:00 already assigned to alice: her clock starts then (1h, due 10:00).
    policy = {
        "metrics": {"alice": {"start": {"assignee": "alice"}, "stop": {"event": "resolved"}}},
        "targets": {"*": {"alice": "1h"}},
    }

    status = status_of(policy, [E.created(mon("09:00"), "P2", assignee="alice")], mon("09:30"))

    assert ("running", mon("10:00")) == (
        status.metric("alice").state,
        status.metric("alice").due_at,
    )


def test_the_attributes_at_creation_are_seen_by_a_condition() -> None:
    # Created at 09:00 for a gold customer: the gold clock starts then (2h, due 11:00).
    policy = {
        "metrics": {
            "gold": {"start": {"attributes": {"tier": "gold"}}, "stop": {"event": "resolved"}}
        },
        "targets": {"*": {"gold": "2h"}},
    }

    status = status_of(
        policy, [E.created(mon("09:00"), "P2", attributes={"tier": "gold"})], mon("09:30")
    )

    assert ("running", mon("11:00")) == (status.metric("gold").state, status.metric("gold").due_at)


def test_the_created_event_is_read_once() -> None:
    # A metric that starts and is cancelled on `created`: the creation starts one cycle (an
    # end that names an event holds at that event only, and there was no cycle to end yet).
    # Read a second time, the creation would cancel it and start another.
    policy = {
        "metrics": {
            "odd": {
                "start": {"event": "created"},
                "stop": {"event": "resolved"},
                "cancel": {"event": "created"},
            }
        },
        "targets": {"*": {"odd": "1h"}},
    }
    events = [E.created(mon("09:00"), "P2"), E.customer_replied(mon("09:10"))]

    odd = status_of(policy, events, mon("09:30")).metric("odd")

    assert ("running", 1, mon("10:00")) == (odd.state, len(odd.cycles), odd.due_at)


def test_a_paused_deadline_projected_with_nothing_left_is_now() -> None:
    # 1h of resolution counted 09:00-10:00, then pending from 10:00: nothing is left. Under
    # paused_due: projected the deadline shown while paused is "now" (20:00, in the night),
    # not the close before it.
    policy = {
        "pause_on": ["pending"],
        "paused_due": "projected",
        "targets": {"*": {"resolution": "1h"}},
    }
    events = [E.created(mon("09:00"), "P2"), E.status_changed(mon("10:00"), "pending")]

    m = status_of(policy, events, mon("20:00")).metric("resolution")

    assert ("paused", mon("20:00")) == (m.state, m.due_at)


def test_a_custom_metric_paused_from_creation_is_held_from_its_first_instant() -> None:
    # A wait that starts with the ticket and is held while the status is "waiting": created
    # waiting at 09:00, open from 10:00; at 11:00 it has counted 1h of 2h (due 12:00).
    policy = {
        "metrics": {
            "wait": {
                "start": {"event": "created"},
                "stop": {"event": "resolved"},
                "pause": {"status": "waiting"},
            }
        },
        "targets": {"*": {"wait": "2h"}},
    }
    events = [
        E.created(mon("09:00"), "P2", status="waiting"),
        E.status_changed(mon("10:00"), "open"),
    ]

    m = status_of(policy, events, mon("11:00")).metric("wait")

    assert ("running", mon("12:00")) == (m.state, m.due_at)
    assert 3600 == m.elapsed.total_seconds()


def test_a_resolve_while_paused_after_the_budget_ran_out_keeps_where_it_ran_out() -> None:
    # A customer message at 09:00 waits 1h: used up at 10:00, as the ticket goes pending
    # (so not breached: exactly the budget). Resolved at 11:00 while pending. Under
    # resolved_due: projected the deadline shown is where the budget ran out, 10:00, not
    # the resolve.
    policy = {
        "pause_on": ["pending"],
        "resolved_due": "projected",
        "targets": {"*": {"next_response": "1h"}},
    }
    events = [
        E.created(mon("09:00"), "P2"),
        E.customer_replied(mon("09:00")),
        E.status_changed(mon("10:00"), "pending"),
        E.resolved(mon("11:00")),
    ]

    m = status_of(policy, events, mon("12:00")).metric("next_response")

    assert ("paused", mon("10:00")) == (m.state, m.due_at)
