"""``slaclock statement``: what a contract's customer is owed for a period, and why."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..errors import SlaclockError
from .conventions import EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, readable
from .report import batch_error

if TYPE_CHECKING:
    from ..contracts.outages import Outage
    from ..events import TicketLines

__all__ = ["add_parser", "run"]

DEMO_PERIOD = "2026-11"


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``statement`` command to the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "statement",
        help="a contract's statement for a period: levels, credits, earn-back, total owed",
        description="The statement of each contract in effect (or of --contract) for a month"
        " or a quarter: every objective's level, the tier reached, credits, caps, earn-back"
        " and the total owed, with the ledger.",
    )
    p.add_argument("policy_file", nargs="?", help="policy file with services: and contracts:")
    p.add_argument(
        "--outages",
        action="append",
        default=[],
        metavar="FILE",
        help="outages as JSON lines (repeat for several files)",
    )
    p.add_argument(
        "--events", metavar="FILE", help="ticket events (JSON lines) for ticket objectives"
    )
    p.add_argument(
        "--period",
        help="2026-11 for a month, 2026-Q4 for a quarter (required unless --demo)",
    )
    p.add_argument(
        "--contract",
        metavar="NAME",
        help="one contract's statement (default: every contract in effect)",
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "html"),
        default="table",
        help="text table, JSON, or an HTML fragment per statement",
    )
    p.add_argument(
        "--demo", action="store_true", help="the embedded demo contract, outages and tickets"
    )
    p.set_defaults(run=run)
    return p


def _read(path: str, what: str) -> list[str]:
    try:
        from pathlib import Path

        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror}") from None


def _place(exc: SlaclockError, groups: list[TicketLines]) -> None:
    """Give an error about a ticket the line of the event at fault (or of the ticket)."""
    if exc.line is not None:
        return
    position = exc.ticket_position
    if exc.ticket is not None:
        position = next((i for i, g in enumerate(groups) if g.ticket == exc.ticket), None)
    if position is None or not 0 <= position < len(groups):
        return
    group = groups[position]
    index = getattr(exc, "event", None)
    if isinstance(index, int) and 0 <= index < len(group.lines):
        exc.line = group.lines[index]
    else:
        exc.line = group.first_line


def run(args: argparse.Namespace) -> int:
    """Run ``slaclock statement``; returns the exit code."""
    # The contract layer (pydantic shapes, the clock) loads only when this command runs, so
    # `slaclock --help` and the other commands do not pay for it.
    from ..contracts.contract_set import ContractSet, load_contracts
    from ..contracts.outages import read_outages
    from ..contracts.periods import Period
    from ..contracts.render import render_html, render_table
    from ..events import read_ticket_lines

    if args.demo:
        from importlib import resources

        data = resources.files("slaclock").joinpath("data")
        text = data.joinpath("demo_contract.yaml").read_text(encoding="utf-8")
        contracts = ContractSet.from_yaml(text, source="demo_contract.yaml")
        outage_sets = [
            ("demo_outages.jsonl", data.joinpath("demo_outages.jsonl").read_text("utf-8"))
        ]
        events: list[str] | None = (
            data.joinpath("demo_tickets.jsonl").read_text(encoding="utf-8").splitlines()
        )
        period = args.period or DEMO_PERIOD
    else:
        if args.policy_file is None or args.period is None:
            print("slaclock: error: give a policy file and --period (or --demo)", file=sys.stderr)
            return EXIT_USAGE
        for path in (args.policy_file, *args.outages, *([args.events] if args.events else [])):
            readable(path, "policy file" if path == args.policy_file else "input file")
        outage_sets = [(f, "\n".join(_read(f, "outages file"))) for f in args.outages]
        events = _read(args.events, "events file") if args.events else None
        contracts = load_contracts(args.policy_file)
        period = str(args.period)
    outages: list[Outage] = []
    for source, text in outage_sets:
        outages += read_outages(text.splitlines(), source=source, services=contracts.services)
    names = [args.contract] if args.contract else list(contracts.names)
    try:
        for name in names:
            first = contracts.versions(name)[0]
            Period.parse(period, first.period, first.timezone)
    except ValueError as exc:
        print(f"slaclock: error: --period: {exc}", file=sys.stderr)
        return EXIT_USAGE
    tickets = []
    if events is not None:
        first = contracts.versions(names[0])[0]
        end = Period.parse(period, first.period, first.timezone).end
        source = args.events or "demo_tickets.jsonl"
        groups = []
        try:
            for group in read_ticket_lines(events):
                if group.error is not None:
                    raise group.error
                groups.append(group)
            tickets = contracts.tickets([(g.ticket, g.events) for g in groups], end)
        except SlaclockError as exc:
            _place(exc, groups)
            if exc.line is None:
                raise
            print(f"slaclock: error: {batch_error(source, exc)}", file=sys.stderr)
            return EXIT_INVALID
    if args.contract:
        statements = [contracts.statement(args.contract, period, outages, tickets)]
    else:
        statements = contracts.statements(period, outages, tickets)
    if not statements:
        print(f"no contract is in effect in {period}", file=sys.stderr)
        return EXIT_INVALID
    if args.format == "json":
        payload = [s.model_dump(mode="json") for s in statements]
        print(json.dumps(payload[0] if args.contract else payload, indent=2, ensure_ascii=False))
    elif args.format == "html":
        print("\n".join(render_html(s) for s in statements))
    else:
        print("\n\n".join(render_table(s) for s in statements))
    return EXIT_OK
