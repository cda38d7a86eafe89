"""Jira Service Management: SLAs with start, pause and stop conditions, counted in cycles.

Sets:

- ``reopen: new_cycle``: an SLA runs in cycles; a reopen that meets the start condition again
  starts a new cycle with its own goal and breach flag.
- ``pause_accounting: business``: time counts only in the goal's calendar and not while a
  pause condition holds.

Sources: Atlassian Support, "Use priority to group SLA goals" and "Create SLA goals based on
customer details"; the SLA cycles of the Jira Service Management REST API (see
docs/concepts/options-compared.md).
"""

NAME = "jira"
PRODUCT = "Jira Service Management"
SETTINGS = {
    "reopen": "new_cycle",
    "pause_accounting": "business",
}
