"""Literal aliases shared by signatures."""

from __future__ import annotations

from typing import Literal, TypeAlias

OnGap: TypeAlias = Literal["shift", "raise"]
"""What a working-hours boundary that falls in a DST gap does: shift forward or raise."""

OnFold: TypeAlias = Literal["earlier", "later", "raise"]
"""What a working-hours boundary that falls in a DST fold does."""

BatchErrors: TypeAlias = Literal["raise", "collect"]
"""What a batch does with a ticket it cannot evaluate: stop with the error (``raise``) or
report it as a `FailedTicket` and go on with the next (``collect``)."""

TicketOrder: TypeAlias = Literal["grouped", "sorted"]
"""How the tickets of a JSON-lines stream follow each other: each ticket's lines together, in
any order of tickets (``grouped``: a ticket that comes back is found by remembering an 8-byte
fingerprint of each ticket read), or also by increasing id (``sorted``: no memory per
ticket; an id that does not increase is an error)."""

CombineMode: TypeAlias = Literal["own", "union", "intersection", "complement"]
"""How a calendar gets its open time: its own hours, or from its parts (open when any, all,
or -- for a complement of one part -- none of them is)."""

EventType: TypeAlias = Literal[
    "created",
    "status_changed",
    "agent_replied",
    "customer_replied",
    "priority_changed",
    "assigned",
    "attribute_changed",
    "resolved",
    "reopened",
    "closed",
]
"""The kinds of ticket event slaclock understands."""

BuiltinMetric: TypeAlias = Literal[
    "first_response", "next_response", "periodic_update", "resolution"
]

PriorityChange: TypeAlias = Literal["retarget", "restart", "keep"]
"""On a priority change: apply the new target from the original start (``retarget``), start
over from the change (``restart``), or keep the target the ticket started with (``keep``)."""

Reopen: TypeAlias = Literal["resume", "new_cycle", "restart"]
"""On reopen: the resolution clock resumes where it stopped (``resume``), a new cycle with a
fresh budget starts (``new_cycle``), or everything starts over from the reopen (``restart``)."""

PauseAccounting: TypeAlias = Literal["business", "wall", "hide", "hold_added"]
"""How a pause moves a deadline: by the business time it covered, by its wall-clock length, or
not at all (``hide``: the clock keeps counting and the pause only hides the deadline); with
``hold_added``, the deadline is the unpaused business-time deadline plus the wall-clock length
of every hold that began before it, and may fall in closed time."""

BreachAt: TypeAlias = Literal["after_due", "at_due"]
"""When a target is breached: once more than its budget is used (``after_due``: a reply at the
deadline is in time), or at the deadline itself (``at_due``: ``now >= due``)."""

StartRounding: TypeAlias = Literal["none", "minute"]
"""Whether a cycle's clock starts at the event's instant or at the start of its whole minute."""

DueOnClose: TypeAlias = Literal["at_close", "next_open"]
"""Where a budget that runs out exactly at a closing is due: at the close, or at the next
opening."""

MetDue: TypeAlias = Literal["kept", "cleared"]
"""What a met target shows as its deadline: the one it was met against, or none."""

PausedDue: TypeAlias = Literal["none", "projected", "frozen"]
"""What a paused target shows as its deadline: none, now + the business time left, or the
deadline as it stood when the hold began (``frozen``)."""

ResolvedDue: TypeAlias = Literal["as_paused", "projected"]
"""What a target that a resolve or close stopped unmet shows as its deadline: what any held
target shows (``as_paused``: `PausedDue`'s choice while resolved; the close + the business
time left once cancelled by a close), or the instant the ticket was resolved + the business
time left (``projected``)."""

ReportedStart: TypeAlias = Literal["created", "first_open"]
"""What a cycle reports as its start: the instant it started, or the first open instant at or
after it (the deadline is the same either way)."""

FirstResponseBy: TypeAlias = Literal["pause", "resolve"]
"""Besides a public agent reply, what meets a first response: entering a status that a pause
rule names (``pause``), resolving or closing the ticket (``resolve``)."""

PauseRounding: TypeAlias = Literal["none", "minute"]
"""Where a hold of the clock (a pause status, a resolved period before a reopen) begins and
ends: at the instant of its event, or at the start of that whole minute (UTC)."""

SelectionMode: TypeAlias = Literal["at_creation", "on_change"]
"""When a ticket's policy is chosen: once, at creation (``at_creation``), or again after each
change of its priority or attributes while this policy holds it (``on_change``)."""

NextResponseArming: TypeAlias = Literal["any_message", "after_first_reply", "from_creation"]
"""Which customer messages start a next-response wait: any, when none is waiting
(``any_message``), or only those after the ticket's first public agent reply
(``after_first_reply``: the first reply answers the ones before it); or any, and the creation
too (``from_creation``: a wait runs from the creation until the first public agent reply, and
a customer message before that reply joins it)."""

PeriodicDisarm: TypeAlias = Literal["never", "customer_message"]
"""What ends a running periodic update besides the next public agent reply: nothing
(``never``), or a customer message (``customer_message``: armed only while staff spoke last,
Request Tracker's KeepInLoop)."""

UnknownPriority: TypeAlias = Literal["error", "no_targets"]
"""A ticket whose priority the policy has no targets for: an error, or no targets (explained)."""

EffectiveBy: TypeAlias = Literal["created", "now"]
"""Which instant picks the version of an effective-dated policy."""

MetricState: TypeAlias = Literal["pending", "running", "paused", "met", "breached", "cancelled"]
"""Where a metric (or one of its cycles) stands at the evaluated instant."""

Outcome: TypeAlias = Literal["met", "cancelled", "restarted", "reset"]
"""How a cycle ended."""

LedgerKind: TypeAlias = Literal["counted", "closed", "paused", "event"]
"""What a ledger row is: time that counted, closed time, held time, or a moment."""

Period: TypeAlias = Literal["day", "week", "month", "quarter"]
"""A reporting period: a calendar day, an ISO week (Monday to Sunday), a month or a quarter."""
