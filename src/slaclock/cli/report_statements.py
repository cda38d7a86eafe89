"""``slaclock report --format html --statement PERIOD``: contract statements in the HTML page.

The contracts come from the same policy file as the report's policies (with ``--demo``, the
demo contract, its outages and the demo tickets); tickets are evaluated at the report's
``--now``, so the statement's ticket objectives are the report's figures.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .conventions import UsageError

if TYPE_CHECKING:
    from datetime import datetime

    from ..contracts.statement import Statement

__all__ = ["add_arguments", "statements"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``slaclock report`` that add statements."""
    parser.add_argument(
        "--statement",
        action="append",
        default=[],
        metavar="PERIOD",
        help="with --format html: add the statements of the file's contracts for PERIOD"
        " (2026-11 or 2026-Q4; repeatable)",
    )
    parser.add_argument(
        "--outages",
        action="append",
        default=[],
        metavar="FILE",
        help="outages (JSON lines) for --statement (repeatable)",
    )


def _text(path: str, what: str) -> str:
    try:
        from pathlib import Path

        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror}") from None


def statements(args: argparse.Namespace, now: datetime) -> list[Statement]:
    """The statements ``--statement`` asks for, every contract in effect in each period.

    Raises:
        ValueError: a period that is not written like 2026-11 or 2026-Q4, or events on stdin.
    """
    from ..contracts.contract_set import ContractSet, load_contracts
    from ..contracts.outages import read_outages
    from ..events import read_jsonl

    outage_texts: list[tuple[str, str]]
    if args.demo:
        from importlib import resources

        data = resources.files("slaclock").joinpath("data")
        contracts = ContractSet.from_yaml(
            data.joinpath("demo_contract.yaml").read_text("utf-8"), source="demo_contract.yaml"
        )
        outage_texts = [
            ("demo_outages.jsonl", data.joinpath("demo_outages.jsonl").read_text("utf-8"))
        ]
        events = data.joinpath("demo_tickets.jsonl").read_text("utf-8")
    else:
        if args.events == "-":
            raise ValueError("--statement reads the events twice: give a file, not -")
        contracts = load_contracts(args.policy_file)
        outage_texts = [(f, _text(f, "outages file")) for f in args.outages]
        events = _text(args.events, "events file")
    outages: list[Any] = []
    for source, text in outage_texts:
        outages += read_outages(text.splitlines(), source=source, services=contracts.services)
    tickets = contracts.tickets(read_jsonl(events.splitlines()), now) if contracts.policies else []
    return [s for period in args.statement for s in contracts.statements(period, outages, tickets)]
