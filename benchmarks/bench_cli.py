"""The command line against the library: `slaclock evaluate` on JSON lines, side by side with
`evaluate_jsonl` reading what a host stores, in fresh processes, alternating.

    .venv/bin/python benchmarks/bench_cli.py [--tickets 100000] [--rounds 3]

Both read the same file of synthetic tickets (`synthetic.py`) and the same policy file. The
library side drains `evaluate_jsonl` as `bench_clock.py` does (each metric's state, deadline
and breach, the ticket's next change); the command writes its default JSON lines to a file.
Each round runs both once; the best round of each counts (wall time, and the processes' CPU
time). Prints the rates, the command's share of the library's rate, and the bytes written
per ticket. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import POLICY, jsonl

NOW = "2027-01-15T12:00:00+01:00"

LIBRARY = """
import sys
from datetime import datetime
from slaclock import evaluate_jsonl, load_policies
policies = load_policies(sys.argv[1])
now = datetime.fromisoformat(sys.argv[3])
count = 0
with open(sys.argv[2], encoding="utf-8") as lines:
    for status in evaluate_jsonl(policies, lines, now):
        status.next_change_at
        for metric in status.metrics:
            metric.state, metric.due_at, metric.breached_at
        count += 1
print(count)
"""


def timed(command: list[str], out: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    begin = time.perf_counter()
    with open(out or os.devnull, "w", encoding="utf-8") as sink:
        subprocess.run(command, stdout=sink, check=True)
    wall = time.perf_counter() - begin
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        policy = folder / "policy.json"
        policy.write_text(json.dumps(POLICY), encoding="utf-8")
        events = folder / "events.jsonl"
        with events.open("w", encoding="utf-8") as handle:
            for line in jsonl(args.tickets):
                handle.write(line + "\n")
        out = folder / "out.jsonl"
        library = [sys.executable, "-c", LIBRARY, str(policy), str(events), NOW]
        command = [
            sys.executable, "-m", "slaclock", "evaluate", str(policy), str(events), "--now", NOW
        ]  # fmt: skip
        print(f"load average at the start: {os.getloadavg()[0]:.2f}")
        best: dict[str, tuple[float, float]] = {}
        for round_ in range(args.rounds):
            for label, cmd, sink in (("library", library, None), ("command", command, out)):
                wall, cpu = timed(cmd, sink)
                old = best.get(label, (wall, cpu))
                best[label] = (min(old[0], wall), min(old[1], cpu))
                print(f"  round {round_ + 1} {label:<8} {wall:7.2f} s wall  {cpu:7.2f} s CPU")
        size = out.stat().st_size
        print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    n = args.tickets
    (lw, lc), (cw, cc) = best["library"], best["command"]
    print(f"evaluate_jsonl  {n / lw:9,.0f} tickets/s wall  {n / lc:9,.0f} tickets/s CPU")
    print(f"slaclock evaluate {n / cw:7,.0f} tickets/s wall  {n / cc:9,.0f} tickets/s CPU")
    print(f"command ÷ library rate: {lw / cw:.1%} wall, {lc / cc:.1%} CPU (target ≥ 80 %)")
    print(f"default output: {size / n:,.0f} bytes per ticket (target ≤ 3 KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
