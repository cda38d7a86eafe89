"""Ticket events: the values (`TicketEvent`), the normalised `Timeline`, and JSON lines."""

from __future__ import annotations

from .jsonl import read_jsonl
from .model import EVENT_TYPES, TicketEvent
from .timeline import Timeline

__all__ = ["EVENT_TYPES", "TicketEvent", "Timeline", "read_jsonl"]
