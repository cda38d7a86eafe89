"""Invalid policy files: every problem names its path, the bad value and the way out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from slaclock.config import PolicySet, load_policies
from slaclock.errors import PolicyError, PolicyFileError, Problem

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def good(name: str, **fields: Any) -> dict[str, Any]:
    fields.setdefault("calendar", "office")
    if "extends" not in fields:
        fields.setdefault("targets", {"*": {"first_response": "4h"}})
    return {"name": name, **fields}


def file_with(third: dict[str, Any], **top: Any) -> dict[str, Any]:
    """A file whose third policy (``policies[2]``) carries the problem under test."""
    calendars = top.pop("calendars", {"office": OFFICE})
    policies = [good("gold", match={"tier": "gold"}), good("silver", match={"tier": "silver"})]
    return {"calendars": calendars, "policies": [*policies, {**good("standard"), **third}], **top}


def problems_of(data: Any) -> list[Problem]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_dict(data)
    return info.value.problems


def the_problem(data: Any) -> Problem:
    found = problems_of(data)
    assert len(found) == 1, found
    return found[0]


def check(problem: Problem, path: str, fragments: list[str]) -> None:
    missing = [f for f in fragments if f not in problem.message]
    assert (path, []) == (problem.path, missing), problem.message


class TestPolicyProblems:
    @pytest.mark.parametrize(
        ("third", "path", "fragments"),
        [
            pytest.param(
                {"calendar": "ofice"},
                "policies[2].calendar",
                ["unknown calendar 'ofice'", "defined calendars: office"],
                id="unknown-calendar",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "4h", "calendar": "night"}}},
                "policies[2].targets.P1.calendar",
                ["unknown calendar 'night'", "defined calendars: office"],
                id="unknown-priority-calendar",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": {"within": "4h", "calendar": "night"}}}},
                "policies[2].targets.P1.resolution.calendar",
                ["unknown calendar 'night'", "office"],
                id="unknown-metric-calendar",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "0m"}}},
                "policies[2].targets.P1.resolution",
                ["must be positive", "'0m'", "write e.g. '15m'"],
                id="zero-duration",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "PT0S"}}},
                "policies[2].targets.P1.resolution",
                ["must be positive", "'PT0S'", "'PT4H'"],
                id="zero-iso-duration",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "0 business days"}}},
                "policies[2].targets.P1.resolution",
                ["must be positive", "'0 business days'", "'1 business day'"],
                id="zero-days",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "-4h"}}},
                "policies[2].targets.P1.resolution",
                ["must be positive", "'-4h'", "'4h'"],
                id="negative-duration",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "4 hrs?"}}},
                "policies[2].targets.P1.resolution",
                ["malformed duration '4 hrs?'", "'1h30m'", "'PT4H'", "'2 business days'"],
                id="malformed-duration",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "2d"}}},
                "policies[2].targets.P1.resolution",
                ["ambiguous unit in '2d'", "'2 business days'", "'48h'", "day_means"],
                id="ambiguous-day",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "P3D"}}},
                "policies[2].targets.P1.resolution",
                ["ambiguous unit in 'P3D'", "'3 business days'", "'PT72H'", "day_means"],
                id="ambiguous-iso-day",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "1w"}}},
                "policies[2].targets.P1.resolution",
                ["weeks are ambiguous in '1w'", "'40h'", "'5 business days'"],
                id="ambiguous-week",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": "1d4h"}}},
                "policies[2].targets.P1.resolution",
                ["'1d4h' mixes days with hours", "'28h'"],
                id="days-and-hours",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": 4}}},
                "policies[2].targets.P1.resolution",
                ["expected a duration with a unit", "'4h'", "got 4"],
                id="number-without-unit",
            ),
            pytest.param(
                {"targets": {"P1": {"resolutoin": "4h"}}},
                "policies[2].targets.P1.resolutoin",
                ["unknown metric 'resolutoin'", "resolution", "metrics:"],
                id="unknown-metric",
            ),
            pytest.param(
                {"pause": [{"statuses": ["pending"], "metrics": ["first_reponse"]}]},
                "policies[2].pause[0].metrics[0]",
                ["unknown metric 'first_reponse'", "first_response"],
                id="unknown-paused-metric",
            ),
            pytest.param(
                {"prioirty_change": "restart"},
                "policies[2].prioirty_change",
                ["unknown key 'prioirty_change'", "did you mean 'priority_change'?"],
                id="option-typo",
            ),
            pytest.param(
                {"reopen_mode": "restart"},
                "policies[2].reopen_mode",
                ["unknown key 'reopen_mode'", "did you mean 'reopen'?"],
                id="option-typo-reopen",
            ),
            pytest.param(
                {"targets": {"P1": {"resolution": {"within": "4h", "calender": "office"}}}},
                "policies[2].targets.P1.resolution.calender",
                ["unknown key 'calender'", "did you mean 'calendar'?"],
                id="target-key-typo",
            ),
            pytest.param(
                {"priority_change": "reset"},
                "policies[2].priority_change",
                ["'retarget', 'restart' or 'keep'", "got 'reset'"],
                id="priority-change-value",
            ),
            pytest.param(
                {"reopen": "reopen"},
                "policies[2].reopen",
                ["'resume', 'new_cycle' or 'restart'", "got 'reopen'"],
                id="reopen-value",
            ),
            pytest.param(
                {"pause_accounting": "calendar"},
                "policies[2].pause_accounting",
                ["'business', 'wall', 'hide' or 'hold_added'", "got 'calendar'"],
                id="pause-accounting-value",
            ),
            pytest.param(
                {"unknown_priority": "ignore"},
                "policies[2].unknown_priority",
                ["'error' or 'no_targets'", "got 'ignore'"],
                id="unknown-priority-value",
            ),
            pytest.param(
                {"day_means": "fortnight"},
                "policies[2].day_means",
                ["'same_time', 'close', '24h' or 'hours'", "got 'fortnight'"],
                id="day-means-value",
            ),
            pytest.param(
                {"sticky_breach": "sometimes"},
                "policies[2].sticky_breach",
                ["boolean", "got 'sometimes'"],
                id="sticky-breach-value",
            ),
            pytest.param(
                {"day_means": "hours"},
                "policies[2].day_means",
                ["also set hours_per_day", "'8h'"],
                id="hours-without-hours-per-day",
            ),
            pytest.param(
                {"day_means": "hours", "hours_per_day": "30h"},
                "policies[2].hours_per_day",
                ["up to 24h", "got '30h'"],
                id="hours-per-day-too-long",
            ),
            pytest.param(
                {"hours_per_day": "8 bananas"},
                "policies[2].hours_per_day",
                ["malformed duration '8 bananas'"],
                id="hours-per-day-malformed",
            ),
            pytest.param(
                {"warn_at": [0.5, 1.5]},
                "policies[2].warn_at[1]",
                ["between 0 and 1", "got 1.5", "0.75 for 75 %"],
                id="warn-at-above-one",
            ),
            pytest.param(
                {"warn_at": [75]},
                "policies[2].warn_at[0]",
                ["between 0 and 1", "got 75", "0.75 for 75 %"],
                id="warn-at-percent",
            ),
            pytest.param(
                {"warn_at": ["half"]},
                "policies[2].warn_at[0]",
                ["number", "got 'half'"],
                id="warn-at-not-a-number",
            ),
            pytest.param(
                {"effective_from": "2026-07-01T08:00:00"},
                "policies[2].effective_from",
                ["naive datetime 2026-07-01T08:00:00", "+01:00", "plain date"],
                id="naive-effective-from",
            ),
            pytest.param(
                {"effective_until": "next year"},
                "policies[2].effective_until",
                ["got 'next year'"],
                id="effective-until-not-a-date",
            ),
            pytest.param(
                {"effective_from": "2026-07-01", "effective_until": "2026-01-01"},
                "policies[2].effective_until",
                ["2026-01-01T00:00:00+01:00 is not after", "2026-07-01T00:00:00+02:00"],
                id="window-backwards",
            ),
            pytest.param(
                {"calendar": None},
                "policies[2].calendar",
                ["no calendar", "'24x7'", "parent"],
                id="no-calendar",
            ),
            pytest.param(
                {"targets": {}},
                "policies[2].targets",
                ["no targets", "'*'"],
                id="no-targets",
            ),
            pytest.param(
                {"name": "standard policy"},
                "policies[2].name",
                ["letters, digits", "no spaces", "got 'standard policy'"],
                id="name-with-space",
            ),
            pytest.param(
                {"match": {"tier": {"in": ["gold"], "not_in": ["silver"]}}},
                "policies[2].match.tier",
                ["exactly one of 'in', 'not_in' or 'exists'"],
                id="two-match-operators",
            ),
            pytest.param(
                {"match": {"tier": []}},
                "policies[2].match.tier",
                ["empty list never matches", "list the accepted values"],
                id="empty-match-list",
            ),
            pytest.param(
                {"match": {"tier": {"equals": "gold"}}},
                "policies[2].match.tier.equals",
                ["unknown key 'equals'", "'in', 'not_in' or 'exists'"],
                id="unknown-match-operator",
            ),
        ],
    )
    def test_problem(self, third: dict[str, Any], path: str, fragments: list[str]) -> None:
        problem = the_problem(file_with(third))

        check(problem, path, fragments)


def metric(**conditions: Any) -> dict[str, Any]:
    return {
        "metrics": {"ola": conditions},
        "targets": {"*": {"ola": "4h"}},
    }


class TestMetricProblems:
    @pytest.mark.parametrize(
        ("third", "path", "fragments"),
        [
            pytest.param(
                {
                    "metrics": {
                        "resolution": {"start": {"event": "created"}, "stop": {"group": "x"}}
                    }
                },
                "policies[2].metrics.resolution",
                ["'resolution' is a built-in metric", "another name"],
                id="builtin-name",
            ),
            pytest.param(
                metric(start={"group": "L2"}),
                "policies[2].metrics.ola.stop",
                ["required"],
                id="no-stop",
            ),
            pytest.param(
                metric(start={"grp": "L2"}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start.grp",
                ["unknown key 'grp'", "did you mean 'group'?"],
                id="condition-key-typo",
            ),
            pytest.param(
                metric(start={"event": "replied"}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start.event",
                ["'agent_replied'", "'customer_replied'", "got 'replied'"],
                id="unknown-event",
            ),
            pytest.param(
                metric(start={}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start",
                ["an empty condition", "{event: agent_replied}"],
                id="empty-condition",
            ),
            pytest.param(
                metric(start=[], stop={"event": "resolved"}),
                "policies[2].metrics.ola.start",
                ["never holds", "at least one"],
                id="empty-condition-list",
            ),
            pytest.param(
                metric(start={"group": "L2"}, stop={"any": []}),
                "policies[2].metrics.ola.stop.any",
                ["an empty 'any'", "drop it"],
                id="empty-any",
            ),
            pytest.param(
                metric(start={"status": []}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start.status",
                ["an empty 'status'", "drop it"],
                id="empty-status",
            ),
            pytest.param(
                metric(start={"group": "L2", "attributes": {}}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start.attributes",
                ["an empty 'attributes'", "drop it"],
                id="empty-attributes",
            ),
            pytest.param(
                metric(start={"public": True}, stop={"event": "resolved"}),
                "policies[2].metrics.ola.start.public",
                ["'public' narrows an event", "event: agent_replied"],
                id="public-without-event",
            ),
            pytest.param(
                metric(start={"group": "L2"}, stop={"event": "resolved"}, resume={"group": "L2"}),
                "policies[2].metrics.ola.resume",
                ["'resume' without 'pause'", "add the pause condition"],
                id="resume-without-pause",
            ),
            pytest.param(
                metric(
                    start={"group": "L2"},
                    stop={"any": [{"event": "resolved"}, {"stauts": "closed"}]},
                ),
                "policies[2].metrics.ola.stop.any[1].stauts",
                ["unknown key 'stauts'", "did you mean 'status'?"],
                id="nested-typo",
            ),
        ],
    )
    def test_problem(self, third: dict[str, Any], path: str, fragments: list[str]) -> None:
        problem = the_problem(file_with(third))

        check(problem, path, fragments)


class TestInheritanceProblems:
    def test_unknown_parent(self) -> None:
        problem = the_problem(file_with({"extends": "corporate"}))

        check(
            problem,
            "policies[2].extends",
            ["unknown parent policy 'corporate'", "defined: gold, silver, standard"],
        )

    def test_cycle(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("a", extends="c"),
                good("b", extends="a"),
                good("c", extends="b"),
                good("d", extends="c"),
            ],
        }

        problem = the_problem(data)

        # Reported once, where the loop closes (b extends a), and never for 'd' outside it.
        check(
            problem,
            "policies[1].extends",
            ["inheritance cycle: a -> c -> b -> a", "removing one of these 'extends'"],
        )

    def test_a_policy_extending_itself(self) -> None:
        problem = the_problem(file_with({"extends": "standard"}))

        check(problem, "policies[2].extends", ["inheritance cycle: standard -> standard"])

    def test_an_unknown_grandparent_is_reported_once(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("service", extends="customer"),
                good("customer", extends="corporate"),
                good("other", extends="customer"),
            ],
        }

        problem = the_problem(data)

        check(problem, "policies[1].extends", ["unknown parent policy 'corporate'"])

    def test_a_problem_in_an_inherited_value_is_reported_where_it_is_written(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("base", abstract=True, targets={"*": {"resolution": "0m"}}),
                good("gold", extends="base"),
                good("silver", extends="gold"),
            ],
        }

        problem = the_problem(data)

        check(problem, "policies[0].targets.*.resolution", ["'0m'"])

    def test_a_child_repeating_the_bad_value_gets_its_own_problem(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("base", abstract=True, targets={"*": {"resolution": "0m"}}),
                good("gold", extends="base", targets={"*": {"resolution": "0m"}}),
            ],
        }

        actual = [p.path for p in problems_of(data)]

        expected = ["policies[0].targets.*.resolution", "policies[1].targets.*.resolution"]
        assert expected == actual

    def test_extending_an_effective_dated_policy(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("std", effective_until="2026-07-01"),
                good("std", effective_from="2026-07-01"),
                good("child", extends="std"),
            ],
        }

        problem = the_problem(data)

        check(
            problem,
            "policies[2].extends",
            ["'std' has 2 effective-dated versions", "abstract base"],
        )


class TestVersionProblems:
    def test_overlapping_effective_dates(self) -> None:
        data = file_with(
            {"effective_from": "2026-06-01"},
        )
        data["policies"].insert(
            2, good("standard", effective_from="2026-01-01", effective_until="2026-07-01")
        )

        problem = the_problem(data)

        check(
            problem,
            "policies[3].effective_from",
            [
                "version of policy 'standard' overlaps the one at policies[2]",
                "2026-01-01T00:00:00+01:00 – 2026-07-01T00:00:00+02:00",
                "2026-06-01T00:00:00+02:00 – open-ended",
                "its own effective_from/effective_until window",
            ],
        )

    def test_the_overlap_names_the_right_versions_when_another_has_a_problem(self) -> None:
        data = {
            "calendars": {"office": OFFICE},
            "policies": [
                good("p", effective_until="2026-01-01", targets={"*": {"resolution": "0m"}}),
                good("p", effective_from="2026-01-01"),
                good("p", effective_from="2026-06-01"),
            ],
        }

        actual = [p.path for p in problems_of(data)]

        expected = ["policies[0].targets.*.resolution", "policies[2].effective_from"]
        assert expected == actual
        assert "policies[1]" in problems_of(data)[1].message

    def test_two_policies_with_one_name(self) -> None:
        data = file_with({"name": "gold"})

        problem = the_problem(data)

        check(
            problem,
            "policies[2].name",
            ["policy name 'gold' is already used by policies[0]", "rename one", "versions"],
        )


class TestCalendarProblems:
    @pytest.mark.parametrize(
        ("calendars", "path", "fragments"),
        [
            pytest.param(
                {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-25:00"]}}},
                "calendars.office.hours.mon-fri[0]",
                ["'25:00'", "00:00–24:00"],
                id="hour-out-of-range",
            ),
            pytest.param(
                {"office": {"timezone": "Mars/Olympus", "hours": {"mon-fri": ["09:00-17:00"]}}},
                "calendars.office.timezone",
                ["unknown time zone 'Mars/Olympus'", "IANA name"],
                id="unknown-zone",
            ),
            pytest.param(
                {"office": {"hours": {"mon-fri": ["09:00-17:00"]}}},
                "calendars.office",
                ["'timezone' is required", "never guesses a zone"],
                id="no-zone",
            ),
            pytest.param(
                {"office": {**OFFICE, "hollidays": {"country": "DE"}}},
                "calendars.office",
                ["unknown key 'hollidays'", "holidays"],
                id="unknown-key",
            ),
            pytest.param(
                {"office": OFFICE, "fts": {"union": ["office", "night"]}},
                "calendars.fts.union",
                ["unknown calendar 'night'", "defined: fts, office"],
                id="union-of-unknown",
            ),
            pytest.param(
                {"office": {**OFFICE, "closures": [{"date": "2026-12-24", "from": "noon"}]}},
                "calendars.office.closures[0].from",
                ["'noon'"],
                id="closure-time",
            ),
        ],
    )
    def test_problem(self, calendars: dict[str, Any], path: str, fragments: list[str]) -> None:
        data = {"calendars": calendars, "policies": [good("std")]}

        problem = the_problem(data)

        check(problem, path, fragments)


class TestFileShape:
    @pytest.mark.parametrize(
        ("data", "path", "fragments"),
        [
            pytest.param({"calendars": {"office": OFFICE}}, "policies", ["required"], id="none"),
            pytest.param(
                {"calendars": {"office": OFFICE}, "policies": []},
                "policies",
                ["at least 1"],
                id="empty",
            ),
            pytest.param(
                {"calendars": {"office": OFFICE}, "polices": [good("std")]},
                "polices",
                ["unknown key 'polices'", "did you mean 'policies'?"],
                id="top-level-typo",
            ),
            pytest.param(
                {"policies": [good("std")], "effective_by": "ticket"},
                "effective_by",
                ["'created' or 'now'", "got 'ticket'"],
                id="effective-by-value",
            ),
        ],
    )
    def test_problem(self, data: dict[str, Any], path: str, fragments: list[str]) -> None:
        found = {p.path: p for p in problems_of(data)}

        check(found[path], path, fragments)

    def test_every_problem_is_reported_at_once(self) -> None:
        data = file_with(
            {
                "calendar": "ofice",
                "warn_at": [2],
                "targets": {"P1": {"resolution": "0m", "first_response": "2d"}},
            }
        )

        actual = sorted(p.path for p in problems_of(data))

        expected = [
            "policies[2].calendar",
            "policies[2].targets.P1.first_response",
            "policies[2].targets.P1.resolution",
            "policies[2].warn_at[0]",
        ]
        assert expected == actual

    def test_the_error_is_a_policy_error_and_a_value_error(self) -> None:
        with pytest.raises(PolicyFileError) as info:
            PolicySet.from_dict(file_with({"calendar": "ofice"}), source="team.yaml")

        assert isinstance(info.value, PolicyError)
        assert isinstance(info.value, ValueError)
        expected = (
            "1 problem(s) in team.yaml:\n"
            "  team.yaml: policies[2].calendar: unknown calendar 'ofice';"
            " defined calendars: office"
        )
        assert expected == str(info.value)


# =========================================================================== YAML line numbers

YAML_FILE = """\
calendars:
  office:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-17:00"]
policies:
  - name: gold
    match: {tier: gold}
    calendar: office
    targets:
      P1: {first_response: 15m, resolution: 4h}
  - name: silver
    calendar: office
    targets:
      P1:
        first_response: 1h
        resolution: 8h
  - name: standard
    calendar: office
    targets:
      P1:
        first_response: 4h
        resolution: {bad}
"""


def yaml_problems(text: str, source: str = "policies.yaml") -> list[Problem]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_yaml(text, source=source)
    return info.value.problems


def one_line(text: str) -> tuple[str, int | None]:
    found = yaml_problems(text)
    assert len(found) == 1, found
    return found[0].path, found[0].line


class TestYamlLines:
    @pytest.mark.parametrize(
        ("bad", "expected"),
        [
            pytest.param("0m", ("policies[2].targets.P1.resolution", 23), id="zero-duration"),
            pytest.param("2d", ("policies[2].targets.P1.resolution", 23), id="ambiguous-unit"),
            pytest.param("15", ("policies[2].targets.P1.resolution", 23), id="no-unit"),
            pytest.param(
                "{within: 4h, calendar: night}",
                ("policies[2].targets.P1.resolution.calendar", 23),
                id="unknown-calendar",
            ),
        ],
    )
    def test_a_target_problem_points_at_its_line(self, bad: str, expected: tuple[str, int]) -> None:
        actual = one_line(YAML_FILE.replace("{bad}", bad))

        assert expected == actual

    def test_unknown_key(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "  - name: silver\n", "  - name: silver\n    prioirty_change: keep\n"
        )

        actual = one_line(text)

        expected = ("policies[1].prioirty_change", 13)
        assert expected == actual

    def test_unknown_parent(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "  - name: standard\n", "  - name: standard\n    extends: corporate\n"
        )

        actual = one_line(text)

        expected = ("policies[2].extends", 19)
        assert expected == actual

    def test_unknown_metric_in_a_block_mapping(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "        resolution: 8h\n", "        resolution: 8h\n        resolve: 8h\n"
        )

        actual = one_line(text)

        expected = ("policies[1].targets.P1.resolve", 18)
        assert expected == actual

    def test_naive_datetime(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "    match: {tier: gold}\n",
            "    match: {tier: gold}\n    effective_from: 2026-07-01T08:00:00\n",
        )

        found = yaml_problems(text)

        expected = [("policies[0].effective_from", 9)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual
        assert "naive datetime 2026-07-01T08:00:00" in found[0].message

    def test_warn_at(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "  - name: silver\n", "  - name: silver\n    warn_at: [0.5,\n      1.5]\n"
        )

        actual = one_line(text)

        expected = ("policies[1].warn_at[1]", 14)
        assert expected == actual

    def test_overlapping_versions(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "  - name: standard\n",
            "  - name: silver\n    calendar: office\n    effective_from: 2026-01-01\n"
            "    targets: {P1: {resolution: 4h}}\n  - name: standard\n",
        )

        found = yaml_problems(text)

        expected = [("policies[2].effective_from", 20)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual

    def test_a_calendar_problem(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace("09:00-17:00", "09:00-17:70")

        actual = one_line(text)

        expected = ("calendars.office.hours.mon-fri[0]", 5)
        assert expected == actual

    def test_an_unknown_time_zone(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace("Europe/Berlin", "Europe/Berlim")

        actual = one_line(text)

        expected = ("calendars.office.timezone", 3)
        assert expected == actual

    @pytest.mark.parametrize(
        ("text", "line"),
        [
            pytest.param("calendars: {\n  a: [\n", 3, id="unclosed-flow"),
            pytest.param("calendars:\n  a: 1\n b: 2\n", 3, id="bad-indent"),
            pytest.param("policies:\n  - name: a\n\tcalendar: x\n", 3, id="tab"),
            pytest.param('policies:\n  - name: "a\n', 3, id="unclosed-quote"),
        ],
    )
    def test_bad_yaml(self, text: str, line: int) -> None:
        found = yaml_problems(text)

        expected = [("", line)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual
        assert found[0].message.startswith("not valid YAML: ")

    def test_a_duplicate_key_is_not_silently_dropped(self) -> None:
        text = YAML_FILE.replace("{bad}", "4h").replace(
            "        first_response: 1h\n",
            "        first_response: 1h\n        first_response: 2h\n",
        )

        found = yaml_problems(text)

        expected = [("policies[1].targets.P1.first_response", 17)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual
        assert "duplicate key 'first_response' (first on line 16)" in found[0].message

    @pytest.mark.parametrize(
        "text",
        [pytest.param("", id="empty"), pytest.param("- a\n- b\n", id="a-list")],
    )
    def test_not_a_mapping(self, text: str) -> None:
        found = yaml_problems(text)

        assert "expected a mapping with 'calendars' and 'policies'" in found[0].message

    def test_render_shows_file_line_path_and_message(self) -> None:
        found = yaml_problems(YAML_FILE.replace("{bad}", "0m"), source="team.yaml")

        actual = found[0].render("team.yaml")

        assert actual.startswith("team.yaml:23: policies[2].targets.P1.resolution: duration")


class TestOtherFormats:
    def test_bad_json_names_the_line(self) -> None:
        with pytest.raises(PolicyFileError) as info:
            PolicySet.from_json('{\n  "calendars": {},\n  "policies": [}\n}')

        found = info.value.problems
        expected = [("", 3)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual
        assert found[0].message.startswith("not valid JSON: ")

    def test_a_duplicate_json_key(self) -> None:
        text = json.dumps({"policies": [good("std", calendar="24x7")]}).replace(
            '"calendar": "24x7"', '"calendar": "24x7", "calendar": "office"'
        )

        with pytest.raises(PolicyFileError) as info:
            PolicySet.from_json(text)

        assert "duplicate key 'calendar'" in info.value.problems[0].message

    def test_json_that_is_not_an_object(self) -> None:
        with pytest.raises(PolicyFileError, match="expected a mapping"):
            PolicySet.from_json("[1, 2]")

    def test_bad_toml_names_the_line(self) -> None:
        with pytest.raises(PolicyFileError) as info:
            PolicySet.from_toml('[[policies]]\nname = "a"\ncalendar = \n')

        found = info.value.problems
        expected = [("", 3)]
        actual = [(p.path, p.line) for p in found]
        assert expected == actual
        assert found[0].message.startswith("not valid TOML: ")

    def test_a_toml_problem_names_the_path(self) -> None:
        text = '[[policies]]\nname = "a"\ncalendar = "24x7"\ntargets = {P1 = {resolution = 4}}\n'

        with pytest.raises(PolicyFileError) as info:
            PolicySet.from_toml(text)

        expected = ["policies[0].targets.P1.resolution"]
        actual = [p.path for p in info.value.problems]
        assert expected == actual

    def test_an_unknown_suffix(self, tmp_path: Path) -> None:
        file = tmp_path / "policies.ini"
        file.write_text("[policies]\n", encoding="utf-8")

        with pytest.raises(PolicyFileError) as info:
            load_policies(file)

        expected = "unknown file type '.ini'; use .yaml, .yml, .json or .toml"
        assert expected == info.value.problems[0].message

    def test_a_missing_file(self, tmp_path: Path) -> None:
        file = tmp_path / "nope.yaml"

        with pytest.raises(PolicyFileError) as info:
            load_policies(file)

        assert str(file) == info.value.source
        assert "cannot read the file" in info.value.problems[0].message


class TestDates:
    def test_a_naive_midnight_text_reads_as_a_date(self) -> None:
        # pydantic reads "2026-07-01T00:00:00" as the date 2026-07-01, which slaclock takes
        # as midnight in the policy's calendar zone: the same instant a date means.
        data = file_with({"effective_from": "2026-07-01T00:00:00"})

        policies = PolicySet.from_dict(data)

        assert policies.policies[2].effective_from is not None
        expected = "2026-07-01T00:00:00+02:00"
        actual = policies.policies[2].effective_from.isoformat()
        assert expected == actual
