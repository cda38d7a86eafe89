"""Reading events from JSON lines: one event a line, grouped into tickets by ``ticket``.

A ticket's lines must be contiguous (sort the stream by ticket, keeping each ticket's own
order): only one ticket's events are held at a time, so memory stays flat in the number of
events. A ticket that comes back after other tickets is refused. With ``ticket_order="grouped"``
(the default) that check remembers an 8-byte fingerprint of every ticket read (12 to 24 bytes a
ticket, in a table that doubles); with ``ticket_order="sorted"`` the ids must also increase,
which needs no memory per ticket at all.

`read_ticket_lines` keeps, for each ticket, the line of every event and the first problem
found in its lines, so a batch can say which ticket and which line, and go on with the next
ticket. An unreadable line is charged to the ticket it names; a line that names none (broken
JSON) to the ticket around it when the lines on both sides are that ticket's, and otherwise
stands alone.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

from .._typing import TicketOrder
from ..errors import TimelineError
from .model import TicketEvent, _from_line

__all__ = ["TicketCheck", "TicketLines", "read_jsonl", "read_ticket_lines", "ticket_check"]

_BOM = "\ufeff"
_TICKET = re.compile(r'"ticket"\s*:\s*("(?:[^"\\]|\\.)*")')


@dataclass(slots=True)
class TicketLines:
    """One ticket as read from a JSON-lines stream.

    ``lines`` holds the line number of each event in ``events``; ``error`` is the first
    problem in the ticket's lines (the ticket must not be evaluated without them), with its
    ``line`` set. A line that could not be charged to any ticket comes as a `TicketLines` of
    its own, with ``ticket`` None, no events and the error.
    """

    ticket: str | None
    events: list[TicketEvent] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    error: TimelineError | None = None

    @property
    def first_line(self) -> int | None:
        """The first line of the ticket in the stream (its problem's, if it has no events)."""
        if self.lines:
            return self.lines[0]
        return None if self.error is None else self.error.line


def read_jsonl(
    lines: Iterable[str], *, ticket_order: TicketOrder = "grouped"
) -> Iterator[tuple[str | None, list[TicketEvent]]]:
    """Group a JSON-lines stream of events into tickets by their ``ticket`` field.

    Blank lines are skipped, and a UTF-8 byte order mark before the first line. A bad line,
    a line without ``ticket`` in a stream of tickets, or a ticket whose lines are not together
    is a `TimelineError` with ``line`` and (where the line names it) ``ticket`` set; so is,
    with ``ticket_order="sorted"``, a ticket whose id is not greater than the one before it
    (in code-point order, as Python's ``sorted`` and ``LC_ALL=C sort``).

    >>> line = '{"ticket": "%s", "type": "created", "at": "2026-01-05T09:00Z", "priority": "P1"}'
    >>> lines = [line % "A", line % "B"]
    >>> [(ticket, len(events)) for ticket, events in read_jsonl(lines, ticket_order="sorted")]
    [('A', 1), ('B', 1)]
    """
    for group in read_ticket_lines(lines, ticket_order=ticket_order):
        if group.error is not None:
            raise group.error
        yield group.ticket, group.events


def read_ticket_lines(
    lines: Iterable[str], *, ticket_order: TicketOrder = "grouped"
) -> Iterator[TicketLines]:
    """Tickets with the lines of their events and the first problem in them (see module)."""
    current: TicketLines | None = None
    finished = ticket_check(ticket_order)
    named = False  # whether a line has named a ticket, so every line must
    pending: TimelineError | None = None  # an unreadable line that names no ticket
    for number, line in enumerate(lines, start=1):
        if number == 1 and line.startswith(_BOM):
            line = line[1:]
        event = _from_line(line)
        if event is None:
            if not line.strip():
                continue
            read = _slow(line, number)
            if isinstance(read, TicketEvent):
                event = read
            else:
                error = read
                ticket = _ticket_of(line)
                if ticket is None:
                    if pending is not None:
                        yield TicketLines(None, error=pending)
                    pending = error
                    continue
                error.ticket = ticket
                named = True
                if current is not None and current.ticket == ticket:
                    if current.error is None:
                        current.error = error
                    continue
                if current is not None:
                    yield current
                if pending is not None:
                    yield TicketLines(None, error=pending)
                    pending = None
                current = _start(ticket, number, finished)
                if current.error is None:
                    current.error = error
                continue
        ticket = event.ticket
        if ticket is None and named:
            error = TimelineError(
                "no 'ticket' field; in a stream of several tickets every line names its ticket"
            )
            error.line = number
            if pending is not None:
                yield TicketLines(None, error=pending)
            pending = error
            continue
        if current is not None and ticket == current.ticket:
            if pending is not None:
                # Broken between two lines of this ticket: it is this ticket's line.
                pending.ticket = ticket
                if current.error is None:
                    current.error = pending
                pending = None
            current.events.append(event)
            current.lines.append(number)
            continue
        if current is not None:
            if current.ticket is None and current.error is None:
                error = TimelineError(
                    f"this line has no 'ticket' field, but line {number} names ticket"
                    f" {ticket!r}; in a stream of several tickets every line names its ticket"
                )
                error.line = current.lines[0]
                current.error = error
            yield current
        if pending is not None:
            yield TicketLines(None, error=pending)
            pending = None
        if ticket is not None:
            named = True
        current = _start(ticket, number, finished)
        current.events.append(event)
        current.lines.append(number)
    if current is not None:
        yield current
    if pending is not None:
        yield TicketLines(None, error=pending)


def _start(ticket: str | None, number: int, seen: TicketCheck) -> TicketLines:
    group = TicketLines(ticket)
    if ticket is not None:
        message = seen.refuse(ticket)
        if message is not None:
            error = TimelineError(message)
            error.line = number
            error.ticket = ticket
            group.error = error
    return group


class TicketCheck(Protocol):
    """Which tickets of a stream were read: refuses one that comes back (or, for a sorted
    stream, one whose id does not increase)."""

    def refuse(self, ticket: str) -> str | None:
        """Take the next ticket; why it must be refused, or None."""


def ticket_check(order: TicketOrder) -> TicketCheck:
    """The check `read_ticket_lines` makes on each ticket, for a reader of several parts of
    one stream (the parts' tickets given in stream order)."""
    if order == "grouped":
        return _Fingerprints()
    if order == "sorted":
        return _Increasing()
    raise ValueError(f"ticket_order must be 'grouped' or 'sorted', not {order!r}")


class _Fingerprints:
    """The tickets read so far, as 64-bit fingerprints in an open-addressed table.

    8 bytes a slot, at most two thirds of the slots used (the table doubles past that): 12 to
    24 bytes a ticket (up to 36 while it doubles), against about 100 for a set of the ids.
    The fingerprint is the process's string hash (SipHash, seeded per process), so two ids
    share one with odds of about n² / 2⁶⁵: below one in ten million for a million tickets.
    Such a pair would be refused as a ticket read twice, never let through.
    """

    __slots__ = ("_count", "_mask", "_slots")

    def __init__(self) -> None:
        self._slots = array("q", [0]) * 1024
        self._mask = 1023
        self._count = 0

    def refuse(self, ticket: str) -> str | None:
        """Remember a ticket that starts; why it must be refused, if it was read before."""
        key = hash(ticket) or 1  # 0 marks a free slot
        slots = self._slots
        mask = self._mask
        index = key & mask
        while True:
            found = slots[index]
            if found == 0:
                break
            if found == key:
                return (
                    "this ticket appears again after other tickets; a ticket's lines must be"
                    " together: sort the stream by ticket, keeping each ticket's own order"
                )
            index = (index + 1) & mask
        slots[index] = key
        self._count += 1
        if self._count * 3 > mask * 2:
            self._grow()
        return None

    def _grow(self) -> None:
        old = self._slots
        mask = self._mask * 2 + 1
        slots = array("q", [0]) * (mask + 1)  # no temporary bytes of the same size
        for key in old:
            if key:
                index = key & mask
                while slots[index]:
                    index = (index + 1) & mask
                slots[index] = key
        self._slots = slots
        self._mask = mask


class _Increasing:
    """The last ticket id of a stream whose ids must increase: no memory per ticket."""

    __slots__ = ("_last",)

    def __init__(self) -> None:
        self._last: str | None = None

    def refuse(self, ticket: str) -> str | None:
        """Take the next ticket's id; why it must be refused, if it does not increase."""
        last = self._last
        if last is None or ticket > last:
            self._last = ticket
            return None
        return (
            f"this ticket comes after ticket {last!r}, but the stream is read as sorted"
            " (ticket_order='sorted', --sorted-tickets): each id must be greater than the one"
            " before it, in code-point order (as Python's sorted() or LC_ALL=C sort; ids compare as"
            " text, so 'T10' comes before 'T9'). Sort the stream that way, or read it as grouped"
        )


def _slow(line: str, number: int) -> TicketEvent | TimelineError:
    """The event on a line of an unusual shape, or the error that says why there is none."""
    try:
        return TicketEvent.from_json(line.rstrip("\r\n"))
    except TimelineError as exc:
        exc.line = number
        return exc


def _ticket_of(line: str) -> str | None:
    """The ticket a line that is not an event names, if it can be told."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        found = _TICKET.search(line)
        if found is None:
            return None
        try:
            text = json.loads(found[1])
        except ValueError:
            return None
        return text if isinstance(text, str) else None
    if not isinstance(data, dict):
        return None
    ticket = data.get("ticket")
    if isinstance(ticket, str):
        return ticket
    if isinstance(ticket, int) and not isinstance(ticket, bool):
        return str(ticket)
    return None
