"""The worker side of a parallel batch: one part of the input in, its results out.

A worker process receives the policy set once, pickled, when it starts (`start`); its
calendars build their tables on first use and keep them for every part the worker is given.
Each part is a byte range of a file or a list of lines (cut by `slaclock.batch.split`), or a
list of tickets. Line numbers and ticket positions in the results count from the part's
start; the parent shifts them (it alone knows how many lines and tickets came before).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..clock import FailedTicket, TicketStatus, evaluate_groups, evaluate_many
from ..config import PolicySet
from ..errors import SlaclockError
from ..events import TicketEvent, TicketLines, read_ticket_lines
from ..report.build import place_error, report
from ..report.options import ReportOptions
from .shared import SharedObjects, dumps_results

__all__ = [
    "FileRange",
    "Part",
    "PartResult",
    "evaluate_part",
    "evaluate_tickets",
    "render_part",
    "report_part",
    "start",
]

#: A byte range ``[start, end)`` of a file, cut at a ticket boundary.
FileRange = tuple[str, int, int]
#: A part of a JSON-lines input: a byte range of a file, or the lines themselves.
Part = FileRange | list[str]


@dataclass(frozen=True, slots=True)
class PartResult:
    """What a worker sends back for one part.

    ``items`` is the pickled list of ``(first_line, ticket, result)`` triples (see
    `shared`), in input order; ``lines`` and ``tickets`` count the part's lines and tickets;
    ``error`` is set by `report_part` when the part stops at a problem.
    """

    items: bytes
    lines: int
    tickets: int
    error: SlaclockError | None = None


class _State:
    policies: PolicySet
    now: datetime
    shared: SharedObjects | None


_state = _State()


def start(
    blob: bytes,
    signature: str,
    now: datetime,
    show_warning: Callable[..., None] | None = None,
) -> None:
    """Initialise a worker: the policy set from the parent's pickle (once per process), and
    the parent's way of showing warnings."""
    if show_warning is not None:
        import warnings

        warnings.showwarning = show_warning
    policies = pickle.loads(blob)
    shared = SharedObjects(policies)
    _state.policies = policies
    _state.now = now
    # Shared objects are named by number only when both sides numbered them alike.
    _state.shared = shared if shared.signature == signature else None


class _Counted:
    """The lines of a part, counted as they are read."""

    __slots__ = ("count", "lines")

    def __init__(self, lines: Iterable[str]) -> None:
        self.lines = lines
        self.count = 0

    def __iter__(self) -> Iterator[str]:
        for line in self.lines:
            self.count += 1
            yield line


def _lines(part: Part) -> Iterable[str]:
    if isinstance(part, list):
        return part
    path, begin, end = part
    with open(path, "rb") as handle:
        handle.seek(begin)
        data = handle.read(end - begin)
    # Read as `open(path, encoding="utf-8")` reads the whole file: the same line ends.
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")


def _results(part: Part) -> tuple[_Counted, Iterator[tuple[TicketLines, Any]]]:
    counted = _Counted(_lines(part))
    groups = read_ticket_lines(counted)
    return counted, evaluate_groups(_state.policies, groups, _state.now, errors="collect")


def _start(group: TicketLines) -> int | None:
    """The line a ticket's group starts at (an unreadable first line included)."""
    error = None if group.error is None else group.error.line
    lines = [n for n in (group.first_line, error) if n is not None]
    return min(lines) if lines else None


def evaluate_part(part: Part) -> PartResult:
    """Evaluate the tickets of one part; failures come back as `FailedTicket` in place."""
    counted, results = _results(part)
    items = [(_start(group), group.ticket, item) for group, item in results]
    return PartResult(dumps_results(items, _state.shared), counted.count, len(items))


def render_part(part: Part, render: Callable[[TicketStatus], str]) -> PartResult:
    """Evaluate the tickets of one part and render each status to text with `render`.

    A status that cannot be rendered (its ledger meets a calendar problem) comes back as a
    `FailedTicket` that names the ticket.
    """
    counted, results = _results(part)
    items: list[tuple[int | None, str | None, str | FailedTicket]] = []
    for position, (group, item) in enumerate(results):
        if isinstance(item, FailedTicket):
            items.append((_start(group), group.ticket, item))
            continue
        try:
            items.append((_start(group), group.ticket, render(item)))
        except SlaclockError as exc:
            if exc.ticket is None and item.ticket is not None:
                exc.ticket = item.ticket
            failed = FailedTicket(item.ticket, position, exc)
            items.append((_start(group), group.ticket, failed))
    return PartResult(pickle.dumps(items), counted.count, len(items))


def report_part(part: Part, options: ReportOptions) -> PartResult:
    """The compliance report over one part, with its tickets' ids and first lines; or the
    part's first problem (``error``), as `slaclock.report.report_jsonl` would raise it."""
    counted = _Counted(_lines(part))
    seen: list[tuple[str | None, int | None]] = []
    current: list[TicketLines] = []

    def tickets() -> Iterator[tuple[str | None, list[TicketEvent]]]:
        for group in read_ticket_lines(counted):
            seen.append((group.ticket, _start(group)))
            if group.error is not None:
                raise group.error
            current[:] = [group]
            yield group.ticket, group.events

    try:
        result = report(_state.policies, tickets(), _state.now, options)
    except SlaclockError as exc:
        if current:  # the ticket being evaluated: its line, as report_jsonl gives it
            place_error(exc, current[0])
        return PartResult(pickle.dumps(seen), counted.count, len(seen), exc)
    return PartResult(pickle.dumps((seen, result)), counted.count, len(seen))


def evaluate_tickets(
    tickets: list[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
) -> PartResult:
    """Evaluate a list of tickets (as `slaclock.evaluate_many` takes them)."""
    items = [
        (None, None, item)
        for item in evaluate_many(_state.policies, tickets, _state.now, errors="collect")
    ]
    return PartResult(dumps_results(items, _state.shared), 0, len(items))
