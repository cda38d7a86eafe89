"""The ``slaclock`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta

from .calendar import BusinessCalendar
from .errors import SlaclockError

__all__ = ["main"]

#: The fixed instant the demo is evaluated at, so its output is the same on every machine.
DEMO_NOW = "2026-11-27T16:30:00+01:00"

_DEMO_CALENDAR = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
    "holidays": {"country": "DE", "subdiv": "BE", "language": "en_US"},
    "closures": [{"date": "2026-12-24", "from": "12:00"}],
    "dates_closed": ["2026-12-31"],
}

_DEMO_CASES = (
    ("Friday 16:30, 4 business hours", "2026-11-27T16:30:00+01:00", timedelta(hours=4)),
    ("Saturday, 1 business hour", "2026-11-28T11:00:00+01:00", timedelta(hours=1)),
    ("Before lunch, 1 business hour", "2026-11-30T12:00:00+01:00", timedelta(hours=1)),
    ("Christmas Eve 10:00, 4 business hours", "2026-12-24T10:00:00+01:00", timedelta(hours=4)),
    ("Runs out exactly at close", "2026-12-01T16:30:00+01:00", timedelta(hours=1)),
    ("+2000 business hours", "2026-11-27T16:30:00+01:00", timedelta(hours=2000)),
)


def _demo(args: argparse.Namespace) -> int:
    calendar = BusinessCalendar.from_config(_DEMO_CALENDAR, name="berlin-office")
    print("slaclock demo: deadlines on the 'berlin-office' calendar")
    print("  Europe/Berlin, Mon–Fri 09:00–12:30 and 13:30–17:30, German (Berlin) holidays,")
    print("  24 Dec closes at 12:00, 31 Dec closed.\n")
    width = max(len(label) for label, _, _ in _DEMO_CASES)
    for label, start_text, budget in _DEMO_CASES:
        start = datetime.fromisoformat(start_text)
        due = calendar.add(start, budget)
        print(
            f"  {label:<{width}}  {start:%a %d %b %H:%M} + {_hours(budget):>5}"
            f"  ->  due {due:%a %d %b %Y %H:%M %Z}"
        )
    now = datetime.fromisoformat(args.now)
    print(
        f"\n  at {now:%a %d %b %Y %H:%M %Z}: open={calendar.is_open(now)},"
        f" next close {calendar.next_close(now):%a %H:%M},"
        f" next opening after that {calendar.next_open(calendar.next_close(now)):%a %d %b %H:%M}"
    )
    return 0


def _hours(value: timedelta) -> str:
    return f"{value.total_seconds() / 3600:g}h"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="slaclock", description="The SLA clock for ticketing systems."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo = sub.add_parser("demo", help="deadlines on an embedded sample calendar")
    demo.add_argument("--now", default=DEMO_NOW, help=f"the instant to report at ({DEMO_NOW})")
    demo.set_defaults(run=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except SlaclockError as exc:
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return 2
    return code
