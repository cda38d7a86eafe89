"""The walk: a ticket's events applied in order, splitting each metric's life into cycles and
each cycle into the periods in which its clock counted and the periods in which it was held.

One handler per event type (`_HANDLERS`). Budgets and calendars are not looked at here; they
are applied afterwards (`measure`), so a priority change can retarget a running clock from its
original start.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from .._typing import Outcome
from ..events.model import TicketEvent
from ..policy.model import ConditionContext, MetricDefinition, SlaPolicy
from .plan import plan_for

__all__ = ["RESOLVED", "Checkpoint", "Cycle", "Track", "Walker"]

RESOLVED = "suspended: the ticket is resolved"
_CUSTOM_PAUSE = "paused: its pause condition holds"
_MINUTE = 60_000_000


class Checkpoint(NamedTuple):
    """Where an open cycle stood at a priority change (for sticky breach under retarget):
    the instant, the priority before it, how many runs and holds it had, and since when it
    was in which hold."""

    at: int
    priority: str
    runs: int
    holds: int
    since: int
    hold: str | None


class Cycle:
    """One cycle of one metric: counted runs and held periods, in UTC microseconds."""

    __slots__ = (
        "checks",
        "end",
        "held",
        "hold",
        "holds",
        "messages",
        "number",
        "outcome",
        "prio_end",
        "prio_start",
        "resolved_since",
        "runs",
        "since",
        "start",
        "summed",
    )

    def __init__(self, number: int, start: int, priority: str) -> None:
        self.number = number
        self.start = start
        self.end: int | None = None
        self.outcome: Outcome | None = None
        self.runs: list[tuple[int, int]] = []
        self.holds: list[tuple[int, int, str]] = []
        self.since = start
        self.hold: str | None = None
        self.prio_start = priority
        self.prio_end: str | None = None
        # Retarget checkpoints, one per priority change while the cycle was open.
        self.checks: list[Checkpoint] | None = None
        # What a measure found in the runs so far (see `measure.Measure`): runs and holds
        # only ever grow, so a later measure under the same target continues from there.
        self.summed: tuple[object, int, int, int | None] | None = None
        self.held: tuple[object, int, int] | None = None
        # A next response's customer messages (the one that armed it, then any later ones
        # before the reply), for counting misses per message; None for other metrics.
        self.messages: list[int] | None = None
        # Since when the ticket's resolve held the cycle as it ended (None: it did not), for
        # ``resolved_due: projected``.
        self.resolved_since: int | None = None

    def checkpoint(self, t: int, priority: str) -> None:
        """Remember the cycle as it stands at a priority change away from `priority`. Runs
        and holds only ever grow, so their lengths mark where the cycle stood."""
        if self.checks is None:
            self.checks = []
        self.checks.append(
            Checkpoint(t, priority, len(self.runs), len(self.holds), self.since, self.hold)
        )

    def as_of(self, check: Checkpoint) -> Cycle:
        """A copy of the cycle as it stood at a checkpoint."""
        copy = Cycle(self.number, self.start, self.prio_start)
        copy.runs, copy.holds = self.runs[: check.runs], self.holds[: check.holds]
        copy.since, copy.hold = check.since, check.hold
        return copy

    def switch(self, t: int, hold: str | None) -> None:
        if hold == self.hold:
            return
        if t > self.since:
            if self.hold is None:
                self.runs.append((self.since, t))
            else:
                self.holds.append((self.since, t, self.hold))
        self.since = t
        self.hold = hold

    def reopen(self, t: int, ended: int) -> None:
        """Undo the end at `ended` (reopen with ``resume``): the time in between was held."""
        self.since = ended
        self.hold = RESOLVED
        self.end = None
        self.outcome = None
        self.prio_end = None
        self.resolved_since = None
        self.switch(t, None)


class Track:
    __slots__ = ("cycles", "definition", "name", "open", "paused", "start_held")

    def __init__(self, name: str, definition: MetricDefinition | None) -> None:
        self.name = name
        self.definition = definition
        self.cycles: list[Cycle] = []
        self.open: Cycle | None = None
        self.paused = False
        self.start_held = False


class Walker:
    """Applies events in order; cheap to continue when a later event arrives."""

    __slots__ = (
        "assignee",
        "attributes",
        "closed",
        "group",
        "holds",
        "marks",
        "plan",
        "policy",
        "priority",
        "replied",
        "resolved",
        "status",
        "tracks",
    )

    def __init__(self, policy: SlaPolicy, created: TicketEvent, at: int) -> None:
        self.policy = policy
        priority = created.priority
        self.priority = priority if type(priority) is str else str(priority)
        self.status = created.status
        self.group = created.group
        self.assignee = created.assignee
        # The ticket's attributes; copied before the first change, never changed in place.
        self.attributes: Mapping[str, Any] = created.attributes or {}
        self.resolved = False
        self.closed = False
        # Whether an agent has replied publicly (next_response_arming: after_first_reply).
        self.replied = False
        self.marks: list[tuple[int, str]] = [(at, f"ticket created with priority {self.priority}")]
        self.plan = plan = plan_for(policy)
        self.holds = holds = plan.holds(self.status)  # what the current status pauses
        tracks: dict[str, Track] = {}
        self.tracks = tracks
        custom = policy.metrics
        for name in plan.metrics:
            tracks[name] = Track(name, custom.get(name) if custom else None)
        start = at - at % _MINUTE if plan.round_start else at  # start_rounding: minute
        for name in plan.started:
            # `_start`, inline (every ticket starts these): not resolved yet, so the status
            # alone decides whether the cycle is held from its first instant.
            track = tracks[name]
            cycle = Cycle(1, start, self.priority)
            if holds:
                cycle.hold = holds.get(name)
            track.cycles.append(cycle)
            track.open = cycle
        if plan.arm_at_creation:
            # next_response_arming: from_creation: a wait that no message armed, met by the
            # first public agent reply; customer messages before that reply join it.
            track = tracks["next_response"]
            self._start(track, at)
            track.cycles[-1].messages = []
        if plan.has_custom:
            self._custom("created", None, at)
            self._update(at)

    # ------------------------------------------------------------------ helpers

    def _start(self, track: Track, t: int) -> None:
        if self.plan.round_start:
            t -= t % _MINUTE  # start_rounding: minute
        cycle = Cycle(len(track.cycles) + 1, t, self.priority)
        # A new cycle is held from its first instant if the ticket is resolved or its status
        # pauses the metric (custom pause conditions are applied by `_update`).
        if self.resolved and track.name != "resolution":
            cycle.hold = RESOLVED
        else:
            cycle.hold = self.holds.get(track.name)
        track.cycles.append(cycle)
        track.open = cycle
        track.paused = False

    def _end(self, track: Track, t: int, outcome: Outcome) -> None:
        cycle = track.open
        if cycle is not None:
            cycle.resolved_since = cycle.since if cycle.hold == RESOLVED else None
            cycle.switch(t, "ended")
            cycle.end = t
            cycle.outcome = outcome
            cycle.prio_end = self.priority
            track.open = None

    def _update(self, t: int) -> None:
        holds = self.holds
        resolved = self.resolved
        rounded = self.plan.round_pauses
        for name, track in self.tracks.items():
            cycle = track.open
            if cycle is None:
                continue
            if resolved and name != "resolution":
                hold: str | None = RESOLVED
            else:
                hold = holds.get(name) if holds else None
                if hold is None and track.paused:
                    hold = _CUSTOM_PAUSE
            if hold != cycle.hold:
                if rounded:
                    # pause_rounding: minute; never before the cycle's own last change.
                    cut = t - t % _MINUTE
                    cycle.switch(cut if cut > cycle.since else cycle.since, hold)
                else:
                    # `Cycle.switch`, inline (every pause and resolve passes here).
                    since = cycle.since
                    if t > since:
                        if cycle.hold is None:
                            cycle.runs.append((since, t))
                        else:
                            cycle.holds.append((since, t, cycle.hold))
                    cycle.since = t
                    cycle.hold = hold

    def _custom(self, kind: str, event: TicketEvent | None, t: int) -> None:
        state = None
        for track in self.tracks.values():
            d = track.definition
            if d is None:
                continue
            if state is None:
                state = ConditionContext(
                    kind,
                    None if event is None else event.public,
                    self.status,
                    self.group,
                    self.assignee,
                    self.priority,
                    self.attributes,
                )
            if track.open is not None:
                if d.cancel is not None and d.cancel.holds(state):
                    self._end(track, t, "cancelled")
                elif d.stop.holds(state):
                    self._end(track, t, "met")
                elif d.reset is not None and d.reset.holds(state):
                    self._end(track, t, "reset")
                    self._start(track, t)
                    self._custom_pause(track, d, state)
                else:
                    self._custom_pause(track, d, state)
            starts = d.start.holds(state)
            if track.open is None and starts and not (d.start.is_state and track.start_held):
                cancel = d.cancel
                if (cancel is not None and cancel.is_state and cancel.holds(state)) or (
                    d.stop.is_state and d.stop.holds(state)
                ):
                    # Its own cancel or stop is a state that holds: no cycle while it does (a
                    # start that is a state is tried again at each later event). An end that
                    # is an event and a start on that event still begin the next cycle.
                    starts = False
                else:
                    self._start(track, t)
                    self._custom_pause(track, d, state)
            track.start_held = starts

    @staticmethod
    def _custom_pause(track: Track, d: MetricDefinition, state: ConditionContext) -> None:
        if d.pause is None:
            return
        if d.resume is None:
            track.paused = d.pause.holds(state)
        elif track.paused:
            track.paused = not d.resume.holds(state)
        else:
            track.paused = d.pause.holds(state)

    # ------------------------------------------------------------------ events

    def feed(self, event: TicketEvent, t: int) -> None:
        """Apply one event at instant `t` (UTC microseconds, not before the last one)."""
        handler = _HANDLERS.get(event.type)
        if handler is not None:
            handler(self, event, t)
        # Holds change only with the status, the resolved state (updated by the handlers) or
        # custom pause conditions; a new cycle takes its hold when it starts.
        if self.plan.has_custom:
            self._custom(event.type, event, t)
            self._update(t)

    def walk(
        self, events: Sequence[TicketEvent], instants: Sequence[int], first: int, stop: int
    ) -> None:
        """`feed` the events from index `first` on, in order, up to the instant `stop`."""
        if self.plan.has_custom:
            feed = self.feed
            for i in range(first, len(events)):
                at = instants[i]
                if at > stop:
                    break
                feed(events[i], at)
            return
        # `feed` without custom metrics, inline: one call per event, to its handler.
        handlers = _HANDLERS
        for i in range(first, len(events)):
            at = instants[i]
            if at > stop:
                break
            event = events[i]
            try:
                handler = handlers[event.type]  # a subscript costs a third of a `get` call
            except KeyError:  # ``created``, which has none
                continue
            handler(self, event, at)

    def _agent_replied(self, event: TicketEvent, t: int) -> None:
        if event.public:
            self.replied = True
            tracks = self.tracks
            plan = self.plan
            for name in plan.answered:
                track = tracks[name]
                if track.open is not None:
                    self._end(track, t, "met")
            if plan.updates:
                track = tracks["periodic_update"]
                self._end(track, t, "met")
                self._start(track, t)

    def _customer_replied(self, event: TicketEvent, t: int) -> None:
        plan = self.plan
        if plan.waits:
            track = self.tracks["next_response"]
            if track.open is None:
                if plan.reply_first and not self.replied:
                    return  # next_response_arming: after_first_reply
                self._start(track, t)
            cycle = track.open
            if cycle is not None:
                if cycle.messages is None:
                    cycle.messages = []
                cycle.messages.append(t)
        if plan.disarm_update:  # periodic_update_disarm: customer_message
            update = self.tracks.get("periodic_update")
            if update is not None:
                self._end(update, t, "cancelled")

    def _status_changed(self, event: TicketEvent, t: int) -> None:
        status = event.status
        if status != self.status:
            self.status = status
            plan = self.plan
            try:
                holds = plan.held[status]  # a subscript costs a third of a `get` call
            except KeyError:  # a status not seen under this policy yet
                holds = plan.holds(status)
            changed = holds is not self.holds
            self.holds = holds
            if plan.met_by_pause and self.policy.paused_metrics(status):
                self._first_response_met(t)  # first_response_met_by: pause
                changed = True
            if plan.met_on and status in plan.met_on:
                self._first_response_met(t)  # first_response_statuses
                changed = True
            if changed:
                self._update(t)

    def _first_response_met(self, t: int) -> None:
        track = self.tracks.get("first_response")
        if track is not None and track.open is not None:
            self._end(track, t, "met")

    def _priority_changed(self, event: TicketEvent, t: int) -> None:
        new = str(event.priority)
        if new == self.priority:
            return
        old, self.priority = self.priority, new
        self.marks.append((t, f"priority changed {old} -> {new}"))
        mode = self.policy.options.priority_change
        if mode == "restart":
            for track in self.tracks.values():
                if track.open is not None:
                    # A hold by custom pause/resume conditions belongs to the conditions, not
                    # to the cycle: the new cycle starts in it (`_update` applies it).
                    paused = track.paused
                    waiting = track.open.messages
                    self._end(track, t, "restarted")
                    self._start(track, t)
                    track.paused = paused
                    if waiting is not None and track.open is not None:
                        # The same wait: its messages still wait for the reply.
                        track.open.messages = list(waiting)
        elif mode == "retarget" and self.policy.options.sticky_breach:
            # A breach under the old target must survive a move to a longer one.
            for track in self.tracks.values():
                cycle = track.open
                if cycle is not None:
                    cycle.checkpoint(t, old)

    def _assigned(self, event: TicketEvent, t: int) -> None:
        if event.group is not None:
            self.group = event.group
        if event.assignee is not None:
            self.assignee = event.assignee

    def _attribute_changed(self, event: TicketEvent, t: int) -> None:
        attributes = dict(self.attributes)
        for key, value in (event.attributes or {}).items():
            if value is None:
                attributes.pop(key, None)
            else:
                attributes[key] = value
        self.attributes = attributes

    def _resolved(self, event: TicketEvent, t: int) -> None:
        if not self.resolved:
            self.resolved = True
            self.marks.append((t, "ticket resolved"))
            if self.plan.met_by_resolve:
                self._first_response_met(t)
            track = self.tracks.get("resolution")
            if track is not None:
                self._end(track, t, "met")
            self._update(t)

    def _closed(self, event: TicketEvent, t: int) -> None:
        if not self.closed:
            self.closed = True
            self.resolved = True
            self.marks.append((t, "ticket closed"))
            if self.plan.met_by_resolve:
                self._first_response_met(t)
            for track in self.tracks.values():
                if track.open is not None:
                    self._end(track, t, "met" if track.name == "resolution" else "cancelled")
            self._update(t)

    def _reopened(self, event: TicketEvent, t: int) -> None:
        if self.resolved:
            self.resolved = False
            self.closed = False
            self.marks.append((t, "ticket reopened"))
            self._reopen(t)
            self._update(t)

    def _reopen(self, t: int) -> None:
        mode = self.policy.options.reopen
        resolution = self.tracks.get("resolution")
        if resolution is not None and resolution.open is None:
            last = resolution.cycles[-1] if resolution.cycles else None
            if (
                mode == "resume"
                and last is not None
                and last.outcome == "met"
                and last.end is not None
            ):
                if self.plan.round_pauses:
                    _reopen_on_minutes(last, t, last.end)
                else:
                    last.reopen(t, last.end)
                resolution.open = last
            else:
                self._start(resolution, t)
        if mode == "restart":
            first = self.tracks.get("first_response")
            if first is not None:
                self._end(first, t, "restarted")
                self._start(first, t)


def _reopen_on_minutes(cycle: Cycle, t: int, ended: int) -> None:
    """`Cycle.reopen` under ``pause_rounding: minute``: the time spent resolved is held from
    the whole minute of the resolve to the whole minute of the reopen, so the run that the
    resolve ended loses the seconds before it."""
    cut = ended - ended % _MINUTE
    runs = cycle.runs
    if runs and runs[-1][1] == ended:
        a = runs[-1][0]
        cut = max(cut, a)
        if cut > a:
            runs[-1] = (a, cut)
        else:
            runs.pop()
        # The sums a measure kept cover the run as it was.
        cycle.summed = None
    elif cycle.holds and cycle.holds[-1][1] == ended:
        cut = ended  # resolved while held: one hold runs into the other
    else:
        cut = max(cut, cycle.start)
    reopened = t - t % _MINUTE
    cycle.reopen(reopened if reopened > cut else cut, cut)


#: One handler per event type; ``created`` starts the walk and has none.
_HANDLERS: dict[str, Callable[[Walker, TicketEvent, int], None]] = {
    "agent_replied": Walker._agent_replied,
    "customer_replied": Walker._customer_replied,
    "status_changed": Walker._status_changed,
    "priority_changed": Walker._priority_changed,
    "assigned": Walker._assigned,
    "attribute_changed": Walker._attribute_changed,
    "resolved": Walker._resolved,
    "closed": Walker._closed,
    "reopened": Walker._reopened,
}
