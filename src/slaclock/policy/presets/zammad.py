"""Zammad: one SLA per ticket with first response, update and solution times, counted in the
SLA's calendar from the ticket's creation.

Sets:

- ``priority_change: retarget``: the times are counted from the ticket's creation, which a
  change of group, priority or SLA does not move.
- ``breach_at: at_due``: a ticket is escalated once its escalation time is at or before now
  (the "escalated" overview selects escalation times up to now).
- ``start_rounding: minute``: the clock starts at the whole minute of the ticket's creation.
- ``due_on_close: next_open``: a budget used up exactly at the close of business is due at
  the next opening.
- ``met_due: cleared``: once a time is fulfilled its escalation time is shown empty.
- ``pause_accounting: hide``: a pending state stops the ticket from escalating, but the time is
  not taken off; back in an open state it may escalate at once.

Sources: Zammad admin documentation, "SLAs: How do they work?"; the Zammad source
(github.com/zammad/zammad: the escalation calculation and the "escalated" overview's
condition); see docs/concepts/options-compared.md.
"""

NAME = "zammad"
PRODUCT = "Zammad"
SETTINGS = {
    "priority_change": "retarget",
    "breach_at": "at_due",
    "start_rounding": "minute",
    "due_on_close": "next_open",
    "met_due": "cleared",
    "pause_accounting": "hide",
}
