"""Hostile and meaningless policy files: each is a clear `PolicyFileError`, found quickly.

Issue #11, items 5, 10, 12, 13 and 15: alias bombs, self-referring aliases, deep nesting,
unreadable tagged values, huge integers and budgets, bad holiday categories, overlong zone
names, endless inheritance, and values that load but mean nothing.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from slaclock.budgets import MAX_BUSINESS_DAYS, BusinessDays
from slaclock.config import PolicySet
from slaclock.config.resolve import MAX_EXTENDS
from slaclock.config.sources import MAX_DEPTH, MAX_NODES
from slaclock.errors import PolicyFileError, Problem

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def policy(**fields: Any) -> dict[str, Any]:
    fields.setdefault("calendar", "office")
    fields.setdefault("targets", {"*": {"first_response": "4h"}})
    return {"name": "p", **fields}


def file_of(*policies: dict[str, Any], **calendars: Any) -> dict[str, Any]:
    return {"calendars": calendars or {"office": OFFICE}, "policies": list(policies)}


def yaml_of(data: dict[str, Any]) -> str:
    return json.dumps(data)  # JSON is YAML; the YAML reader (with its line table) reads it


def problems(read: Any, text: Any, budget_seconds: float = 2.0) -> list[Problem]:
    started = time.perf_counter()
    with pytest.raises(PolicyFileError) as info:
        read(text)
    took = time.perf_counter() - started
    assert took < budget_seconds, f"took {took:.1f}s"
    return info.value.problems


def one(read: Any, text: Any) -> Problem:
    found = problems(read, text)
    assert len(found) == 1, found
    return found[0]


# A 451-byte document that expands to about 4.3 billion values through its aliases.
ALIAS_BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "policies: [*i]",
    ]
)


class TestYamlAliases:
    def test_an_alias_bomb_is_refused_quickly(self) -> None:
        found = one(PolicySet.from_yaml, ALIAS_BOMB)

        assert f"more than {MAX_NODES:,} values" in found.message

    def test_an_alias_inside_itself_is_refused(self) -> None:
        found = one(PolicySet.from_yaml, "calendars: &c {x: *c}\npolicies: []\n")

        assert ("refers to the collection that contains it", 1) == (
            found.message.split(", which")[0].split("alias ")[1],
            found.line,
        )

    def test_modest_aliases_still_work(self) -> None:
        text = (
            "calendars:\n"
            "  a: &hours {timezone: UTC, hours: {mon-fri: ['09:00-17:00']}}\n"
            "  b: *hours\n"
            "policies:\n"
            "  - {name: p, calendar: b, targets: {'*': {first_response: 4h}}}\n"
        )

        policies = PolicySet.from_yaml(text)

        assert sorted(policies.calendars) == ["a", "b"]


class TestNesting:
    @pytest.mark.parametrize(
        ("read", "text"),
        [
            pytest.param(PolicySet.from_yaml, "a: " + "[" * 5000 + "]" * 5000, id="yaml"),
            pytest.param(
                PolicySet.from_json, '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", id="json"
            ),
            pytest.param(PolicySet.from_toml, "a = " + "[" * 5000 + "]" * 5000, id="toml"),
            pytest.param(
                PolicySet.from_json,
                '{"a": ' + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "}",
                id="json-just-over",
            ),
        ],
    )
    def test_deep_nesting_is_a_problem(self, read: Any, text: str) -> None:
        found = one(read, text)

        assert "nest" in found.message

    def test_deep_nesting_in_python_data_is_a_problem(self) -> None:
        deep: Any = "x"
        for _ in range(3000):
            deep = [deep]

        found = one(PolicySet.from_dict, {"calendars": {}, "policies": deep})

        assert "nest" in found.message


class TestUnreadableValues:
    @pytest.mark.parametrize(
        ("read", "text", "fragment"),
        [
            pytest.param(PolicySet.from_yaml, "calendars: !!timestamp hello\n", "tag", id="ts"),
            pytest.param(PolicySet.from_yaml, "a: !!int " + "1" * 5000, "4300", id="yaml-int"),
            pytest.param(PolicySet.from_json, '{"a": ' + "1" * 5000 + "}", "4300", id="json-int"),
            pytest.param(PolicySet.from_toml, "a = " + "1" * 5000, "", id="toml-int"),
        ],
    )
    def test_a_value_that_cannot_be_built_is_a_problem(
        self, read: Any, text: str, fragment: str
    ) -> None:
        found = one(read, text)

        assert fragment in found.message

    def test_holiday_categories_must_be_text(self) -> None:
        office = {**OFFICE, "holidays": {"country": "DE", "categories": 5}}

        found = one(PolicySet.from_dict, file_of(policy(), office=office))

        assert ("calendars.office.holidays.categories", True) == (
            found.path,
            "got 5" in found.message,
        )

    @pytest.mark.parametrize("mode", ["union", "intersection"])
    def test_a_combination_must_list_calendars(self, mode: str) -> None:
        found = one(PolicySet.from_dict, file_of(policy(), office={mode: 5}))

        assert (f"calendars.office.{mode}", True) == (found.path, "got 5" in found.message)

    def test_an_overlong_zone_name_is_unknown(self) -> None:
        office = {**OFFICE, "timezone": "A" * 300}

        found = one(PolicySet.from_dict, file_of(policy(), office=office))

        assert ("calendars.office.timezone", True) == (
            found.path,
            "unknown time zone" in found.message,
        )


class TestInheritance:
    @pytest.mark.parametrize("reverse", [False, True], ids=["parents-first", "children-first"])
    def test_an_endless_chain_of_extends_is_refused(self, reverse: bool) -> None:
        chain = [policy(name="p0")] + [
            {"name": f"p{i}", "extends": f"p{i - 1}"} for i in range(1, 1000)
        ]
        if reverse:
            chain.reverse()

        found = problems(PolicySet.from_dict, file_of(*chain))

        assert found
        assert all(f"deeper than {MAX_EXTENDS} levels" in p.message for p in found)

    def test_a_chain_within_the_limit_loads(self) -> None:
        chain = [policy(name="p0")] + [
            {"name": f"p{i}", "extends": f"p{i - 1}"} for i in range(1, MAX_EXTENDS)
        ]

        policies = PolicySet.from_dict(file_of(*chain))

        assert len(policies.policies) == MAX_EXTENDS


class TestBudgets:
    @pytest.mark.parametrize(
        ("budget", "extra"),
        [
            pytest.param("99999999999999 business days", {}, id="days"),
            pytest.param(f"{MAX_BUSINESS_DAYS + 1} business days", {}, id="days-just-over"),
            pytest.param("99999999999999h", {}, id="hours"),
            pytest.param("PT" + "1" * 100_000 + "H", {}, id="iso-100k-digits"),
            pytest.param("1" * 5000 + " business days", {}, id="5000-digit-days"),
            pytest.param("1000000000 business days", {"day_means": "24h"}, id="24h-days"),
            pytest.param("1000000000d", {"day_means": "24h"}, id="bare-days"),
            pytest.param("P1000000000D", {"day_means": "close"}, id="iso-days"),
        ],
    )
    def test_a_budget_over_the_limit_is_refused_at_load(
        self, budget: str, extra: dict[str, Any]
    ) -> None:
        data = file_of(policy(targets={"*": {"resolution": budget}}, **extra))

        found = one(PolicySet.from_dict, data)

        assert ("policies[0].targets.*.resolution", [], True) == (
            found.path,
            [w for w in ("budget", "at most", f"{MAX_BUSINESS_DAYS:,}") if w not in found.message],
            budget[:20] in found.message,
        )

    def test_the_largest_budget_loads(self) -> None:
        data = file_of(policy(targets={"*": {"resolution": f"{MAX_BUSINESS_DAYS} business days"}}))

        policies = PolicySet.from_dict(data)

        budget = policies.get("p").targets["*"]["resolution"].budget
        assert budget == BusinessDays(MAX_BUSINESS_DAYS, "same_time")


class TestMeaninglessValues:
    @pytest.mark.parametrize(
        ("fields", "path", "fragment"),
        [
            pytest.param({"match": {"x": {"in": []}}}, "policies[0].match.x.in", "empty", id="in"),
            pytest.param(
                {"targets": {"P1": {"first_response": "4h"}, "": {"first_response": "4h"}}},
                "policies[0].targets.",
                "empty priority",
                id="priority-empty",
            ),
            pytest.param(
                {"targets": {"P1": {"first_response": "4h"}, "P2": {}}},
                "policies[0].targets.P2",
                "no targets",
                id="row-empty",
            ),
            pytest.param(
                {"targets": {"P1": {"first_response": "4h"}, "P2": {"calendar": "office"}}},
                "policies[0].targets.P2",
                "no targets",
                id="row-only-calendar",
            ),
            pytest.param(
                {"effective_from": "0001-01-01"},
                "policies[0].effective_from",
                "outside the years",
                id="year-1",
            ),
            pytest.param(
                {"effective_until": "9999-12-31"},
                "policies[0].effective_until",
                "outside the years",
                id="year-9999",
            ),
        ],
    )
    def test_is_refused(self, fields: dict[str, Any], path: str, fragment: str) -> None:
        found = one(PolicySet.from_dict, file_of(policy(**fields)))

        assert (path, True) == (found.path, fragment in found.message)


METRIC = {"start": {"event": "created"}, "stop": {"event": "resolved"}}


class TestNullConditions:
    @pytest.mark.parametrize("key", ["not", "status", "event", "any", "attributes"])
    def test_a_null_condition_key_is_refused(self, key: str) -> None:
        metric = {**METRIC, "pause": {key: None}}

        found = one(PolicySet.from_dict, file_of(policy(metrics={"ola": metric})))

        assert (f"policies[0].metrics.ola.pause.{key}", True) == (
            found.path,
            "is null" in found.message,
        )

    def test_a_condition_with_not_round_trips(self) -> None:
        metric = {**METRIC, "pause": {"not": {"status": "open"}}}
        policies = PolicySet.from_dict(file_of(policy(metrics={"ola": metric})))

        actual = PolicySet.from_dict(policies.to_dict())

        assert policies == actual
