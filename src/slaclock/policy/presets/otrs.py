"""OTRS and Znuny: escalation times per SLA or queue, suspended in configured states.

Sets:

- ``paused_due: projected``: while a ticket is in an escalation-suspend state its escalation
  time is shown as now plus the business time left, and the clock continues from there when
  the state changes back.
- ``pause_accounting: business``: the time in suspend states does not count.
- ``breach_at: at_due``: a ticket escalates once its escalation time is no longer in the
  future (the time left reaches zero).
- ``met_due: cleared``: a fulfilled escalation time is set to zero, shown as none.

Sources: the OTRS Escalation Suspend package documentation (``EscalationSuspendStates``); see
docs/concepts/presets/otrs.md.
"""

NAME = "otrs"
PRODUCT = "OTRS / Znuny"
SETTINGS = {
    "paused_due": "projected",
    "pause_accounting": "business",
    "breach_at": "at_due",
    "met_due": "cleared",
}
