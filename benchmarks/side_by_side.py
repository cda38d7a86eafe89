"""Two versions of slaclock timed side by side in one run: this tree and an earlier commit.

    .venv/bin/python benchmarks/side_by_side.py REV [--rounds 5] [--tickets 20000]

Checks out REV into a temporary git worktree and runs each workload in fresh subprocesses,
alternating between the two source trees (``PYTHONPATH=<tree>/src``), so both meet the same
moments of a shared machine. Each workload keeps its best round per tree, and the result is
printed as the ratio new / old (above 1: the new tree is faster, or its import cheaper).

Workloads, through the public API only (so both trees run the same code):

- ``adds``: `BusinessCalendar.add` of +4 h from 10,000 seeded starts on a Mon–Fri
  09:00–17:00 Europe/Berlin calendar with German holidays (adds per second, best chunk of 250);
- ``clock``: `evaluate_many` over synthetic tickets (``synthetic.py``; tickets per second),
  reading what a host stores from every result;
- ``jsonl``: `evaluate_jsonl` over the same tickets as JSON lines (tickets per second);
- ``import``: ``import slaclock`` in a fresh interpreter with bytecode compiled (ms);
- ``bare``: a fresh interpreter that imports nothing (ms), the yardstick for ``import``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

WORKER = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[2])
name, count = sys.argv[1], int(sys.argv[3])
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

def best_chunks(items, run, chunk, repeat=3):
    total = 0.0
    for i in range(0, len(items), chunk):
        part = items[i:i + chunk]
        best = min(_time(run, part) for _ in range(repeat))
        total += best
    return len(items) / total

def _time(run, part):
    start = time.perf_counter()
    run(part)
    return time.perf_counter() - start

if name == "adds":
    from slaclock import BusinessCalendar, HolidayRegion
    berlin = ZoneInfo("Europe/Berlin")
    cal = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin",
                                    holidays=HolidayRegion("DE"))
    rng = random.Random(20240503)
    base = datetime(2024, 1, 1, tzinfo=berlin)
    starts = [base + timedelta(minutes=rng.randrange(4 * 365 * 24 * 60)) for _ in range(10_000)]
    four = timedelta(hours=4)
    add = cal.add
    [add(s, four) for s in starts]
    rate = best_chunks(starts, lambda part: [add(s, four) for s in part], 250, repeat=5)
elif name in ("clock", "jsonl"):
    from slaclock import evaluate_jsonl, evaluate_many
    from synthetic import jsonl, policies, tickets
    now = datetime.fromisoformat("2027-01-15T12:00:00+01:00")
    pols = policies()
    def drain(results):
        for status in results:
            status.next_change_at
            for metric in status.metrics:
                metric.state; metric.due_at; metric.breached_at
    if name == "clock":
        items = list(tickets(count))
        run = lambda part: drain(evaluate_many(pols, part, now))
        drain(evaluate_many(pols, items[:2000], now))
        rate = best_chunks(items, run, 5000)
    else:
        grouped = []
        batch, current = [], None
        for line in jsonl(count):
            ident = json.loads(line)["ticket"]
            if batch and ident != current:
                grouped.append(batch); batch = []
            current = ident
            batch.append(line)
        grouped.append(batch)
        run = lambda part: drain(evaluate_jsonl(pols, [l for t in part for l in t], now))
        run(grouped[:2000])
        rate = best_chunks(grouped, run, 5000)
print(json.dumps({"value": rate}))
"""


def _fresh_ms(src: Path, code: str, repeat: int = 15) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def _worker(src: Path, name: str, tickets: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(src))
    out = subprocess.run(
        [sys.executable, "-c", WORKER, name, str(HERE), str(tickets)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return float(json.loads(out.stdout.strip().splitlines()[-1])["value"])


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("rev", help="the earlier commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--only", nargs="*", default=["bare", "import", "adds", "clock", "jsonl"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "old"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(old), args.rev],
            check=True,
        )
        try:
            trees = {"old": old / "src", "new": ROOT / "src"}
            for src in trees.values():  # compile bytecode before anything is timed
                subprocess.run([sys.executable, "-m", "compileall", "-q", str(src)], check=True)
            best: dict[tuple[str, str], float] = {}
            higher_is_better = {"adds": True, "clock": True, "jsonl": True}
            for _ in range(args.rounds):
                for name in args.only:
                    for label, src in trees.items():
                        if name == "bare":
                            value = _fresh_ms(src, "pass")
                        elif name == "import":
                            value = _fresh_ms(src, "import slaclock")
                        else:
                            value = _worker(src, name, args.tickets)
                        key = (name, label)
                        keep = max if higher_is_better.get(name) else min
                        best[key] = keep(best.get(key, value), value)
            load = os.getloadavg()[0]
            print(
                f"old = {args.rev}, new = working tree; best of {args.rounds} rounds;"
                f" load average {load:.2f}"
            )
            for name in args.only:
                o, n = best[(name, "old")], best[(name, "new")]
                unit = "/s" if higher_is_better.get(name) else " ms"
                ratio = n / o if higher_is_better.get(name) else o / n
                print(f"{name:7} old {o:12,.1f}{unit}  new {n:12,.1f}{unit}  new/old {ratio:5.2f}")
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
