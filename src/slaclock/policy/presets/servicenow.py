"""ServiceNow: task SLAs attached by SLA definitions with start, pause, stop and reset
conditions, timed against a schedule.

Sets:

- ``priority_change: restart``: a priority change usually stops the old definition's start
  condition from matching and attaches a new task SLA with fresh timing.
- ``day_means: 24h``: the days of a duration are 24-hour blocks of schedule time.
- ``pause_accounting: business``: the breach time follows the schedule; pauses remove the
  schedule time they covered.
- ``sticky_breach: true``: a breached task SLA keeps its breached state when it completes.
- ``breach_at: at_due``: a task SLA is breached when it reaches 100 % of its duration.

Sources: ServiceNow documentation, "SLA conditions", "SLA duration types", "Actual and business
elapsed times" (see docs/concepts/options-compared.md).
"""

NAME = "servicenow"
PRODUCT = "ServiceNow"
SETTINGS = {
    "priority_change": "restart",
    "day_means": "24h",
    "pause_accounting": "business",
    "sticky_breach": True,
    "breach_at": "at_due",
}
