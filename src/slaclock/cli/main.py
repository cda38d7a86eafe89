"""The ``slaclock`` command line.

Exit codes (`conventions.EXIT_CODES`): 0 success; 1 the input is wrong (a policy file with
problems, events that cannot be evaluated); 2 the command cannot run as asked (a wrong
command line, or an input file that cannot be read, whichever it is). Errors go to standard
error, one line each, naming the file, the line where known, and the field; warnings too,
as ``slaclock: warning: …``.
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import IO, TYPE_CHECKING, Any, TextIO

from .._typing import TicketOrder
from ..errors import PolicyFileError, SlaclockError
from . import presets, report, review, statement
from .conventions import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    finish_parser,
    load_policy_file,
    one_line_warnings,
    parse_attrs,
    readable,
)
from .report import add_workers_option
from .tables import ledger_lines, metric_line, render, when, words

if TYPE_CHECKING:
    from ..calendar import BusinessCalendar
    from ..clock import FailedTicket, TicketStatus

# The engine and the policy loader are imported by the commands that use them, so that
# `slaclock --help` (and a usage error) costs little more than starting Python.

__all__ = ["main"]

#: The fixed instant the demo is evaluated at, so its output is the same on every machine.
DEMO_NOW = "2026-11-30T11:00:00+01:00"

_Usage = UsageError


# --------------------------------------------------------------------------- formatting


def _instant(text: str, option: str) -> datetime:
    import pendulum  # only the command line parses free-form instants

    try:
        value = pendulum.parse(text, tz=None, strict=False)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError) as exc:
        raise _Usage(
            f"{option}: cannot read {text!r} as an instant ({exc}); write e.g."
            " 2026-11-23T16:30+01:00"
        ) from None
    if not isinstance(value, datetime):
        raise _Usage(
            f"{option}: {text!r} is not a date and time; write e.g. 2026-11-23T16:30+01:00"
        )
    if value.tzinfo is None:
        raise _Usage(
            f"{option}: {text!r} has no UTC offset; add one (e.g. +01:00 or Z) so the instant is"
            " unambiguous"
        )
    return datetime.fromisoformat(value.isoformat())


def _rendered_here(
    statuses: Iterable[TicketStatus], render: Callable[[TicketStatus], str], failures: _Failures
) -> Iterator[str]:
    for status in statuses:
        try:
            yield render(status)
        except SlaclockError as exc:  # a ledger may still find a calendar problem
            failures.report(exc, status.ticket)


# --------------------------------------------------------------------------- commands


def _demo(args: argparse.Namespace) -> int:
    from ..clock import evaluate_jsonl
    from ..config import PolicySet

    now = _instant(args.now, "--now")
    from importlib import resources

    data = resources.files("slaclock").joinpath("data")
    policies = PolicySet.from_yaml(
        data.joinpath("demo_policy.yaml").read_text(encoding="utf-8"), source="demo_policy.yaml"
    )
    lines = data.joinpath("demo_tickets.jsonl").read_text(encoding="utf-8").splitlines()
    subjects = {
        json.loads(line)["ticket"]: json.loads(line)["attributes"].get("subject", "")
        for line in lines
        if '"created"' in line
    }
    print(f"slaclock demo — five sample tickets evaluated at {now:%a %d %b %Y %H:%M %z}")
    print("Calendar 'berlin-office': Mon–Fri 09:00–12:30 and 13:30–17:30 Europe/Berlin,")
    print("Berlin public holidays; P1 targets run 24x7. (Move the clock with --now.)\n")
    for status in evaluate_jsonl(policies, lines, now):
        subject = subjects.get(status.ticket or "", "")
        policy = status.policy.name if status.policy else "no policy"
        priority = (
            status.metrics[0].current.priority
            if status.metrics and status.metrics[0].current
            else "?"
        )
        print(f"  {status.ticket}: {subject}  [{policy}, {priority}]")
        for metric in status.metrics:
            print(metric_line(metric))
            if metric.state in ("breached", "paused") or (
                status.ticket == "friday-evening" and metric.metric == "first_response"
            ):
                for line in ledger_lines(metric, limit=7):
                    print(line)
        if status.next_change_at is not None:
            print(f"    → wake up at {when(status.next_change_at)} (next_change_at)")
        print()
    print("Try: slaclock due <policy.yaml> --priority P2 --created 2026-11-27T16:30+01:00")
    print("     slaclock evaluate <policy.yaml> <events.jsonl> --format json")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from ..config.lint import lint_policies

    readable(args.policy_file, "policy file")
    policies, warnings = lint_policies(args.policy_file)
    for warning in warnings:
        print(f"{warning.render(args.policy_file)}")
    if args.explain_presets:
        for line in presets.explain(policies):
            print(line)
    count = len(policies.policies)
    summary = f"{count} polic{'y' if count == 1 else 'ies'}, {len(policies.calendars)} calendar(s)"
    if not warnings:
        print(f"{args.policy_file}: ok — {summary}")
        return EXIT_OK
    plural = "" if len(warnings) == 1 else "s"
    print(f"{args.policy_file}: {len(warnings)} warning{plural} — {summary}")
    return EXIT_INVALID if args.strict else EXIT_OK


def _due(args: argparse.Namespace) -> int:
    from ..clock import evaluate
    from ..events import TicketEvent

    attrs = parse_attrs(args.attr or [])
    created = _instant(args.created, "--created")
    policies = load_policy_file(args.policy_file)
    event = TicketEvent.created(created, args.priority, attrs)
    status = evaluate(policies, [event], created)
    if args.format == "json":
        print(json.dumps(status.to_dict(ledger=False), indent=2))
        return EXIT_OK
    print(f"{status.reasons[-1]}")
    for metric in status.metrics:
        target = metric.target
        if metric.state == "pending" or target is None:
            print(f"  {metric.metric:<16} starts later (armed by an event)")
        elif metric.due_at is None:
            print(f"  {metric.metric:<16} paused from creation: no deadline while paused")
        else:
            print(
                f"  {metric.metric:<16} due {metric.due_at:%a %d %b %Y %H:%M %z}"
                f"  ({target.describe()})"
            )
    return EXIT_OK


def _progress(stream: TextIO) -> Any:
    count = 0

    def tick() -> None:
        nonlocal count
        count += 1
        if count % 1000 == 0:
            print(f"\r  {count:,} tickets evaluated…", end="", file=stream, flush=True)

    def done() -> None:
        print(f"\r  {count:,} tickets evaluated.      ", file=stream, flush=True)

    return tick, done


class _Failures:
    """Tickets that could not be evaluated: reported to standard error as they come (with
    --keep-going) or raised (without)."""

    def __init__(self, source: str, keep_going: bool) -> None:
        self.source = source
        self.keep_going = keep_going
        self.count = 0

    def report(self, exc: SlaclockError, ticket: str | None = None) -> None:
        if exc.ticket is None and ticket is not None:
            exc.ticket = ticket
        if not self.keep_going:
            raise _BatchError(report.batch_error(self.source, exc)) from exc
        self.count += 1
        print(f"slaclock: error: {report.batch_error(self.source, exc)}", file=sys.stderr)

    def statuses(self, results: Iterable[TicketStatus | FailedTicket]) -> Iterator[TicketStatus]:
        from ..clock import FailedTicket

        for item in results:
            if isinstance(item, FailedTicket):
                self.report(item.error)
            else:
                yield item


class _BatchError(Exception):
    """A ticket in a batch that could not be evaluated (exit 1), its message complete."""


def _evaluate(args: argparse.Namespace) -> int:
    if args.cycles and args.format == "table":
        raise _Usage(
            "--cycles adds every cycle to json and jsonl output; the table shows the current"
            " one: drop --cycles, or use --format json"
        )
    now = _instant(args.now, "--now")
    if args.events != "-":
        readable(args.events, "events file")
    policies = load_policy_file(args.policy_file)
    handle: IO[str]
    if args.events == "-":
        handle = sys.stdin
    else:
        try:
            handle = open(args.events, encoding="utf-8")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise _Usage(f"{args.events}: cannot read the events file: {exc.strerror}") from None
    show_progress = sys.stderr.isatty() and args.format != "table"
    tick, done = _progress(sys.stderr)
    source = "<stdin>" if args.events == "-" else args.events
    failures = _Failures(source, args.keep_going)
    from .. import batch  # the pool machinery loads only for this command
    from ..clock import FailedTicket

    # Ledgers (and the list of each metric's cycles) only when asked: a ledger costs more
    # than the evaluation, and a batch rarely reads it. A single ticket's table shows it.
    ledger, cycles = args.ledger, args.ledger or args.cycles
    workers = batch.workers_for(None if args.events == "-" else args.events, args.workers)
    order: TicketOrder = "sorted" if args.sorted_tickets else "grouped"
    # Several workers read their own parts of a file; one reads the open handle.
    lines = args.events if workers > 1 and handle is not sys.stdin else handle
    write = _Document(sys.stdout.write, args.format == "json")
    try:
        texts: Iterable[str | FailedTicket]
        if args.format == "table" and not ledger:
            statuses = failures.statuses(
                batch.evaluate_jsonl(
                    policies, lines, now, workers=workers, errors="collect", ticket_order=order
                )
            )
            first = list(itertools.islice(statuses, 2))
            here = partial(render, form="table", ledger=len(first) < 2, cycles=False)
            texts = _rendered_here(itertools.chain(first, statuses), here, failures)
        else:
            rendering: Callable[[TicketStatus], str]
            if args.format == "jsonl" and not ledger and not cycles:
                rendering = _summary_line  # the batch default: one call less per ticket
            else:
                rendering = partial(render, form=args.format, ledger=ledger, cycles=cycles)
            texts = batch.render_jsonl(
                policies, lines, now, rendering, workers=workers, ticket_order=order
            )
        out = sys.stdout.write if args.format != "json" else None
        for item in texts:
            if isinstance(item, FailedTicket):
                failures.report(item.error)
                continue
            if out is not None:  # a line a ticket, written straight through
                out(item + "\n")
            else:
                write(item)
            if show_progress:
                tick()
        if show_progress:
            done()
    finally:
        write.close()
        if handle is not sys.stdin:
            handle.close()
    if failures.count:
        print(
            f"slaclock: {failures.count} ticket(s) could not be evaluated (see above);"
            " the others were",
            file=sys.stderr,
        )
        return EXIT_INVALID
    return EXIT_OK


def _summary_line(status: TicketStatus) -> str:
    """A ticket's default JSON line (``--format jsonl`` without ledgers or cycles)."""
    return status.to_json(ledger=False, cycles=False)


class _Document:
    """Tickets written one a line (jsonl, table), or as one JSON array (json): the array is
    closed however the loop ends, so what was written is one document."""

    def __init__(self, write: Callable[[str], object], array: bool) -> None:
        self._write, self._array, self._count = write, array, 0

    def __call__(self, text: str) -> None:
        if self._array:
            text = ("[\n" if self._count == 0 else ",\n") + "\n".join(
                "  " + line for line in text.splitlines()
            )
        else:
            text += "\n"
        self._write(text)
        self._count += 1

    def close(self) -> None:
        if self._array:
            self._write("[]\n" if self._count == 0 else "\n]\n")
            self._array = False


def _which_calendar(policy_file: str | None, name: str) -> BusinessCalendar:
    """The calendar NAME stands for, as a policy's ``calendar:`` reads it (a calendar of the
    file, or ``24x7``), or an inline calendar written as in ``calendars:``."""
    from ..calendar import BusinessCalendar

    known = {} if policy_file is None else dict(load_policy_file(policy_file).calendars)
    if name in known:
        return known[name]
    if name.strip().lower() in ("24x7", "24/7", "always"):
        return BusinessCalendar.always()
    if name.lstrip().startswith("{"):
        import yaml

        try:
            spec = yaml.safe_load(name)
        except yaml.YAMLError as exc:
            raise _Usage(f"NAME: cannot read the inline calendar as YAML: {exc}") from None
        return BusinessCalendar.from_config(spec, name="inline", known=known, field="calendar")
    where = f"{policy_file} defines: {', '.join(sorted(known)) or 'none'}; " if policy_file else ""
    raise _Usage(
        f"NAME: no calendar {name!r}; {where}give a calendar of a policy file, 24x7, or an"
        " inline calendar such as '{timezone: Europe/Berlin, hours: {mon-fri: [09:00-17:00]}}'"
    )


def _calendar(args: argparse.Namespace) -> int:
    calendar = _which_calendar(args.policy_file, args.name)
    start = _instant(args.start, "--from")
    end = _instant(args.end, "--to")
    if end <= start:
        raise _Usage("--to must be after --from")
    print(
        f"calendar {args.name!r} ({calendar.timezone}),"
        f" {start:%Y-%m-%d %H:%M} → {end:%Y-%m-%d %H:%M}"
    )
    total = timedelta(0)
    for a, b in calendar.open_intervals(start, end):
        total += b - a
        print(f"  open  {a:%a %Y-%m-%d %H:%M} → {b:%a %H:%M %Z}  ({words(b - a)})")
    closed = calendar.holidays_between(
        start.astimezone(calendar.zone).date(), end.astimezone(calendar.zone).date()
    )
    for day, label in closed.items():
        print(f"  closed {day:%a %Y-%m-%d}: {label}")
    for closure in calendar.closures:
        print(
            f"  closure rule: {closure.describe()}"
            + (f" ({closure.reason})" if closure.reason else "")
        )
    print(f"  total open time: {words(total)}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from ..config import policy_schema

    print(json.dumps(policy_schema(), indent=2))
    return EXIT_OK


# --------------------------------------------------------------------------- wiring


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse exits 2 with usage; keep one line
        self.print_usage(sys.stderr)
        print(f"slaclock: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (it costs a package
    metadata read that ``--help`` should not pay)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        import slaclock

        print(f"slaclock {getattr(slaclock, '__version__')}")  # noqa: B009 - a lazy module name
        parser.exit(0)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="slaclock",
        description="The SLA clock for ticketing systems: deadlines, pauses, breaches and why.",
    )
    parser.add_argument("--version", action=_Version, help="print the version and exit")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = sub.add_parser("demo", help="evaluate sample tickets on an embedded policy")
    demo.add_argument("--now", default=DEMO_NOW, help=f"the instant to evaluate at ({DEMO_NOW})")
    demo.set_defaults(run=_demo)

    check = sub.add_parser(
        "check",
        help="validate a policy file, and warn of what loads but cannot be meant",
        description="Load a policy file and report its errors; then warn of mistakes that load"
        " fine: a policy that can never be chosen, a calendar nothing uses, a pause rule or"
        " custom metric that measures nothing, a pause on an event with no resume.",
    )
    check.add_argument("policy_file", help="policy file (YAML, JSON or TOML)")
    check.add_argument("--strict", action="store_true", help="exit 1 when there are warnings")
    check.add_argument(
        "--explain-presets", action="store_true", help="print what each policy's preset sets"
    )
    check.set_defaults(run=_check)

    due = sub.add_parser(
        "due",
        help="the deadlines a new ticket gets",
        description="The policy a new ticket gets (and why) and, per metric, its deadline.",
    )
    due.add_argument("policy_file", help="policy file (YAML, JSON or TOML)")
    due.add_argument("--priority", required=True, help="the ticket's priority, e.g. P2 (required)")
    due.add_argument(
        "--created",
        required=True,
        metavar="INSTANT",
        help="the creation instant, with its UTC offset (required)",
    )
    due.add_argument(
        "--attr",
        action="append",
        metavar="KEY=VALUE",
        help="a ticket attribute for the policies' match (repeatable); KEY=VALUE is text,"
        " KEY:=JSON a JSON value (vip:=true, seats:=3, note:=null)",
    )
    due.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="a table for people (default) or one JSON object",
    )
    due.set_defaults(run=_due)

    ev = sub.add_parser(
        "evaluate",
        help="evaluate tickets' events (JSON lines)",
        description="Evaluate every ticket of a JSON-lines events file at --now: per metric its"
        " state, deadline, business time used and left, and when anything changes next.",
    )
    ev.add_argument("policy_file", help="policy file (YAML, JSON or TOML)")
    ev.add_argument("events", help="JSON-lines file, or - for standard input")
    ev.add_argument(
        "--now",
        required=True,
        metavar="INSTANT",
        help="the instant to evaluate at, with its UTC offset (required: slaclock never reads"
        " the machine's clock)",
    )
    ev.add_argument(
        "--format",
        choices=("table", "json", "jsonl"),
        default="jsonl",
        help="jsonl: one JSON object per ticket per line (default); json: one JSON array of"
        " the tickets; table: a summary for people",
    )
    ev.add_argument(
        "--ledger",
        action="store_true",
        help="add each metric's cycles and ledger to json/jsonl output, and the ledger to"
        " the table of a batch (a single ticket's table shows it anyway)",
    )
    ev.add_argument(
        "--cycles",
        action="store_true",
        help="add each metric's cycles to json/jsonl output (refused with --format table)",
    )
    # The default since ledgers are asked for with --ledger; still accepted.
    ev.add_argument("--no-ledger", action="store_true", help=argparse.SUPPRESS)
    ev.add_argument(
        "--keep-going",
        action="store_true",
        help="report each ticket that cannot be evaluated (file, line, reason) and evaluate"
        " the rest; exit 1 if any failed",
    )
    ev.add_argument("--sorted-tickets", action="store_true", help=report.SORTED_TICKETS_HELP)
    add_workers_option(ev)
    ev.set_defaults(run=_evaluate)

    cal = sub.add_parser(
        "calendar",
        help="show a calendar's open hours over a range",
        description="List a calendar's open periods between two instants, the holidays and"
        " closures in that range, and the total open time. NAME is what a policy's"
        " 'calendar:' accepts (a calendar of POLICY_FILE, or 24x7), or a calendar written"
        " inline as in 'calendars:'.",
    )
    cal.add_argument(
        "policy_file", nargs="?", help="policy file whose calendars NAME may name (optional)"
    )
    cal.add_argument(
        "name",
        metavar="NAME",
        help="a calendar of POLICY_FILE, 24x7, or an inline calendar '{timezone: ..., hours: ...}'",
    )
    cal.add_argument(
        "--from", dest="start", required=True, metavar="INSTANT", help="start (required)"
    )
    cal.add_argument("--to", dest="end", required=True, metavar="INSTANT", help="end (required)")
    cal.set_defaults(run=_calendar)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of policy files",
        description="Print the JSON Schema (draft 2020-12) of policy files, for editors that"
        " check YAML as it is typed.",
    )
    schema.set_defaults(run=_schema)

    statement.add_parser(sub)
    report.add_parser(sub)
    review.add_parsers(sub)
    presets.add_parser(sub)
    finish_parser(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    for stream in (sys.stdout, sys.stderr):
        # Text from the input (a ticket id with a lone surrogate) must not crash the output.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    parser = _parser()
    if not (sys.argv[1:] if argv is None else argv):
        # The bare command: the whole help, on standard output (exit 2: no command given).
        parser.print_help(sys.stdout)
        return EXIT_USAGE
    args = parser.parse_args(argv)
    try:
        with one_line_warnings():
            code: int = args.run(args)
    except _Usage as exc:
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except _BatchError as exc:
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except PolicyFileError as exc:
        for problem in exc.problems:
            print(f"slaclock: error: {problem.render(exc.source)}", file=sys.stderr)
        return EXIT_INVALID
    except SlaclockError as exc:
        print(f"slaclock: error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:  # pragma: no cover - e.g. piped into `head`
        return EXIT_OK
    return code
