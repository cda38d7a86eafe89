"""Paths into a policy file, written ``policies[2].targets.P1`` and read back into parts."""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["format_path", "split_path"]


def format_path(loc: Sequence[object]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def split_path(path: str) -> list[object]:
    """The parts of a path written by `format_path` (list indices as ints)."""
    return [
        int(part[1:-1]) if part.startswith("[") else part
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", path)
    ]
