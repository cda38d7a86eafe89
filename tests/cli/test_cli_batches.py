"""The command line on bad batches and odd input: --keep-going, file:line: ticket messages,
a lone surrogate in a ticket id, a metric paused at creation (issue #11, items 13 and 16)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from slaclock.cli.main import main

POLICY = """
calendars:
  office: {timezone: Europe/Berlin, hours: {mon-fri: ["09:00-17:00"]}}
policies:
  - name: p
    calendar: office
    pause_on: [pending]
    targets:
      "*": {first_response: 4h, resolution: 8h}
"""
NOW = "2026-11-30T10:00+01:00"
COMMAND = (sys.executable, "-m", "slaclock", "evaluate")


def created(ticket: str, **more: object) -> str:
    return json.dumps(
        {"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P1", "ticket": ticket}
        | more
    )


def resolved(ticket: str, at: str = "2026-11-23T11:00+01:00") -> str:
    return json.dumps({"type": "resolved", "at": at, "ticket": ticket})


@pytest.fixture
def policy(tmp_path: Path) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return path


def events(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BAD_STREAM = (
    created("a"),
    resolved("a"),
    created("b"),
    '{"type": "resolved", "at": ',
    resolved("b"),
    created("c"),
    resolved("c", at="2026-11-20T10:00+01:00"),
    created("d"),
)


class TestKeepGoing:
    def test_every_bad_ticket_is_reported_with_file_line_and_reason(
        self, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, *BAD_STREAM)

        code = main(["evaluate", str(policy), str(path), "--now", NOW, "--keep-going"])

        out, err = capsys.readouterr()
        evaluated = [json.loads(line)["ticket"] for line in out.splitlines()]
        errors = [line for line in err.splitlines() if line.startswith("slaclock: error:")]
        assert (1, ["a", "d"]) == (code, evaluated)
        assert [e.split(": ")[2:4] for e in errors] == [
            [f"{path}:4", "ticket 'b'"],
            [f"{path}:7", "ticket 'c'"],
        ]
        assert "2 ticket(s) could not be evaluated" in err

    def test_the_table_keeps_going_too(
        self, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, *BAD_STREAM)

        code = main(
            ["evaluate", str(policy), str(path), "--now", NOW, "--keep-going", "--format", "table"]
        )

        out, err = capsys.readouterr()
        assert (1, True, True, 2) == (
            code,
            "  a  [p]" in out,
            "  d  [p]" in out,
            err.count(":7:") + err.count(":4:"),
        )

    def test_without_it_the_first_bad_ticket_stops_the_batch(
        self, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, *BAD_STREAM)

        code = main(["evaluate", str(policy), str(path), "--now", NOW])

        out, err = capsys.readouterr()
        assert (1, ["a"]) == (code, [json.loads(line)["ticket"] for line in out.splitlines()])
        assert err.strip() == (
            f"slaclock: error: {path}:4: ticket 'b': event: not valid JSON"
            " (Expecting value at column 28)"
        )

    def test_a_clean_stream_exits_zero(
        self, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, created("a"), created("b"))

        code = main(["evaluate", str(policy), str(path), "--now", NOW, "--keep-going"])

        out, err = capsys.readouterr()
        assert (0, 2, "") == (code, len(out.splitlines()), err)


class TestOddInput:
    def test_due_on_a_metric_paused_at_creation(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = tmp_path / "paused.yaml"
        path.write_text(
            POLICY.replace(
                "    targets:",
                "    metrics:\n"
                "      hold: {start: {event: created}, stop: {event: resolved},"
                " pause: {priority: P1}}\n"
                "    targets:",
            ).replace("resolution: 8h", "hold: 8h"),
            encoding="utf-8",
        )

        code = main(["due", str(path), "--priority", "P1", "--created", "2026-11-23T10:00+01:00"])

        lines = capsys.readouterr().out.splitlines()
        assert 0 == code
        assert [line.split()[:2] for line in lines[1:]] == [
            ["first_response", "due"],
            ["hold", "paused"],
        ]

    def test_a_lone_surrogate_in_a_ticket_id_does_not_crash_the_output(
        self, tmp_path: Path, policy: Path
    ) -> None:
        path = tmp_path / "events.jsonl"
        path.write_text(
            '{"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P1",'
            ' "ticket": "\\ud800"}\n',
            encoding="utf-8",
        )

        for fmt in ("jsonl", "table"):
            result = subprocess.run(
                [*COMMAND, str(policy), str(path), "--now", NOW, "--format", fmt],
                capture_output=True,
                timeout=120,
                check=False,
                env={**os.environ, "PYTHONIOENCODING": "utf-8"},
            )

            assert (fmt, 0, b"") == (fmt, result.returncode, result.stderr)


class TestSortedTickets:
    def test_a_sorted_stream_is_evaluated(
        self, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, created("a"), resolved("a"), created("b"))

        code = main(["evaluate", str(policy), str(path), "--now", NOW, "--sorted-tickets"])

        out, _ = capsys.readouterr()
        assert (0, ["a", "b"]) == (code, [json.loads(x)["ticket"] for x in out.splitlines()])

    @pytest.mark.parametrize("command", ["evaluate", "report"])
    def test_a_ticket_out_of_order_is_an_error_with_file_and_line(
        self, command: str, tmp_path: Path, policy: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = events(tmp_path, created("b"), resolved("b"), created("a"))

        code = main([command, str(policy), str(path), "--now", NOW, "--sorted-tickets"])

        _, err = capsys.readouterr()
        assert code == 1
        assert f"{path}:3" in err
        assert "comes after ticket 'b'" in err
