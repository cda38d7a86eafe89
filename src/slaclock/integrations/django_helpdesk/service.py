"""Evaluate tickets and store the result in `TicketSla`; find and announce warnings and breaches.

Everything here recomputes from the history: a ticket's row is a function of its follow-ups,
its changes, the policy file and the instant, so recomputing twice, or in a batch instead of
live, writes the same row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

import slaclock
from slaclock import MetricStatus, TicketStatus, evaluate

from . import conf as _conf
from .adapter import load_tickets, ticket_events
from .models import SlaNotification, TicketSla
from .signals import sla_breached, sla_warning

_STORED_FIELDS = (
    "state",
    "policy",
    "policy_reasons",
    "priority",
    "next_due_at",
    "next_due_metric",
    "breached_at",
    "next_change_at",
    "metrics",
    "evaluated_at",
    "engine_version",
)


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _metric_json(m: MetricStatus) -> dict[str, Any]:
    current = m.current
    return {
        "state": m.state,
        "started_at": _iso(m.started_at),
        "due_at": _iso(m.due_at),
        "met_at": _iso(m.met_at),
        "breached_at": _iso(m.breached_at),
        "budget_seconds": None if current is None else current.budget.total_seconds(),
        "elapsed_seconds": m.elapsed.total_seconds(),
        "paused_seconds": m.paused.total_seconds(),
        "remaining_seconds": None if m.remaining is None else m.remaining.total_seconds(),
        "percent_used": m.percent_used,
        "next_warning_at": _iso(m.next_warning_at),
        "cycles": len(m.cycles),
    }


def _overall(status: TicketStatus) -> str:
    states = {m.state for m in status.metrics}
    for state in ("breached", "running", "paused", "met", "cancelled"):
        if state in states:
            return state
    return "none"


def row_for(ticket: Any, status: TicketStatus, priority: str) -> TicketSla:
    """The side-table row for an evaluation (not saved)."""
    due = [(m.due_at, m.metric) for m in status.metrics if m.state == "running" and m.due_at]
    next_due = min(due) if due else None
    breaches = [m.breached_at for m in status.metrics if m.breached_at is not None]
    return TicketSla(
        ticket=ticket,
        state=_overall(status),
        policy="" if status.policy is None else status.policy.name,
        policy_reasons=list(status.reasons),
        priority=priority,
        next_due_at=None if next_due is None else next_due[0],
        next_due_metric="" if next_due is None else next_due[1],
        breached_at=min(breaches) if breaches else None,
        next_change_at=status.next_change_at,
        metrics={m.metric: _metric_json(m) for m in status.metrics},
        evaluated_at=status.now,
        engine_version=slaclock.__version__,
    )


def evaluate_ticket(ticket: Any, now: datetime) -> tuple[TicketStatus, TicketSla]:
    """Evaluate one ticket (read with `load_tickets`) at `now`."""
    settings = _conf.read_settings()
    events = ticket_events(ticket, settings)
    status = evaluate(_conf.policies(), events, now, ticket=str(ticket.pk))
    priority = settings.priority_name(ticket.priority)
    return status, row_for(ticket, status, priority)


def _keep_pending_wake(rows: Sequence[TicketSla], now: datetime) -> None:
    """A wake-up that is due and not yet handled survives a recompute, so `sla_wake` still
    announces what happened at that instant."""
    earlier = dict(
        TicketSla.objects.filter(
            pk__in=[r.ticket_id for r in rows], next_change_at__lte=now
        ).values_list("pk", "next_change_at")
    )
    for row in rows:
        pending = earlier.get(row.ticket_id)
        if pending is not None:
            row.next_change_at = pending


def _store(rows: Sequence[TicketSla], now: datetime, *, keep_pending: bool = True) -> None:
    if not rows:
        return
    if keep_pending:
        _keep_pending_wake(rows, now)
    TicketSla.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["ticket"], update_fields=_STORED_FIELDS
    )
    if _conf.read_settings().mirror_due_date:
        from helpdesk.models import Ticket

        changed = []
        for row in rows:
            if row.ticket.due_date != row.next_due_at:
                row.ticket.due_date = row.next_due_at
                changed.append(row.ticket)
        # One statement, no signals: writing due_date must not trigger another recompute.
        Ticket.objects.bulk_update(changed, ["due_date"])


def recompute(ticket_ids: Iterable[int], now: datetime | None = None) -> list[TicketSla]:
    """Recompute and store the rows of some tickets (at `now`, default the current instant)."""
    at = timezone.now() if now is None else now
    tickets = load_tickets(ticket_ids, _conf.read_settings())
    rows = [evaluate_ticket(t, at)[1] for t in tickets]
    _store(rows, at)
    return rows


# ---------------------------------------------------------------------------- backfill


@dataclass
class BackfillStats:
    """What a backfill did and where its time went."""

    tickets: int = 0
    seconds_total: float = 0.0
    seconds_reading: float = 0.0
    seconds_evaluating: float = 0.0
    seconds_writing: float = 0.0
    queries: int = 0

    @property
    def per_second(self) -> float:
        return self.tickets / self.seconds_total if self.seconds_total else 0.0


def backfill(
    ticket_ids: Iterable[int] | None = None,
    *,
    now: datetime | None = None,
    batch_size: int = 500,
    progress: Callable[[BackfillStats], None] | None = None,
) -> BackfillStats:
    """Recompute the rows of every ticket (or of `ticket_ids`), in batches of `batch_size`.

    Each batch costs a fixed number of queries (see `load_tickets`), then one read of the
    wake-ups pending and one upsert.
    """
    from helpdesk.models import Ticket

    at = timezone.now() if now is None else now
    stats = BackfillStats()
    started = time.perf_counter()
    ids_query = Ticket.objects.order_by("pk")
    if ticket_ids is not None:
        ids_query = ids_query.filter(pk__in=list(ticket_ids))
    all_ids = list(ids_query.values_list("pk", flat=True))
    settings = _conf.read_settings()
    queries_before = len(connection.queries) if connection.queries_logged else 0
    for start in range(0, len(all_ids), batch_size):
        chunk = all_ids[start : start + batch_size]
        t0 = time.perf_counter()
        tickets = load_tickets(chunk, settings)
        t1 = time.perf_counter()
        rows = [evaluate_ticket(t, at)[1] for t in tickets]
        t2 = time.perf_counter()
        with transaction.atomic():
            _store(rows, at)
        t3 = time.perf_counter()
        stats.tickets += len(rows)
        stats.seconds_reading += t1 - t0
        stats.seconds_evaluating += t2 - t1
        stats.seconds_writing += t3 - t2
        stats.seconds_total = time.perf_counter() - started
        if progress is not None:
            progress(stats)
    if connection.queries_logged:
        stats.queries = len(connection.queries) - queries_before
    stats.seconds_total = time.perf_counter() - started
    return stats


# ---------------------------------------------------------------------------- wake-ups


@dataclass(frozen=True)
class Crossing:
    """A warning threshold or a deadline a metric has passed."""

    metric: str
    kind: str
    cycle_started_at: datetime
    budget_seconds: int
    threshold: int
    crossed_at: datetime | None


def crossings(status: TicketStatus) -> Iterator[Crossing]:
    """The warnings and breaches a ticket's evaluation shows as passed.

    Breaches of every cycle; warnings of the current cycle only while it is still open and
    not yet breached (a warning after the fact, or for a cycle already met, tells nobody
    anything).
    """
    warn_at = status.policy.warn_at if status.policy is not None else ()
    for m in status.metrics:
        cycles = m.cycles
        for cycle in cycles:
            if cycle.breached_at is not None and cycle.breached_at <= status.now:
                yield Crossing(
                    m.metric,
                    "breach",
                    cycle.started_at,
                    int(cycle.budget.total_seconds()),
                    100,
                    cycle.breached_at,
                )
        current = cycles[-1] if cycles else None
        if current is None or current.state not in ("running", "paused"):
            continue
        budget = current.budget
        for fraction in warn_at:
            if budget and current.elapsed >= budget * fraction:
                yield Crossing(
                    m.metric,
                    "warning",
                    current.started_at,
                    int(budget.total_seconds()),
                    round(fraction * 100),
                    None,
                )


@dataclass
class WakeResult:
    """What one `wake` run did."""

    tickets: int = 0
    sent: list[SlaNotification] = field(default_factory=list)


def wake(now: datetime | None = None, *, batch_size: int = 200) -> WakeResult:
    """Evaluate the tickets whose ``next_change_at`` has passed; announce each new warning or
    breach once (signals `sla_warning` and `sla_breached`, sent after the batch commits).

    Safe to run twice or concurrently: rows are locked with ``SKIP LOCKED`` where the
    database can (PostgreSQL), and a unique constraint on `SlaNotification` admits each
    announcement once whatever happens.
    """
    at = timezone.now() if now is None else now
    settings = _conf.read_settings()
    result = WakeResult()
    last = -1
    while True:
        with transaction.atomic():
            due = TicketSla.objects.filter(next_change_at__lte=at, pk__gt=last).order_by("pk")
            if connection.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[:batch_size])
            if not ids:
                return result
            last = ids[-1]
            tickets = load_tickets(ids, settings)
            rows: list[TicketSla] = []
            sent: list[SlaNotification] = []
            for ticket in tickets:
                status, row = evaluate_ticket(ticket, at)
                rows.append(row)
                for c in crossings(status):
                    note = SlaNotification(
                        ticket_id=ticket.pk,
                        metric=c.metric,
                        kind=c.kind,
                        cycle_started_at=c.cycle_started_at,
                        budget_seconds=c.budget_seconds,
                        threshold=c.threshold,
                        crossed_at=c.crossed_at,
                        sent_at=at,
                    )
                    try:
                        with transaction.atomic():
                            note.save(force_insert=True)
                    except IntegrityError:
                        continue  # announced before
                    sent.append(note)
            _store(rows, at, keep_pending=False)
            result.tickets += len(rows)
            result.sent.extend(sent)
            transaction.on_commit(partial(_announce, sent))


def _announce(notes: Sequence[SlaNotification]) -> None:
    for note in notes:
        signal = sla_breached if note.kind == SlaNotification.Kind.BREACH else sla_warning
        signal.send(
            sender=SlaNotification,
            notification=note,
            ticket_id=note.ticket_id,
            metric=note.metric,
        )


def breaching_within(delta: timedelta, now: datetime | None = None) -> Any:
    """Tickets whose next open deadline falls within `delta` from now (a `TicketSla` query)."""
    at = timezone.now() if now is None else now
    return TicketSla.objects.filter(next_due_at__gt=at, next_due_at__lte=at + delta)
