"""Reading events from JSON lines: one event a line, grouped into tickets by ``ticket``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import TimelineError
from .model import TicketEvent, _from_line

__all__ = ["read_jsonl"]


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[str | None, list[TicketEvent]]]:
    """Group a JSON-lines stream of events into tickets by their ``ticket`` field.

    A ticket's lines must be contiguous (sort the stream by ticket, keeping each ticket's own
    order): only one ticket is held at a time, so memory stays flat whatever the stream's
    length. Blank lines are skipped; a bad line is an error naming its line number.
    """
    current: str | None = None
    batch: list[TicketEvent] = []
    for number, line in enumerate(lines, start=1):
        event = _from_line(line)
        if event is None:
            if not line.strip():
                continue
            try:
                event = TicketEvent.from_json(line)
            except TimelineError as exc:
                exc.path = f"line {number}" if exc.path is None else f"line {number}: {exc.path}"
                raise
        if batch and event.ticket != current:
            yield current, batch
            batch = []
        current = event.ticket
        batch.append(event)
    if batch:
        yield current, batch
