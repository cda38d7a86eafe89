"""Ticket events: the values (`TicketEvent`), the normalised `Timeline`, and JSON lines."""

from __future__ import annotations

from .jsonl import TicketCheck, TicketLines, read_jsonl, read_ticket_lines, ticket_check
from .model import EVENT_TYPES, TicketEvent
from .timeline import Timeline

__all__ = [
    "EVENT_TYPES",
    "TicketCheck",
    "TicketEvent",
    "TicketLines",
    "Timeline",
    "read_jsonl",
    "read_ticket_lines",
    "ticket_check",
]
