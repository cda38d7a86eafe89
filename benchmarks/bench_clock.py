"""Clock throughput: synthetic tickets evaluated from Python events and from JSON lines.

    .venv/bin/python benchmarks/bench_clock.py [--tickets 100000] [--json out.json]

Reports tickets per second for `evaluate_many` over Python `TicketEvent` lists and for
`evaluate_jsonl` over JSON lines (parsing included), reading from each result what a host
stores (every metric's state, due_at and breached_at, and the ticket's next_change_at),
and the peak memory `evaluate_many` allocates while streaming 10,000 vs 100,000 tickets
(tracemalloc), which must not grow with the number of tickets. Targets on a 2-core
machine: 20,000 tickets/s from events, 10,000/s from JSON lines.

Timing: the tickets are cut into chunks of 5,000; each chunk is timed in every repeat and
its best time counts, which filters the moments when the shared machine is busy elsewhere.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).parent))

from slaclock import TicketStatus, evaluate_jsonl, evaluate_many
from synthetic import jsonl, policies, tickets

NOW = datetime.fromisoformat("2027-01-15T12:00:00+01:00")
T = TypeVar("T")


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


#: Tickets per timed chunk: each chunk's best time over the repeats counts, so a moment of
#: interference on a shared machine spoils one chunk of one repeat, not the result.
CHUNK = 5_000


def _rate(
    run: Callable[[list[T]], int], chunks: list[list[T]], sizes: list[int], repeat: int
) -> float:
    """Tickets per second over all chunks; `sizes` gives each chunk's number of tickets."""
    best = [float("inf")] * len(chunks)
    for _ in range(repeat):
        for k, chunk in enumerate(chunks):
            start = time.perf_counter()
            done = run(chunk)
            best[k] = min(best[k], time.perf_counter() - start)
            assert done == sizes[k]
    return sum(sizes) / sum(best)


def from_events(count: int, repeat: int) -> float:
    policy_set = policies()
    data = list(tickets(count))
    _drain(evaluate_many(policy_set, data, NOW))  # build the calendar years once
    chunks = [data[i : i + CHUNK] for i in range(0, count, CHUNK)]
    gc.collect()
    return _rate(
        lambda chunk: _drain(evaluate_many(policy_set, chunk, NOW)),
        chunks,
        [len(c) for c in chunks],
        repeat,
    )


def from_jsonl(count: int, repeat: int) -> float:
    policy_set = policies()
    per_ticket: dict[str, list[str]] = {}
    for line in jsonl(count):
        per_ticket.setdefault(json.loads(line)["ticket"], []).append(line)
    groups = list(per_ticket.values())
    parts = [groups[i : i + CHUNK] for i in range(0, count, CHUNK)]
    chunks = [[line for group in part for line in group] for part in parts]
    _drain(evaluate_jsonl(policy_set, chunks[0], NOW))
    gc.collect()
    return _rate(
        lambda chunk: _drain(evaluate_jsonl(policy_set, chunk, NOW)),
        chunks,
        [len(p) for p in parts],
        repeat,
    )


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
