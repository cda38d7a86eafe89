"""Building reports from tickets: `report` over events, `report_jsonl` over JSON lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from .._typing import TicketOrder
from ..clock import evaluate_many
from ..clock.evaluate import ticket_parts
from ..config import PolicySet
from ..errors import SlaclockError, TimelineError
from ..events import TicketEvent, TicketLines, Timeline, read_ticket_lines
from ..policy import SlaPolicy
from .aggregate import ComplianceReport
from .options import ReportOptions

__all__ = ["TicketStream", "place_error", "report", "report_jsonl", "timelines_of"]


class TicketStream:
    """The ``(ticket, events)`` pairs of a JSON-lines stream, remembering the lines of the
    ticket handed out last, so that an error about it can name its line (`place`).

    Tickets are evaluated one at a time as they are read, so the ticket at fault is the one
    handed out last.
    """

    def __init__(self, lines: Iterable[str], ticket_order: TicketOrder = "grouped") -> None:
        self._groups = read_ticket_lines(lines, ticket_order=ticket_order)
        self._current: TicketLines | None = None

    def __iter__(self) -> Iterator[tuple[str | None, list[TicketEvent]]]:
        for group in self._groups:
            if group.error is not None:
                raise group.error
            self._current = group
            yield group.ticket, group.events

    def place(self, exc: SlaclockError) -> None:
        """Give `exc` the line of the event at fault (or of its ticket), if it has none."""
        if self._current is not None:
            place_error(exc, self._current)


def place_error(exc: SlaclockError, group: TicketLines) -> None:
    """Give `exc`, an error about the ticket of `group`, the line of the event at fault (or
    the ticket's first line), if it has no line yet."""
    if exc.line is not None:
        return
    index = exc.event if isinstance(exc, TimelineError) else None
    if index is not None and 0 <= index < len(group.lines):
        exc.line = group.lines[index]
    else:
        exc.line = group.first_line


def _attributes_at(timeline: Timeline, now: datetime) -> Mapping[str, Any]:
    attributes: Mapping[str, Any] = timeline.created.attributes or {}
    changed: dict[str, Any] | None = None
    for event in timeline.events:
        if event.type == "attribute_changed" and event.at <= now:
            if changed is None:
                changed = dict(attributes)
            for name, value in (event.attributes or {}).items():
                if value is None:
                    changed.pop(name, None)
                else:
                    changed[name] = value
    return attributes if changed is None else changed


def report(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    options: ReportOptions,
    *,
    progress: Callable[[int], None] | None = None,
    into: ComplianceReport | None = None,
) -> ComplianceReport:
    """Evaluate tickets at `now` and count them into a report, one ticket at a time.

    Each item is a ticket's events or a ``(ticket_id, events)`` pair, as for
    `slaclock.evaluate_many`. `progress`, if given, is called with the number of tickets
    done after each one. `into` continues an existing report (built with the same options)
    instead of starting a new one; it is returned.
    """
    if into is not None and into.options != options:
        raise ValueError("into: the report was built with other options")
    out = ComplianceReport(options) if into is None else into
    held: list[Timeline] = []

    def timelines() -> Iterator[tuple[str | None, Timeline]]:
        for ident, timeline in timelines_of(tickets):
            held[:] = [timeline]
            yield ident, timeline

    add = out.add
    grouped = bool(options.attributes)
    for done, status in enumerate(evaluate_many(policies, timelines(), now), start=1):
        timeline = held[0]
        add(
            status,
            created_at=timeline.created.at,
            attributes=_attributes_at(timeline, now) if grouped else None,
        )
        if progress is not None:
            progress(done)
    return out


def timelines_of(
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
) -> Iterator[tuple[str | None, Timeline]]:
    """Each ticket's id (or None) and normalised timeline; a ticket that cannot be
    normalised is a `TimelineError` naming it (by id, or by its place in the input)."""
    for position, item in enumerate(tickets):
        ident, events = ticket_parts(item)
        try:
            timeline = Timeline.of(events)
        except TimelineError as exc:
            name = f"ticket {ident!r}" if ident is not None else f"ticket #{position}"
            error = TimelineError(f"{name}: {exc}")
            error.event = exc.event
            raise error from None
        yield ident, timeline


def report_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    options: ReportOptions,
    *,
    progress: Callable[[int], None] | None = None,
    into: ComplianceReport | None = None,
    ticket_order: TicketOrder = "grouped",
) -> ComplianceReport:
    """`report` over a JSON-lines stream of events grouped by their ``ticket`` field.

    ``ticket_order`` as in `read_jsonl`: ``"sorted"`` keeps memory flat in the number of
    tickets apart from the percentile samples.
    """
    tickets = TicketStream(lines, ticket_order)
    try:
        return report(policies, tickets, now, options, progress=progress, into=into)
    except SlaclockError as exc:
        tickets.place(exc)
        raise
