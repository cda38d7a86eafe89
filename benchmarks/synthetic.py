"""Synthetic tickets for the clock benchmarks: about 10 events each, seeded and repeatable.

Mixed priorities, pauses (waiting on the customer), public replies and internal notes,
customer replies, priority changes, resolves and reopens, created over two years.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slaclock import PolicySet, TicketEvent

BERLIN = ZoneInfo("Europe/Berlin")

POLICY = {
    "calendars": {
        "office": {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
            "holidays": {"country": "DE", "subdiv": "BE"},
        },
        "always": "24x7",
    },
    "policies": [
        {
            "name": "enterprise",
            "match": {"tier": "enterprise"},
            "calendar": "office",
            "pause_on": ["waiting_on_customer"],
            "warn_at": [0.5, 0.75],
            "targets": {
                "P1": {"first_response": "15m", "resolution": "4h", "calendar": "always"},
                "P2": {"first_response": "1h", "next_response": "2h", "resolution": "16h"},
                "*": {"first_response": "4h", "next_response": "8h", "resolution": "40h"},
            },
        },
        {
            "name": "standard",
            "calendar": "office",
            "pause_on": ["waiting_on_customer", "pending"],
            "warn_at": [0.75],
            "targets": {
                "*": {
                    "first_response": "8h",
                    "periodic_update": "16h",
                    "resolution": "3 business days",
                }
            },
        },
    ],
}


def policies() -> PolicySet:
    """The benchmark's policy set."""
    return PolicySet.from_dict(POLICY)


def tickets(count: int, seed: int = 7) -> Iterator[tuple[str, list[TicketEvent]]]:
    """`count` synthetic tickets as (id, events)."""
    rng = random.Random(seed)
    # Arithmetic on UTC instants, shown in Berlin: adding minutes to a Berlin wall time would
    # step backwards across the autumn DST change and make events out of order.
    base = datetime(2025, 1, 1, tzinfo=BERLIN).astimezone(UTC)
    for number in range(count):
        utc = base + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        at = utc.astimezone(BERLIN)
        priority = rng.choice(("P1", "P2", "P2", "P3", "P3", "P4"))
        tier = rng.choice(("enterprise", "standard", "standard"))
        events = [TicketEvent.created(at, priority, {"tier": tier})]
        for _ in range(rng.randrange(7, 12)):
            utc += timedelta(minutes=rng.randrange(5, 600))
            at = utc.astimezone(BERLIN)
            roll = rng.random()
            if roll < 0.25:
                events.append(TicketEvent.agent_replied(at, public=rng.random() < 0.8))
            elif roll < 0.45:
                events.append(TicketEvent.customer_replied(at))
            elif roll < 0.65:
                status = rng.choice(("waiting_on_customer", "open", "pending", "open"))
                events.append(TicketEvent.status_changed(at, status))
            elif roll < 0.72:
                events.append(TicketEvent.priority_changed(at, rng.choice(("P1", "P2", "P3"))))
            elif roll < 0.85:
                events.append(TicketEvent.resolved(at))
            elif roll < 0.95:
                events.append(TicketEvent.reopened(at))
            else:
                events.append(TicketEvent.assigned(at, group=rng.choice(("l1", "l2"))))
        yield f"T{number:07d}", events  # zero-padded: sorted as text too


def jsonl(count: int, seed: int = 7) -> Iterator[str]:
    """The same tickets as JSON lines with a ``ticket`` field."""
    for ident, events in tickets(count, seed):
        for event in events:
            data = event.to_dict()
            data["ticket"] = ident
            yield json.dumps(data)
