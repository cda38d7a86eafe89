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

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, overload

from .._kernel.instants import to_us
from .._typing import BatchErrors, PauseAccounting, TicketOrder
from ..config.policy_set import PolicySet
from ..errors import SlaclockError, TimelineError
from ..events.jsonl import TicketLines, read_ticket_lines
from ..events.model import TicketEvent
from ..events.timeline import Timeline
from ..policy.model import Options, SlaPolicy, Target
from ..policy.selection import Selection
from .measure import Measure, hide, keep_earlier_breach
from .reselect import reselect
from .status import MetricStatus, TicketStatus
from .walk import Cycle, Track, Walker

__all__ = [
    "MAX_SPAN_YEARS",
    "FailedTicket",
    "MeasureMemo",
    "check_span",
    "evaluate",
    "evaluate_groups",
    "evaluate_jsonl",
    "evaluate_many",
    "policy_set_of",
    "result",
    "select_for",
    "versions_at",
]


#: How far after its creation a ticket can be evaluated. Business time over a span is built
#: year by year, so a `now` thousands of years out would take seconds and hundreds of MB.
MAX_SPAN_YEARS = 200
_MAX_SPAN_US = MAX_SPAN_YEARS * 366 * 86_400 * 1_000_000


def check_span(created_us: int, now_us: int, now: datetime) -> None:
    """Refuse to evaluate a ticket more than `MAX_SPAN_YEARS` after its creation."""
    if now_us - created_us > _MAX_SPAN_US:
        years = (now_us - created_us) // (365 * 86_400 * 1_000_000)
        raise TimelineError(
            f"now {now.isoformat()} is about {years:,} years after the ticket was created;"
            f" slaclock evaluates a ticket up to {MAX_SPAN_YEARS} years after its creation"
        )


def policy_set_of(policies: PolicySet | SlaPolicy) -> PolicySet:
    if type(policies) is PolicySet:
        return policies
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
    created = timeline.events[0]
    reasons: tuple[str, ...] = ()
    if policies.effective_by == "now" and any(
        p.effective_from is not None or p.effective_until is not None for p in policies.policies
    ):
        closed = _closed_at(timeline, to_us(now, "now"))
        if closed is not None:
            # A closed ticket keeps its verdict: the version in effect when it was closed.
            now = timeline.events[closed].at
            reasons = (f"the ticket was closed at {now.isoformat()}: versions picked then",)
    priority = created.priority
    selection = policies.select(
        priority=priority if type(priority) is str else str(priority),
        attributes=created.attributes or {},
        created_at=created.at,
        now=now,
    )
    if reasons:
        return selection.policy, (*selection.reasons, *reasons)
    return selection.policy, selection


def versions_at(policies: PolicySet, timeline: Timeline, now: datetime) -> datetime:
    """The instant `select_for` picks effective-dated versions by under ``effective_by:
    now``: `now`, or the close of a ticket closed then."""
    if policies.effective_by == "now":
        closed = _closed_at(timeline, to_us(now, "now"))
        if closed is not None:
            return timeline.events[closed].at
    return now


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
    memo: MeasureMemo | None = None,
) -> TicketStatus:
    """The ticket's status at `now` from a walk that has seen every event up to it (`memo`:
    the measures an incremental clock keeps between statuses)."""
    if walker is None or policy is None:
        return TicketStatus(now, policy, reasons, (), ticket)
    options = policy.options
    plan = walker.plan
    zone = plan.zone
    targets = plan.targets
    accounting = plan.accounting
    shown = plan.shown
    current = plan.found.get(walker.priority)
    if current is None:
        current = targets(walker.priority)
    if current is None:
        reasons = (
            *_listed(reasons),
            f"policy {policy.name!r} has no targets for priority {walker.priority!r}"
            " (unknown_priority: no_targets)",
        )
    retarget = options.priority_change == "retarget"
    # Under `pause_accounting: hide` the metrics the status pauses only look paused.
    hidden = plan.pauses(walker.status) if accounting == "hide" and not walker.resolved else None
    statuses: list[MetricStatus] = []
    priority_now = walker.priority
    for name, track in walker.tracks.items():
        breaches: tuple[int | None] | None = None
        pending_target = None if current is None else current.get(name)
        if memo is None:
            measures: list[Measure] = []
            for cycle in track.cycles:  # `_measure`, inline (the hot path of `evaluate`)
                if retarget:
                    priority = cycle.prio_end if cycle.prio_end is not None else priority_now
                else:
                    priority = cycle.prio_start
                if priority == priority_now:
                    target = pending_target
                else:
                    found = targets(priority)
                    target = None if found is None else found.get(name)
                if target is not None:
                    measure = Measure(cycle, target, priority, now_us, accounting, shown)
                    if cycle.checks and retarget:
                        keep_earlier_breach(measure, cycle.checks, name, targets, accounting, shown)
                    measures.append(measure)
        else:
            measures, breaches = memo.measures(
                track, walker.priority, targets, retarget, now_us, accounting, shown
            )
        if hidden and name in hidden and measures and measures[-1].cycle.end is None:
            hide(measures[-1], options.paused_due != "none")
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
                breaches,
            )
        )
    return TicketStatus(now, policy, reasons, tuple(statuses), ticket)


def _measure(
    cycle: Cycle,
    name: str,
    priority_now: str,
    targets: Callable[[str], Mapping[str, Target] | None],
    retarget: bool,
    now_us: int,
    accounting: PauseAccounting,
    shown: Options | None,
) -> Measure | None:
    if retarget:
        priority = cycle.prio_end if cycle.prio_end is not None else priority_now
    else:
        priority = cycle.prio_start
    found = targets(priority)
    target = None if found is None else found.get(name)
    if target is None:
        return None
    measure = Measure(cycle, target, priority, now_us, accounting, shown)
    if cycle.checks and retarget:
        keep_earlier_breach(measure, cycle.checks, name, targets, accounting, shown)
    return measure


class MeasureMemo:
    """The measures of the cycles that have ended, per metric, kept by an incremental clock
    between statuses: every cycle but a metric's last one is over and never changes, so a
    status measures only the last cycle (whose finished runs `Measure` itself continues
    summing), not the whole history."""

    __slots__ = ("_tracks",)

    def __init__(self) -> None:
        # metric -> (cycles measured, their measures, the first breach among them)
        self._tracks: dict[str, tuple[int, list[Measure], int | None]] = {}

    def measures(
        self,
        track: Track,
        priority: str,
        targets: Callable[[str], Mapping[str, Target] | None],
        retarget: bool,
        now_us: int,
        accounting: PauseAccounting,
        shown: Options | None = None,
    ) -> tuple[list[Measure], tuple[int | None]]:
        """The track's measures at `now_us` and the first breach among them."""

        def measure(cycle: Cycle) -> Measure | None:
            return _measure(
                cycle, track.name, priority, targets, retarget, now_us, accounting, shown
            )

        cycles = track.cycles
        done, kept, first = self._tracks.get(track.name, (0, [], None))
        over = len(cycles) - 1
        if over > done:
            for cycle in cycles[done:over]:
                m = measure(cycle)
                if m is not None:
                    kept.append(m)
                    if first is None:
                        first = m.breached_at
            self._tracks[track.name] = (over, kept, first)
        last = measure(cycles[-1]) if cycles else None
        if last is None:
            return list(kept), (first,)
        return [*kept, last], (first if first is not None else last.breached_at,)


def ticket_parts(
    item: Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]],
) -> tuple[str | None, Iterable[TicketEvent]]:
    """A batch item as (ticket id or None, its events): ``(id, events)`` or the events alone."""
    if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[0], TicketEvent):
        return item
    return None, item


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
    global _last_now
    last, now_us = _last_now
    if now is not last:
        now_us = to_us(now, "now")
        if type(now) is datetime:  # immutable: its instant can be remembered
            _last_now = (now, now_us)
    policy_set = policies if type(policies) is PolicySet else policy_set_of(policies)
    return _evaluate(policy_set, events, now, now_us, ticket)


#: The last `now` given to `evaluate` with its instant: a host that evaluates its tickets one
#: call at a time passes the same `now` to each, and converting it asks its zone each time.
_last_now: tuple[datetime | None, int] = (None, 0)


def _evaluate(
    policy_set: PolicySet,
    events: Iterable[TicketEvent] | Timeline,
    now: datetime,
    now_us: int,
    ticket: str | None,
) -> TicketStatus:
    timeline = Timeline.of(events)
    # Where the choice depends on the priority alone, the selection remembered for it (made
    # by `select_for` the first time; such a set never reselects).
    chosen = policy_set._by_priority
    priority = timeline.events[0].priority
    selection = chosen.get(priority) if chosen is not None and type(priority) is str else None
    reasons: Selection | tuple[str, ...]
    if selection is not None:
        policy, reasons = selection.policy, selection
    else:
        policy, reasons = select_for(policy_set, timeline, now)
        if policy_set.reselects:
            versions = versions_at(policy_set, timeline, now)
            policy, reasons = reselect(policy_set, timeline, versions, now_us, policy, reasons)
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
    if now_us - created_us > _MAX_SPAN_US:
        check_span(created_us, now_us, now)
    walker = Walker(policy, timeline.events[0], created_us)
    if walker.priority not in walker.plan.found:
        walker.plan.targets(walker.priority)  # no targets for it: an error, or none
    walker.walk(timeline.events, timeline.instants, 1, now_us)
    return result(walker, policy, reasons, now, now_us, ticket)


@dataclass(frozen=True, slots=True)
class FailedTicket:
    """A ticket a batch could not evaluate (``errors="collect"``): which, where and why.

    ``error`` is the slaclock error itself, with ``ticket`` (or ``ticket_position``) and, for
    JSON lines, ``line`` set; ``position`` is the ticket's place in the stream (``0`` first).
    A line that could not be charged to any ticket is reported with ``ticket`` None.
    """

    ticket: str | None
    position: int
    error: SlaclockError

    @property
    def line(self) -> int | None:
        """The line of the problem in a JSON-lines stream (None for Python events)."""
        return self.error.line

    @property
    def message(self) -> str:
        """The whole message: ticket, line, place and reason."""
        return str(self.error)


def _place(exc: SlaclockError, ticket: str | None, position: int) -> None:
    # The original error, told which ticket it is about (its id, or its position).
    if ticket is not None:
        exc.ticket = ticket
    elif exc.ticket is None:
        exc.ticket_position = position


@overload
def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    *,
    errors: Literal["raise"] = "raise",
) -> Iterator[TicketStatus]: ...


@overload
def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    *,
    errors: Literal["collect"],
) -> Iterator[TicketStatus | FailedTicket]: ...


def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    *,
    errors: BatchErrors = "raise",
) -> Iterator[TicketStatus] | Iterator[TicketStatus | FailedTicket]:
    """Evaluate tickets one after another, lazily: memory stays flat in the number of tickets.

    Each item is a ticket's events, or a ``(ticket_id, events)`` pair. By default the first
    ticket that cannot be evaluated stops the batch with its error, which names the ticket
    (its id, or its position in the stream); with ``errors="collect"`` it is yielded as a
    `FailedTicket` in its place and the batch goes on.
    """
    _check_errors(errors)
    return _many(policy_set_of(policies), tickets, now, errors == "collect")


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")


def _many(
    policy_set: PolicySet,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    collect: bool,
) -> Iterator[TicketStatus | FailedTicket]:
    now_us = to_us(now, "now")
    for position, item in enumerate(tickets):
        ticket, events = ticket_parts(item)
        try:
            yield _evaluate(policy_set, events, now, now_us, ticket)
        except SlaclockError as exc:
            _place(exc, ticket, position)
            if not collect:
                raise
            yield FailedTicket(ticket, position, exc)


@overload
def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    *,
    errors: Literal["raise"] = "raise",
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus]: ...


@overload
def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    *,
    errors: Literal["collect"],
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus | FailedTicket]: ...


def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    *,
    errors: BatchErrors = "raise",
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus] | Iterator[TicketStatus | FailedTicket]:
    """Evaluate a JSON-lines stream of events grouped by their ``ticket`` field.

    Every error names the ticket and the line: the line of the event at fault, or the
    ticket's first line when the problem is the ticket's as a whole. ``errors`` as in
    `evaluate_many`; a ticket with an unreadable line is not evaluated. ``ticket_order`` as
    in `read_jsonl`: ``"sorted"`` keeps memory flat in the number of tickets.
    """
    _check_errors(errors)
    if ticket_order not in ("grouped", "sorted"):
        raise ValueError(f"ticket_order must be 'grouped' or 'sorted', not {ticket_order!r}")
    groups = read_ticket_lines(lines, ticket_order=ticket_order)
    return _jsonl(policy_set_of(policies), groups, now, errors == "collect")


def _jsonl(
    policy_set: PolicySet, groups: Iterable[TicketLines], now: datetime, collect: bool
) -> Iterator[TicketStatus | FailedTicket]:
    for _, item in _groups(policy_set, groups, now, collect):
        yield item


def evaluate_groups(
    policies: PolicySet | SlaPolicy,
    groups: Iterable[TicketLines],
    now: datetime,
    *,
    errors: BatchErrors = "raise",
) -> Iterator[tuple[TicketLines, TicketStatus | FailedTicket]]:
    """`evaluate_jsonl` over tickets already read (`slaclock.events.read_ticket_lines`),
    each result with its ticket's lines: what a worker of a parallel batch needs to tell the
    ticket's place in the whole stream.
    """
    _check_errors(errors)
    return _groups(policy_set_of(policies), groups, now, errors == "collect")


def _groups(
    policy_set: PolicySet, groups: Iterable[TicketLines], now: datetime, collect: bool
) -> Iterator[tuple[TicketLines, TicketStatus | FailedTicket]]:
    now_us = to_us(now, "now")
    for position, group in enumerate(groups):
        ticket = group.ticket
        try:
            if group.error is not None:
                raise group.error
            yield group, _evaluate(policy_set, group.events, now, now_us, ticket)
        except SlaclockError as exc:
            if group.events or ticket is not None:  # not a line that belongs to no ticket
                _place(exc, ticket, position)
            if exc.line is None:
                index = exc.event if isinstance(exc, TimelineError) else None
                if index is not None and 0 <= index < len(group.lines):
                    exc.line = group.lines[index]
                else:
                    exc.line = group.first_line
            if not collect:
                raise
            yield group, FailedTicket(ticket, position, exc)
