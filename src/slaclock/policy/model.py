"""Policy values: which targets a ticket has, how its clocks pause, and how a policy matches.

These are the frozen values the clock evaluates; files are read into them by `slaclock.config`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal, get_args

from .._typing import (
    BreachAt,
    BuiltinMetric,
    DueOnClose,
    FirstResponseBy,
    MetDue,
    NextResponseArming,
    PauseAccounting,
    PausedDue,
    PauseRounding,
    PeriodicDisarm,
    PriorityChange,
    Reopen,
    ReportedStart,
    ResolvedDue,
    SelectionMode,
    StartRounding,
    UnknownPriority,
)
from ..budgets import BusinessDays, BusinessTime, DayMeaning, format_duration, format_timedelta
from ..calendar import BusinessCalendar
from ..errors import PolicyError

__all__ = [
    "BUILTIN_METRICS",
    "OPTION_FIELDS",
    "Condition",
    "ConditionContext",
    "MatchRule",
    "MetricDefinition",
    "Options",
    "PauseRule",
    "Scalar",
    "SlaPolicy",
    "Target",
    "option_conflicts",
]

BUILTIN_METRICS: tuple[str, ...] = get_args(BuiltinMetric)
_US = timedelta(microseconds=1)

Scalar = str | int | float | bool


@dataclass(frozen=True, slots=True)
class MatchRule:
    """One attribute test of a policy's ``match``: equal to, in, not in, or present."""

    key: str
    op: Literal["in", "not_in", "exists"]
    values: tuple[Scalar, ...] = ()
    exists: bool = True

    def holds(self, attributes: Mapping[str, object]) -> tuple[bool, str]:
        """Whether the rule holds, and why (for the explanation)."""
        present = self.key in attributes and attributes[self.key] is not None
        value = attributes.get(self.key)
        if self.op == "exists":
            ok = present == self.exists
            return ok, f"{self.key} is {'present' if present else 'absent'}"
        shown = ", ".join(repr(v) for v in self.values)
        if not present:
            wanted = "not one of" if self.op == "not_in" else "wanted"
            return self.op == "not_in", f"{self.key} is absent ({wanted} {shown})"
        inside = any(_same(value, v) for v in self.values)
        ok = inside if self.op == "in" else not inside
        relation = "in" if inside else "not in"
        return ok, f"{self.key}={value!r} is {relation} [{shown}]"

    def test(self, attributes: Mapping[str, object]) -> bool:
        """Whether the rule holds: `holds` without building the explanation."""
        value = attributes.get(self.key)
        if self.op == "exists":
            return (value is not None) == self.exists
        if value is None:
            return self.op == "not_in"
        inside = any(_same(value, v) for v in self.values)
        return inside if self.op == "in" else not inside

    def to_config(self) -> object:
        if self.op == "exists":
            return {"exists": self.exists}
        if self.op == "not_in":
            return {"not_in": list(self.values)}
        return self.values[0] if len(self.values) == 1 else list(self.values)


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    return a == b


@dataclass(frozen=True, slots=True)
class ConditionContext:
    """What a condition looks at: the event that just happened and the state after it."""

    event: str | None
    public: bool | None
    status: str | None
    group: str | None
    assignee: str | None
    priority: str | None
    attributes: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class Condition:
    """A resolved condition (see `ConditionSpec`); all parts given must hold."""

    events: frozenset[str] | None = None
    public: bool | None = None
    statuses: frozenset[str] | None = None
    groups: frozenset[str] | None = None
    assignees: frozenset[str] | None = None
    priorities: frozenset[str] | None = None
    attributes: tuple[MatchRule, ...] = ()
    negate: Condition | None = None
    any_of: tuple[Condition, ...] = ()
    all_of: tuple[Condition, ...] = ()

    def holds(self, ctx: ConditionContext) -> bool:
        """Whether the condition holds for an event and the ticket's state after it."""
        if self.events is not None and ctx.event not in self.events:
            return False
        if self.public is not None and ctx.public is not self.public:
            return False
        for wanted, actual in (
            (self.statuses, ctx.status),
            (self.groups, ctx.group),
            (self.assignees, ctx.assignee),
            (self.priorities, ctx.priority),
        ):
            if wanted is not None and actual not in wanted:
                return False
        if any(not rule.holds(ctx.attributes)[0] for rule in self.attributes):
            return False
        if self.negate is not None and self.negate.holds(ctx):
            return False
        if self.any_of and not any(c.holds(ctx) for c in self.any_of):
            return False
        return all(c.holds(ctx) for c in self.all_of)

    @property
    def is_state(self) -> bool:
        """True when the condition looks at state only (no event), so it holds over time."""
        return (
            self.events is None
            and self.public is None
            and (self.negate is None or self.negate.is_state)
            and all(c.is_state for c in self.any_of + self.all_of)
        )

    def to_config(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.events is not None:
            out["event"] = sorted(self.events)
        if self.public is not None:
            out["public"] = self.public
        for key, values in (
            ("status", self.statuses),
            ("group", self.groups),
            ("assignee", self.assignees),
            ("priority", self.priorities),
        ):
            if values is not None:
                out[key] = sorted(values)
        if self.attributes:
            out["attributes"] = {r.key: r.to_config() for r in self.attributes}
        if self.negate is not None:
            out["not"] = self.negate.to_config()
        if self.any_of:
            out["any"] = [c.to_config() for c in self.any_of]
        if self.all_of:
            out["all"] = [c.to_config() for c in self.all_of]
        return out


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """A custom metric's conditions (the start / pause / resume / stop / reset / cancel model)."""

    name: str
    start: Condition
    stop: Condition
    pause: Condition | None = None
    resume: Condition | None = None
    reset: Condition | None = None
    cancel: Condition | None = None
    description: str | None = None

    def to_config(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.description is not None:
            out["description"] = self.description
        for key in ("start", "stop", "pause", "resume", "reset", "cancel"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value.to_config()
        return out


@dataclass(frozen=True, slots=True)
class PauseRule:
    """Statuses that pause metrics; ``metrics`` None means every metric of the policy."""

    statuses: frozenset[str]
    metrics: frozenset[str] | None = None

    def applies_to(self, metric: str) -> bool:
        """Whether this rule pauses `metric`."""
        return self.metrics is None or metric in self.metrics


@dataclass(frozen=True, slots=True)
class Target:
    """One metric's budget for one priority, and the calendar it is counted in."""

    metric: str
    budget: BusinessTime | BusinessDays
    calendar: BusinessCalendar
    calendar_name: str
    #: A wait before the budget counts: ``after`` of open time on ``after_calendar``, then the
    #: first instant that calendar is open (``timedelta(0)``: its first open instant). Until
    #: then the target's calendar counts as closed. None: the budget counts from the start.
    after: timedelta | None = None
    after_calendar: BusinessCalendar | None = None
    after_calendar_name: str | None = None
    # A fixed budget in microseconds, for the clock (None for business days, whose open time
    # depends on the start).
    fixed_us: int | None = field(init=False, repr=False, compare=False)
    after_us: int | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        budget = self.budget
        fixed = budget.time // _US if isinstance(budget, BusinessTime) else None
        object.__setattr__(self, "fixed_us", fixed)
        after = self.after
        object.__setattr__(self, "after_us", None if after is None else after // _US)
        if after is None:
            if self.after_calendar is not None or self.after_calendar_name is not None:
                raise PolicyError(
                    f"target {self.metric!r}: after_calendar"
                    f" {self.after_calendar_name!r} is given without after; give after (e.g."
                    " 0m: the first open instant of that calendar), or drop after_calendar"
                )
            return
        if after < timedelta(0) or after % timedelta(seconds=1):
            raise PolicyError(
                f"target {self.metric!r}: after must be zero or a positive whole number of"
                f" seconds, got {after}; write e.g. 0m or 15m"
            )
        if self.after_calendar is None or self.after_calendar_name is None:
            raise PolicyError(
                f"target {self.metric!r}: after {format_timedelta(after)} needs the calendar"
                " it waits on; give after_calendar and after_calendar_name (a policy file"
                " uses the policy's calendar unless after_calendar names one)"
            )

    def describe(self) -> str:
        """``resolution: 4h (calendar 'always')``, with the wait when there is one."""
        text = f"{self.metric}: {format_duration(self.budget)} (calendar {self.calendar_name!r}"
        if self.after is not None:
            text += f", after {format_timedelta(self.after)} on {self.after_calendar_name!r}"
        return text + ")"


@dataclass(frozen=True, slots=True)
class Options:
    """The behaviours peers disagree on, each with slaclock's default.

    ``preset`` names the peer preset the values came from (`slaclock.policy.presets`), for
    explanations and for writing the policy back; the values themselves are what the clock
    uses. Build options from a preset with `slaclock.policy.presets.options`.
    """

    priority_change: PriorityChange = "retarget"
    reopen: Reopen = "resume"
    pause_accounting: PauseAccounting = "business"
    sticky_breach: bool = True
    day_means: DayMeaning = "same_time"
    hours_per_day: timedelta | None = None
    unknown_priority: UnknownPriority = "error"
    breach_at: BreachAt = "after_due"
    start_rounding: StartRounding = "none"
    due_on_close: DueOnClose = "at_close"
    met_due: MetDue = "kept"
    paused_due: PausedDue = "none"
    reported_start: ReportedStart = "created"
    first_response_met_by: tuple[FirstResponseBy, ...] = ()
    pause_rounding: PauseRounding = "none"
    selection: SelectionMode = "at_creation"
    next_response_arming: NextResponseArming = "any_message"
    first_response_statuses: tuple[str, ...] = ()
    periodic_update_disarm: PeriodicDisarm = "never"
    resolved_due: ResolvedDue = "as_paused"
    preset: str | None = None

    def __post_init__(self) -> None:
        met_by = self.first_response_met_by
        if not isinstance(met_by, tuple) or list(met_by) != sorted(set(met_by)):
            # One spelling for one meaning: equal options compare (and hash) equal.
            object.__setattr__(self, "first_response_met_by", tuple(sorted(set(met_by))))
        met_on = self.first_response_statuses
        if not isinstance(met_on, tuple) or list(met_on) != sorted(set(met_on)):
            object.__setattr__(self, "first_response_statuses", tuple(sorted(set(met_on))))
        for key, _, message in option_conflicts({k: getattr(self, k) for k in OPTION_FIELDS}):
            raise PolicyError(f"{key}: {message}")


#: The options a policy file (and a preset) can set, in the order they are written back.
OPTION_FIELDS = (
    "priority_change",
    "reopen",
    "pause_accounting",
    "sticky_breach",
    "day_means",
    "hours_per_day",
    "unknown_priority",
    "breach_at",
    "start_rounding",
    "due_on_close",
    "met_due",
    "paused_due",
    "reported_start",
    "first_response_met_by",
    "pause_rounding",
    "selection",
    "next_response_arming",
    "first_response_statuses",
    "periodic_update_disarm",
    "resolved_due",
)

#: Options that contradict each other: (option, value, other option, value, why). A preset
#: whose value is overridden by an explicit option is not a contradiction (explicit wins);
#: these are pairs that mean nothing together, wherever their values come from.
_CONFLICTS: tuple[tuple[str, object, str, object, str], ...] = (
    (
        "paused_due",
        "projected",
        "pause_accounting",
        "wall",
        "paused_due 'projected' shows now + the business time left, which wall accounting"
        " does not fix while a hold lasts (the hold's wall-clock length moves the deadline);"
        " use pause_accounting 'business', or paused_due 'none'",
    ),
    (
        "paused_due",
        "projected",
        "pause_accounting",
        "hold_added",
        "paused_due 'projected' shows now + the business time left, while under hold_added"
        " every wall-clock second of the hold moves the deadline; use pause_accounting"
        " 'business', or paused_due 'none'",
    ),
    (
        "paused_due",
        "frozen",
        "pause_accounting",
        "wall",
        "paused_due 'frozen' shows the deadline as it stood when the hold began, which wall"
        " accounting moves by the hold itself; use pause_accounting 'business', or paused_due"
        " 'none'",
    ),
    (
        "paused_due",
        "frozen",
        "pause_accounting",
        "hold_added",
        "paused_due 'frozen' shows the deadline as it stood when the hold began, which"
        " hold_added moves by the hold itself; use pause_accounting 'business', or paused_due"
        " 'none'",
    ),
    (
        "resolved_due",
        "projected",
        "pause_accounting",
        "wall",
        "resolved_due 'projected' shows the resolve + the business time left, which wall"
        " accounting does not fix (the wall-clock length of the time resolved moves the"
        " deadline on a reopen); use pause_accounting 'business', or resolved_due 'as_paused'",
    ),
    (
        "resolved_due",
        "projected",
        "pause_accounting",
        "hold_added",
        "resolved_due 'projected' shows the resolve + the business time left, while under"
        " hold_added the deadline is not business time from the resolve (the wall-clock"
        " length of every hold moves it); use pause_accounting 'business', or resolved_due"
        " 'as_paused'",
    ),
)


def option_conflicts(values: Mapping[str, object]) -> list[tuple[str, str, str]]:
    """The contradictions among option values: (an option, the option it contradicts, why).

    >>> option_conflicts({"paused_due": "projected", "pause_accounting": "wall"})[0][0]
    'paused_due'
    """
    found = []
    for key, value, other, other_value, why in _CONFLICTS:
        if values.get(key) == value and values.get(other) == other_value:
            found.append((key, other, f"cannot be combined with {other} {other_value!r}: {why}"))
    return found


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    """A resolved policy: what `PolicySet.select` picks and the clock evaluates."""

    name: str
    calendar: BusinessCalendar
    calendar_name: str
    targets: Mapping[str, Mapping[str, Target]]
    match: tuple[MatchRule, ...] = ()
    pause_rules: tuple[PauseRule, ...] = ()
    warn_at: tuple[float, ...] = ()
    metrics: Mapping[str, MetricDefinition] = field(default_factory=dict)
    options: Options = field(default_factory=Options)
    effective_from: datetime | None = None
    effective_until: datetime | None = None
    description: str | None = None
    abstract: bool = False
    lineage: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        # As a policy file says (config.conditions): the walk keeps one track per name.
        for name in self.metrics:
            if name in BUILTIN_METRICS:
                raise PolicyError(
                    f"policy {self.name!r}: custom metric {name!r} is a built-in metric; give"
                    " the custom metric another name"
                )

    def __hash__(self) -> int:
        return hash((self.name, self.effective_from))

    def targets_for(self, priority: str) -> Mapping[str, Target] | None:
        """The targets for a priority (its own, else ``"*"``), or None when neither exists."""
        found = self.targets.get(priority)
        if found is None:
            found = self.targets.get("*")
        return found

    def in_effect(self, at: datetime) -> bool:
        """Whether this version of the policy is in effect at an instant."""
        if self.effective_from is not None and at < self.effective_from:
            return False
        return self.effective_until is None or at < self.effective_until

    def paused_metrics(self, status: str | None) -> frozenset[str] | None:
        """The metrics a status pauses: None for none, the names otherwise (``"*"`` = all)."""
        if status is None:
            return None
        names: set[str] = set()
        for rule in self.pause_rules:
            if status in rule.statuses:
                if rule.metrics is None:
                    return frozenset({"*"})
                names |= rule.metrics
        return frozenset(names) if names else None

    def matches(self, priority: str, attributes: Mapping[str, object]) -> tuple[bool, str]:
        """Whether a ticket matches this policy's conditions, and why."""
        if not self.match:
            return True, "it has no match conditions (a fallback)"
        scope = {**attributes, "priority": priority}
        reasons = []
        for rule in self.match:
            ok, why = rule.holds(scope)
            if not ok:
                return False, why
            reasons.append(why)
        return True, "; ".join(reasons)
