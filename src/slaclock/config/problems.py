"""Problems in a policy file: each with its path (``policies[2].targets.P1``) and, where the
file says, its line; collected so that one run reports them all."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from ..errors import Problem
from . import contract_specs
from .paths import format_path
from .schema import ConditionSpec, MetricSpec, PauseRuleSpec, PolicyFileSpec, PolicySpec
from .sources import Lines

__all__ = [
    "Collector",
    "dedupe",
    "is_union_tag",
    "pydantic_message",
]


class Collector:
    def __init__(self, lines: Lines | Mapping[Any, Any]) -> None:
        self.problems: list[Problem] = []
        self.locs: list[list[object]] = []
        self.lines = lines if isinstance(lines, Lines) else None

    def add(self, loc: Sequence[object], message: str) -> None:
        line = self.lines.line(loc) if self.lines is not None else None
        self.problems.append(Problem(format_path(loc), message, line))
        self.locs.append(list(loc))


_PYDANTIC_HINTS = {
    "extra_forbidden": "unknown key; check its spelling against the documented keys",
    "literal_error": None,
    "missing": "this key is required",
    "string_pattern_mismatch": "a name may hold letters, digits, '_', '-' and '.' (no spaces)",
}


def _known_keys() -> set[str]:
    keys: set[str] = set()
    models: list[type[BaseModel]] = [
        PolicyFileSpec,
        PolicySpec,
        ConditionSpec,
        MetricSpec,
        PauseRuleSpec,
    ]
    models += [getattr(contract_specs, name) for name in contract_specs.__all__]
    for model in models:
        if isinstance(model, type) and issubclass(model, BaseModel):
            keys |= {f.alias or name for name, f in model.model_fields.items()}
    keys |= {"in", "not_in", "exists", "within"}
    return keys


def pydantic_message(error: Any, loc: Sequence[object]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        close = difflib.get_close_matches(key, sorted(_known_keys()), n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif "match" in loc or "attributes" in loc:
            hint = "a match operator is one of 'in', 'not_in' or 'exists'"
        else:
            hint = "check its spelling in the docs"
        return f"unknown key {key!r}; {hint}"
    if kind == "string_type" and ("targets" in loc or "hours_per_day" in loc):
        return (
            f"expected a duration with a unit such as '15m', '4h', 'PT4H' or '2 business days',"
            f" got {value!r}"
        )
    if kind == "string_type" and isinstance(value, int | float) and _in_contracts(loc):
        return f"expected text such as '99.5%' or '12000 EUR', got the number {value!r}"
    if kind == "value_error":
        # Our validators' messages already name the value.
        return str(error["msg"]).removeprefix("Value error, ")
    message = _PYDANTIC_HINTS.get(kind) or error["msg"]
    if kind != "missing" and not isinstance(value, (dict, list)):
        message += f" (got {value!r})"
    return str(message)


def _in_contracts(loc: Sequence[object]) -> bool:
    return bool(loc) and loc[0] in ("services", "contracts")


def is_union_tag(part: object) -> bool:
    return isinstance(part, str) and (
        part in ("str", "int", "float", "bool", "date", "datetime", "list[...]")
        or part.startswith(("function-", "list[", "dict[", "lax-", "union[", "literal["))
        or part.endswith("Spec")
    )


def dedupe(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(problem.path, problem)
    # A union also fails as a whole at the parent path ("should be a valid list"); the
    # problem found deeper says what is actually wrong.
    paths = list(seen)
    return [
        p
        for p in seen.values()
        if not any(other.startswith((p.path + ".", p.path + "[")) for other in paths)
    ]
