"""`slaclock report` end to end through subprocesses: formats, files, exit codes, progress."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from worked_example import NOW, POLICY, lines

DEMO_TICKETS = ("friday-evening", "late-reply", "reopened")


def run(*args: str, stderr_tty: bool = False) -> subprocess.CompletedProcess[str]:
    if not stderr_tty:
        return subprocess.run(
            [sys.executable, "-m", "slaclock", "report", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    parent, child = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "slaclock", "report", *args],
            stdout=subprocess.PIPE,
            stderr=child,
            text=True,
            timeout=120,
            check=False,
        )
        os.close(child)
        child = -1
        seen = b""
        while True:
            try:
                chunk = os.read(parent, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if child >= 0:
            os.close(child)
        os.close(parent)
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, seen.decode())


@pytest.fixture
def example(tmp_path: Path) -> tuple[str, str]:
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps(POLICY), encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(lines()) + "\n", encoding="utf-8")
    return str(policy), str(events)


class TestDemo:
    def test_table_by_tier(self) -> None:
        result = run("--demo", "--by", "tier")

        assert 0 == result.returncode, result.stderr
        assert "tier" in result.stdout and "enterprise" in result.stdout
        assert "At risk now" in result.stdout
        assert "late-reply" in result.stdout

    def test_json(self) -> None:
        result = run("--demo", "--format", "json")

        assert 0 == result.returncode, result.stderr
        data = json.loads(result.stdout)
        assert 5 == data["tickets"]
        assert {"first_response", "next_response", "resolution"} == {
            g["key"]["metric"] for g in data["groups"]
        }


class TestFormats:
    def test_json_has_the_worked_figures(self, example: tuple[str, str]) -> None:
        result = run(*example, "--now", NOW.isoformat(), "--format", "json", "--tz", "UTC")

        assert 0 == result.returncode, result.stderr
        data = json.loads(result.stdout)
        figures = {
            (g["key"]["metric"], g["key"]["period"]): g["attainment"] for g in data["groups"]
        }
        assert {
            ("first_response", "2026-11"): "5/6",
            ("first_response", "2026-12"): "2/3",
            ("resolution", "2026-11"): "5/6",
            ("resolution", "2026-12"): "3/4",
        } == figures
        assert "UTC" == data["rules"]["timezone"]

    def test_csv_directory_gets_every_table(self, example: tuple[str, str], tmp_path: Path) -> None:
        out = tmp_path / "tables"
        out.mkdir()
        result = run(*example, "--now", NOW.isoformat(), "--format", "csv", "-o", str(out))

        assert 0 == result.returncode, result.stderr
        names = sorted(p.name for p in out.iterdir())
        assert [
            "at_risk.csv",
            "breaches_by_customer.csv",
            "breaches_by_priority.csv",
            "groups.csv",
            "trend.csv",
            "worst.csv",
        ] == names
        header = (out / "groups.csv").read_text().splitlines()[0]
        assert header.startswith("metric,period,tickets,met,breached")

    def test_html_file(self, example: tuple[str, str], tmp_path: Path) -> None:
        page = tmp_path / "report.html"
        result = run(
            *example, "--now", NOW.isoformat(), "--format", "html", "-o", str(page), "--by",
            "customer",
        )  # fmt: skip

        assert 0 == result.returncode, result.stderr
        text = page.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>")
        assert 5 == text.count('<figure class="chart">')


class TestErrors:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            pytest.param(("--now", "2026-12-31T14:00"), "no UTC offset", id="naive-now"),
            pytest.param((), "--now is required", id="no-now"),
            pytest.param(("--now", "2026-12-31T14:00Z", "--tz", "Mars/Base"), "Mars", id="tz"),
            pytest.param(("--now", "2026-12-31T14:00Z", "--target", "lots"), "--target", id="pc"),
        ],
    )
    def test_usage(self, example: tuple[str, str], args: tuple[str, ...], message: str) -> None:
        result = run(*example, *args)

        assert 2 == result.returncode
        assert message in result.stderr

    def test_bad_events_are_invalid_input(self, example: tuple[str, str], tmp_path: Path) -> None:
        bad = tmp_path / "bad.jsonl"
        bad.write_text('{"ticket": "x", "type": "created"}\n', encoding="utf-8")
        result = run(example[0], str(bad), "--now", "2026-12-31T14:00Z")

        assert 1 == result.returncode
        # file:line and ticket, as `slaclock evaluate` says it
        assert f"{bad}:1: ticket 'x': " in result.stderr


def test_progress_on_a_terminal(example: tuple[str, str]) -> None:
    result = run(*example, "--now", NOW.isoformat(), "--format", "json", stderr_tty=True)

    assert 0 == result.returncode
    assert "12 tickets evaluated." in result.stderr
    json.loads(result.stdout)


def test_a_missing_extra_is_one_line_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from slaclock.cli.main import main

    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed

    code = main(["report", "--demo", "--format", "html"])

    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith("slaclock: error: ")
    assert "pip install 'slaclock[report]'" in err
    assert "Traceback" not in err
