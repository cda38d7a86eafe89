"""``--workers N`` on the command line: the same output, the same error lines, the same exit
codes as one process."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import synthetic

from .conftest import write_tickets
from .test_local import bad_stream

NOW = "2025-03-01T12:00+01:00"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaclock", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "policy.yaml"
    path.write_text(yaml.safe_dump(synthetic.POLICY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tickets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tickets(tmp_path_factory.mktemp("cli") / "tickets.jsonl", 100)


@pytest.fixture(scope="module")
def bad_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "bad.jsonl"
    path.write_text("\n".join(bad_stream()) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("form", ["jsonl", "table"])
def test_evaluate_prints_the_same(policy_file: Path, tickets_file: Path, form: str) -> None:
    args: tuple[str, ...] = (
        *("evaluate", str(policy_file), str(tickets_file)),
        *("--now", NOW, "--format", form),
    )
    args += ("--no-ledger",) if form == "jsonl" else ()
    one = run(*args, "--workers", "1")
    two = run(*args, "--workers", "2")

    assert (0, "") == (one.returncode, one.stderr)
    assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)
    shown = re.findall(r"^(?:\{\"ticket\": \"|  )(T\d+)", one.stdout, re.MULTILINE)
    assert [f"T{n:07d}" for n in range(100)] == shown


def test_keep_going_reports_every_bad_ticket_alike(policy_file: Path, bad_file: Path) -> None:
    args = ("evaluate", str(policy_file), str(bad_file), "--now", NOW, "--keep-going")
    one = run(*args, "--workers", "1")
    two = run(*args, "--workers", "2")

    assert 1 == one.returncode
    assert (one.returncode, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)
    assert f"{bad_file}:4: ticket 'g1'" in two.stderr
    assert f"{bad_file}:9: ticket 'naive'" in two.stderr
    # g1 (malformed), no-created, naive, the nameless line, g0 and g3 again; the 11 others.
    assert 6 == two.stderr.count("slaclock: error:")
    assert 11 == two.stdout.count("\n")


def test_without_keep_going_the_first_error_alike(policy_file: Path, bad_file: Path) -> None:
    args = ("evaluate", str(policy_file), str(bad_file), "--now", NOW)
    one = run(*args, "--workers", "1")
    two = run(*args, "--workers", "2")

    assert (1, one.stdout, one.stderr) == (two.returncode, two.stdout, two.stderr)


def test_report_prints_the_same(policy_file: Path, tickets_file: Path) -> None:
    args = ("report", str(policy_file), str(tickets_file), "--now", NOW, "--by", "tier")
    one = run(*args, "--format", "json", "--workers", "1")
    two = run(*args, "--format", "json", "--workers", "2")

    assert 0 == one.returncode, one.stderr
    assert (one.stdout, one.stderr) == (two.stdout, two.stderr)


def test_a_wrong_number_of_workers_is_a_usage_error(policy_file: Path, bad_file: Path) -> None:
    result = run("evaluate", str(policy_file), str(bad_file), "--now", NOW, "--workers", "0")

    assert 2 == result.returncode
    assert "--workers: expected a whole number of at least 1, got '0'" in result.stderr
