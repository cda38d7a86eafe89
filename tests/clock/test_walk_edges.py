"""The walk's handlers at their edges, seen through custom metrics: what a condition is shown
of the event that just happened (a reply's ``public``), and the ticket's attributes as
``attribute_changed`` events set and remove them.

Expected values are worked out by hand in the comments. The office is open Monday to Friday
09:00-17:00 UTC; Monday 2026-11-23 is an ordinary week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicySet, SlaClock, TicketEvent, TicketStatus, evaluate

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}


def status_of(
    metric: str, definition: dict[str, Any], events: Sequence[TicketEvent], now: str
) -> TicketStatus:
    """Evaluate a policy with one custom metric of 4 hours, and check that the incremental
    clock, fed the same events, says the same."""
    policies = PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "desk",
                    "calendar": "office",
                    "metrics": {metric: definition},
                    "targets": {"*": {metric: "4h"}},
                }
            ],
        }
    )
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in events:
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def minutes(m: int) -> timedelta:
    return timedelta(minutes=m)


class TestTheEventAConditionSees:
    def test_a_public_reply_stops_the_clock_an_internal_note_does_not(self) -> None:
        # Started at creation (09:00), stopped by the first public agent reply. The internal
        # note at 09:30 leaves it running; the public reply at 10:00 meets it after 1h. At
        # 11:00 nothing more has been counted.
        reply = {
            "start": {"event": "created"},
            "stop": {"event": "agent_replied", "public": True},
        }
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.agent_replied(t("2026-11-23T09:30+00:00"), public=False),
            E.agent_replied(t("2026-11-23T10:00+00:00")),
        ]

        metric = status_of("reply", reply, events, "2026-11-23T11:00+00:00").metric("reply")

        assert ("met", minutes(60), t("2026-11-23T10:00+00:00")) == (
            metric.state,
            metric.elapsed,
            metric.cycles[0].ended_at,
        )

    def test_an_internal_note_can_pause_the_clock(self) -> None:
        # ``public: false``: an internal note pauses the clock (10:00) until the next public
        # reply (10:30); the clock stops only on the ticket's resolve. At 11:00: 09:00-10:00
        # and 10:30-11:00 counted, 30 minutes held.
        handling = {
            "start": {"event": "created"},
            "pause": {"event": "agent_replied", "public": False},
            "resume": {"event": "agent_replied", "public": True},
            "stop": {"event": "resolved"},
        }
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.agent_replied(t("2026-11-23T10:00+00:00"), public=False),
            E.agent_replied(t("2026-11-23T10:30+00:00")),
        ]

        metric = status_of("handling", handling, events, "2026-11-23T11:00+00:00").metric(
            "handling"
        )

        assert ("running", minutes(90), minutes(30)) == (
            metric.state,
            metric.elapsed,
            metric.cycles[0].paused,
        )


#: A clock that runs while a vendor works on the ticket: from when the ``vendor`` attribute
#: names one, held while it names none, until the ticket is resolved.
VENDOR = {
    "start": {"attributes": {"vendor": {"exists": True}}},
    "pause": {"attributes": {"vendor": {"exists": False}}},
    "stop": {"event": "resolved"},
}


class TestAttributes:
    def test_a_vendor_set_removed_and_set_again(self) -> None:
        # Created with another attribute only (09:00): no vendor, not started. ``acme`` from
        # 10:00 starts it; the vendor removed (null) at 11:00 holds it, set again at 11:30
        # ends the hold. At 12:00: 10:00-11:00 and 11:30-12:00 counted, 30 minutes held.
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2", attributes={"tier": "gold"}),
            E.attribute_changed(t("2026-11-23T10:00+00:00"), {"vendor": "acme"}),
            E.attribute_changed(t("2026-11-23T11:00+00:00"), {"vendor": None}),
            E.attribute_changed(t("2026-11-23T11:30+00:00"), {"vendor": "globex"}),
        ]

        metric = status_of("vendor", VENDOR, events, "2026-11-23T12:00+00:00").metric("vendor")

        assert ("running", t("2026-11-23T10:00+00:00"), minutes(90), minutes(30)) == (
            metric.state,
            metric.cycles[0].started_at,
            metric.elapsed,
            metric.cycles[0].paused,
        )

    @pytest.mark.parametrize(
        ("value", "matches"),
        [
            pytest.param("acme", True, id="the-value-set"),
            pytest.param("globex", False, id="another-value"),
        ],
    )
    def test_a_condition_reads_the_value_set(self, value: str, matches: bool) -> None:
        # Started only when the vendor is ``acme``: the value an event sets is the value a
        # condition sees. Set at 10:00; at 11:00 one hour counted, or never started.
        acme = {"start": {"attributes": {"vendor": "acme"}}, "stop": {"event": "resolved"}}
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.attribute_changed(t("2026-11-23T10:00+00:00"), {"vendor": value}),
        ]

        metric = status_of("acme", acme, events, "2026-11-23T11:00+00:00").metric("acme")

        assert (minutes(60) if matches else timedelta(0)) == metric.elapsed
        assert (1 if matches else 0) == len(metric.cycles)

    def test_removing_one_attribute_keeps_the_others(self) -> None:
        # The vendor given at creation starts the clock at 09:00; removing ``tier`` at 10:00
        # leaves the vendor in place, so the clock is not held. At 11:00: 2h counted.
        events = [
            E.created(
                t("2026-11-23T09:00+00:00"), "P2", attributes={"vendor": "acme", "tier": "gold"}
            ),
            E.attribute_changed(t("2026-11-23T10:00+00:00"), {"tier": None}),
        ]

        metric = status_of("vendor", VENDOR, events, "2026-11-23T11:00+00:00").metric("vendor")

        assert ("running", minutes(120), timedelta(0)) == (
            metric.state,
            metric.elapsed,
            metric.cycles[0].paused,
        )
