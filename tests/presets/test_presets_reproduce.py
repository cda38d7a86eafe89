"""Each peer preset against the peer's own worked scenarios: the policy of a scenario with
``preset: <peer>`` gives what the peer shows (tests/presets/scenarios/<peer>.yaml).

The scenarios that a preset cannot reproduce yet are listed in `GAPS` with the behaviour it
lacks; they are strict expected failures, so one that starts to pass (a new option, a
corrected preset) fails here until it leaves the list.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from slaclock.clock import evaluate

from .scenario_yaml import Scenario, load

PEERS = ("zendesk", "jira", "servicenow", "otrs", "zammad", "frappe", "erpnext", "rt")
SCENARIOS = [scenario for peer in PEERS for scenario in load(peer)[1]]

#: "peer/scenario" -> what the preset lacks to reproduce the peer's numbers.
GAPS = {
    "zendesk/solved-without-a-reply-fulfils-first-reply": "a solve meeting the first reply",
    "zendesk/answered-target-leaves-the-view-blank": "views blank a met target, reports keep it",
    "jira/outside-calendar-hours-shows-paused": "closed hours displayed as paused",
    "otrs/solution-time-ends-at-the-first-close": "the solution time met for good at a close",
    "otrs/update-time-runs-from-the-first-article": "an update time from the first article",
    "otrs/update-time-from-the-oldest-unanswered-customer-message": "one update time from the"
    " last contact",
    "rt/keep-in-loop-disarmed-by-a-requestor-message": "RT shows no keep-in-loop target once"
    " a requestor's message disarms it; slaclock shows the disarmed cycle, cancelled",
    "rt/excluded-ignored-time-moves-the-deadline": "RT configured to exclude ignored time"
    " (the preset follows RT's default)",
}


def under_preset(scenario: Scenario) -> dict[str, dict[str, Any]]:
    """What slaclock gives for the scenario with the peer's preset, in the file's terms (a
    target slaclock does not show is ``state: none``)."""
    data = copy.deepcopy(scenario.data)
    data.setdefault("policy", {})["preset"] = scenario.peer
    preset = Scenario(scenario.peer, data)
    status = evaluate(preset.policies(), preset.events(), preset.now())
    wanted = data["peer_expects"]
    shown: dict[str, dict[str, Any]] = {}
    for metric in status.metrics:
        if metric.metric in wanted:
            full = metric.to_dict(ledger=False, cycles=False)
            shown[metric.metric] = {field: full[field] for field in wanted[metric.metric]}
    for metric in wanted:
        shown.setdefault(metric, {"due_at": None, "state": "none"})
    return shown


def _case(scenario: Scenario) -> Any:
    key = f"{scenario.peer}/{scenario.name}"
    marks = [pytest.mark.xfail(strict=True, reason=GAPS[key])] if key in GAPS else []
    return pytest.param(scenario, id=key.replace("/", "-"), marks=marks)


@pytest.mark.parametrize("scenario", [_case(s) for s in SCENARIOS])
def test_the_preset_gives_what_the_peer_shows(scenario: Scenario) -> None:
    expected = scenario.data["peer_expects"]

    assert expected == under_preset(scenario)


def test_every_gap_names_a_scenario() -> None:
    names = {f"{s.peer}/{s.name}" for s in SCENARIOS}

    assert set(GAPS) <= names


#: Presets that reproduce fewer than five of their peer's scenarios today (issue #16).
SHORT: set[str] = set()


@pytest.mark.parametrize(
    "peer",
    [
        pytest.param(p, marks=[pytest.mark.xfail(strict=True, reason="fewer than five")])
        if p in SHORT
        else p
        for p in PEERS
    ],
)
def test_each_preset_reproduces_at_least_five_scenarios(peer: str) -> None:
    reproduced = [s for s in SCENARIOS if s.peer == peer and f"{peer}/{s.name}" not in GAPS]

    assert len(reproduced) >= 5, [s.name for s in reproduced]


def test_the_docs_table_counts_what_the_tests_find() -> None:
    # docs/concepts/presets/index.md: "| `rt` | 6 of 8 | ... |" for every preset.
    page = Path(__file__).parents[2] / "docs" / "concepts" / "presets" / "index.md"
    shown = {
        match.group(1): (int(match.group(2)), int(match.group(3)))
        for match in re.finditer(r"^\| `(\w+)` \| (\d+) of (\d+) \|", page.read_text("utf-8"), re.M)
    }

    expected = {}
    for peer in PEERS:
        mine = [s for s in SCENARIOS if s.peer == peer]
        gaps = sum(f"{peer}/{s.name}" in GAPS for s in mine)
        expected[peer] = (len(mine) - gaps, len(mine))
    assert expected == shown
