"""How ``slaclock evaluate`` and ``slaclock demo`` show a ticket: a table for people (business
time as hours and minutes, instants as weekday, date and time), or its JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..clock import MetricStatus, TicketStatus

__all__ = ["ledger_lines", "metric_line", "render", "ticket_table", "when", "words"]


def words(delta: timedelta) -> str:
    """Business time as hours and minutes ("25h30m"): a business day is not 24 hours."""
    seconds = int(abs(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    if hours:
        return f"{hours}h"
    return f"{minutes}m" if minutes else f"{seconds}s"


def when(value: datetime | None) -> str:
    return "—" if value is None else value.strftime("%a %d %b %H:%M")


def metric_line(m: MetricStatus) -> str:
    target = m.target
    budget = "" if target is None else f"{target.describe().split(': ', 1)[1].split(' (')[0]}"
    state = m.state.upper() if m.state == "breached" else m.state
    parts = [f"    {m.metric:<16} {state:<9}"]
    if m.state == "pending":
        parts.append(f"waiting to start (target {budget})")
        return " ".join(parts)
    if m.state == "met":
        parts.append(f"met {when(m.met_at)}, due was {when(m.due_at)}")
    elif m.state == "paused":
        parts.append("no deadline while paused")
    elif m.state == "cancelled":
        parts.append(f"cancelled {when(m.current.ended_at if m.current else None)}")
    elif m.state == "breached":
        parts.append(f"deadline {when(m.breached_at)} missed")
        if m.met_at is not None:
            parts.append(f"(met late {when(m.met_at)})")
    else:
        parts.append(f"due {when(m.due_at)}")
    used = words(m.elapsed)
    parts.append(f"| {used} of {budget} used")
    remaining = m.remaining
    if remaining is not None and m.state in ("running", "paused"):
        parts.append(
            f", {words(remaining)} left"
            if remaining >= timedelta(0)
            else f", {words(remaining)} over"
        )
    if m.paused > timedelta(0):
        parts.append(f", {words(m.paused)} paused")
    if m.next_warning_at is not None:
        parts.append(f"; warns {when(m.next_warning_at)}")
    return " ".join(parts).replace(" |", "  |").replace(" ,", ",").replace(" ;", ";")


def ledger_lines(m: MetricStatus, limit: int = 6) -> Iterator[str]:
    rows = [e for e in m.ledger if e.kind != "event" or "started" not in e.reason]
    for entry in rows[:limit]:
        span = when(entry.start) + ("" if entry.end is None else f" → {entry.end:%a %H:%M}")
        counted = ""
        if entry.kind == "counted":
            counted = f" +{words(timedelta(seconds=entry.business_seconds))}"
        yield f"        {span:<26} {entry.kind:<8}{counted} {entry.reason}"
    if len(rows) > limit:
        yield f"        … {len(rows) - limit} more ledger lines (slaclock evaluate --format json)"


def render(status: TicketStatus, *, form: str, ledger: bool, cycles: bool) -> str:
    """One ticket's output (in the process that evaluated it, with ``--workers``)."""
    if form == "table":
        return ticket_table(status, ledger=ledger)
    if form == "json":
        return json.dumps(status.to_dict(ledger=ledger, cycles=cycles), indent=2)
    return status.to_json(ledger=ledger, cycles=cycles)


def ticket_table(status: TicketStatus, *, ledger: bool) -> str:
    policy = status.policy.name if status.policy else "no policy"
    title = status.ticket or "ticket"
    rows = [f"  {title}  [{policy}]", f"    why: {status.reasons[-1]}"]
    for metric in status.metrics:
        rows.append(metric_line(metric))
        if ledger and metric.state in ("breached", "paused", "running"):
            rows.extend(ledger_lines(metric))
    if status.next_change_at is not None:
        rows.append(f"    next change: {when(status.next_change_at)}")
    rows.append("")
    return "\n".join(rows)
