"""Ticket events and the normalised timeline the clock evaluates.

One module: `TicketEvent`, its fast JSON constructors and `Timeline` share the private field
tables, slot setters and error helpers (each error names the event's place in the input).

An event has a type, an aware instant ``at``, an optional ``id`` (an event repeated with the
same id is applied once), and the fields its type needs:

================== ============================================================
type               fields
================== ============================================================
created            ``priority`` (required), ``attributes`` (ticket attributes)
status_changed     ``status`` (required)
agent_replied      ``public`` (required: ``false`` is an internal note)
customer_replied   –
priority_changed   ``priority`` (required)
assigned           ``group`` and/or ``assignee``
attribute_changed  ``attributes`` (the changed keys; ``null`` removes one)
resolved           –
reopened           –
closed             –
================== ============================================================

Any event may carry ``seq``, a whole number ≥ 0 that orders events at the same instant (the
host's storage order, say); it never overrides instants. `slaclock.events.timeline` puts a
ticket's events in order.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, get_args

from .._typing import EventType
from ..errors import TimelineError

__all__ = ["EVENT_TYPES", "TicketEvent", "check_event"]

EVENT_TYPES: frozenset[str] = frozenset(get_args(EventType))
_FIELDS = ("priority", "status", "public", "group", "assignee", "attributes", "seq")
#: A ``seq`` is stored by hosts in a signed 64-bit column.
_SEQ_LIMIT = 2**63
_REQUIRED: dict[str, tuple[str, ...]] = {
    "created": ("priority",),
    "status_changed": ("status",),
    "agent_replied": ("public",),
    "priority_changed": ("priority",),
}
_TEXT = (str, int)
_FIELD_TYPES: dict[str, Any] = {
    "priority": _TEXT,
    "status": _TEXT,
    "group": _TEXT,
    "assignee": _TEXT,
    "public": bool,
    "attributes": Mapping,
}
_FIELD_NAMES = {
    "priority": "text",
    "status": "text",
    "group": "text",
    "assignee": "text",
    "public": "true or false",
    "attributes": "an object",
}
_ALLOWED: dict[str, frozenset[str]] = {
    "created": frozenset({"priority", "attributes", "status", "group", "assignee"}),
    "status_changed": frozenset({"status"}),
    "agent_replied": frozenset({"public"}),
    "customer_replied": frozenset(),
    "priority_changed": frozenset({"priority"}),
    "assigned": frozenset({"group", "assignee"}),
    "attribute_changed": frozenset({"attributes"}),
    "resolved": frozenset(),
    "reopened": frozenset(),
    "closed": frozenset(),
}


@dataclass(frozen=True, slots=True, eq=False)
class TicketEvent:
    """One thing that happened to a ticket, at an aware instant.

    Two events are equal when their fields are equal and their instants are the same instant,
    whatever zone each is written in (also inside a DST fold, where plain datetime equality
    across zones says no).
    """

    type: str
    at: datetime
    id: str | None = None
    priority: str | None = None
    status: str | None = None
    public: bool | None = None
    group: str | None = None
    assignee: str | None = None
    attributes: Mapping[str, Any] | None = None
    ticket: str | None = field(default=None, compare=False)
    seq: int | None = None

    def _key(self) -> tuple[Any, ...]:
        at = self.at
        if isinstance(at, datetime) and at.utcoffset() is not None:
            with contextlib.suppress(OverflowError, ValueError):
                at = at.astimezone(UTC)
        return (
            self.type,
            at,
            self.id,
            self.priority,
            self.status,
            self.public,
            self.group,
            self.assignee,
            self.attributes,
            self.seq,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TicketEvent):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key()[:3])

    # ------------------------------------------------------------------ constructors

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, index: int | None = None) -> TicketEvent:
        """An event from its JSON form (``at`` as ISO 8601 text with an offset)."""
        if cls is TicketEvent and type(data) is dict:
            event = _from_object(data)
            if event is not None:
                return event
        if not isinstance(data, Mapping):
            raise _error(index, None, f"expected a JSON object, got {data!r}")
        kind = data.get("type")
        if not isinstance(kind, str) or kind not in EVENT_TYPES:
            raise _error(
                index,
                data.get("id"),
                f"unknown event type {kind!r}; known types: {', '.join(sorted(EVENT_TYPES))}",
            )
        allowed = _ALLOWED_ALL[kind]
        if not data.keys() <= allowed:
            extra = sorted(set(data) - allowed)
            raise _error(
                index,
                data.get("id"),
                f"field {extra[0]!r} does not belong to a"
                f" {kind} event; its fields: {', '.join(sorted(allowed))}",
            )
        raw_at = data.get("at")
        at = None
        if isinstance(raw_at, str):
            try:
                at = datetime.fromisoformat(raw_at)
            except ValueError:
                at = None
        if at is None or at.tzinfo is None:
            ident = data.get("id")
            if not isinstance(raw_at, str):
                raise _error(
                    index,
                    ident,
                    f"field 'at' must be an ISO 8601 instant such as"
                    f" '2026-11-23T10:00:00+01:00', got {raw_at!r}",
                )
            if at is None:
                raise _error(
                    index,
                    ident,
                    f"field 'at' is not an ISO 8601 instant: {raw_at!r}; write e.g."
                    " '2026-11-23T10:00:00+01:00'",
                )
            raise _error(
                index,
                ident,
                f"field 'at' has no UTC offset: {raw_at!r}; add one, e.g. '+01:00' or 'Z'",
            )
        fields: dict[str, Any] = {}
        for name in _ALLOWED[kind]:
            value = data.get(name)
            if value is None:
                continue
            wanted = _FIELD_TYPES[name]
            if not isinstance(value, wanted) or (wanted is not bool and isinstance(value, bool)):
                raise _error(
                    index,
                    data.get("id"),
                    f"field {name!r} must be {_FIELD_NAMES[name]}, got {value!r}",
                )
            fields[name] = str(value) if wanted is _TEXT else value
        ident = data.get("id")
        ticket = data.get("ticket")
        seq = data.get("seq")
        if seq is not None and not _is_seq(seq):
            raise TimelineError.at(
                _where(index, ident),
                f"field 'seq' must be a whole number from 0 to 2**63 - 1 (it orders events at"
                f" the same instant), got {seq!r}",
            )
        for name, value in (("id", ident), ("ticket", ticket)):
            if value is not None and (not isinstance(value, _TEXT) or isinstance(value, bool)):
                raise _error(
                    index,
                    None,
                    f"field {name!r} must be text or a whole number, got {value!r}",
                )
        return cls(
            type=kind,
            at=at,
            id=None if ident is None else str(ident),
            ticket=None if ticket is None else str(ticket),
            seq=seq,
            **fields,
        )

    @classmethod
    def from_json(cls, line: str, *, index: int | None = None) -> TicketEvent:
        """An event from one JSON line."""
        if cls is TicketEvent:
            event = _from_line(line)
            if event is not None:
                return event
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _error(index, None, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:
            raise _error(index, None, "not valid JSON (nested too deeply)") from None
        except ValueError:  # an integer longer than Python reads (sys.get_int_max_str_digits)
            raise _error(index, None, "not valid JSON (an integer of over 4,300 digits)") from None
        return cls.from_dict(data, index=index)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (the fields that are set)."""
        out: dict[str, Any] = {"type": self.type, "at": self.at.isoformat()}
        if self.id is not None:
            out["id"] = self.id
        if self.ticket is not None:
            out["ticket"] = self.ticket
        for name in _FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = dict(value) if name == "attributes" else value
        return out

    # Readable shorthands for tests and host code.

    @classmethod
    def created(
        cls, at: datetime, priority: str, attributes: Mapping[str, Any] | None = None, **kw: Any
    ) -> TicketEvent:
        """A ``created`` event."""
        return cls("created", at, priority=priority, attributes=attributes or {}, **kw)

    @classmethod
    def status_changed(cls, at: datetime, status: str, **kw: Any) -> TicketEvent:
        """A ``status_changed`` event."""
        return cls("status_changed", at, status=status, **kw)

    @classmethod
    def agent_replied(cls, at: datetime, *, public: bool = True, **kw: Any) -> TicketEvent:
        """An ``agent_replied`` event (``public=False`` is an internal note)."""
        return cls("agent_replied", at, public=public, **kw)

    @classmethod
    def customer_replied(cls, at: datetime, **kw: Any) -> TicketEvent:
        """A ``customer_replied`` event."""
        return cls("customer_replied", at, **kw)

    @classmethod
    def priority_changed(cls, at: datetime, priority: str, **kw: Any) -> TicketEvent:
        """A ``priority_changed`` event."""
        return cls("priority_changed", at, priority=priority, **kw)

    @classmethod
    def assigned(
        cls, at: datetime, *, group: str | None = None, assignee: str | None = None, **kw: Any
    ) -> TicketEvent:
        """An ``assigned`` event."""
        return cls("assigned", at, group=group, assignee=assignee, **kw)

    @classmethod
    def attribute_changed(
        cls, at: datetime, attributes: Mapping[str, Any], **kw: Any
    ) -> TicketEvent:
        """An ``attribute_changed`` event."""
        return cls("attribute_changed", at, attributes=attributes, **kw)

    @classmethod
    def resolved(cls, at: datetime, **kw: Any) -> TicketEvent:
        """A ``resolved`` event."""
        return cls("resolved", at, **kw)

    @classmethod
    def reopened(cls, at: datetime, **kw: Any) -> TicketEvent:
        """A ``reopened`` event."""
        return cls("reopened", at, **kw)

    @classmethod
    def closed(cls, at: datetime, **kw: Any) -> TicketEvent:
        """A ``closed`` event."""
        return cls("closed", at, **kw)


_ALLOWED_ALL = {
    kind: names | {"type", "at", "id", "ticket", "seq"} for kind, names in _ALLOWED.items()
}

# The fast way in for well-formed JSON: anything out of the ordinary returns None and takes the
# checking way above, which builds the same event or raises the precise error.

# json.loads' own decoder settings, without its per-call checks and wrapping (a third of the
# time); a line with more than one JSON value and trailing whitespace goes to json.loads.
_decode = json.JSONDecoder().raw_decode
_JSON_SPACE = " \t\n\r"  # the whitespace json.loads accepts after the value
_parse_instant = datetime.fromisoformat


def _from_line(line: str) -> TicketEvent | None:
    """The event on one JSON line of the ordinary shape, or None."""
    try:
        data, end = _decode(line)
    except (ValueError, TypeError, RecursionError):
        return None
    if type(data) is not dict or line[end:].strip(_JSON_SPACE):
        return None
    return _from_object(data)


def _from_object(data: dict[str, Any]) -> TicketEvent | None:
    """The event for a JSON object of the ordinary shape, or None.

    Ordinary: a known type with only its own fields, text fields as ``str``, ``public`` a
    ``bool``, ``attributes`` a ``dict``, and ``at`` an ISO 8601 instant with an offset.
    """
    kind = data.get("type")
    if type(kind) is not str:
        return None
    allowed = _ALLOWED_ALL.get(kind)
    if allowed is None or not data.keys() <= allowed:
        return None
    raw_at = data.get("at")
    if type(raw_at) is not str:
        return None
    try:
        at = _parse_instant(raw_at)
    except ValueError:
        return None
    if at.tzinfo is None:
        return None
    # Only the type's own fields are present (checked above); the others read as None.
    get = data.get
    ident = get("id")
    ticket = get("ticket")
    priority = get("priority")
    status = get("status")
    public = get("public")
    group = get("group")
    assignee = get("assignee")
    attributes = get("attributes")
    seq = get("seq")
    if (
        (seq is None or (type(seq) is int and 0 <= seq < _SEQ_LIMIT))
        and (ident is None or type(ident) is str)
        and (ticket is None or type(ticket) is str)
        and (priority is None or type(priority) is str)
        and (status is None or type(status) is str)
        and (public is None or type(public) is bool)
        and (group is None or type(group) is str)
        and (assignee is None or type(assignee) is str)
        and (attributes is None or type(attributes) is dict)
    ):
        return _new_event(
            kind, at, ident, priority, status, public, group, assignee, attributes, ticket, seq
        )
    return None


# A frozen dataclass's __init__ sets each of its ten slots through object.__setattr__; setting
# them through the slot descriptors takes half the time. TicketEvent has no __post_init__, so
# both build the same event (tests/test_timeline.py compares them field by field).
_new = object.__new__
_set_type = TicketEvent.__dict__["type"].__set__
_set_at = TicketEvent.__dict__["at"].__set__
_set_id = TicketEvent.__dict__["id"].__set__
_set_priority = TicketEvent.__dict__["priority"].__set__
_set_status = TicketEvent.__dict__["status"].__set__
_set_public = TicketEvent.__dict__["public"].__set__
_set_group = TicketEvent.__dict__["group"].__set__
_set_assignee = TicketEvent.__dict__["assignee"].__set__
_set_attributes = TicketEvent.__dict__["attributes"].__set__
_set_ticket = TicketEvent.__dict__["ticket"].__set__
_set_seq = TicketEvent.__dict__["seq"].__set__


def _new_event(
    kind: str,
    at: datetime,
    ident: str | None,
    priority: str | None,
    status: str | None,
    public: bool | None,
    group: str | None,
    assignee: str | None,
    attributes: Mapping[str, Any] | None,
    ticket: str | None,
    seq: int | None,
) -> TicketEvent:
    """``TicketEvent(kind, at, ident, ..., ticket=ticket, seq=seq)``, faster."""
    event: TicketEvent = _new(TicketEvent)
    _set_type(event, kind)
    _set_at(event, at)
    _set_id(event, ident)
    _set_priority(event, priority)
    _set_status(event, status)
    _set_public(event, public)
    _set_group(event, group)
    _set_assignee(event, assignee)
    _set_attributes(event, attributes)
    _set_ticket(event, ticket)
    _set_seq(event, seq)
    return event


def _is_seq(value: object) -> bool:
    return type(value) is int and 0 <= value < _SEQ_LIMIT


def _error(index: int | None, ident: object, message: str) -> TimelineError:
    """The error `message` about the event at `index` (its place in the input) with `ident`."""
    error = TimelineError.at(_where(index, ident), message)
    error.event = index
    return error


def _where(index: int | None, ident: object) -> str:
    parts = []
    if index is not None:
        parts.append(f"event {index}")
    if ident is not None:
        parts.append(f"id {ident!r}")
    return " ".join(parts) if parts else "event"


_SLOW = "<check every rule>"
# The one field each type requires (None: nothing); "assigned" takes the slow path.
_ONE_REQUIRED: dict[str, str | None] = {
    kind: (_REQUIRED[kind][0] if kind in _REQUIRED else None)
    for kind in EVENT_TYPES
    if kind != "assigned"
}


def check_event(event: object, index: int) -> TicketEvent:
    if not isinstance(event, TicketEvent):
        raise TimelineError(f"event {index}: expected a TicketEvent, got {type(event).__name__}")
    need = _ONE_REQUIRED.get(event.type, _SLOW) if isinstance(event.type, str) else _SLOW
    if need is None or (need is not _SLOW and getattr(event, need) is not None):
        return event
    if (
        type(event.type) is str
        and event.type == "assigned"
        and (event.group is not None or event.assignee is not None)
    ):
        return event
    if event.type not in EVENT_TYPES:
        raise _error(
            index,
            event.id,
            f"unknown event type {event.type!r}; known types: {', '.join(sorted(EVENT_TYPES))}",
        )
    for name in _REQUIRED.get(event.type, ()):
        if getattr(event, name) is None:
            raise _error(
                index,
                event.id,
                f"{'an' if event.type[0] in 'aeiou' else 'a'} {event.type} event needs {name!r}"
                + (
                    " (true for a public reply, false for an internal note)"
                    if name == "public"
                    else ""
                ),
            )
    if event.type == "assigned" and event.group is None and event.assignee is None:
        raise _error(index, event.id, "an assigned event needs 'group' or 'assignee'")
    return event
