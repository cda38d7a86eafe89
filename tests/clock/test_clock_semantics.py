"""Clock semantics at their edges: wall pause accounting, deadlines on a closing edge, a
restart under custom pause conditions, effective dates and closed tickets, events at the same
instant, and saved clocks.

Expected values are worked out by hand in the comments. The calendar ``office`` is open
Monday to Friday 09:00-17:00 in Europe/Berlin (8 hours a day); Monday 2026-11-23 is an
ordinary week in CET (+01:00).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from slaclock import (
    PolicyError,
    PolicySet,
    SlaClock,
    TicketEvent,
    TicketStatus,
    TimelineError,
    evaluate,
)
from slaclock.clock import policy_fingerprint
from slaclock.events.timeline import SAME_INSTANT_TYPES

E = TicketEvent
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
MON, TUE, WED = "2026-11-23", "2026-11-24", "2026-11-25"


def berlin(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}+01:00")


def policies(targets: dict[str, Any] | None = None, **options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "desk",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": targets or {"*": {"resolution": "8h"}},
                    **options,
                }
            ],
        }
    )


WALL = policies(pause_accounting="wall")
BUSINESS = policies()


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


# --------------------------------------------------------------------------- closing edge


class TestBudgetUsedUpAtClosing:
    def test_still_running_after_close_is_due_at_the_closing_instant(self) -> None:
        # Created Monday 09:00 with 8 hours: the budget runs out at 17:00 exactly. At 20:00
        # nothing more has been counted, so the ticket is due at 17:00 (not at "now") and
        # the breach begins at Tuesday's opening.
        status = evaluate(BUSINESS, [E.created(berlin(MON, "09:00"), "P2")], berlin(MON, "20:00"))
        resolution = status.metric("resolution")

        assert ("running", berlin(MON, "17:00"), hours(8), timedelta(0)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
            resolution.remaining,
        )
        assert berlin(TUE, "09:00") + timedelta(microseconds=1) == status.next_change_at


# --------------------------------------------------------------------------- wall accounting


def counted(status: TicketStatus, metric: str) -> timedelta:
    """The business time the ledger shows as counted."""
    rows = status.metric(metric).ledger
    return timedelta(seconds=sum(r.business_seconds for r in rows if r.kind == "counted"))


class TestWallAccounting:
    def test_an_overnight_pause_moves_the_deadline_by_its_wall_clock_length(self) -> None:
        # Created Monday 10:00 with 8 hours: due Tuesday 10:00. Pending from Monday 18:00 to
        # Tuesday 08:00 (14 hours, all closed): the deadline moves 14 hours, to Wednesday
        # 00:00, which in business time is Tuesday's close, 17:00. Counted: Monday 10-17 (7h)
        # and Tuesday 09-12 (3h); the allowance is 7h + the open time from Tuesday 08:00 to
        # Wednesday 00:00 (8h) = 15h, so 5 hours remain at noon.
        events = [
            E.created(berlin(MON, "10:00"), "P2"),
            E.status_changed(berlin(MON, "18:00"), "pending"),
            E.status_changed(berlin(TUE, "08:00"), "open"),
        ]
        status = evaluate(WALL, events, berlin(TUE, "12:00"))
        resolution = status.metric("resolution")

        assert ("running", berlin(TUE, "17:00"), hours(10), hours(5), hours(15)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
            resolution.remaining,
            resolution.cycles[0].budget,
        )
        assert berlin(TUE, "17:00") == status.next_change_at
        assert counted(status, "resolution") == resolution.elapsed
        moved = [r.reason for r in resolution.ledger if "deadline moved" in r.reason]
        assert [
            "resolution: deadline moved 14h later, the wall-clock length of the pause"
            " (pause_accounting: wall)"
        ] == moved

    def test_a_pause_after_the_deadline_is_not_counted(self) -> None:
        # Created Monday 09:00 with 8 hours: due 17:00. Pending 16:00-16:30 moves the deadline
        # 30 minutes, to 17:30, which is closing time in business terms: the allowance is
        # 7h (09-16) + 30m (16:30-17:00) = 7.5h, used up at 17:00. Pending again from 18:00:
        # no budget is left, so this pause moves nothing, and it counts nothing either. On
        # Tuesday at noon the ticket is still held, at its budget, not breached.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "16:30"), "open"),
            E.status_changed(berlin(MON, "18:00"), "pending"),
        ]
        status = evaluate(WALL, events, berlin(TUE, "12:00"))
        resolution = status.metric("resolution")

        assert ("paused", None, None, hours(7.5), timedelta(0)) == (
            resolution.state,
            resolution.due_at,
            resolution.breached_at,
            resolution.elapsed,
            resolution.remaining,
        )
        assert counted(status, "resolution") == resolution.elapsed
        assert status.next_change_at is None

    def test_the_breach_begins_when_the_clock_counts_again(self) -> None:
        # The same ticket, open again on Tuesday at 10:00: due as the budget ran out, at
        # Monday 17:00; breached since, with one hour over.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "16:00"), "pending"),
            E.status_changed(berlin(MON, "16:30"), "open"),
            E.status_changed(berlin(MON, "18:00"), "pending"),
            E.status_changed(berlin(TUE, "10:00"), "open"),
        ]
        resolution = evaluate(WALL, events, berlin(TUE, "11:00")).metric("resolution")

        assert ("breached", berlin(MON, "17:00"), hours(8.5)) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
        )

    def test_a_pause_that_begins_exactly_at_the_deadline_moves_nothing(self) -> None:
        # 8 hours from Monday 09:00: due 17:00. Pending from 17:00 to 20:00 begins with no
        # budget left, so it does not move the deadline; at 21:00 the ticket is due at 17:00,
        # at its budget, and breaches at Tuesday's opening.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "17:00"), "pending"),
            E.status_changed(berlin(MON, "20:00"), "open"),
        ]
        status = evaluate(WALL, events, berlin(MON, "21:00"))
        resolution = status.metric("resolution")

        assert ("running", berlin(MON, "17:00"), hours(8)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
        )
        assert berlin(TUE, "09:00") + timedelta(microseconds=1) == status.next_change_at

    def test_a_pause_in_open_hours_that_begins_at_the_deadline_is_not_counted(self) -> None:
        # 4 hours from Monday 09:00: due 13:00. Pending 13:00-14:00 begins with no budget
        # left: nothing moves, and the held hour is not counted. At 15:00: 4h + 1h counted,
        # breached at 13:00.
        wall = policies({"*": {"resolution": "4h"}}, pause_accounting="wall")
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "13:00"), "pending"),
            E.status_changed(berlin(MON, "14:00"), "open"),
        ]
        resolution = evaluate(wall, events, berlin(MON, "15:00")).metric("resolution")

        assert ("breached", berlin(MON, "13:00"), hours(5), hours(1)) == (
            resolution.state,
            resolution.breached_at,
            resolution.elapsed,
            resolution.paused,
        )

    def test_in_open_hours_wall_and_business_accounting_agree(self) -> None:
        # 4 hours from Monday 09:00: due 13:00. Pending 10:00-11:30 inside open hours: both
        # move the deadline 90 minutes, to 14:30.
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.status_changed(berlin(MON, "11:30"), "open"),
        ]
        targets = {"*": {"resolution": "4h"}}
        wall = evaluate(policies(targets, pause_accounting="wall"), events, berlin(MON, "12:00"))
        business = evaluate(policies(targets), events, berlin(MON, "12:00"))

        expected = (berlin(MON, "14:30"), hours(1.5), hours(2.5))
        for status in (wall, business):
            m = status.metric("resolution")
            assert expected == (m.due_at, m.elapsed, m.remaining)

    def test_a_deadline_moved_into_closed_time_gains_nothing_there(self) -> None:
        # 8 hours from Monday 09:00: due 17:00. Pending 10:00-11:30 moves the wall-clock
        # deadline 90 minutes, to 18:30, after closing: in business time that is 17:00 again.
        # Counted at 12:00: 1h + 30m; allowance 1h + the open time from 11:30 to 18:30
        # (5h30m) = 6h30m; 5 hours remain (business accounting would leave 6h30m).
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.status_changed(berlin(MON, "10:00"), "pending"),
            E.status_changed(berlin(MON, "11:30"), "open"),
        ]
        wall = evaluate(WALL, events, berlin(MON, "12:00")).metric("resolution")

        assert (berlin(MON, "17:00"), hours(1.5), hours(5), hours(6.5)) == (
            wall.due_at,
            wall.elapsed,
            wall.remaining,
            wall.cycles[0].budget,
        )


# --------------------------------------------------------------------------- restart


HANDLING = {
    "start": {"event": "created"},
    "stop": {"event": "resolved"},
    "pause": {"event": "assigned", "group": "vendor"},
    "resume": {"event": "assigned", "not": {"group": "vendor"}},
}


class TestRestartUnderCustomPauseConditions:
    def test_the_new_cycle_starts_in_the_hold_the_conditions_say(self) -> None:
        # The handling clock runs from Monday 09:00 and is held from 10:00, when the vendor
        # takes the ticket, until the ticket is assigned elsewhere. The priority change at
        # 11:00 restarts it: the new cycle starts held, and at 12:00 has counted nothing.
        restart = policies(
            {"*": {"handling": "4h"}}, metrics={"handling": HANDLING}, priority_change="restart"
        )
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.assigned(berlin(MON, "10:00"), group="vendor"),
            E.priority_changed(berlin(MON, "11:00"), "P1"),
        ]
        handling = evaluate(restart, events, berlin(MON, "12:00")).metric("handling")

        assert [
            ("restarted", hours(1), hours(1)),
            ("paused", hours(0), hours(1)),
        ] == [(c.outcome or c.state, c.elapsed, c.paused) for c in handling.cycles]
        assert ("paused", None) == (handling.state, handling.due_at)

    def test_the_resume_condition_ends_the_hold_of_the_new_cycle(self) -> None:
        # Assigned back to the desk at 11:30: the second cycle counts from then.
        restart = policies(
            {"*": {"handling": "4h"}}, metrics={"handling": HANDLING}, priority_change="restart"
        )
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.assigned(berlin(MON, "10:00"), group="vendor"),
            E.priority_changed(berlin(MON, "11:00"), "P1"),
            E.assigned(berlin(MON, "11:30"), group="desk"),
        ]
        handling = evaluate(restart, events, berlin(MON, "12:00")).metric("handling")

        assert ("running", timedelta(minutes=30), berlin(MON, "15:30")) == (
            handling.state,
            handling.elapsed,
            handling.due_at,
        )


# --------------------------------------------------------------------------- effective dates


def versioned() -> PolicySet:
    """Resolution within 16 hours until 1 December 2026, within 8 hours from then on; the
    version is picked at the evaluated instant."""
    base = {"name": "desk", "calendar": "office"}
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "effective_by": "now",
            "policies": [
                {**base, "targets": {"*": {"resolution": "16h"}}, "effective_until": "2026-12-01"},
                {**base, "targets": {"*": {"resolution": "8h"}}, "effective_from": "2026-12-01"},
            ],
        }
    )


class TestEffectiveByNowAndClosedTickets:
    # Created Monday 09:00; resolved Tuesday 12:00 after 11 business hours (met under 16h,
    # breached under 8h).
    CREATED = E.created(berlin(MON, "09:00"), "P2")
    RESOLVED = E.resolved(berlin(TUE, "12:00"))
    LATER = berlin("2026-12-02", "10:00")

    def test_a_closed_ticket_keeps_its_verdict(self) -> None:
        events = [self.CREATED, self.RESOLVED, E.closed(berlin(TUE, "13:00"))]

        status = evaluate(versioned(), events, self.LATER)

        resolution = status.metric("resolution")
        assert ("met", hours(16)) == (resolution.state, resolution.cycles[-1].budget)
        assert any("the ticket was closed at" in r for r in status.reasons)

    def test_an_open_ticket_moves_to_the_new_version(self) -> None:
        status = evaluate(versioned(), [self.CREATED], self.LATER)

        resolution = status.metric("resolution")
        assert ("breached", hours(8)) == (resolution.state, resolution.cycles[-1].budget)

    def test_a_resolved_ticket_that_is_not_closed_moves(self) -> None:
        # Resolved is not final: it may reopen, so it is judged by the version in effect.
        status = evaluate(versioned(), [self.CREATED, self.RESOLVED], self.LATER)

        assert "breached" == status.metric("resolution").state

    def test_a_reopened_ticket_moves_again(self) -> None:
        events = [
            self.CREATED,
            self.RESOLVED,
            E.closed(berlin(TUE, "13:00")),
            E.reopened(berlin(WED, "09:00")),
        ]

        status = evaluate(versioned(), events, self.LATER)

        assert hours(8) == status.metric("resolution").cycles[-1].budget

    def test_before_the_new_version_the_closed_ticket_is_unchanged(self) -> None:
        events = [self.CREATED, self.RESOLVED, E.closed(berlin(TUE, "13:00"))]

        status = evaluate(versioned(), events, berlin(WED, "10:00"))

        assert "met" == status.metric("resolution").state


# --------------------------------------------------------------------------- same instant


class TestEventsAtTheSameInstant:
    # At 10:00 two status changes arrive at once: "pending" (which pauses) and "open".
    CREATED = E.created(berlin(MON, "09:00"), "P2")
    PENDING = E.status_changed(berlin(MON, "10:00"), "pending")
    OPEN = E.status_changed(berlin(MON, "10:00"), "open")

    def test_without_seq_the_order_does_not_depend_on_arrival(self) -> None:
        # Same type, so by content: "open" sorts before "pending"; the ticket ends up
        # pending, whichever order the events come in.
        stored = [self.CREATED, self.PENDING, self.OPEN]
        clock = SlaClock(BUSINESS)
        for event in [self.CREATED, self.OPEN, self.PENDING]:
            clock.apply(event)

        expected = evaluate(BUSINESS, stored, berlin(MON, "11:00")).to_dict()

        assert expected == clock.status(berlin(MON, "11:00")).to_dict()
        assert "paused" == expected["metrics"]["resolution"]["state"]

    def test_seq_orders_events_at_the_same_instant(self) -> None:
        # The host numbered them: pending (1), then open (2). The ticket ends up open.
        pending, reopen = replace(self.PENDING, seq=1), replace(self.OPEN, seq=2)
        clock = SlaClock(BUSINESS)
        for event in [self.CREATED, reopen, pending]:
            clock.apply(event)

        expected = evaluate(BUSINESS, [self.CREATED, pending, reopen], berlin(MON, "11:00"))

        assert expected.to_dict() == clock.status(berlin(MON, "11:00")).to_dict()
        assert ("running", hours(2)) == (
            expected.metric("resolution").state,
            expected.metric("resolution").elapsed,
        )
        assert (self.CREATED, pending, reopen) == clock.events

    def test_seq_never_overrides_instants(self) -> None:
        late = E.status_changed(berlin(MON, "10:30"), "open", seq=0)
        events = [self.CREATED, replace(self.PENDING, seq=5), late]

        status = evaluate(BUSINESS, events, berlin(MON, "11:00"))

        # 09:00-10:00 and 10:30-11:00 counted; 10:00-10:30 pending.
        assert hours(1.5) == status.metric("resolution").elapsed

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            pytest.param("resolved", "reopened", id="reopen-before-resolve"),
            pytest.param("customer_replied", "agent_replied", id="customer-before-agent"),
            pytest.param("agent_replied", "resolved", id="reply-before-resolve"),
            pytest.param("resolved", "closed", id="resolve-before-close"),
        ],
    )
    def test_without_seq_types_follow_the_documented_order(self, first: str, second: str) -> None:
        at = berlin(MON, "10:00")
        a = E(first, at, public=True if first == "agent_replied" else None)
        b = E(second, at, public=True if second == "agent_replied" else None)

        forward = SlaClock(BUSINESS, [self.CREATED, a, b]).events
        backward = SlaClock(BUSINESS, [self.CREATED, b, a]).events

        assert forward == backward
        ranks = [SAME_INSTANT_TYPES.index(e.type) for e in forward[1:]]
        assert sorted(ranks) == ranks


# --------------------------------------------------------------------------- saved clocks


class TestSavedClocks:
    EVENTS = (E.created(berlin(MON, "09:00"), "P2"), E.status_changed(berlin(MON, "10:00"), "x"))

    def saved(self) -> dict[str, Any]:
        return dict(json.loads(SlaClock(BUSINESS, self.EVENTS).to_json()))

    @pytest.mark.parametrize(
        "version", [pytest.param(True, id="true"), pytest.param(1.0, id="float"), "2", 3]
    )
    def test_a_version_that_is_not_a_known_whole_number_is_refused(self, version: Any) -> None:
        data = {**self.saved(), "slaclock": version}

        with pytest.raises(TimelineError, match="not a saved slaclock clock"):
            SlaClock.from_json(json.dumps(data), BUSINESS)

    def test_a_clock_saved_under_other_policies_is_refused(self) -> None:
        text = SlaClock(BUSINESS, self.EVENTS).to_json()

        with pytest.raises(PolicyError) as error:
            SlaClock.from_json(text, WALL)

        assert "this clock was saved under another policy set" in str(error.value)
        assert "migrate=True" in str(error.value)

    def test_an_equal_policy_set_loaded_again_is_accepted(self) -> None:
        text = SlaClock(BUSINESS, self.EVENTS).to_json()

        restored = SlaClock.from_json(text, policies())

        assert self.EVENTS == restored.events

    def test_migrate_restores_under_the_new_policies(self) -> None:
        text = SlaClock(BUSINESS, self.EVENTS).to_json()

        restored = SlaClock.from_json(text, WALL, migrate=True)

        now = berlin(MON, "12:00")
        assert evaluate(WALL, self.EVENTS, now).to_dict() == restored.status(now).to_dict()
        assert json.loads(restored.to_json())["policies"] == policy_fingerprint(WALL)

    def test_a_clock_saved_before_fingerprints_is_restored(self) -> None:
        data = {"slaclock": 1, "events": [e.to_dict() for e in self.EVENTS]}

        restored = SlaClock.from_json(json.dumps(data), WALL)

        assert self.EVENTS == restored.events

    def test_the_fingerprint_sees_a_changed_calendar(self) -> None:
        later = {**OFFICE, "hours": {"mon-fri": ["10:00-17:00"]}}
        other = PolicySet.from_dict(
            {
                "calendars": {"office": later},
                "policies": [
                    {
                        "name": "desk",
                        "calendar": "office",
                        "pause_on": ["pending"],
                        "targets": {"*": {"resolution": "8h"}},
                    }
                ],
            }
        )

        assert policy_fingerprint(BUSINESS) != policy_fingerprint(other)
        assert policy_fingerprint(BUSINESS) == policy_fingerprint(BUSINESS.get("desk"))

    @pytest.mark.parametrize(
        "value",
        [
            pytest.param(Decimal("1.5"), id="decimal"),
            pytest.param(date(2026, 11, 23), id="date"),
            pytest.param((1, 2), id="tuple"),
            pytest.param({1: "a"}, id="number-key"),
        ],
    )
    def test_attribute_values_a_saved_clock_cannot_store_are_refused(self, value: Any) -> None:
        clock = SlaClock(BUSINESS, [self.EVENTS[0]])
        bad = E.attribute_changed(berlin(MON, "10:00"), {"due": value}, id="a")

        with pytest.raises(TimelineError) as error:
            clock.apply(bad)

        assert str(error.value).startswith("event 1 id 'a': attribute 'due' is")
        assert (self.EVENTS[0],) == clock.events
        json.loads(clock.to_json())

    def test_json_attribute_values_round_trip(self) -> None:
        created = E.created(
            berlin(MON, "09:00"), "P2", {"tier": "gold", "n": 3, "x": 1.5, "l": [1, {"a": None}]}
        )
        clock = SlaClock(BUSINESS, [created])

        restored = SlaClock.from_json(clock.to_json(), BUSINESS)

        assert clock.events == restored.events
