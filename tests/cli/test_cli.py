"""The command line, end to end through subprocesses: output, exit codes, error lines."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from slaclock.cli.main import main

DATA = Path(__file__).parents[2] / "src" / "slaclock" / "data"
POLICY = DATA / "demo_policy.yaml"
EVENTS = DATA / "demo_tickets.jsonl"
NOW = "2026-11-30T11:00+01:00"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaclock", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class TestDemo:
    def test_demo_explains_five_tickets(self) -> None:
        result = run("demo")

        assert result.returncode == 0, result.stderr
        for ticket in ("friday-evening", "waiting", "p1-night", "late-reply", "reopened"):
            assert ticket in result.stdout
        assert "BREACHED" in result.stdout
        assert "paused" in result.stdout
        assert "outside working hours" in result.stdout
        assert "next_change_at" in result.stdout

    def test_demo_moves_with_now(self) -> None:
        early = run("demo", "--now", "2026-11-30T09:30+01:00")
        late = run("demo", "--now", "2026-12-10T09:30+01:00")

        assert early.returncode == late.returncode == 0
        assert early.stdout != late.stdout

    def test_demo_rejects_a_naive_now(self) -> None:
        result = run("demo", "--now", "2026-11-30T09:30")

        assert result.returncode == 2
        assert "--now" in result.stderr and "no UTC offset" in result.stderr


class TestCheck:
    def test_a_valid_file(self) -> None:
        result = run("check", str(POLICY))

        assert result.returncode == 0
        assert "ok" in result.stdout

    def test_a_broken_file_points_at_the_line(self, tmp_path: Path) -> None:
        broken = tmp_path / "policies.yaml"
        broken.write_text(
            "calendars:\n"
            "  office: {timezone: Europe/Berlin, hours: {mon-fri: ['09:00-17:00']}}\n"
            "policies:\n"
            "  - name: standard\n"
            "    calendar: office\n"
            "    targets:\n"
            "      P1: {first_response: 0m}\n"
            "      P2: {resolution: 2d}\n",
            encoding="utf-8",
        )

        result = run("check", str(broken))

        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 2
        assert f"{broken}:7: policies[0].targets.P1.first_response:" in lines[0]
        assert "'0m'" in lines[0]
        assert f"{broken}:8: policies[0].targets.P2.resolution: ambiguous unit" in lines[1]

    def test_bad_yaml_names_its_line(self, tmp_path: Path) -> None:
        broken = tmp_path / "policies.yaml"
        broken.write_text("policies:\n  - name: x\n    targets: [\n", encoding="utf-8")

        result = run("check", str(broken))

        assert result.returncode == 1
        assert f"{broken}:4: not valid YAML" in result.stderr

    def test_a_missing_file(self, tmp_path: Path) -> None:
        result = run("check", str(tmp_path / "nope.yaml"))

        assert result.returncode == 2
        assert "nope.yaml: cannot read the policy file: No such file" in result.stderr


class TestDue:
    def test_deadlines_of_a_new_ticket(self) -> None:
        # enterprise P2: 1h first response from Fri 16:30 -> 17:30 the same day;
        # 16h resolution: 1h Friday, 7h30m Monday, 7h30m Tuesday -> Tue 17:30.
        result = run(
            "due",
            str(POLICY),
            "--priority",
            "P2",
            "--created",
            "2026-11-27T16:30+01:00",
            "--attr",
            "tier=enterprise",
        )

        assert result.returncode == 0, result.stderr
        assert "first_response   due Fri 27 Nov 2026 17:30 +0100" in result.stdout
        assert "resolution       due Tue 01 Dec 2026 17:30 +0100" in result.stdout

    def test_json_format(self) -> None:
        result = run(
            "due",
            str(POLICY),
            "--priority",
            "P1",
            "--created",
            "2026-11-28T23:00+01:00",
            "--attr",
            "tier=enterprise",
            "--format",
            "json",
        )

        data = json.loads(result.stdout)
        assert data["policy"] == "enterprise"
        assert data["metrics"]["first_response"]["due_at"] == "2026-11-28T23:15:00+01:00"

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            pytest.param(["--priority", "P1"], "--created", id="missing-created"),
            pytest.param(
                ["--priority", "P1", "--created", "soon"], "cannot read", id="bad-instant"
            ),
            pytest.param(
                ["--priority", "P1", "--created", "2026-11-28T23:00+01:00", "--attr", "tier"],
                "KEY=VALUE",
                id="bad-attr",
            ),
        ],
    )
    def test_bad_arguments_exit_2(self, args: list[str], message: str) -> None:
        result = run("due", str(POLICY), *args)

        assert result.returncode == 2
        assert message in result.stderr


class TestEvaluate:
    def test_jsonl_when_piped(self) -> None:
        result = run("evaluate", str(POLICY), str(EVENTS), "--now", NOW)

        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["ticket"] for r in rows] == [
            "friday-evening",
            "waiting",
            "p1-night",
            "late-reply",
            "reopened",
        ]
        assert rows[3]["metrics"]["first_response"]["state"] == "breached"
        assert result.stderr == ""

    def test_standard_input_and_table(self) -> None:
        result = run(
            "evaluate",
            str(POLICY),
            "-",
            "--now",
            NOW,
            "--format",
            "table",
            stdin=EVENTS.read_text(encoding="utf-8"),
        )

        assert result.returncode == 0
        assert "late-reply  [standard]" in result.stdout

    def test_bad_event_names_line_and_field(self) -> None:
        events = '{"type": "created", "at": "2026-11-30T09:00:00+01:00", "priority": "P2"}\n'
        events += '{"type": "status_changed", "at": "2026-11-30T10:00:00+01:00"}\n'

        result = run("evaluate", str(POLICY), "-", "--now", NOW, stdin=events)

        assert result.returncode == 1
        assert "needs 'status'" in result.stderr

    def test_unknown_event_type(self) -> None:
        events = '{"type": "created", "at": "2026-11-30T09:00:00+01:00", "priority": "P2"}\n'
        events += '{"type": "escalated", "at": "2026-11-30T10:00:00+01:00"}\n'

        result = run("evaluate", str(POLICY), "-", "--now", NOW, stdin=events)

        assert result.returncode == 1
        assert "<stdin>:2: " in result.stderr and "'escalated'" in result.stderr

    def test_now_is_required(self) -> None:
        result = run("evaluate", str(POLICY), str(EVENTS))

        assert result.returncode == 2
        assert "the following arguments are required: --now" in result.stderr

    @pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
    def test_progress_on_a_terminal_only(self, tmp_path: Path) -> None:
        lines = EVENTS.read_text(encoding="utf-8").splitlines()
        many = []
        for copy in range(300):
            for line in lines:
                data = json.loads(line)
                data["ticket"] = f"{data['ticket']}-{copy}"
                many.append(json.dumps(data))
        events = tmp_path / "many.jsonl"
        events.write_text("\n".join(many) + "\n", encoding="utf-8")
        out = tmp_path / "out.jsonl"
        controller, worker = pty.openpty()
        with out.open("w") as sink:
            process = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "slaclock",
                    "evaluate",
                    str(POLICY),
                    str(events),
                    "--now",
                    NOW,
                    "--no-ledger",
                ],
                stdout=sink,
                stderr=worker,
                timeout=300,
                check=False,
            )
        os.close(worker)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
        os.close(controller)

        assert process.returncode == 0
        assert b"1,500 tickets evaluated." in shown
        rows = out.read_text(encoding="utf-8").splitlines()
        assert len(rows) == 1500
        assert all(row.startswith("{") for row in rows)


class TestCalendarAndSchema:
    def test_calendar_shows_hours_holidays_and_closures(self) -> None:
        result = run(
            "calendar",
            str(POLICY),
            "berlin-office",
            "--from",
            "2026-12-23T00:00+01:00",
            "--to",
            "2026-12-29T00:00+01:00",
        )

        assert result.returncode == 0
        assert "Thu 2026-12-24 09:00 → Thu 12:00" in result.stdout
        assert "Fri 2026-12-25: Christmas Day" in result.stdout
        assert "total open time: 18h" in result.stdout

    def test_unknown_calendar(self) -> None:
        result = run(
            "calendar",
            str(POLICY),
            "paris",
            "--from",
            "2026-12-23T00:00+01:00",
            "--to",
            "2026-12-29T00:00+01:00",
        )

        assert result.returncode == 2
        assert "no calendar 'paris'" in result.stderr
        assert "defines: always, berlin-office" in result.stderr

    def test_schema_is_json_schema(self) -> None:
        result = run("schema")

        schema = json.loads(result.stdout)
        assert {"calendars", "policies"} <= set(schema["properties"])

    def test_unknown_command_exits_2(self) -> None:
        result = run("launch")

        assert result.returncode == 2
        assert "invalid choice" in result.stderr


class TestConventions:
    def test_version(self, capsys: pytest.CaptureFixture[str]) -> None:
        import slaclock

        with pytest.raises(SystemExit) as info:
            main(["--version"])

        assert info.value.code == 0
        assert capsys.readouterr().out == f"slaclock {slaclock.__version__}\n"

    def test_the_bare_command_prints_the_whole_help(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main([])

        out, err = capsys.readouterr()
        assert (code, err) == (2, "")
        assert out.startswith("usage: slaclock")
        for command in ("demo", "check", "evaluate", "report", "review", "suggest"):
            assert command in out
