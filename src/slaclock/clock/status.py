"""The results of an evaluation: `TicketStatus` (the policy and why, every metric, and
`next_change_at`), `MetricStatus` and `CycleStatus`. Values are computed from the measures
when read, so a host pays only for what it looks at."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, tzinfo
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from .._kernel.instants import from_us, iso_us
from .._typing import MetricState
from ..policy.model import SlaPolicy, Target
from ..policy.selection import Selection
from .jsontext import duration_text, heads, iso_into, json_text, now_text, seconds_text, whys
from .ledger import LedgerEntry, dt, iso, ledger_rows, seconds
from .measure import Measure, missed_messages

__all__ = ["CycleStatus", "MetricStatus", "TicketStatus"]

_fromtimestamp = datetime.fromtimestamp


class CycleStatus:
    """One cycle of a metric (a response awaited, a resolution, an update period)."""

    __slots__ = ("_m", "_zone")

    def __init__(self, measure: Measure, zone: tzinfo) -> None:
        self._m = measure
        self._zone = zone

    @property
    def number(self) -> int:
        """1 for the first cycle."""
        return self._m.cycle.number

    # The same figures as integer UTC microseconds, for hosts and reports that aggregate many
    # tickets and need no datetime or timedelta objects.

    @property
    def elapsed_us(self) -> int:
        """`elapsed` in microseconds."""
        return self._m.used

    @property
    def budget_us(self) -> int:
        """`budget` in microseconds."""
        return self._m.budget

    @property
    def ended_us(self) -> int | None:
        """`ended_at` as UTC microseconds since 1970."""
        return self._m.cycle.end

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
        return from_us(self._m.start, self._zone)

    @property
    def due_at(self) -> datetime | None:
        """The deadline (None while paused)."""
        return dt(self._m.due, self._zone)

    @property
    def ended_at(self) -> datetime | None:
        """When the cycle ended (met, cancelled, restarted)."""
        return dt(self._m.cycle.end, self._zone)

    @property
    def met_at(self) -> datetime | None:
        """When the cycle was met (also when met late)."""
        return self.ended_at if self._m.cycle.outcome == "met" else None

    @property
    def breached_at(self) -> datetime | None:
        """When the budget ran out, for a breached cycle."""
        return dt(self._m.breached_at, self._zone)

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

    @property
    def messages(self) -> int | None:
        """A next response's customer messages: the one that armed it and those after it
        before the reply (None for other metrics)."""
        found = self._m.cycle.messages
        return None if found is None else len(found)

    @property
    def missed_messages(self) -> int | None:
        """A next response's customer messages left unanswered past its target: none for a
        cycle not breached; else one for the messages waiting when it breached and one for
        each later message before the reply (None for other metrics)."""
        return missed_messages(self._m)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (next responses also give ``messages`` and ``missed_messages``)."""
        out: dict[str, Any] = {
            "number": self.number,
            "state": self.state,
            "priority": self.priority,
            "outcome": self.outcome,
            "started_at": self.started_at.isoformat(),
            "due_at": iso(self.due_at),
            "met_at": iso(self.met_at),
            "breached_at": iso(self.breached_at),
            "budget_seconds": seconds(self._m.budget),
            "elapsed_seconds": seconds(self._m.used),
            "paused_seconds": seconds(self._m.paused),
        }
        if self._m.cycle.messages is not None:
            out["messages"] = self.messages
            out["missed_messages"] = self.missed_messages
        return out


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
        measures: list[Measure],
        target: Target | None,
        now: int,
        zone: tzinfo,
        warn_at: tuple[float, ...],
        sticky: bool,
        marks: list[tuple[int, str]],
        breaches: tuple[int | None] | None = None,
    ) -> None:
        self._metric = metric
        self._cycles = measures
        self._target = target
        self._now = now
        self._zone = zone
        self._marks = marks
        current = measures[-1] if measures else None
        first_breach = None
        if breaches is not None:  # found by the caller (an incremental clock keeps it)
            first_breach = breaches[0]
        else:
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
            engine = current.engine
            for fraction in warn_at:
                threshold = int(current.budget * fraction)
                if current.used < threshold:
                    self._warn = engine.add(max(now, current.cycle.since), threshold - current.used)
                    break

    if TYPE_CHECKING:

        @property
        def metric(self) -> str:
            """The metric's name."""

        @property
        def state(self) -> MetricState:
            """pending, running, paused, met, breached (sticky by default) or cancelled."""

    else:
        # Read for every metric of every ticket: properties whose getter is C code, no frame.
        metric = property(attrgetter("_metric"), doc="The metric's name.")
        state = property(
            attrgetter("_state"),
            doc="pending, running, paused, met, breached (sticky by default) or cancelled.",
        )

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

    def _cur(self) -> Measure | None:
        return self._cycles[-1] if self._cycles else None

    @property
    def started_at(self) -> datetime | None:
        """When the current cycle started."""
        m = self._cur()
        return None if m is None else from_us(m.start, self._zone)

    @property
    def due_at(self) -> datetime | None:
        """The current cycle's deadline; None while paused or pending."""
        cycles = self._cycles
        us = cycles[-1].due if cycles else None
        if us is None:
            return None
        # `from_us`, inline: a host reads this of every metric of every ticket.
        seconds = us // 1_000_000
        micro = us - seconds * 1_000_000
        value = _fromtimestamp(seconds, self._zone)
        return value.replace(microsecond=micro) if micro else value

    @property
    def met_at(self) -> datetime | None:
        """When the current cycle was met."""
        m = self._cur()
        if m is None or m.cycle.outcome != "met":
            return None
        return dt(m.cycle.end, self._zone)

    @property
    def breached_at(self) -> datetime | None:
        """When the budget ran out (the first breach of any cycle, breach being sticky)."""
        us = self._first_breach
        if us is None:
            return None
        seconds = us // 1_000_000  # `from_us`, inline (as in `due_at`)
        micro = us - seconds * 1_000_000
        value = _fromtimestamp(seconds, self._zone)
        return value.replace(microsecond=micro) if micro else value

    @property
    def breached_us(self) -> int | None:
        """`breached_at` as UTC microseconds since 1970."""
        return self._first_breach

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
        return dt(self._warn, self._zone)

    def next_change_us(self) -> int | None:
        """The next instant (UTC microseconds) at which this metric changes state, or None."""
        m = self._cur()
        candidates = [self._warn] if self._warn is not None else []
        # A hidden pause (pause_accounting: hide) counts on to its deadline like a running one.
        due = None if m is None else (m.due if m.hidden_due is None else m.hidden_due)
        ticking = (
            m is not None and m.counting and (m.state == "running" or m.hidden_due is not None)
        )
        if ticking and m is not None and due is not None:
            if due > self._now:
                candidates.append(due)
            elif m.accounting == "hold_added":
                candidates.append(due + 1)  # breached the instant after, open or closed
            else:
                # At the deadline itself nothing has changed yet (a reply now is in time): the
                # breach begins one microsecond of open time later. A deadline in the past
                # with the budget not yet exceeded means the clock was held from the instant
                # the budget ran out until now: the breach begins when it next counts.
                candidates.append(m.engine.add(max(due, self._now), 1))
        later = [c for c in candidates if c >= self._now]
        return min(later) if later else None

    @property
    def ledger(self) -> tuple[LedgerEntry, ...]:
        """Every period of every cycle, with whether it counted and why (built on demand)."""
        return tuple(ledger_rows(self._cycles, self._marks, self._now, self._zone))

    def to_dict(self, *, ledger: bool = True, cycles: bool = True) -> dict[str, Any]:
        """The JSON form, with the field names of the design. Without `cycles`, the list of
        cycles is left out and ``cycle`` gives the current cycle's number (None while
        pending): the metric's own fields describe that cycle."""
        return self._dict(ledger, cycles, {})

    def _dict(self, ledger: bool, cycles: bool, isos: dict[int, str]) -> dict[str, Any]:
        # Read from the measures directly, each instant written once (`isos`, shared by the
        # ticket's metrics): a batch writes this for every ticket, so it must cost no more
        # than evaluating the ticket did.
        zone = self._zone

        def iso(us: int | None) -> str | None:
            if us is None:
                return None
            text = isos.get(us)
            if text is None:
                text = isos[us] = iso_us(us, zone)
            return text

        target = self.target
        m = self._cycles[-1] if self._cycles else None
        listed = []
        for c in self._cycles if cycles else ():
            cycle = c.cycle
            listed.append(
                {
                    "number": cycle.number,
                    "state": c.state,
                    "priority": c.priority,
                    "outcome": cycle.outcome,
                    "started_at": iso(c.start),
                    "due_at": iso(c.due),
                    "met_at": iso(cycle.end if cycle.outcome == "met" else None),
                    "breached_at": iso(c.breached_at),
                    "budget_seconds": c.budget / 1_000_000,
                    "elapsed_seconds": c.used / 1_000_000,
                    "paused_seconds": c.paused / 1_000_000,
                }
            )
            if cycle.messages is not None:
                listed[-1]["messages"] = len(cycle.messages)
                listed[-1]["missed_messages"] = missed_messages(c)
        out: dict[str, Any] = {
            "metric": self._metric,
            "state": self._state,
            "target": None if target is None else duration_text(target),
            "calendar": None if target is None else target.calendar_name,
        }
        if m is None:
            out["started_at"] = out["due_at"] = out["met_at"] = None
            out["breached_at"] = iso(self._first_breach)
            out["elapsed_seconds"] = out["paused_seconds"] = 0.0
            out["remaining_seconds"] = None
        else:
            cycle = m.cycle
            out["started_at"] = iso(m.start)
            out["due_at"] = iso(m.due)
            out["met_at"] = iso(cycle.end if cycle.outcome == "met" else None)
            out["breached_at"] = iso(self._first_breach)
            out["elapsed_seconds"] = m.used / 1_000_000
            out["paused_seconds"] = m.paused / 1_000_000
            out["remaining_seconds"] = (m.budget - m.used) / 1_000_000
        out["percent_used"] = self.percent_used
        out["next_warning_at"] = iso(self._warn)
        if cycles:
            out["cycles"] = listed
        else:
            out["cycle"] = None if m is None else m.cycle.number
        if ledger:
            out["ledger"] = [e.to_dict() for e in self.ledger]
        return out

    def _summary_json(self, isos: dict[int, str]) -> str:
        """``"metric": {...}`` of `TicketStatus._summary_json` (``_dict`` without cycles
        or ledger, as JSON text)."""
        # Every ticket of a batch passes here: instants are looked up in the ticket's `isos`
        # inline, and written (`iso_into`) only the first time.
        cycles = self._cycles
        m = cycles[-1] if cycles else None
        target = self._target if m is None else m.target
        head = heads.get((self._metric, id(target)))
        if head is None or head[0] is not target:
            name = json_text(self._metric)
            if target is None:
                budget = calendar = "null"
            else:
                budget, calendar = (
                    json_text(duration_text(target)),
                    json_text(target.calendar_name),
                )
            before = f'{name}: {{"metric": {name}, "state": "'
            after = f'", "target": {budget}, "calendar": {calendar}, '
            head = heads.put((self._metric, id(target)), (target, before, after))
        zone = self._zone
        get = isos.get
        if m is None:
            started = due = met = "null"
            elapsed = paused = "0.0"
            remaining = percent = number = "null"
        else:
            cycle = m.cycle
            start = m.start
            started = get(start) or iso_into(isos, start, zone)
            us: int | None = m.due
            due = "null" if us is None else get(us) or iso_into(isos, us, zone)
            us = cycle.end if cycle.outcome == "met" else None
            met = "null" if us is None else get(us) or iso_into(isos, us, zone)
            used, budget_us = m.used, m.budget
            elapsed = seconds_text(used)
            paused = seconds_text(m.paused) if m.holds else "0.0"
            remaining = seconds_text(budget_us - used)
            percent = "null" if budget_us <= 0 else repr(round(100 * used / budget_us, 2))
            number = str(cycle.number)
        us = self._first_breach
        breached = "null" if us is None else get(us) or iso_into(isos, us, zone)
        us = self._warn
        warning = "null" if us is None else get(us) or iso_into(isos, us, zone)
        return (
            f'{head[1]}{self._state}{head[2]}"started_at": {started}, "due_at": {due},'
            f' "met_at": {met}, "breached_at": {breached},'
            f' "elapsed_seconds": {elapsed}, "paused_seconds": {paused},'
            f' "remaining_seconds": {remaining}, "percent_used": {percent},'
            f' "next_warning_at": {warning}, "cycle": {number}}}'
        )

    def __repr__(self) -> str:
        return (
            f"MetricStatus({self.metric!r}, state={self.state!r},"
            f" due_at={iso(self.due_at)!r}, remaining={self.remaining!r})"
        )


class TicketStatus:
    """A ticket evaluated at an instant: the policy chosen and why, and every metric.

    ``reasons`` is built when first read (from the `Selection` that chose the policy), so a
    host that stores deadlines does not pay for explanations it never shows.
    """

    __slots__ = ("_why", "metrics", "now", "policy", "ticket")

    def __init__(
        self,
        now: datetime,
        policy: SlaPolicy | None,
        reasons: tuple[str, ...] | Selection,
        metrics: tuple[MetricStatus, ...],
        ticket: str | None = None,
    ) -> None:
        self.now = now
        self.policy = policy
        self._why = reasons
        self.metrics = metrics
        self.ticket = ticket

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why this policy (or none): a line for each policy passed over, then the choice."""
        why = self._why
        return why.reasons if isinstance(why, Selection) else why

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TicketStatus):
            return NotImplemented
        return (self.now, self.policy, self.reasons, self.metrics, self.ticket) == (
            other.now,
            other.policy,
            other.reasons,
            other.metrics,
            other.ticket,
        )

    def __hash__(self) -> int:
        return hash((self.now, self.policy, self.reasons, self.metrics, self.ticket))

    def __repr__(self) -> str:
        name = None if self.policy is None else self.policy.name
        return (
            f"TicketStatus(now={self.now.isoformat()!r}, policy={name!r},"
            f" metrics={self.metrics!r}, ticket={self.ticket!r})"
        )

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
        found = [c for m in self.metrics if (c := m.next_change_us()) is not None]
        if not found:
            return None
        zone = self.policy.calendar.zone if self.policy else self.now.tzinfo
        return from_us(min(found), zone or UTC)

    def to_dict(self, *, ledger: bool = True, cycles: bool = True) -> dict[str, Any]:
        """The JSON form: policy and why, metrics, next_change_at (`ledger`, `cycles`: as
        in `MetricStatus.to_dict`)."""
        isos: dict[int, str] = {}
        out: dict[str, Any] = {}
        if self.ticket is not None:
            out["ticket"] = self.ticket
        out.update(
            {
                "now": self.now.isoformat(),
                "policy": None if self.policy is None else self.policy.name,
                "why": list(self.reasons),
                "metrics": {m.metric: m._dict(ledger, cycles, isos) for m in self.metrics},
                "next_change_at": iso(self.next_change_at),
            }
        )
        return out

    def to_json(self, *, ledger: bool = True, cycles: bool = True) -> str:
        """`to_dict` as a JSON line."""
        if not ledger and not cycles:
            return self._summary_json()
        return json.dumps(self.to_dict(ledger=ledger, cycles=cycles), ensure_ascii=False)

    def _summary_json(self) -> str:
        # `to_dict(ledger=False, cycles=False)` as JSON text, written directly: the line a
        # batch writes for every ticket, which must cost less than evaluating the ticket
        # (tests check that it equals json.dumps of the dict, character for character).
        isos: dict[int, str] = {}
        parts = ["{"]
        add = parts.append
        if self.ticket is not None:
            add(f'"ticket": {json_text(self.ticket)}, ')
        policy = self.policy
        reasons = self.reasons
        why = whys.get(reasons)
        if why is None:
            why = whys.put(reasons, ", ".join(json_text(r) for r in reasons))
        add(
            f'"now": "{now_text(self.now)}", "policy": '
            f'{"null" if policy is None else json_text(policy.name)}, "why": [{why}], "metrics": {{'
        )
        first = True
        for m in self.metrics:
            if not first:
                add(", ")
            first = False
            add(m._summary_json(isos))
        found = [c for m in self.metrics if (c := m.next_change_us()) is not None]
        if found:
            zone = self.policy.calendar.zone if self.policy else self.now.tzinfo
            add(f'}}, "next_change_at": "{iso_us(min(found), zone or UTC)}"}}')
        else:
            add('}, "next_change_at": null}')
        return "".join(parts)
