"""Compliance report cost: a report over synthetic JSON lines against evaluating them alone.

    .venv/bin/python benchmarks/bench_report.py [--tickets 100000] [--repeat 3] [--json out.json]

Side by side in one run, on the same JSON lines (`synthetic.py`, parsing included):

- *evaluate alone*: `evaluate_jsonl`, reading every metric's state (the least any consumer
  reads); the target applies to this;
- *evaluate, reading what a host stores*: as `bench_clock.py` does (each metric's state,
  due_at and breached_at, and next_change_at), shown for comparison;
- *report*: `report_jsonl` grouped by metric, month (Europe/Berlin) and the ``tier``
  attribute, worst and at-risk lists of 10, every chunk counted into one report (``into=``).

Then the tickets are cut into 10 slices, a report is built on each and the ten are merged;
the merge must equal the report built in one pass (and its time is printed).

Timing as in `bench_clock.py`, with smaller chunks: chunks of 1,000 tickets, each timed in
every repeat, best time per chunk; the two runs alternate chunk by chunk, so a busy moment on
the shared machine hits both alike. Wall time (`perf_counter`) and CPU time (`process_time`,
which leaves out the time other processes hold the CPU) are both reported. Target: the report
costs at most 1.3× evaluating alone.

Memory: the peak `tracemalloc` sees while streaming 10 % of the tickets and all of them
through `report_jsonl` from a generator, less the 8 bytes each stored percentile sample takes,
once reading the stream as grouped (the reader remembers a fingerprint of each ticket) and once
as sorted (`ticket_order="sorted"`, nothing per ticket). Target: flat (at most 1.5× plus 256
KiB), as for the clock itself. `--memory-only` runs just this part. The HTML page of the full
report is written once and its size printed (target: under 1 MB).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from slaclock import TicketStatus, evaluate_jsonl
from slaclock._typing import TicketOrder
from slaclock.report import ComplianceReport, ReportOptions, merge, report_jsonl
from synthetic import jsonl, policies

NOW = datetime.fromisoformat("2027-01-15T12:00:00+01:00")
CHUNK = 1_000
OPTIONS = ReportOptions(
    timezone="Europe/Berlin", period="month", by=("metric", "period", "tier"), keep=10
)


def _drain(results: Iterator[TicketStatus]) -> int:
    count = 0
    for status in results:
        for metric in status.metrics:
            metric.state  # noqa: B018 - read for its cost
        count += 1
    return count


def _drain_host(results: Iterator[TicketStatus]) -> int:
    """What `bench_clock.py` reads: what a host stores beside each ticket."""
    count = 0
    for status in results:
        status.next_change_at  # noqa: B018 - read for its cost
        for metric in status.metrics:
            metric.state  # noqa: B018
            metric.due_at  # noqa: B018
            metric.breached_at  # noqa: B018
        count += 1
    return count


def _chunks(count: int) -> tuple[list[list[str]], list[int]]:
    per_ticket: dict[str, list[str]] = {}
    for line in jsonl(count):
        per_ticket.setdefault(json.loads(line)["ticket"], []).append(line)
    groups = list(per_ticket.values())
    parts = [groups[i : i + CHUNK] for i in range(0, count, CHUNK)]
    return [[line for group in part for line in group] for part in parts], [len(p) for p in parts]


def side_by_side(count: int, repeat: int) -> tuple[dict[str, float], ComplianceReport]:
    """Seconds (wall and CPU) for evaluating alone and for one report over all chunks, best
    per chunk; and that report."""
    policy_set = policies()
    chunks, sizes = _chunks(count)
    _drain(evaluate_jsonl(policy_set, chunks[0], NOW))  # warm the calendar tables
    report_jsonl(policy_set, chunks[0], NOW, OPTIONS)
    gc.collect()
    best = {
        name: [float("inf")] * len(chunks)
        for name in ("alone", "report", "alone_cpu", "report_cpu", "host", "host_cpu")
    }
    whole = ComplianceReport(OPTIONS)
    for _ in range(repeat):
        whole = ComplianceReport(OPTIONS)  # one report over all the tickets, chunk by chunk
        for k, chunk in enumerate(chunks):
            wall, cpu = time.perf_counter(), time.process_time()
            done = _drain(evaluate_jsonl(policy_set, chunk, NOW))
            best["alone"][k] = min(best["alone"][k], time.perf_counter() - wall)
            best["alone_cpu"][k] = min(best["alone_cpu"][k], time.process_time() - cpu)
            assert done == sizes[k]
            wall, cpu = time.perf_counter(), time.process_time()
            _drain_host(evaluate_jsonl(policy_set, chunk, NOW))
            best["host"][k] = min(best["host"][k], time.perf_counter() - wall)
            best["host_cpu"][k] = min(best["host_cpu"][k], time.process_time() - cpu)
            wall, cpu = time.perf_counter(), time.process_time()
            report_jsonl(policy_set, chunk, NOW, OPTIONS, into=whole)
            best["report"][k] = min(best["report"][k], time.perf_counter() - wall)
            best["report_cpu"][k] = min(best["report_cpu"][k], time.process_time() - cpu)
    assert whole.tickets == count
    return {name: sum(values) for name, values in best.items()}, whole


def merged_parts(count: int, parts: int) -> tuple[float, bool]:
    """Build `parts` reports on consecutive slices, merge them: seconds of the merge, and
    whether the merge equals the report built on all tickets in one pass."""
    policy_set = policies()
    chunks, _ = _chunks(count)
    step = -(-len(chunks) // parts)
    pieces = [
        report_jsonl(policy_set, [ln for c in chunks[i : i + step] for ln in c], NOW, OPTIONS)
        for i in range(0, len(chunks), step)
    ]
    whole = report_jsonl(policy_set, [ln for c in chunks for ln in c], NOW, OPTIONS)
    start = time.perf_counter()
    merged = merge(*pieces)
    seconds = time.perf_counter() - start
    return seconds, merged == whole


def peak_memory(count: int, order: TicketOrder = "grouped") -> tuple[int, int]:
    """Peak bytes while streaming `count` tickets through `report_jsonl`, and the samples held."""
    policy_set = policies()
    gc.collect()
    tracemalloc.start()
    result = report_jsonl(policy_set, jsonl(count), NOW, OPTIONS, ticket_order=order)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    samples = sum(g.time_used.count for g in result.to_data(by=()).groups)
    return peak, samples


def memory(tickets: int, order: TicketOrder) -> dict[str, int]:
    """Print and return the peak memory at 10 % and all of `tickets`, with and less samples."""
    small, small_samples = peak_memory(tickets // 10, order)
    large, large_samples = peak_memory(tickets, order)
    small_net, large_net = small - 8 * small_samples, large - 8 * large_samples
    flat = large_net <= small_net * 1.5 + 256 * 1024
    print(
        f"peak memory streaming ({order}) {tickets // 10:,} tickets: {small / 1024:,.0f} KiB"
        f" ({small_samples:,} samples); {tickets:,} tickets: {large / 1024:,.0f} KiB"
        f" ({large_samples:,} samples)"
    )
    print(
        f"  less 8 bytes a sample: {small_net / 1024:,.0f} KiB vs {large_net / 1024:,.0f} KiB"
        f"  ({'PASS' if flat else 'FAIL'}: flat)"
    )
    return {"small": small, "small_net": small_net, "large": large, "large_net": large_net}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--html", type=Path, default=Path(tempfile.gettempdir()) / "slaclock-report-bench.html"
    )
    parser.add_argument("--json", type=Path)
    parser.add_argument("--memory-only", action="store_true", help="skip the timings")
    args = parser.parse_args()

    print(f"load average at the start: {os.getloadavg()[0]:.2f}")
    if args.memory_only:
        for order in ("grouped", "sorted"):
            memory(args.tickets, order)
        return 0
    seconds, whole = side_by_side(args.tickets, args.repeat)
    ratios = {}
    for clock, suffix in (("wall", ""), ("CPU", "_cpu")):
        alone, built = seconds["alone" + suffix], seconds["report" + suffix]
        ratios[clock] = ratio = built / alone
        print(
            f"{clock:>4}: evaluate_jsonl alone {alone:6.2f} s ({args.tickets / alone:,.0f}/s);"
            f" report_jsonl {built:6.2f} s ({args.tickets / built:,.0f}/s): {ratio:.3f}×"
            f"  ({'PASS' if ratio <= 1.3 else 'FAIL'} <= 1.3)"
        )
        host = seconds["host" + suffix]
        ratios[clock + " vs host reading"] = built / host
        print(
            f"      evaluate_jsonl reading what a host stores (bench_clock.py) {host:6.2f} s:"
            f" report {built / host:.3f}× that"
        )
    merging, equal = merged_parts(args.tickets, 10)
    seconds["merge_10_parts"] = merging
    print(
        f"merging 10 reports on slices: {merging * 1000:.0f} ms;"
        f" {'PASS' if equal else 'FAIL'}: equals the report built in one pass"
    )

    try:
        from slaclock.report.htmlpage import html_report

        page = html_report(whole)
        args.html.write_text(page, encoding="utf-8")
        size = len(page.encode())
        print(
            f"HTML report of {args.tickets:,} tickets: {size / 1024:,.0f} KiB -> {args.html}"
            f"  ({'PASS' if size < 1_000_000 else 'FAIL'} < 1 MB)"
        )
    except ImportError:
        size = -1
        print("HTML report: skipped (pip install -e '.[report]')")

    grouped = memory(args.tickets, "grouped")
    in_order = memory(args.tickets, "sorted")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "tickets": args.tickets,
                    "seconds": seconds,
                    "ratios": ratios,
                    "html_bytes": size,
                    "peak_bytes_grouped": grouped,
                    "peak_bytes_sorted": in_order,
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
