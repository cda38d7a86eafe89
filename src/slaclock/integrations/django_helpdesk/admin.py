"""Admin pages: the SLA of each ticket, filterable by state and policy, and the notifications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import SlaNotification, TicketSla


class NextDeadlineFilter(admin.SimpleListFilter):
    """Tickets by how soon their next open deadline falls (the indexed ``next_due_at``)."""

    title = _("next deadline")
    parameter_name = "due"
    _windows = {"hour": timedelta(hours=1), "4hours": timedelta(hours=4), "day": timedelta(days=1)}

    def lookups(self, request: Any, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("hour", _("within the next hour")),
            ("4hours", _("within 4 hours")),
            ("day", _("within a day")),
            ("breached", _("breached")),
        ]

    def queryset(self, request: Any, queryset: Any) -> Any:
        now = timezone.now()
        choice = self.value()
        if choice == "breached":
            return queryset.filter(breached_at__isnull=False)
        window = self._windows.get(choice or "")
        if window is None:
            return queryset
        return queryset.filter(next_due_at__gt=now, next_due_at__lte=now + window)


@admin.register(TicketSla)
class TicketSlaAdmin(admin.ModelAdmin):
    list_display = (
        "ticket",
        "state",
        "policy",
        "priority",
        "next_due_at",
        "next_due_metric",
        "breached_at",
        "next_change_at",
        "evaluated_at",
    )
    list_filter = (
        NextDeadlineFilter,
        "state",
        "policy",
        "priority",
        "next_due_metric",
        "engine_version",
    )
    search_fields = ("ticket__id", "ticket__title", "policy")
    date_hierarchy = "next_due_at"
    list_select_related = ("ticket",)
    readonly_fields = tuple(f.name for f in TicketSla._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False  # rows are computed, never typed in


@admin.register(SlaNotification)
class SlaNotificationAdmin(admin.ModelAdmin):
    list_display = ("ticket", "metric", "kind", "threshold", "crossed_at", "sent_at")
    list_filter = ("kind", "metric")
    list_select_related = ("ticket",)
    readonly_fields = tuple(f.name for f in SlaNotification._meta.fields)

    def has_add_permission(self, request: object) -> bool:
        return False
