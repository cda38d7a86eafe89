"""What `slaclock evaluate` writes by default and on request: no ledger or cycle list in a
batch unless asked, the ledger in a single ticket's table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slaclock.cli.main import main

DATA = Path(__file__).parents[2] / "src" / "slaclock" / "data"
POLICY = DATA / "demo_policy.yaml"
EVENTS = DATA / "demo_tickets.jsonl"
NOW = "2026-11-30T11:00+01:00"


def evaluate_cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["evaluate", str(POLICY), *args, "--now", NOW])
    out, err = capsys.readouterr()
    assert (0, "") == (code, err)
    return out


def one_ticket(tmp_path: Path, ticket: str) -> Path:
    lines = EVENTS.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "one.jsonl"
    path.write_text(
        "\n".join(line for line in lines if json.loads(line)["ticket"] == ticket) + "\n",
        encoding="utf-8",
    )
    return path


class TestBatchOutput:
    def test_the_default_line_has_no_ledger_and_no_cycle_list(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows = [json.loads(line) for line in evaluate_cli(capsys, str(EVENTS)).splitlines()]

        assert 5 == len(rows)
        for row in rows:
            for metric in row["metrics"].values():
                assert "ledger" not in metric and "cycles" not in metric
                assert metric["cycle"] is None or metric["cycle"] >= 1

    def test_ledger_on_request(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = [
            json.loads(line) for line in evaluate_cli(capsys, str(EVENTS), "--ledger").splitlines()
        ]

        metrics = [m for row in rows for m in row["metrics"].values()]
        assert all("ledger" in m and "cycles" in m for m in metrics)
        assert any(m["ledger"] for m in metrics)

    def test_cycles_on_request(self, capsys: pytest.CaptureFixture[str]) -> None:
        rows = [
            json.loads(line) for line in evaluate_cli(capsys, str(EVENTS), "--cycles").splitlines()
        ]

        metrics = [m for row in rows for m in row["metrics"].values()]
        assert all("cycles" in m and "ledger" not in m for m in metrics)

    def test_the_old_no_ledger_option_is_still_accepted(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        plain = evaluate_cli(capsys, str(EVENTS))

        assert plain == evaluate_cli(capsys, str(EVENTS), "--no-ledger")

    def test_the_summary_is_the_full_form_less_the_lists(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        summary = [json.loads(line) for line in evaluate_cli(capsys, str(EVENTS)).splitlines()]
        full = [
            json.loads(line) for line in evaluate_cli(capsys, str(EVENTS), "--ledger").splitlines()
        ]

        for short, long in zip(summary, full, strict=True):
            for name, metric in long["metrics"].items():
                cycles = metric.pop("cycles")
                del metric["ledger"]
                metric["cycle"] = cycles[-1]["number"] if cycles else None
                assert metric == short["metrics"][name]
            assert {k: v for k, v in long.items() if k != "metrics"} == {
                k: v for k, v in short.items() if k != "metrics"
            }


class TestTable:
    def test_a_single_ticket_shows_its_ledger(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        out = evaluate_cli(capsys, str(one_ticket(tmp_path, "waiting")), "--format", "table")

        assert "paused" in out and "open hours" in out

    def test_a_batch_shows_ledgers_only_when_asked(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        plain = evaluate_cli(capsys, str(EVENTS), "--format", "table")
        with_ledger = evaluate_cli(capsys, str(EVENTS), "--format", "table", "--ledger")

        assert "open hours" not in plain
        assert "open hours" in with_ledger
