"""`SlaClock`: the incremental clock a host keeps beside a ticket.

It accepts events one at a time (also late, out of order), answers `SlaClock.status` at any
instant, and serialises to JSON. Its answers always equal a full `evaluate` of the same events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from .._kernel.instants import to_us
from ..config.policy_set import PolicySet
from ..errors import PolicyError, TimelineError
from ..events.model import TicketEvent, Timeline, check_event, event_instant
from ..policy.model import SlaPolicy
from .evaluate import check_span, evaluate, policy_set_of, result, select_for
from .plan import plan_for
from .status import TicketStatus
from .walk import Walker

__all__ = ["SlaClock"]


class SlaClock:
    """The incremental clock a host keeps beside a ticket.

    `apply` takes events one at a time; an event later than every one before continues
    from where the clock stood, an earlier (late-arriving) one replays the log. `status`
    always equals `evaluate` over the same events. `to_json` / `from_json` store and
    restore it (the policies travel separately: pass the same set when restoring).
    """

    __slots__ = ("_events", "_ids", "_instants", "_policies", "_policy", "_reasons", "_walker")

    def __init__(self, policies: PolicySet | SlaPolicy, events: Iterable[TicketEvent] = ()) -> None:
        self._policies = policy_set_of(policies)
        self._events: list[TicketEvent] = []
        self._instants: list[int] = []
        self._ids: dict[str, TicketEvent] = {}
        self._walker: Walker | None = None
        self._policy: SlaPolicy | None = None
        self._reasons: tuple[str, ...] = ()
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
        check_event(event, len(self._events))
        at = event_instant(event, len(self._events))
        walker = self._walker
        if walker is not None and event.type != "created" and at >= self._instants[-1]:
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
        """The clock as JSON: its events (the policy set is stored by the host)."""
        return json.dumps(
            {"slaclock": 1, "events": [e.to_dict() for e in self._events]}, ensure_ascii=False
        )

    @classmethod
    def from_json(cls, text: str, policies: PolicySet | SlaPolicy) -> SlaClock:
        """Restore a clock saved with `to_json`; it continues exactly."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TimelineError(f"a saved clock is not valid JSON ({exc})") from None
        except (ValueError, RecursionError):  # an integer too long to read, nesting too deep
            raise TimelineError(
                "a saved clock is not valid JSON (nested too deeply or an integer of over"
                " 4,300 digits)"
            ) from None
        if (
            not isinstance(data, dict)
            or data.get("slaclock") != 1
            or not isinstance(data.get("events"), list)
        ):
            raise TimelineError(
                "not a saved slaclock clock (expected {'slaclock': 1, 'events': [...]})"
            )
        events = [TicketEvent.from_dict(e, index=i) for i, e in enumerate(data["events"])]
        return cls(policies, events)
