"""`SlaClock`: the incremental clock a host keeps beside a ticket.

It accepts events one at a time (also late, out of order), answers `SlaClock.status` at any
instant, and serialises to JSON. Its answers always equal a full `evaluate` of the same events,
in whatever order they arrived.
"""

from __future__ import annotations

import hashlib
import json
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
from .evaluate import check_span, evaluate, policy_set_of, result, select_for
from .plan import plan_for
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

    `apply` takes events one at a time; an event later than every one before continues
    from where the clock stood, an earlier (late-arriving) one replays the log. `status`
    always equals `evaluate` over the same events, in whatever order they arrived (events at
    one instant are ordered by ``seq``, then by a fixed rule: see `slaclock.events`).
    `to_json` / `from_json` store and restore it; the policies travel separately, and a
    saved clock records their fingerprint, so that restoring it under another set is refused
    unless asked for (``migrate=True``).
    """

    __slots__ = ("_events", "_ids", "_instants", "_policies", "_policy", "_reasons", "_walker")

    def __init__(self, policies: PolicySet | SlaPolicy, events: Iterable[TicketEvent] = ()) -> None:
        self._policies = policy_set_of(policies)
        self._events: list[TicketEvent] = []
        self._instants: list[int] = []
        self._ids: dict[str, TicketEvent] = {}
        self._walker: Walker | None = None
        self._policy: SlaPolicy | None = None
        self._reasons: Selection | tuple[str, ...] = ()
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
        index = len(self._events)
        check_event(event, index)
        at = event_instant(event, index)
        check_values(event, index)
        _check_storable(event, index)
        walker = self._walker
        if (
            walker is not None
            and event.type != "created"
            and (
                at > self._instants[-1]
                or (
                    at == self._instants[-1]
                    and same_instant_key(event) >= same_instant_key(self._events[-1])
                )
            )
        ):
            if at < self._instants[0]:  # pragma: no cover - instants[0] is the created event
                raise TimelineError("event before the ticket was created")
            walker.feed(event, at)
            self._events.append(event)
            self._instants.append(at)
        else:
            candidate = [*self._events, event]
            if any(e.type == "created" for e in candidate):
                Timeline.of(candidate)  # validates before anything changes
            self._events = candidate
            self._instants.append(at)
            self._rebuild()
        if event.id is not None:
            self._ids[event.id] = event

    def _rebuild(self) -> None:
        if not any(e.type == "created" for e in self._events):
            self._walker = None
            return
        timeline = Timeline.of(self._events)
        self._events = list(timeline.events)
        self._instants = list(timeline.instants)
        created = timeline.created
        policy, reasons = select_for(self._policies, timeline, created.at)
        self._policy, self._reasons = policy, reasons
        if policy is None:
            self._walker = None
            return
        try:
            plan_for(policy).targets(str(created.priority))
        except PolicyError:
            self._walker = None  # status() re-raises it through evaluate()
            return
        walker = Walker(policy, created, timeline.instants[0])
        for e, at in zip(timeline.events[1:], timeline.instants[1:], strict=True):
            walker.feed(e, at)
        self._walker = walker

    def status(self, now: datetime) -> TicketStatus:
        """The ticket at `now`; equal to `evaluate(policies, events, now)`."""
        now_us = to_us(now, "now")
        if not self._events:
            raise TimelineError("the clock has no events yet; apply the created event first")
        if (
            self._walker is None
            or self._instants[-1] > now_us
            or self._policies.effective_by == "now"
        ):
            return evaluate(self._policies, self._events, now)
        check_span(self._instants[0], now_us, now)
        return result(self._walker, self._policy, self._reasons, now, now_us, None)

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
