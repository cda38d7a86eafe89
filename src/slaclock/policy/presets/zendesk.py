"""Zendesk: SLA policies with first reply, next reply, periodic update and resolution targets.

Sets the behaviours slaclock can express today:

- ``priority_change: retarget``: a priority change updates the ticket's targets, and the
  metrics keep measuring from their own start (the ticket's creation for the first reply).
- ``reopen: resume``: the resolution-type metrics are totals of time in given statuses, so a
  reopened ticket keeps adding to the same total.
- ``pause_accounting: business``: a target counts in business or calendar hours, and the
  statuses in which it does not count remove their time.
- ``next_response_arming: after_first_reply``: the reply-time metric runs one instance at a
  time, the first being the first reply, so a follow-up before the first reply is answered
  by it and starts no next reply time (inferred from the metric events reference).

A fulfilled target keeps its target time (``met_due: kept``, slaclock's default), as the SLA
reports show it; views show no next breach once every target is fulfilled, which the
``met_due`` scenario of docs/concepts/presets/zendesk.md records as a difference.

Sources: Zendesk Help Center, "Defining and using SLA policies"; the metric definitions as
restated in the GitLab Support handbook (see docs/concepts/options-compared.md).
"""

NAME = "zendesk"
PRODUCT = "Zendesk"
SETTINGS = {
    "priority_change": "retarget",
    "reopen": "resume",
    "pause_accounting": "business",
    "next_response_arming": "after_first_reply",
}
