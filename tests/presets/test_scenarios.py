"""Every peer's worked scenarios (tests/presets/scenarios/<peer>.yaml) are well formed, and
slaclock's default still gives what each file records, so the documented differences between
a peer and slaclock's default cannot drift."""

from __future__ import annotations

import copy

import pytest

from .scenario_yaml import Scenario, check_file, check_shape, load, slaclock_outcome

PEERS = ("zendesk", "jira", "servicenow", "otrs", "zammad", "frappe", "erpnext", "rt")
SOURCES = {peer: load(peer)[0]["sources"] for peer in PEERS}
SCENARIOS = [scenario for peer in PEERS for scenario in load(peer)[1]]


@pytest.mark.parametrize("peer", PEERS)
def test_file(peer: str) -> None:
    check_file(peer)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[f"{s.peer}-{s.name}" for s in SCENARIOS])
class TestScenario:
    def test_shape(self, scenario: Scenario) -> None:
        check_shape(scenario, SOURCES[scenario.peer])

    def test_slaclock_default(self, scenario: Scenario) -> None:
        recorded = scenario.data["slaclock_default"]

        assert slaclock_outcome(scenario) == recorded


class TestChecksFindMistakes:
    def test_a_scenario_that_contradicts_itself(self) -> None:
        # A scenario that says "same" while the peer and slaclock differ is refused.
        first = next(s for s in SCENARIOS if s.data["differs_because"] != "same")
        broken = Scenario(first.peer, {**copy.deepcopy(first.data), "differs_because": "same"})

        with pytest.raises(AssertionError):
            check_shape(broken, SOURCES[first.peer])

    def test_a_source_the_file_does_not_list(self) -> None:
        first = SCENARIOS[0]
        broken = Scenario(first.peer, {**copy.deepcopy(first.data), "source": ["nowhere"]})

        with pytest.raises(AssertionError):
            check_shape(broken, SOURCES[first.peer])

    def test_a_recorded_default_that_slaclock_does_not_give(self) -> None:
        first = next(s for s in SCENARIOS if s.data["slaclock_default"])
        data = copy.deepcopy(first.data)
        metric = next(iter(data["slaclock_default"]))
        data["slaclock_default"][metric]["state"] = "cancelled"

        assert slaclock_outcome(Scenario(first.peer, data)) != data["slaclock_default"]
