"""A helpdesk ticket's history as slaclock events, rebuilt from the rows the helpdesk keeps.

The helpdesk stores no event log, but its follow-ups and ticket changes are one:

================================================ =========================================
what the helpdesk wrote                          slaclock event
================================================ =========================================
the ticket row (``created``, priority, queue)    ``created`` with the priority and the
                                                 attributes ``ATTRIBUTES`` maps
a follow-up by an agent, public, with a comment  ``agent_replied`` (public)
a follow-up by an agent, private, with a comment ``agent_replied`` (an internal note)
a follow-up without an agent: e-mail (it has a   ``customer_replied``
message id) or the public portal, with a comment
``new_status`` on a follow-up                    ``status_changed``, ``resolved``,
                                                 ``closed`` or ``reopened`` + the status
a priority change (e.g. ``escalate_tickets``)    ``priority_changed``
an "on hold" change (the hold and unhold views)  ``status_changed`` to ``ON_HOLD_STATUS``
                                                 and back
a queue or owner change                          ``assigned`` (group = queue slug,
                                                 assignee = owner)
a merged ticket (``merged_to``)                  ``closed``
================================================ =========================================

Hold, unhold and escalation follow-ups carry no comment or no agent and a priority change, so
they are never replies. Ticket changes record the *translated* field label of the language
active when they were written; labels are recognised in every language the helpdesk ships.

The history is then checked against the ticket row as it stands: a status, hold flag or
priority changed without a follow-up (the admin, ``escalate_tickets --notify-only``, a merge)
becomes an event at the ticket's ``modified`` instant (``last_escalation`` for a priority
lowered by escalation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.utils import translation

from slaclock import TicketEvent

from .conf import HelpdeskSla

# Where load_tickets puts the rows it read with each ticket.
_FOLLOWUPS = "sla_followups"
_CUSTOM = "sla_custom_values"
_QUEUES = "sla_queue_slugs"
_FOLLOWUP_COLUMNS = (
    "id",
    "ticket_id",
    "date",
    "comment",
    "public",
    "user_id",
    "message_id",
    "new_status",
)


@dataclass(slots=True)
class Followup:
    """The columns of a helpdesk follow-up the adapter reads, and its changes."""

    id: int
    ticket_id: int
    date: datetime
    comment: str | None
    public: bool
    user_id: int | None
    message_id: str | None
    new_status: int | None
    user: Any = None
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Change:
    """A helpdesk ticket change: the field's label as written, the old and new values."""

    id: int
    followup_id: int
    field: str
    old_value: str | None
    new_value: str | None


# The helpdesk's msgids for the ticket-change fields read here, by what they mean.
_FIELD_MSGIDS = {"Priority": "priority", "Queue": "queue", "On Hold": "on_hold", "Owner": "owner"}


@lru_cache(maxsize=1)
def _languages() -> tuple[str, ...]:
    import helpdesk

    locale = Path(helpdesk.__file__).parent / "locale"
    found = {p.name for p in locale.iterdir() if p.is_dir()} if locale.is_dir() else set()
    found.add(django_settings.LANGUAGE_CODE)
    found.add("en")
    return tuple(sorted(found))


@lru_cache(maxsize=1)
def field_labels() -> dict[str, str]:
    """Every label the helpdesk may have written for a field read here → what it means."""
    labels: dict[str, str] = {}
    for language in _languages():
        with translation.override(language):
            for msgid, meaning in _FIELD_MSGIDS.items():
                labels.setdefault(str(translation.gettext(msgid)), meaning)
    for msgid, meaning in _FIELD_MSGIDS.items():
        labels[msgid] = meaning
    return labels


def load_tickets(ids: Iterable[int], conf: HelpdeskSla) -> list[Any]:
    """Tickets with everything the adapter reads, in a fixed number of queries however many
    tickets and follow-ups: the tickets (with their queues), their follow-ups, the changes of
    those, their authors, the queues' slugs when a change moved a ticket between queues, and
    custom field values when ``ATTRIBUTES`` reads any.

    Follow-ups and changes are read as plain values (`Followup`, `Change`) and grouped
    here: model instances and ``prefetch_related``'s related managers took most of a
    backfill's time.
    """
    from django.contrib.auth import get_user_model
    from helpdesk.models import FollowUp, Queue, Ticket, TicketChange, TicketCustomFieldValue

    wanted = list(ids)
    tickets = list(Ticket.objects.select_related("queue").filter(pk__in=wanted).order_by("pk"))
    changes: dict[int, list[Change]] = {}
    for row in (
        TicketChange.objects.filter(followup__ticket_id__in=wanted)
        .order_by("id")
        .values_list("id", "followup_id", "field", "old_value", "new_value")
    ):
        changes.setdefault(row[1], []).append(Change(*row))
    followups = [
        Followup(*row)
        for row in FollowUp.objects.filter(ticket_id__in=wanted)
        .order_by("ticket_id", "date", "id")
        .values_list(*_FOLLOWUP_COLUMNS)
    ]
    authors = {f.user_id for f in followups if f.user_id is not None}
    users = get_user_model().objects.in_bulk(authors) if authors else {}
    by_ticket: dict[int, list[Followup]] = {}
    for f in followups:
        f.changes = changes.get(f.id, [])
        if f.user_id is not None:
            f.user = users.get(f.user_id)
        by_ticket.setdefault(f.ticket_id, []).append(f)
    queues: dict[str, str] = {}
    labels = field_labels()
    if any(labels.get(c.field) == "queue" for group in changes.values() for c in group):
        queues = {str(pk): slug for pk, slug in Queue.objects.values_list("id", "slug")}
    custom: dict[int, list[Any]] = {}
    if conf.custom_fields:
        for value in TicketCustomFieldValue.objects.filter(
            ticket_id__in=wanted, field__name__in=sorted(conf.custom_fields)
        ).select_related("field"):
            custom.setdefault(value.ticket_id, []).append(value)
    for ticket in tickets:
        setattr(ticket, _FOLLOWUPS, by_ticket.get(ticket.pk, []))
        setattr(ticket, _CUSTOM, custom.get(ticket.pk, []))
        setattr(ticket, _QUEUES, queues)
    return tickets


def attributes(ticket: Any, conf: HelpdeskSla) -> dict[str, object]:
    """The ticket's attributes for policy selection, as ``ATTRIBUTES`` maps them."""
    out: dict[str, object] = {}
    custom: dict[str, object] | None = None
    for name, source in conf.attributes.items():
        value: object
        if callable(source):
            value = source(ticket)
        elif source == "queue":
            value = ticket.queue.slug
        elif source == "queue_title":
            value = ticket.queue.title
        elif source == "submitter_domain":
            email = ticket.submitter_email or ""
            value = email.rpartition("@")[2].lower() or None
        else:
            if custom is None:
                custom = {v.field.name: v.value for v in getattr(ticket, _CUSTOM)}
            value = custom.get(source[7:])
        if value is not None:
            out[name] = value
    return out


class _Replay:
    """Walks the follow-ups in order, tracking what the events have said so far."""

    def __init__(self, ticket: Any, conf: HelpdeskSla) -> None:
        from helpdesk import settings as helpdesk_settings

        self.conf = conf
        self.ticket = ticket
        self.status: int = helpdesk_settings.OPEN_STATUS
        self.on_hold = False
        self.name = conf.status_name(self.status, False)
        self.priority: int = ticket.priority
        self.resolved = False
        self.closed = False
        self.events: list[TicketEvent] = []
        self.labels = field_labels()
        self.queues: dict[str, str] = getattr(ticket, _QUEUES)

    def queue_slug(self, value: str | None) -> str | None:
        if value is None:
            return None
        return self.queues.get(value.strip(), value)

    def set_state(self, at: datetime, ident: str, status: int, on_hold: bool) -> None:
        """Events for a move to `status` / `on_hold` (none when nothing changes)."""
        conf = self.conf
        emit = self.events.append
        resolving = status in conf.resolved_statuses or status in conf.closed_statuses
        if self.resolved and not resolving:
            emit(TicketEvent.reopened(at, id=f"{ident}:reopened"))
            self.resolved = self.closed = False
        name = conf.status_name(status, on_hold)
        if name != self.name:
            emit(TicketEvent.status_changed(at, name, id=f"{ident}:status"))
            self.name = name
        self.status, self.on_hold = status, on_hold
        if status in conf.closed_statuses and not self.closed:
            emit(TicketEvent.closed(at, id=f"{ident}:closed"))
            self.closed = self.resolved = True
        elif status in conf.resolved_statuses and not self.resolved:
            emit(TicketEvent.resolved(at, id=f"{ident}:resolved"))
            self.resolved = True

    def set_priority(self, at: datetime, ident: str, priority: int) -> None:
        if priority != self.priority:
            self.priority = priority
            name = self.conf.priority_name(priority)
            self.events.append(TicketEvent.priority_changed(at, name, id=f"{ident}:priority"))

    def followup(self, f: Followup) -> None:
        conf = self.conf
        at: datetime = f.date
        ident = f"f{f.id}"
        status, on_hold = self.status, self.on_hold
        priority_changed = False
        for change in f.changes:
            meaning = self.labels.get(change.field)
            if meaning == "priority":
                number = _number(change.new_value)
                if number is not None:
                    priority_changed = True
                    self.set_priority(at, f"c{change.id}", number)
            elif meaning == "on_hold":
                on_hold = (change.new_value or "").strip() == "True"
            elif meaning == "queue":
                slug = self.queue_slug(change.new_value)
                if slug is not None:
                    self.events.append(TicketEvent.assigned(at, group=slug, id=f"c{change.id}"))
            elif meaning == "owner" and change.new_value:
                self.events.append(
                    TicketEvent.assigned(at, assignee=change.new_value, id=f"c{change.id}")
                )
        if f.new_status is not None:
            status = f.new_status
        resolving = status in conf.resolved_statuses or status in conf.closed_statuses
        if not resolving:
            self.set_state(at, ident, status, on_hold)
        has_comment = bool((f.comment or "").strip())
        if f.user_id is not None and conf.agent_test(f.user):
            if has_comment:
                self.events.append(
                    TicketEvent.agent_replied(at, public=bool(f.public), id=f"{ident}:reply")
                )
        elif has_comment and (f.message_id or (f.public and not priority_changed)):
            # Without an agent and without a message id, a public follow-up that changes the
            # priority is the escalation command's, not the customer's.
            self.events.append(TicketEvent.customer_replied(at, id=f"{ident}:reply"))
        if resolving:
            self.set_state(at, ident, status, on_hold)

    def reconcile(self) -> None:
        """Changes the ticket row shows but no follow-up recorded."""
        ticket = self.ticket
        at: datetime = max(ticket.modified, self.events[-1].at if self.events else ticket.created)
        if ticket.priority != self.priority:
            escalated = ticket.last_escalation
            when = escalated if escalated is not None and escalated >= self.events[-1].at else at
            self.set_priority(when, "row", ticket.priority)
        if ticket.status != self.status or bool(ticket.on_hold) != self.on_hold:
            self.set_state(at, "row", ticket.status, bool(ticket.on_hold))
        if ticket.merged_to_id is not None and not self.closed:
            self.events.append(TicketEvent.closed(at, id="row:merged"))
            self.closed = self.resolved = True


def _number(value: str | None) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


def _initial_priority(ticket: Any, labels: dict[str, str]) -> int:
    for f in getattr(ticket, _FOLLOWUPS):
        for change in f.changes:
            if labels.get(change.field) == "priority":
                number = _number(change.old_value)
                if number is not None:
                    return number
    return int(ticket.priority)


def ticket_events(ticket: Any, conf: HelpdeskSla) -> list[TicketEvent]:
    """The slaclock events of one ticket (read with `load_tickets`)."""
    replay = _Replay(ticket, conf)
    replay.priority = _initial_priority(ticket, replay.labels)
    replay.events.append(
        TicketEvent(
            "created",
            ticket.created,
            id="created",
            priority=conf.priority_name(replay.priority),
            status=replay.name,
            attributes=attributes(ticket, conf),
        )
    )
    for f in getattr(ticket, _FOLLOWUPS):
        # A follow-up dated before the ticket (clock skew on import) counts at creation.
        if f.date < ticket.created:
            f.date = ticket.created
        replay.followup(f)
    replay.reconcile()
    return replay.events
