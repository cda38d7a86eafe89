"""The SLACLOCK_HELPDESK settings: attributes for policy selection, status and priority
mappings, mirroring into due_date, and loud errors for settings that cannot work."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from slaclock.integrations.django_helpdesk.conf import read_settings

from .helpdesk_world import berlin, due, new_ticket, queue, sla

ADMIN_URLS = f"{__name__.rpartition('.')[0]}.sla_test_admin_urls"

POLICIES = """
calendars:
  office: {timezone: Europe/Berlin, hours: {mon-fri: ["09:00-17:00"]}}
policies:
  - name: acme-gold
    match: {organisation: acme.example, tier: gold}
    calendar: office
    targets: {"*": {first_response: 15m}}
  - name: everyone
    calendar: office
    targets: {"urgent": {first_response: 1h}, "*": {first_response: 8h}}
"""


@pytest.fixture
def policy_file(tmp_path: Path) -> str:
    path = tmp_path / "sla.yaml"
    path.write_text(POLICIES, encoding="utf-8")
    return str(path)


class TestAttributes:
    def test_submitter_domain_and_custom_field_select_the_policy(
        self, db: None, policy_file: str
    ) -> None:
        from helpdesk.models import CustomField, TicketCustomFieldValue

        tier = CustomField.objects.create(name="tier", label="Tier", data_type="varchar")
        setting = {
            "POLICY_FILE": policy_file,
            "ATTRIBUTES": {"organisation": "submitter_domain", "tier": "custom:tier"},
        }
        with override_settings(SLACLOCK_HELPDESK=setting):
            support = queue("support")
            gold = new_ticket(support, "2026-11-30 10:00", submitter_email="Ann@ACME.example")
            TicketCustomFieldValue.objects.create(ticket=gold, field=tier, value="gold")
            other = new_ticket(support, "2026-11-30 10:00", submitter_email="bob@other.example")
            from slaclock.integrations.django_helpdesk.service import recompute

            recompute([gold.pk, other.pk], now=berlin("2026-11-30 10:00"))

        # acme-gold: 15 minutes from 10:00; everyone else, priority 3 = "P3" → "*": 8h.
        assert "acme-gold" == sla(gold).policy
        assert "2026-11-30T10:15:00+01:00" == due(gold, "first_response")
        assert "everyone" == sla(other).policy
        assert "2026-12-01T10:00:00+01:00" == due(other, "first_response")

    def test_priority_names(self, db: None, policy_file: str) -> None:
        setting = {"POLICY_FILE": policy_file, "PRIORITIES": {1: "urgent"}}
        with override_settings(SLACLOCK_HELPDESK=setting):
            ticket = new_ticket(queue("support"), "2026-11-30 10:00", priority=1)
        assert "urgent" == sla(ticket).priority
        assert "2026-11-30T11:00:00+01:00" == due(ticket, "first_response")


class TestMirrorDueDate:
    @pytest.mark.parametrize("mirror", [True, False], ids=["on", "off-by-default"])
    def test_due_date(self, db: None, mirror: bool) -> None:
        from django.conf import settings
        from helpdesk.models import Ticket

        setting = dict(settings.SLACLOCK_HELPDESK)
        if mirror:
            setting["MIRROR_DUE_DATE"] = True
        with override_settings(SLACLOCK_HELPDESK=setting):
            ticket = new_ticket(queue("support"), "2026-11-30 10:00")
        expected = berlin("2026-11-30 14:00") if mirror else None
        assert expected == Ticket.objects.get(pk=ticket.pk).due_date


class TestErrors:
    def test_naive_datetimes_are_refused(self) -> None:
        with override_settings(USE_TZ=False), pytest.raises(ImproperlyConfigured) as e:
            read_settings()
        assert "set USE_TZ = True" in str(e.value)

    @pytest.mark.parametrize(
        ("setting", "message"),
        [
            pytest.param({}, "['POLICY_FILE'] is required", id="no-policy-file"),
            pytest.param({"POLICY_FILE": "x", "COLOUR": 1}, "unknown key 'COLOUR'", id="typo"),
            pytest.param(
                {"POLICY_FILE": "x", "ATTRIBUTES": {"org": "organisation"}},
                "unknown source 'organisation'",
                id="attribute-source",
            ),
            pytest.param(
                {"POLICY_FILE": "x", "STATUSES": {"open": "open"}},
                "keys are the helpdesk's numbers",
                id="status-key",
            ),
        ],
    )
    def test_bad_settings_are_named(self, setting: dict[str, object], message: str) -> None:
        with override_settings(SLACLOCK_HELPDESK=setting), pytest.raises(ImproperlyConfigured) as e:
            read_settings()
        assert message in str(e.value)

    def test_a_broken_policy_file_is_logged_not_raised_on_save(
        self, db: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
    ) -> None:
        from slaclock.integrations.django_helpdesk.models import TicketSla

        broken = tmp_path / "broken.yaml"
        broken.write_text("policies: [{name: x}]\n", encoding="utf-8")
        with (
            override_settings(SLACLOCK_HELPDESK={"POLICY_FILE": str(broken)}),
            caplog.at_level(logging.ERROR),
        ):
            ticket = new_ticket(queue("support"), "2026-11-30 10:00")

        assert not TicketSla.objects.filter(ticket=ticket).exists()
        assert "could not recompute the SLA" in caplog.text


class TestAppChecks:
    def test_system_checks_pass(self) -> None:
        from django.core.management import call_command

        call_command("check", "slaclock_helpdesk", fail_level="WARNING")

    def test_migrations_match_the_models(self) -> None:
        from django.core.management import call_command

        call_command("makemigrations", "slaclock_helpdesk", check=True, dry_run=True)

    def test_admin_pages_render(self, db: None) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client, override_settings

        from .helpdesk_world import new_ticket, queue

        new_ticket(queue("support"), "2026-11-30 10:00")
        admin = get_user_model().objects.create_superuser("root", "root@x.example", "pw")
        client = Client()
        client.force_login(admin)
        with override_settings(ROOT_URLCONF=ADMIN_URLS):
            listing = client.get("/admin/slaclock_helpdesk/ticketsla/?state__exact=running")
        assert 200 == listing.status_code
        assert b"standard" in listing.content

    def test_admin_filter_breaching_within_the_hour(self, db: None) -> None:
        from django.contrib.auth import get_user_model
        from django.test import Client, override_settings

        from .helpdesk_world import at, new_ticket, queue

        support = queue("support")
        soon = new_ticket(support, "2026-11-30 10:00", title="Due at two")  # due 14:00
        new_ticket(support, "2026-11-30 12:00", title="Due at four")  # due 16:00
        admin = get_user_model().objects.create_superuser("root", "root@x.example", "pw")
        client = Client()
        client.force_login(admin)
        with override_settings(ROOT_URLCONF=ADMIN_URLS), at("2026-11-30 13:10"):
            listing = client.get("/admin/slaclock_helpdesk/ticketsla/?due=hour")
        assert 200 == listing.status_code
        assert str(soon).encode() in listing.content
        assert b"Due at four" not in listing.content
