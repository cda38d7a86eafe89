"""Backfill: the same rows as live computation, correct rows for tickets older than the
integration, and a bounded number of queries however long a ticket's history."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from slaclock.integrations.django_helpdesk.models import TicketSla
from slaclock.integrations.django_helpdesk.service import backfill, recompute

from .helpdesk_world import (
    at,
    berlin,
    due,
    new_ticket,
    queue,
    receive_email,
    sla,
    staff,
    state,
    update,
)

_COMPARED = (
    "state",
    "policy",
    "policy_reasons",
    "priority",
    "next_due_at",
    "next_due_metric",
    "breached_at",
    "next_change_at",
    "metrics",
    "evaluated_at",
    "engine_version",
)


def _row(ticket_id: int) -> dict[str, object]:
    row = TicketSla.objects.get(ticket_id=ticket_id)
    return {name: getattr(row, name) for name in _COMPARED}


def _histories(agent: object) -> list[object]:
    """Tickets with a mix of replies, notes, holds, priority and status changes, e-mail."""
    from django.test import Client
    from django.urls import reverse
    from helpdesk.models import Ticket

    support, vip = queue("support"), queue("vip")
    client = Client()
    client.force_login(agent)
    a = new_ticket(support, "2026-11-30 09:10")
    b = new_ticket(vip, "2026-11-30 09:20", priority=2)
    c = new_ticket(support, "2026-11-30 09:30", priority=4)
    with at("2026-11-30 09:40"):
        update(agent, a, comment="note", public=False)
    with at("2026-11-30 09:50"):
        client.post(reverse("helpdesk:hold", args=[b.pk]))
    with at("2026-11-30 10:00"):
        update(agent, c, priority=1)
    with at("2026-11-30 10:20"):
        update(agent, a, comment="On it.", public=True, new_status=Ticket.RESOLVED_STATUS)
    with at("2026-11-30 11:00"):
        client.post(reverse("helpdesk:unhold", args=[b.pk]))
    with at("2026-11-30 11:30"):
        update(agent, c, comment="Closing.", public=True, new_status=Ticket.CLOSED_STATUS)
    receive_email(c, "2026-12-01 10:00", "Still broken.")
    with at("2026-12-01 10:30"):
        update(agent, b, comment="Sorry for the wait.", public=True)
    return [a, b, c]


class TestBackfillEqualsLive:
    def test_same_rows(self, db: None) -> None:
        tickets = _histories(staff())
        live = {t.pk: _row(t.pk) for t in tickets}  # type: ignore[attr-defined]
        # Wipe everything computed; keep next_change_at, a wake-up sla_wake has not handled
        # yet (it survives any recompute, see TestWake).
        TicketSla.objects.update(
            state="none",
            policy="",
            policy_reasons=[],
            priority="",
            next_due_at=None,
            next_due_metric="",
            breached_at=None,
            metrics={},
            engine_version="",
        )

        for pk, row in live.items():
            backfill([pk], now=row["evaluated_at"])  # type: ignore[arg-type]

        differences = [
            (pk, name, value, _row(pk)[name])
            for pk, row in live.items()
            for name, value in row.items()
            if _row(pk)[name] != value
        ]
        assert [] == differences
        # The histories really moved the clocks (not three untouched tickets).
        states = {m["state"] for r in live.values() for m in r["metrics"].values()}  # type: ignore[attr-defined]
        assert {"met", "breached", "pending"} <= states


class TestTicketsOlderThanTheIntegration:
    def test_backfill_gives_deadlines_to_history_written_without_it(self, db: None) -> None:
        from helpdesk.models import Ticket

        agent = staff()
        with override_settings(
            SLACLOCK_HELPDESK={"POLICY_FILE": "unused.yaml", "RECOMPUTE_ON_SAVE": False}
        ):
            ticket = new_ticket(queue("support"), "2026-11-30 10:00")
            with at("2026-11-30 10:30"):
                update(agent, ticket, comment="Hello.", public=True)
            with at("2026-11-30 12:00"):
                update(
                    agent, ticket, comment="Waiting on parts.", new_status=Ticket.RESOLVED_STATUS
                )
            with at("2026-12-01 09:00"):
                update(agent, ticket, comment="", new_status=Ticket.REOPENED_STATUS)
        assert not TicketSla.objects.filter(ticket=ticket).exists()

        out = io.StringIO()
        with at("2026-12-01 10:00"):
            call_command("sla_backfill", stdout=out)
        # First response met at Mon 10:30. Resolution: Mon 10–12 (2h) used, resolved until
        # Tue 09:00, 14h left: Tue 8h, Wed 6h → Wed 15:00.
        assert "met" == state(ticket, "first_response")
        assert "2026-12-02T15:00:00+01:00" == due(ticket, "resolution")
        assert "backfilled 1 tickets" in out.getvalue()

    def test_backfill_of_some_tickets(self, db: None) -> None:
        with override_settings(
            SLACLOCK_HELPDESK={"POLICY_FILE": "unused.yaml", "RECOMPUTE_ON_SAVE": False}
        ):
            support = queue("support")
            first = new_ticket(support, "2026-11-30 10:00")
            second = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 11:00"):
            call_command("sla_backfill", str(second.pk), stdout=io.StringIO())

        assert not TicketSla.objects.filter(ticket=first).exists()
        assert berlin("2026-11-30 14:00") == sla(second).next_due_at


def _tickets_with_followups(count: int, followups: int) -> list[int]:
    from helpdesk.models import FollowUp, Ticket, TicketChange

    agent = staff(f"agent{count}")
    support, other = queue(f"q{count}"), queue(f"r{count}")
    ids = []
    for _ in range(count):
        ticket = new_ticket(support, "2026-11-30 09:00")
        for k in range(followups):
            f = FollowUp.objects.create(
                ticket=ticket,
                date=berlin(f"2026-11-30 10:{k:02d}"),
                comment=f"reply {k}",
                public=True,
                user=agent if k % 2 else None,
            )
            if k == 5:
                TicketChange.objects.create(
                    followup=f, field="Queue", old_value=str(support.pk), new_value=str(other.pk)
                )
            if k == 3:
                TicketChange.objects.create(
                    followup=f, field="Priority", old_value="3", new_value="2"
                )
        if followups > 3:
            Ticket.objects.filter(pk=ticket.pk).update(priority=2)
        ids.append(ticket.pk)
    return ids


class TestQueriesAreBounded:
    def test_backfill_queries_do_not_grow_with_tickets_or_followups(self, db: None) -> None:
        few = _tickets_with_followups(3, 2)
        many = _tickets_with_followups(30, 10)

        with CaptureQueriesContext(connection) as small:
            backfill(few, now=berlin("2026-11-30 12:00"))
        with CaptureQueriesContext(connection) as large:
            backfill(many, now=berlin("2026-11-30 12:00"))

        # The ids, then per batch: tickets, follow-ups, their changes, their authors, the
        # savepoint, pending wake-ups, the upsert, the savepoint's release: 9 for 3 tickets
        # with 2 follow-ups each. For 30 with 10, one more: the queues' slugs, since each
        # of these tickets moved between queues.
        assert len(small.captured_queries) + 1 == len(large.captured_queries)
        assert len(large.captured_queries) <= 10
        assert "P2" == sla_priority(many[0])

    def test_live_recompute_of_one_ticket_is_bounded(self, db: None) -> None:
        short = _tickets_with_followups(1, 2)
        long = _tickets_with_followups(2, 12)

        with CaptureQueriesContext(connection) as one:
            recompute(short, now=berlin("2026-11-30 12:00"))
        with CaptureQueriesContext(connection) as other:
            recompute(long[:1], now=berlin("2026-11-30 12:00"))

        # Ticket, follow-ups, changes, authors, pending wake-up, upsert; and the queues' slugs
        # for the ticket with 12 follow-ups, which moved between queues.
        assert len(one.captured_queries) + 1 == len(other.captured_queries) <= 7


def sla_priority(ticket_id: int) -> str:
    return str(TicketSla.objects.get(ticket_id=ticket_id).priority)


class TestBoundaries:
    def test_importing_slaclock_does_not_import_django(self) -> None:
        code = "import sys, slaclock; print('django' in sys.modules)"
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert "False" == out

    @pytest.mark.skipif(
        not os.environ.get("SLACLOCK_TEST_POSTGRES"), reason="runs only against PostgreSQL"
    )
    def test_the_postgres_run_really_uses_postgres(self) -> None:
        assert "postgresql" == connection.vendor
