"""Admin pages: the SLA of each ticket, filterable by state and policy, and the notifications."""

from __future__ import annotations

from django.contrib import admin

from .models import SlaNotification, TicketSla


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
    list_filter = ("state", "policy", "priority", "next_due_metric", "engine_version")
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
