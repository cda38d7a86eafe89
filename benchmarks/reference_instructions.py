"""`evaluate` against the lean reference evaluator, in instructions and in wall time, in one run.

    .venv/bin/python benchmarks/reference_instructions.py [--tickets 1000] [--repeat 3]
        [--wall-tickets 20000] [--rounds 5]

The tickets and the reference are those of `reference_clock.py`. Instructions come from
valgrind's callgrind, which no other job on the machine changes: each side runs under it
twice, once evaluating `--tickets` tickets `--repeat` times and once not at all, both after
the same start (imports, the tickets built, both sides checked to agree on every ticket,
which also builds the calendar years), so the difference is the evaluations alone. The hash
seed is fixed (``PYTHONHASHSEED=0``): with a random one two runs of the same program differ by
up to 3 %. Then the wall time of both over `--wall-tickets` tickets (`reference_clock.timed`,
each checked to agree first). Prints the instructions and µs per ticket of each and the
ratios (target: at most 1.5×). Needs `valgrind`; takes a few minutes. Nothing here asserts
a timing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from bench_cli_instructions import instructions as callgrind_instructions
from reference_clock import NOW, by_engine, check, reference, tickets, timed

SIDES = {"evaluate": by_engine, "reference": reference}


def child(side: str, repeat: int, count: int) -> None:
    """What runs under callgrind: the start, then `repeat` passes of one side."""
    data = tickets(count)
    check(data)
    run = SIDES[side]
    for _ in range(repeat):
        for events in data:
            run(events, NOW)


def instructions(side: str, repeat: int, count: int, folder: Path) -> int:
    command = [sys.executable, __file__, "--child", side, str(repeat), str(count)]
    return callgrind_instructions(command, folder)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--wall-tickets", type=int, default=20_000, help="0: no wall time")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        side, repeat, count = args.child
        child(side, int(repeat), int(count))
        return 0
    per: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for side in SIDES:
            base = instructions(side, 0, args.tickets, Path(tmp))
            runs = instructions(side, args.repeat, args.tickets, Path(tmp))
            per[side] = (runs - base) / (args.repeat * args.tickets)
    print(f"agree on all {args.tickets:,} tickets timed in instructions")
    print(f"evaluate  {per['evaluate']:10,.0f} instructions/ticket")
    print(f"reference {per['reference']:10,.0f} instructions/ticket")
    ratio = per["evaluate"] / per["reference"]
    print(f"evaluate ÷ reference, instructions: {ratio:.2f}× (target ≤ 1.5×)")
    if args.wall_tickets:
        data = tickets(args.wall_tickets)
        check(data)
        load = os.getloadavg()[0]
        engine, lean = timed(data, args.rounds)
        print(f"agree on all {len(data):,} tickets timed in wall time; load average {load:.2f}")
        print(f"evaluate  {engine * 1e6:10.1f} µs/ticket")
        print(f"reference {lean * 1e6:10.1f} µs/ticket")
        print(f"evaluate ÷ reference, wall time: {engine / lean:.2f}× (target ≤ 1.5×)")
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
