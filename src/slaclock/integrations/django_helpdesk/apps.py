"""The Django app."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaclockHelpdeskConfig(AppConfig):
    """slaclock's SLA side tables, signals and commands for django-helpdesk."""

    name = "slaclock.integrations.django_helpdesk"
    label = "slaclock_helpdesk"
    verbose_name = _("SLAs (slaclock)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .receivers import connect

        connect()
