"""Problems in a policy file: each with its path (``policies[2].targets.P1``) and, where the
file says, its line; collected so that one run reports them all."""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from ..errors import Problem
from .paths import format_path
from .schema import PolicyFileSpec
from .sources import Lines

__all__ = [
    "Collector",
    "dedupe",
    "is_union_tag",
    "keys_at",
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


def keys_at(loc: Sequence[object], root: type[BaseModel] = PolicyFileSpec) -> list[str]:
    """The keys allowed at the level of the last part of `loc` (a path into `root`), as
    written in a file (aliases); empty when the level is not a model's.

    A suggestion for a misspelt key comes from these only: ``preset`` in a policy is not
    ``reset``, a key of a custom metric one level further in.

    >>> "priority_change" in keys_at(["policies", 0, "prioirty_change"])
    True
    >>> "reset" in keys_at(["policies", 0, "preset"])
    False
    """
    level: list[object] = [root]
    for part in loc[:-1]:
        level = [found for annotation in level for found in _step(annotation, part)]
    keys: list[str] = []
    for annotation in _flatten(level):
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            keys += [f.alias or name for name, f in annotation.model_fields.items()]
    return sorted(set(keys))


def _flatten(annotations: list[object]) -> list[object]:
    """Unions and ``Annotated`` unwrapped into the types they hold."""
    out: list[object] = []
    stack = list(annotations)
    while stack:
        annotation = stack.pop()
        origin = get_origin(annotation)
        if origin is Annotated:
            stack.append(get_args(annotation)[0])
        elif origin in (Union, UnionType):
            stack.extend(get_args(annotation))
        else:
            out.append(annotation)
    return out


def _step(annotation: object, part: object) -> list[object]:
    """The annotations one path part further in."""
    found: list[object] = []
    for kind in _flatten([annotation]):
        origin = get_origin(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and isinstance(part, str):
            for name, field in kind.model_fields.items():
                if part in (name, field.alias):
                    found.append(field.annotation)
        elif origin is list and isinstance(part, int):
            found.append(get_args(kind)[0])
        elif origin is dict and isinstance(part, str):
            found.append(get_args(kind)[1])
    return found


def pydantic_message(error: Any, loc: Sequence[object]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        allowed = keys_at(loc)
        close = difflib.get_close_matches(key, allowed, n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif "match" in loc or "attributes" in loc:
            hint = "a match operator is one of 'in', 'not_in' or 'exists'"
        elif allowed:
            hint = f"allowed here: {', '.join(allowed)}"
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
