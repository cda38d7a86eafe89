"""Reading a policy file's text into data, with a map from paths to lines (YAML)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from ..errors import PolicyFileError, Problem

__all__ = ["Lines", "parse_text", "render_path"]


def render_path(loc: Sequence[object]) -> str:
    """``("contracts", 1, "credits")`` as ``contracts[1].credits``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class Lines:
    """Where each path of a YAML document starts (empty for JSON and TOML)."""

    def __init__(self, node: yaml.Node | None = None) -> None:
        self.table: dict[str, int] = {}
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple[object, ...]) -> None:
        self.table.setdefault(render_path(path), node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                self.table[render_path((*path, name))] = key.start_mark.line + 1
                self._walk(value, (*path, name))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i))

    def line(self, path: str) -> int | None:
        """The line of `path`, or of its nearest enclosing path that has one."""
        while path:
            if path in self.table:
                return self.table[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def parse_text(text: str, suffix: str, source: str) -> tuple[Mapping[str, Any], Lines]:
    """The file's content as a mapping, by its kind (``.yaml``, ``.json``, ``.toml``)."""
    data: object
    lines = Lines()
    if suffix in (".yaml", ".yml"):
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            what = getattr(exc, "problem", None) or str(exc)
            problem = Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)
            raise PolicyFileError(source, [problem]) from None
        lines = Lines(node)
    elif suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            problem = Problem("", f"not valid JSON: {exc.msg}", exc.lineno)
            raise PolicyFileError(source, [problem]) from None
    elif suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"line (\d+)", str(exc))
            problem = Problem("", f"not valid TOML: {exc}", int(found[1]) if found else None)
            raise PolicyFileError(source, [problem]) from None
    else:
        problem = Problem("", f"unknown file type {suffix!r}; use .yaml, .yml, .json or .toml")
        raise PolicyFileError(source, [problem])
    if not isinstance(data, Mapping):
        raise PolicyFileError(source, [Problem("", "expected a mapping at the top of the file")])
    return data, lines
