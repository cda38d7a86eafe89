"""The worked example of docs/concepts/reports.md: twelve tickets, two months, two customers.

Office hours Monday to Friday 09:00–17:00 Europe/Berlin, no holidays; the status
``waiting_on_customer`` pauses every clock. Targets (business time):

    P1  first_response 1h   resolution 4h
    P2  first_response 2h   resolution 8h
    P3  first_response 4h   resolution 16h

Every figure the tests expect is worked out by hand in the concept page.
"""

from __future__ import annotations

import json
from datetime import datetime

from slaclock import PolicySet

POLICY = {
    "calendars": {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}},
    "policies": [
        {
            "name": "support",
            "calendar": "office",
            "pause_on": ["waiting_on_customer"],
            "targets": {
                "P1": {"first_response": "1h", "resolution": "4h"},
                "P2": {"first_response": "2h", "resolution": "8h"},
                "P3": {"first_response": "4h", "resolution": "16h"},
            },
        }
    ],
}

NOW = datetime.fromisoformat("2026-12-31T14:00:00+01:00")

#: (ticket, customer, priority, created, [(type, at, extra)]); every time is +01:00.
TICKETS: list[tuple[str, str, str, str, list[tuple[str, str, dict[str, str]]]]] = [
    ("N1", "acme", "P1", "11-02 09:00", [
        ("agent_replied", "11-02 09:30", {}),
        ("resolved", "11-02 11:00", {}),
    ]),
    ("N2", "acme", "P2", "11-03 10:00", [
        ("agent_replied", "11-03 11:00", {}),
        ("status_changed", "11-03 11:00", {"status": "waiting_on_customer"}),
        ("status_changed", "11-04 10:00", {"status": "open"}),
        ("resolved", "11-04 14:00", {}),
    ]),
    ("N3", "globex", "P3", "11-05 15:00", [
        ("agent_replied", "11-06 11:00", {}),
        ("resolved", "11-09 12:00", {}),
    ]),
    ("N4", "globex", "P1", "11-09 16:00", [
        ("agent_replied", "11-10 10:00", {}),
        ("resolved", "11-10 11:00", {}),
    ]),
    ("N5", "acme", "P2", "11-11 09:00", [
        ("agent_replied", "11-11 10:30", {}),
        ("resolved", "11-12 12:00", {}),
    ]),
    ("N6", "globex", "P2", "11-16 09:00", [
        ("agent_replied", "11-16 09:15", {}),
        ("resolved", "11-16 12:00", {}),
        ("reopened", "11-17 09:00", {}),
        ("resolved", "11-17 11:00", {}),
    ]),
    ("N7", "acme", "P3", "11-30 16:00", [
        ("agent_replied", "12-01 09:30", {}),
        ("resolved", "12-01 12:00", {}),
    ]),
    ("D1", "globex", "P1", "12-02 09:00", [
        ("agent_replied", "12-02 09:20", {}),
        ("resolved", "12-02 12:00", {}),
    ]),
    ("D2", "acme", "P2", "12-03 09:00", [
        ("agent_replied", "12-03 12:00", {}),
        ("resolved", "12-03 16:00", {}),
    ]),
    ("D3", "acme", "P3", "12-07 10:00", [
        ("agent_replied", "12-07 11:00", {}),
        ("status_changed", "12-07 11:00", {"status": "waiting_on_customer"}),
    ]),
    ("D4", "globex", "P3", "12-30 09:00", [
        ("agent_replied", "12-30 10:00", {}),
    ]),
    ("D5", "acme", "P1", "12-14 09:00", [
        ("agent_replied", "12-14 10:30", {}),
        ("resolved", "12-14 15:00", {}),
    ]),
]  # fmt: skip


def _at(text: str) -> str:
    return f"2026-{text.replace(' ', 'T')}:00+01:00"


def policies() -> PolicySet:
    """The example's policy set."""
    return PolicySet.from_dict(POLICY)


def lines() -> list[str]:
    """The example as JSON lines, one ticket after another."""
    out = []
    for ident, customer, priority, created, events in TICKETS:
        out.append(
            json.dumps(
                {
                    "ticket": ident,
                    "type": "created",
                    "at": _at(created),
                    "priority": priority,
                    "attributes": {"customer": customer},
                }
            )
        )
        for kind, at, extra in events:
            data: dict[str, object] = {"ticket": ident, "type": kind, "at": _at(at), **extra}
            if kind == "agent_replied":
                data["public"] = True
            out.append(json.dumps(data))
    return out
