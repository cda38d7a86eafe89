"""The shape of ``services:`` and ``contracts:`` in a policy file (pydantic).

These models only check the shape (which keys, which kinds of value); they are part of the
policy file's shape (`PolicyFileSpec`) and so of its JSON Schema. What the values mean —
percentages, money, tiers in order, weights that add up, names that exist — is checked when
`slaclock.contracts` resolves a file, where each problem gets its path and line.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from pydantic import ConfigDict, Field, field_validator

from .spec_base import NAME_PATTERN, _Spec, effective_instant

__all__ = [
    "AllWindowSpec",
    "AnyWindowSpec",
    "CapSpec",
    "ContractFileSpec",
    "ContractSpec",
    "CreditsSpec",
    "EarnBackSpec",
    "ExclusionsSpec",
    "NotWindowSpec",
    "ObjectiveSpec",
    "PerBreachSpec",
    "PlannedSpec",
    "ServiceName",
    "ServiceSpec",
    "ShareSpec",
    "TicketsSpec",
    "TierSpec",
    "WindowSpec",
]

Name = Annotated[str, Field(pattern=NAME_PATTERN)]
ServiceName = Name
"""A service's key under ``services:``."""

Percent: TypeAlias = str
"""A percentage written with its sign: ``"99.5%"``. Checked (0 % to 100 %) when resolved."""

Money: TypeAlias = str
"""An amount and its currency: ``"12000 EUR"``, ``"49.90 USD"``."""

Period: TypeAlias = Literal["month", "quarter"]
OpenTickets: TypeAlias = Literal["exclude", "count_as_met"]
"""How ticket objectives count running and paused tickets: the compliance report's rule."""
ExcludedTime: TypeAlias = Literal["removed", "up"]
"""Excluded time leaves the agreed service time (``removed``) or counts as up time (``up``)."""


class ServiceSpec(_Spec):
    """A service the provider delivers, and its fee per measurement period."""

    name: str | None = None
    fee: Money


class NotWindowSpec(_Spec):
    """The complement of a window: every instant of the period the window leaves out."""

    not_: WindowSpec = Field(alias="not")


class AnyWindowSpec(_Spec):
    """The union of windows: open when any of them is."""

    any: Annotated[list[WindowSpec], Field(min_length=1)]


class AllWindowSpec(_Spec):
    """The intersection of windows: open when all of them are."""

    all: Annotated[list[WindowSpec], Field(min_length=1)]


WindowSpec: TypeAlias = str | NotWindowSpec | AnyWindowSpec | AllWindowSpec
"""A calendar name from ``calendars:`` (or ``24x7``), or ``{not: W}``, ``{any: [...]}``,
``{all: [...]}`` over windows."""


class TicketsSpec(_Spec):
    """Which tickets a ticket objective looks at: a metric (for ``attainment``) or a rating
    attribute the host records on tickets (for ``share``), optionally some priorities."""

    metric: str | None = None
    attribute: str | None = None
    priority: str | list[str] | None = None


class ShareSpec(_Spec):
    """The share of rated tickets whose rating is at least `at_least` (on a scale up to `of`)
    must reach `target`. Tickets without a rating are not counted."""

    at_least: int | float
    of: int | float | None = None
    target: Percent


class ObjectiveSpec(_Spec):
    """One promised level: availability of a service in a window, or attainment over tickets."""

    name: Name
    description: str | None = None
    service: str | None = None
    availability: Percent | None = None
    window: WindowSpec | None = None
    tickets: TicketsSpec | None = None
    attainment: Percent | None = None
    share: ShareSpec | None = None


class PlannedSpec(_Spec):
    """Announced maintenance leaves the window when announced `notice` ahead, up to
    `max_per_period` of it per service and period (beyond that it counts as downtime)."""

    notice: str
    max_per_period: str | None = None


class ExclusionsSpec(_Spec):
    """Which outages leave the measurement, and what excluded time means."""

    planned: PlannedSpec | None = None
    customer_caused: bool | None = None
    force_majeure: bool | None = None
    excluded_time: ExcludedTime | None = None


class TierSpec(_Spec):
    """A level below which a share of the fee is credited."""

    below: Percent
    credit: Percent


class CapSpec(_Spec):
    """The most that can be credited, as shares of the fees of a period and of a year."""

    per_period: Percent | None = None
    per_year: Percent | None = None


class EarnBackSpec(_Spec):
    """A period's credit is returned when each of the next `periods` periods meets every
    objective that was missed."""

    periods: Annotated[int, Field(ge=1, le=12)]


class PerBreachSpec(_Spec):
    """A fixed amount credited for each ticket whose metric is breached in the period."""

    tickets: TicketsSpec
    amount: Money


class CreditsSpec(_Spec):
    """Service credits: tiers per objective, weights, the amount at risk, caps, earn-back."""

    at_risk: Percent | None = None
    tiers: dict[str, list[TierSpec]] | None = None
    weights: dict[str, Percent] | None = None
    cap: CapSpec | None = None
    earn_back: EarnBackSpec | None = None
    per_breach: list[PerBreachSpec] | None = None


class ContractSpec(_Spec):
    """One contract (or one version of it) as written. Unset fields inherit from `extends`."""

    name: Name
    description: str | None = None
    extends: str | None = None
    abstract: bool = False
    customer: str | None = None
    match: dict[str, str | int | bool | list[str | int | bool]] | None = None
    services: list[str] | None = None
    period: Period | None = None
    timezone: str | None = None
    open_tickets: OpenTickets | None = None
    objectives: list[ObjectiveSpec] | None = None
    exclusions: ExclusionsSpec | None = None
    credits: CreditsSpec | None = None
    effective_from: date | datetime | None = None
    effective_until: date | datetime | None = None

    @field_validator("effective_from", "effective_until")
    @classmethod
    def _aware(cls, value: date | datetime | None) -> date | datetime | None:
        return effective_instant(value, "the contract's time zone")


class ContractFileSpec(_Spec):
    """The contract part of a policy file. Other top-level keys (``calendars``, ``policies``)
    belong to the policy loader."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    services: dict[Name, ServiceSpec] = Field(default_factory=dict)
    contracts: list[ContractSpec] = Field(default_factory=list)


NotWindowSpec.model_rebuild()
AnyWindowSpec.model_rebuild()
AllWindowSpec.model_rebuild()
