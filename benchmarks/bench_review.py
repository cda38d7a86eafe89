"""Review cost: comparing two policy sets on the same tickets against one report.

    .venv/bin/python benchmarks/bench_review.py [--tickets 100000] [--repeat 2]

Side by side in one run, on the same synthetic JSON lines (`synthetic.py`, parsing included),
grouped as `bench_report.py` groups (metric, month in Europe/Berlin, ``tier``):

- *report*: `report_jsonl` under the benchmark's policies;
- *review*: `review_jsonl` of those policies against a proposal that doubles every fixed
  target and pauses every policy on ``pending`` too (so verdicts flip and ledgers are built
  for the listed flips, up to the default 1,000).

Chunks of 1,000 tickets, the two runs alternating chunk by chunk, best time per chunk over
the repeats; wall and CPU time. Target: the review costs at most 2.2× the report.
"""

from __future__ import annotations

import argparse
import copy
import gc
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_report import NOW, OPTIONS, _chunks
from slaclock import PolicySet
from slaclock.report import ComplianceReport, report_jsonl
from slaclock.report.review import review_jsonl
from synthetic import POLICY, policies


def proposal() -> PolicySet:
    """Every fixed target doubled; ``pending`` pauses every policy."""
    data: dict[str, Any] = copy.deepcopy(POLICY)
    for policy in data["policies"]:
        policy["pause_on"] = sorted({*policy.get("pause_on", []), "pending"})
        for targets in policy["targets"].values():
            for metric, text in targets.items():
                if metric != "calendar" and text.endswith(("m", "h")) and "day" not in text:
                    value, unit = int(text[:-1]), text[-1]
                    targets[metric] = f"{2 * value}{unit}"
    return PolicySet.from_dict(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    current, proposed = policies(), proposal()
    chunks, sizes = _chunks(args.tickets)
    report_jsonl(current, chunks[0], NOW, OPTIONS)  # warm the calendar tables
    review_jsonl(current, proposed, chunks[0], NOW, OPTIONS)
    gc.collect()
    names = ("report", "review", "report_cpu", "review_cpu")
    best = {name: [float("inf")] * len(chunks) for name in names}
    flips = 0
    for _ in range(args.repeat):
        whole = ComplianceReport(OPTIONS)
        flips = 0
        for k, chunk in enumerate(chunks):
            wall, cpu = time.perf_counter(), time.process_time()
            report_jsonl(current, chunk, NOW, OPTIONS, into=whole)
            best["report"][k] = min(best["report"][k], time.perf_counter() - wall)
            best["report_cpu"][k] = min(best["report_cpu"][k], time.process_time() - cpu)
            wall, cpu = time.perf_counter(), time.process_time()
            result = review_jsonl(current, proposed, chunk, NOW, OPTIONS)
            best["review"][k] = min(best["review"][k], time.perf_counter() - wall)
            best["review_cpu"][k] = min(best["review_cpu"][k], time.process_time() - cpu)
            assert result.current.tickets == sizes[k]
            flips += result.flips_total
        assert whole.tickets == args.tickets
    total = {name: sum(values) for name, values in best.items()}
    wall = time.perf_counter()
    data = result.to_data()  # the last chunk's listed flips, with both ledgers each
    shown = time.perf_counter() - wall
    print(f"{args.tickets:,} tickets, best of {args.repeat} per chunk of 1,000; {flips:,} flips")
    for kind in ("", "_cpu"):
        label = "wall" if not kind else "CPU"
        report, review = total["report" + kind], total["review" + kind]
        print(
            f"  {label}: report {report:.1f} s, review {review:.1f} s:"
            f" review ÷ report {review / report:.3f}× (target ≤ 2.2×)"
        )
    print(
        f"  reading one chunk's review, {len(data.flips)} flips with their ledgers: {shown:.2f} s"
    )


if __name__ == "__main__":
    main()
