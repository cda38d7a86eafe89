"""OTRS and Znuny: escalation times per SLA or queue, suspended in configured states.

Sets:

- ``paused_due: projected``: while a ticket is in an escalation-suspend state its escalation
  time is shown as now plus the business time left, and the clock continues from there when
  the state changes back.
- ``pause_accounting: business``: the time in suspend states does not count.

Sources: the OTRS Escalation Suspend package documentation (``EscalationSuspendStates``); see
docs/concepts/options-compared.md.
"""

NAME = "otrs"
PRODUCT = "OTRS / Znuny"
SETTINGS = {
    "paused_due": "projected",
    "pause_accounting": "business",
}
