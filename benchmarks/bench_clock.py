"""Clock throughput: synthetic tickets evaluated from Python events and from JSON lines.

    .venv/bin/python benchmarks/bench_clock.py [--tickets 100000] [--json out.json]

Reports tickets per second for `evaluate_many` over Python `TicketEvent` lists and for
`evaluate_jsonl` over JSON lines (parsing included), reading from each result what a host
stores (every metric's state, due_at and breached_at, and the ticket's next_change_at),
and the peak memory `evaluate_many` allocates while streaming 10,000 vs 100,000 tickets
(tracemalloc), which must not grow with the number of tickets. Targets on a 2-core
machine: 20,000 tickets/s from events, 10,000/s from JSON lines.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from slaclock.clock import TicketStatus, evaluate_jsonl, evaluate_many
from synthetic import jsonl, policies, tickets

NOW = datetime.fromisoformat("2027-01-15T12:00:00+01:00")


def _drain(results: Iterator[TicketStatus]) -> int:
    """Read what a host stores beside each ticket (every metric's state, deadline and breach
    instant, and the next wake-up), so lazily computed fields are paid for too."""
    count = 0
    for status in results:
        status.next_change_at  # noqa: B018 - read for its cost
        for metric in status.metrics:
            metric.state  # noqa: B018
            metric.due_at  # noqa: B018
            metric.breached_at  # noqa: B018
        count += 1
    return count


def from_events(count: int, repeat: int) -> float:
    policy_set = policies()
    data = list(tickets(count))
    _drain(evaluate_many(policy_set, data[:1000], NOW))  # build the calendar years once
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        done = _drain(evaluate_many(policy_set, data, NOW))
        best = min(best, time.perf_counter() - start)
    assert done == count
    return count / best


def from_jsonl(count: int, repeat: int) -> float:
    policy_set = policies()
    lines = list(jsonl(count))
    _drain(evaluate_jsonl(policy_set, lines[:10000], NOW))
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        done = _drain(evaluate_jsonl(policy_set, lines, NOW))
        best = min(best, time.perf_counter() - start)
    assert done == count
    return count / best


def peak_memory(count: int, warm: int) -> int:
    """Peak bytes allocated while streaming `count` generated tickets through evaluate_many."""
    policy_set = policies()
    # Calendar tables and day caches grow with the calendar span the tickets cover (bounded by
    # the horizon, not by the ticket count): warm them with the largest run first.
    _drain(evaluate_many(policy_set, tickets(warm), NOW))
    gc.collect()
    tracemalloc.start()
    _drain(evaluate_many(policy_set, tickets(count), NOW))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    events_rate = from_events(args.tickets, args.repeat)
    print(
        f"evaluate_many from TicketEvent lists: {events_rate:,.0f} tickets/s"
        f"  ({'PASS' if events_rate >= 20_000 else 'FAIL'} >= 20,000)"
    )
    json_rate = from_jsonl(args.tickets, args.repeat)
    print(
        f"evaluate_jsonl from JSON lines:       {json_rate:,.0f} tickets/s"
        f"  ({'PASS' if json_rate >= 10_000 else 'FAIL'} >= 10,000)"
    )
    small = peak_memory(args.tickets // 10, args.tickets)
    large = peak_memory(args.tickets, args.tickets)
    flat = large <= small * 1.5 + 256 * 1024
    print(
        f"peak memory streaming {args.tickets // 10:,} tickets: {small / 1024:,.0f} KiB;"
        f" {args.tickets:,} tickets: {large / 1024:,.0f} KiB"
        f"  ({'PASS' if flat else 'FAIL'}: flat)"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "tickets": args.tickets,
                    "events_tickets_per_s": events_rate,
                    "jsonl_tickets_per_s": json_rate,
                    "peak_bytes_small": small,
                    "peak_bytes_large": large,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
