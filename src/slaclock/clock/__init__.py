"""The SLA clock: a ticket's event log, evaluated into per-metric states, deadlines and ledgers.

The package, bottom to top: `plan` (what a policy means for the walk), `walk` (events into
cycles; one handler per event type), `measure` (a cycle against its target), `ledger` (why),
`status` (the result values), `evaluate` (one ticket, many tickets) and `incremental`
(`SlaClock`, the form a host stores).
"""

from __future__ import annotations

from .evaluate import FailedTicket, evaluate, evaluate_groups, evaluate_jsonl, evaluate_many
from .incremental import SlaClock, policy_fingerprint
from .ledger import LedgerEntry
from .status import CycleStatus, MetricStatus, TicketStatus

__all__ = [
    "CycleStatus",
    "FailedTicket",
    "LedgerEntry",
    "MetricStatus",
    "SlaClock",
    "TicketStatus",
    "evaluate",
    "evaluate_groups",
    "evaluate_jsonl",
    "evaluate_many",
    "policy_fingerprint",
]
