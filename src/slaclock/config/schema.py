"""The shape of a policy file, as pydantic models: types, names and allowed keys.

These models check the *shape* of a file (extra keys are forbidden) and are the source of its
JSON Schema (`policy_schema`); `resolve` then gives the shape its meaning. Importing this
module builds the models, so only reading a file does.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import Field, field_validator

from .._typing import (
    BreachAt,
    DueOnClose,
    EffectiveBy,
    EventType,
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
from ..budgets import DayMeaning
from ..policy.model import Scalar
from .contract_specs import ContractSpec, ServiceName, ServiceSpec
from .spec_base import NAME_PATTERN, _Spec, effective_instant

__all__ = [
    "NAME_PATTERN",
    "ConditionInput",
    "ConditionSpec",
    "MatchOpSpec",
    "MatchValue",
    "MetricSpec",
    "PauseRuleSpec",
    "PolicyFileSpec",
    "PolicySpec",
    "TargetValueSpec",
    "effective_instant",
]


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
    """A budget with its own calendar: ``{within: 4h, calendar: always}``; with ``after``, a
    wait on the policy's calendar (or ``after_calendar``) before the budget counts:
    ``{within: 8h, calendar: always, after: 0m}`` waits for the first business minute, then
    counts eight real hours."""

    within: str
    calendar: str | None = None
    after: str | None = None
    after_calendar: str | None = None


class PolicySpec(_Spec):
    """One policy as written in a file. Unset fields inherit from ``extends``."""

    name: Annotated[str, Field(pattern=NAME_PATTERN)]
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
    # Peer presets and the behaviours they need (slaclock.policy.presets).
    preset: str | None = None
    breach_at: BreachAt | None = None
    start_rounding: StartRounding | None = None
    due_on_close: DueOnClose | None = None
    met_due: MetDue | None = None
    paused_due: PausedDue | None = None
    reported_start: ReportedStart | None = None
    first_response_met_by: list[FirstResponseBy] | None = None
    pause_rounding: PauseRounding | None = None
    selection: SelectionMode | None = None
    next_response_arming: NextResponseArming | None = None
    first_response_statuses: list[Annotated[str, Field(min_length=1)]] | None = None
    periodic_update_disarm: PeriodicDisarm | None = None
    resolved_due: ResolvedDue | None = None
    effective_from: date | datetime | None = None
    effective_until: date | datetime | None = None

    @field_validator("effective_from", "effective_until")
    @classmethod
    def _aware(cls, value: date | datetime | None) -> date | datetime | None:
        return effective_instant(value, "the policy's calendar zone")


class PolicyFileSpec(_Spec):
    """A whole policy file: calendars, then policies in the order they are matched."""

    calendars: dict[str, Any] = Field(default_factory=dict)
    policies: Annotated[list[PolicySpec], Field(min_length=1)]
    effective_by: EffectiveBy = "created"
    # The agreement above the tickets lives in the same file. The policy loader checks the
    # shape of these two sections; `slaclock.contracts` gives them their meaning.
    services: dict[ServiceName, ServiceSpec] = Field(default_factory=dict)
    contracts: list[ContractSpec] = Field(default_factory=list)
