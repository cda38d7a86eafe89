"""Scale-out: every core of one machine (this package), and a Dask cluster beyond it
(`slaclock.batch.dask`, with the ``slaclock[dask]`` extra).

The one-process batch functions live in `slaclock.clock` and `slaclock.report`, which know
nothing of processes (imports flow one way: this package sits above them). The functions here
take the same arguments and ``workers=N``, and give the same results in the same order, and
the same errors.
"""

from __future__ import annotations

from .local import (
    LARGE_INPUT,
    Source,
    evaluate_jsonl,
    evaluate_many,
    render_jsonl,
    report_jsonl,
    workers_for,
)
from .pool import cpu_count

__all__ = [
    "LARGE_INPUT",
    "Source",
    "cpu_count",
    "evaluate_jsonl",
    "evaluate_many",
    "render_jsonl",
    "report_jsonl",
    "workers_for",
]
