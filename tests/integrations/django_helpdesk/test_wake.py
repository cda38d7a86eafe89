"""sla_wake: only due tickets, each warning and breach announced once, also when run twice
or concurrently."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from slaclock.integrations.django_helpdesk.models import SlaNotification
from slaclock.integrations.django_helpdesk.service import breaching_within, wake
from slaclock.integrations.django_helpdesk.signals import sla_breached, sla_warning

from .helpdesk_world import at, berlin, new_ticket, queue, sla, staff, update


@pytest.fixture
def heard() -> Iterator[list[tuple[str, int, str, int]]]:
    """What the two signals said: (kind, ticket id, metric, threshold)."""
    seen: list[tuple[str, int, str, int]] = []
    lock = threading.Lock()

    def listen(sender: Any, notification: Any, ticket_id: int, metric: str, **_: Any) -> None:
        with lock:
            seen.append((notification.kind, ticket_id, metric, notification.threshold))

    sla_warning.connect(listen, dispatch_uid="test-warning")
    sla_breached.connect(listen, dispatch_uid="test-breach")
    yield seen
    sla_warning.disconnect(dispatch_uid="test-warning")
    sla_breached.disconnect(dispatch_uid="test-breach")


def sla_wake(wall: str) -> str:
    out = io.StringIO()
    with at(wall):
        call_command("sla_wake", stdout=out)
    return out.getvalue()


class TestWake:
    def test_each_warning_and_breach_once(self, db: None, heard: list[Any]) -> None:
        # Created Mon 10:00: first response 4h → due 14:00, 75 % warning at 13:00.
        ticket = new_ticket(queue("support"), "2026-11-30 10:00")

        assert "woke 0 tickets" in sla_wake("2026-11-30 12:59")
        assert [] == heard

        sla_wake("2026-11-30 13:00")
        sla_wake("2026-11-30 13:01")
        assert [("warning", ticket.pk, "first_response", 75)] == heard
        # After the warning, the next change is the deadline itself.
        assert berlin("2026-11-30 14:00") == sla(ticket).next_change_at

        sla_wake("2026-11-30 14:05")
        sla_wake("2026-11-30 14:05")
        assert ("breach", ticket.pk, "first_response", 100) == heard[-1]
        assert 2 == len(heard)
        breach = SlaNotification.objects.get(kind="breach")
        assert berlin("2026-11-30 14:00") == breach.crossed_at

    def test_a_recompute_keeps_a_wake_up_not_yet_handled(self, db: None, heard: list[Any]) -> None:
        ticket = new_ticket(queue("support"), "2026-11-30 10:00")
        # Nobody ran sla_wake at 13:00 or 14:00; an internal note at 15:00 recomputes the
        # row, whose own next change is now far away (resolution's warning, Tue 14:00) ...
        with at("2026-11-30 15:00"):
            update(staff(), ticket, comment="Still looking.", public=False)
        assert berlin("2026-11-30 13:00") == sla(ticket).next_change_at

        # ... so the late wake-up still announces the breach (not the stale warning: the
        # cycle has breached since).
        sla_wake("2026-11-30 15:01")
        assert [("breach", ticket.pk, "first_response", 100)] == heard
        assert berlin("2026-12-01 14:00") == sla(ticket).next_change_at

    def test_breaching_within_the_next_hour(self, db: None) -> None:
        support = queue("support")
        soon = new_ticket(support, "2026-11-30 10:00")  # first response due 14:00
        later = new_ticket(support, "2026-11-30 12:00")  # due 16:00

        found = breaching_within(
            berlin("2026-11-30 14:00") - berlin("2026-11-30 13:00"), now=berlin("2026-11-30 13:10")
        )

        assert [soon.pk] == [row.ticket_id for row in found]
        assert later.pk != soon.pk


@pytest.fixture
def committed() -> Iterator[None]:
    """Data committed for real (threads use their own connections), removed afterwards."""
    yield
    from django.contrib.auth import get_user_model
    from helpdesk.models import Queue, Ticket

    Ticket.objects.all().delete()
    Queue.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks with SKIP LOCKED are PostgreSQL's"
)
class TestConcurrentWake:
    def test_two_workers_announce_each_breach_once(self, committed: None, heard: list[Any]) -> None:
        support = queue("support")
        tickets = [new_ticket(support, "2026-11-30 10:00") for _ in range(40)]
        start = threading.Barrier(3)
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                start.wait()
                wake(berlin("2026-11-30 14:30"), batch_size=5)
            except BaseException as exc:  # reported below, in the test's thread
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert [] == errors
        # Each ticket's first response breached at 14:00: one breach each, whoever sent it.
        breaches = sorted(pk for kind, pk, _, _ in heard if kind == "breach")
        assert sorted(t.pk for t in tickets) == breaches
        assert 40 == SlaNotification.objects.filter(kind="breach").count()
