"""`slaclock check`'s warnings: mistakes that load fine (issue #12, item 1).

Each warning has a worked example that shows it and a near miss that must not; the shadowing
rule is also checked against brute force: whenever it warns, no ticket picks the later policy.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaclock.cli.main import main
from slaclock.config.lint import lint_data, lint_policies

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def policy(name: str, **more: Any) -> dict[str, Any]:
    return {"name": name, "calendar": "office", "targets": {"*": {"resolution": "8h"}}} | more


def warnings(*policies: dict[str, Any], **calendars: Any) -> list[str]:
    data = {"calendars": {"office": OFFICE, **calendars}, "policies": list(policies)}
    return [f"{w.path}: {w.message}" for w in lint_data(data)[1]]


class TestShadowedPolicies:
    def test_a_base_without_match_listed_first_hides_the_policies_after_it(self) -> None:
        found = warnings(
            policy("base"),
            policy("gold", extends="base", match={"tier": "gold"}),
        )

        assert len(found) == 1
        assert found[0].startswith("policies[1]: policy 'gold' can never be chosen")
        assert "policy 'base' (policies[0]) comes first" in found[0]
        assert "abstract: true" in found[0]

    @pytest.mark.parametrize(
        "first",
        [
            policy("gold", match={"tier": "gold"}),  # the narrow one first
            policy("base", abstract=True),  # an abstract base is never chosen
        ],
        ids=["narrow-first", "abstract-base"],
    )
    def test_no_warning_when_the_order_is_right(self, first: dict[str, Any]) -> None:
        others = (
            [policy("base")]
            if first["name"] == "gold"
            else [
                policy("gold", extends="base", match={"tier": "gold"}),
                policy("rest"),
            ]
        )

        assert warnings(first, *others) == []

    @pytest.mark.parametrize(
        ("earlier", "later", "hidden"),
        [
            ({"tier": ["gold", "silver"]}, {"tier": "gold"}, True),
            ({"tier": "gold"}, {"tier": ["gold", "bronze"]}, False),
            ({"tier": "gold"}, {"tier": "gold", "region": "eu"}, True),
            ({"tier": "gold", "region": "eu"}, {"tier": "gold"}, False),
            ({"tier": {"not_in": ["free"]}}, {"tier": "gold"}, True),
            ({"tier": {"not_in": ["free"]}}, {"tier": {"not_in": ["free", "trial"]}}, True),
            ({"tier": {"not_in": ["free", "trial"]}}, {"tier": {"not_in": ["free"]}}, False),
            ({"tier": {"exists": True}}, {"tier": "gold"}, True),
            ({"tier": {"exists": False}}, {"tier": "gold"}, False),
            ({"tier": {"not_in": ["gold"]}}, {"tier": {"exists": False}}, True),
            ({"vip": True}, {"vip": 1}, False),  # true and 1 are different values
        ],
    )
    def test_match_rules(
        self, earlier: dict[str, Any], later: dict[str, Any], hidden: bool
    ) -> None:
        found = warnings(policy("a", match=earlier), policy("b", match=later))

        assert bool(found) == hidden

    def test_an_earlier_policy_in_effect_only_later_does_not_hide(self) -> None:
        found = warnings(
            policy("new", effective_from="2027-01-01"),
            policy("all-time"),
        )

        assert found == []

    def test_an_earlier_policy_in_effect_longer_hides(self) -> None:
        found = warnings(
            policy("all-time"),
            policy("new", effective_from="2027-01-01", match={"tier": "gold"}),
        )

        assert [f.split(":")[0] for f in found] == ["policies[1]"]


VALUES: list[object] = ["gold", "free", 1, True]
rules = st.sampled_from(
    [
        "gold",
        ["gold", "free"],
        1,
        True,
        {"in": ["free", 1]},
        {"not_in": ["gold"]},
        {"not_in": ["gold", "free"]},
        {"exists": True},
        {"exists": False},
    ]
)
matches = st.dictionaries(st.sampled_from(["tier", "region"]), rules, max_size=2)


@given(matches, matches)
def test_a_hidden_policy_is_never_chosen(earlier: dict[str, Any], later: dict[str, Any]) -> None:
    data = {
        "calendars": {"office": OFFICE},
        "policies": [policy("a", match=earlier), policy("b", match=later)],
    }
    policy_set, found = lint_data(data)
    if not found:
        return
    # Every ticket the later policy would match, over every value (or none) of both keys.
    for tier, region in itertools.product([None, *VALUES], repeat=2):
        attributes = {k: v for k, v in (("tier", tier), ("region", region)) if v is not None}
        chosen = policy_set.select(priority="P1", attributes=attributes)
        assert chosen.policy is None or chosen.policy.name != "b", attributes


class TestUnusedCalendars:
    def test_a_calendar_nobody_uses(self) -> None:
        found = warnings(policy("p"), spare="24x7")

        assert found == [
            "calendars.spare: calendar 'spare' is not used by any policy, target, calendar,"
            " service or contract; remove it, or name it where it is meant to apply"
        ]

    def test_a_calendar_used_by_a_target_or_another_calendar_is_used(self) -> None:
        target = {"P1": {"resolution": {"within": "4h", "calendar": "always"}}}
        # 'always' serves a target, 'night' is part of 'both'; nothing uses 'both'.
        found = warnings(
            policy("p", targets=target),
            always="24x7",
            night={"not": "office"},
            both={"union": ["night", "office"]},
        )

        assert [f.split(":")[0] for f in found] == ["calendars.both"]


class TestMetrics:
    def test_a_pause_rule_for_a_metric_no_priority_has(self) -> None:
        found = warnings(
            policy("p", pause=[{"statuses": ["pending"], "metrics": ["first_response"]}])
        )

        assert [f.split(":")[0] for f in found] == ["policies[0].pause[0].metrics"]
        assert "names metric 'first_response'" in found[0]
        assert "measured: resolution" in found[0]

    def test_a_custom_metric_no_priority_measures(self) -> None:
        metric = {"start": {"group": "l2"}, "stop": {"event": "resolved"}}
        found = warnings(policy("p", metrics={"ola": metric}))

        assert [f.split(":")[0] for f in found] == ["policies[0].metrics.ola"]
        assert "never measured" in found[0]

    @pytest.mark.parametrize(
        ("pause", "resume", "warned"),
        [
            ({"event": "customer_replied"}, None, True),
            ([{"event": "customer_replied"}, {"any": [{"event": "assigned"}]}], None, True),
            ({"event": "customer_replied"}, {"event": "agent_replied"}, False),
            ({"status": "pending"}, None, False),
            ({"event": "status_changed", "status": "pending"}, None, False),
        ],
    )
    def test_a_pause_on_an_event_without_resume(
        self, pause: Any, resume: Any, warned: bool
    ) -> None:
        metric: dict[str, Any] = {"start": {"group": "l2"}, "stop": {"event": "resolved"}}
        metric["pause"] = pause
        if resume is not None:
            metric["resume"] = resume
        targets = {"*": {"resolution": "8h", "ola": "4h"}}
        found = warnings(policy("p", metrics={"ola": metric}, targets=targets))

        assert [f.split(":")[0] for f in found] == (
            ["policies[0].metrics.ola.pause"] if warned else []
        )


POLICY_FILE = """\
calendars:
  office: {timezone: Europe/Berlin, hours: {mon-fri: ["09:00-17:00"]}}
policies:
  - name: base
    calendar: office
    targets: {"*": {resolution: 8h}}
  - name: gold
    extends: base
    match: {tier: gold}
    targets: {"*": {resolution: 4h}}
"""


class TestCommand:
    def test_warnings_name_file_and_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "policy.yaml"
        path.write_text(POLICY_FILE, encoding="utf-8")

        code = main(["check", str(path)])

        out, _ = capsys.readouterr()
        assert code == 0
        assert f"{path}:7: policies[1]: policy 'gold' can never be chosen" in out
        assert "1 warning" in out

    def test_strict_makes_warnings_fail(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "policy.yaml"
        path.write_text(POLICY_FILE, encoding="utf-8")

        assert main(["check", str(path), "--strict"]) == 1

    def test_a_clean_file_is_ok(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        path = tmp_path / "policy.yaml"
        path.write_text(
            POLICY_FILE.replace("  - name: base\n", "  - name: base\n    abstract: true\n"),
            encoding="utf-8",
        )

        code = main(["check", str(path), "--strict"])

        out, _ = capsys.readouterr()
        assert code == 0
        assert "ok" in out
        assert "warning" not in out

    def test_a_json_file_has_paths_without_lines(self, tmp_path: Path) -> None:
        path = tmp_path / "policy.json"
        path.write_text(
            '{"calendars": {"office": "24x7", "spare": "24x7"}, "policies":'
            ' [{"name": "p", "calendar": "office", "targets": {"*": {"resolution": "8h"}}}]}',
            encoding="utf-8",
        )

        _, found = lint_policies(path)

        assert [(w.path, w.line) for w in found] == [("calendars.spare", None)]
