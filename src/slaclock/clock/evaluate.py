"""Evaluation: `evaluate` (one ticket at an instant), `evaluate_many` and `evaluate_jsonl`
(streams of tickets in flat memory).

`evaluate` is a pure function of (policies, events, now). It walks the ticket's normalised
timeline once (`walk`), splitting each metric's life into *cycles* — a first response, each
waiting customer message, each update period, each resolution — and each cycle into the
periods in which its clock counted and the periods in which it was held. Budgets and
calendars are applied afterwards (`measure`), so a priority change can retarget a running
clock from its original start.

>>> from slaclock import PolicySet
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

from collections.abc import Iterable, Iterator
from datetime import datetime

from .._kernel.instants import to_us
from ..config.policy_set import PolicySet
from ..errors import SlaclockError
from ..events.jsonl import read_jsonl
from ..events.model import TicketEvent
from ..events.timeline import Timeline
from ..policy.model import SlaPolicy
from ..policy.selection import Selection
from .measure import Measure, keep_earlier_breach
from .status import MetricStatus, TicketStatus
from .walk import Walker

__all__ = [
    "evaluate",
    "evaluate_jsonl",
    "evaluate_many",
    "policy_set_of",
    "result",
    "select_for",
]


def policy_set_of(policies: PolicySet | SlaPolicy) -> PolicySet:
    if isinstance(policies, SlaPolicy):
        return PolicySet((policies,), {})
    if isinstance(policies, PolicySet):
        return policies
    raise TypeError(f"policies must be a PolicySet or SlaPolicy, got {type(policies).__name__}")


def select_for(
    policies: PolicySet, timeline: Timeline, now: datetime
) -> tuple[SlaPolicy | None, Selection | tuple[str, ...]]:
    """The ticket's policy and the selection that chose it (its reasons built when read; a
    closed ticket under ``effective_by: now`` gets them listed, with why)."""
    created = timeline.created
    reasons: tuple[str, ...] = ()
    if policies.effective_by == "now" and any(
        p.effective_from is not None or p.effective_until is not None for p in policies.policies
    ):
        closed = _closed_at(timeline, to_us(now, "now"))
        if closed is not None:
            # A closed ticket keeps its verdict: the version in effect when it was closed.
            now = timeline.events[closed].at
            reasons = (f"the ticket was closed at {now.isoformat()}: versions picked then",)
    selection = policies.select(
        priority=str(created.priority),
        attributes=created.attributes or {},
        created_at=created.at,
        now=now,
    )
    if reasons:
        return selection.policy, (*selection.reasons, *reasons)
    return selection.policy, selection


def _closed_at(timeline: Timeline, now_us: int) -> int | None:
    """The index of the event that closed the ticket, if it is closed at `now_us`."""
    closed = None
    for index, (event, at) in enumerate(zip(timeline.events, timeline.instants, strict=True)):
        if at > now_us:
            break
        if event.type == "closed":
            if closed is None:
                closed = index
        elif event.type == "reopened":
            closed = None
    return closed


def _listed(reasons: Selection | tuple[str, ...]) -> tuple[str, ...]:
    return reasons.reasons if isinstance(reasons, Selection) else reasons


def result(
    walker: Walker | None,
    policy: SlaPolicy | None,
    reasons: Selection | tuple[str, ...],
    now: datetime,
    now_us: int,
    ticket: str | None,
) -> TicketStatus:
    """The ticket's status at `now` from a walk that has seen every event up to it."""
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
            *_listed(reasons),
            f"policy {policy.name!r} has no targets for priority {walker.priority!r}"
            " (unknown_priority: no_targets)",
        )
    retarget = options.priority_change == "retarget"
    statuses: list[MetricStatus] = []
    for name, track in walker.tracks.items():
        measures: list[Measure] = []
        for cycle in track.cycles:
            if retarget:
                priority = cycle.prio_end if cycle.prio_end is not None else walker.priority
            else:
                priority = cycle.prio_start
            found = targets(priority)
            target = None if found is None else found.get(name)
            if target is not None:
                measure = Measure(cycle, target, priority, now_us, accounting)
                if cycle.checks and retarget:
                    keep_earlier_breach(measure, cycle.checks, name, targets, accounting)
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
    return _evaluate(policy_set_of(policies), events, now, to_us(now, "now"), ticket)


def _evaluate(
    policy_set: PolicySet,
    events: Iterable[TicketEvent] | Timeline,
    now: datetime,
    now_us: int,
    ticket: str | None,
) -> TicketStatus:
    timeline = Timeline.of(events)
    policy, reasons = select_for(policy_set, timeline, now)
    if policy is None:
        return TicketStatus(now, None, reasons, (), ticket)
    created_us = timeline.instants[0]
    if created_us > now_us:
        return TicketStatus(
            now,
            policy,
            (*_listed(reasons), "the ticket is created after the evaluated instant"),
            (),
            ticket,
        )
    walker = Walker(policy, timeline.created, created_us)
    walker.plan.targets(walker.priority)
    for event, at in zip(timeline.events[1:], timeline.instants[1:], strict=True):
        if at > now_us:
            break
        walker.feed(event, at)
    return result(walker, policy, reasons, now, now_us, ticket)


def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
) -> Iterator[TicketStatus]:
    """Evaluate tickets one after another, lazily: memory stays flat in the number of tickets.

    Each item is a ticket's events, or a ``(ticket_id, events)`` pair. An error names the
    ticket (its id, or its position in the stream).
    """
    policy_set = policy_set_of(policies)
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
        except SlaclockError as exc:
            # The original error, told which ticket it is about (its id, or its position).
            if ticket is not None:
                exc.ticket = ticket
            else:
                exc.ticket_position = position
            raise


def evaluate_jsonl(
    policies: PolicySet | SlaPolicy, lines: Iterable[str], now: datetime
) -> Iterator[TicketStatus]:
    """Evaluate a JSON-lines stream of events grouped by their ``ticket`` field."""
    return evaluate_many(policies, read_jsonl(lines), now)
