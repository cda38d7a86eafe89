"""Frappe Helpdesk: service level agreements with response and resolution times per priority,
counted in the agreement's working hours.

Sets:

- ``priority_change: retarget``: the deadlines are recomputed from the agreement's start with
  the ticket's current priority on each update.
- ``reopen: resume``: a reopen clears the resolution and adds the time since it to the hold
  time, so the resolution deadline resumes with the resolved period left out.
- ``pause_accounting: business``: hold time is measured in working hours.
- ``first_response_met_by: [pause, resolve]``: a ticket without a first response gets one
  when it enters a status of the paused category, or moves from an open status to a
  resolved one (``HDTicket.set_first_responded_on``).
- ``paused_due: frozen``: while on hold the resolution deadline is recomputed with the holds
  that have ended only, so it shows the deadline as it stood when the hold began.

Sources: the Frappe Helpdesk source, ``hd_service_level_agreement.py`` and its ``utils.py``
and ``hd_ticket.py`` (github.com/frappe/helpdesk); see docs/concepts/presets/frappe.md.
"""

NAME = "frappe"
PRODUCT = "Frappe Helpdesk"
SETTINGS = {
    "priority_change": "retarget",
    "reopen": "resume",
    "pause_accounting": "business",
    "first_response_met_by": ("pause", "resolve"),
    "paused_due": "frozen",
}
