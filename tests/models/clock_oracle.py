"""A slow, obviously right reference model of `slaclock.clock.evaluate`.

It steps through time one whole UTC minute at a time, from the ticket's creation to ``now``.
At each minute boundary it applies the events of that instant, in the normalised order; then
it writes down, for every open cycle of every metric, whether the cycle's clock counts in the
following minute or is held (the ticket resolved, a pause status that applies to the metric).
Budgets and calendars are applied only at the end, from the plain definitions of
docs/concepts/sla-clock.md:

- *elapsed* = the minutes in which the cycle counted and its target's calendar was open;
- *paused* = the minutes in which it was held and the calendar was open;
- *due_at* = the instant at which the counted total reaches the budget, if the clock keeps
  counting after the cycle's end or after ``now``; None while the cycle is held;
- *breached* once elapsed is more than the budget; *breached_at* is that deadline.

It is written from the spec, not from `slaclock.clock`, and reads the policy from the plain
dict that `PolicySet.from_dict` also reads (the shape `clock_strategies` generates). The one
thing it trusts is `BusinessCalendar.is_open`, already tested against its own oracle.

Every instant must lie on a whole UTC minute, and so must the calendars' opening hours and
their zones' offsets (Europe/Berlin, America/New_York, UTC), so that a minute is wholly
open or wholly closed. Under ``pause_rounding: minute`` a status change may lie inside a
minute: it takes effect at the start of that minute (`pauses_on_minutes`). The one policy's
``match`` is read in its plain forms; under ``selection: on_change`` the policy is the
ticket's when it matches the priority and attributes as they last changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import Any

from slaclock import BusinessCalendar, PolicyError
from slaclock.events import TicketEvent
from slaclock.policy.presets import PRESETS

MINUTE_US = 60_000_000
DAY_MINUTES = 1440
#: How far past ``now`` (or a cycle's end) the model looks for a deadline before giving up.
SEARCH_MINUTES = 60 * DAY_MINUTES

RESOLVED = "resolved"
BUILTIN = ("first_response", "next_response", "periodic_update", "resolution")


class OracleError(Exception):
    """The case is outside what the model handles (not a verdict on the engine)."""


# --------------------------------------------------------------------------- open minutes


class OpenMinutes:
    """Whether a calendar is open in the minute starting at a whole UTC minute.

    Rows of one UTC day are computed with `BusinessCalendar.is_open` and cached.
    """

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.rows: dict[int, bytes] = {}

    def __call__(self, minute: int) -> bool:
        day, i = divmod(minute, DAY_MINUTES)
        row = self.rows.get(day)
        if row is None:
            first = day * DAY_MINUTES
            row = bytes(
                self.calendar.is_open(datetime.fromtimestamp((first + j) * 60, UTC))
                for j in range(DAY_MINUTES)
            )
            self.rows[day] = row
        return bool(row[i])


_OPEN: dict[BusinessCalendar, OpenMinutes] = {}


def open_minutes(calendar: BusinessCalendar) -> OpenMinutes:
    """The shared cache of open minutes for a calendar (equal calendars share it)."""
    found = _OPEN.get(calendar)
    if found is None:
        if len(_OPEN) > 64:
            _OPEN.clear()
        found = _OPEN[calendar] = OpenMinutes(calendar)
    return found


def minute_of(t: datetime) -> int:
    """A whole-minute instant as minutes since 1970-01-01T00:00Z."""
    if t.tzinfo is None:
        raise OracleError(f"naive instant {t!r}")
    seconds = (t - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(seconds=1)
    if seconds % 60 or t.microsecond:
        raise OracleError(f"{t.isoformat()} is not on a whole minute")
    return seconds // 60


def instant(us: int) -> datetime:
    """UTC microseconds since the epoch as an aware UTC datetime."""
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=us)


# --------------------------------------------------------------------------- the policy


_BUDGET = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?$")


def budget_us(text: str) -> int:
    """A budget written as ``90m``, ``2h`` or ``1h30m``, in microseconds."""
    found = _BUDGET.match(text)
    if found is None or not text:
        raise OracleError(f"the model reads budgets such as '1h30m', not {text!r}")
    hours, minutes = int(found[1] or 0), int(found[2] or 0)
    return (hours * 60 + minutes) * MINUTE_US


def wait_us(text: str) -> int:
    """A wait written as ``0m``, ``90m`` or ``1h30m``, in microseconds (zero allowed)."""
    return 0 if text in ("0m", "0s", "0h") else budget_us(text)


@dataclass(frozen=True)
class OTarget:
    """A budget (microseconds) and the calendar it is counted in; with a wait (``after``),
    the minutes it waits on ``after_calendar`` before that calendar counts."""

    budget: int
    calendar: BusinessCalendar
    after: int | None = None
    after_calendar: BusinessCalendar | None = None


class WaitingMinutes(OpenMinutes):
    """A target's open minutes when it waits (``after``): none before the minute the wait
    ends, which is found by counting `wait` open minutes of the wait calendar from `start`
    and then taking its next open minute."""

    def __init__(
        self, calendar: BusinessCalendar, wait_on: BusinessCalendar, wait: int, start: int
    ) -> None:
        super().__init__(calendar)
        self.inner = open_minutes(calendar)
        waiting = open_minutes(wait_on)
        minute, left = start, wait
        while left > 0:
            if waiting(minute):
                left -= 1
            minute += 1
        self.begins = first_open(minute, waiting)

    def __call__(self, minute: int) -> bool:
        return minute >= self.begins and self.inner(minute)


def minutes_of(target: OTarget, start: int) -> OpenMinutes:
    """The open minutes a cycle that starts at minute `start` counts under `target`."""
    if target.after is None or target.after_calendar is None:
        return open_minutes(target.calendar)
    if target.after % MINUTE_US:
        raise OracleError("the model waits whole minutes")
    return WaitingMinutes(target.calendar, target.after_calendar, target.after // MINUTE_US, start)


@dataclass
class OPolicy:
    """The parts of one policy of a policy dict that the model needs."""

    targets: dict[str, dict[str, OTarget]]
    metrics: list[str]
    pause_rules: list[tuple[frozenset[str], frozenset[str] | None]]
    warn_at: list[Fraction]
    priority_change: str
    reopen: str
    sticky: bool
    unknown_priority: str
    accounting: str
    #: custom metrics (start / stop / pause / resume conditions): name -> its definition
    custom: dict[str, dict[str, Any]]
    #: the options of peer presets (docs/guide/writing-a-policy.md, "Options")
    breach_at: str = "after_due"
    start_rounding: str = "none"
    due_on_close: str = "at_close"
    met_due: str = "kept"
    paused_due: str = "none"
    reported_start: str = "created"
    first_response_met_by: frozenset[str] = frozenset()
    pause_rounding: str = "none"
    selection: str = "at_creation"
    next_response_arming: str = "any_message"
    #: the policy's ``match`` rules: attribute (or ``priority``) -> the values it accepts
    match: dict[str, list[Any]] = field(default_factory=dict)
    first_response_statuses: frozenset[str] = frozenset()
    periodic_update_disarm: str = "never"
    resolved_due: str = "as_paused"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> OPolicy:
        (written,) = config["policies"]
        # A preset is a plain mapping of options (read from the registry, which is data);
        # what the policy writes wins.
        preset = written.get("preset")
        policy = {**(PRESETS[preset].settings if preset else {}), **written}
        known = config.get("calendars", {})

        def calendar(name: str) -> BusinessCalendar:
            if name == "24x7":
                return BusinessCalendar.always()
            spec = known[name]
            if spec == "24x7":
                return BusinessCalendar.always()
            return BusinessCalendar.from_config(spec)

        custom: dict[str, dict[str, Any]] = {}
        for name, spec in policy.get("metrics", {}).items():
            if not set(spec) <= {"start", "stop", "pause", "resume"}:
                raise OracleError(f"the model knows start/stop/pause/resume, not {spec!r}")
            custom[name] = spec
        targets: dict[str, dict[str, OTarget]] = {}
        for priority, entries in policy["targets"].items():
            default = calendar(entries.get("calendar", policy["calendar"]))
            found: dict[str, OTarget] = {}
            for metric, value in entries.items():
                if metric == "calendar":
                    continue
                if isinstance(value, str):
                    found[metric] = OTarget(budget_us(value), default)
                else:
                    after = value.get("after")
                    found[metric] = OTarget(
                        budget_us(value["within"]),
                        calendar(
                            value.get("calendar", entries.get("calendar", policy["calendar"]))
                        ),
                        None if after is None else wait_us(after),
                        None
                        if after is None
                        else calendar(value.get("after_calendar", policy["calendar"])),
                    )
            targets[priority] = found
        named = {m for entries in targets.values() for m in entries}
        metrics = [m for m in BUILTIN if m in named] + list(custom)
        rules: list[tuple[frozenset[str], frozenset[str] | None]] = []
        if policy.get("pause_on"):
            rules.append((frozenset(policy["pause_on"]), None))
        for rule in policy.get("pause", []):
            scope = rule.get("metrics")
            rules.append((frozenset(rule["statuses"]), None if scope is None else frozenset(scope)))
        return cls(
            targets=targets,
            metrics=metrics,
            pause_rules=rules,
            warn_at=sorted({Fraction(str(f)) for f in policy.get("warn_at", [])}),
            priority_change=policy.get("priority_change", "retarget"),
            reopen=policy.get("reopen", "resume"),
            sticky=policy.get("sticky_breach", True),
            unknown_priority=policy.get("unknown_priority", "error"),
            accounting=policy.get("pause_accounting", "business"),
            custom=custom,
            breach_at=policy.get("breach_at", "after_due"),
            start_rounding=policy.get("start_rounding", "none"),
            due_on_close=policy.get("due_on_close", "at_close"),
            met_due=policy.get("met_due", "kept"),
            paused_due=policy.get("paused_due", "none"),
            reported_start=policy.get("reported_start", "created"),
            first_response_met_by=frozenset(policy.get("first_response_met_by", ())),
            pause_rounding=policy.get("pause_rounding", "none"),
            selection=policy.get("selection", "at_creation"),
            next_response_arming=policy.get("next_response_arming", "any_message"),
            match=match_rules(policy.get("match", {})),
            first_response_statuses=frozenset(policy.get("first_response_statuses", ())),
            periodic_update_disarm=policy.get("periodic_update_disarm", "never"),
            resolved_due=policy.get("resolved_due", "as_paused"),
        )

    def matches(self, priority: str, attributes: Mapping[str, Any]) -> bool:
        """Whether the ticket's priority and attributes meet every ``match`` rule."""
        scope = {**attributes, "priority": priority}
        return all(scope.get(key) in values for key, values in self.match.items())

    def chosen(self, timeline: Sequence[TicketEvent], now_minute: int) -> bool:
        """Whether the policy is the ticket's at ``now``: it matched at creation, or, under
        ``selection: on_change``, it matches the priority and attributes as they last
        changed (the one policy of the file is chosen again after every change)."""
        created = timeline[0]
        assert created.priority is not None
        priority, attributes = created.priority, dict(created.attributes or {})
        if self.selection == "on_change":
            for event in timeline[1:]:
                if minute_of(event.at) > now_minute:
                    break
                if event.type == "priority_changed" and event.priority is not None:
                    priority = event.priority
                elif event.type == "attribute_changed":
                    for key, value in (event.attributes or {}).items():
                        if value is None:
                            attributes.pop(key, None)
                        else:
                            attributes[key] = value
        return self.matches(priority, attributes)

    def targets_for(self, priority: str) -> dict[str, OTarget] | None:
        found = self.targets.get(priority)
        if found is None:
            found = self.targets.get("*")
        if found is None and self.unknown_priority == "error":
            raise PolicyError(f"no targets for priority {priority!r}")
        return found

    def pauses(self, status: str | None, metric: str) -> bool:
        if status is None:
            return False
        return any(
            status in statuses and (scope is None or metric in scope)
            for statuses, scope in self.pause_rules
        )


def match_rules(spec: Mapping[str, Any]) -> dict[str, list[Any]]:
    """A policy's ``match``, in the forms the model reads: a value or a list of values."""
    rules: dict[str, list[Any]] = {}
    for key, wanted in spec.items():
        if isinstance(wanted, dict):
            raise OracleError(f"the model reads match values and lists, not {wanted!r}")
        rules[key] = list(wanted) if isinstance(wanted, list) else [wanted]
    return rules


def pauses_on_minutes(events: Sequence[TicketEvent], now: datetime) -> list[TicketEvent]:
    """``pause_rounding: minute`` for timelines whose status changes fall inside a minute:
    a status change holds or frees the clock from the start of its minute. The events are
    put in their documented order (repeated ids dropped, then by instant and
    `same_instant_order`), those after ``now`` left out, each status change moved to the
    start of its minute, and numbered with ``seq`` so that `normalise` keeps that order.
    Every other event must lie on a whole minute."""
    seen: set[str] = set()
    kept: list[TicketEvent] = []
    for event in events:
        if event.id is not None:
            if event.id in seen:
                continue
            seen.add(event.id)
        if event.type != "status_changed":
            minute_of(event.at)  # raises for an instant inside a minute
        kept.append(event)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    kept.sort(key=lambda e: ((e.at - epoch) // timedelta(microseconds=1), *same_instant_order(e)))
    return [
        replace(event, at=event.at.replace(second=0, microsecond=0), seq=index, id=None)
        for index, event in enumerate(kept)
        if event.at <= now
    ]


def condition(spec: Mapping[str, Any], context: Mapping[str, str | None]) -> bool:
    """A custom metric's condition: every entry holds (``event``, ``status``, ``group``,
    ``priority`` as a value or a list; ``not``; ``any``; ``all``)."""
    for key, wanted in spec.items():
        if key == "not":
            if condition(wanted, context):
                return False
        elif key == "any":
            if not any(condition(c, context) for c in wanted):
                return False
        elif key == "all":
            if not all(condition(c, context) for c in wanted):
                return False
        elif key in context:
            values = wanted if isinstance(wanted, list) else [wanted]
            if context[key] not in values:
                return False
        else:
            raise OracleError(f"the model does not read condition entry {key!r}")
    return True


def is_state(spec: Mapping[str, Any]) -> bool:
    """A condition without ``event`` looks at the ticket's state only: it holds over time."""
    return "event" not in spec and all(
        is_state(inner)
        for key, value in spec.items()
        if key in ("not", "any", "all")
        for inner in (value if isinstance(value, list) else [value])
    )


# --------------------------------------------------------------------------- the walk


@dataclass
class OCycle:
    """One cycle: where it started and ended, and one mark per minute of its life."""

    number: int
    start: int
    prio_start: str
    end: int | None = None
    outcome: str | None = None
    prio_end: str | None = None
    #: one entry per minute from `start` to the end (or now): True = counting, False = held
    minutes: list[bool] = field(default_factory=list)
    counting_now: bool = False
    #: retarget checkpoints: (priority before a change, minutes of life at the change)
    checks: list[tuple[str, int]] = field(default_factory=list)
    #: a next response's customer messages (minutes), from the one that armed it
    messages: list[int] = field(default_factory=list)
    #: the minute from which the ticket, resolved, has held the cycle: the resolve, or the
    #: cycle's start when it began while resolved (None while the ticket is open; an ended
    #: cycle keeps what it had when it ended)
    resolved_from: int | None = None


@dataclass
class OTicket:
    """The ticket's state while the model walks through its minutes."""

    policy: OPolicy
    priority: str
    status: str | None
    group: str | None
    resolved: bool = False
    closed: bool = False
    #: whether an agent has replied publicly
    replied: bool = False
    cycles: dict[str, list[OCycle]] = field(default_factory=dict)
    #: per custom metric: whether its start condition held at the previous event
    start_held: dict[str, bool] = field(default_factory=dict)
    #: per custom metric: whether its pause conditions hold the clock
    custom_paused: dict[str, bool] = field(default_factory=dict)

    def open_cycle(self, metric: str) -> OCycle | None:
        cycles = self.cycles[metric]
        if cycles and cycles[-1].end is None:
            return cycles[-1]
        return None

    def start(self, metric: str, minute: int) -> None:
        cycles = self.cycles[metric]
        cycles.append(OCycle(len(cycles) + 1, minute, self.priority))
        if self.resolved and metric != "resolution":
            cycles[-1].resolved_from = minute

    def resolve(self, minute: int) -> None:
        """The ticket is resolved at `minute`: every open cycle but the resolution's is held
        by it from then on."""
        self.resolved = True
        for metric in self.cycles:
            cycle = self.open_cycle(metric)
            if cycle is not None and metric != "resolution" and cycle.resolved_from is None:
                cycle.resolved_from = minute

    def end(self, metric: str, minute: int, outcome: str) -> None:
        cycle = self.open_cycle(metric)
        if cycle is not None:
            cycle.end = minute
            cycle.outcome = outcome
            cycle.prio_end = self.priority

    def counting(self, metric: str) -> bool:
        if self.resolved and metric != "resolution":
            return False
        if self.custom_paused.get(metric):
            return False
        if self.policy.accounting == "hide":
            return True  # a pause only hides the deadline; the clock counts on
        return not self.policy.pauses(self.status, metric)

    def apply(self, event: TicketEvent, minute: int) -> None:
        kind = event.type
        has = self.cycles.__contains__
        if kind == "created":
            for metric in ("first_response", "resolution"):
                if has(metric):
                    self.start(metric, minute)
            if self.policy.next_response_arming == "from_creation" and has("next_response"):
                # a wait from the creation, which no customer message armed
                self.start("next_response", minute)
        elif kind == "agent_replied" and event.public:
            self.replied = True
            for metric in ("first_response", "next_response"):
                if has(metric):
                    self.end(metric, minute, "met")
            if has("periodic_update"):
                self.end("periodic_update", minute, "met")
                self.start("periodic_update", minute)
        elif kind == "customer_replied":
            # after_first_reply: a message before the first public reply is answered by it
            waits = self.policy.next_response_arming == "after_first_reply" and not self.replied
            if has("next_response") and self.open_cycle("next_response") is None and not waits:
                self.start("next_response", minute)
            waiting = self.open_cycle("next_response") if has("next_response") else None
            if waiting is not None:
                waiting.messages.append(minute)
            if self.policy.periodic_update_disarm == "customer_message" and has("periodic_update"):
                # a customer message ends the update that staff's last reply armed
                self.end("periodic_update", minute, "cancelled")
        elif kind == "status_changed":
            entered = event.status != self.status
            self.status = event.status
            named = any(event.status in statuses for statuses, _ in self.policy.pause_rules)
            met_by = self.policy.first_response_met_by
            if "pause" in met_by and entered and named and has("first_response"):
                # entering (from another status) a status a pause rule names: first response
                self.end("first_response", minute, "met")
            met_on = self.policy.first_response_statuses
            if entered and event.status in met_on and has("first_response"):
                # entering (from another status) a status that meets the first response
                self.end("first_response", minute, "met")
        elif kind == "assigned":
            if event.group is not None:
                self.group = event.group
        elif kind == "priority_changed":
            assert event.priority is not None
            if event.priority != self.priority:
                if self.policy.priority_change == "retarget" and self.policy.sticky:
                    for metric in self.cycles:
                        open_now = self.open_cycle(metric)
                        if open_now is not None:
                            open_now.checks.append((self.priority, len(open_now.minutes)))
                self.priority = event.priority
                if self.policy.priority_change == "restart":
                    for metric in self.cycles:
                        old = self.open_cycle(metric)
                        if old is not None:
                            self.end(metric, minute, "restarted")
                            self.start(metric, minute)
                            # the same wait: its messages still wait for the reply
                            self.cycles[metric][-1].messages = list(old.messages)
        elif kind == "resolved":
            if not self.resolved:
                self.resolve(minute)
                if "resolve" in self.policy.first_response_met_by and has("first_response"):
                    self.end("first_response", minute, "met")
                if has("resolution"):
                    self.end("resolution", minute, "met")
        elif kind == "closed":
            if not self.closed:
                self.closed = self.resolved = True
                if "resolve" in self.policy.first_response_met_by and has("first_response"):
                    self.end("first_response", minute, "met")
                for metric in self.cycles:
                    self.end(metric, minute, "met" if metric == "resolution" else "cancelled")
        elif kind == "reopened" and self.resolved:
            self.resolved = self.closed = False
            for metric in self.cycles:
                cycle = self.open_cycle(metric)
                if cycle is not None:
                    cycle.resolved_from = None
            self.reopen(minute)
        context = {
            "event": kind,
            "status": self.status,
            "group": self.group,
            "priority": self.priority,
        }
        for metric, spec in self.policy.custom.items():
            pause, resume = spec.get("pause"), spec.get("resume")
            if self.open_cycle(metric) is not None:
                if condition(spec["stop"], context):
                    self.end(metric, minute, "met")
                elif pause is not None:
                    # with `resume`: held from when `pause` holds until `resume` holds
                    if resume is not None and self.custom_paused[metric]:
                        self.custom_paused[metric] = not condition(resume, context)
                    else:
                        self.custom_paused[metric] = condition(pause, context)
            starts = condition(spec["start"], context)
            held_before = self.start_held[metric] and is_state(spec["start"])
            if starts and not held_before and self.open_cycle(metric) is None:
                if is_state(spec["stop"]) and condition(spec["stop"], context):
                    starts = False  # a stop state holds: no cycle while it does
                else:
                    self.start(metric, minute)
                    self.custom_paused[metric] = pause is not None and condition(pause, context)
            self.start_held[metric] = starts

    def reopen(self, minute: int) -> None:
        mode = self.policy.reopen
        if "resolution" in self.cycles and self.open_cycle("resolution") is None:
            cycles = self.cycles["resolution"]
            last = cycles[-1] if cycles else None
            if mode == "resume" and last is not None and last.outcome == "met":
                # the cycle goes on; the time the ticket spent resolved was held
                assert last.end is not None
                last.minutes.extend([False] * (minute - last.end))
                last.end = last.outcome = last.prio_end = None
            else:
                self.start("resolution", minute)
        if mode == "restart" and "first_response" in self.cycles:
            self.end("first_response", minute, "restarted")
            self.start("first_response", minute)


# --------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class OCycleResult:
    number: int
    state: str
    outcome: str | None
    priority: str
    started_at: datetime
    due_at: datetime | None
    met_at: datetime | None
    breached_at: datetime | None
    budget: timedelta
    elapsed: timedelta
    paused: timedelta
    #: for the metric's summary, in microseconds
    due_us: int | None = field(default=None, repr=False)
    warn_us: int | None = field(default=None, repr=False)
    #: under ``pause_accounting: hide``, the deadline a hidden pause does not show
    hidden_due_us: int | None = field(default=None, repr=False)
    #: a next response's customer messages, and those left unanswered past its target
    messages: int | None = None
    missed_messages: int | None = None


@dataclass(frozen=True)
class OMetric:
    metric: str
    state: str
    started_at: datetime | None
    due_at: datetime | None
    met_at: datetime | None
    breached_at: datetime | None
    elapsed: timedelta
    paused: timedelta
    remaining: timedelta | None
    percent_used: float | None
    next_warning_at: datetime | None
    cycles: tuple[OCycleResult, ...]


@dataclass(frozen=True)
class OStatus:
    metrics: dict[str, OMetric]
    next_change_at: datetime | None


def reach(
    start: int,
    minutes: list[bool],
    amount: int,
    is_open: OpenMinutes,
    extend_from: int | None,
    *,
    offset: int = 0,
    before: int = 0,
) -> int | None:
    """The instant (UTC microseconds) at which a cycle's counted time reaches `amount`.

    The cycle's own minutes (from its `start`) are walked first, from the minute `offset`
    with `before` counted until then; then, when `extend_from` is given, the clock is taken
    to keep counting from that minute on.
    """
    if before >= amount:
        return (start + offset) * MINUTE_US
    for index in range(offset, len(minutes)):
        minute = start + index
        if minutes[index] and is_open(minute):
            if before + MINUTE_US >= amount:
                return minute * MINUTE_US + amount - before
            before += MINUTE_US
    if extend_from is None:
        return None
    for minute in range(extend_from, extend_from + SEARCH_MINUTES):
        if is_open(minute):
            if before + MINUTE_US >= amount:
                return minute * MINUTE_US + amount - before
            before += MINUTE_US
    raise OracleError("no deadline within the search horizon")


def wall(
    start: int, minutes: list[bool], budget: int, is_open: OpenMinutes
) -> tuple[int, int, int]:
    """``pause_accounting: wall`` from its definition in docs/concepts/sla-clock.md.

    Walks the minutes; at the first minute of each held stretch, if the counted time is less
    than the allowance, the deadline as it stands (the instant at which the rest would be
    counted, from there on) moves later by the stretch's length in minutes, and the allowance
    becomes the counted time plus the open minutes from the stretch's end to the moved
    deadline. Returns the allowance, and the minute offset (with the time counted before it)
    from which the deadline is searched: the end of the last stretch that moved it.
    """
    allowance = budget
    counted = 0
    offset = before = 0
    i = 0
    while i < len(minutes):
        if minutes[i]:
            if is_open(start + i):
                counted += MINUTE_US
            i += 1
            continue
        j = i
        while j < len(minutes) and not minutes[j]:
            j += 1
        if counted < allowance:
            deadline = reach(start + i, [], allowance - counted, is_open, start + i)
            assert deadline is not None and deadline % MINUTE_US == 0
            moved = deadline // MINUTE_US + (j - i)
            allowance = counted + MINUTE_US * sum(1 for m in range(start + j, moved) if is_open(m))
            offset, before = j, counted
        i = j
    return allowance, offset, before


def hold_added(
    start: int, minutes: list[bool], budget: int, is_open: OpenMinutes, ref: int, at_due: bool
) -> tuple[int, int]:
    """``pause_accounting: hold_added`` from its definition in docs/concepts/sla-clock.md.

    The deadline is where the budget runs out counting every open minute from the start, as
    if the clock were never held; then each held minute that begins before the deadline as it
    stands (or exactly at it, unless `at_due`) moves it one minute later. The allowance is the
    open minutes counted before the deadline, plus the open minutes from `ref` (the cycle's
    end, or now) to the deadline. Returns the deadline and the allowance.
    """
    due = reach(start, [], budget, is_open, start)
    assert due is not None
    for index, counts in enumerate(minutes):
        begins = (start + index) * MINUTE_US
        if not counts and (begins < due or (begins == due and not at_due)):
            due += MINUTE_US
    before = sum(
        1
        for index, counts in enumerate(minutes)
        if counts and is_open(start + index) and (start + index) * MINUTE_US < due
    )
    ahead = sum(1 for minute in range(ref, due // MINUTE_US) if is_open(minute))
    return due, (before + ahead) * MINUTE_US


def measure_hold_added(
    cycle: OCycle,
    target: OTarget,
    priority: str,
    now: int,
    warn_at: list[Fraction],
    policy: OPolicy | None,
) -> OCycleResult:
    """`measure` under ``pause_accounting: hold_added``: breached once the instant (the
    cycle's end, or now) is past the deadline, whether the calendar is open or not."""
    is_open = minutes_of(target, cycle.start)
    counted = sum(1 for i, c in enumerate(cycle.minutes) if c and is_open(cycle.start + i))
    held = sum(1 for i, c in enumerate(cycle.minutes) if not c and is_open(cycle.start + i))
    elapsed = counted * MINUTE_US
    at_due = policy is not None and policy.breach_at == "at_due"
    ref = cycle.end if cycle.end is not None else now
    due, budget = hold_added(cycle.start, cycle.minutes, target.budget, is_open, ref, at_due)
    if policy is not None and policy.due_on_close == "next_open":
        due = past_close(due, is_open)
    breached = ref * MINUTE_US > due or (at_due and ref * MINUTE_US == due)
    shown: int | None = due
    if breached:
        state = "breached"
    elif cycle.end is not None:
        state = "met" if cycle.outcome == "met" else "cancelled"
    elif cycle.counting_now:
        state = "running"
    else:
        state = "paused"
        shown = None
    if policy is not None and policy.met_due == "cleared" and cycle.outcome == "met":
        shown = None
    warn: int | None = None
    if state == "running":
        for fraction in warn_at:
            threshold = int(fraction * budget)
            if elapsed < threshold:
                warn = reach(cycle.start, cycle.minutes, threshold, is_open, now)
                break
    end = None if cycle.end is None else instant(cycle.end * MINUTE_US)
    start = cycle.start
    if policy is not None and policy.reported_start == "first_open":
        start = first_open(start, is_open)
    return OCycleResult(
        number=cycle.number,
        state=state,
        outcome=cycle.outcome,
        priority=priority,
        started_at=instant(start * MINUTE_US),
        due_at=None if shown is None else instant(shown),
        met_at=end if cycle.outcome == "met" else None,
        breached_at=instant(due) if breached else None,
        budget=timedelta(microseconds=budget),
        elapsed=timedelta(microseconds=elapsed),
        paused=timedelta(microseconds=held * MINUTE_US),
        due_us=shown,
        warn_us=warn,
    )


def first_open(minute: int, is_open: OpenMinutes) -> int:
    """The first open minute at or after `minute`."""
    for step in range(400 * DAY_MINUTES):
        if is_open(minute + step):
            return minute + step
    raise OracleError("no open minute within 400 days")


def past_close(due: int, is_open: OpenMinutes) -> int:
    """``due_on_close: next_open``: a deadline on the instant a closed minute follows an open
    one is placed at the next open minute."""
    minute = due // MINUTE_US
    if due % MINUTE_US == 0 and not is_open(minute) and is_open(minute - 1):
        return first_open(minute, is_open) * MINUTE_US
    return due


def measure(
    cycle: OCycle,
    target: OTarget,
    priority: str,
    now: int,
    warn_at: list[Fraction],
    accounting: str = "business",
    policy: OPolicy | None = None,
) -> OCycleResult:
    if accounting == "hold_added":
        return measure_hold_added(cycle, target, priority, now, warn_at, policy)
    is_open = minutes_of(target, cycle.start)
    counted = sum(1 for i, c in enumerate(cycle.minutes) if c and is_open(cycle.start + i))
    held = sum(1 for i, c in enumerate(cycle.minutes) if not c and is_open(cycle.start + i))
    elapsed = counted * MINUTE_US
    budget = target.budget
    offset = before = 0
    if accounting == "wall":
        budget, offset, before = wall(cycle.start, cycle.minutes, budget, is_open)
    if cycle.end is not None:
        extend_from: int | None = cycle.end
    elif cycle.counting_now:
        extend_from = now
    else:
        extend_from = None
    due = reach(
        cycle.start, cycle.minutes, budget, is_open, extend_from, offset=offset, before=before
    )
    # resolved_due: projected: the minute the resolve began holding the cycle + the business
    # time left, for a cycle the resolve holds now or that was cancelled while resolved
    resolved = cycle.resolved_from
    held_by_resolve = resolved is not None
    if policy is None or policy.resolved_due != "projected" or elapsed >= budget:
        resolved = None
    if resolved is not None and cycle.end is not None and cycle.outcome == "cancelled":
        due = reach(resolved, [], budget - elapsed, is_open, resolved)
    next_open = policy is not None and policy.due_on_close == "next_open"
    if next_open and due is not None:
        due = past_close(due, is_open)
    breached = elapsed > budget
    # A budget of 0 here is a wall allowance that a hold from the start used up: due as
    # the hold ended, and breached once that is reached, as with any other allowance.
    if (
        policy is not None
        and policy.breach_at == "at_due"
        and elapsed == budget
        and (budget > 0 or accounting == "wall")
    ):
        # `now >= due`: breached at the deadline itself (a cycle that ended: at or after it; a
        # held one: at or before the minute its hold began)
        if cycle.end is not None:
            ended = cycle.end
        elif cycle.counting_now:
            ended = now
        else:
            counting = [i for i, c in enumerate(cycle.minutes) if c]
            ended = cycle.start + (counting[-1] + 1 if counting else 0)
        breached = due is not None and due <= ended * MINUTE_US
    if breached:
        state = "breached"
    elif cycle.end is not None:
        state = "met" if cycle.outcome == "met" else "cancelled"
    elif cycle.counting_now:
        state = "running"
    else:
        state = "paused"
        stood, due = due, None
        if policy is not None and policy.paused_due == "frozen":
            # where the budget runs out had the clock counted on from its last counting minute
            counted_at = [i for i, c in enumerate(cycle.minutes) if c]
            upto = counted_at[-1] + 1 if counted_at else 0
            due = reach(cycle.start, cycle.minutes[:upto], budget, is_open, cycle.start + upto)
            if next_open and due is not None:
                due = past_close(due, is_open)
        if policy is not None and policy.paused_due == "projected":
            # now + the business time left, counted from now on
            due = reach(now, [], budget - elapsed, is_open, now)
            if next_open and due is not None:
                due = past_close(due, is_open)
        if policy is not None and policy.resolved_due == "projected" and held_by_resolve:
            # held by the resolve: the resolve + the time left (a budget used up: where it ran
            # out); this wins over paused_due
            due = stood
            if resolved is not None:
                due = reach(resolved, [], budget - elapsed, is_open, resolved)
                if next_open and due is not None:
                    due = past_close(due, is_open)
    breached_at = instant(due) if breached and due is not None else None
    if policy is not None and policy.met_due == "cleared" and cycle.outcome == "met":
        due = None
    warn: int | None = None
    if state == "running":
        for fraction in warn_at:
            threshold = int(fraction * budget)
            if elapsed < threshold:
                warn = reach(cycle.start, cycle.minutes, threshold, is_open, now)
                break
    end = None if cycle.end is None else instant(cycle.end * MINUTE_US)
    start = cycle.start
    if policy is not None and policy.reported_start == "first_open":
        start = first_open(start, is_open)
    return OCycleResult(
        number=cycle.number,
        state=state,
        outcome=cycle.outcome,
        priority=priority,
        started_at=instant(start * MINUTE_US),
        due_at=None if due is None else instant(due),
        met_at=end if cycle.outcome == "met" else None,
        breached_at=breached_at,
        budget=timedelta(microseconds=budget),
        elapsed=timedelta(microseconds=elapsed),
        paused=timedelta(microseconds=held * MINUTE_US),
        due_us=due,
        warn_us=warn,
    )


# --------------------------------------------------------------------------- evaluate


#: The documented order of event types at one instant (docs/concepts/sla-clock.md).
TYPE_ORDER = (
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


def same_instant_order(event: TicketEvent) -> tuple[Any, ...]:
    """``created`` first; then events with ``seq`` by ``seq``; then by type; then by the
    JSON text of [id, priority, status, public, group, assignee, attributes]."""
    content = json.dumps(
        [
            event.id,
            event.priority,
            event.status,
            event.public,
            event.group,
            event.assignee,
            event.attributes,
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    return (
        event.type != "created",
        event.seq is None,
        event.seq or 0,
        TYPE_ORDER.index(event.type),
        content,
    )


def normalise(events: Sequence[TicketEvent]) -> list[TicketEvent]:
    """Repeated ids dropped (the first kept), then sorted by instant, and the events of one
    instant by `same_instant_order`: never by the order they were given in."""
    seen: set[str] = set()
    kept: list[TicketEvent] = []
    for event in events:
        if event.id is not None:
            if event.id in seen:
                continue
            seen.add(event.id)
        kept.append(event)
    out = sorted(kept, key=lambda e: (minute_of(e.at), *same_instant_order(e)))
    if sum(e.type == "created" for e in out) != 1 or out[0].type != "created":
        raise OracleError("the model takes valid timelines only")
    return out


def oracle_evaluate(
    config: Mapping[str, Any], events: Sequence[TicketEvent], now: datetime
) -> OStatus:
    """The status of a ticket at `now`, by walking its minutes (see the module docstring)."""
    policy = OPolicy.from_config(config)
    if policy.pause_rounding == "minute":
        events = pauses_on_minutes(events, now)
    timeline = normalise(events)
    if not policy.chosen(timeline, minute_of(now)):
        return OStatus({}, None)
    created = timeline[0]
    assert created.priority is not None
    now_minute = minute_of(now)
    first = minute_of(created.at)
    if first > now_minute:
        return OStatus({}, None)
    policy.targets_for(created.priority)
    ticket = OTicket(
        policy,
        created.priority,
        created.status,
        created.group,
        cycles={m: [] for m in policy.metrics},
        start_held=dict.fromkeys(policy.custom, False),
        custom_paused=dict.fromkeys(policy.custom, False),
    )
    by_minute: dict[int, list[TicketEvent]] = {}
    for event in timeline:
        by_minute.setdefault(minute_of(event.at), []).append(event)
    minute = first
    while True:
        for event in by_minute.get(minute, ()):
            ticket.apply(event, minute)
        if minute == now_minute:
            break
        for metric in ticket.cycles:
            cycle = ticket.open_cycle(metric)
            if cycle is not None:
                cycle.minutes.append(ticket.counting(metric))
        minute += 1
    for metric, cycles in ticket.cycles.items():
        for cycle in cycles:
            end = now_minute if cycle.end is None else cycle.end
            if len(cycle.minutes) != end - cycle.start:
                raise OracleError(f"bookkeeping: {metric} cycle {cycle.number}")
        cycle_now = ticket.open_cycle(metric)
        if cycle_now is not None:
            cycle_now.counting_now = ticket.counting(metric)

    current = policy.targets_for(ticket.priority)
    out: dict[str, OMetric] = {}
    change: list[int] = []
    now_us = now_minute * MINUTE_US
    for metric in policy.metrics:
        results: list[OCycleResult] = []
        last_target: OTarget | None = None
        for cycle in ticket.cycles[metric]:
            if policy.priority_change == "retarget":
                priority = cycle.prio_end if cycle.end is not None else ticket.priority
            else:
                priority = cycle.prio_start
            assert priority is not None
            found = policy.targets_for(priority)
            target = None if found is None else found.get(metric)
            if target is not None:
                result = measure(
                    cycle, target, priority, now_minute, policy.warn_at, policy.accounting, policy
                )
                result = sticky_under_retarget(result, cycle, metric, policy)
                results.append(with_messages(result, cycle, metric))
                last_target = target
        open_now = ticket.open_cycle(metric)
        hides = policy.accounting == "hide" and not ticket.resolved
        # the open cycle, when it has a target, is the last result
        last_is_open = (
            bool(results) and open_now is not None and results[-1].number == open_now.number
        )
        if hides and last_is_open and policy.pauses(ticket.status, metric):
            results[-1] = hidden(results[-1], policy.paused_due != "none")
        if not results and (current is None or metric not in current):
            continue
        out[metric] = summarise(metric, results, policy.sticky)
        if results:
            last = results[-1]
            if last.warn_us is not None and last.warn_us >= now_us:
                change.append(last.warn_us)
            due_us = last.due_us if last.hidden_due_us is None else last.hidden_due_us
            if (last.state == "running" or last.hidden_due_us is not None) and due_us is not None:
                if due_us > now_us:
                    change.append(due_us)
                elif policy.accounting == "hold_added":
                    # the deadline is compared with the instant: breached right after it
                    change.append(due_us + 1)
                elif last_target is not None:
                    # At the deadline itself, or in the closed time after a budget used up
                    # exactly at closing, nothing has changed yet: the breach begins at the
                    # first open microsecond after the deadline.
                    # A budget that ran out exactly where a pause began breaches only when
                    # the clock counts again, after now.
                    begins = max(due_us, now_us)
                    change.append(breach_begins(last_target.calendar, begins))
    return OStatus(out, instant(min(change)) if change else None)


def with_messages(result: OCycleResult, cycle: OCycle, metric: str) -> OCycleResult:
    """A next response's messages, and the misses counted per message: none unless the cycle
    breached; then one for the messages at or before the breach, one for each after it."""
    if metric != "next_response":
        return result
    missed = 0
    if result.breached_at is not None:
        breach = (result.breached_at - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(
            microseconds=1
        )
        missed = 1 + sum(1 for m in cycle.messages if m * MINUTE_US > breach)
    return replace(result, messages=len(cycle.messages), missed_messages=missed)


def hidden(result: OCycleResult, projected: bool) -> OCycleResult:
    """``pause_accounting: hide``: a running cycle whose status pauses it looks paused, without
    its deadline (kept under ``paused_due: projected``); it counts on to that deadline."""
    if result.state != "running":
        return result
    return replace(
        result,
        state="paused",
        due_at=result.due_at if projected else None,
        due_us=result.due_us if projected else None,
        hidden_due_us=result.due_us,
        warn_us=None,
    )


def sticky_under_retarget(
    result: OCycleResult, cycle: OCycle, metric: str, policy: OPolicy
) -> OCycleResult:
    """A cycle that had used more than its old target's budget when the priority changed
    stays breached, from the first instant such a budget ran out (every change looked at)."""
    first: int | None = None
    for priority, lived in cycle.checks:
        found = policy.targets_for(priority)
        old = None if found is None else found.get(metric)
        if old is None:
            continue
        is_open = minutes_of(old, cycle.start)
        minutes = cycle.minutes[:lived]
        if policy.accounting == "hold_added":
            at_due = policy.breach_at == "at_due"
            ref = cycle.start + lived
            deadline, _ = hold_added(cycle.start, minutes, old.budget, is_open, ref, at_due)
            if policy.due_on_close == "next_open":
                deadline = past_close(deadline, is_open)
            if ref * MINUTE_US > deadline or (at_due and ref * MINUTE_US == deadline):
                first = deadline if first is None else min(first, deadline)
            continue
        counted = sum(1 for i, c in enumerate(minutes) if c and is_open(cycle.start + i))
        budget, offset, before = old.budget, 0, 0
        if policy.accounting == "wall":
            budget, offset, before = wall(cycle.start, minutes, budget, is_open)
        ran_out = reach(cycle.start, minutes, budget, is_open, None, offset=offset, before=before)
        if ran_out is not None and policy.due_on_close == "next_open":
            ran_out = past_close(ran_out, is_open)
        breached = counted * MINUTE_US > budget
        used_up = counted * MINUTE_US == budget and (budget > 0 or policy.accounting == "wall")
        if policy.breach_at == "at_due" and used_up:
            # `now >= due` at the change; held at the change, only a deadline reached before
            # the hold began counts (as for a held cycle now)
            ref = cycle.start + lived
            if held_at(cycle, lived):
                counting = [i for i, c in enumerate(minutes) if c]
                ref = cycle.start + (counting[-1] + 1 if counting else 0)
            breached = ran_out is not None and ran_out <= ref * MINUTE_US
        if breached:
            assert ran_out is not None
            first = ran_out if first is None else min(first, ran_out)
    if first is None:
        return result
    if result.breached_at is not None:
        first = min(first, minute_of(result.breached_at) * MINUTE_US)
    # A breached cycle warns no more, whatever its new target's thresholds say.
    return replace(result, state="breached", breached_at=instant(first), warn_us=None)


def held_at(cycle: OCycle, lived: int) -> bool:
    """Whether the cycle was held at the instant `lived` minutes after its start: the minute
    that follows it is held (or, at its last instant, the clock is held now, or the minute
    before it was)."""
    if lived < len(cycle.minutes):
        return not cycle.minutes[lived]
    if cycle.end is None:
        return not cycle.counting_now
    return lived > 0 and not cycle.minutes[lived - 1]


def breach_begins(calendar: BusinessCalendar, due_us: int) -> int:
    """The first instant after a whole-minute deadline at which more than the budget is used."""
    is_open = open_minutes(calendar)
    minute = due_us // MINUTE_US
    for step in range(400 * DAY_MINUTES):
        if is_open(minute + step):
            return (minute + step) * MINUTE_US + 1
    raise OracleError("no open minute within 400 days of a deadline")


def summarise(metric: str, cycles: list[OCycleResult], sticky: bool) -> OMetric:
    if not cycles:
        return OMetric(
            metric,
            "pending",
            None,
            None,
            None,
            None,
            timedelta(0),
            timedelta(0),
            None,
            None,
            None,
            (),
        )
    last = cycles[-1]
    first_breach = next((c.breached_at for c in cycles if c.breached_at is not None), None)
    state = "breached" if sticky and first_breach is not None else last.state
    budget = last.budget
    return OMetric(
        metric=metric,
        state=state,
        started_at=last.started_at,
        due_at=last.due_at,
        met_at=last.met_at,
        breached_at=first_breach if sticky else last.breached_at,
        elapsed=last.elapsed,
        paused=last.paused,
        remaining=budget - last.elapsed,
        # Under wall accounting a pause can leave an allowance of nothing.
        percent_used=round(100 * (last.elapsed / budget), 2) if budget else None,
        next_warning_at=None if last.warn_us is None else instant(last.warn_us),
        cycles=tuple(cycles),
    )
