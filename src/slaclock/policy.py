"""SLA policies: which targets a ticket has, how its clocks pause, and which policy applies.

A policy file has two sections, ``calendars:`` and ``policies:`` (see the docs' "Writing a
policy"). Loading runs in two steps:

1. *Shape*: pydantic models (`PolicyFileSpec`, `PolicySpec`, ...) check types and names, with
   extra keys forbidden. They are also the source of the JSON Schema (`policy_schema`).
2. *Meaning*: `PolicySet.from_dict` resolves calendars, inheritance (``extends``), budgets,
   pause rules, custom metrics and effective dates into frozen values (`SlaPolicy`,
   `Target`, ...) that the clock evaluates. Every problem found in either step is reported
   with its path in the file (``policies[2].targets.P1.resolution``) and, for YAML, its line.

>>> office = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": office},
...     "policies": [{"name": "standard", "calendar": "office",
...                   "targets": {"*": {"first_response": "4h", "resolution": "3 business days"}}}],
... })
>>> policies.select(priority="P3", attributes={}).policy.name
'standard'
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ._calendar_config import calendar_to_config, calendars_from_config
from ._typing import (
    BuiltinMetric,
    EffectiveBy,
    EventType,
    PauseAccounting,
    PriorityChange,
    Reopen,
    UnknownPriority,
)
from .calendar import BusinessCalendar
from .durations import (
    BusinessDays,
    BusinessTime,
    DayMeaning,
    format_duration,
    format_timedelta,
    parse_duration,
)
from .errors import CalendarError, PolicyError, PolicyFileError, Problem

_US = timedelta(microseconds=1)

__all__ = [
    "BUILTIN_METRICS",
    "Condition",
    "ConditionContext",
    "MatchRule",
    "MetricDefinition",
    "Options",
    "PauseRule",
    "PolicyFileSpec",
    "PolicySet",
    "PolicySpec",
    "Selection",
    "SlaPolicy",
    "Target",
    "load_policies",
    "policy_schema",
]

BUILTIN_METRICS: tuple[str, ...] = get_args(BuiltinMetric)
_NAME = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"

Scalar = str | int | float | bool


# =========================================================================== shape (pydantic)


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class MatchOpSpec(_Spec):
    """A match operator: ``{in: [...]}``, ``{not_in: [...]}`` or ``{exists: true}``."""

    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    exists: bool | None = None


MatchValue = Scalar | list[Scalar] | MatchOpSpec


class ConditionSpec(_Spec):
    """A condition over the ticket's event and state; every field given must hold.

    ``event`` is the kind of event that just happened (``public`` narrows replies); ``status``,
    ``group``, ``assignee``, ``priority`` and ``attributes`` look at the ticket's state after
    it; ``not``, ``any`` and ``all`` combine conditions.
    """

    event: EventType | list[EventType] | None = None
    public: bool | None = None
    status: str | list[str] | None = None
    group: str | list[str] | None = None
    assignee: str | list[str] | None = None
    priority: str | list[str] | None = None
    attributes: dict[str, MatchValue] | None = None
    not_: ConditionSpec | None = Field(default=None, alias="not")
    any: list[ConditionSpec] | None = None
    all: list[ConditionSpec] | None = None


ConditionInput = ConditionSpec | list[ConditionSpec]


class MetricSpec(_Spec):
    """A custom metric: when its clock starts, pauses, resumes, stops, resets or is cancelled.

    ``start`` and ``stop`` are required. A ``pause`` without ``resume`` holds while its
    condition holds; with ``resume`` it holds until the resume condition is met.
    """

    description: str | None = None
    start: ConditionInput
    stop: ConditionInput
    pause: ConditionInput | None = None
    resume: ConditionInput | None = None
    reset: ConditionInput | None = None
    cancel: ConditionInput | None = None


class PauseRuleSpec(_Spec):
    """Statuses that pause metrics: all the policy's metrics unless ``metrics`` names some."""

    statuses: Annotated[list[str], Field(min_length=1)]
    metrics: list[str] | None = None


class TargetValueSpec(_Spec):
    """A budget with its own calendar: ``{within: 4h, calendar: always}``."""

    within: str
    calendar: str | None = None


class PolicySpec(_Spec):
    """One policy as written in a file. Unset fields inherit from ``extends``."""

    name: Annotated[str, Field(pattern=_NAME)]
    description: str | None = None
    extends: str | None = None
    abstract: bool = False
    match: dict[str, MatchValue] | None = None
    calendar: str | None = None
    pause_on: list[str] | None = None
    pause: list[PauseRuleSpec] | None = None
    warn_at: list[float] | None = None
    targets: dict[str, dict[str, str | TargetValueSpec]] | None = None
    metrics: dict[str, MetricSpec] | None = None
    priority_change: PriorityChange | None = None
    reopen: Reopen | None = None
    pause_accounting: PauseAccounting | None = None
    sticky_breach: bool | None = None
    day_means: DayMeaning | None = None
    hours_per_day: str | None = None
    unknown_priority: UnknownPriority | None = None
    effective_from: date | datetime | None = None
    effective_until: date | datetime | None = None

    @field_validator("effective_from", "effective_until")
    @classmethod
    def _aware(cls, value: date | datetime | None) -> date | datetime | None:
        if isinstance(value, datetime) and value.utcoffset() is None:
            raise ValueError(
                f"naive datetime {value.isoformat()}; give a zone (e.g. +01:00) or a plain date,"
                " which means midnight in the policy's calendar zone"
            )
        return value


class PolicyFileSpec(_Spec):
    """A whole policy file: calendars, then policies in the order they are matched."""

    calendars: dict[str, Any] = Field(default_factory=dict)
    policies: Annotated[list[PolicySpec], Field(min_length=1)]
    effective_by: EffectiveBy = "created"


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of a policy file, for editors that validate YAML as it is typed.

    >>> policy_schema()["title"]
    'PolicyFileSpec'
    """
    return PolicyFileSpec.model_json_schema(by_alias=True)


# =========================================================================== meaning (values)


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
    # A fixed budget in microseconds, for the clock (None for business days, whose open time
    # depends on the start).
    _fixed_us: int | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        budget = self.budget
        fixed = budget.time // _US if isinstance(budget, BusinessTime) else None
        object.__setattr__(self, "_fixed_us", fixed)

    def describe(self) -> str:
        """``resolution: 4h (calendar 'always')``."""
        return f"{self.metric}: {format_duration(self.budget)} (calendar {self.calendar_name!r})"


@dataclass(frozen=True, slots=True)
class Options:
    """The behaviours peers disagree on, each with slaclock's default."""

    priority_change: PriorityChange = "retarget"
    reopen: Reopen = "resume"
    pause_accounting: PauseAccounting = "business"
    sticky_breach: bool = True
    day_means: DayMeaning = "same_time"
    hours_per_day: timedelta | None = None
    unknown_priority: UnknownPriority = "error"


_OPTION_FIELDS = (
    "priority_change",
    "reopen",
    "pause_accounting",
    "sticky_breach",
    "day_means",
    "hours_per_day",
    "unknown_priority",
)


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


@dataclass(frozen=True, slots=True)
class Selection:
    """The policy chosen for a ticket (None when none matched) and why."""

    policy: SlaPolicy | None
    reasons: tuple[str, ...]

    def explain(self) -> str:
        """The reasons, one a line."""
        return "\n".join(self.reasons)


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Policies in matching order (first match wins), with the calendars they use."""

    policies: tuple[SlaPolicy, ...]
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=dict)
    effective_by: EffectiveBy = "created"
    # Selections already made, by what the match rules look at (undated sets only).
    _chosen: dict[object, Selection] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )
    _match_keys: tuple[str, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        dated = any(
            p.effective_from is not None or p.effective_until is not None for p in self.policies
        )
        names = {rule.key for p in self.policies for rule in p.match} - {"priority"}
        object.__setattr__(self, "_match_keys", None if dated else tuple(sorted(names)))

    def __hash__(self) -> int:
        return hash(tuple(p.name for p in self.policies))

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<policies>") -> PolicySet:
        """Validate and resolve a policy file's content; `PolicyFileError` lists problems."""
        return _load(data, source, lines={})

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<yaml>") -> PolicySet:
        """Read YAML (safe loading; no arbitrary objects)."""
        data, lines = _read_yaml(text, source)
        return _load(data, source, lines)

    @classmethod
    def from_json(cls, text: str, *, source: str = "<json>") -> PolicySet:
        """Read JSON."""
        duplicates: list[Problem] = []

        def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
            keys = [k for k, _ in items]
            for key in sorted({k for k in keys if keys.count(k) > 1}):
                duplicates.append(
                    Problem("", f"duplicate key {key!r} in one object; merge the entries")
                )
            return dict(items)

        try:
            data = json.loads(text, object_pairs_hook=pairs)
        except json.JSONDecodeError as exc:
            raise PolicyFileError(
                source, [Problem("", f"not valid JSON: {exc.msg}", exc.lineno)]
            ) from None
        if duplicates:
            raise PolicyFileError(source, duplicates)
        return _load(_expect_mapping(data, source), source, lines={})

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> PolicySet:
        """Read TOML."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            line = re.search(r"line (\d+)", str(exc))
            raise PolicyFileError(
                source,
                [Problem("", f"not valid TOML: {exc}", int(line[1]) if line else None)],
            ) from None
        return _load(data, source, lines={})

    # ------------------------------------------------------------------ using

    def select(
        self,
        *,
        priority: str,
        attributes: Mapping[str, object],
        created_at: datetime | None = None,
        now: datetime | None = None,
    ) -> Selection:
        """The first policy (in file order) that matches the ticket, with the reasons.

        Effective-dated versions are picked by the ticket's creation instant (default,
        ``effective_by: created``) or by `now` (``effective_by: now``).
        """
        key = self._selection_key(priority, attributes)
        if key is not None:
            found = self._chosen.get(key)
            if found is None:
                if len(self._chosen) > 4096:
                    self._chosen.clear()
                found = self._chosen[key] = self._select(priority, attributes, None)
            return found
        at = created_at if self.effective_by == "created" else now
        if at is None and any(
            p.effective_from is not None or p.effective_until is not None for p in self.policies
        ):
            wanted = "created_at" if self.effective_by == "created" else "now"
            raise PolicyError(
                f"these policies have effective dates, so select() needs {wanted} to pick the"
                " version in effect"
            )
        return self._select(priority, attributes, at)

    def _selection_key(self, priority: str, attributes: Mapping[str, object]) -> object:
        """What the choice depends on, as a hashable key; None when it cannot be cached (the
        set has effective dates, or a matched attribute's value is not hashable)."""
        keys = self._match_keys
        if keys is None:
            return None
        # The value's type is part of the key: True, 1 and 1.0 are equal but match differently.
        values = tuple((type(v), v) for v in map(attributes.get, keys))
        try:
            hash(values)
        except TypeError:
            return None
        return (priority, values)

    def _select(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> Selection:
        reasons: list[str] = []
        seen: set[str] = set()
        for policy in self.policies:
            if policy.abstract:
                continue
            if at is not None and not policy.in_effect(at):
                if policy.name not in seen and not any(
                    p.name == policy.name and p.in_effect(at) for p in self.policies
                ):
                    reasons.append(
                        f"policy {policy.name!r} skipped: no version of it is in effect at"
                        f" {at.isoformat()}"
                    )
                    seen.add(policy.name)
                continue
            ok, why = policy.matches(priority, attributes)
            if ok:
                version = (
                    f" (version effective from {policy.effective_from.isoformat()})"
                    if policy.effective_from is not None
                    else ""
                )
                reasons.append(f"policy {policy.name!r}{version} chosen: {why}")
                return Selection(policy, tuple(reasons))
            reasons.append(f"policy {policy.name!r} skipped: {why}")
        reasons.append("no policy matched, so the ticket has no SLA targets")
        return Selection(None, tuple(reasons))

    def get(self, name: str) -> SlaPolicy:
        """The policy called `name` (its first version)."""
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise PolicyError(
            f"no policy named {name!r}; defined: {', '.join(p.name for p in self.policies)}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The policy file content, resolved (inheritance flattened); loads back equal."""
        calendars = {n: calendar_to_config(c) for n, c in self.calendars.items()}
        return {
            "calendars": calendars,
            "effective_by": self.effective_by,
            "policies": [_policy_to_config(p) for p in self.policies],
        }


def load_policies(path: str | Path) -> PolicySet:
    """A policy set from a ``.yaml``/``.yml``, ``.json`` or ``.toml`` file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem("", f"cannot read the file: {exc.strerror}")
        raise PolicyFileError(str(file), [problem]) from None
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return PolicySet.from_yaml(text, source=str(file))
    if suffix == ".json":
        return PolicySet.from_json(text, source=str(file))
    if suffix == ".toml":
        return PolicySet.from_toml(text, source=str(file))
    raise PolicyFileError(
        str(file),
        [Problem("", f"unknown file type {suffix!r}; use .yaml, .yml, .json or .toml")],
    )


# =========================================================================== the resolver


def _expect_mapping(data: object, source: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise PolicyFileError(
            source,
            [Problem("", "expected a mapping with 'calendars' and 'policies' at the top")],
        )
    return data


class _Lines:
    """Maps paths in a YAML document to the line they start on."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.table: dict[tuple[object, ...], int] = {}
        self.duplicates: list[Problem] = []
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, path: tuple[object, ...]) -> None:
        self.table[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
                line = key.start_mark.line + 1
                if name in first:
                    # YAML loaders keep the last value silently; a policy must not lose one.
                    self.duplicates.append(
                        Problem(
                            _path([*path, name]),
                            f"duplicate key {name!r} (first on line {first[name]});"
                            " merge the two entries or remove one",
                            line,
                        )
                    )
                first.setdefault(name, line)
                self.table[(*path, name)] = key.start_mark.line + 1
                self._walk(value, (*path, name))
                self.table[(*path, name)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i))

    def line(self, path: Sequence[object]) -> int | None:
        key = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while key:
            if key in self.table:
                return self.table[key]
            key = key[:-1]
        return self.table.get(())


def _read_yaml(text: str, source: str) -> tuple[Mapping[str, Any], _Lines]:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        raise PolicyFileError(
            source,
            [Problem("", f"not valid YAML: {what}", mark.line + 1 if mark else None)],
        ) from None
    lines = _Lines(node)
    if lines.duplicates:
        raise PolicyFileError(source, lines.duplicates)
    return _expect_mapping(data, source), lines


def _path(loc: Sequence[object]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Collector:
    def __init__(self, lines: _Lines | Mapping[Any, Any]) -> None:
        self.problems: list[Problem] = []
        self.locs: list[list[object]] = []
        self.lines = lines if isinstance(lines, _Lines) else None

    def add(self, loc: Sequence[object], message: str) -> None:
        line = self.lines.line(loc) if self.lines is not None else None
        self.problems.append(Problem(_path(loc), message, line))
        self.locs.append(list(loc))


_PYDANTIC_HINTS = {
    "extra_forbidden": "unknown key; check its spelling against the documented keys",
    "literal_error": None,
    "missing": "this key is required",
    "string_pattern_mismatch": "a name may hold letters, digits, '_', '-' and '.' (no spaces)",
}


def _known_keys() -> set[str]:
    keys: set[str] = set()
    for model in (PolicyFileSpec, PolicySpec, ConditionSpec, MetricSpec, PauseRuleSpec):
        keys |= {f.alias or name for name, f in model.model_fields.items()}
    keys |= {"in", "not_in", "exists", "within"}
    return keys


def _pydantic_message(error: Any, loc: Sequence[object]) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        close = difflib.get_close_matches(key, sorted(_known_keys()), n=1)
        if close:
            hint = f"did you mean {close[0]!r}?"
        elif "match" in loc or "attributes" in loc:
            hint = "a match operator is one of 'in', 'not_in' or 'exists'"
        else:
            hint = "check its spelling in the docs"
        return f"unknown key {key!r}; {hint}"
    if kind == "string_type" and ("targets" in loc or "hours_per_day" in loc):
        return (
            f"expected a duration with a unit such as '15m', '4h', 'PT4H' or '2 business days',"
            f" got {value!r}"
        )
    if kind == "value_error":
        # Our validators' messages already name the value.
        return str(error["msg"]).removeprefix("Value error, ")
    message = _PYDANTIC_HINTS.get(kind) or error["msg"]
    if kind != "missing" and not isinstance(value, (dict, list)):
        message += f" (got {value!r})"
    return str(message)


def _load(data: Mapping[str, Any], source: str, lines: _Lines | Mapping[Any, Any]) -> PolicySet:
    out = _Collector(lines)
    try:
        spec = PolicyFileSpec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [p for p in error["loc"] if not _is_union_tag(p)]
            out.add(loc, _pydantic_message(error, loc))
        # Keep only the most specific message per path: unions report every alternative.
        raise PolicyFileError(source, _dedupe(out.problems)) from None
    policy_set = _resolve(spec, out)
    if out.problems:
        raise PolicyFileError(source, out.problems)
    assert policy_set is not None
    return policy_set


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and (
        part in ("str", "int", "float", "bool", "date", "datetime", "list[...]")
        or part.startswith(("function-", "list[", "dict[", "lax-", "union[", "literal["))
        or part.endswith("Spec")
    )


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: dict[str, Problem] = {}
    for problem in problems:
        seen.setdefault(problem.path, problem)
    # A union also fails as a whole at the parent path ("should be a valid list"); the
    # problem found deeper says what is actually wrong.
    paths = list(seen)
    return [
        p
        for p in seen.values()
        if not any(other.startswith((p.path + ".", p.path + "[")) for other in paths)
    ]


def _calendar_problem(exc: CalendarError) -> tuple[list[object], str]:
    text = str(exc)
    head, _, rest = text.partition(": ")
    if rest and head.startswith("calendars"):
        loc: list[object] = []
        for part in re.findall(r"[^.\[\]]+|\[\d+\]", head):
            loc.append(int(part[1:-1]) if part.startswith("[") else part)
        # "calendars.office: timezone: unknown time zone ..." belongs to the timezone key.
        key = re.match(r"(timezone|hours|holidays|on_gap|on_fold): ", rest)
        if key:
            loc.append(key[1])
            rest = rest[key.end() :]
        return loc, rest
    return ["calendars"], text


def _resolve(spec: PolicyFileSpec, out: _Collector) -> PolicySet | None:
    try:
        calendars = calendars_from_config(spec.calendars)
    except CalendarError as exc:
        loc, message = _calendar_problem(exc)
        out.add(loc, message)
        return None
    indexed = list(enumerate(spec.policies))
    by_name: dict[str, list[int]] = {}
    for i, p in indexed:
        by_name.setdefault(p.name, []).append(i)
    # None marks a policy whose inheritance failed, so its problem is reported only once.
    merged: dict[int, tuple[PolicySpec, tuple[str, ...]] | None] = {}

    def merge(i: int, chain: tuple[int, ...]) -> tuple[PolicySpec, tuple[str, ...]] | None:
        if i in merged:
            return merged[i]
        merged[i] = None
        p = spec.policies[i]
        if p.extends is None:
            merged[i] = (p, (p.name,))
            return merged[i]
        parents = by_name.get(p.extends)
        if not parents:
            out.add(
                ["policies", i, "extends"],
                f"unknown parent policy {p.extends!r}; defined: {', '.join(sorted(by_name))}",
            )
            return None
        if len(parents) > 1:
            out.add(
                ["policies", i, "extends"],
                f"parent {p.extends!r} has {len(parents)} effective-dated versions; extend a"
                " policy with a single version (put shared settings in an abstract base)",
            )
            return None
        parent = parents[0]
        if parent in chain or parent == i:
            path = (*chain, i)
            cycle = " -> ".join(
                spec.policies[j].name for j in (*path[path.index(parent) :], parent)
            )
            out.add(
                ["policies", i, "extends"],
                f"inheritance cycle: {cycle}; break it by removing one of these 'extends'",
            )
            return None
        base = merge(parent, (*chain, i))
        if base is None:
            return None
        merged[i] = (_merge_specs(base[0], p), (*base[1], p.name))
        return merged[i]

    resolved: list[tuple[int, SlaPolicy]] = []
    found_in: dict[int, range] = {}
    lineages: dict[int, tuple[str, ...]] = {}
    for i, _ in indexed:
        m = merge(i, ())
        if m is None:
            continue
        before = len(out.problems)
        policy = _resolve_policy(i, m[0], m[1], calendars, out)
        found_in[i], lineages[i] = range(before, len(out.problems)), m[1]
        if policy is not None:
            resolved.append((i, policy))
    _drop_inherited(spec, by_name, found_in, lineages, out)
    _check_versions(resolved, by_name, out)
    if out.problems:
        return None
    return PolicySet(tuple(p for _, p in resolved), calendars, spec.effective_by)


def _drop_inherited(
    spec: PolicyFileSpec,
    by_name: Mapping[str, list[int]],
    found_in: Mapping[int, range],
    lineages: Mapping[int, tuple[str, ...]],
    out: _Collector,
) -> None:
    """Report a problem in an inherited value once, at the policy that writes it."""

    def inner(k: int) -> tuple[str, str]:
        return _path(out.locs[k][2:]), out.problems[k].message

    drop: set[int] = set()
    for i, found in found_in.items():
        ancestors = [by_name[name][0] for name in lineages[i][:-1]]
        theirs = {inner(k) for a in ancestors for k in found_in.get(a, ())}
        for k in found:
            if inner(k) in theirs and not _written(spec.policies[i], out.locs[k][2:]):
                drop.add(k)
    out.problems = [p for k, p in enumerate(out.problems) if k not in drop]
    out.locs = [loc for k, loc in enumerate(out.locs) if k not in drop]


def _written(node: Any, loc: Sequence[object]) -> bool:
    """Whether a policy as written in the file (before inheritance) sets the value at loc."""
    for part in loc:
        if isinstance(node, BaseModel):
            fields = type(node).model_fields
            name = next((n for n, f in fields.items() if part in (n, f.alias)), None)
            if name is None or name not in node.model_fields_set:
                return False
            node = getattr(node, name)
        elif isinstance(node, Mapping):
            if part not in node:
                return False
            node = node[part]
        elif isinstance(node, list):
            if not isinstance(part, int) or part >= len(node):
                return False
            node = node[part]
        else:
            return False
    return True


_NOT_INHERITED = {"name", "extends", "abstract", "match", "effective_from", "effective_until"}


def _merge_specs(parent: PolicySpec, child: PolicySpec) -> PolicySpec:
    values: dict[str, Any] = {}
    for key in PolicySpec.model_fields:
        if key in _NOT_INHERITED:
            values[key] = getattr(child, key)
        elif key in child.model_fields_set and getattr(child, key) is not None:
            mine, theirs = getattr(child, key), getattr(parent, key)
            if key == "targets" and theirs is not None:
                merged = {prio: dict(metrics) for prio, metrics in theirs.items()}
                for prio, metrics in mine.items():
                    merged.setdefault(prio, {}).update(metrics)
                values[key] = merged
            elif key == "metrics" and theirs is not None:
                values[key] = {**theirs, **mine}
            else:
                values[key] = mine
        else:
            values[key] = getattr(parent, key)
    # A field the parent set stays "set" so a grandchild's merge sees it.
    fields_set = (parent.model_fields_set | child.model_fields_set) - {"abstract"}
    fields_set |= child.model_fields_set & {"abstract"}
    return PolicySpec.model_construct(_fields_set=fields_set, **values)


def _resolve_policy(
    i: int,
    p: PolicySpec,
    lineage: tuple[str, ...],
    calendars: Mapping[str, BusinessCalendar],
    out: _Collector,
) -> SlaPolicy | None:
    at = ["policies", i]
    before = len(out.problems)

    def calendar(name: str, loc: list[object]) -> BusinessCalendar | None:
        if name in calendars:
            return calendars[name]
        if name.strip().lower() in ("24x7", "24/7", "always"):
            return BusinessCalendar.always()
        known = ", ".join(sorted(calendars)) or "none (add a 'calendars:' section)"
        out.add(loc, f"unknown calendar {name!r}; defined calendars: {known}")
        return None

    if p.calendar is None:
        out.add(
            [*at, "calendar"],
            "no calendar: name one from 'calendars:' (or '24x7'), here or in a parent policy",
        )
        return None
    own_calendar = calendar(p.calendar, [*at, "calendar"])

    options = _options(p, at, out)
    metrics = _metrics(p, at, out)
    metric_names = set(BUILTIN_METRICS) | set(metrics)

    pause_rules: list[PauseRule] = []
    if p.pause_on:
        pause_rules.append(PauseRule(frozenset(p.pause_on)))
    for j, rule in enumerate(p.pause or []):
        if rule.metrics is not None:
            for k, name in enumerate(rule.metrics):
                if name not in metric_names:
                    out.add(
                        [*at, "pause", j, "metrics", k],
                        f"unknown metric {name!r}; known: {', '.join(sorted(metric_names))}",
                    )
        pause_rules.append(
            PauseRule(
                frozenset(rule.statuses),
                None if rule.metrics is None else frozenset(rule.metrics),
            )
        )

    warn_at = tuple(sorted(set(p.warn_at or ())))
    for j, fraction in enumerate(p.warn_at or ()):
        if not 0 < fraction < 1:
            out.add(
                [*at, "warn_at", j],
                f"warning threshold must be a fraction between 0 and 1, got {fraction!r};"
                " write 0.75 for 75 %",
            )

    targets: dict[str, dict[str, Target]] = {}
    for prio, entries in (p.targets or {}).items():
        prio_at = [*at, "targets", prio]
        default_name = p.calendar
        default_cal = own_calendar
        override = entries.get("calendar")
        if override is not None:
            if not isinstance(override, str):
                out.add([*prio_at, "calendar"], "expected a calendar name")
                continue
            default_name, default_cal = override, calendar(override, [*prio_at, "calendar"])
        found: dict[str, Target] = {}
        for metric, value in entries.items():
            if metric == "calendar":
                continue
            loc = [*prio_at, metric]
            if metric not in metric_names:
                out.add(
                    loc,
                    f"unknown metric {metric!r}; known: {', '.join(sorted(metric_names))}"
                    " (declare custom metrics under 'metrics:')",
                )
                continue
            text, cal_name, cal = value, default_name, default_cal
            if isinstance(value, TargetValueSpec):
                text = value.within
                if value.calendar is not None:
                    cal_name, cal = value.calendar, calendar(value.calendar, [*loc, "calendar"])
            assert isinstance(text, str)
            budget = _budget(text, p, options, loc, out)
            if budget is None or cal is None:
                continue
            found[metric] = Target(metric, budget, cal, cal_name)
        targets[prio] = found
    if not targets and not p.abstract:
        out.add([*at, "targets"], "no targets: give at least one priority, or '*' for all")

    match = tuple(_match_rules(p.match or {}, [*at, "match"], out))
    zone = own_calendar.zone if own_calendar is not None else None
    start = _instant(p.effective_from, zone)
    until = _instant(p.effective_until, zone)
    if start is not None and until is not None and until <= start:
        out.add(
            [*at, "effective_until"],
            f"effective_until {until.isoformat()} is not after effective_from {start.isoformat()}",
        )
    if len(out.problems) > before or own_calendar is None:
        return None
    return SlaPolicy(
        name=p.name,
        calendar=own_calendar,
        calendar_name=p.calendar,
        targets=targets,
        match=match,
        pause_rules=tuple(pause_rules),
        warn_at=warn_at,
        metrics=metrics,
        options=options,
        effective_from=start,
        effective_until=until,
        description=p.description,
        abstract=p.abstract,
        lineage=lineage,
    )


def _options(p: PolicySpec, at: list[object], out: _Collector) -> Options:
    values: dict[str, Any] = {}
    for key in _OPTION_FIELDS:
        value = getattr(p, key)
        if value is not None:
            values[key] = value
    if "hours_per_day" in values:
        budget = None
        try:
            budget = parse_duration(values["hours_per_day"])
        except PolicyError as exc:
            out.add([*at, "hours_per_day"], str(exc))
        if isinstance(budget, BusinessTime) and budget.time <= timedelta(hours=24):
            values["hours_per_day"] = budget.time
        else:
            if budget is not None:
                out.add(
                    [*at, "hours_per_day"],
                    f"hours_per_day must be business time up to 24h, got {p.hours_per_day!r}",
                )
            values.pop("hours_per_day")
    if values.get("day_means") == "hours" and p.hours_per_day is None:
        out.add(
            [*at, "day_means"],
            "day_means 'hours' converts a day into business hours: also set hours_per_day,"
            " e.g. '8h'",
        )
    return Options(**values)


def _budget(
    text: str, p: PolicySpec, options: Options, loc: list[object], out: _Collector
) -> BusinessTime | BusinessDays | None:
    bare = options.day_means if "day_means" in p.model_fields_set else None
    try:
        budget = parse_duration(text, bare_days=bare)
    except PolicyError as exc:
        out.add(loc, str(exc))
        return None
    if isinstance(budget, BusinessDays) and budget.meaning is None:
        if options.day_means == "24h":
            return BusinessTime(timedelta(hours=24 * budget.days))
        if options.day_means == "hours":
            if options.hours_per_day is None:
                return None  # reported by _options
            return BusinessTime(options.hours_per_day * budget.days)
        return BusinessDays(budget.days, options.day_means)
    return budget


def _condition(
    spec: ConditionSpec | list[ConditionSpec], loc: list[object], out: _Collector
) -> Condition:
    if isinstance(spec, list):
        if not spec:
            out.add(loc, "an empty list of conditions never holds; give at least one")
        return Condition(any_of=tuple(_condition(s, [*loc, k], out) for k, s in enumerate(spec)))
    fields = spec.model_fields_set
    if not fields:
        out.add(loc, "an empty condition; give e.g. {event: agent_replied} or {status: pending}")

    def as_set(value: str | list[str] | None) -> frozenset[str] | None:
        if value is None:
            return None
        return frozenset([value] if isinstance(value, str) else value)

    if spec.public is not None and spec.event is None:
        out.add([*loc, "public"], "'public' narrows an event; add event: agent_replied")
    for key in ("event", "status", "group", "assignee", "priority", "any", "all", "attributes"):
        if getattr(spec, key) in ([], {}):
            # An empty 'status' would never hold, an empty 'any' always: neither is meant.
            out.add([*loc, key], f"an empty {key!r}; list what it should hold for, or drop it")
    return Condition(
        events=as_set(spec.event),  # type: ignore[arg-type]
        public=spec.public,
        statuses=as_set(spec.status),
        groups=as_set(spec.group),
        assignees=as_set(spec.assignee),
        priorities=as_set(spec.priority),
        attributes=tuple(_match_rules(spec.attributes or {}, [*loc, "attributes"], out)),
        negate=None if spec.not_ is None else _condition(spec.not_, [*loc, "not"], out),
        any_of=tuple(_condition(c, [*loc, "any", k], out) for k, c in enumerate(spec.any or [])),
        all_of=tuple(_condition(c, [*loc, "all", k], out) for k, c in enumerate(spec.all or [])),
    )


def _metrics(p: PolicySpec, at: list[object], out: _Collector) -> dict[str, MetricDefinition]:
    found: dict[str, MetricDefinition] = {}
    for name, m in (p.metrics or {}).items():
        loc = [*at, "metrics", name]
        if name in BUILTIN_METRICS:
            out.add(loc, f"{name!r} is a built-in metric; give the custom metric another name")
            continue
        if name == "calendar":
            out.add(
                loc, "'calendar' is reserved for a row's calendar; give the metric another name"
            )
            continue
        if not re.match(_NAME, name):
            out.add(loc, f"metric name {name!r} may hold letters, digits, '_', '-' and '.'")
            continue
        if m.resume is not None and m.pause is None:
            out.add([*loc, "resume"], "'resume' without 'pause'; add the pause condition")

        def cond(
            key: str, value: ConditionInput | None, loc: list[object] = loc
        ) -> Condition | None:
            return None if value is None else _condition(value, [*loc, key], out)

        start, stop = cond("start", m.start), cond("stop", m.stop)
        assert start is not None and stop is not None
        found[name] = MetricDefinition(
            name=name,
            start=start,
            stop=stop,
            pause=cond("pause", m.pause),
            resume=cond("resume", m.resume),
            reset=cond("reset", m.reset),
            cancel=cond("cancel", m.cancel),
            description=m.description,
        )
    return found


def _match_rules(
    match: Mapping[str, Any], loc: list[object], out: _Collector
) -> Iterator[MatchRule]:
    for key, value in match.items():
        if isinstance(value, MatchOpSpec):
            given = [k for k in ("in_", "not_in", "exists") if getattr(value, k) is not None]
            if len(given) != 1:
                out.add([*loc, key], "give exactly one of 'in', 'not_in' or 'exists'")
                continue
            if value.exists is not None:
                yield MatchRule(key, "exists", exists=value.exists)
            elif value.in_ is not None:
                yield MatchRule(key, "in", tuple(value.in_))
            elif value.not_in is not None:
                yield MatchRule(key, "not_in", tuple(value.not_in))
        elif isinstance(value, list):
            if not value:
                out.add([*loc, key], "an empty list never matches; list the accepted values")
                continue
            yield MatchRule(key, "in", tuple(value))
        else:
            yield MatchRule(key, "in", (value,))


def _instant(value: date | datetime | None, zone: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if zone is None:
        return None
    return datetime.combine(value, time(0), tzinfo=zone)


def _check_versions(
    policies: list[tuple[int, SlaPolicy]], by_name: Mapping[str, list[int]], out: _Collector
) -> None:
    for name, indices in by_name.items():
        if len(indices) < 2:
            continue
        seen = [(p, i) for i, p in policies if p.name == name]
        for a_pos, (a, ia) in enumerate(seen):
            for b, ib in seen[a_pos + 1 :]:
                a_from = a.effective_from or datetime.min.replace(tzinfo=a.calendar.zone)
                b_from = b.effective_from or datetime.min.replace(tzinfo=b.calendar.zone)
                a_until = a.effective_until
                b_until = b.effective_until
                overlap = (a_until is None or b_from < a_until) and (
                    b_until is None or a_from < b_until
                )
                if overlap and not (a.effective_from or a_until or b.effective_from or b_until):
                    out.add(
                        ["policies", ib, "name"],
                        f"policy name {name!r} is already used by policies[{ia}]; rename one,"
                        " or make them versions with effective_from/effective_until windows",
                    )
                elif overlap:
                    out.add(
                        ["policies", ib, "effective_from"],
                        f"version of policy {name!r} overlaps the one at policies[{ia}]"
                        f" ({_window(a)} vs {_window(b)}); give each version its own"
                        " effective_from/effective_until window",
                    )


def _window(p: SlaPolicy) -> str:
    start = p.effective_from.isoformat() if p.effective_from else "always"
    end = p.effective_until.isoformat() if p.effective_until else "open-ended"
    return f"{start} – {end}"


def _policy_to_config(p: SlaPolicy) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name}
    if p.description is not None:
        out["description"] = p.description
    if p.abstract:
        out["abstract"] = True
    if p.match:
        out["match"] = {r.key: r.to_config() for r in p.match}
    out["calendar"] = p.calendar_name
    if p.pause_rules:
        out["pause"] = [
            {"statuses": sorted(r.statuses)}
            | ({} if r.metrics is None else {"metrics": sorted(r.metrics)})
            for r in p.pause_rules
        ]
    if p.warn_at:
        out["warn_at"] = list(p.warn_at)
    targets: dict[str, dict[str, Any]] = {}
    for prio, metrics in p.targets.items():
        entry: dict[str, Any] = {}
        for metric, target in metrics.items():
            text = format_duration(target.budget)
            if target.calendar_name != p.calendar_name:
                entry[metric] = {"within": text, "calendar": target.calendar_name}
            else:
                entry[metric] = text
        targets[prio] = entry
    out["targets"] = targets
    if p.metrics:
        out["metrics"] = {name: m.to_config() for name, m in p.metrics.items()}
    defaults = Options()
    for key in _OPTION_FIELDS:
        value = getattr(p.options, key)
        if value != getattr(defaults, key):
            out[key] = format_timedelta(value) if isinstance(value, timedelta) else value
    if p.effective_from is not None:
        out["effective_from"] = p.effective_from.isoformat()
    if p.effective_until is not None:
        out["effective_until"] = p.effective_until.isoformat()
    return out
