"""`SlaClock`: the incremental clock a host keeps beside a ticket.

It accepts events one at a time (also late, out of order), answers `SlaClock.status` at any
instant, and serialises to JSON. Its answers always equal a full `evaluate` of the same events,
in whatever order they arrived.
"""

from __future__ import annotations

import hashlib
import json
from bisect import bisect_right
from collections.abc import Iterable
from datetime import datetime

from .._kernel.instants import to_us
from .._kernel.memo import Memo
from ..calendar import BusinessCalendar
from ..calendar.spec import calendar_to_config
from ..config.policy_set import PolicySet
from ..errors import PolicyError, TimelineError
from ..events.model import TicketEvent, check_event
from ..events.timeline import Timeline, check_values, event_instant, same_instant_key
from ..policy.model import SlaPolicy
from ..policy.selection import Selection
from .evaluate import MeasureMemo, check_span, evaluate, policy_set_of, result, select_for
from .plan import plan_for
from .reselect import Chooser
from .status import TicketStatus
from .walk import Walker

__all__ = ["SlaClock", "policy_fingerprint"]

#: The version of the saved form written by `SlaClock.to_json` (1: without a fingerprint).
_SAVED = 2
_FINGERPRINTS: Memo[PolicySet, str] = Memo(limit=64)


def policy_fingerprint(policies: PolicySet | SlaPolicy) -> str:
    """A digest of everything in a policy set that can change an answer: its policies,
    options, targets and effective dates, and every calendar they count in. Equal sets, also
    in another process, have equal fingerprints (the data of the `holidays` package is not
    part of it)."""
    policy_set = policy_set_of(policies)
    found = _FINGERPRINTS.get(policy_set)
    if found is None:
        calendars: dict[str, BusinessCalendar] = {}
        for policy in policy_set.policies:
            calendars[policy.calendar_name] = policy.calendar
            for targets in policy.targets.values():
                for target in targets.values():
                    calendars[target.calendar_name] = target.calendar
                    if target.after_calendar is not None and target.after_calendar_name:
                        calendars[target.after_calendar_name] = target.after_calendar
        written = policy_set.to_dict()
        content = {
            "policies": written["policies"],
            "effective_by": written["effective_by"],
            # The calendars in use (a set's other named calendars change no answer).
            "calendars": {name: calendar_to_config(c) for name, c in calendars.items()},
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        found = _FINGERPRINTS.put(policy_set, f"sha256:{digest}")
    return found


def _storable(value: object) -> bool:
    """A value JSON stores and reads back equal."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, list):
        return all(_storable(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _storable(v) for k, v in value.items())
    return False


def _check_storable(event: TicketEvent, index: int) -> None:
    """A saved clock stores events as JSON: refuse attribute values it cannot store as they
    are (a Decimal or a date would come back as text, and compare differently)."""
    attributes = event.attributes
    if not attributes:
        return
    for key, value in attributes.items():
        if not isinstance(key, str) or not _storable(value):
            where = f"event {index}" + ("" if event.id is None else f" id {event.id!r}")
            raise TimelineError(
                f"{where}: attribute {key!r} is {type(value).__name__} {value!r}, which a"
                " saved clock cannot store as it is; give attributes as JSON values (text,"
                " numbers, true/false, null, lists and objects of them), e.g. str(value)"
            )


class SlaClock:
    """The incremental clock a host keeps beside a ticket.

    `apply` takes events one at a time. An event later than every one before continues the
    walk from where it stood, and `status` then measures only what changed since the last
    status (cycles that have ended keep their measures): the cost of an event does not grow
    with the ticket's history. An earlier (late-arriving) event is put in its place in the
    log, and the walk is redone once, when the next `status` asks for it, however many late
    events came in between: feeding a log in any order costs about what feeding it in order
    does. `status` always equals `evaluate` over the same events, in whatever order they
    arrived (events at one instant are ordered by ``seq``, then by a fixed rule: see
    `slaclock.events`). `to_json` / `from_json` store and restore it; the policies travel
    separately, and a saved clock records their fingerprint, so that restoring it under
    another set is refused unless asked for (``migrate=True``).

    >>> from datetime import datetime, timedelta
    >>> from slaclock import PolicySet
    >>> policies = PolicySet.from_dict({
    ...     "calendars": {"all": "24x7"},
    ...     "policies": [{"name": "p", "calendar": "all",
    ...                   "targets": {"*": {"first_response": "1h"}}}],
    ... })
    >>> t0 = datetime.fromisoformat("2026-11-23T09:00+00:00")
    >>> clock = SlaClock(policies)
    >>> clock.apply(TicketEvent.agent_replied(t0 + timedelta(minutes=20)))  # arrives first
    >>> clock.apply(TicketEvent.created(t0, "P2"))
    >>> clock.status(t0 + timedelta(hours=2)).metric("first_response").state
    'met'
    """

    __slots__ = (
        "_chooser",
        "_created",
        "_events",
        "_ids",
        "_instants",
        "_memo",
        "_policies",
        "_policy",
        "_reasons",
        "_stale",
        "_walker",
    )

    def __init__(self, policies: PolicySet | SlaPolicy, events: Iterable[TicketEvent] = ()) -> None:
        self._policies = policy_set_of(policies)
        # The log, normalised: sorted by instant, events of one instant by `same_instant_key`.
        self._events: list[TicketEvent] = []
        self._instants: list[int] = []
        self._ids: dict[str, TicketEvent] = {}
        self._created: TicketEvent | None = None
        self._walker: Walker | None = None
        self._memo = MeasureMemo()
        # True when the walk no longer matches the log (a late event, or none walked yet).
        self._stale = True
        self._policy: SlaPolicy | None = None
        self._reasons: Selection | tuple[str, ...] = ()
        # The policy as the ticket changes, under `selection: on_change` (None: chosen once).
        self._chooser: Chooser | None = None
        for event in events:
            self.apply(event)

    @property
    def events(self) -> tuple[TicketEvent, ...]:
        """The events applied so far, normalised (sorted, duplicates dropped)."""
        return tuple(self._events)

    def apply(self, event: TicketEvent) -> None:
        """Add one event (a repeated id is ignored; a bad event raises and is not added)."""
        if event.id is not None and event.id in self._ids:
            if self._ids[event.id] != event:
                raise TimelineError(
                    f"id {event.id!r} was used before for a different event; ids must name one"
                    " event"
                )
            return
        events, instants = self._events, self._instants
        index = len(events)
        check_event(event, index)
        at = event_instant(event, index)
        check_values(event, index)
        _check_storable(event, index)
        created = self._created
        if event.type == "created":
            if created is not None or (instants and instants[0] < at):
                self._refuse(event)  # a second created event, or events before it
        elif created is not None and at < instants[0]:
            self._refuse(event)  # before the ticket was created
        walker = self._walker
        if (
            not self._stale
            and walker is not None
            and event.type != "created"
            and (
                at > instants[-1]
                or (at == instants[-1] and same_instant_key(event) >= same_instant_key(events[-1]))
            )
        ):
            walker.feed(event, at)
            events.append(event)
            instants.append(at)
            chooser = self._chooser
            if chooser is not None and chooser.feed(event, at):
                self._stale = True  # another policy applies from the creation: walk again
        else:
            # Its place in the log: after every event at an earlier instant and, among those
            # at its instant, after the ones that sort before or with it.
            place = bisect_right(instants, at)
            if place and instants[place - 1] == at:
                key = same_instant_key(event)
                while (
                    place
                    and instants[place - 1] == at
                    and same_instant_key(events[place - 1]) > key
                ):
                    place -= 1
            events.insert(place, event)
            instants.insert(place, at)
            self._stale = True
            if event.type == "created":
                self._created = event
        if event.id is not None:
            self._ids[event.id] = event

    def _refuse(self, event: TicketEvent) -> None:
        """Raise the error a full replay gives for the log with `event` added."""
        Timeline.of([*self._events, event])
        raise TimelineError(  # pragma: no cover - Timeline.of raises first
            f"{event.type} at {event.at.isoformat()} cannot be added to this ticket's log"
        )

    def _walk(self) -> None:
        """Walk the log again (after late events), once."""
        self._stale = False
        self._walker = None
        self._memo = MeasureMemo()
        created = self._created
        if created is None:
            return
        events, instants = self._events, self._instants
        timeline = Timeline(tuple(events), tuple(instants))
        policy, reasons = select_for(self._policies, timeline, created.at)
        self._chooser = None
        if self._policies.reselects:
            chooser = Chooser(self._policies, created, policy, reasons, created.at)
            for i in range(1, len(events)):
                chooser.feed(events[i], instants[i])
            policy, reasons = chooser.policy, chooser.reasons
            self._chooser = chooser
        self._policy, self._reasons = policy, reasons
        if policy is None:
            return
        try:
            plan_for(policy).targets(str(created.priority))
        except PolicyError:
            return  # status() re-raises it through evaluate()
        walker = Walker(policy, created, instants[0])
        walker.walk(events, instants, 1, instants[-1])
        self._walker = walker

    def status(self, now: datetime) -> TicketStatus:
        """The ticket at `now`; equal to `evaluate(policies, events, now)`."""
        now_us = to_us(now, "now")
        if not self._events:
            raise TimelineError("the clock has no events yet; apply the created event first")
        if self._created is None or self._instants[-1] > now_us:
            return evaluate(self._policies, self._events, now)
        if self._stale:
            self._walk()
        if self._walker is None or self._policies.effective_by == "now":
            return evaluate(self._policies, self._events, now)
        check_span(self._instants[0], now_us, now)
        return result(self._walker, self._policy, self._reasons, now, now_us, None, self._memo)

    def to_json(self) -> str:
        """The clock as JSON: its events and the fingerprint of its policy set (the set itself
        is stored by the host)."""
        return json.dumps(
            {
                "slaclock": _SAVED,
                "policies": policy_fingerprint(self._policies),
                "events": [e.to_dict() for e in self._events],
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(
        cls, text: str, policies: PolicySet | SlaPolicy, *, migrate: bool = False
    ) -> SlaClock:
        """Restore a clock saved with `to_json`; it continues exactly.

        The policy set must be the one the clock was saved under (its fingerprint is
        checked): a different set raises `PolicyError`. After an intended policy change,
        ``migrate=True`` restores the clock under the new set, whose answers then are those
        of `evaluate` under it; the next `to_json` records the new fingerprint. A clock saved
        by slaclock before fingerprints (``"slaclock": 1``) is restored under the set given.
        """
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TimelineError(f"a saved clock is not valid JSON ({exc})") from None
        except (ValueError, RecursionError):  # an integer too long to read, nesting too deep
            raise TimelineError(
                "a saved clock is not valid JSON (nested too deeply or an integer of over"
                " 4,300 digits)"
            ) from None
        version = data.get("slaclock") if isinstance(data, dict) else None
        if (
            type(version) is not int
            or version not in (1, _SAVED)
            or not isinstance(data.get("events"), list)
            or (version == _SAVED and not isinstance(data.get("policies"), str))
        ):
            raise TimelineError(
                "not a saved slaclock clock (expected {'slaclock': 2, 'policies': '<the"
                " fingerprint of the policy set>', 'events': [...]}, as SlaClock.to_json"
                " writes)"
            )
        if version == _SAVED and not migrate:
            saved, wanted = data["policies"], policy_fingerprint(policies)
            if saved != wanted:
                raise PolicyError(
                    f"this clock was saved under another policy set ({saved[:19]}…, these"
                    f" policies are {wanted[:19]}…); restore it with the set it was saved"
                    " under, or, after an intended policy change, with migrate=True to"
                    " evaluate its events under these policies"
                )
        events = [TicketEvent.from_dict(e, index=i) for i, e in enumerate(data["events"])]
        return cls(policies, events)
