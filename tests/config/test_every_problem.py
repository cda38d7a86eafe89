"""Every problem of a policy file in one run: a broken calendar does not hide the policies'
problems, a shape problem does not hide meaning problems elsewhere, and a suggestion for a
misspelt key comes from the keys of its own level."""

from __future__ import annotations

import json
from typing import Any

import pytest

from slaclock.config import PolicySet
from slaclock.config.problems import keys_at
from slaclock.errors import PolicyFileError, Problem

FIVE_MISTAKES = """\
calendars:
  office:
    timezone: Mars/Olympus
    hours: {mon-fri: ["09:00-17:00"]}
  support:
    timezone: Europe/Berlin
    hours: {mon-fri: ["08:00-18:00"]}
policies:
  - name: gold
    withn: 4h
    calendar: office
    targets:
      P1: {first_response: 4 hrs?}
  - name: silver
    calendar: support
    warn_at: [1.75]
    targets:
      "*": {resolution: 8h}
  - name: bronze
    calendar: suport
    targets:
      "*": {resolution: 8h}
  - name: basic
    calendar: support
    priority_change: redo
    targets:
      "*": {resolution: 8h}
"""

SUPPORT = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["08:00-18:00"]}}


def problems_in_yaml(text: str) -> list[Problem]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_yaml(text, source="policies.yaml")
    return info.value.problems


def problems_in(data: dict[str, Any]) -> list[Problem]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_dict(data)
    return info.value.problems


class TestEveryProblemInOneRun:
    def test_six_independent_mistakes_are_six_problems_in_file_order(self) -> None:
        # A bad zone, an unknown key and a bad duration in one policy, a threshold out of
        # range, an unknown calendar, an unknown option value: each reported once, in the
        # order of the file's lines.
        found = [(p.line, p.path) for p in problems_in_yaml(FIVE_MISTAKES)]

        expected = [
            (3, "calendars.office.timezone"),
            (10, "policies[0].withn"),
            (13, "policies[0].targets.P1.first_response"),
            (16, "policies[1].warn_at[0]"),
            (20, "policies[2].calendar"),
            (25, "policies[3].priority_change"),
        ]
        assert expected == found

    def test_a_broken_calendar_does_not_hide_a_policy_problem(self) -> None:
        data = {
            "calendars": {"office": {"timezone": "Europe/Berlin"}, "support": SUPPORT},
            "policies": [
                {"name": "a", "calendar": "support", "targets": {"*": {"resolution": "0m"}}}
            ],
        }

        found = [p.path for p in problems_in(data)]

        assert ["calendars.office", "policies[0].targets.*.resolution"] == found

    def test_a_policy_on_a_broken_calendar_gets_no_second_message(self) -> None:
        data = {
            "calendars": {"office": {"timezone": "Mars/Olympus", "hours": "24x7"}},
            "policies": [
                {"name": "a", "calendar": "office", "targets": {"*": {"resolution": "4h"}}}
            ],
        }

        found = [p.path for p in problems_in(data)]

        assert ["calendars.office.timezone"] == found

    def test_an_unknown_calendar_lists_the_broken_one_as_defined(self) -> None:
        data = {
            "calendars": {"office": {"timezone": "Mars/Olympus", "hours": "24x7"}},
            "policies": [
                {"name": "a", "calendar": "ofice", "targets": {"*": {"resolution": "4h"}}}
            ],
        }

        last = problems_in(data)[-1]

        assert ("policies[0].calendar", True) == (
            last.path,
            "defined calendars: office" in last.message,
        )

    def test_a_shape_problem_does_not_hide_another_policys_meaning_problem(self) -> None:
        # JSON has no lines: the order is shape first, then meaning.
        data = {
            "calendars": {"support": SUPPORT},
            "policies": [
                {"name": "a", "calendar": "support", "reopen": "again", "targets": {}},
                {"name": "b", "calendar": "support", "targets": {"P1": {"first_response": "2d"}}},
            ],
        }

        found = [p.path for p in problems_in(json.loads(json.dumps(data)))]

        assert ["policies[0].reopen", "policies[1].targets.P1.first_response"] == found

    def test_a_child_of_a_policy_with_a_shape_problem_is_not_an_unknown_parent(self) -> None:
        data = {
            "calendars": {"support": SUPPORT},
            "policies": [
                {"name": "base", "calendar": "support", "sticky_breach": "sometimes"},
                {"name": "gold", "extends": "base", "targets": {"*": {"resolution": "4h"}}},
            ],
        }

        found = [p.path for p in problems_in(data)]

        assert ["policies[0].sticky_breach"] == found

    def test_a_misspelt_section_is_still_reported_with_the_policies_problems(self) -> None:
        data = {
            "calendars": {"support": SUPPORT},
            "efective_by": "now",
            "policies": [
                {"name": "a", "calendar": "support", "targets": {"*": {"resolution": "x"}}}
            ],
        }

        found = [p.path for p in problems_in(data)]

        assert ["efective_by", "policies[0].targets.*.resolution"] == found


class TestSuggestionsFromTheSameLevel:
    def test_withn_in_a_policy_does_not_suggest_a_targets_within(self) -> None:
        data = {
            "calendars": {"support": SUPPORT},
            "policies": [
                {
                    "name": "a",
                    "withn": "4h",
                    "calendar": "support",
                    "targets": {"*": {"resolution": "4h"}},
                }
            ],
        }

        (problem,) = problems_in(data)

        assert "did you mean" not in problem.message
        assert "allowed here:" in problem.message and "priority_change" in problem.message

    def test_rest_in_a_custom_metric_suggests_reset(self) -> None:
        metric = {
            "start": {"event": "created"},
            "stop": {"event": "resolved"},
            "rest": {"event": "reopened"},
        }
        data = {
            "calendars": {"support": SUPPORT},
            "policies": [
                {
                    "name": "a",
                    "calendar": "support",
                    "metrics": {"handover": metric},
                    "targets": {"*": {"handover": "4h"}},
                }
            ],
        }

        (problem,) = problems_in(data)

        assert ("policies[0].metrics.handover.rest", True) == (
            problem.path,
            "did you mean 'reset'?" in problem.message,
        )

    def test_a_policy_key_at_the_top_is_not_suggested(self) -> None:
        data = {
            "calendars": {"support": SUPPORT},
            "target": {"*": {"resolution": "4h"}},
            "policies": [
                {"name": "a", "calendar": "support", "targets": {"*": {"resolution": "4h"}}}
            ],
        }

        (problem,) = problems_in(data)

        assert "did you mean" not in problem.message
        assert (
            "allowed here: calendars, contracts, effective_by, policies, services"
            in problem.message
        )

    @pytest.mark.parametrize(
        ("loc", "member", "stranger"),
        [
            pytest.param(["policies", 0, "x"], "warn_at", "within", id="policy"),
            pytest.param(
                ["policies", 0, "targets", "P1", "first_response", "x"],
                "within",
                "warn_at",
                id="target-value",
            ),
            pytest.param(["policies", 0, "pause", 0, "x"], "statuses", "status", id="pause-rule"),
            pytest.param(
                ["policies", 0, "metrics", "m", "start", "not", "x"],
                "status",
                "statuses",
                id="nested-condition",
            ),
            pytest.param(
                ["contracts", 0, "credits", "cap", "x"], "per_year", "periods", id="contract-cap"
            ),
        ],
    )
    def test_keys_at_each_level(self, loc: list[object], member: str, stranger: str) -> None:
        keys = keys_at(loc)

        assert (True, False) == (member in keys, stranger in keys)


class TestAnUnknownKeyDeepInside:
    def test_a_policy_with_an_unknown_key_in_a_target_is_still_checked(self) -> None:
        # 'calender' in a target with its own calendar: the target is a text or a mapping,
        # so both alternatives fail; the unknown key is set aside, the rest still checked.
        target = {"within": "4h", "calender": "24x7"}
        data = {
            "calendars": {"support": SUPPORT},
            "policies": [
                {
                    "name": "a",
                    "calendar": "support",
                    "targets": {"P1": {"first_response": target, "resolution": "0m"}},
                }
            ],
        }

        found = [p.path for p in problems_in(data)]

        assert [
            "policies[0].targets.P1.first_response.calender",
            "policies[0].targets.P1.resolution",
        ] == found
