"""Reading policy files: YAML (safe loading, with the line of every path), JSON and TOML, each
into plain data; a file that cannot be read is a `PolicyFileError` with its line.

Every reader is bounded, whatever the text: nesting deeper than `MAX_DEPTH` and YAML whose
aliases expand to more than `MAX_NODES` values (an "alias bomb") or refer to themselves are
problems, found before any work proportional to the expansion is done."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..errors import PolicyFileError, Problem
from .paths import format_path

__all__ = [
    "MAX_DEPTH",
    "MAX_NODES",
    "Lines",
    "check_depth",
    "expect_mapping",
    "read_json",
    "read_toml",
    "read_yaml",
]

#: How deeply a policy file may nest mappings and lists (a real one nests about eight).
MAX_DEPTH = 64
#: How many values a YAML document may hold once its aliases are expanded.
MAX_NODES = 20_000
# libyaml's scanner where installed: the pure-Python one is quadratic in flow nesting.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT_DIGITS = 4300  # Python's limit on int(text); a longer integer is refused, not converted


def expect_mapping(data: object, source: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise PolicyFileError(
            source,
            [Problem("", "expected a mapping with 'calendars' and 'policies' at the top")],
        )
    return data


def check_depth(data: object, source: str) -> None:
    """Refuse data nested deeper than `MAX_DEPTH` (checked without recursion)."""
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, Mapping):
            children: Any = value.values()
        elif isinstance(value, list | tuple):
            children = value
        else:
            continue
        if depth >= MAX_DEPTH:
            raise PolicyFileError(source, [_too_deep()])
        stack.extend((child, depth + 1) for child in children)


def _too_deep(line: int | None = None) -> Problem:
    return Problem(
        "",
        f"nested more than {MAX_DEPTH} levels deep; a policy file nests a few levels",
        line,
    )


def _expanded_size(root: yaml.Node, source: str) -> None:
    """Refuse a YAML graph whose aliases refer to themselves or expand past `MAX_NODES`.

    Sizes are memoised per node, so the check costs the number of distinct nodes, not the
    expansion (a 451-byte alias bomb expands to billions of values).
    """
    size: dict[int, int] = {}
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        children = _children(node)
        if done:
            open_.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_NODES:
                raise PolicyFileError(
                    source,
                    [
                        Problem(
                            "",
                            f"the document expands to more than {MAX_NODES:,} values through"
                            " YAML aliases (*name); write the repeated parts out or share less",
                            node.start_mark.line + 1,
                        )
                    ],
                )
            continue
        if key in size:
            continue
        if key in open_:
            raise PolicyFileError(
                source,
                [
                    Problem(
                        "",
                        "a YAML alias refers to the collection that contains it, which would"
                        " nest forever; remove the alias",
                        node.start_mark.line + 1,
                    )
                ],
            )
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if id(c) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


class Lines:
    """Maps paths in a YAML document to the line they start on.

    A node reached again through an alias is walked again (its paths differ), which the
    loader allows only once `_expanded_size` has bounded the expansion.
    """

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


def _yaml_depth(text: str, source: str) -> None:
    """Refuse YAML nested deeper than `MAX_DEPTH` before composing it (which recurses)."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PolicyFileError(source, [_too_deep(mark.line + 1 if mark else None)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def read_yaml(text: str, source: str) -> tuple[Mapping[str, Any], Lines]:
    try:
        _yaml_depth(text, source)
        node = yaml.compose(text, Loader=_LOADER)
        if node is not None:
            _expanded_size(node, source)
        data = yaml.load(text, Loader=_LOADER)  # _LOADER is a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise PolicyFileError(
            source,
            [Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)],
        ) from None
    except PolicyFileError:
        raise
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        # A tagged scalar the safe constructor cannot build: '!!timestamp hello', an integer
        # of thousands of digits, '!!float' of text.
        raise PolicyFileError(
            source, [Problem("", f"not valid YAML: a value cannot be read ({_reason(exc)})")]
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
    except RecursionError:
        raise PolicyFileError(source, [_too_deep()]) from None
    except ValueError as exc:  # an integer longer than Python reads
        raise PolicyFileError(source, [Problem("", f"not valid JSON: {_reason(exc)}")]) from None
    if duplicates:
        raise PolicyFileError(source, duplicates)
    return expect_mapping(data, source)


def read_toml(text: str, source: str) -> Mapping[str, Any]:
    """A TOML policy file's content."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise PolicyFileError(
            source,
            [Problem("", f"not valid TOML: {exc}", int(line[1]) if line else None)],
        ) from None
    except RecursionError:
        raise PolicyFileError(source, [_too_deep()]) from None
    except ValueError as exc:  # an integer longer than Python reads
        raise PolicyFileError(source, [Problem("", f"not valid TOML: {_reason(exc)}")]) from None
    return data


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "integer string conversion" in text:
        return f"an integer longer than {_INT_DIGITS} digits"
    if isinstance(exc, ValueError | OverflowError):
        return text.split(";")[0] or "out of range"
    return "a tag such as '!!timestamp' on text that is not one"
