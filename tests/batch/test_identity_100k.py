"""The acceptance check of issue #18 at full size, marked slow (tens of minutes on two cores):

    .venv/bin/python -m pytest -m slow tests/batch/test_identity_100k.py

100,000 synthetic tickets: one process, ``workers=2`` and Dask on a LocalCluster of two
worker processes give the same results, every field in order, and the same report; for Dask
the events of most tickets are spread over three files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import synthetic
from slaclock import batch
from slaclock.batch.rows import COLUMNS, rows_of
from slaclock.clock import evaluate_jsonl
from slaclock.config import PolicySet
from slaclock.report import ReportOptions
from slaclock.report.build import report_jsonl

from .conftest import NOW

COUNT = 100_000
OPTIONS = ReportOptions(timezone="Europe/Berlin", by=("metric", "period", "tier"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The tickets in one file (each ticket's lines together) and spread over three files."""
    folder = tmp_path_factory.mktemp("identity")
    whole = folder / "whole.jsonl"
    spread = [folder / f"part-{n}.jsonl" for n in range(3)]
    handles = [p.open("w", encoding="utf-8") for p in spread]
    with whole.open("w", encoding="utf-8") as out:
        for index, (ticket, events) in enumerate(synthetic.tickets(COUNT)):
            mine: list[list[str]] = [[], [], []]
            for n, event in enumerate(events):
                mine[(index + n) % 3 if index % 2 else 0].append(
                    json.dumps({**event.to_dict(), "ticket": ticket})
                )
            for place in range(3):
                for line in mine[place]:
                    out.write(line + "\n")
                    handles[place].write(line + "\n")
    for handle in handles:
        handle.close()
    return whole, spread


def lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle


def test_one_process_workers_and_dask_agree(
    data: tuple[Path, list[Path]], policies: PolicySet
) -> None:
    pd = pytest.importorskip("pandas")
    distributed = pytest.importorskip("distributed")
    from slaclock.batch import dask as sdask

    whole, spread = data
    one = evaluate_jsonl(policies, lines(whole), NOW, errors="collect")
    two = batch.evaluate_jsonl(policies, whole, NOW, workers=2, errors="collect")
    expected_rows: list[dict[str, Any]] = []
    count = 0
    for a, b in zip(one, two, strict=True):
        count += 1
        assert a.to_dict() == b.to_dict()  # type: ignore[union-attr]
        expected_rows.extend(rows_of(a))
    assert COUNT == count

    expected_report = report_jsonl(policies, lines(whole), NOW, OPTIONS)
    assert expected_report == batch.report_jsonl(policies, whole, NOW, OPTIONS, workers=2)

    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster),
    ):
        events = sdask.read_jsonl([str(p) for p in spread])
        rows = sdask.evaluate(events, policies, NOW).compute()
        dask_report = sdask.report(events, policies, NOW, OPTIONS)

    key = ["ticket", "metric"]
    drop = ["file", "line", "error_file"]
    expected = pd.DataFrame(expected_rows, columns=list(COLUMNS)).astype(COLUMNS)
    expected = expected.drop(columns=drop).sort_values(key, kind="stable", ignore_index=True)
    actual = rows.drop(columns=drop).sort_values(key, kind="stable", ignore_index=True)
    pd.testing.assert_frame_equal(expected, actual)
    assert expected_report == dask_report
    assert expected_report.to_data() == dask_report.to_data()
