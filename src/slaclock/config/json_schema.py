"""The JSON Schema of a policy file, for editors that check YAML as it is typed.

Built from the pydantic shapes (`schema`, `contract_specs`, `calendar_shape`), with what only
the resolver checks written out for editors too: patterns for durations and wall-clock
intervals, warning thresholds in (0, 1), a description and examples on every key. The schema
is advisory: a file it accepts can still have a problem that loading reports (an unknown
calendar name, a zero budget), and loading never consults it.
"""

from __future__ import annotations

from typing import Any

from .calendar_shape import ALWAYS_SCHEMA, CalendarSpec, case_free
from .field_docs import FIELD_DOCS
from .schema import PolicyFileSpec
from .spec_base import NAME_PATTERN

__all__ = [
    "DURATION_PATTERN",
    "SCHEMA_DIALECT",
    "SCHEMA_ID",
    "build_policy_schema",
    "described",
]

#: The JSON Schema dialect of the schema.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The schema's identifier (a name, not a place to download it from).
SCHEMA_ID = "urn:slaclock:schema:policy-file"

_NUMBER = r"[0-9]+(\.[0-9]+)?"
_TIME_UNIT = (
    r"(business\s+hours?|business\s+minutes?|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|hr|h)"
)
_PART = rf"{_NUMBER}\s*{_TIME_UNIT}"
# Parts are separated by spaces, commas or "and" (not glued to a unit: "1hand" is no hour).
_TIME = rf"[ ,]*(and[ ,]*)?{_PART}(([ ,]+and[ ,]*|[ ,]*){_PART})*"
_DAYS = r"[0-9]+\s*(business\s+days?|working\s+days?|bd|days?|d)(\s+(at\s+close|same\s+time))?"
_ISO = rf"P(?=.*[0-9])([0-9]+W)?([0-9]+D)?(T({_NUMBER}H)?({_NUMBER}M)?({_NUMBER}S)?)?"
#: What a budget looks like (``15m``, ``1h30m``, ``PT4H``, ``2 business days at close``).
#: Whether it is positive, in range and its days meant is for the loader to say.
DURATION_PATTERN = case_free(rf"^\s*({_TIME}|{_DAYS}|{_ISO})\s*$")

_DURATION = {
    "type": "string",
    "pattern": DURATION_PATTERN,
    "description": "a duration: '15m', '4h', '1h30m', 'PT4H', '2 business days'",
    "examples": ["4h", "2 business days"],
}


def described(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (pydantic's, of the policy file or a part of it) with the description and
    examples of each key it has from `FIELD_DOCS`, changed in place and returned."""
    defs = schema.get("$defs", {})
    for shape, keys in FIELD_DOCS.items():
        if shape == "PolicyFileSpec":
            where = schema["properties"]
        elif shape in defs:
            where = defs[shape]["properties"]
        else:
            continue
        for key, (description, examples) in keys.items():
            if shape == "PolicyFileSpec" and key not in where:
                continue  # a part of the file's schema (contracts) has some top keys
            where[key] = {**where[key], "description": description, "examples": examples}
            where[key].pop("title", None)
    return schema


def build_policy_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a policy file."""
    schema = PolicyFileSpec.model_json_schema(by_alias=True)
    defs: dict[str, Any] = schema.setdefault("$defs", {})
    calendar = CalendarSpec.model_json_schema(by_alias=True)
    inner = calendar.pop("$defs", {})
    defs.update(inner)
    # A recursive model comes back as a pointer to its own definition ("$ref", or "allOf"
    # around one before pydantic 2.8); otherwise the schema is the model itself.
    if "CalendarSpec" not in inner:
        defs["CalendarSpec"] = calendar
    props = schema["properties"]
    props["calendars"] = {
        "type": "object",
        "propertyNames": {"pattern": NAME_PATTERN},
        "additionalProperties": {"anyOf": [ALWAYS_SCHEMA, {"$ref": "#/$defs/CalendarSpec"}]},
    }
    policy = defs["PolicySpec"]["properties"]
    policy["targets"] = {
        "type": "object",
        "additionalProperties": {
            "type": "object",
            "description": "a priority's budgets by metric, and optionally its calendar",
            "properties": {"calendar": {"type": "string", "description": "the row's calendar"}},
            "additionalProperties": {"anyOf": [_DURATION, {"$ref": "#/$defs/TargetValueSpec"}]},
        },
    }
    policy["hours_per_day"] = {"anyOf": [_DURATION, {"type": "null"}]}
    policy["warn_at"] = {
        "type": "array",
        "items": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    }
    defs["TargetValueSpec"]["properties"]["within"] = dict(_DURATION)
    defs["TargetValueSpec"]["properties"]["after"] = {"anyOf": [_DURATION, {"type": "null"}]}
    described(schema)
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "slaclock policy file",
        "description": "Calendars, SLA policies matched in order, and optionally the services"
        " and contracts above them. Checked in full by `slaclock check FILE`.",
        **{k: v for k, v in schema.items() if k not in ("title", "description")},
    }
