"""Ticket changes written under a German site keep their meaning: the helpdesk stores the
translated label ("Priorität", "Zurückgehalten"), never the English one."""

from __future__ import annotations

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from slaclock.integrations.django_helpdesk.models import TicketSla
from slaclock.integrations.django_helpdesk.service import backfill

from .helpdesk_world import at, due, new_ticket, queue, sla, staff, state, update


class TestGermanLabels:
    def test_priority_and_hold_written_in_german(self, db: None) -> None:
        from helpdesk.models import TicketChange

        agent = staff()
        client = Client()
        client.force_login(agent)
        with override_settings(LANGUAGE_CODE="de"), translation.override("de"):
            ticket = new_ticket(queue("support"), "2026-11-30 10:00")
            with at("2026-11-30 10:30"):
                update(agent, ticket, priority=2)
            with at("2026-11-30 11:00"):
                client.post(reverse("helpdesk:hold", args=[ticket.pk]))
            with at("2026-11-30 13:00"):
                client.post(reverse("helpdesk:unhold", args=[ticket.pk]))

        fields = set(TicketChange.objects.values_list("field", flat=True))
        assert {"Priorität", "Zurückgehalten"} == fields
        # P2 from Mon 10:00: first response 2h. On hold 11:00–13:00 with 1h used, so 1h left
        # from 13:00 → Mon 14:00. Resolution 8h: 1h used, 7h from 13:00: Mon 4h (17:00),
        # Tue 3h → Tue 12:00.
        expected = ("2026-11-30T14:00:00+01:00", "2026-12-01T12:00:00+01:00")
        assert expected == (due(ticket, "first_response"), due(ticket, "resolution"))
        assert "P2" == sla(ticket).priority
        assert 2 * 3600.0 == sla(ticket).metrics["first_response"]["paused_seconds"]

        # Read back later by an English process, the German history means the same.
        evaluated_at = sla(ticket).evaluated_at
        TicketSla.objects.all().delete()
        with translation.override("en"):
            backfill([ticket.pk], now=evaluated_at)
        assert expected == (due(ticket, "first_response"), due(ticket, "resolution"))
        assert "running" == state(ticket, "first_response")
