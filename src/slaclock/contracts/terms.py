"""The values a contract resolves to: money, shares, windows, objectives, tiers, credits.

Every number is exact: shares are `fractions.Fraction` (a percentage written ``99.95%`` is
exactly 9995/10000), money is `decimal.Decimal` with its currency, time is integer
microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from ..calendar import BusinessCalendar
from ..report import OpenTickets
from . import _intervals as iv

__all__ = [
    "AllOf",
    "AnyOf",
    "CalendarWindow",
    "Contract",
    "Credits",
    "Exclusions",
    "Money",
    "Not",
    "Objective",
    "PerBreach",
    "Service",
    "Tier",
    "Window",
    "format_percent",
    "parse_money",
    "parse_percent",
]

_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")
_MONEY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$")


def parse_percent(text: object) -> Fraction:
    """``"99.95%"`` as the exact fraction 1999/2000; more than 100 % is an error.

    >>> parse_percent("99.95%")
    Fraction(1999, 2000)
    """
    if not isinstance(text, str) or not (found := _PERCENT.match(text)):
        raise ValueError(f"expected a percentage with its sign such as '99.5%', got {text!r}")
    value = Fraction(found[1]) / 100
    if value > 1:
        raise ValueError(f"a percentage cannot be over 100%, got {text!r}")
    return value


def percent_places(text: str) -> int:
    """How many decimals a written percentage has (``"99.95%"`` → 2)."""
    number = text.strip().rstrip("%").strip()
    return len(number.partition(".")[2])


def format_percent(value: Fraction, places: int = 2) -> str:
    """A share shown as a percentage, *truncated* to `places` decimals (never rounded up).

    Truncating means a shown figure never claims more than was measured: 99.9509 % shows as
    99.95 %, 99.9499 % as 99.94 %. The decision whether a target is met is made on the exact
    fraction, never on this text.

    >>> format_percent(Fraction(99951, 100000)), format_percent(Fraction(99949, 100000))
    ('99.95%', '99.94%')
    """
    scaled = value * 100 * 10**places
    whole = scaled.numerator // scaled.denominator
    text = str(whole).rjust(places + 1, "0")
    if places:
        text = text[:-places] + "." + text[-places:]
    return text + "%"


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount of one currency."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount:f} {self.currency}"

    def cents(self) -> str:
        """The amount rounded to the cent (half to even), for display."""
        return f"{self.amount.quantize(Decimal('0.01')):f} {self.currency}"


def parse_money(text: object) -> Money:
    """``"12000 EUR"`` as `Money`.

    >>> str(parse_money("49.90 USD"))
    '49.90 USD'
    """
    if not isinstance(text, str) or not (found := _MONEY.match(text)):
        raise ValueError(
            f"expected an amount and a currency code such as '12000 EUR', got {text!r}"
        )
    return Money(Decimal(found[1]), found[2])


def _share(value: Fraction) -> Decimal:
    """A percentage's fraction as a Decimal (exact: written percentages are decimals)."""
    return Decimal(value.numerator) / Decimal(value.denominator)


# --------------------------------------------------------------------------- windows


class Window:
    """When an objective is measured, as a set of instants computed per period."""

    def spans(self, lo: int, hi: int) -> iv.Intervals:
        """The window's intervals between two instants (integer microseconds)."""
        raise NotImplementedError

    def describe(self) -> str:
        """A short text for statements."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class CalendarWindow(Window):
    """Open when a calendar is open; ``calendar=None`` means around the clock."""

    name: str
    calendar: BusinessCalendar | None = field(compare=False)

    def spans(self, lo: int, hi: int) -> iv.Intervals:
        if self.calendar is None:
            return ((lo, hi),) if lo < hi else ()
        # Instants in UTC: a calendar's answers never depend on the zone of its inputs.
        found = self.calendar.open_intervals(iv.from_us(lo), iv.from_us(hi))
        return iv.normalise((iv.to_us(a), iv.to_us(b)) for a, b in found)

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class Not(Window):
    """Every instant the inner window leaves out."""

    inner: Window

    def spans(self, lo: int, hi: int) -> iv.Intervals:
        return iv.complement(self.inner.spans(lo, hi), (lo, hi))

    def describe(self) -> str:
        return f"not {self.inner.describe()}"


@dataclass(frozen=True, slots=True)
class AnyOf(Window):
    """Open when any part is."""

    parts: tuple[Window, ...]

    def spans(self, lo: int, hi: int) -> iv.Intervals:
        return iv.union(*(p.spans(lo, hi) for p in self.parts))

    def describe(self) -> str:
        return "any of (" + ", ".join(p.describe() for p in self.parts) + ")"


@dataclass(frozen=True, slots=True)
class AllOf(Window):
    """Open when every part is."""

    parts: tuple[Window, ...]

    def spans(self, lo: int, hi: int) -> iv.Intervals:
        out = self.parts[0].spans(lo, hi)
        for p in self.parts[1:]:
            out = iv.intersect(out, p.spans(lo, hi))
        return out

    def describe(self) -> str:
        return "all of (" + ", ".join(p.describe() for p in self.parts) + ")"


# --------------------------------------------------------------------------- terms


@dataclass(frozen=True, slots=True)
class Service:
    """A service and its fee per period."""

    key: str
    name: str
    fee: Money


@dataclass(frozen=True, slots=True)
class Tier:
    """Below `below` (exact, strictly), `credit` of the base is credited."""

    below: Fraction
    credit: Fraction
    below_text: str
    credit_text: str

    @property
    def credit_share(self) -> Decimal:
        """The credit as an exact Decimal share."""
        return _share(self.credit)


@dataclass(frozen=True, slots=True)
class Objective:
    """A promised level: availability of a service in a window, attainment of a metric over
    tickets, or the share of rated tickets with a good enough rating."""

    name: str
    kind: Literal["availability", "tickets", "rating"]
    target: Fraction
    target_text: str
    service: str | None = None
    window: Window | None = None
    metric: str | None = None
    priorities: frozenset[str] | None = None
    tiers: tuple[Tier, ...] = ()
    attribute: str | None = None
    at_least: Fraction | None = None

    @property
    def places(self) -> int:
        """Decimals shown for measured levels: at least 2, at least as many as the target."""
        return max(2, percent_places(self.target_text))

    def tier_for(self, level: Fraction) -> Tier | None:
        """The worst tier whose threshold the exact level is below, if any."""
        reached = None
        for tier in self.tiers:
            if level < tier.below:
                reached = tier
        return reached


@dataclass(frozen=True, slots=True)
class Exclusions:
    """Which outages leave the measurement (documented defaults in the concept page)."""

    planned_notice: timedelta | None = None
    planned_allowance: timedelta | None = None
    customer_caused: bool = True
    force_majeure: bool = True
    excluded_time: Literal["removed", "up"] = "removed"


@dataclass(frozen=True, slots=True)
class PerBreach:
    """A fixed amount per ticket whose metric breaches in the period."""

    metric: str
    priorities: frozenset[str] | None
    amount: Money


@dataclass(frozen=True, slots=True)
class Credits:
    """How misses turn into money."""

    at_risk: Fraction | None = None
    weights: Mapping[str, Fraction] = field(default_factory=dict)
    per_period: Fraction | None = None
    per_year: Fraction | None = None
    earn_back: int | None = None
    per_breach: tuple[PerBreach, ...] = ()


@dataclass(frozen=True, slots=True)
class Contract:
    """One version of a resolved contract (inheritance flattened)."""

    name: str
    services: Mapping[str, Service]
    currency: str
    period: Literal["month", "quarter"]
    timezone: str
    objectives: tuple[Objective, ...]
    exclusions: Exclusions
    credits: Credits
    customer: str | None = None
    match: Mapping[str, tuple[object, ...]] = field(default_factory=dict)
    effective_from: datetime | None = None
    effective_until: datetime | None = None
    open_tickets: OpenTickets = "exclude"
    """Running and paused tickets in ticket objectives: left out until decided (``exclude``)
    or counted as met so far (``count_as_met``), as in `slaclock.report.ReportOptions`."""

    @property
    def fees(self) -> Decimal:
        """The sum of the contract's services' fees per period."""
        return sum((s.fee.amount for s in self.services.values()), Decimal(0))

    def in_effect(self, at: datetime) -> bool:
        """Whether this version applies at an instant (from inclusive, until exclusive)."""
        if self.effective_from is not None and at < self.effective_from:
            return False
        return self.effective_until is None or at < self.effective_until

    def matches(self, attributes: Mapping[str, object]) -> bool:
        """Whether a ticket with these attributes belongs to this contract."""
        for key, allowed in self.match.items():
            value = attributes.get(key)
            if not any(type(value) is type(a) and value == a for a in allowed):
                return False
        return True
