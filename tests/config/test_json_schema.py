"""The JSON Schema of policy files, checked with a real validator (jsonschema): the repository's
policy files pass, broken variants it can express fail at the right place, every key is
described, and its patterns accept every duration and interval that loading accepts."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from slaclock.budgets import parse_duration
from slaclock.calendar import BusinessCalendar
from slaclock.calendar.notation import parse_time_range
from slaclock.config import policy_schema
from slaclock.config.calendar_shape import (
    CLOCK_RANGE_PATTERN,
    CalendarSpec,
    ClosureSpec,
    HolidaysSpec,
    OpeningSpec,
)
from slaclock.config.field_docs import FIELD_DOCS
from slaclock.config.json_schema import DURATION_PATTERN
from slaclock.errors import CalendarError, PolicyError

ROOT = Path(__file__).parents[2]
FILES = [
    ROOT / "docs" / "examples" / "policies.yaml",
    ROOT / "src" / "slaclock" / "data" / "demo_policy.yaml",
    ROOT / "src" / "slaclock" / "data" / "demo_proposal.yaml",
    ROOT / "src" / "slaclock" / "data" / "demo_contract.yaml",
    ROOT / "tests" / "integrations" / "django_helpdesk" / "policies.yaml",
]
SCHEMA = policy_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def as_editors_see(path: Path) -> dict[str, Any]:
    """The file as JSON: an editor's YAML 1.2 reads an unquoted date as text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded: dict[str, Any] = json.loads(json.dumps(data, default=str))
    return loaded


def errors_of(data: dict[str, Any]) -> list[str]:
    """Each error's place, written as a path of the file: where a value fits none of the
    alternatives (a calendar is '24x7' or a mapping), the deepest place, as editors show."""
    found = []
    for error in VALIDATOR.iter_errors(data):
        while error.context:
            error = max(error.context, key=lambda e: len(e.absolute_path))
        found.append("/".join(str(part) for part in error.absolute_path))
    return found


def properties(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    yield from (("(top)", k, v) for k, v in schema["properties"].items())
    for name, shape in schema["$defs"].items():
        yield from ((name, k, v) for k, v in shape.get("properties", {}).items())


class TestTheSchema:
    def test_it_is_a_draft_2020_12_schema_with_an_id_and_a_title(self) -> None:
        jsonschema.Draft202012Validator.check_schema(SCHEMA)

        assert (
            "https://json-schema.org/draft/2020-12/schema",
            "urn:slaclock:schema:policy-file",
            "slaclock policy file",
        ) == (SCHEMA["$schema"], SCHEMA["$id"], SCHEMA["title"])

    def test_every_key_has_a_description_and_examples(self) -> None:
        undocumented = [
            f"{shape}.{key}"
            for shape, key, spec in properties(SCHEMA)
            if not spec.get("description") or not spec.get("examples")
        ]

        assert [] == undocumented

    def test_the_table_of_descriptions_names_only_shapes_and_keys_of_the_file(self) -> None:
        known = {"PolicyFileSpec": set(SCHEMA["properties"])}
        known |= {name: set(d.get("properties", {})) for name, d in SCHEMA["$defs"].items()}

        stale = [
            f"{shape}.{key}"
            for shape, keys in FIELD_DOCS.items()
            for key in keys
            if key not in known.get(shape, set())
        ]

        assert [] == stale

    def test_the_examples_of_a_key_are_valid_where_the_key_is(self) -> None:
        # A key's examples are checked against the key's own schema (refs resolved).
        wrong = []
        for shape, key, spec in properties(SCHEMA):
            for example in spec["examples"]:
                sub = {**spec, "$defs": SCHEMA["$defs"]}
                if not jsonschema.Draft202012Validator(sub).is_valid(example):
                    wrong.append(f"{shape}.{key}: {example!r}")

        assert [] == wrong


class TestFilesOfTheRepository:
    @pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
    def test_a_policy_file_of_the_repository_validates(self, path: Path) -> None:
        assert [] == errors_of(as_editors_see(path))


def example() -> dict[str, Any]:
    return as_editors_see(FILES[0])


def policy_of(data: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(p for p in data["policies"] if p["name"] == name)
    return found


class TestBrokenVariants:
    def test_a_bad_duration(self) -> None:
        data = example()
        policy_of(data, "corporate-defaults")["targets"]["P1"]["resolution"] = "4 hrs?"

        assert ["policies/0/targets/P1/resolution"] == errors_of(data)

    def test_a_bad_duration_in_a_target_with_its_own_calendar(self) -> None:
        data = example()
        target = {"within": "soon", "calendar": "always"}
        policy_of(data, "corporate-defaults")["targets"]["P1"]["resolution"] = target

        assert ["policies/0/targets/P1/resolution/within"] == errors_of(data)

    def test_a_bad_clock_range(self) -> None:
        data = example()
        data["calendars"]["berlin-office"]["hours"]["mon-fri"][0] = "9-12:30"

        assert ["calendars/berlin-office/hours/mon-fri/0"] == errors_of(data)

    def test_a_bad_day_of_the_week(self) -> None:
        data = example()
        data["calendars"]["berlin-office"]["hours"]["mon-fry"] = ["09:00-17:00"]

        assert ["calendars/berlin-office/hours"] == errors_of(data)

    @pytest.mark.parametrize("threshold", [1.75, 0, 1, -0.5])
    def test_a_warning_threshold_outside_0_to_1(self, threshold: float) -> None:
        data = example()
        policy_of(data, "corporate-defaults")["warn_at"] = [threshold]

        assert ["policies/0/warn_at/0"] == errors_of(data)

    @pytest.mark.parametrize(
        ("where", "key"),
        [
            pytest.param([], "timezon", id="calendar"),
            pytest.param(["holidays"], "subdivision", id="holidays"),
            pytest.param(["closures", 0], "form", id="closure"),
        ],
    )
    def test_an_unknown_key_in_a_calendar(self, where: list[Any], key: str) -> None:
        data = example()
        node = data["calendars"]["berlin-office"]
        for part in where:
            node = node[part]
        node[key] = "x"

        assert ["/".join(["calendars", "berlin-office", *map(str, where)])] == errors_of(data)

    def test_a_calendar_without_hours_nor_calendars_to_combine(self) -> None:
        data = example()
        del data["calendars"]["berlin-office"]["hours"]

        assert ["calendars/berlin-office"] == errors_of(data)

    def test_each_variant_is_also_refused_by_loading(self) -> None:
        # The schema is advisory; loading has the last word and agrees on these.
        from slaclock.config import PolicySet

        data = example()
        policy_of(data, "corporate-defaults")["targets"]["P1"]["resolution"] = "4 hrs?"
        policy_of(data, "corporate-defaults")["warn_at"] = [1.75]
        data["calendars"]["new-york-night-desk"]["hours"]["mon-fri"] = ["9-17"]
        broken = copy.deepcopy(data)

        with pytest.raises(PolicyError) as info:
            PolicySet.from_dict(broken)

        assert 3 == len(getattr(info.value, "problems", []))


class TestTheCalendarShapeIsTheReadersShape:
    """The calendar shapes are for the schema only; their keys must be the reader's."""

    @pytest.mark.parametrize(
        ("shape", "spec"),
        [
            pytest.param(CalendarSpec, {"timezone": "UTC", "hours": "24x7"}, id="calendar"),
            pytest.param(
                HolidaysSpec,
                {"timezone": "UTC", "hours": "24x7", "holidays": {"country": "DE"}},
                id="holidays",
            ),
            pytest.param(
                ClosureSpec,
                {"timezone": "UTC", "hours": "24x7", "closures": [{"date": "2026-12-24"}]},
                id="closure",
            ),
            pytest.param(
                OpeningSpec,
                {
                    "timezone": "UTC",
                    "hours": "24x7",
                    "openings": [{"date": "2026-12-27", "hours": "09:00-13:00"}],
                },
                id="opening",
            ),
        ],
    )
    def test_the_keys_allowed_are_the_same(self, shape: Any, spec: dict[str, Any]) -> None:
        target = spec
        for key in ("holidays", "closures", "openings"):
            if key in spec:
                target = spec[key][0] if isinstance(spec[key], list) else spec[key]
        target["zzz"] = 1

        with pytest.raises(CalendarError) as info:
            BusinessCalendar.from_config(spec)

        allowed = info.value.message.split("allowed keys: ")[1].split(", ")
        shaped = [f.alias or name for name, f in shape.model_fields.items()]
        assert sorted(allowed) == sorted(shaped)


_PIECES = st.sampled_from(
    (
        *("1", "15", "0", "2.5", "h", "m", "s", "min", "hours", "hrs", "business hours", "d"),
        *("bd", "days", "business days", "working day", " ", ",", " and ", "at close"),
        *("same time", "P", "T", "H", "M", "S", "D", "W", "x", "-", "?", "PT", "w", "1h30m"),
        "4 H",
    )
)
_CLOCK_PIECES = st.sampled_from(
    ["09", "9", "17", "24", "00", "30", "7", ":", "-", " ", "60", "5", "x", "12:00", "-06:00"]
)


class TestPatternsAgreeWithLoading:
    @given(st.lists(_PIECES, min_size=1, max_size=6).map("".join))
    def test_every_duration_loading_reads_matches_the_pattern(self, text: str) -> None:
        try:
            parse_duration(text, bare_days="same_time")
        except PolicyError as exc:
            # The pattern may accept a form whose value is wrong (zero, too long, weeks,
            # a fraction of a second, days with hours); never a malformed one.
            if re.search(DURATION_PATTERN, text):
                assert "malformed" not in str(exc), text
        else:
            assert re.search(DURATION_PATTERN, text), text

    @given(st.lists(_CLOCK_PIECES, min_size=1, max_size=7).map("".join))
    def test_every_interval_loading_reads_matches_the_pattern(self, text: str) -> None:
        try:
            parse_time_range(text)
        except CalendarError as exc:
            if re.search(CLOCK_RANGE_PATTERN, text):
                assert "malformed" not in str(exc), text
        else:
            assert re.search(CLOCK_RANGE_PATTERN, text), text

    @pytest.mark.parametrize(
        "text",
        [
            "15m",
            "4h",
            "1h30m",
            "1 hour and 30 minutes",
            "PT4H",
            "p2d",
            "3 business days at close",
            "1.5h",
            " 8 h ",
        ],
    )
    def test_written_forms_of_the_docs_match(self, text: str) -> None:
        assert re.search(DURATION_PATTERN, text)

    @pytest.mark.parametrize("text", ["4 hrs?", "soon", "-4h", "4", "h", "4h-", "PT", "1 week"])
    def test_malformed_durations_do_not_match(self, text: str) -> None:
        assert re.search(DURATION_PATTERN, text) is None
