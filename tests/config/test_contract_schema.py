"""The policy file's JSON Schema knows ``services:`` and ``contracts:``.

A file that holds policies and contracts validates against `policy_schema()` with a JSON
Schema validator, as an editor would check it; a file with a shape problem fails there at the
path the policy loader names too.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

import jsonschema
import pytest
import yaml

from slaclock.config import PolicySet, policy_schema
from slaclock.contracts import ContractSet, contract_schema
from slaclock.errors import PolicyFileError


def _demo() -> dict[str, Any]:
    text = resources.files("slaclock").joinpath("data", "demo_contract.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    # YAML reads dates as date objects; a JSON document holds them as strings.
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded


def _schema_errors(instance: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    """Each error at its most specific place (inside ``anyOf``, as editors show it)."""
    validator = jsonschema.Draft202012Validator(policy_schema())
    found = []
    for error in validator.iter_errors(instance):
        best = jsonschema.exceptions.best_match([error])
        found.append((list(best.absolute_path), best.message))
    return found


def _loader_paths(instance: dict[str, Any]) -> list[str]:
    with pytest.raises(PolicyFileError) as info:
        PolicySet.from_dict(instance)
    return [p.path for p in info.value.problems]


class TestValidFiles:
    def test_the_demo_contract_file_validates(self) -> None:
        instance = _demo()

        actual = _schema_errors(instance)

        assert [] == actual
        # ... and means something: it resolves, contracts and all.
        assert ContractSet.from_dict(instance).names == ("acme",)

    def test_the_schema_names_the_contract_shapes(self) -> None:
        schema = policy_schema()

        defs = schema["$defs"]
        assert schema["properties"]["contracts"]["items"] == {"$ref": "#/$defs/ContractSpec"}
        assert {"ContractSpec", "ObjectiveSpec", "CreditsSpec", "ServiceSpec"} <= set(defs)
        assert "not" in defs["NotWindowSpec"]["properties"]

    def test_the_contract_schema_is_the_same_shapes(self) -> None:
        policy = policy_schema()["$defs"]
        contract = contract_schema()["$defs"]

        for name in ("ContractSpec", "ObjectiveSpec", "CreditsSpec", "TierSpec"):
            assert contract[name] == policy[name]


def _set(data: dict[str, Any], path: list[str | int], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return out


# (where to write, what, the path a validator and the loader name)
BAD = [
    pytest.param(
        ["contracts", 0, "period"], "week", ["contracts", 0, "period"], id="period-not-month"
    ),
    pytest.param(
        ["contracts", 0, "credits", "tiers", "backup", 0, "below"],
        99,
        ["contracts", 0, "credits", "tiers", "backup", 0, "below"],
        id="tier-as-a-number",
    ),
    pytest.param(
        ["contracts", 0, "credits", "earn_back", "periods"],
        0,
        ["contracts", 0, "credits", "earn_back", "periods"],
        id="earn-back-of-no-periods",
    ),
    pytest.param(
        ["contracts", 0, "exclusions", "customer_caused"],
        "sometimes",
        ["contracts", 0, "exclusions", "customer_caused"],
        id="exclusion-not-a-flag",
    ),
    pytest.param(["services", "shop", "fee"], 12000, ["services", "shop", "fee"], id="fee-number"),
    pytest.param(
        ["contracts", 1, "name"], "acme corp", ["contracts", 1, "name"], id="name-with-space"
    ),
]


def _written(path: list[str | int]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


class TestBadFiles:
    @pytest.mark.parametrize(("where", "value", "path"), BAD)
    def test_the_schema_and_the_loader_name_the_same_place(
        self, where: list[str | int], value: Any, path: list[str | int]
    ) -> None:
        instance = _set(_demo(), where, value)

        found = _schema_errors(instance)
        loader = _loader_paths(instance)

        expected = [path]
        assert expected == [p for p, _ in found]
        assert [_written(path)] == loader

    def test_an_unknown_key_in_an_objective(self) -> None:
        instance = _demo()
        instance["contracts"][0]["objectives"][0]["availabilty"] = "99%"

        found = _schema_errors(instance)
        loader = _loader_paths(instance)

        assert [["contracts", 0, "objectives", 0]] == [p for p, _ in found]
        assert "availabilty" in found[0][1]
        assert ["contracts[0].objectives[0].availabilty"] == loader

    def test_a_missing_fee(self) -> None:
        instance = _demo()
        del instance["services"]["backup"]["fee"]

        found = _schema_errors(instance)

        assert [(["services", "backup"], "'fee' is a required property")] == found
        assert ["services.backup.fee"] == _loader_paths(instance)
