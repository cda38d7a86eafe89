"""Request Tracker (RT): the SLA extension, which sets a ticket's Starts and Due dates from
service levels counted in business hours.

Sets:

- ``reported_start: first_open``: the ticket's Starts date is the first business instant at or
  after its creation; the deadlines are counted from the creation either way.
- ``due_on_close: next_open``: counted in business minutes, a budget used up exactly at a
  closing is due at the next opening (Business::Hours returns an instant inside open hours).
- ``met_due: cleared``: a staff reply unsets the response deadline.
- ``pause_accounting: hide``: in the statuses a service level ignores, the ticket shows no
  due date, but the time is not taken off: back in another status it is due when it would
  have been (``IgnoreOnStatuses`` without ``ExcludeTimeOnIgnoredStatuses``).
- ``periodic_update_disarm: customer_message``: ``KeepInLoop`` applies only while the last
  correspondence came from staff; a requestor's message switches the due date back to the
  response (``SLA_SetDue``, ``LastEffectiveAct``).

Sources: the RT::Extension::SLA documentation (``StartImmediately``: by default a ticket's
Starts date is the first business minute after its creation) and RT's "Service Level
Agreements" cookbook (``customizing/sla``), its tests (``t/sla/``); see
docs/concepts/presets/rt.md.
"""

NAME = "rt"
PRODUCT = "Request Tracker"
SETTINGS = {
    "reported_start": "first_open",
    "due_on_close": "next_open",
    "met_due": "cleared",
    "pause_accounting": "hide",
    "periodic_update_disarm": "customer_message",
}
