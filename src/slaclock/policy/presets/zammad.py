"""Zammad: one SLA per ticket with first response, update and solution times, counted in the
SLA's calendar from the ticket's creation.

Sets:

- ``priority_change: retarget``: the times are counted from the ticket's creation, which a
  change of group, priority or SLA does not move.
- ``reopen: resume``: time spent closed is not counted, and the solution time resumes.
- ``due_on_close: next_open``: a budget used up exactly at the close of business is due at
  the next opening.
- ``met_due: cleared``: once a time is fulfilled its escalation time is shown empty.
- ``pause_accounting: business``: pending and closed periods are breaks in the business
  calendar, so their time is not counted (the pending states belong in the policy's
  ``pause_on``, since their names are the installation's).
- ``pause_rounding: minute``: a break is written as ``HH:MM`` to ``HH:MM``, so it begins and
  ends at the start of the minute in which the state changed.
- ``selection: on_change``: the SLA is looked up again on every recalculation; the one that
  matches then counts from the ticket's creation, and a ticket that no SLA matches has no
  escalation times.

A ticket escalates once its escalation time lies before now, slaclock's default
(``breach_at: after_due``); the clock starts at the creation instant with its seconds
(``start_rounding: none``).

Sources: the Zammad source (github.com/zammad/zammad: ``spec/models/ticket/
escalation_examples.rb`` and the escalation calculation); see docs/concepts/presets/zammad.md.
"""

NAME = "zammad"
PRODUCT = "Zammad"
SETTINGS = {
    "priority_change": "retarget",
    "reopen": "resume",
    "due_on_close": "next_open",
    "met_due": "cleared",
    "pause_accounting": "business",
    "pause_rounding": "minute",
    "selection": "on_change",
}
