"""Calendar problems are collected once, by `slaclock.config`, for policy and contract files.

Each broken calendar is reported once at the value at fault; a calendar that only refers to a
broken one is not reported again; and both loaders read the same section the same way.
"""

from __future__ import annotations

from typing import Any

import pytest

from slaclock.config import PolicySet
from slaclock.contracts import ContractSet
from slaclock.errors import PolicyFileError

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["08:00-18:00"]}}


def _file(calendars: dict[str, Any]) -> dict[str, Any]:
    return {
        "calendars": calendars,
        "policies": [{"name": "p", "calendar": "24x7", "targets": {"*": {"first_response": "4h"}}}],
        "services": {"shop": {"fee": "1000 EUR"}},
        "contracts": [
            {
                "name": "c",
                "timezone": "Europe/Berlin",
                "objectives": [
                    {"name": "up", "service": "shop", "availability": "99%", "window": "office"}
                ],
            }
        ],
    }


TWO_BROKEN = {
    "office": OFFICE,
    "night": {"timezone": "Europe/Berlim", "hours": {"mon-fri": ["22:00-06:00"]}},
    "lunch": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["12:00-13:70"]}},
    "late": {"union": ["night", "office"]},
    "ghost": {"not": "nowhere"},
}
EXPECTED = [
    "calendars.night.timezone",
    "calendars.lunch.hours.mon-fri[0]",
    "calendars.ghost.not",
]


def _problems(load: Any, data: dict[str, Any]) -> list[str]:
    with pytest.raises(PolicyFileError) as info:
        load(data)
    return [p.path for p in info.value.problems]


class TestEveryProblemOnce:
    def test_policy_files(self) -> None:
        actual = _problems(PolicySet.from_dict, _file(TWO_BROKEN))

        assert EXPECTED == actual

    def test_contract_files(self) -> None:
        actual = _problems(ContractSet.from_dict, _file(TWO_BROKEN))

        assert EXPECTED == actual

    def test_a_cycle_is_reported_once(self) -> None:
        calendars = {"office": OFFICE, "a": {"union": ["b"]}, "b": {"union": ["a"]}}

        for load in (PolicySet.from_dict, ContractSet.from_dict):
            with pytest.raises(PolicyFileError) as info:
                load(_file(calendars))
            messages = [p.message for p in info.value.problems]
            assert ["calendars refer to each other in a cycle: a -> b -> a"] == messages


class TestContractsReadComplementCalendars:
    def test_a_calendar_defined_as_a_complement(self) -> None:
        # A named complement calendar (`not:` inside `calendars:`) as an objective's window.
        data = _file({"office": OFFICE, "off-hours": {"not": "office"}})
        data["contracts"][0]["objectives"][0]["window"] = "off-hours"

        contracts = ContractSet.from_dict(data)

        # November 2026 in Berlin: 30 days × 24 h = 720 h, of which 21 weekdays × 10 h open.
        line = contracts.statement("c", "2026-11").objectives[0]
        assert line.window_seconds == str((720 - 21 * 10) * 3600)
