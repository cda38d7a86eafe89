"""``slaclock report``: compliance figures over an events file, as a table, JSON, CSV or HTML.

The command line module calls `add_parser` to register the subcommand; `run` does the work
and returns the exit code (0 ok, 1 invalid input, 2 a wrong command line).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any, get_args

from .._typing import Period, TicketOrder
from ..errors import SlaclockError
from .conventions import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    load_policy_file,
    readable,
    write_output,
)
from .report_statements import add_arguments as add_statement_arguments
from .report_statements import statements

if TYPE_CHECKING:
    from fractions import Fraction

    from ..config import PolicySet
    from ..report.aggregate import ComplianceReport
    from ..report.options import ReportOptions

__all__ = ["DEMO_NOW", "add_parser", "run"]

#: The instant ``slaclock report --demo`` evaluates the embedded sample tickets at.
DEMO_NOW = "2026-11-30T11:00:00+01:00"

_USAGE = EXIT_USAGE
SORTED_TICKETS_HELP = (
    "the events file is sorted by ticket id (code-point order, as LC_ALL=C sort): memory stays"
    " flat however many tickets; a ticket out of that order is an error"
)
_INVALID = EXIT_INVALID
_Usage = UsageError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``report`` on the ``slaclock`` command's subparsers."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "report",
        help="compliance report over tickets' events (attainment, percentiles, breaches)",
        description=(
            "Evaluate every ticket of a JSON-lines events file at --now and report, per metric"
            " and period, tickets met, breached, running, paused and cancelled, attainment"
            " against the target, business time used (median, p90, p95, max, mean), breach"
            " overrun, tickets at risk and the worst breaches."
        ),
    )
    parser.add_argument("policy_file", nargs="?", help="policy file (YAML, JSON or TOML)")
    parser.add_argument("events", nargs="?", help="JSON-lines events file, or - for stdin")
    parser.add_argument(
        "--demo",
        action="store_true",
        help=f"use the embedded demo policy and tickets (evaluated at {DEMO_NOW})",
    )
    parser.add_argument(
        "--now",
        metavar="INSTANT",
        help="the instant to evaluate at, with its UTC offset (required unless --demo)",
    )
    parser.add_argument(
        "--period",
        choices=(*get_args(Period), "none"),  # not report.PERIODS: --help imports no pydantic
        default="month",
        help="reporting period (default month)",
    )
    parser.add_argument(
        "--tz",
        metavar="ZONE",
        help="IANA zone of the periods (default: the first policy's calendar zone)",
    )
    parser.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="DIMENSION",
        help="also group by priority, policy or a ticket attribute (repeat or comma-separate)",
    )
    parser.add_argument(
        "--period-by",
        choices=("decided", "created"),
        default="decided",
        help="a ticket counts in the period its metric was decided (default) or created",
    )
    parser.add_argument(
        "--open-tickets",
        choices=("exclude", "count_as_met"),
        default="exclude",
        help="running and paused tickets: left out of attainment (default) or met so far",
    )
    parser.add_argument(
        "--next-response-misses",
        choices=("per_wait", "per_message"),
        default="per_wait",
        help="missed next responses counted once per breached wait (default) or once per"
        " customer message left unanswered past the target",
    )
    parser.add_argument(
        "--target", metavar="PCT", default="95%", help="attainment target (default 95%%)"
    )
    parser.add_argument(
        "--warn-at",
        metavar="PCT",
        default="75%",
        help="at risk from this share of the budget (default 75%%)",
    )
    parser.add_argument(
        "--customer-attribute",
        metavar="NAME",
        default="customer",
        help="the ticket attribute charted as customer (default customer)",
    )
    parser.add_argument("--sorted-tickets", action="store_true", help=SORTED_TICKETS_HELP)
    parser.add_argument(
        "--keep", type=int, metavar="N", default=10, help="worst and at-risk tickets listed (10)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv", "html"),
        default="table",
        help="a table for people (default), one JSON document, CSV, or one HTML page",
    )
    parser.add_argument(
        "-o",
        "--output",
        help="write to this file (csv: a directory gets every table as its own file)",
    )
    add_statement_arguments(parser)
    add_workers_option(parser)
    parser.set_defaults(run=run)
    return parser


def _workers(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def add_workers_option(parser: argparse.ArgumentParser) -> None:
    """``--workers N``: processes to evaluate on (default: every core for a large file)."""
    parser.add_argument(
        "--workers",
        type=_workers,
        metavar="N",
        help="processes to evaluate on (default: every core for a file of 64 MiB or more,"
        " otherwise one); the output is the same, in the same order",
    )


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Usage(
            f"--now: cannot read {text!r} as an instant; write e.g. 2026-11-30T17:00+01:00"
        ) from None
    if value.tzinfo is None:
        raise _Usage(f"--now: {text!r} has no UTC offset; add one (e.g. +01:00 or Z)")
    return value


def _percent(text: str, option: str) -> Fraction:
    from fractions import Fraction

    try:
        return Fraction(text.strip().removesuffix("%"))
    except (ValueError, ZeroDivisionError):
        raise _Usage(f"{option}: cannot read {text!r} as a percentage; write e.g. 99.5%") from None


def _progress() -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def tick(done: int) -> None:
        if done % 1000 == 0:
            print(f"\r  {done:,} tickets evaluated…", end="", file=sys.stderr, flush=True)

    return tick


def _inputs(args: argparse.Namespace) -> tuple[PolicySet, Iterable[str], datetime, IO[str] | None]:
    from ..config import PolicySet

    if args.demo:
        from importlib import resources

        data = resources.files("slaclock").joinpath("data")
        policies = PolicySet.from_yaml(
            data.joinpath("demo_policy.yaml").read_text(encoding="utf-8"),
            source="demo_policy.yaml",
        )
        lines = data.joinpath("demo_tickets.jsonl").read_text(encoding="utf-8").splitlines()
        return policies, lines, _instant(args.now or DEMO_NOW), None
    if not args.policy_file or not args.events:
        raise _Usage("give a policy file and an events file (or --demo)")
    if not args.now:
        raise _Usage("--now is required: slaclock never reads the machine's clock by itself")
    now = _instant(args.now)
    if args.events != "-":
        readable(args.events, "events file")
    policies = load_policy_file(args.policy_file)
    if args.events == "-":
        return policies, sys.stdin, now, None
    try:
        handle = open(args.events, encoding="utf-8")  # noqa: SIM115 - closed by run
    except OSError as exc:
        raise _Usage(f"{args.events}: cannot read the events file: {exc.strerror}") from None
    return policies, handle, now, handle


def _options(args: argparse.Namespace, policies: PolicySet) -> ReportOptions:
    from ..report.options import ReportOptions

    period = None if args.period == "none" else args.period
    extra = [name.strip() for item in args.by for name in item.split(",") if name.strip()]
    by = ["metric"] + (["period"] if period else [])
    by += [name for name in extra if name not in by]
    zone = args.tz or policies.policies[0].calendar.timezone
    try:
        return ReportOptions(
            timezone=zone,
            period=period,
            by=tuple(by),
            period_by=args.period_by,
            open_tickets=args.open_tickets,
            next_response_misses=args.next_response_misses,
            attainment_target=_percent(args.target, "--target"),
            warn_at=_percent(args.warn_at, "--warn-at"),
            customer_attribute=args.customer_attribute or None,
            keep=args.keep,
        )
    except ValueError as exc:
        raise _Usage(str(exc)) from None


def _render(result: ComplianceReport, args: argparse.Namespace) -> str | None:
    """The output text, or None when it was written as files already."""
    if args.statement and args.format != "html":
        raise _Usage("--statement adds statements to the HTML page: use --format html")
    data = result.to_data()
    if args.format == "json":
        return data.model_dump_json(indent=2) + "\n"
    if args.format == "html":
        from ..report.htmlpage import html_report

        found = []
        if args.statement and result.now is not None:
            try:
                found = statements(args, result.now)
            except ValueError as exc:
                raise _Usage(f"--statement: {exc}") from None
        return html_report(result, statements=found)
    from pathlib import Path

    from ..report.tables import csv_tables, text_table, write_csv

    if args.format == "csv":
        if args.output and (args.output.endswith("/") or Path(args.output).is_dir()):
            for path in csv_tables(data, Path(args.output)):
                print(f"wrote {path}", file=sys.stderr)
            return None
        return write_csv(data)
    return text_table(data)


def batch_error(source: str, exc: SlaclockError) -> str:
    """``events.jsonl:4: ticket 'b': event 1: reason`` (the parts that are known)."""
    where = source if exc.line is None else f"{source}:{exc.line}"
    if exc.ticket is not None:
        where += f": ticket {exc.ticket!r}"
    elif exc.ticket_position is not None:
        where += f": ticket #{exc.ticket_position}"
    path = exc.shown_path or exc.path
    return f"{where}: {path}: {exc.message}" if path else f"{where}: {exc.message}"


def _path(args: argparse.Namespace) -> str | None:
    return None if args.demo or args.events in (None, "-") else str(args.events)


def run(args: argparse.Namespace) -> int:
    """Run ``slaclock report``; returns the exit code."""
    # The report layer loads only when this command runs (`slaclock --help` stays light).
    from pathlib import Path

    from .. import batch
    from ..report.build import report_jsonl

    handle: IO[str] | None = None
    try:
        if args.output and args.format != "csv" and Path(args.output).is_dir():
            raise _Usage(
                f"-o {args.output}: a directory takes each table as its own file with"
                f" --format csv; give a file name for --format {args.format}"
            )
        if args.outages and not args.statement:
            raise _Usage(
                "--outages is read for the contract statements of --statement: add"
                " --statement PERIOD (with --format html), or drop --outages"
            )
        for path in args.outages:
            readable(path, "outages file")
        policies, lines, now, handle = _inputs(args)
        options = _options(args, policies)
        order: TicketOrder = "sorted" if args.sorted_tickets else "grouped"
        workers = 1 if args.demo else batch.workers_for(_path(args), args.workers)
        progress = _progress() if workers == 1 else None
        try:
            if workers == 1:
                result = report_jsonl(
                    policies, lines, now, options, progress=progress, ticket_order=order
                )
            else:
                # Several workers read their own parts of a file; standard input is cut here.
                path = _path(args)
                source = lines if path is None else path
                result = batch.report_jsonl(
                    policies, source, now, options, workers=workers, ticket_order=order
                )
        except SlaclockError as exc:
            if exc.line is None:
                raise
            name = "demo_tickets.jsonl" if args.demo else args.events
            print(f"slaclock: error: {batch_error(name, exc)}", file=sys.stderr)
            return _INVALID
        if progress is not None:
            print(f"\r  {result.tickets:,} tickets evaluated.      ", file=sys.stderr)
        text = _render(result, args)
    except _Usage as exc:
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return _USAGE
    except ImportError as exc:  # an optional extra that is not installed says which
        if "pip install" not in str(exc):
            raise
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return _USAGE
    finally:
        if handle is not None:
            handle.close()
    if text is None:
        return EXIT_OK
    if args.output:
        write_output(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK
