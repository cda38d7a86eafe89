"""Scale-out side by side (issue #18): one process, a local pool, and Dask on a LocalCluster,
over the same synthetic tickets as JSON lines (`synthetic.py`, about 10 events a ticket).

    .venv/bin/python benchmarks/bench_parallel.py --tickets 1000000 --workers 2
    .venv/bin/python benchmarks/bench_parallel.py --tickets 100000 --workers 2 --no-dask

Each ticket is evaluated and rendered to its JSON line without the ledger (what
``slaclock evaluate --no-ledger`` prints), in the process that evaluated it. Reported: wall
time and tickets/s of each, the pool's speed-up over one process, the peak memory (RSS) of
each worker process, Dask's throughput per worker against the pool's, and the load average
before and after (the machine's other work slows every figure alike, not the ratios).
Needs the ``dask`` extra for the Dask run, and psutil (which ``distributed`` brings).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import synthetic
from slaclock.batch import render_jsonl
from slaclock.clock import TicketStatus

NOW = datetime.fromisoformat("2027-01-15T12:00:00+01:00")


def host_line(status: TicketStatus) -> str:
    return status.to_json(ledger=False)


def write(folder: Path, count: int, files: int) -> list[Path]:
    """`count` tickets in `files` files (each ticket whole in one), written once."""
    paths = [folder / f"tickets-{count}-{n}.jsonl" for n in range(files)]
    if all(p.exists() for p in paths):
        return paths
    handles = [p.open("w", encoding="utf-8") for p in paths]
    per = -(-count // files)
    current = None
    index = -1
    for line in synthetic.jsonl(count):
        ticket = line[line.rindex('"ticket": "') + 11 : -2]
        if ticket != current:
            current = ticket
            index += 1
        handles[index // per].write(line + "\n")
    for handle in handles:
        handle.close()
    return paths


def whole_file(folder: Path, parts: list[Path], count: int) -> Path:
    path = folder / f"tickets-{count}.jsonl"
    if not path.exists():
        with path.open("wb") as out:
            for part in parts:
                out.write(part.read_bytes())
    return path


class PeakRss:
    """Peak resident memory of each process below this one, sampled every 0.2 s."""

    def __init__(self) -> None:
        import psutil

        self._me = psutil.Process()
        self.peaks: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for child in self._me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except Exception:  # the process ended meanwhile
                    continue
                self.peaks[child.pid] = max(rss, self.peaks.get(child.pid, 0))
            time.sleep(0.2)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def workers(self, count: int) -> list[int]:
        """The `count` largest peaks: the workers' (the fork server, a nanny stay smaller)."""
        return sorted(self.peaks.values(), reverse=True)[:count]


def timed(run: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    done = run()
    return time.perf_counter() - start, done


def drain(path: Path, workers: int) -> int:
    policies = synthetic.policies()
    return sum(1 for _ in render_jsonl(policies, path, NOW, host_line, workers=workers))


def dask_run(paths: list[Path], workers: int) -> tuple[float, int, list[int]]:
    import distributed

    from slaclock.batch import dask as sdask

    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        client.run(lambda: None)  # workers up before the clock starts
        with PeakRss() as rss:
            start = time.perf_counter()
            rows = sdask.evaluate(
                sdask.read_jsonl([str(p) for p in paths]), synthetic.policies(), NOW
            )
            # A ticket's rows are all in one partition after the shuffle.
            counts = rows.map_partitions(lambda f: f["ticket"].nunique(), meta=("n", "int64"))
            tickets = int(counts.sum().compute())
            seconds = time.perf_counter() - start
        return seconds, tickets, rss.workers(workers)


def mib(values: list[int]) -> str:
    return ", ".join(f"{v / 2**20:.0f}" for v in values) + " MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--files", type=int, default=8, help="files for the Dask run")
    parser.add_argument("--folder", default=os.path.join(tempfile.gettempdir(), "slaclock-bench"))
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    parts = write(folder, args.tickets, args.files)
    path = whole_file(folder, parts, args.tickets)
    size = path.stat().st_size
    print(f"{args.tickets:,} tickets, {size / 2**20:,.0f} MiB of JSON lines; now {NOW}")
    print(f"load average before: {os.getloadavg()}")

    results: dict[str, Any] = {}
    one, done = timed(lambda: drain(path, 1))
    results["one"] = one
    print(f"one process:       {one:8.1f} s  {done / one:9,.0f} tickets/s")
    with PeakRss() as rss:
        pool, done = timed(lambda: drain(path, args.workers))
    print(
        f"workers={args.workers}:         {pool:8.1f} s  {done / pool:9,.0f} tickets/s"
        f"  ({one / pool:.2f}× one process); peak RSS per worker {mib(rss.workers(args.workers))}"
    )
    if not args.no_dask:
        seconds, tickets, peaks = dask_run(parts, args.workers)
        per_dask = tickets / seconds / args.workers
        per_pool = done / pool / args.workers
        print(
            f"dask LocalCluster: {seconds:8.1f} s  {tickets / seconds:9,.0f} tickets/s"
            f"  per worker {per_dask:,.0f} vs the pool's {per_pool:,.0f}"
            f" ({per_pool / per_dask:.2f}× slower); peak RSS per worker {mib(peaks)}"
        )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
