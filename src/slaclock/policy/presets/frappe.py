"""Frappe Helpdesk: service level agreements with response and resolution times per priority,
counted in the agreement's working hours.

Sets:

- ``priority_change: retarget``: the deadlines are recomputed from the agreement's start with
  the ticket's current priority on each update.
- ``reopen: resume``: a reopen clears the resolution and adds the time since it to the hold
  time, so the resolution deadline resumes with the resolved period left out.
- ``pause_accounting: business``: hold time is measured in working hours.
- ``first_response_met_by: [pause]``: a ticket set to a status the agreement pauses on
  before anyone replied gets its first response then (``set_first_responded_at``).

Sources: the Frappe Helpdesk source, ``hd_service_level_agreement.py`` and its ``utils.py``
(github.com/frappe/helpdesk); see docs/concepts/options-compared.md.
"""

NAME = "frappe"
PRODUCT = "Frappe Helpdesk"
SETTINGS = {
    "priority_change": "retarget",
    "reopen": "resume",
    "pause_accounting": "business",
    "first_response_met_by": ("pause",),
}
