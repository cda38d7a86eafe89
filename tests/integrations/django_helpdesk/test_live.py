"""The side table follows the helpdesk's own code paths: update_ticket, e-mail ingestion, the
hold views and escalate_tickets, each under a frozen clock.

Every expected deadline is worked out by hand in a comment, against tests' policies.yaml:
office hours 09:00–17:00 Mon–Fri (Berlin); the "standard" policy gives priority 3 ("*")
first_response 4h, next_response 8h, resolution 16h; P2 2h / 4h / 8h; P1 1h / 2h / 4h; all
metrics pause while the ticket is on hold; warnings at 75 %.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

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


@pytest.fixture
def support(db: None) -> object:
    return queue("support")


@pytest.fixture
def agent(db: None) -> object:
    return staff()


class TestCreated:
    def test_policy_and_deadlines_at_creation(self, support: object) -> None:
        # Mon 10:00 + 4h = Mon 14:00. Resolution 16h: Mon 10–17 (7h), Tue 09–17 (8h, 15h),
        # Wed 09–10 (16h). Next change: the first response's 75 % warning, 3h in: Mon 13:00.
        ticket = new_ticket(support, "2026-11-30 10:00")
        row = sla(ticket)

        assert "standard" == row.policy
        assert "2026-11-30T14:00:00+01:00" == due(ticket, "first_response")
        assert "2026-12-02T10:00:00+01:00" == due(ticket, "resolution")
        assert "pending" == state(ticket, "next_response")
        assert berlin("2026-11-30 13:00") == row.next_change_at
        assert berlin("2026-11-30 14:00") == row.next_due_at
        assert "first_response" == row.next_due_metric

    def test_queue_selects_the_policy(self, db: None) -> None:
        # vip: first_response 30m from Mon 10:00 = Mon 10:30.
        ticket = new_ticket(queue("vip"), "2026-11-30 10:00")

        assert "vip" == sla(ticket).policy
        assert "policy 'vip' chosen" in sla(ticket).policy_reasons[-1]
        assert "2026-11-30T10:30:00+01:00" == due(ticket, "first_response")


class TestAgentReplies:
    def test_private_note_is_not_a_response_public_reply_is(
        self, support: object, agent: object
    ) -> None:
        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 11:00"):
            update(agent, ticket, comment="Looks like the fuser.", public=False)
        # A note meets nothing: still due Mon 14:00.
        assert "running" == state(ticket, "first_response")
        assert "2026-11-30T14:00:00+01:00" == due(ticket, "first_response")

        with at("2026-11-30 11:30"):
            update(agent, ticket, comment="We are on it.", public=True)
        row = sla(ticket)
        # Met at 11:30 against its 14:00 deadline; resolution still due Wed 10:00, and its
        # 75 % warning (12h of 16h: Mon 7h + Tue 5h) at Tue 14:00 is the next change.
        assert "met" == state(ticket, "first_response")
        assert "2026-11-30T11:30:00+01:00" == row.metrics["first_response"]["met_at"]
        assert "2026-12-02T10:00:00+01:00" == due(ticket, "resolution")
        assert berlin("2026-12-01 14:00") == row.next_change_at


class TestStatusChanges:
    def test_resolve_then_reopen_resumes_resolution(self, support: object, agent: object) -> None:
        from helpdesk.models import Ticket

        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 12:00"):
            update(agent, ticket, comment="Fixed.", public=True, new_status=Ticket.RESOLVED_STATUS)
        # Resolved at Mon 12:00: resolution met (2h of 16h used), against Wed 10:00.
        assert "met" == state(ticket, "resolution")
        assert "2026-11-30T12:00:00+01:00" == sla(ticket).metrics["resolution"]["met_at"]
        assert sla(ticket).next_change_at is None

        with at("2026-12-01 09:00"):
            update(agent, ticket, comment="", new_status=Ticket.REOPENED_STATUS)
        # Reopen resumes: 2h used, 14h left from Tue 09:00: Tue 8h (17:00), Wed 6h → 15:00.
        assert "running" == state(ticket, "resolution")
        assert "2026-12-02T15:00:00+01:00" == due(ticket, "resolution")

    def test_close_cancels_the_unanswered_first_response(
        self, support: object, agent: object
    ) -> None:
        from helpdesk.models import Ticket

        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 10:15"):
            update(agent, ticket, new_status=Ticket.CLOSED_STATUS)

        assert "cancelled" == state(ticket, "first_response")
        assert "met" == state(ticket, "resolution")


class TestPriorityChanges:
    def test_raising_the_priority_retargets_from_creation(
        self, support: object, agent: object
    ) -> None:
        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 10:30"):
            update(agent, ticket, priority=1)
        # P1 from the original start Mon 10:00: first response 1h → 11:00, resolution 4h
        # → 14:00; the next change is first_response's 75 % (45 min) at 10:45.
        row = sla(ticket)
        assert "P1" == row.priority
        assert "2026-11-30T11:00:00+01:00" == due(ticket, "first_response")
        assert "2026-11-30T14:00:00+01:00" == due(ticket, "resolution")
        assert berlin("2026-11-30 10:45") == row.next_change_at


class TestEmail:
    """Customer replies arrive through the helpdesk's e-mail ingestion."""

    def test_reply_to_resolved_does_not_reopen(self, support: object, agent: object) -> None:
        from helpdesk.models import Ticket

        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 10:30"):
            update(agent, ticket, comment="Try turning it off.", public=True)
        with at("2026-11-30 11:00"):
            update(agent, ticket, comment="Done.", public=True, new_status=Ticket.RESOLVED_STATUS)
        receive_email(ticket, "2026-11-30 11:30", "Thanks, it works.")

        ticket.refresh_from_db()
        assert Ticket.RESOLVED_STATUS == ticket.status
        # Resolution stays met at Mon 11:00; the customer's message arms next_response, held
        # while the ticket is resolved (no deadline).
        assert "met" == state(ticket, "resolution")
        assert "paused" == state(ticket, "next_response")
        assert due(ticket, "next_response") is None

    def test_reply_to_closed_reopens(self, support: object, agent: object) -> None:
        from helpdesk.models import Ticket

        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 10:30"):
            update(agent, ticket, comment="Try turning it off.", public=True)
        with at("2026-11-30 11:00"):
            update(agent, ticket, comment="Done.", public=True, new_status=Ticket.CLOSED_STATUS)
        receive_email(ticket, "2026-12-01 09:30", "It is on fire again.")

        ticket.refresh_from_db()
        assert Ticket.REOPENED_STATUS == ticket.status
        # Resolution resumes: 1h used (Mon 10–11), 15h left from Tue 09:30: Tue 7.5h
        # (17:00, 8.5h), Wed 7.5h → Wed 16:30. The customer's message starts next_response
        # at Tue 09:30: 8h → Tue 17:30 is after closing, so Tue 09:30 + 7.5h = 17:00 and
        # 0.5h on Wed → Wed 09:30.
        assert "running" == state(ticket, "resolution")
        assert "2026-12-02T16:30:00+01:00" == due(ticket, "resolution")
        assert "running" == state(ticket, "next_response")
        assert "2026-12-02T09:30:00+01:00" == due(ticket, "next_response")


class TestPortal:
    def test_a_customer_update_through_update_ticket_arms_next_response(
        self, support: object, agent: object
    ) -> None:
        from django.contrib.auth.models import AnonymousUser

        ticket = new_ticket(support, "2026-11-30 10:00")
        with at("2026-11-30 10:30"):
            update(agent, ticket, comment="Which printer?", public=True)
        with at("2026-11-30 11:00"):
            update(AnonymousUser(), ticket, comment="The one on floor 2.", public=True)
        # The helpdesk records no user for a non-staff update: a customer message. Next
        # response 8h from Mon 11:00: Mon 11–17 (6h), Tue 09–11 → Tue 11:00.
        assert "running" == state(ticket, "next_response")
        assert "2026-12-01T11:00:00+01:00" == due(ticket, "next_response")

        with at("2026-12-01 10:00"):
            update(agent, ticket, comment="Fixed the toner.", public=True)
        assert "met" == state(ticket, "next_response")


class TestHold:
    def test_hold_pauses_and_unhold_resumes(self, support: object, agent: object) -> None:
        from django.test import Client
        from django.urls import reverse

        ticket = new_ticket(support, "2026-11-30 10:00")
        client = Client()
        client.force_login(agent)
        with at("2026-11-30 11:00"):
            response = client.post(reverse("helpdesk:hold", args=[ticket.pk]))
        assert 302 == response.status_code
        # On hold from Mon 11:00: both metrics paused with 1h used; no deadline, no wake-up.
        assert "paused" == state(ticket, "first_response")
        assert due(ticket, "first_response") is None
        assert sla(ticket).next_change_at is None

        with at("2026-11-30 14:00"):
            response = client.post(reverse("helpdesk:unhold", args=[ticket.pk]))
        assert 302 == response.status_code
        # Off hold at Mon 14:00: first response 3h left → Mon 17:00; resolution 15h left:
        # Mon 3h (14–17), Tue 8h (11h), Wed 4h → Wed 13:00. The hold follow-up (public, by
        # staff, no comment) is not a reply.
        assert "2026-11-30T17:00:00+01:00" == due(ticket, "first_response")
        assert "2026-12-02T13:00:00+01:00" == due(ticket, "resolution")
        assert 3 * 3600.0 == sla(ticket).metrics["first_response"]["paused_seconds"]


class TestEscalation:
    def test_escalate_tickets_raises_priority(self, db: None) -> None:
        from helpdesk.models import FollowUp

        support = queue("support", escalate_days=1)
        ticket = new_ticket(support, "2026-11-27 16:00")  # a Friday
        # P3: first response 4h: Fri 16–17 (1h) + Mon 09–12 → Mon 12:00. Resolution 16h:
        # Fri 1h + Mon 8h + Tue 7h → Tue 16:00.
        assert "2026-11-30T12:00:00+01:00" == due(ticket, "first_response")
        assert "2026-12-01T16:00:00+01:00" == due(ticket, "resolution")

        with at("2026-11-30 09:30"):
            call_command("escalate_tickets")
        ticket.refresh_from_db()
        assert 2 == ticket.priority
        # P2 from the original start: first response 2h: Fri 1h + Mon 09–10 → Mon 10:00;
        # resolution 8h: Fri 1h + Mon 09–16 (7h) → Mon 16:00. The escalation's public follow-up
        # (no user, a comment) is neither a reply nor a customer message.
        assert "P2" == sla(ticket).priority
        assert "2026-11-30T10:00:00+01:00" == due(ticket, "first_response")
        assert "2026-11-30T16:00:00+01:00" == due(ticket, "resolution")
        assert "pending" == state(ticket, "next_response")
        assert FollowUp.objects.filter(ticket=ticket, user__isnull=True).exists()


class TestQueueChanges:
    def test_moving_to_the_vip_queue_applies_its_policy_from_creation(
        self, support: object, agent: object
    ) -> None:
        vip = queue("vip")
        ticket = new_ticket(support, "2026-11-30 10:00")
        assert "standard" == sla(ticket).policy

        with at("2026-11-30 10:10"):
            update(agent, ticket, queue=vip.pk)
        # The policy follows the ticket's queue as it is now: vip, first response 30m from
        # its creation at Mon 10:00 → 10:30.
        assert "vip" == sla(ticket).policy
        assert "2026-11-30T10:30:00+01:00" == due(ticket, "first_response")


class TestMerge:
    def test_a_merged_ticket_stops(self, support: object) -> None:
        from helpdesk.models import Ticket

        kept = new_ticket(support, "2026-11-30 10:00")
        merged = new_ticket(support, "2026-11-30 10:05")
        with at("2026-11-30 10:10"):
            merged.merged_to = kept
            merged.status = Ticket.DUPLICATE_STATUS
            merged.save()

        assert "cancelled" == state(merged, "first_response")
        assert "running" == state(kept, "first_response")
