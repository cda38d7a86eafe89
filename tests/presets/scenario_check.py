"""Reading and checking the peer scenario files in tests/presets/scenarios/.

Each file holds worked examples from one peer's own documentation or tests: the timeline, what
the peer shows, and what slaclock's default gives. These helpers load a file, build the
scenario's calendar, policy and events with slaclock's own loaders, and evaluate the default,
so that a file cannot drift from what slaclock really does.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from slaclock import PolicySet, TicketEvent, evaluate

SCENARIOS = Path(__file__).resolve().parent / "scenarios"

REQUIRED = {
    "name",
    "source",
    "note",
    "calendar",
    "targets",
    "events",
    "now",
    "peer_expects",
    "behaviours",
    "slaclock_default",
    "differs_because",
}
OPTIONAL = {"policy"}
STATES = {"pending", "running", "paused", "met", "breached", "cancelled"}


def load(peer: str) -> dict[str, Any]:
    """The parsed scenario file of `peer`."""
    data: dict[str, Any] = yaml.safe_load((SCENARIOS / f"{peer}.yaml").read_text("utf-8"))
    return data


def policy_set(scenario: dict[str, Any]) -> PolicySet:
    """The scenario as a one-policy file: its calendar, targets and extra policy keys."""
    policy = {"name": "peer", "calendar": "cal", "targets": scenario["targets"]}
    policy.update(scenario.get("policy", {}))
    return PolicySet.from_dict(
        {"calendars": {"cal": scenario["calendar"]}, "policies": [policy]},
        source=scenario["name"],
    )


def events(scenario: dict[str, Any]) -> list[TicketEvent]:
    return [TicketEvent.from_dict(e, index=i) for i, e in enumerate(scenario["events"])]


def slaclock_default(scenario: dict[str, Any]) -> dict[str, dict[str, str | None]]:
    """What slaclock's default gives at `now`, for each metric the peer's expectation names."""
    status = evaluate(
        policy_set(scenario), events(scenario), datetime.fromisoformat(scenario["now"])
    )
    shown: dict[str, dict[str, str | None]] = {}
    for metric in scenario["peer_expects"]:
        found = status.metric(metric)
        due = found.due_at
        shown[metric] = {"due_at": None if due is None else due.isoformat(), "state": found.state}
    return shown


def problems(data: dict[str, Any], peer: str) -> list[str]:
    """What is wrong with the shape of a scenario file (an empty list when nothing is)."""
    found: list[str] = []
    if data.get("peer") != peer:
        found.append(f"peer is {data.get('peer')!r}, expected {peer!r}")
    sources = data.get("sources") or {}
    names = [s.get("name") for s in data.get("scenarios", [])]
    if len(names) < 5:
        found.append(f"{len(names)} scenarios; at least five are needed")
    if len(set(names)) != len(names):
        found.append("scenario names repeat")
    for scenario in data.get("scenarios", []):
        name = scenario.get("name")
        keys = set(scenario)
        if not REQUIRED <= keys <= REQUIRED | OPTIONAL:
            found.append(
                f"{name}: keys {sorted((keys ^ REQUIRED) - OPTIONAL)} are missing or unknown"
            )
            continue
        found.extend(
            f"{name}: source {s!r} is not listed" for s in scenario["source"] if s not in sources
        )
        for side in ("peer_expects", "slaclock_default"):
            for metric, shown in scenario[side].items():
                if set(shown) != {"due_at", "state"} or shown["state"] not in STATES:
                    found.append(f"{name}: {side}.{metric} must give due_at and a known state")
                elif (
                    shown["due_at"] is not None
                    and datetime.fromisoformat(shown["due_at"]).tzinfo is None
                ):
                    found.append(f"{name}: {side}.{metric}.due_at has no offset")
        if set(scenario["peer_expects"]) != set(scenario["slaclock_default"]):
            found.append(f"{name}: peer_expects and slaclock_default name different metrics")
        same = scenario["peer_expects"] == scenario["slaclock_default"]
        if same != (scenario["differs_because"] == "same"):
            found.append(f"{name}: differs_because must be 'same' exactly when the two agree")
    return found
