"""``manage.py sla_wake``: evaluate the tickets whose next SLA change is due; announce it once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...service import wake


class Command(BaseCommand):
    help = (
        "Evaluate only the tickets whose next_change_at has passed and send sla_warning /"
        " sla_breached once per threshold and deadline. Run it every minute (cron, Celery"
        " beat); two runs at once, or one twice, send nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=200, help="tickets per transaction (default 200)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = wake(batch_size=options["batch_size"])
        if int(options["verbosity"]) >= 1:
            self.stdout.write(
                f"woke {result.tickets} tickets, sent {len(result.sent)} notifications"
            )
