"""ERPNext support: service level agreements on issues, with a hold time for paused statuses.

Sets:

- ``pause_accounting: wall``: the time an issue spends on hold is measured in wall-clock time
  and added to the resolution deadline, which may then fall outside working hours.
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
    "pause_accounting": "wall",
    "reopen": "resume",
    "first_response_met_by": ("pause", "resolve"),
}
