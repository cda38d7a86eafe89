"""The side tables: a ticket's SLA status as last computed, and the notifications sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketSla(models.Model):
    """A ticket's SLA status at its last evaluation: recomputed from the history, never edited.

    ``metrics`` holds each metric's state and instants as JSON; the columns beside it are the
    ones worth querying: the earliest open deadline (``next_due_at``), the first breach and
    the next instant at which anything changes by itself (``next_change_at``, what
    ``sla_wake`` looks for).
    """

    class State(models.TextChoices):
        NONE = "none", _("no SLA")
        RUNNING = "running", _("running")
        PAUSED = "paused", _("paused")
        MET = "met", _("met")
        BREACHED = "breached", _("breached")
        CANCELLED = "cancelled", _("cancelled")

    ticket = models.OneToOneField(
        "helpdesk.Ticket",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="sla",
        verbose_name=_("ticket"),
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    policy = models.CharField(_("policy"), max_length=200, blank=True)
    policy_reasons = models.JSONField(_("why this policy"), default=list)
    priority = models.CharField(_("SLA priority"), max_length=64, blank=True)
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    next_due_metric = models.CharField(_("next deadline's metric"), max_length=64, blank=True)
    breached_at = models.DateTimeField(_("first breach"), null=True, blank=True)
    next_change_at = models.DateTimeField(_("next change"), null=True, blank=True)
    metrics = models.JSONField(_("metrics"), default=dict)
    evaluated_at = models.DateTimeField(_("evaluated at"))
    engine_version = models.CharField(_("slaclock version"), max_length=40)

    class Meta:
        verbose_name = _("ticket SLA")
        verbose_name_plural = _("ticket SLAs")
        indexes = [
            # "Which tickets breach within the next hour?" and the wake-up scan.
            models.Index(fields=["next_due_at"], name="slaclock_sla_next_due"),
            models.Index(fields=["next_change_at"], name="slaclock_sla_next_change"),
            models.Index(fields=["state", "next_due_at"], name="slaclock_sla_state_due"),
        ]

    def __str__(self) -> str:
        return f"SLA of ticket {self.ticket_id}: {self.state}"


class SlaNotification(models.Model):
    """A warning or breach that ``sla_wake`` announced; unique per deadline, so it is sent once.

    A deadline is a metric's cycle (its start) under one budget: a priority change that moves
    the budget is a new deadline with its own warnings; a pause that moves the instant is not.
    """

    class Kind(models.TextChoices):
        WARNING = "warning", _("warning")
        BREACH = "breach", _("breach")

    ticket = models.ForeignKey(
        "helpdesk.Ticket",
        on_delete=models.CASCADE,
        related_name="sla_notifications",
        verbose_name=_("ticket"),
    )
    metric = models.CharField(_("metric"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    cycle_started_at = models.DateTimeField(_("cycle started at"))
    budget_seconds = models.BigIntegerField(_("budget (seconds)"))
    threshold = models.PositiveSmallIntegerField(_("threshold (% of the budget)"))
    crossed_at = models.DateTimeField(_("crossed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("SLA notification")
        verbose_name_plural = _("SLA notifications")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "ticket",
                    "metric",
                    "kind",
                    "cycle_started_at",
                    "budget_seconds",
                    "threshold",
                ],
                name="slaclock_notification_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.metric} on ticket {self.ticket_id} ({self.threshold} %)"
