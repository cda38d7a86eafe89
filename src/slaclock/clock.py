"""The SLA clock: a ticket's event log, evaluated into per-metric states, deadlines and ledgers.

`evaluate` is a pure function of (policies, events, now). It walks the ticket's normalised
timeline once, splitting each metric's life into *cycles* — a first response, each waiting
customer message, each update period, each resolution — and each cycle into the periods in
which its clock counted and the periods in which it was held (a pause status, a resolved
ticket, a custom pause condition). Budgets and calendars are applied afterwards, so a
priority change can retarget a running clock from its original start.

`SlaClock` is the incremental form hosts keep beside a ticket: it accepts events one at a
time (also late, out of order), answers `SlaClock.status` at any instant, and serialises to
JSON. Its answers always equal a full `evaluate` of the same events.

>>> from slaclock.policy import PolicySet
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": {"timezone": "Europe/Berlin",
...                              "hours": {"mon-fri": ["09:00-17:00"]}}},
...     "policies": [{"name": "standard", "calendar": "office", "pause_on": ["pending"],
...                   "targets": {"*": {"first_response": "4h", "resolution": "16h"}}}],
... })
>>> t = datetime.fromisoformat
>>> status = evaluate(policies, [
...     TicketEvent.created(t("2026-11-27T16:30+01:00"), "P2"),   # Friday 16:30
...     TicketEvent.agent_replied(t("2026-11-30T09:45+01:00")),   # Monday 09:45
... ], now=t("2026-11-30T12:00+01:00"))
>>> fr = status.metric("first_response")
>>> fr.state, fr.due_at.isoformat(), fr.elapsed
('met', '2026-11-30T12:30:00+01:00', datetime.timedelta(seconds=4500))
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal, TypeAlias

from ._clocktime import from_us, to_us
from .calendar import BusinessCalendar, _Engine
from .durations import BusinessDays, format_duration, format_timedelta
from .errors import PolicyError, TimelineError
from .policy import (
    BUILTIN_METRICS,
    ConditionContext,
    MetricDefinition,
    PolicySet,
    SlaPolicy,
    Target,
)
from .timeline import TicketEvent, Timeline, _check, _instant, read_jsonl

__all__ = [
    "CycleStatus",
    "LedgerEntry",
    "MetricState",
    "MetricStatus",
    "SlaClock",
    "TicketStatus",
    "evaluate",
    "evaluate_jsonl",
    "evaluate_many",
]

MetricState: TypeAlias = Literal["pending", "running", "paused", "met", "breached", "cancelled"]
Outcome: TypeAlias = Literal["met", "cancelled", "restarted", "reset"]

#: A retarget checkpoint: the instant of a priority change, the priority before it, and
#: where the open cycle stood (how many runs and holds, since when in which hold).
_Check: TypeAlias = tuple[int, str, int, int, int, str | None]

_RESOLVED = "suspended: the ticket is resolved"
_CUSTOM_PAUSE = "paused: its pause condition holds"


class _Plan:
    """What a policy means for the walk, computed once per policy and shared by tickets."""

    __slots__ = ("_holds", "_targets", "accounting", "has_custom", "metrics", "policy")

    def __init__(self, policy: SlaPolicy) -> None:
        self.policy = policy
        self.accounting = policy.options.pause_accounting
        self._targets: dict[str, Mapping[str, Target] | None] = {}
        names: set[str] = set()
        for targets in policy.targets.values():
            names.update(targets)
        self.metrics = tuple(n for n in BUILTIN_METRICS if n in names) + tuple(policy.metrics)
        self.has_custom = bool(policy.metrics)
        self._holds: dict[str | None, dict[str, str]] = {}

    def holds(self, status: str | None) -> dict[str, str]:
        """For a status: the metrics it pauses, each with the reason shown in the ledger."""
        found = self._holds.get(status)
        if found is None:
            paused = self.policy.paused_metrics(status)
            found = {}
            if paused is not None:
                reason = f"paused: status {status!r}"
                for name in self.metrics:
                    if "*" in paused or name in paused:
                        found[name] = reason
            self._holds[status] = found
        return found

    def targets(self, priority: str) -> Mapping[str, Target] | None:
        """A priority's targets (None: none, when the policy allows that)."""
        try:
            found = self._targets[priority]
        except KeyError:
            if len(self._targets) > 1024:
                self._targets.clear()
            found = self._targets[priority] = self.policy.targets_for(priority)
        if found is None and self.policy.options.unknown_priority == "error":
            raise PolicyError(
                f"policy {self.policy.name!r} has no targets for priority {priority!r} and no"
                f" '*'; add targets for {priority!r} or '*', or set unknown_priority: no_targets"
            )
        return found


_PLANS: dict[int, tuple[SlaPolicy, _Plan]] = {}


def _plan(policy: SlaPolicy) -> _Plan:
    found = _PLANS.get(id(policy))
    if found is not None and found[0] is policy:
        return found[1]
    if len(_PLANS) > 256:
        _PLANS.clear()
    plan = _Plan(policy)
    _PLANS[id(policy)] = (policy, plan)
    return plan


# =========================================================================== the walk


class _Cycle:
    """One cycle of one metric: counted runs and held periods, in UTC microseconds."""

    __slots__ = (
        "checks",
        "end",
        "hold",
        "holds",
        "number",
        "outcome",
        "prio_end",
        "prio_start",
        "runs",
        "since",
        "start",
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
        self.checks: list[_Check] | None = None

    def checkpoint(self, t: int, priority: str) -> None:
        """Remember the cycle as it stands at a priority change away from `priority`. Runs
        and holds only ever grow, so their lengths mark where the cycle stood."""
        if self.checks is None:
            self.checks = []
        self.checks.append((t, priority, len(self.runs), len(self.holds), self.since, self.hold))

    def as_of(self, check: _Check) -> _Cycle:
        """A copy of the cycle as it stood at a checkpoint."""
        _, _, runs, holds, since, hold = check
        copy = _Cycle(self.number, self.start, self.prio_start)
        copy.runs, copy.holds = self.runs[:runs], self.holds[:holds]
        copy.since, copy.hold = since, hold
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

    def finish(self, t: int, outcome: Outcome, priority: str) -> None:
        self.switch(t, "ended")
        self.end = t
        self.outcome = outcome
        self.prio_end = priority

    def reopen(self, t: int) -> None:
        """Undo an end (reopen with ``resume``): the time in between was held."""
        assert self.end is not None
        self.since = self.end
        self.hold = _RESOLVED
        self.end = None
        self.outcome = None
        self.prio_end = None
        self.switch(t, None)


class _Track:
    __slots__ = ("cycles", "definition", "name", "open", "paused", "start_held")

    def __init__(self, name: str, definition: MetricDefinition | None) -> None:
        self.name = name
        self.definition = definition
        self.cycles: list[_Cycle] = []
        self.open: _Cycle | None = None
        self.paused = False
        self.start_held = False


class _Walker:
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
        "resolved",
        "status",
        "tracks",
    )

    def __init__(self, policy: SlaPolicy, created: TicketEvent, at: int) -> None:
        self.policy = policy
        self.priority = str(created.priority)
        self.status = created.status
        self.group = created.group
        self.assignee = created.assignee
        # The ticket's attributes; copied before the first change, never changed in place.
        self.attributes: Mapping[str, Any] = created.attributes or {}
        self.resolved = False
        self.closed = False
        self.marks: list[tuple[int, str]] = [(at, f"ticket created with priority {self.priority}")]
        self.plan = _plan(policy)
        self.holds = self.plan.holds(self.status)  # what the current status pauses
        self.tracks: dict[str, _Track] = {}
        for name in self.plan.metrics:
            self.tracks[name] = _Track(name, policy.metrics.get(name))
        for name in ("first_response", "resolution"):
            if name in self.tracks:
                self._start(self.tracks[name], at)
        if self.plan.has_custom:
            self._custom("created", None, at)
            self._update(at)

    # ------------------------------------------------------------------ helpers

    def _start(self, track: _Track, t: int) -> None:
        cycle = _Cycle(len(track.cycles) + 1, t, self.priority)
        # A new cycle is held from its first instant if the ticket is resolved or its status
        # pauses the metric (custom pause conditions are applied by `_update`).
        if self.resolved and track.name != "resolution":
            cycle.hold = _RESOLVED
        else:
            cycle.hold = self.holds.get(track.name)
        track.cycles.append(cycle)
        track.open = cycle
        track.paused = False

    def _end(self, track: _Track, t: int, outcome: Outcome) -> None:
        cycle = track.open
        if cycle is not None:
            cycle.finish(t, outcome, self.priority)
            track.open = None

    def _update(self, t: int) -> None:
        holds = self.holds
        resolved = self.resolved
        for track in self.tracks.values():
            cycle = track.open
            if cycle is None:
                continue
            if resolved and track.name != "resolution":
                hold: str | None = _RESOLVED
            else:
                hold = holds.get(track.name)
                if hold is None and track.paused:
                    hold = _CUSTOM_PAUSE
            if hold != cycle.hold:
                cycle.switch(t, hold)

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
                    self._custom_pause(track, d, state, fresh=True)
                else:
                    self._custom_pause(track, d, state, fresh=False)
            starts = d.start.holds(state)
            if track.open is None and starts and not (d.start.is_state and track.start_held):
                self._start(track, t)
                self._custom_pause(track, d, state, fresh=True)
            track.start_held = starts

    @staticmethod
    def _custom_pause(
        track: _Track, d: MetricDefinition, state: ConditionContext, *, fresh: bool
    ) -> None:
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
        kind = event.type
        tracks = self.tracks
        if kind == "agent_replied":
            if event.public:
                for name in ("first_response", "next_response"):
                    track = tracks.get(name)
                    if track is not None and track.open is not None:
                        self._end(track, t, "met")
                track = tracks.get("periodic_update")
                if track is not None:
                    self._end(track, t, "met")
                    self._start(track, t)
        elif kind == "customer_replied":
            track = tracks.get("next_response")
            if track is not None and track.open is None:
                self._start(track, t)
        elif kind == "status_changed":
            if event.status != self.status:
                self.status = event.status
                self.holds = self.plan.holds(event.status)
                self._update(t)
        elif kind == "priority_changed":
            new = str(event.priority)
            if new != self.priority:
                old, self.priority = self.priority, new
                self.marks.append((t, f"priority changed {old} -> {new}"))
                mode = self.policy.options.priority_change
                if mode == "restart":
                    for track in tracks.values():
                        if track.open is not None:
                            self._end(track, t, "restarted")
                            self._start(track, t)
                elif mode == "retarget" and self.policy.options.sticky_breach:
                    # A breach under the old target must survive a move to a longer one.
                    for track in tracks.values():
                        cycle = track.open
                        if cycle is not None:
                            cycle.checkpoint(t, old)
        elif kind == "assigned":
            if event.group is not None:
                self.group = event.group
            if event.assignee is not None:
                self.assignee = event.assignee
        elif kind == "attribute_changed":
            attributes = dict(self.attributes)
            for key, value in (event.attributes or {}).items():
                if value is None:
                    attributes.pop(key, None)
                else:
                    attributes[key] = value
            self.attributes = attributes
        elif kind == "resolved":
            if not self.resolved:
                self.resolved = True
                self.marks.append((t, "ticket resolved"))
                track = tracks.get("resolution")
                if track is not None:
                    self._end(track, t, "met")
                self._update(t)
        elif kind == "closed":
            if not self.closed:
                self.closed = True
                self.resolved = True
                self.marks.append((t, "ticket closed"))
                for track in tracks.values():
                    if track.open is not None:
                        self._end(track, t, "met" if track.name == "resolution" else "cancelled")
                self._update(t)
        elif kind == "reopened" and self.resolved:
            self.resolved = False
            self.closed = False
            self.marks.append((t, "ticket reopened"))
            self._reopen(t)
            self._update(t)
        # Holds change only with the status, the resolved state (updated above) or custom
        # pause conditions; a new cycle takes its hold when it starts.
        if self.plan.has_custom:
            self._custom(kind, event, t)
            self._update(t)

    def _reopen(self, t: int) -> None:
        mode = self.policy.options.reopen
        resolution = self.tracks.get("resolution")
        if resolution is not None and resolution.open is None:
            last = resolution.cycles[-1] if resolution.cycles else None
            if mode == "resume" and last is not None and last.outcome == "met":
                last.reopen(t)
                resolution.open = last
            else:
                self._start(resolution, t)
        if mode == "restart":
            first = self.tracks.get("first_response")
            if first is not None:
                self._end(first, t, "restarted")
                self._start(first, t)


# =========================================================================== measuring


class _Measure:
    """A cycle with its target applied, at an instant ``now`` (UTC microseconds)."""

    __slots__ = (
        "_holds",
        "_paused",
        "breached_at",
        "budget",
        "counting",
        "cycle",
        "due",
        "priority",
        "state",
        "target",
        "used",
    )

    def __init__(
        self, cycle: _Cycle, target: Target, priority: str, now: int, accounting: str
    ) -> None:
        self.cycle = cycle
        self.target = target
        self.priority = priority
        engine = target.calendar._engine
        elapsed = engine.elapsed
        end = cycle.end
        since = cycle.since
        counting = end is None and cycle.hold is None
        self.counting = counting
        budget = _budget_us(target, cycle.start)
        self.budget = budget
        runs = cycle.runs
        holds = cycle.holds
        if end is None:
            if now > since:
                # The open period up to `now` counts (or is held) like a finished one.
                if counting:
                    runs = [*runs, (since, now)]
                else:
                    holds = [*holds, (since, now, cycle.hold or "")]
            end = now
        self._holds = holds
        self._paused: int | None = None
        due: int | None = None
        if accounting == "wall":
            due = engine.add(cycle.start, budget) if budget > 0 else cycle.start
            for a, b, _ in holds:
                if a < due:
                    due += b - a
            used = budget - elapsed(end, due) if end <= due else budget + elapsed(due, end)
        else:
            used = 0
            for a, b in runs:
                span = elapsed(a, b)
                if due is None and used + span >= budget:
                    left = budget - used
                    due = engine.add(a, left) if left > 0 else a
                used += span
            if due is None:
                left = budget - used
                if cycle.end is not None:
                    due = engine.add(cycle.end, left)
                elif counting:
                    due = engine.add(max(now, since), left) if left > 0 else now
        self.used = used
        if used > budget:
            self.state: MetricState = "breached"
            self.breached_at = due
        else:
            self.breached_at = None
            if cycle.end is not None:
                self.state = "met" if cycle.outcome == "met" else "cancelled"
            elif counting:
                self.state = "running"
            else:
                self.state = "paused"
                due = None
        self.due = due

    @property
    def paused(self) -> int:
        """Business time in which the cycle's clock was held (computed when first asked)."""
        if self._paused is None:
            elapsed = self.target.calendar._engine.elapsed
            self._paused = sum(elapsed(a, b) for a, b, _ in self._holds)
        return self._paused


def _breached_before(cycle: _Cycle, check: _Check, target: Target, accounting: str) -> int | None:
    """When a cycle as it stood at a checkpoint had breached `target`, or None. Most are
    well inside their budget, which their counted time alone shows."""
    at, _, runs, _, since, hold = check
    if accounting != "wall":
        budget = _budget_us(target, cycle.start)
        elapsed = target.calendar._engine.elapsed
        used = sum(elapsed(a, b) for a, b in cycle.runs[:runs])
        if hold is None and at > since:
            used += elapsed(since, at)
        if used <= budget:
            return None
    return _Measure(cycle.as_of(check), target, "", at, accounting).breached_at


def _keep_earlier_breach(
    measure: _Measure,
    checks: list[_Check],
    metric: str,
    targets: Callable[[str], Mapping[str, Target] | None],
    accounting: str,
) -> None:
    """Sticky breach under retarget: a cycle that had breached its target before a priority
    change stays breached (from that earlier instant), even if the new target is longer."""
    for check in checks:
        found = targets(check[1])
        old = None if found is None else found.get(metric)
        if old is None or old is measure.target:
            continue  # the same target breaches at the same instant now as it did then
        breached_at = _breached_before(measure.cycle, check, old, accounting)
        if breached_at is not None:
            if measure.breached_at is None or breached_at < measure.breached_at:
                measure.breached_at = breached_at
            measure.state = "breached"
            return


def _budget_us(target: Target, start: int) -> int:
    """A target's budget as open time from `start`: fixed budgets are precomputed, business
    days are resolved against the calendar at `start`."""
    if target._fixed_us is not None:
        return target._fixed_us
    budget = target.budget
    assert isinstance(budget, BusinessDays)
    calendar = target.calendar
    if budget.meaning == "close":
        due = calendar._close_of_business_day_us(start, budget.days)
    else:
        due = calendar._add_business_days_us(start, budget.days)
    return calendar._engine.elapsed(start, due)


# =========================================================================== results


def _dt(us: int | None, zone: tzinfo) -> datetime | None:
    return None if us is None else from_us(us, zone)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _seconds(us: int) -> float:
    return us / 1_000_000


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of a metric's explanation: a period or a moment, and why it counted or not."""

    start: datetime
    end: datetime | None
    kind: Literal["counted", "closed", "paused", "event"]
    business_seconds: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "start": self.start.isoformat(),
            "end": _iso(self.end),
            "kind": self.kind,
            "business_seconds": self.business_seconds,
            "reason": self.reason,
        }


class CycleStatus:
    """One cycle of a metric (a response awaited, a resolution, an update period)."""

    __slots__ = ("_m", "_zone")

    def __init__(self, measure: _Measure, zone: tzinfo) -> None:
        self._m = measure
        self._zone = zone

    @property
    def number(self) -> int:
        """1 for the first cycle."""
        return self._m.cycle.number

    @property
    def state(self) -> MetricState:
        """The cycle's own state."""
        return self._m.state

    @property
    def priority(self) -> str:
        """The priority whose target the cycle was measured against."""
        return self._m.priority

    @property
    def outcome(self) -> str | None:
        """How the cycle ended: met, cancelled, restarted, reset; None while open."""
        return self._m.cycle.outcome

    @property
    def started_at(self) -> datetime:
        """When the cycle's clock started."""
        return from_us(self._m.cycle.start, self._zone)

    @property
    def due_at(self) -> datetime | None:
        """The deadline (None while paused)."""
        return _dt(self._m.due, self._zone)

    @property
    def ended_at(self) -> datetime | None:
        """When the cycle ended (met, cancelled, restarted)."""
        return _dt(self._m.cycle.end, self._zone)

    @property
    def met_at(self) -> datetime | None:
        """When the cycle was met (also when met late)."""
        return self.ended_at if self._m.cycle.outcome == "met" else None

    @property
    def breached_at(self) -> datetime | None:
        """When the budget ran out, for a breached cycle."""
        return _dt(self._m.breached_at, self._zone)

    @property
    def budget(self) -> timedelta:
        """The business time the cycle allowed."""
        return timedelta(microseconds=self._m.budget)

    @property
    def elapsed(self) -> timedelta:
        """Business time counted."""
        return timedelta(microseconds=self._m.used)

    @property
    def paused(self) -> timedelta:
        """Business time in which the clock was held."""
        return timedelta(microseconds=self._m.paused)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "number": self.number,
            "state": self.state,
            "priority": self.priority,
            "outcome": self.outcome,
            "started_at": self.started_at.isoformat(),
            "due_at": _iso(self.due_at),
            "met_at": _iso(self.met_at),
            "breached_at": _iso(self.breached_at),
            "budget_seconds": _seconds(self._m.budget),
            "elapsed_seconds": _seconds(self._m.used),
            "paused_seconds": _seconds(self._m.paused),
        }


class MetricStatus:
    """Where one metric of a ticket stands at the evaluated instant, and why."""

    __slots__ = (
        "_cycles",
        "_first_breach",
        "_marks",
        "_metric",
        "_now",
        "_state",
        "_target",
        "_warn",
        "_zone",
    )

    def __init__(
        self,
        metric: str,
        measures: list[_Measure],
        target: Target | None,
        now: int,
        zone: tzinfo,
        warn_at: tuple[float, ...],
        sticky: bool,
        marks: list[tuple[int, str]],
    ) -> None:
        self._metric = metric
        self._cycles = measures
        self._target = target
        self._now = now
        self._zone = zone
        self._marks = marks
        current = measures[-1] if measures else None
        first_breach = None
        for m in measures:
            if m.breached_at is not None:
                first_breach = m.breached_at
                break
        self._first_breach = first_breach if sticky else (current.breached_at if current else None)
        if current is None:
            self._state: MetricState = "pending"
        elif sticky and first_breach is not None:
            self._state = "breached"
        else:
            self._state = current.state
        self._warn: int | None = None
        if current is not None and current.state == "running" and current.counting:
            engine = current.target.calendar._engine
            for fraction in warn_at:
                threshold = int(current.budget * fraction)
                if current.used < threshold:
                    self._warn = engine.add(max(now, current.cycle.since), threshold - current.used)
                    break

    @property
    def metric(self) -> str:
        """The metric's name."""
        return self._metric

    @property
    def state(self) -> MetricState:
        """pending, running, paused, met, breached (sticky by default) or cancelled."""
        return self._state

    @property
    def target(self) -> Target | None:
        """The target of the current cycle (or of the ticket's priority while pending)."""
        return self._cycles[-1].target if self._cycles else self._target

    @property
    def cycles(self) -> tuple[CycleStatus, ...]:
        """Every cycle, oldest first."""
        return tuple(CycleStatus(m, self._zone) for m in self._cycles)

    @property
    def current(self) -> CycleStatus | None:
        """The latest cycle (None while pending)."""
        return CycleStatus(self._cycles[-1], self._zone) if self._cycles else None

    def _cur(self) -> _Measure | None:
        return self._cycles[-1] if self._cycles else None

    @property
    def started_at(self) -> datetime | None:
        """When the current cycle started."""
        m = self._cur()
        return None if m is None else from_us(m.cycle.start, self._zone)

    @property
    def due_at(self) -> datetime | None:
        """The current cycle's deadline; None while paused or pending."""
        m = self._cur()
        return None if m is None else _dt(m.due, self._zone)

    @property
    def met_at(self) -> datetime | None:
        """When the current cycle was met."""
        m = self._cur()
        if m is None or m.cycle.outcome != "met":
            return None
        return _dt(m.cycle.end, self._zone)

    @property
    def breached_at(self) -> datetime | None:
        """When the budget ran out (the first breach of any cycle, breach being sticky)."""
        return _dt(self._first_breach, self._zone)

    @property
    def elapsed(self) -> timedelta:
        """Business time counted in the current cycle."""
        m = self._cur()
        return timedelta(microseconds=0 if m is None else m.used)

    @property
    def paused(self) -> timedelta:
        """Business time in which the current cycle's clock was held."""
        m = self._cur()
        return timedelta(microseconds=0 if m is None else m.paused)

    @property
    def remaining(self) -> timedelta | None:
        """Budget left in the current cycle: negative when overdue; None while pending."""
        m = self._cur()
        return None if m is None else timedelta(microseconds=m.budget - m.used)

    @property
    def percent_used(self) -> float | None:
        """Share of the current cycle's budget used, in percent."""
        m = self._cur()
        if m is None or m.budget <= 0:
            return None
        return round(100 * m.used / m.budget, 2)

    @property
    def next_warning_at(self) -> datetime | None:
        """When the next warning threshold is crossed, if the clock keeps running."""
        return _dt(self._warn, self._zone)

    def _next_change(self) -> int | None:
        m = self._cur()
        candidates = [self._warn] if self._warn is not None else []
        if m is not None and m.state == "running" and m.counting and m.due is not None:
            if m.due > self._now:
                candidates.append(m.due)
            else:
                # At the deadline itself nothing has changed yet (a reply now is in time): the
                # breach begins one microsecond of open time later. A deadline in the past
                # with the budget not yet exceeded means the clock was held from the instant
                # the budget ran out until now: the breach begins when it next counts.
                candidates.append(m.target.calendar._engine.add(max(m.due, self._now), 1))
        later = [c for c in candidates if c >= self._now]
        return min(later) if later else None

    @property
    def ledger(self) -> tuple[LedgerEntry, ...]:
        """Every period of every cycle, with whether it counted and why (built on demand)."""
        return tuple(_ledger(self._cycles, self._marks, self._now, self._zone))

    def to_dict(self, *, ledger: bool = True) -> dict[str, Any]:
        """The JSON form, with the field names of the design."""
        target = self.target
        out: dict[str, Any] = {
            "metric": self.metric,
            "state": self.state,
            "target": None if target is None else format_duration(target.budget),
            "calendar": None if target is None else target.calendar_name,
            "started_at": _iso(self.started_at),
            "due_at": _iso(self.due_at),
            "met_at": _iso(self.met_at),
            "breached_at": _iso(self.breached_at),
            "elapsed_seconds": self.elapsed.total_seconds(),
            "paused_seconds": self.paused.total_seconds(),
            "remaining_seconds": None if self.remaining is None else self.remaining.total_seconds(),
            "percent_used": self.percent_used,
            "next_warning_at": _iso(self.next_warning_at),
            "cycles": [c.to_dict() for c in self.cycles],
        }
        if ledger:
            out["ledger"] = [e.to_dict() for e in self.ledger]
        return out

    def __repr__(self) -> str:
        return (
            f"MetricStatus({self.metric!r}, state={self.state!r},"
            f" due_at={_iso(self.due_at)!r}, remaining={self.remaining!r})"
        )


def _ledger(
    measures: list[_Measure], marks: list[tuple[int, str]], now: int, zone: tzinfo
) -> Iterator[LedgerEntry]:
    rows: list[tuple[int, int, LedgerEntry]] = []
    for m in measures:
        cycle = m.cycle
        calendar = m.target.calendar
        engine = calendar._engine
        runs = list(cycle.runs)
        holds = list(cycle.holds)
        if cycle.end is None and now > cycle.since:
            if cycle.hold is None:
                runs.append((cycle.since, now))
            else:
                holds.append((cycle.since, now, cycle.hold))
        label = m.target.metric.replace("_", " ")
        if len(measures) > 1:
            label += f" (cycle {cycle.number})"
        rows.append(
            (
                cycle.start,
                0,
                LedgerEntry(
                    from_us(cycle.start, zone),
                    None,
                    "event",
                    0.0,
                    f"{label} started ({m.target.describe()})",
                ),
            )
        )
        for a, b in runs:
            for kind, s, e, secs, why in _split(engine, calendar, a, b):
                rows.append(
                    (s, 1, LedgerEntry(from_us(s, zone), from_us(e, zone), kind, secs, why))
                )
        for a, b, why in holds:
            secs = _seconds(engine.elapsed(a, b))
            rows.append(
                (
                    a,
                    1,
                    LedgerEntry(
                        from_us(a, zone),
                        from_us(b, zone),
                        "paused",
                        secs,
                        f"{why}: {format_timedelta(timedelta(seconds=secs))} of business"
                        " time not counted",
                    ),
                )
            )
        if m.breached_at is not None:
            rows.append(
                (
                    m.breached_at,
                    2,
                    LedgerEntry(
                        from_us(m.breached_at, zone),
                        None,
                        "event",
                        0.0,
                        f"{label} breached: budget used up",
                    ),
                )
            )
        if cycle.end is not None:
            rows.append(
                (
                    cycle.end,
                    3,
                    LedgerEntry(
                        from_us(cycle.end, zone), None, "event", 0.0, f"{label} {cycle.outcome}"
                    ),
                )
            )
    first = measures[0].cycle.start if measures else now
    for t, text in marks:
        if first <= t <= now and not text.startswith("ticket created"):
            rows.append((t, 2, LedgerEntry(from_us(t, zone), None, "event", 0.0, text)))
    rows.sort(key=lambda r: (r[0], r[1]))
    for _, _, entry in rows:
        yield entry


def _split(
    engine: _Engine, calendar: BusinessCalendar, a: int, b: int
) -> Iterator[tuple[Literal["counted", "closed"], int, int, float, str]]:
    cursor = a
    for s, e in engine.spans(a, b):
        if s > cursor:
            yield "closed", cursor, s, 0.0, _closed_reason(calendar, cursor, s)
        yield "counted", s, e, _seconds(e - s), "open hours"
        cursor = e
    if cursor < b:
        yield "closed", cursor, b, 0.0, _closed_reason(calendar, cursor, b)


def _closed_reason(calendar: BusinessCalendar, a: int, b: int) -> str:
    first = from_us(a, calendar.zone).date()
    last = from_us(b - 1, calendar.zone).date()
    named = calendar.holidays_between(first, last)
    if named:
        listed = ", ".join(f"{day.isoformat()} {name}" for day, name in named.items())
        return f"calendar closed (holiday or closed date: {listed})"
    return "outside working hours"


@dataclass(frozen=True, slots=True)
class TicketStatus:
    """A ticket evaluated at an instant: the policy chosen and why, and every metric."""

    now: datetime
    policy: SlaPolicy | None
    reasons: tuple[str, ...]
    metrics: tuple[MetricStatus, ...]
    ticket: str | None = None

    def metric(self, name: str) -> MetricStatus:
        """The status of one metric, by name."""
        for m in self.metrics:
            if m.metric == name:
                return m
        raise KeyError(
            f"no metric {name!r} for this ticket; it has: "
            f"{', '.join(m.metric for m in self.metrics) or 'none'}"
        )

    @property
    def next_change_at(self) -> datetime | None:
        """The next instant at which a state changes (a warning or a breach), so a host
        can schedule one wake-up instead of rescanning every open ticket."""
        found = [c for m in self.metrics if (c := m._next_change()) is not None]
        if not found:
            return None
        zone = self.policy.calendar.zone if self.policy else self.now.tzinfo
        assert zone is not None
        return from_us(min(found), zone)

    def to_dict(self, *, ledger: bool = True) -> dict[str, Any]:
        """The JSON form: policy and why, metrics, next_change_at."""
        out: dict[str, Any] = {}
        if self.ticket is not None:
            out["ticket"] = self.ticket
        out.update(
            {
                "now": self.now.isoformat(),
                "policy": None if self.policy is None else self.policy.name,
                "why": list(self.reasons),
                "metrics": {m.metric: m.to_dict(ledger=ledger) for m in self.metrics},
                "next_change_at": _iso(self.next_change_at),
            }
        )
        return out

    def to_json(self, *, ledger: bool = True) -> str:
        """`to_dict` as a JSON line."""
        return json.dumps(self.to_dict(ledger=ledger), ensure_ascii=False)


# =========================================================================== evaluation


def _policy_set(policies: PolicySet | SlaPolicy) -> PolicySet:
    if isinstance(policies, SlaPolicy):
        return PolicySet((policies,), {})
    if isinstance(policies, PolicySet):
        return policies
    raise TypeError(f"policies must be a PolicySet or SlaPolicy, got {type(policies).__name__}")


def _select(
    policies: PolicySet, timeline: Timeline, now: datetime
) -> tuple[SlaPolicy | None, tuple[str, ...]]:
    created = timeline.created
    selection = policies.select(
        priority=str(created.priority),
        attributes=created.attributes or {},
        created_at=created.at,
        now=now,
    )
    return selection.policy, selection.reasons


def _result(
    walker: _Walker | None,
    policy: SlaPolicy | None,
    reasons: tuple[str, ...],
    now: datetime,
    now_us: int,
    ticket: str | None,
) -> TicketStatus:
    if walker is None or policy is None:
        return TicketStatus(now, policy, reasons, (), ticket)
    options = policy.options
    zone = policy.calendar.zone
    plan = walker.plan
    targets = plan.targets
    accounting = plan.accounting
    current = targets(walker.priority)
    if current is None:
        reasons = (
            *reasons,
            f"policy {policy.name!r} has no targets for priority {walker.priority!r}"
            " (unknown_priority: no_targets)",
        )
    retarget = options.priority_change == "retarget"
    statuses: list[MetricStatus] = []
    for name, track in walker.tracks.items():
        measures: list[_Measure] = []
        for cycle in track.cycles:
            if retarget:
                priority = cycle.prio_end if cycle.prio_end is not None else walker.priority
            else:
                priority = cycle.prio_start
            found = targets(priority)
            target = None if found is None else found.get(name)
            if target is not None:
                measure = _Measure(cycle, target, priority, now_us, accounting)
                if cycle.checks and retarget:
                    _keep_earlier_breach(measure, cycle.checks, name, targets, accounting)
                measures.append(measure)
        pending_target = None if current is None else current.get(name)
        if not measures and pending_target is None:
            continue
        statuses.append(
            MetricStatus(
                name,
                measures,
                pending_target,
                now_us,
                zone,
                policy.warn_at,
                options.sticky_breach,
                walker.marks,
            )
        )
    return TicketStatus(now, policy, reasons, tuple(statuses), ticket)


def evaluate(
    policies: PolicySet | SlaPolicy,
    events: Iterable[TicketEvent] | Timeline,
    now: datetime,
    *,
    ticket: str | None = None,
) -> TicketStatus:
    """Evaluate a ticket's events at the instant `now` (events after `now` are not seen).

    Raises `TimelineError` for a bad log and `PolicyError` when the chosen policy has no
    targets for the ticket's priority (unless it says ``unknown_priority: no_targets``).
    """
    return _evaluate(_policy_set(policies), events, now, to_us(now, "now"), ticket)


def _evaluate(
    policy_set: PolicySet,
    events: Iterable[TicketEvent] | Timeline,
    now: datetime,
    now_us: int,
    ticket: str | None,
) -> TicketStatus:
    timeline = Timeline.of(events)
    policy, reasons = _select(policy_set, timeline, now)
    if policy is None:
        return TicketStatus(now, None, reasons, (), ticket)
    created_us = timeline.instants[0]
    if created_us > now_us:
        return TicketStatus(
            now,
            policy,
            (*reasons, "the ticket is created after the evaluated instant"),
            (),
            ticket,
        )
    walker = _Walker(policy, timeline.created, created_us)
    walker.plan.targets(walker.priority)
    for event, at in zip(timeline.events[1:], timeline.instants[1:], strict=True):
        if at > now_us:
            break
        walker.feed(event, at)
    return _result(walker, policy, reasons, now, now_us, ticket)


def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
) -> Iterator[TicketStatus]:
    """Evaluate tickets one after another, lazily: memory stays flat in the number of tickets.

    Each item is a ticket's events, or a ``(ticket_id, events)`` pair. An error names the
    ticket (its id, or its position in the stream).
    """
    policy_set = _policy_set(policies)
    now_us = to_us(now, "now")
    for position, item in enumerate(tickets):
        ticket: str | None = None
        events: Iterable[TicketEvent]
        if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[0], TicketEvent):
            ticket, events = item
        else:
            events = item
        try:
            yield _evaluate(policy_set, events, now, now_us, ticket)
        except (TimelineError, PolicyError) as exc:
            name = f"ticket {ticket!r}" if ticket is not None else f"ticket #{position}"
            raise type(exc)(f"{name}: {exc}") from None


def evaluate_jsonl(
    policies: PolicySet | SlaPolicy, lines: Iterable[str], now: datetime
) -> Iterator[TicketStatus]:
    """Evaluate a JSON-lines stream of events grouped by their ``ticket`` field."""
    return evaluate_many(policies, read_jsonl(lines), now)


# =========================================================================== incremental


class SlaClock:
    """The incremental clock a host keeps beside a ticket.

    `apply` takes events one at a time; an event later than every one before continues
    from where the clock stood, an earlier (late-arriving) one replays the log. `status`
    always equals `evaluate` over the same events. `to_json` / `from_json` store and
    restore it (the policies travel separately: pass the same set when restoring).
    """

    __slots__ = ("_events", "_ids", "_instants", "_policies", "_policy", "_reasons", "_walker")

    def __init__(self, policies: PolicySet | SlaPolicy, events: Iterable[TicketEvent] = ()) -> None:
        self._policies = _policy_set(policies)
        self._events: list[TicketEvent] = []
        self._instants: list[int] = []
        self._ids: dict[str, TicketEvent] = {}
        self._walker: _Walker | None = None
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
        _check(event, len(self._events))
        at = _instant(event, len(self._events))
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
        policy, reasons = _select(self._policies, timeline, created.at)
        self._policy, self._reasons = policy, reasons
        if policy is None:
            self._walker = None
            return
        try:
            _plan(policy).targets(str(created.priority))
        except PolicyError:
            self._walker = None  # status() re-raises it through evaluate()
            return
        walker = _Walker(policy, created, timeline.instants[0])
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
        return _result(self._walker, self._policy, self._reasons, now, now_us, None)

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
