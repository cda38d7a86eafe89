"""``manage.py sla_backfill [TICKET_ID ...]``: compute every ticket's SLA row from its history."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ...service import BackfillStats, backfill


class Command(BaseCommand):
    help = (
        "Recompute the SLA side table from each ticket's history (all tickets, or the ids"
        " given). Safe to run again: rows are recomputed, never accumulated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ticket_ids", nargs="*", type=int, help="only these tickets")
        parser.add_argument(
            "--batch-size", type=int, default=500, help="tickets per batch (default 500)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])

        def progress(stats: BackfillStats) -> None:
            if verbosity >= 1:
                self.stdout.write(f"{stats.tickets} tickets, {stats.per_second:.0f}/s", ending="\n")

        stats = backfill(
            options["ticket_ids"] or None, batch_size=options["batch_size"], progress=progress
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"backfilled {stats.tickets} tickets in {stats.seconds_total:.1f} s"
                f" (reading {stats.seconds_reading:.1f} s, evaluating"
                f" {stats.seconds_evaluating:.1f} s, writing {stats.seconds_writing:.1f} s)"
            )
        )
