"""Peer presets: the registry, ``preset:`` in a policy file (inherited, explicit options
win), the errors, writing a policy back, and the ``slaclock presets`` command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slaclock import PolicyError, PolicySet
from slaclock.cli.main import main
from slaclock.errors import PolicyFileError
from slaclock.policy import Options, presets
from slaclock.policy.model import OPTION_FIELDS

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
TARGETS = {"*": {"first_response": "1h", "resolution": "4h"}}


def one(**policy: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [{"name": "p", "calendar": "office", "targets": TARGETS, **policy}],
        }
    )


YAML = """\
calendars:
  office: {{timezone: Europe/Berlin, hours: {{mon-fri: ["09:00-17:00"]}}}}
policies:
  - name: base
    abstract: true
    calendar: office
    preset: {preset}
  - name: child
    extends: base
{child}    targets: {{"*": {{first_response: 1h}}}}
"""


def problems(text: str) -> list[tuple[str, int | None, str]]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_yaml(text, source="p.yaml")
    return [(p.path, p.line, p.message) for p in info.value.problems]


class TestRegistry:
    def test_every_peer_has_a_preset(self) -> None:
        expected = {"zendesk", "jira", "servicenow", "zammad", "frappe", "erpnext", "rt", "otrs"}

        assert expected == set(presets.PRESETS)

    @pytest.mark.parametrize("name", sorted(presets.PRESETS))
    def test_a_preset_sets_known_options_and_says_which(self, name: str) -> None:
        preset = presets.PRESETS[name]

        assert set(preset.settings) <= set(OPTION_FIELDS)
        assert preset.settings, "a preset sets at least one option"
        for key in preset.settings:
            assert f"``{key}: " in preset.description  # its docstring names each option

    @pytest.mark.parametrize("name", sorted(presets.PRESETS))
    def test_a_presets_options_load_and_round_trip(self, name: str) -> None:
        policies = one(preset=name)
        options = policies.policies[0].options

        assert presets.options(name) == options
        assert policies == PolicySet.from_dict(policies.to_dict())


class TestInFiles:
    def test_a_preset_sets_its_options(self) -> None:
        options = one(preset="zammad").policies[0].options

        expected = Options(
            priority_change="retarget",
            reopen="resume",
            due_on_close="next_open",
            met_due="cleared",
            pause_accounting="business",
            pause_rounding="minute",
            selection="on_change",
            preset="zammad",
        )
        assert expected == options

    def test_an_explicit_option_wins(self) -> None:
        options = one(preset="zammad", met_due="kept").policies[0].options

        assert ("kept", "next_open") == (options.met_due, options.due_on_close)

    def test_an_explicit_option_of_a_preset_that_wants_wall_pauses_is_no_error(self) -> None:
        options = one(preset="erpnext", pause_accounting="business").policies[0].options

        assert ("business", "erpnext") == (options.pause_accounting, options.preset)

    def test_inherited_through_extends_and_overridden_by_the_child(self) -> None:
        text = YAML.format(preset="zammad", child="    due_on_close: at_close\n")

        child = PolicySet.from_yaml(text).get("child").options

        assert ("zammad", "at_close", "cleared") == (
            child.preset,
            child.due_on_close,
            child.met_due,
        )

    def test_a_child_can_name_another_preset(self) -> None:
        text = YAML.format(preset="zammad", child="    preset: rt\n")

        child = PolicySet.from_yaml(text).get("child").options

        assert ("rt", "first_open", "hide") == (
            child.preset,
            child.reported_start,
            child.pause_accounting,
        )

    def test_written_back_relative_to_the_preset(self) -> None:
        policies = one(preset="zammad", met_due="kept", reopen="new_cycle")

        written = policies.to_dict()["policies"][0]

        assert {"preset": "zammad", "met_due": "kept", "reopen": "new_cycle"} == {
            k: written[k] for k in ("preset", "met_due", "reopen")
        }
        assert "due_on_close" not in written
        assert policies == PolicySet.from_dict(policies.to_dict())

    def test_a_preset_that_says_what_a_day_means_allows_bare_days(self) -> None:
        # servicenow sets day_means: 24h, so "2d" is 48 business hours.
        policies = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE},
                "policies": [
                    {
                        "name": "p",
                        "calendar": "office",
                        "preset": "servicenow",
                        "targets": {"*": {"resolution": "2d"}},
                    }
                ],
            }
        )

        assert "resolution: 48h (calendar 'office')" == (
            policies.policies[0].targets["*"]["resolution"].describe()
        )


class TestErrors:
    def test_an_unknown_preset_names_file_line_and_the_closest_name(self) -> None:
        text = YAML.format(preset="zamad", child="")

        found = problems(text)

        assert [
            (
                "policies[0].preset",
                7,
                "unknown preset 'zamad'; did you mean 'zammad'? presets: erpnext, frappe,"
                " jira, otrs, rt, servicenow, zammad, zendesk",
            )
        ] == found[:1]

    def test_an_explicit_option_that_contradicts_the_preset(self) -> None:
        text = YAML.format(preset="otrs", child="    pause_accounting: wall\n")

        (problem,) = problems(text)

        path, line, message = problem
        assert ("policies[1].pause_accounting", 10) == (path, line)
        assert message.startswith(
            "paused_due 'projected' (from preset 'otrs') cannot be combined with"
            " pause_accounting 'wall'"
        )
        assert "use pause_accounting 'business', or paused_due 'none'" in message

    def test_two_explicit_options_that_contradict_each_other(self) -> None:
        with pytest.raises(PolicyFileError) as info:
            one(paused_due="projected", pause_accounting="wall")

        (problem,) = info.value.problems
        assert "policies[0].paused_due" == problem.path
        assert "cannot be combined with pause_accounting 'wall'" in problem.message

    def test_in_python(self) -> None:
        with pytest.raises(PolicyError, match="unknown preset 'zendsk'; did you mean 'zendesk'"):
            presets.options("zendsk")
        with pytest.raises(PolicyError, match=r"pause_accounting \(set explicitly\)|paused_due"):
            presets.options("otrs", pause_accounting="wall")
        with pytest.raises(PolicyError, match="unknown option 'breach'"):
            presets.options("otrs", breach="at_due")
        with pytest.raises(PolicyError, match="cannot be combined"):
            Options(paused_due="projected", pause_accounting="wall")

    def test_an_unknown_option_value_is_a_schema_error(self) -> None:
        with pytest.raises(PolicyFileError) as info:
            one(breach_at="at_the_due")

        assert "policies[0].breach_at" == info.value.problems[0].path


class TestCommandLine:
    def test_presets_lists_every_preset_and_what_it_sets(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(["presets"])

        out = capsys.readouterr().out
        assert 0 == code
        assert "zammad (Zammad)\n" in out
        assert "  met_due: cleared\n" in out
        assert "servicenow (ServiceNow)\n" in out and "  sticky_breach: true\n" in out

    def test_presets_with_an_unknown_name(self, capsys: pytest.CaptureFixture[str]) -> None:
        code = main(["presets", "otr"])

        assert 1 == code
        assert "did you mean 'otrs'?" in capsys.readouterr().err

    def test_check_explains_the_presets(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        file = tmp_path / "p.yaml"
        file.write_text(YAML.format(preset="zammad", child="    met_due: kept\n"))

        code = main(["check", "--explain-presets", str(file)])

        out = capsys.readouterr().out.splitlines()
        assert 0 == code
        start = out.index("policy 'child': preset zammad (Zammad)")
        assert "  met_due: cleared — overridden: met_due: kept" in out[start:]
        assert "  due_on_close: next_open" in out[start:]

    def test_evaluate_writes_what_the_engine_says(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        # Zammad's preset: created Monday 16:00 with first response 1h, due at the close
        # (17:00), which next_open places at Tuesday 09:00.
        policy = tmp_path / "p.yaml"
        policy.write_text(
            "calendars: {office: {timezone: Europe/Berlin, hours: {mon-fri: ['09:00-17:00']}}}\n"
            "policies:\n"
            "  - {name: p, preset: zammad, calendar: office,"
            " targets: {'*': {first_response: 1h}}}\n"
        )
        events = tmp_path / "e.jsonl"
        events.write_text(
            '{"ticket": "a", "type": "created", "at": "2026-11-23T16:00+01:00", "priority": "P2"}\n'
        )

        code = main(["evaluate", str(policy), str(events), "--now", "2026-11-23T17:30+01:00"])

        line = json.loads(capsys.readouterr().out)
        assert 0 == code
        first = line["metrics"]["first_response"]
        assert ("running", "2026-11-24T09:00:00+01:00") == (first["state"], first["due_at"])
        assert "2026-11-24T09:00:00+01:00" == line["next_change_at"]


class TestTheGuidesTable:
    def test_the_table_of_presets_says_what_each_sets(self) -> None:
        # docs/guide/writing-a-policy.md lists every preset with its options; it must not
        # drift from the registry.
        guide = Path(__file__).parents[2] / "docs" / "guide" / "writing-a-policy.md"
        rows = [
            line
            for line in guide.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `") and " | " in line and line.count("|") == 4
        ]
        shown = {}
        for row in rows:
            name, product, sets = (cell.strip() for cell in row.strip("|").split(" | "))
            if name.strip("`") in presets.PRESETS:
                shown[name.strip("`")] = (product, sets)

        expected = {
            p.name: (p.product, ", ".join(f"`{line}`" for line in p.describe()))
            for p in presets.PRESETS.values()
        }
        assert expected == shown
