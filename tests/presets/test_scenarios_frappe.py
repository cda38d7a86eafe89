"""The worked frappe scenarios (scenarios/frappe.yaml) are well formed, and slaclock's default
still gives what the file records for each of them."""

from __future__ import annotations

import pytest

from .scenario_yaml import Scenario, check_file, check_shape, load, slaclock_outcome

DOCUMENT, SCENARIOS = load("frappe")


def test_file() -> None:
    check_file("frappe")


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
class TestScenario:
    def test_shape(self, scenario: Scenario) -> None:
        check_shape(scenario, DOCUMENT["sources"])

    def test_slaclock_default(self, scenario: Scenario) -> None:
        recorded = scenario.data["slaclock_default"]

        assert slaclock_outcome(scenario) == recorded
