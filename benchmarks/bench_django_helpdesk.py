"""Backfill throughput of the django-helpdesk integration on PostgreSQL, and where the time goes.

    eval "$(.ci/postgres.sh start)"          # a throwaway cluster; sets SLACLOCK_TEST_POSTGRES
    .venv/bin/python benchmarks/bench_django_helpdesk.py [--tickets 10000] [--followups 10]
    .ci/postgres.sh stop

Builds a fresh database (``slaclock_bench``) with the helpdesk's and the integration's tables,
fills it with tickets as a helpdesk that ran without the integration would have them
(``bulk_create``: no signals, no SLA rows), then runs the backfill and reports tickets per
second, the split between reading (the queries and building Django objects), evaluating
(rebuilding events and the slaclock evaluation) and writing (the upsert), the number of
queries, and a second split of the evaluation into the adapter and the engine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

HERE = Path(__file__).resolve().parent
POLICY_FILE = HERE.parent / "tests" / "integrations" / "django_helpdesk" / "policies.yaml"
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
MEDIA = tempfile.mkdtemp(prefix="slaclock-bench-media-")  # removed at the end of main()


def configure(url: str) -> None:
    import django
    from django.conf import settings

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    settings.configure(
        USE_TZ=True,
        TIME_ZONE="Europe/Berlin",
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "slaclock_bench",
                "USER": unquote(parts.username or ""),
                "PASSWORD": unquote(parts.password or ""),
                "HOST": query.get("host", [parts.hostname or ""])[0],
                "PORT": query.get("port", [str(parts.port or "")])[0],
            }
        },
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.humanize",
            "django.contrib.messages",
            "django.contrib.sessions",
            "django.contrib.sites",
            "rest_framework",
            "helpdesk",
            "slaclock.integrations.django_helpdesk",
        ],
        SITE_ID=1,
        SECRET_KEY="slaclock-benchmark-only",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        MEDIA_ROOT=MEDIA,
        HELPDESK_TEAMS_MODEL="auth.User",
        HELPDESK_TEAMS_MIGRATION_DEPENDENCIES=[],
        HELPDESK_KBITEM_TEAM_GETTER=lambda _: None,
        SLACLOCK_HELPDESK={"POLICY_FILE": str(POLICY_FILE)},
    )
    admin = dict(settings.DATABASES["default"], NAME="postgres")
    import psycopg

    conninfo = {
        k: v
        for k, v in {
            "dbname": "postgres",
            "user": admin["USER"],
            "password": admin["PASSWORD"],
            "host": admin["HOST"],
            "port": admin["PORT"],
        }.items()
        if v
    }
    with psycopg.connect(**conninfo, autocommit=True) as conn:  # type: ignore[arg-type]
        conn.execute("DROP DATABASE IF EXISTS slaclock_bench")
        conn.execute("CREATE DATABASE slaclock_bench")
    django.setup()


def fill(tickets: int, followups: int, seed: int = 17) -> None:
    """Tickets created over the 30 days before NOW, each with `followups` follow-ups:
    customer e-mails and agent replies taking turns, a hold and unhold on a tenth, a priority
    change on a tenth, and most tickets resolved by their last follow-up."""
    from django.contrib.auth import get_user_model
    from helpdesk.models import FollowUp, Queue, Ticket, TicketChange

    rng = random.Random(seed)
    agent = get_user_model().objects.create_user("agent", "agent@x.example", "x", is_staff=True)
    queues = [
        Queue.objects.create(title=s.title(), slug=s, email_address=f"{s}@x.example")
        for s in ("support", "vip", "billing")
    ]
    batch = 1000
    for start in range(0, tickets, batch):
        rows = []
        for _ in range(min(batch, tickets - start)):
            created = NOW - timedelta(minutes=rng.randrange(30 * 24 * 60))
            rows.append(
                Ticket(
                    title="Benchmark ticket",
                    queue=rng.choice(queues),
                    submitter_email="customer@acme.example",
                    priority=rng.randint(1, 5),
                    status=Ticket.OPEN_STATUS,
                    created=created,
                    modified=created,
                )
            )
        made = Ticket.objects.bulk_create(rows)
        # auto_now_add overrides `created` on insert: put the intended instants back.
        for t, r in zip(made, rows, strict=True):
            t.created = r.created
        Ticket.objects.bulk_update(made, ["created"])
        ups: list[FollowUp] = []
        plan: list[tuple[int, str]] = []
        for t in made:
            at = t.created
            held = rng.random() < 0.1
            bump = rng.random() < 0.1
            resolve = rng.random() < 0.7
            for k in range(followups):
                at = at + timedelta(minutes=rng.randint(5, 600))
                last = k == followups - 1
                agent_turn = k % 2 == 1
                f = FollowUp(
                    ticket=t,
                    date=at,
                    title="x",
                    comment="" if held and k in (2, 3) else f"message {k}",
                    public=True,
                    user=agent if agent_turn or (held and k in (2, 3)) else None,
                    message_id=None if agent_turn else f"<{t.pk}.{k}@acme.example>",
                    new_status=Ticket.RESOLVED_STATUS if last and resolve else None,
                )
                ups.append(f)
                if held and k in (2, 3):
                    plan.append((len(ups) - 1, "hold" if k == 2 else "unhold"))
                elif bump and k == 4:
                    plan.append((len(ups) - 1, "priority"))
            t.status = Ticket.RESOLVED_STATUS if resolve else Ticket.OPEN_STATUS
            t.modified = at
        FollowUp.objects.bulk_create(ups)
        changes = []
        for index, what in plan:
            f = ups[index]
            if what == "priority":
                old = f.ticket.priority
                new = max(1, old - 1)
                changes.append(
                    TicketChange(followup=f, field="Priority", old_value=old, new_value=new)
                )
                f.ticket.priority = new
            else:
                held = what == "hold"
                changes.append(
                    TicketChange(
                        followup=f, field="On Hold", old_value=str(not held), new_value=str(held)
                    )
                )
        TicketChange.objects.bulk_create(changes)
        Ticket.objects.bulk_update(made, ["status", "modified", "priority"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--followups", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=500)
    args = parser.parse_args()
    url = os.environ.get("SLACLOCK_TEST_POSTGRES")
    if not url:
        sys.exit('set SLACLOCK_TEST_POSTGRES first: eval "$(.ci/postgres.sh start)"')
    configure(url)

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from slaclock import evaluate
    from slaclock.integrations.django_helpdesk import conf
    from slaclock.integrations.django_helpdesk.adapter import (
        field_labels,
        load_tickets,
        ticket_events,
    )
    from slaclock.integrations.django_helpdesk.models import TicketSla
    from slaclock.integrations.django_helpdesk.service import backfill

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    fill(args.tickets, args.followups)
    print(
        f"filled {args.tickets:,} tickets x {args.followups} follow-ups"
        f" in {time.perf_counter() - t0:.1f} s"
    )
    conf.policies()  # load the policy file and the labels of every language once, unmeasured
    field_labels()

    with CaptureQueriesContext(connection) as queries:
        stats = backfill(now=NOW, batch_size=args.batch_size)
    assert TicketSla.objects.count() == args.tickets
    total = stats.seconds_total
    print(f"backfill: {stats.tickets:,} tickets in {total:.2f} s = {stats.per_second:,.0f}/s")
    for name, seconds in (
        ("reading (queries + Django objects)", stats.seconds_reading),
        ("evaluating (events + slaclock)", stats.seconds_evaluating),
        ("writing (upsert)", stats.seconds_writing),
    ):
        print(f"  {name:36} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    db_seconds = sum(float(q["time"]) for q in queries.captured_queries)
    print(
        f"  {len(queries.captured_queries)} queries, {db_seconds:.2f} s inside the database"
        f" ({len(queries.captured_queries) / max(1, -(-stats.tickets // args.batch_size)):.0f}"
        f" per batch of {args.batch_size})"
    )

    # The evaluation split: the adapter (history → events) vs the engine (evaluate).
    settings = conf.read_settings()
    policies = conf.policies()
    first = TicketSla.objects.order_by("pk").values_list("pk", flat=True)[: min(2000, args.tickets)]
    sample = load_tickets(list(first), settings)
    t0 = time.perf_counter()
    logs = [ticket_events(t, settings) for t in sample]
    t1 = time.perf_counter()
    for log in logs:
        evaluate(policies, log, NOW)
    t2 = time.perf_counter()
    per = 1e6 / len(sample)
    print(
        f"per ticket ({len(sample):,} sampled): adapter {per * (t1 - t0):.0f} us,"
        f" engine {per * (t2 - t1):.0f} us, {sum(map(len, logs)) / len(logs):.1f} events"
    )
    shutil.rmtree(MEDIA, ignore_errors=True)


if __name__ == "__main__":
    main()
