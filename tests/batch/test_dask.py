"""Dask (issue #18): on a LocalCluster of two worker processes, the rows and the report of one
process, with a ticket's events spread over several files; bad input as one process says it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import synthetic  # noqa: E402
from slaclock.batch import dask as sdask  # noqa: E402
from slaclock.batch.rows import COLUMNS, rows_of  # noqa: E402
from slaclock.clock import evaluate_jsonl  # noqa: E402
from slaclock.config import PolicySet  # noqa: E402
from slaclock.errors import SlaclockError  # noqa: E402
from slaclock.report import ReportOptions  # noqa: E402
from slaclock.report.build import report_jsonl  # noqa: E402

from .conftest import NOW  # noqa: E402
from .test_local import bad_stream  # noqa: E402

COUNT = 120


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[str]]:
    """COUNT tickets over three files: each ticket's lines go round the files, so most
    tickets have events in two or three of them. Also the same stream as one process reads
    it: every ticket's lines together, in the files' order then the lines'."""
    folder = tmp_path_factory.mktemp("dask")
    files: list[list[str]] = [[], [], []]
    whole: list[str] = []
    for index, (ticket, events) in enumerate(synthetic.tickets(COUNT)):
        mine: list[list[str]] = [[], [], []]
        for n, event in enumerate(events):
            data = {**event.to_dict(), "ticket": ticket}
            mine[(index + n) % 3].append(json.dumps(data))
        for place in range(3):
            files[place].extend(mine[place])
            whole.extend(mine[place])
    paths = []
    for place, lines in enumerate(files):
        path = folder / f"events-{place}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths, whole


def frame_rows(frame: Any) -> list[dict[str, Any]]:
    frame = frame.sort_values(["ticket", "metric"], kind="stable", na_position="first")
    return [
        {k: (None if _missing(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def _missing(value: Any) -> bool:
    import pandas as pd

    return value is pd.NA or value is pd.NaT or value is None


def expected_rows(policies: PolicySet, lines: list[str]) -> list[dict[str, Any]]:
    import pandas as pd

    out = []
    for item in evaluate_jsonl(policies, lines, NOW, errors="collect"):
        out.extend(rows_of(item))
    frame = pd.DataFrame(out, columns=list(COLUMNS)).astype(COLUMNS)
    return frame_rows(frame.drop(columns=["file", "line", "error_file"]))


def test_rows_equal_one_process(client: Any, policies: PolicySet, spread: Any) -> None:
    paths, whole = spread
    events = sdask.read_jsonl([str(p) for p in paths])

    result = sdask.evaluate(events, policies, NOW).compute()

    assert COUNT == result["ticket"].nunique()
    assert list(COLUMNS) == list(result.columns)
    assert str(result["due_at"].dtype) == "datetime64[us, UTC]"
    actual = frame_rows(result.drop(columns=["file", "line", "error_file"]))
    assert expected_rows(policies, whole) == actual
    # Each ticket's first line: every ticket has lines in the first file (7 events or more).
    first = result.groupby("ticket")[["file", "line"]].first()
    assert {str(paths[0])} == set(first["file"])
    assert 1 == first.loc["T0000000", "line"]


def test_report_equals_one_process(client: Any, policies: PolicySet, spread: Any) -> None:
    paths, whole = spread
    options = ReportOptions(timezone="Europe/Berlin", by=("metric", "period", "tier"))
    expected = report_jsonl(policies, whole, NOW, options)

    actual = sdask.report(sdask.read_jsonl([str(p) for p in paths]), policies, NOW, options)

    assert COUNT == actual.tickets
    assert expected == actual
    assert expected.to_data() == actual.to_data()


# Dask's Parquet reader still passes `inplace` to pandas 3.1, which warns.
@pytest.mark.filterwarnings("ignore:.*inplace keyword")
def test_parquet_holds_the_same_events(
    client: Any, policies: PolicySet, spread: Any, tmp_path: Path
) -> None:
    paths, _ = spread
    events = sdask.read_jsonl([str(p) for p in paths])
    events.to_parquet(str(tmp_path / "events"))

    again = sdask.read_parquet(str(tmp_path / "events"))

    one = sdask.evaluate(events, policies, NOW).compute()
    two = sdask.evaluate(again, policies, NOW).compute()
    assert frame_rows(one) == frame_rows(two)


def test_a_bag_of_tickets(client: Any, policies: PolicySet) -> None:
    import dask.bag as db

    pairs = list(synthetic.tickets(60))
    bag = db.from_sequence(pairs, npartitions=3)

    result = sdask.evaluate_bag(bag, policies, NOW).compute()

    expected = []
    for item in evaluate_jsonl(policies, synthetic.jsonl(60), NOW, errors="collect"):
        expected.extend(rows_of(item))
    import pandas as pd

    frame = pd.DataFrame(expected, columns=list(COLUMNS)).astype(COLUMNS)
    assert frame_rows(frame) == frame_rows(result)


def test_bad_input_rows_say_what_one_process_says(
    client: Any, policies: PolicySet, tmp_path: Path
) -> None:
    # Without the reappearing tickets: in Dask, a ticket's lines may be anywhere.
    stream = [r for i, r in enumerate(bad_stream()) if i not in (11, 16)]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(stream) + "\n", encoding="utf-8")
    with path.open(encoding="utf-8") as handle:
        failed = [
            (item.ticket, item.error.line, item.error.message)
            for item in evaluate_jsonl(policies, handle, NOW, errors="collect")
            if not hasattr(item, "metrics")
        ]

    result = sdask.evaluate(sdask.read_jsonl(str(path)), policies, NOW).compute()

    errors = result[result["error"].notna()].sort_values("error_line")
    got = [
        (None if _missing(t) else t, int(line), str(message))
        for t, line, message in zip(
            errors["ticket"], errors["error_line"], errors["error"], strict=True
        )
    ]
    assert [(t, line) for t, line, _ in failed] == [(t, line) for t, line, _ in got]
    assert all(m in text for (_, _, m), (_, _, text) in zip(failed, got, strict=True))
    assert set(errors["error_file"]) == {str(path)}
    assert 11 == result[result["error"].isna()]["ticket"].nunique()  # g0, g2 to g11


def test_a_report_raises_the_first_problem(
    client: Any, policies: PolicySet, tmp_path: Path
) -> None:
    stream = [r for i, r in enumerate(bad_stream()) if i not in (3, 11, 16)]
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(stream) + "\n", encoding="utf-8")
    options = ReportOptions(timezone="UTC")

    with pytest.raises(SlaclockError) as info:
        sdask.report(sdask.read_jsonl(str(path)), policies, NOW, options)

    assert ("no-created", 6) == (info.value.ticket, info.value.line)
