"""Helpers for teams who unit-test their own SLA policies.

A `Scenario` reads like the story of a ticket, in one explicit time zone::

    >>> from slaclock.testing import Scenario, demo_policies
    >>> story = (
    ...     Scenario(demo_policies(), tz="Europe/Berlin")
    ...     .created("Fri 2026-11-27 16:30", "P3", tier="enterprise")
    ...     .status("16:45", "waiting_on_customer")      # same day as the previous event
    ...     .customer_replied("Mon 09:10")               # the next Monday
    ...     .status("+0m", "open")                       # relative to the previous event
    ... )
    >>> story.expect("first_response", at="Mon 11:00").state("running").due("Mon 2026-11-30 13:55")
    Expectation('first_response' at Mon 30 Nov 2026 11:00 CET)

Times are wall-clock times in the scenario's zone: ``"2026-11-27 16:30"`` (a date and time),
``"Fri 2026-11-27 16:30"`` (the weekday is checked), ``"Mon 09:10"`` (the next Monday on or
after the previous event's date), ``"16:45"`` (the previous event's date), or ``"+2h"`` /
``"+30m"`` (after the previous event). A wrong weekday or an unreadable time is an error, never
a guess. Failed expectations raise `AssertionError` with the metric's ledger, so a failing
policy test explains itself.

The pytest plugin (registered through the ``pytest11`` entry point) provides the fixtures
``sla_scenario`` (a factory: ``sla_scenario(policies, tz=...)``) and ``sla_demo_policies``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any

from .._kernel.instants import zone_for
from ..budgets import BusinessTime, format_timedelta, parse_duration
from ..clock import MetricStatus, TicketStatus, evaluate
from ..config import PolicySet
from ..events import TicketEvent
from ..policy import SlaPolicy

__all__ = ["Expectation", "Scenario", "demo_policies"]

_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RELATIVE = re.compile(r"^\+\s*((?:\d+\s*[dhms]\s*)+)$", re.IGNORECASE)
_PART = re.compile(r"(\d+)\s*([dhms])", re.IGNORECASE)
_UNITS = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def demo_policies() -> PolicySet:
    """The policy set of ``slaclock demo`` (Berlin office hours, enterprise and standard)."""
    text = resources.files("slaclock").joinpath("data", "demo_policy.yaml").read_text("utf-8")
    return PolicySet.from_yaml(text, source="demo_policy.yaml")


class Scenario:
    """A ticket's story in one time zone; `expect` evaluates it and checks the outcome."""

    def __init__(self, policies: PolicySet | SlaPolicy, *, tz: str) -> None:
        self.policies = policies
        self.zone = zone_for(tz, "tz")
        self.events: list[TicketEvent] = []
        self._last: datetime | None = None

    # ------------------------------------------------------------------ time

    def when(self, text: str) -> datetime:
        """Read a scenario time (see the module docstring) as an aware datetime."""
        raw = text.strip()
        relative = _RELATIVE.match(raw)
        if relative:
            if self._last is None:
                raise ValueError(f"{text!r} is relative, but no event came before it")
            seconds = sum(int(n) * _UNITS[u.lower()] for n, u in _PART.findall(relative[1]))
            return (self._last + timedelta(seconds=seconds)).astimezone(self.zone)
        words = raw.split()
        weekday: int | None = None
        if words and words[0][:3].lower() in _DAYS and not words[0][:1].isdigit():
            weekday = _DAYS.index(words[0][:3].lower())
            words = words[1:]
        day: date | None = None
        clock: time | None = None
        for word in words:
            try:
                if "-" in word:
                    day = date.fromisoformat(word)
                else:
                    clock = time.fromisoformat(word)
            except ValueError:
                raise ValueError(
                    f"cannot read {text!r}: write '2026-11-27 16:30', 'Fri 16:30', '16:30' or '+2h'"
                ) from None
        if clock is None:
            raise ValueError(f"{text!r} has no time of day; write e.g. 'Mon 09:10'")
        if day is None:
            if self._last is None:
                raise ValueError(f"{text!r} has no date and no event came before it")
            day = self._last.astimezone(self.zone).date()
            if weekday is not None:
                day += timedelta(days=(weekday - day.weekday()) % 7)
        elif weekday is not None and day.weekday() != weekday:
            raise ValueError(
                f"{text!r}: {day.isoformat()} is a {_DAYS[day.weekday()].title()}, not a"
                f" {_DAYS[weekday].title()}"
            )
        # fold=0: a wall time repeated by a DST change means its first occurrence.
        return datetime.combine(day, clock, tzinfo=self.zone)

    def _add(self, event: TicketEvent) -> Scenario:
        self.events.append(event)
        self._last = event.at
        return self

    # ------------------------------------------------------------------ events

    def created(self, at: str, priority: str, **attributes: Any) -> Scenario:
        """The ticket is created with a priority and attributes."""
        return self._add(TicketEvent.created(self.when(at), priority, attributes))

    def status(self, at: str, status: str) -> Scenario:
        """The ticket's status changes."""
        return self._add(TicketEvent.status_changed(self.when(at), status))

    def agent_replied(self, at: str, *, public: bool = True) -> Scenario:
        """An agent replies (``public=False``: an internal note)."""
        return self._add(TicketEvent.agent_replied(self.when(at), public=public))

    def internal_note(self, at: str) -> Scenario:
        """An agent writes an internal note (never a response)."""
        return self.agent_replied(at, public=False)

    def customer_replied(self, at: str) -> Scenario:
        """The customer writes."""
        return self._add(TicketEvent.customer_replied(self.when(at)))

    def priority(self, at: str, priority: str) -> Scenario:
        """The priority changes."""
        return self._add(TicketEvent.priority_changed(self.when(at), priority))

    def assigned(
        self, at: str, *, group: str | None = None, assignee: str | None = None
    ) -> Scenario:
        """The ticket is assigned to a group and/or an agent."""
        return self._add(TicketEvent.assigned(self.when(at), group=group, assignee=assignee))

    def resolved(self, at: str) -> Scenario:
        """The ticket is resolved."""
        return self._add(TicketEvent.resolved(self.when(at)))

    def reopened(self, at: str) -> Scenario:
        """The ticket is reopened."""
        return self._add(TicketEvent.reopened(self.when(at)))

    def closed(self, at: str) -> Scenario:
        """The ticket is closed."""
        return self._add(TicketEvent.closed(self.when(at)))

    # ------------------------------------------------------------------ outcomes

    def evaluate(self, at: str) -> TicketStatus:
        """The ticket evaluated at a scenario time (it does not become an event)."""
        return evaluate(self.policies, self.events, self.when(at))

    def expect(self, metric: str, *, at: str) -> Expectation:
        """Checks on one metric at a scenario time."""
        now = self.when(at)
        status = evaluate(self.policies, self.events, now)
        return Expectation(self, status, metric, now)


def _show(value: datetime | None, zone: Any) -> str:
    return "None" if value is None else value.astimezone(zone).strftime("%a %d %b %Y %H:%M %Z")


class Expectation:
    """Chainable checks on one metric; a failure shows what was found and the ledger."""

    def __init__(self, scenario: Scenario, status: TicketStatus, metric: str, now: datetime):
        self.scenario = scenario
        self.status = status
        self.metric_name = metric
        self.now = now
        try:
            self.metric: MetricStatus = status.metric(metric)
        except KeyError as exc:
            raise AssertionError(
                f"{exc.args[0]} (policy chosen: "
                f"{status.policy.name if status.policy else 'none'}; why: {status.reasons[-1]})"
            ) from None

    def __repr__(self) -> str:
        return f"Expectation({self.metric_name!r} at {_show(self.now, self.scenario.zone)})"

    def _fail(self, what: str, expected: str, actual: str) -> AssertionError:
        lines = [
            f"{self.metric_name} at {_show(self.now, self.scenario.zone)}: expected {what}"
            f" {expected}, got {actual}",
            f"  policy: {self.status.policy.name if self.status.policy else 'none'}"
            f" ({self.status.reasons[-1]})",
            f"  state: {self.metric.state}, due: {_show(self.metric.due_at, self.scenario.zone)},"
            f" elapsed: {format_timedelta(self.metric.elapsed)},"
            f" paused: {format_timedelta(self.metric.paused)}",
            "  ledger:",
        ]
        for entry in self.metric.ledger:
            end = "" if entry.end is None else f" → {_show(entry.end, self.scenario.zone)}"
            lines.append(
                f"    {_show(entry.start, self.scenario.zone)}{end}: {entry.kind}, {entry.reason}"
            )
        return AssertionError("\n".join(lines))

    def state(self, expected: str) -> Expectation:
        """The metric's state (pending, running, paused, met, breached, cancelled)."""
        if self.metric.state != expected:
            raise self._fail("state", repr(expected), repr(self.metric.state))
        return self

    def _instant(self, what: str, actual: datetime | None, expected: str | None) -> Expectation:
        wanted = None if expected is None else self.scenario.when(expected)
        if actual != wanted:
            raise self._fail(
                what, _show(wanted, self.scenario.zone), _show(actual, self.scenario.zone)
            )
        return self

    def due(self, expected: str | None) -> Expectation:
        """The deadline (None while paused)."""
        return self._instant("due", self.metric.due_at, expected)

    def met(self, expected: str | None) -> Expectation:
        """When the metric was met."""
        return self._instant("met at", self.metric.met_at, expected)

    def breached(self, expected: str | None) -> Expectation:
        """When the budget ran out."""
        return self._instant("breached at", self.metric.breached_at, expected)

    def _duration(self, what: str, actual: timedelta | None, expected: str) -> Expectation:
        budget = parse_duration(expected)
        if not isinstance(budget, BusinessTime):
            raise ValueError(f"{expected!r}: give business time such as '1h30m'")
        if actual != budget.time:
            raise self._fail(
                what,
                format_timedelta(budget.time),
                "None" if actual is None else format_timedelta(actual),
            )
        return self

    def elapsed(self, expected: str) -> Expectation:
        """Business time counted (e.g. ``"1h30m"``)."""
        return self._duration("elapsed", self.metric.elapsed, expected)

    def paused(self, expected: str) -> Expectation:
        """Business time held."""
        return self._duration("paused", self.metric.paused, expected)

    def remaining(self, expected: str) -> Expectation:
        """Budget left (positive; use `state('breached')` for overdue)."""
        return self._duration("remaining", self.metric.remaining, expected)
