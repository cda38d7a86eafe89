"""The shape pass of a policy file: every shape problem, and the parts that are sound.

A shape problem in one policy (a wrong type, a missing key) leaves that policy out of the
meaning pass, and an unknown key is set aside, so the rest of the file is still given its
meaning and a file with five independent mistakes reports all five in one run. A policy left
out is remembered by name: another policy that extends it adds no second message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pydantic import ValidationError

from .problems import Collector, dedupe, is_union_tag, pydantic_message
from .schema import PolicyFileSpec, PolicySpec

__all__ = ["Shaped", "shape"]


class Shaped(NamedTuple):
    """The sound part of a file: its top-level settings, the policies that have their shape
    (by their place in the file), and the names of those that do not."""

    spec: PolicyFileSpec
    policies: dict[int, PolicySpec]
    unshaped: frozenset[str]


def shape(data: Mapping[str, Any], out: Collector) -> Shaped | None:
    """The sound part of `data`; each shape problem goes to `out` (None: nothing sound)."""
    try:
        spec = PolicyFileSpec.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    else:
        return Shaped(spec, dict(enumerate(spec.policies)), frozenset())
    found = Collector(out.lines if out.lines is not None else {})
    kinds: list[str] = []
    for error in errors:
        loc = [p for p in error["loc"] if not is_union_tag(p)]
        found.add(loc, pydantic_message(error, loc))
        kinds.append(error["type"])
    # Keep the most specific problem per path: a union reports every alternative.
    kept = dedupe(found.problems)
    index = [next(i for i, p in enumerate(found.problems) if p is k) for k in kept]
    out.problems += kept
    out.locs += [found.locs[i] for i in index]
    return _sound_part(data, [[*found.locs[i], kinds[i]] for i in index])


def _sound_part(data: Mapping[str, Any], locs: list[list[object]]) -> Shaped | None:
    """The file without what its shape problems touch, validated again."""
    raw = data.get("policies") if isinstance(data, Mapping) else None
    if not isinstance(raw, list):
        return None
    top = dict(data)
    dropped: set[int] = set()
    for loc in locs:
        kind, path = loc[-1], loc[:-1]
        if path and path[0] == "policies" and len(path) > 1 and isinstance(path[1], int):
            if kind != "extra_forbidden":
                dropped.add(path[1])
        elif path and path[0] not in ("policies", "calendars"):
            # A top-level key at fault (unknown, or a section of the wrong shape): set aside.
            top.pop(str(path[0]), None)
        else:
            return None
    policies = []
    for i, policy in enumerate(raw):
        pruned = _without_unknown(policy, i, locs)
        if pruned is None:
            dropped.add(i)
        policies.append(policy if pruned is None else pruned)
    sound = {i: p for i, p in enumerate(policies) if i not in dropped}
    top["policies"] = list(sound.values()) or [{"name": "placeholder", "abstract": True}]
    try:
        spec = PolicyFileSpec.model_validate(top)
    except ValidationError:
        return None  # nothing more can be said safely than the problems found
    shaped = dict(zip(sound, spec.policies, strict=False)) if sound else {}
    names = {
        str(p["name"])
        for i, p in enumerate(raw)
        if i in dropped and isinstance(p, Mapping) and isinstance(p.get("name"), str)
    }
    return Shaped(spec, shaped, frozenset(names))


def _without_unknown(policy: object, index: int, locs: list[list[object]]) -> object | None:
    """A policy with its unknown keys taken out (they carry no meaning to check); None when
    taking one out would leave an empty mapping, whose own problem ("give one of ...")
    would only repeat the unknown key's."""
    unknown = [
        loc[2:-1]
        for loc in locs
        if loc[-1] == "extra_forbidden" and loc[:2] == ["policies", index] and len(loc) > 3
    ]
    for path in unknown:
        policy = _remove(policy, path)
        parent = _at(policy, path[:-1])
        if len(path) > 1 and isinstance(parent, Mapping) and not parent:
            return None
    return policy


def _at(node: object, path: list[object]) -> object:
    """The value at `path` in `node` (None where the path is absent)."""
    for part in path:
        if isinstance(node, Mapping):
            if part not in node:
                return None
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _remove(node: object, path: list[object]) -> object:
    """A copy of `node` without the value at `path` (unchanged where the path is absent)."""
    if not path:
        return node
    head, rest = path[0], path[1:]
    if isinstance(node, Mapping) and head in node:
        if not rest:
            return {k: v for k, v in node.items() if k != head}
        return {k: (_remove(v, rest) if k == head else v) for k, v in node.items()}
    if isinstance(node, list) and isinstance(head, int) and head < len(node):
        return [(_remove(v, rest) if k == head else v) for k, v in enumerate(node)]
    return node
