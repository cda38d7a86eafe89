"""Properties of policy files: a dumped policy set loads back equal, in every format."""

from __future__ import annotations

import json
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from policy_strategies import mutated, policy_files

from slaclock.config import PolicySet
from slaclock.errors import SlaclockError

# Each example builds calendars and a whole policy set: a tenth of the profile's count.
_EXAMPLES = max(10, settings().max_examples // 10)


def _load_valid(data: dict[str, Any]) -> PolicySet:
    return PolicySet.from_dict(data)


class TestDumpAndLoad:
    @settings(max_examples=_EXAMPLES)
    @given(policy_files())
    def test_a_dumped_set_loads_back_equal(self, data: dict[str, Any]) -> None:
        policies = _load_valid(data)

        actual = PolicySet.from_dict(policies.to_dict())

        assert policies == actual

    @settings(max_examples=_EXAMPLES // 4)
    @given(policy_files())
    def test_a_dump_is_stable(self, data: dict[str, Any]) -> None:
        dumped = _load_valid(data).to_dict()

        actual = PolicySet.from_dict(dumped).to_dict()

        assert dumped == actual

    @settings(max_examples=_EXAMPLES // 4)
    @given(policy_files())
    def test_yaml_and_json_files_of_the_dump_load_equal(self, data: dict[str, Any]) -> None:
        policies = _load_valid(data)
        dumped = policies.to_dict()

        from_yaml = PolicySet.from_yaml(yaml.safe_dump(dumped, sort_keys=False))
        from_json = PolicySet.from_json(json.dumps(dumped))

        assert policies == from_yaml
        assert policies == from_json

    @settings(max_examples=_EXAMPLES // 4)
    @given(policy_files())
    def test_the_written_file_loads_the_same_from_yaml(self, data: dict[str, Any]) -> None:
        expected = _load_valid(data)

        actual = PolicySet.from_yaml(yaml.safe_dump(data, sort_keys=False))

        assert expected == actual


class TestAcceptedMeansRoundTrips:
    """Item 5 of #11: whatever loads, even a file with a value changed anywhere, dumps to a
    file that loads back equal (``{not: null}`` loaded, and dumped as ``{}``, which did not)."""

    @settings(max_examples=_EXAMPLES)
    @given(st.data())
    def test_an_accepted_variant_loads_back_equal(self, data: st.DataObject) -> None:
        variant = data.draw(mutated(data.draw(policy_files())))
        try:
            policies = PolicySet.from_dict(variant)
        except SlaclockError:
            return

        actual = PolicySet.from_dict(policies.to_dict())

        assert policies == actual
