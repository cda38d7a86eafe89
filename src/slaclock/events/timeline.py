"""A ticket's events in order: the normalised `Timeline` the clock evaluates.

Normalising sorts events by instant, drops repeated ids (the first kept), and rejects a log
without exactly one ``created``, events before it, naive instants, unknown types and missing
fields — each error names the event by index and id. Events at the same instant are put in
an order that does not depend on the order they were given in (`same_instant_key`):
``created`` first; then events with a ``seq``, by ``seq``; then by type, in the order of
`SAME_INSTANT_TYPES`; then by content, the JSON text of ``[id, priority, status, public,
group, assignee, attributes]`` (keys sorted).

>>> log = Timeline.of([
...     TicketEvent.from_dict({"type": "customer_replied", "at": "2026-11-23T09:10:00+01:00"}),
...     TicketEvent.from_dict({"type": "created", "at": "2026-11-23T09:00:00+01:00",
...                            "priority": "P2"}),
... ])
>>> [e.type for e in log.events]
['created', 'customer_replied']
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from .._kernel.instants import (
    EPOCH,
    MAX_YEAR,
    MIN_YEAR,
    local_day_start,
    to_us,
    wall_epoch,
    year_start,
)
from .._kernel.memo import Memo
from ..errors import NaiveDatetimeError, TimelineError
from .model import _ONE_REQUIRED, _SLOW, TicketEvent, _error, _is_seq, check_event

__all__ = [
    "SAME_INSTANT_TYPES",
    "Timeline",
    "check_values",
    "event_instant",
    "same_instant_key",
]

#: Events of one instant without ``seq``, in this order of types: a reopen opens the instant's
#: activity, changes to the ticket come before the messages, resolving and closing end it.
SAME_INSTANT_TYPES: tuple[str, ...] = (
    "created",
    "reopened",
    "attribute_changed",
    "assigned",
    "priority_changed",
    "status_changed",
    "customer_replied",
    "agent_replied",
    "resolved",
    "closed",
)
_TYPE_RANK = {kind: rank for rank, kind in enumerate(SAME_INSTANT_TYPES)}


def same_instant_key(event: TicketEvent) -> tuple[Any, ...]:
    """Where an event goes among events at the same instant (see the module docstring):
    ``created`` first, then by ``seq`` (events without one after those with one), then by
    type (`SAME_INSTANT_TYPES`), then by content, so that the order never depends on the
    order in which the events were given."""
    seq = event.seq
    fields = [
        event.id,
        event.priority,
        event.status,
        event.public,
        event.group,
        event.assignee,
        None if event.attributes is None else dict(event.attributes),
    ]
    try:
        content = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=repr)
    except (TypeError, ValueError):  # keys that do not sort, or a cycle: the text of the values
        content = repr(fields)
    return (
        event.type != "created",
        seq is None,
        0 if seq is None else seq,
        _TYPE_RANK.get(event.type, len(_TYPE_RANK)),
        content,
    )


# Calendars answer for the years MIN_YEAR..MAX_YEAR; an event must leave a spare year for its
# deadlines.
_FIRST_US = year_start(MIN_YEAR)
_LAST_US = year_start(MAX_YEAR)


def event_instant(event: TicketEvent, index: int) -> int:
    """The event's instant in UTC microseconds; a bad one is an error naming the event."""
    try:
        us = to_us(event.at, "field 'at'")
    except (NaiveDatetimeError, TypeError) as exc:
        raise _error(index, event.id, str(exc)) from None
    if not _FIRST_US <= us < _LAST_US:
        raise _error(
            index,
            event.id,
            f"field 'at' is {event.at.isoformat()}, outside the years"
            f" {MIN_YEAR}–{MAX_YEAR - 1} that slaclock evaluates; fix the event's time",
        )
    return us


_subtract = datetime.__sub__
#: The field each known type requires (None: none; "assigned": check_event's rule).
_NEEDS: dict[str, str | None] = {**_ONE_REQUIRED, "assigned": _SLOW}
_NO_ZONE = object()
_UTC_ZONE = ZoneInfo("UTC")
_NO_STARTS: Memo[int, int | None] = Memo(limit=1)
#: The last zone whose wall-clock tables were looked up, with them: one tuple, so threads
#: never see a mix.
_last_zone: tuple[object, datetime, Memo[int, int | None]] = (_NO_ZONE, EPOCH, _NO_STARTS)


def _input_index(position: int, skipped: list[int]) -> int:
    """The input index of the event at `position` among those kept (`skipped`: ascending)."""
    index = position
    for dropped in skipped:
        if dropped > index:
            break
        index += 1
    return index


def _order_ties(order: list[int], events: Sequence[TicketEvent], instants: list[int]) -> None:
    """Sort each run of events at one instant in `order` (indices, sorted by instant) by
    `same_instant_key`."""
    n = len(order)
    i = 0
    while i < n:
        at = instants[order[i]]
        j = i + 1
        while j < n and instants[order[j]] == at:
            j += 1
        if j - i > 1:
            order[i:j] = sorted(order[i:j], key=lambda k: same_instant_key(events[k]))
        i = j


def check_values(event: TicketEvent, index: int) -> None:
    """A Python-built event's ``seq`` and ``attributes`` (JSON input is checked on reading)."""
    if event.seq is not None and not _is_seq(event.seq):
        raise _error(
            index,
            event.id,
            f"field 'seq' must be a whole number from 0 to 2**63 - 1 (it orders events at the"
            f" same instant), got {event.seq!r}",
        )
    if event.attributes is not None and not isinstance(event.attributes, Mapping):
        raise _error(
            index,
            event.id,
            f"field 'attributes' must be a mapping of names to values, got"
            f" {type(event.attributes).__name__} {event.attributes!r}",
        )


@dataclass(frozen=True, slots=True)
class Timeline:
    """A ticket's events, normalised: validated, sorted, duplicates dropped.

    ``instants`` holds each event's instant as UTC microseconds, for the engine.
    """

    events: tuple[TicketEvent, ...]
    instants: tuple[int, ...] = field(repr=False)

    @classmethod
    def of(cls, events: Iterable[TicketEvent] | Timeline) -> Timeline:
        """Normalise a ticket's events (see the module docstring)."""
        global _last_zone
        if type(events) is not list and type(events) is not tuple:
            if isinstance(events, Timeline):
                return events
            events = list(events)
        given: list[TicketEvent] | tuple[TicketEvent, ...] = events
        instants: list[int] = []
        skipped: list[int] = []  # the indices of repeated events, to name events by index
        seen: dict[str, TicketEvent] = {}
        created = 0
        ordered = True
        ties = False  # two kept events at one instant: their order is decided below
        last = _FIRST_US - 1  # the previous kept instant (every kept one is >= _FIRST_US)
        zone: object = _NO_ZONE  # the ZoneInfo of the events read so far, with its tables
        epoch = EPOCH
        starts: Memo[int, int | None] = _NO_STARTS
        wall_zone = _UTC_ZONE
        # The usual event (a TicketEvent with its required field and an aware `at` in range)
        # passes with inline tests; anything else goes through check_event / event_instant,
        # which raise.
        for index, event in enumerate(events):
            kind = event.type if type(event) is TicketEvent else None
            if type(kind) is str:
                try:
                    need = _NEEDS[kind]  # a subscript costs a third of a `get` call
                except KeyError:  # an unknown type: check_event names it
                    need = _SLOW
            else:
                need = _SLOW
            if need is not None and (need is _SLOW or getattr(event, need) is None):
                event = check_event(event, index)
                kind = event.type
            ident = event.id
            if ident is not None:
                first = seen.get(ident)
                if first is not None:
                    if first != event:
                        raise _error(
                            index,
                            ident,
                            f"id {ident!r} was used before for a"
                            f" different event ({first.type} at {first.at.isoformat()}); ids"
                            " must name one event",
                        )
                    skipped.append(index)
                    continue
                seen[ident] = event
            at = event.at
            day_start = None
            if type(at) is datetime:
                tz = at.tzinfo
                if tz is not zone and type(tz) is ZoneInfo:
                    zone = wall_zone = tz
                    found = _last_zone
                    if found[0] is tz:  # the zone of the last ticket, as in most batches
                        epoch, starts = found[1], found[2]
                    else:
                        epoch, starts = wall_epoch(tz)
                        _last_zone = (tz, epoch, starts)
                if tz is zone:
                    # The wall clock since the zone's epoch, plus the day's start where the
                    # offset holds all day (see `wall_epoch`): no offset lookups.
                    wall = at - epoch
                    try:
                        day_start = starts[wall.days]
                    except KeyError:  # a day not seen yet (or since the memo was emptied)
                        day_start = local_day_start(wall_zone, wall.days, starts)
            if day_start is not None:
                # Inside the years evaluated: `local_day_start` keeps no other day.
                us = day_start + wall.seconds * 1_000_000 + wall.microseconds
            else:
                try:
                    # to_us, inline (a naive or non-datetime `at` raises TypeError).
                    delta = at - EPOCH if type(at) is datetime else _subtract(at, EPOCH)
                    us = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
                except TypeError:
                    us = event_instant(event, index)
                if not _FIRST_US <= us < _LAST_US:
                    us = event_instant(event, index)
            if event.seq is not None:
                check_values(event, index)
            else:
                attributes = event.attributes
                if attributes is not None and type(attributes) is not dict:
                    check_values(event, index)
            if kind == "created":
                created += 1
                if created > 1:
                    raise _error(
                        index,
                        ident,
                        "a second created event; a ticket is created"
                        " once (give each ticket its own log)",
                    )
                if us <= last:
                    ordered = False
            elif us <= last:
                if us < last:
                    ordered = False
                else:
                    ties = True
            last = us
            instants.append(us)
        if created == 0:
            raise TimelineError(
                "the ticket has no created event; every log starts with one, e.g."
                ' {"type": "created", "at": "...", "priority": "P2"}'
            )
        # The events kept: each one given (check_event returns it), repeated ids left out.
        kept: Sequence[TicketEvent] = given
        if skipped:
            dropped = set(skipped)
            kept = [e for i, e in enumerate(given) if i not in dropped]
        position = 0  # where the first event stood in `kept` before sorting
        if not ordered or ties:
            order = list(range(len(kept)))
            if not ordered:
                order.sort(key=instants.__getitem__)  # stable: ties stay together
            _order_ties(order, kept, instants)
            position = order[0]
            kept = [kept[i] for i in order]
            instants = [instants[i] for i in order]
        if kept[0].type != "created":
            event = kept[0]
            start = next(e for e in kept if e.type == "created")
            raise _error(
                _input_index(position, skipped),
                event.id,
                f"{event.type} at"
                f" {event.at.isoformat()} is before the ticket was created"
                f" ({start.at.isoformat()}); fix the event's time or the created event",
            )
        timeline = _new_timeline(cls)  # `cls(tuple(kept), tuple(instants))`, see below
        _set_events(timeline, tuple(kept))
        _set_instants(timeline, tuple(instants))
        return timeline

    @property
    def created(self) -> TicketEvent:
        """The ``created`` event."""
        return self.events[0]

    def __len__(self) -> int:
        return len(self.events)

    def __iter__(self) -> Iterator[TicketEvent]:
        return iter(self.events)


_new_timeline = object.__new__
# A frozen dataclass sets each field through object.__setattr__; the slot descriptors set
# them in a fraction of the time, and every evaluated ticket builds a timeline.
_set_events = Timeline.__dict__["events"].__set__
_set_instants = Timeline.__dict__["instants"].__set__
