"""The Zendesk scenarios (tests/presets/scenarios/zendesk.yaml): well formed, and their
slaclock_default is what slaclock's default gives today, so the file cannot drift."""

from __future__ import annotations

from typing import Any

import pytest

from .scenario_check import events, load, policy_set, problems, slaclock_default

FILE = load("zendesk")
SCENARIOS = FILE["scenarios"]


def test_the_file_is_well_formed() -> None:
    assert [] == problems(FILE, "zendesk")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["name"] for s in SCENARIOS])
class TestScenario:
    def test_it_loads_as_a_policy_and_a_timeline(self, scenario: dict[str, Any]) -> None:
        targets = policy_set(scenario).policies[0].targets
        timeline = events(scenario)
        row = targets.get(timeline[0].priority or "*", targets.get("*", {}))

        assert "created" == timeline[0].type
        assert set(scenario["peer_expects"]) <= set(row)

    def test_slaclock_default_is_what_slaclock_gives(self, scenario: dict[str, Any]) -> None:
        assert scenario["slaclock_default"] == slaclock_default(scenario)
