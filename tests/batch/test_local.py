"""Every core of one machine (issue #18): the same results, in the same order, and the same
errors as one process, with ``workers=2``."""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import synthetic
from slaclock import batch
from slaclock._typing import TicketOrder
from slaclock.batch import local
from slaclock.batch.pool import Pool
from slaclock.batch.shared import SharedObjects, dumps_results, loads_results
from slaclock.batch.split import byte_ranges, line_chunks, ticket_named
from slaclock.clock import FailedTicket, TicketStatus, evaluate_jsonl, evaluate_many
from slaclock.config import PolicySet
from slaclock.errors import SlaclockError
from slaclock.report import ReportOptions
from slaclock.report.build import report_jsonl

from .conftest import NOW, write_tickets

Result = TicketStatus | FailedTicket


def fields(items: Iterable[Result], *, ledger: bool = False) -> list[Any]:
    """Every field of every result, in order (a failure by its ticket, place and message)."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, FailedTicket):
            error = item.error
            out.append(
                (
                    "failed",
                    item.ticket,
                    item.position,
                    error.line,
                    error.ticket_position,
                    str(error),
                )
            )
        else:
            out.append(item.to_dict(ledger=ledger))
    return out


def one_process(policies: PolicySet, path: Path, now: datetime = NOW) -> list[Result]:
    with path.open(encoding="utf-8") as handle:
        return list(evaluate_jsonl(policies, handle, now, errors="collect"))


class TestSameResults:
    def test_a_file_on_two_workers(self, policies: PolicySet, tickets_file: Path) -> None:
        expected = one_process(policies, tickets_file)
        actual = list(batch.evaluate_jsonl(policies, tickets_file, NOW, workers=2))

        assert 300 == len(actual)
        assert fields(expected) == fields(actual)
        assert fields(expected[:60], ledger=True) == fields(actual[:60], ledger=True)

    def test_statuses_refer_to_the_callers_policies(
        self, policies: PolicySet, tickets_file: Path
    ) -> None:
        actual = list(batch.evaluate_jsonl(policies, tickets_file, NOW, workers=2))

        chosen = {id(s.policy) for s in actual if s.policy is not None}
        assert chosen <= {id(p) for p in policies.policies}
        assert len(chosen) == 2

    def test_a_stream_of_lines_on_two_workers(
        self, policies: PolicySet, tickets_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(local, "PART_LINES", 400)  # several parts from 3,000 lines
        lines = tickets_file.read_text(encoding="utf-8").splitlines()
        expected = list(evaluate_jsonl(policies, lines, NOW))

        actual = list(batch.evaluate_jsonl(policies, iter(lines), NOW, workers=2))

        assert fields(expected) == fields(actual)

    def test_evaluate_many_on_two_workers(
        self, policies: PolicySet, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(local, "PART_TICKETS", 70)
        expected = list(evaluate_many(policies, synthetic.tickets(250), NOW))

        actual = list(batch.evaluate_many(policies, synthetic.tickets(250), NOW, workers=2))

        assert fields(expected) == fields(actual)

    def test_report_on_two_workers(self, policies: PolicySet, tickets_file: Path) -> None:
        options = ReportOptions(timezone="Europe/Berlin", by=("metric", "period", "tier"))
        with tickets_file.open(encoding="utf-8") as handle:
            expected = report_jsonl(policies, handle, NOW, options)

        actual = batch.report_jsonl(policies, tickets_file, NOW, options, workers=2)

        assert 300 == actual.tickets
        assert expected == actual
        assert expected.to_data() == actual.to_data()

    def test_one_worker_starts_no_process(self, policies: PolicySet, tickets_file: Path) -> None:
        class NoPool:
            def __init__(self, *args: object) -> None:
                raise AssertionError("a pool was started")

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(local, "Pool", NoPool)
            got = list(batch.evaluate_jsonl(policies, tickets_file, NOW, workers=1))
        assert 300 == len(got)


class TestWorkersByDefault:
    def test_a_small_file_or_a_stream_takes_one(self, tickets_file: Path) -> None:
        assert 1 == batch.workers_for(tickets_file, None)
        assert 1 == batch.workers_for(["a line"], None)

    def test_a_large_file_takes_every_core(
        self, tickets_file: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(local, "LARGE_INPUT", 1000)
        assert batch.cpu_count() == batch.workers_for(tickets_file, None)

    def test_the_number_given_wins(self, tickets_file: Path) -> None:
        assert 3 == batch.workers_for(tickets_file, 3)

    @pytest.mark.parametrize("wrong", [0, -1, 1.5, True])
    def test_a_wrong_number_is_refused(self, wrong: Any) -> None:
        with pytest.raises(ValueError, match="workers must be a whole number"):
            batch.workers_for("x", wrong)


# ---------------------------------------------------------------------- cutting the input


def line(ticket: str | None, kind: str = "resolved", at: str = "2026-11-23T11:00+01:00") -> str:
    data: dict[str, Any] = {"type": kind, "at": at}
    if kind == "created":
        data["priority"] = "P2"
    if ticket is not None:
        data["ticket"] = ticket
    return json.dumps(data)


class TestCuts:
    def test_a_cut_falls_between_two_tickets(self, tmp_path: Path) -> None:
        # Line lengths: a's two lines, then b's: the middle of a's second line cuts before b.
        rows = [line("a", "created"), line("a"), line("b", "created"), line("b")]
        path = tmp_path / "t.jsonl"
        path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
        size = path.stat().st_size
        start_of_b = len(rows[0]) + len(rows[1]) + 2

        assert [(0, start_of_b), (start_of_b, size)] == byte_ranges(path, 2)

    def test_a_broken_line_is_never_at_a_cut(self, tmp_path: Path) -> None:
        rows = [line("a", "created"), '{"ticket": "b", broken', line("b", "created"), line("b")]
        path = tmp_path / "t.jsonl"
        path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")

        # The only place between two readable lines of two tickets is before the broken line;
        # that line is not readable, so the cut moves on to... no other place: one part.
        cuts = [start for start, _ in byte_ranges(path, 4)]
        assert [0] == cuts

    def test_one_ticket_is_one_part(self, tmp_path: Path) -> None:
        path = tmp_path / "t.jsonl"
        path.write_text("".join(line("a") + "\n" for _ in range(100)), encoding="utf-8")
        assert [(0, path.stat().st_size)] == byte_ranges(path, 8)

    def test_ticket_named(self) -> None:
        assert "a" == ticket_named(line("a"))
        assert ticket_named(line(None)) is None
        assert ticket_named("[1, 2]") is None

    @given(st.lists(st.sampled_from(["a", "b", "c", None, "broken", ""]), max_size=40))
    @settings(max_examples=200, deadline=None)
    def test_line_chunks_keep_every_line_and_cut_only_between_tickets(
        self, picks: list[str | None]
    ) -> None:
        rows = ["" if p == "" else '{"ticket": "x", ' if p == "broken" else line(p) for p in picks]
        chunks = list(line_chunks(rows, 3))

        assert rows == [r for chunk in chunks for r in chunk]
        for before, after in pairwise(chunks):
            assert ticket_named(before[-1]) is not None
            assert ticket_named(after[0]) not in (None, ticket_named(before[-1]))


# ---------------------------------------------------------------------- bad input


def bad_stream() -> list[str]:
    """A malformed line, a ticket without `created`, a naive time and a ticket whose lines
    come back later, among good tickets."""
    good = [line(f"g{i}", "created", f"2026-11-2{i % 7}T10:00+01:00") for i in range(12)]
    return [
        good[0],
        line("g0", at="2026-11-20T12:00+01:00"),
        good[1],
        '{"ticket": "g1", "type": "resolved", "at": ',  # malformed, charged to g1
        line("g1", at="2026-11-21T12:00+01:00"),
        good[2],
        line("no-created", "resolved"),
        good[3],
        line("naive", "created", "2026-11-23T10:00"),
        good[4],
        good[5],
        line("g0", at="2026-11-24T12:00+01:00"),  # g0 again, far from its first lines
        good[6],
        "",
        "[1, 2]",  # names no ticket: a line of its own
        good[7],
        line("g3", at="2026-11-25T12:00+01:00"),  # g3 again
        *good[8:],
    ]


class TestBadInput:
    def test_every_bad_ticket_as_in_one_process(self, policies: PolicySet, tmp_path: Path) -> None:
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(bad_stream()) + "\n", encoding="utf-8")
        expected = one_process(policies, path)

        actual = list(batch.evaluate_jsonl(policies, path, NOW, workers=2, errors="collect"))

        assert fields(expected) == fields(actual)
        failed = {item.ticket: item.line for item in actual if isinstance(item, FailedTicket)}
        # Worked out by hand from the stream above.
        assert {"g1": 4, "no-created": 7, "naive": 9, "g0": 12, None: 15, "g3": 17} == failed

    def test_the_first_error_is_raised_as_in_one_process(
        self, policies: PolicySet, tmp_path: Path
    ) -> None:
        path = tmp_path / "bad.jsonl"
        path.write_text("\n".join(bad_stream()) + "\n", encoding="utf-8")
        with pytest.raises(SlaclockError) as one:
            one_process_raise(policies, path)
        with pytest.raises(SlaclockError) as two:
            list(batch.evaluate_jsonl(policies, path, NOW, workers=2))

        assert (str(one.value), one.value.line) == (str(two.value), two.value.line)
        assert ("g1", 4) == (two.value.ticket, two.value.line)

    def test_a_report_stops_at_the_same_error(self, policies: PolicySet, tmp_path: Path) -> None:
        path = tmp_path / "bad.jsonl"
        stream = bad_stream()
        del stream[3]  # without the malformed line, the first problem is a missing `created`
        path.write_text("\n".join(stream) + "\n", encoding="utf-8")
        options = ReportOptions(timezone="UTC")
        with pytest.raises(SlaclockError) as one, path.open(encoding="utf-8") as handle:
            report_jsonl(policies, handle, NOW, options)
        with pytest.raises(SlaclockError) as two:
            batch.report_jsonl(policies, path, NOW, options, workers=2)

        assert str(one.value) == str(two.value)
        assert "no-created" in str(two.value)

    @given(
        picks=st.lists(
            st.sampled_from(["a", "b", "c", "d", "naive", "broken", "nameless", "blank"]),
            max_size=30,
        ),
        size=st.integers(1, 6),
        order=st.sampled_from(["grouped", "sorted"]),
    )
    @settings(max_examples=50, deadline=None)
    def test_any_stream_in_parts_as_in_one_process(
        self, picks: list[str], size: int, order: TicketOrder, policies: PolicySet
    ) -> None:
        # The whole path (cutting, workers, shifting lines, reappearances) in this process.
        rows = []
        for index, pick in enumerate(picks):
            at = f"2026-11-23T{10 + index % 12:02d}:00+01:00"
            if pick == "naive":
                rows.append(line("n", "created", at[:16]))
            elif pick == "broken":
                rows.append('{"ticket": "b", "type": ')
            elif pick == "nameless":
                rows.append(line(None, "created", at))
            elif pick == "blank":
                rows.append("")
            else:
                rows.append(line(pick, "created" if index % 3 == 0 else "resolved", at))
        expected = list(evaluate_jsonl(policies, rows, NOW, errors="collect", ticket_order=order))

        with Pool(policies, NOW, 2, inline=True) as pool:
            actual = list(pool.evaluate(line_chunks(rows, size), True, None, order))

        assert fields(expected) == fields(actual)


@pytest.mark.parametrize("order", ["grouped", "sorted"])
def test_a_sorted_stream_is_checked_across_parts(
    order: TicketOrder, policies: PolicySet, tmp_path: Path
) -> None:
    # b, a: grouped but not sorted; on two workers each part sees one ticket.
    rows = [
        line("b", "created", "2026-11-23T10:00+01:00"),
        line("a", "created", "2026-11-23T11:00+01:00"),
    ]
    expected = list(evaluate_jsonl(policies, rows, NOW, errors="collect", ticket_order=order))

    with Pool(policies, NOW, 2, inline=True) as pool:
        actual = list(pool.evaluate(line_chunks(rows, 1), True, None, order))
    options = ReportOptions(timezone="UTC")

    assert fields(expected) == fields(actual)
    refused = [item.ticket for item in actual if isinstance(item, FailedTicket)]
    assert refused == ([] if order == "grouped" else ["a"])
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    if order == "sorted":
        with pytest.raises(SlaclockError, match="comes after ticket 'b'"):
            batch.report_jsonl(policies, path, NOW, options, workers=2, ticket_order=order)


def one_process_raise(policies: PolicySet, path: Path) -> list[TicketStatus]:
    with path.open(encoding="utf-8") as handle:
        return list(evaluate_jsonl(policies, handle, NOW))


class TestSharedObjects:
    def test_results_come_back_without_copies_of_the_policies(
        self, policies: PolicySet, tickets_file: Path
    ) -> None:
        statuses = one_process_raise(policies, tickets_file)[:50]
        shared = SharedObjects(policies)

        numbered = dumps_results(statuses, shared)
        back: list[TicketStatus] = loads_results(numbered, shared)

        assert len(numbered) < len(pickle.dumps(statuses))
        assert fields(statuses, ledger=True) == fields(back, ledger=True)
        assert all(b.policy is s.policy for s, b in zip(statuses, back, strict=True))

    def test_both_sides_number_alike(self, policies: PolicySet) -> None:
        copy = pickle.loads(SharedObjects(policies).blob)
        assert SharedObjects(policies).signature == SharedObjects(copy).signature


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as handle:
        yield from handle


def test_a_large_synthetic_set_is_cut_into_many_parts(policies: PolicySet, tmp_path: Path) -> None:
    path = write_tickets(tmp_path / "t.jsonl", 1000, seed=3)
    ranges = byte_ranges(path, 16)
    assert 16 == len(ranges)
    with path.open("rb") as handle:
        data = handle.read()
    for start, _ in ranges[1:]:
        assert data[start - 1 : start] == b"\n"
        before = data[:start].splitlines()[-1]
        after = data[start:].split(b"\n", 1)[0]
        assert ticket_named(before) != ticket_named(after)
