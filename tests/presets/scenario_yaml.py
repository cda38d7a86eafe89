"""Load a peer's worked scenarios (tests/presets/scenarios/<peer>.yaml) and check them.

Each scenario is a ticket's events with what the peer shows at ``now`` (taken from the peer's
own documentation or test suite) and what slaclock's default gives for the same input. The
checks below make the file fail loudly when it is malformed or when slaclock's default no
longer gives what the file records, so the documented differences cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from slaclock.clock import TicketStatus, evaluate
from slaclock.config import PolicySet
from slaclock.events import TicketEvent

HERE = Path(__file__).parent / "scenarios"

# The behaviours a scenario may depend on. Where the engine has an option for one, the name is
# the option's; the others are described beside their names.
BEHAVIOURS = frozenset(
    {
        "breach_at",  # breached at the due instant (now >= due) instead of after it
        "start_rounding",  # a cycle's clock starts at the whole minute of its event
        "due_on_close",  # a budget ending exactly at closing time: due at the next opening
        "met_due",  # a met target shows no deadline
        "paused_due",  # while paused: now + the business time left
        "reported_start",  # the reported start is the first open instant at or after it
        "first_response_by_status",  # a paused-kind status, a resolve or a close answers it
        "wall_clock_hold",  # hold time on the wall clock, added to the business deadline
        "pause_hides_only",  # a pause hides the deadline while the clock keeps counting
        "pause_rounding",  # pause boundaries cut to the whole minute
        "close_projects_remaining",  # after a close: close + the remaining budget
        "update_from_creation",  # next response runs from creation without a customer message
        "start_offset",  # the clock starts N business minutes after creation
        "wait_then_other_calendar",  # the first business minute, then another calendar
        "keep_in_loop_staff_only",  # periodic update armed only after staff correspondence
        "next_response_per_message",  # misses counted once per customer message
        "policy_reselection",  # the policy is chosen again after every change
        "priority_change",  # what a change of priority does to running targets
        "reopen",  # what a reopen does to a met resolution
        "day_means",  # what a day of budget is
        "first_response_on_resolve",  # a resolve answers an unanswered ticket
        "next_response_from_creation",  # the update target runs from creation
        "next_response_before_first_reply",  # a follow-up before the first reply
        "update_time_from_last_contact",  # one update target from the last contact
        "closed_hours_shown_paused",  # a clock in closed hours is displayed as paused
    }
)
STATES = frozenset({"pending", "running", "paused", "met", "breached", "cancelled"})
PEER_ONLY_STATES = frozenset({"none"})  # the peer shows no target at all
SCENARIO_KEYS = frozenset(
    {
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
)
OPTIONAL_KEYS = frozenset({"policy"})
OUTCOME_KEYS = frozenset({"due_at", "state", "started_at"})
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Scenario:
    """One worked scenario of a peer file."""

    peer: str
    data: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.data["name"])

    def policies(self) -> PolicySet:
        """The scenario's calendar, targets and policy settings as a one-policy set."""
        calendar = self.data["calendar"]
        policy: dict[str, Any] = {
            "name": self.peer,
            "calendar": "24x7" if calendar == "24x7" else "peer",
            **self.data.get("policy", {}),
            "targets": self.data["targets"],
        }
        document: dict[str, Any] = {"policies": [policy]}
        if calendar != "24x7":
            document["calendars"] = {"peer": calendar}
        return PolicySet.from_dict(document)

    def events(self) -> list[TicketEvent]:
        return [TicketEvent.from_dict(e, index=i) for i, e in enumerate(self.data["events"])]

    def now(self) -> datetime:
        return datetime.fromisoformat(self.data["now"])

    def evaluate(self) -> TicketStatus:
        return evaluate(self.policies(), self.events(), self.now())


def load(peer: str) -> tuple[dict[str, Any], list[Scenario]]:
    """The peer's file: its top level and its scenarios."""
    document = yaml.safe_load((HERE / f"{peer}.yaml").read_text("utf-8"))
    assert isinstance(document, dict)
    return document, [Scenario(peer, s) for s in document["scenarios"]]


def check_file(peer: str) -> None:
    """The file's shape: its peer, sources, at least five scenarios with unique names."""
    document, scenarios = load(peer)
    assert set(document) == {"peer", "sources", "scenarios"}
    assert document["peer"] == peer
    for key, source in document["sources"].items():
        assert {"url", "title"} <= set(source) or {"repo", "path"} <= set(source), key
    assert len(scenarios) >= 5
    names = [s.name for s in scenarios]
    assert len(set(names)) == len(names)


def check_shape(scenario: Scenario, sources: dict[str, Any]) -> None:
    """One scenario is well formed and every value reads as slaclock input."""
    data = scenario.data
    assert SCENARIO_KEYS <= set(data) <= SCENARIO_KEYS | OPTIONAL_KEYS, sorted(data)
    assert KEBAB.match(scenario.name), scenario.name
    assert data["source"] and set(data["source"]) <= set(sources), data["source"]
    assert set(data["behaviours"]) <= BEHAVIOURS, data["behaviours"]
    assert data["now"].endswith(("Z", "+00:00")) or datetime.fromisoformat(data["now"]).tzinfo
    scenario.policies()  # raises PolicyFileError when the calendar or targets do not load
    scenario.events()  # raises TimelineError for a malformed event
    metrics = {m for row in data["targets"].values() for m in row if m != "calendar"}
    for key in ("peer_expects", "slaclock_default"):
        assert set(data[key]) <= metrics, (key, sorted(data[key]))
        for outcome in data[key].values():
            assert set(outcome) <= OUTCOME_KEYS and {"due_at", "state"} <= set(outcome)
            for field in ("due_at", "started_at"):
                if outcome.get(field) is not None:
                    assert datetime.fromisoformat(outcome[field]).tzinfo is not None
    assert all(o["state"] in STATES | PEER_ONLY_STATES for o in data["peer_expects"].values())
    assert all(o["state"] in STATES for o in data["slaclock_default"].values())
    same = data["differs_because"] == "same"
    assert same == (data["peer_expects"] == data["slaclock_default"]), scenario.name


def slaclock_outcome(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """What slaclock's default gives today, in the file's terms (the metrics and fields the
    file names)."""
    recorded = scenario.data["slaclock_default"]
    status = scenario.evaluate()
    out: dict[str, dict[str, Any]] = {}
    for metric in status.metrics:
        if metric.metric not in recorded:  # a file records the metrics the peer shows
            continue
        full = metric.to_dict(ledger=False, cycles=False)
        fields = recorded[metric.metric]
        out[metric.metric] = {field: full[field] for field in fields}
    return out
