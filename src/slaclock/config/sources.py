"""Reading policy files: YAML (safe loading, with the line of every path), JSON and TOML, each
into plain data; a file that cannot be read is a `PolicyFileError` with its line."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..errors import PolicyFileError, Problem
from .paths import format_path

__all__ = ["Lines", "expect_mapping", "read_json", "read_toml", "read_yaml"]


def expect_mapping(data: object, source: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise PolicyFileError(
            source,
            [Problem("", "expected a mapping with 'calendars' and 'policies' at the top")],
        )
    return data


class Lines:
    """Maps paths in a YAML document to the line they start on."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.table: dict[tuple[object, ...], int] = {}
        self.duplicates: list[Problem] = []
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple[object, ...]) -> None:
        self.table[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                line = key.start_mark.line + 1
                if name in first:
                    # YAML loaders keep the last value silently; a policy must not lose one.
                    self.duplicates.append(
                        Problem(
                            format_path([*path, name]),
                            f"duplicate key {name!r} (first on line {first[name]});"
                            " merge the two entries or remove one",
                            line,
                        )
                    )
                first.setdefault(name, line)
                self.table[(*path, name)] = key.start_mark.line + 1
                self._walk(value, (*path, name))
                self.table[(*path, name)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i))

    def line(self, path: Sequence[object]) -> int | None:
        key = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while key:
            if key in self.table:
                return self.table[key]
            key = key[:-1]
        return self.table.get(())


def read_yaml(text: str, source: str) -> tuple[Mapping[str, Any], Lines]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise PolicyFileError(
            source,
            [Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)],
        ) from None
    lines = Lines(node)
    if lines.duplicates:
        raise PolicyFileError(source, lines.duplicates)
    return expect_mapping(data, source), lines


def read_json(text: str, source: str) -> Mapping[str, Any]:
    """A JSON policy file's content; a repeated key in one object is a problem."""
    duplicates: list[Problem] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        for key in sorted({k for k in keys if keys.count(k) > 1}):
            duplicates.append(
                Problem("", f"duplicate key {key!r} in one object; merge the entries")
            )
        return dict(items)

    try:
        data = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise PolicyFileError(
            source, [Problem("", f"not valid JSON: {exc.msg}", exc.lineno)]
        ) from None
    if duplicates:
        raise PolicyFileError(source, duplicates)
    return expect_mapping(data, source)


def read_toml(text: str, source: str) -> Mapping[str, Any]:
    """A TOML policy file's content."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PolicyFileError(
            source,
            [Problem("", f"not valid TOML: {exc}", int(line[1]) if line else None)],
        ) from None
