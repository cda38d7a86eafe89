"""The model-signal receivers that keep `TicketSla` current.

They listen to Django's own model signals, not to the helpdesk's custom ones: the e-mail
poller and the hold view send none of those, but every save sends ``post_save``. A ticket
touched several times in one transaction is recomputed once, when it commits.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.db import transaction

from .conf import read_settings
from .service import recompute

logger = logging.getLogger(__name__)


class _Pending:
    """Tickets to recompute when the current transaction of one connection commits."""

    def __init__(self) -> None:
        self.ids: set[int] = set()
        self.registered = False

    def flush(self) -> None:
        ids, self.ids = self.ids, set()
        self.registered = False
        if ids:
            _recompute_logged(sorted(ids))


def _recompute_logged(ids: list[int]) -> None:
    """Recompute, logging instead of raising: the ticket is saved already, and an SLA that
    cannot be computed (say, a broken policy file) must not turn the save into an error page.
    ``sla_backfill`` recomputes such tickets once the cause is fixed."""
    try:
        recompute(ids)
    except Exception:
        logger.exception("slaclock: could not recompute the SLA of tickets %s", ids)


# Django's connections are per thread, and so is what waits for their commit.
_local = threading.local()


def schedule(ticket_id: int | None, using: str | None = None) -> None:
    """Recompute a ticket now, or when the surrounding transaction commits."""
    if ticket_id is None or not read_settings().recompute_on_save:
        return
    conn = transaction.get_connection(using)
    if not conn.in_atomic_block:
        _recompute_logged([ticket_id])
        return
    pendings: dict[str, _Pending] = _local.__dict__.setdefault("pending", {})
    pending = pendings.setdefault(conn.alias, _Pending())
    # A rolled-back block drops its on-commit callbacks (Django keeps them in
    # run_on_commit) without running them: then the ids waiting are void, and ours must be
    # registered again.
    if pending.registered and not any(e[1] == pending.flush for e in conn.run_on_commit):
        pending.ids.clear()
        pending.registered = False
    if not pending.registered:
        pending.registered = True
        transaction.on_commit(pending.flush, using=using, robust=True)
    pending.ids.add(ticket_id)


def _ticket_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    schedule(instance.pk, kwargs.get("using"))
    # A merge moves the follow-ups of this ticket to the one it was merged into with a
    # queryset update, which sends no signal.
    if instance.merged_to_id is not None:
        schedule(instance.merged_to_id, kwargs.get("using"))


def _followup_changed(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        schedule(instance.ticket_id, kwargs.get("using"))


def _change_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    from helpdesk.models import FollowUp, TicketChange

    cached = TicketChange._meta.get_field("followup").is_cached(instance)
    followup = instance.followup if cached else None
    ticket_id = (
        followup.ticket_id
        if followup is not None
        else FollowUp.objects.filter(pk=instance.followup_id)
        .values_list("ticket_id", flat=True)
        .first()
    )
    schedule(ticket_id, kwargs.get("using"))


def connect() -> None:
    """Connect the receivers (called by the app's ``ready``)."""
    from django.db.models.signals import post_delete, post_save
    from helpdesk.models import FollowUp, Ticket, TicketChange

    post_save.connect(_ticket_saved, sender=Ticket, dispatch_uid="slaclock-ticket")
    post_save.connect(_followup_changed, sender=FollowUp, dispatch_uid="slaclock-followup")
    post_delete.connect(_followup_changed, sender=FollowUp, dispatch_uid="slaclock-followup-del")
    post_save.connect(_change_saved, sender=TicketChange, dispatch_uid="slaclock-change")
    post_delete.connect(_change_saved, sender=TicketChange, dispatch_uid="slaclock-change-del")
