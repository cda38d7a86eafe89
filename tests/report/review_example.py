"""The worked example of docs/guide/revise-with-evidence.md: two policies, 24 tickets.

Office hours Monday to Friday 09:00–17:00 Europe/Berlin, no holidays, November 2026; every
time below is +01:00 and, except where a ticket crosses a night or pauses, business time is
plain wall time. Targets (business time):

    current   P1 first_response 1h   resolution 4h    P2 first_response 2h  resolution 8h
    proposed  P1 first_response 30m  resolution 6h    P2 first_response 4h  resolution 8h

Both pause on ``waiting_on_customer``; the proposal also pauses on ``pending``. Both files
carry one contract: the P1 first response is to be met by 80 % of tickets a month, or 5 %
of the 1,000 EUR fee is credited. The figures the tests expect are worked out in the guide.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

NOW = datetime.fromisoformat("2026-11-30T14:00:00+01:00")

_CALENDARS = {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}}


def _file(p1: tuple[str, str], p2: tuple[str, str], pause: list[str]) -> dict[str, Any]:
    return {
        "calendars": _CALENDARS,
        "policies": [
            {
                "name": "support",
                "calendar": "office",
                "pause_on": pause,
                "targets": {
                    "P1": {"first_response": p1[0], "resolution": p1[1]},
                    "P2": {"first_response": p2[0], "resolution": p2[1]},
                },
            }
        ],
        "services": {"desk": {"name": "Service desk", "fee": "1000 EUR"}},
        "contracts": [
            {
                "name": "desk",
                "period": "month",
                "timezone": "Europe/Berlin",
                "objectives": [
                    {
                        "name": "p1-first-response",
                        "tickets": {"metric": "first_response", "priority": "P1"},
                        "attainment": "80%",
                    }
                ],
                "credits": {"tiers": {"p1-first-response": [{"below": "80%", "credit": "5%"}]}},
            }
        ],
    }


CURRENT = _file(("1h", "4h"), ("2h", "8h"), ["waiting_on_customer"])
PROPOSED = _file(("30m", "6h"), ("4h", "8h"), ["waiting_on_customer", "pending"])

W, OPEN, P = "waiting_on_customer", "open", "pending"

#: (ticket, priority, created, [(type, at, status)]); comments: business time FR / RES.
TICKETS: list[tuple[str, str, str, list[tuple[str, str, str | None]]]] = [
    ("T01", "P1", "11-02 09:00", [("agent_replied", "11-02 09:20", None),
                                  ("resolved", "11-02 12:00", None)]),          # 20m / 3h
    ("T02", "P1", "11-02 10:00", [("agent_replied", "11-02 10:45", None),
                                  ("resolved", "11-02 15:00", None)]),          # 45m / 5h
    ("T03", "P1", "11-03 09:00", [("agent_replied", "11-03 09:30", None),
                                  ("resolved", "11-03 13:00", None)]),          # 30m / 4h
    ("T04", "P1", "11-03 09:00", [("agent_replied", "11-03 10:10", None),
                                  ("resolved", "11-03 16:00", None)]),          # 1h10m / 7h
    ("T05", "P1", "11-04 09:00", [("agent_replied", "11-04 09:50", None),
                                  ("resolved", "11-04 11:00", None)]),          # 50m / 2h
    ("T06", "P1", "11-04 09:00", [("agent_replied", "11-04 09:10", None),
                                  ("resolved", "11-04 14:30", None)]),          # 10m / 5h30m
    ("T07", "P1", "11-09 16:00", [("agent_replied", "11-10 09:40", None),
                                  ("resolved", "11-10 12:00", None)]),          # 1h40m / 4h
    ("T08", "P1", "11-11 09:00", [("agent_replied", "11-11 09:15", None),
                                  ("status_changed", "11-11 10:00", W),
                                  ("status_changed", "11-12 10:00", OPEN),
                                  ("resolved", "11-12 14:00", None)]),          # 15m / 5h
    ("T09", "P1", "11-05 09:00", [("agent_replied", "11-05 09:15", None),
                                  ("resolved", "11-05 10:00", None)]),          # 15m / 1h
    ("T10", "P1", "11-05 09:00", [("agent_replied", "11-05 09:05", None),
                                  ("resolved", "11-05 11:30", None)]),          # 5m / 2h30m
    ("T11", "P1", "11-06 09:00", [("agent_replied", "11-06 09:35", None),
                                  ("resolved", "11-06 12:30", None)]),          # 35m / 3h30m
    ("T12", "P1", "11-06 09:00", [("agent_replied", "11-06 10:00", None),
                                  ("resolved", "11-06 15:00", None)]),          # 1h / 6h
    ("T13", "P2", "11-02 09:00", [("agent_replied", "11-02 10:00", None),
                                  ("resolved", "11-02 15:00", None)]),          # 1h / 6h
    ("T14", "P2", "11-03 09:00", [("agent_replied", "11-03 12:00", None),
                                  ("resolved", "11-03 16:00", None)]),          # 3h / 7h
    ("T15", "P2", "11-04 09:00", [("agent_replied", "11-04 11:00", None),
                                  ("resolved", "11-04 17:00", None)]),          # 2h / 8h
    ("T16", "P2", "11-05 09:00", [("agent_replied", "11-05 14:00", None),
                                  ("resolved", "11-05 17:00", None)]),          # 5h / 8h
    ("T17", "P2", "11-16 09:00", [("agent_replied", "11-16 11:30", None),
                                  ("status_changed", "11-16 12:00", P),
                                  ("status_changed", "11-16 14:00", OPEN),
                                  ("resolved", "11-17 10:00", None)]),          # 2h30m / 9h or 7h
    ("T18", "P2", "11-06 09:00", [("agent_replied", "11-06 09:30", None),
                                  ("resolved", "11-06 13:00", None)]),          # 30m / 4h
    ("T19", "P2", "11-09 09:00", [("agent_replied", "11-09 12:45", None),
                                  ("resolved", "11-09 14:00", None)]),          # 3h45m / 5h
    ("T20", "P2", "11-18 15:00", [("agent_replied", "11-19 10:00", None),
                                  ("resolved", "11-19 16:00", None)]),          # 3h / 9h
    ("T21", "P2", "11-30 09:00", [("agent_replied", "11-30 10:30", None)]),     # 1h30m / open
    ("T22", "P2", "11-10 09:00", [("agent_replied", "11-10 13:30", None),
                                  ("resolved", "11-10 17:00", None)]),          # 4h30m / 8h
    ("T23", "P2", "11-20 09:00", [("agent_replied", "11-20 09:10", None),
                                  ("status_changed", "11-20 10:00", P),
                                  ("status_changed", "11-20 15:00", OPEN),
                                  ("resolved", "11-20 17:00", None)]),          # 10m / 8h or 3h
    ("T24", "P2", "11-12 09:00", [("agent_replied", "11-12 10:55", None),
                                  ("resolved", "11-12 12:00", None)]),          # 1h55m / 3h
]  # fmt: skip


def _at(text: str) -> str:
    return f"2026-{text.replace(' ', 'T')}:00+01:00"


def lines() -> list[str]:
    """The example as JSON lines, one ticket after another."""
    out = []
    for ident, priority, created, events in TICKETS:
        out.append(
            json.dumps(
                {"ticket": ident, "type": "created", "at": _at(created), "priority": priority}
            )
        )
        for kind, at, status in events:
            data: dict[str, object] = {"ticket": ident, "type": kind, "at": _at(at)}
            if kind == "agent_replied":
                data["public"] = True
            if status is not None:
                data["status"] = status
            out.append(json.dumps(data))
    return out
