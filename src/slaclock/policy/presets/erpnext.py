"""ERPNext support: service level agreements on issues, with a hold time for paused statuses.

Sets:

- ``pause_accounting: hold_added``: the time an issue spends on hold is measured in
  wall-clock time and added to the working-time deadline computed from the SLA start
  (``set_resolution_by``), which may then fall outside working hours.
- ``reopen: resume``: a reopened issue continues its resolution deadline; the time it spent
  closed is counted as hold time.
- ``first_response_met_by: [pause, resolve]``: an issue that moves from an open status to a
  hold status or a fulfilled (resolved, closed) status before anyone replied gets its first
  response at that moment (``handle_status_change``).

Sources: the ERPNext source, ``service_level_agreement.py`` (github.com/frappe/erpnext); see
docs/concepts/options-compared.md.
"""

NAME = "erpnext"
PRODUCT = "ERPNext"
SETTINGS = {
    "pause_accounting": "hold_added",
    "reopen": "resume",
    "first_response_met_by": ("pause", "resolve"),
}
