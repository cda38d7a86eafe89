"""The signals ``sla_wake`` sends, once per warning threshold or breach of a deadline.

Both are sent after the transaction that recorded the announcement commits. Receivers get
``notification`` (a `SlaNotification`), ``ticket_id`` and ``metric``::

    from django.dispatch import receiver
    from slaclock.integrations.django_helpdesk.signals import sla_breached

    @receiver(sla_breached)
    def page_the_lead(sender, notification, ticket_id, metric, **kwargs):
        ...
"""

from __future__ import annotations

from django.dispatch import Signal

sla_warning = Signal()
sla_breached = Signal()
