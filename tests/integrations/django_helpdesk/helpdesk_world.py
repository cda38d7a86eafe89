"""Helpers for the integration tests: a frozen clock, users, queues, tickets, the side table.

Times are Berlin wall times in November/December 2026 (UTC+01:00). The test calendar is
open 09:00–17:00 on weekdays; Friday 27 November, Monday 30 November, Tuesday 1 December and
Wednesday 2 December are the days used.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import time_machine
from django.test import TestCase


def berlin(wall: str) -> datetime:
    """A Berlin instant from a wall time such as ``"2026-11-30 10:00"`` (winter: +01:00)."""
    return datetime.fromisoformat(f"{wall}+01:00")


@contextmanager
def at(wall: str) -> Iterator[None]:
    """Freeze the clock at a Berlin wall time; run the on-commit callbacks (the SLA
    recompute) before leaving, as a real request's commit would."""
    with (
        time_machine.travel(berlin(wall), tick=False),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        yield


def staff(username: str = "agent") -> Any:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, f"{username}@helpdesk.example", "secret", is_staff=True
    )
    return user


def queue(slug: str = "support", **fields: Any) -> Any:
    from helpdesk.models import Queue

    return Queue.objects.create(
        title=slug.title(), slug=slug, email_address=f"{slug}@helpdesk.example", **fields
    )


def new_ticket(q: Any, wall: str, priority: int = 3, **fields: Any) -> Any:
    """A ticket created at a Berlin wall time, as the staff or public form would save it."""
    from helpdesk.models import Ticket

    with at(wall):
        return Ticket.objects.create(
            title=fields.pop("title", "Printer on fire"),
            queue=q,
            submitter_email=fields.pop("submitter_email", "customer@acme.example"),
            priority=priority,
            description="It is on fire.",
            **fields,
        )


def sla(ticket: Any) -> Any:
    """The ticket's side-table row, read fresh from the database."""
    from slaclock.integrations.django_helpdesk.models import TicketSla

    return TicketSla.objects.get(ticket_id=ticket.pk)


def due(ticket: Any, metric: str) -> str | None:
    """A metric's due instant as stored (ISO text in the calendar's zone)."""
    value: str | None = sla(ticket).metrics[metric]["due_at"]
    return value


def state(ticket: Any, metric: str) -> str:
    value: str = sla(ticket).metrics[metric]["state"]
    return value


def update(user: object, ticket: object, **kwargs: object) -> object:
    """The helpdesk's update path (staff views, the public update view, the REST API)."""
    from helpdesk.update_ticket import update_ticket

    return update_ticket(user, ticket, **kwargs)


def receive_email(ticket: Any, wall: str, body: str) -> None:
    """A customer's reply to `ticket`, through the helpdesk's e-mail ingestion."""
    import logging

    from helpdesk.email import extract_email_metadata

    message = (
        "From: Customer <customer@acme.example>\n"
        f"To: {ticket.queue.email_address}\n"
        f"Subject: Re: [{ticket.queue.slug}-{ticket.pk}] Printer on fire\n"
        f"Message-Id: <{wall.replace(' ', '.').replace(':', '')}.{ticket.pk}@acme.example>\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "\n"
        f"{body}\n"
    )
    with at(wall):
        extract_email_metadata(message, ticket.queue, logging.getLogger("slaclock-tests"))
