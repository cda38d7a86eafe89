"""Cutting a JSON-lines stream of tickets into parts that can be evaluated apart.

A cut falls only between two adjacent lines that both name a ticket, and name different
ones. So a part starts with a ticket's first line, never splits a ticket, and never separates
an unreadable line from the lines around it (which decide the ticket it is charged to): each
part read alone gives the groups the whole stream gives, in the same order.

Files are cut by byte ranges (each worker reads its own range); any other stream of lines
is cut into lists of lines by the process that reads it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

__all__ = ["byte_ranges", "line_chunks", "ticket_named"]

#: Bytes read at a time while looking for a cut after a target offset.
_PROBE = 1 << 16


def ticket_named(line: str | bytes) -> str | None:
    """The ticket a line names, if it is a JSON object with a string or integer ``ticket``.

    >>> ticket_named('{"ticket": "A-1", "type": "resolved"}'), ticket_named('{"ticket": 7}')
    ('A-1', '7')
    >>> ticket_named("not json") is None, ticket_named('{"type": "created"}') is None
    (True, True)
    """
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    ticket = data.get("ticket")
    if isinstance(ticket, str):
        return ticket
    if isinstance(ticket, int) and not isinstance(ticket, bool):
        return str(ticket)
    return None


def _cut_after(handle: BinaryIO, offset: int, size: int) -> int:
    """The first cut at or after byte `offset` (the file's `size` if there is none)."""
    if offset <= 0:
        return 0
    back = max(0, offset - _PROBE)
    handle.seek(back)
    head = handle.read(offset - back)
    # The line that holds byte offset - 1, read whole: its ticket is the one before the cut.
    rest = b"" if head.endswith(b"\n") else handle.readline()
    found = head.rfind(b"\n", 0, len(head) - 1 if not rest else len(head))
    whole = found >= 0 or back == 0
    previous = ticket_named(head[found + 1 :] + rest) if whole else None
    position = offset + len(rest)
    handle.seek(position)
    while position < size:
        line = handle.readline()
        if not line:
            break
        ticket = ticket_named(line)
        if ticket is not None and previous is not None and ticket != previous:
            return position
        previous = ticket
        position += len(line)
    return size


def byte_ranges(path: str | Path, parts: int) -> list[tuple[int, int]]:
    """Cut the file at `path` into at most `parts` byte ranges of about equal size.

    Ranges cover the file, in order, without gaps; a file that cannot be cut (one ticket, no
    ticket names) is one range.
    """
    size = Path(path).stat().st_size
    if parts <= 1 or size == 0:
        return [(0, size)]
    cuts = [0]
    with open(path, "rb") as handle:
        for part in range(1, parts):
            target = size * part // parts
            if target <= cuts[-1]:
                continue
            cut = _cut_after(handle, target, size)
            if cut > cuts[-1] and cut < size:
                cuts.append(cut)
    cuts.append(size)
    return list(pairwise(cuts))


def line_chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    """The stream `lines` as lists of at least `size` lines (but the last), cut as above."""
    chunk: list[str] = []
    previous: str | None = None
    probing = False
    for line in lines:
        if probing:
            ticket = ticket_named(line)
            if ticket is not None and previous is not None and ticket != previous:
                yield chunk
                chunk = []
                probing = False
            previous = ticket
        chunk.append(line)
        if not probing and len(chunk) >= size:
            probing = True
            previous = ticket_named(line)
    if chunk:
        yield chunk
