"""Shared inputs of the scale-out tests: the benchmarks' synthetic tickets, as files."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import synthetic
from slaclock.config import PolicySet

#: Evaluated shortly after the synthetic tickets' first months: open, met and breached alike.
NOW = datetime.fromisoformat("2025-03-01T12:00+01:00")


@pytest.fixture(scope="session")
def policies() -> PolicySet:
    return synthetic.policies()


def write_tickets(path: Path, count: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for line in synthetic.jsonl(count, seed):
            out.write(line + "\n")
    return path


@pytest.fixture(scope="session")
def tickets_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic tickets (about 3,000 lines) created from January 2025 on."""
    return write_tickets(tmp_path_factory.mktemp("batch") / "tickets.jsonl", 300)
