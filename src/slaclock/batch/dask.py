"""Tickets on a Dask cluster (the ``slaclock[dask]`` extra): events in a Dask data frame or
bag, results as a Dask data frame, compliance reports merged from the partitions.

Events are rows of four columns: ``ticket``, ``event`` (the event as its JSON line), and the
``file`` and ``line`` it was read from (`read_jsonl`, `read_parquet`). A ticket's events may
lie in several files: `evaluate` groups them with Dask's own shuffle on ``ticket``, and keeps
each ticket's events in the order of the files given, then of their lines. The policy set
travels to each worker once (one task's result, held there), and each worker builds its
calendars' tables once. The same code runs on a `distributed.LocalCluster` and on any
scheduler's address: only the `distributed.Client` differs.

A ticket that cannot be evaluated becomes one row with ``error``, ``error_file`` and
``error_line`` set, in the words one process uses; a line that names no ticket is a row of
its own. Nothing is dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from typing import Any

try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
except ImportError as exc:  # pragma: no cover - the extra is not installed
    raise ImportError("slaclock.batch.dask needs Dask: pip install 'slaclock[dask]'") from exc

from ..clock import FailedTicket, evaluate_jsonl, evaluate_many
from ..config import PolicySet
from ..errors import SlaclockError, TimelineError
from ..events import TicketEvent, read_ticket_lines
from ..policy import SlaPolicy
from ..report.aggregate import ComplianceReport, merge
from ..report.build import report as report_tickets
from ..report.options import ReportOptions
from .rows import COLUMNS, rows_of
from .split import ticket_named

__all__ = [
    "EVENT_COLUMNS",
    "evaluate",
    "evaluate_bag",
    "read_jsonl",
    "read_parquet",
    "report",
]

#: The columns of an events data frame, and their pandas types.
EVENT_COLUMNS: dict[str, str] = {
    "ticket": "string",
    "event": "string",
    "file": "string",
    "order": "int64",  # the file's place among the files read
    "line": "int64",
}

# A line that is not JSON may still say which ticket it belongs to.
_TICKET = re.compile(r'"ticket"\s*:\s*("(?:[^"\\]|\\.)*")')


def _ticket(line: str) -> str | None:
    ticket = ticket_named(line)
    if ticket is not None:
        return ticket
    found = _TICKET.search(line)
    if found is None:
        return None
    try:
        text = json.loads(found[1])
    except ValueError:
        return None
    return text if isinstance(text, str) else None


def _events_meta() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in EVENT_COLUMNS.items()})


def _results_meta() -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype=kind) for name, kind in COLUMNS.items()})


def _read_file(path: str, order: int) -> pd.DataFrame:
    rows: dict[str, list[Any]] = {name: [] for name in EVENT_COLUMNS}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1:
                line = line.removeprefix("\ufeff")
            text = line.rstrip("\r\n")
            if not text.strip():
                continue
            rows["ticket"].append(_ticket(text))
            rows["event"].append(text)
            rows["file"].append(path)
            rows["order"].append(order)
            rows["line"].append(number)
    return pd.DataFrame(rows).astype(EVENT_COLUMNS)


def read_jsonl(paths: str | Sequence[str]) -> dd.DataFrame:
    """The events of JSON-lines files, one partition per file (split large inputs into
    files of a few hundred MB: each is read by one task)."""
    files = [paths] if isinstance(paths, str) else list(paths)
    parts = [dask.delayed(_read_file)(path, order) for order, path in enumerate(files)]
    return dd.from_delayed(parts, meta=_events_meta(), verify_meta=False)


def read_parquet(paths: str | Sequence[str]) -> dd.DataFrame:
    """The events of Parquet files holding the columns of `EVENT_COLUMNS` (as written by
    ``read_jsonl(...).to_parquet(...)``)."""
    frame = dd.read_parquet(paths, columns=list(EVENT_COLUMNS))
    return frame.astype(EVENT_COLUMNS)


# ---------------------------------------------------------------------- inside a worker


class _Rows:
    """One ticket's rows (or one line's that names no ticket), as plain lists."""

    __slots__ = ("events", "files", "lines", "orders")

    def __init__(self) -> None:
        self.events: list[str] = []
        self.files: list[str] = []
        self.lines: list[int] = []
        self.orders: list[int] = []


def _by_ticket(frame: pd.DataFrame) -> list[tuple[str | None, _Rows]]:
    """The partition's tickets, each with its rows in input order; then each line that names
    no ticket, alone."""
    frame = frame.sort_values(["order", "line"], kind="stable")
    tickets: dict[str, _Rows] = {}
    alone: list[tuple[str | None, _Rows]] = []
    columns = (frame[name].tolist() for name in ("ticket", "event", "file", "line", "order"))
    for ticket, event, file, line, order in zip(*columns, strict=True):
        if ticket is None or ticket is pd.NA:
            rows = _Rows()
            alone.append((None, rows))
        else:
            rows = tickets.get(ticket) or tickets.setdefault(ticket, _Rows())
        rows.events.append(event)
        rows.files.append(file)
        rows.lines.append(int(line))
        rows.orders.append(int(order))
    return [*tickets.items(), *alone]


def _evaluate_rows(policies: PolicySet, now: datetime, rows: _Rows) -> list[dict[str, Any]]:
    files = rows.files
    lines = rows.lines
    out: list[dict[str, Any]] = []
    for item in evaluate_jsonl(policies, rows.events, now, errors="collect"):
        if isinstance(item, FailedTicket):
            # Line numbers count the ticket's own lines: back to their files' lines.
            error = item.error
            at = None if error.line is None else error.line - 1
            error.line = None if at is None else lines[at]
            error.ticket_position = None
            error_file = None if at is None else files[at]
            out.extend(rows_of(item, files[0], lines[0], error_file))
        else:
            out.extend(rows_of(item, files[0], lines[0]))
    return out


def _evaluate_partition(frame: pd.DataFrame, policies: PolicySet, now: datetime) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    for _, rows in _by_ticket(frame):
        out.extend(_evaluate_rows(policies, now, rows))
    return pd.DataFrame(out, columns=list(COLUMNS)).astype(COLUMNS)


def _report_partition(
    frame: pd.DataFrame, policies: PolicySet, now: datetime, options: ReportOptions
) -> tuple[ComplianceReport, list[tuple[int, int, SlaclockError]]]:
    """The partition's report, and its tickets' problems as (file order, line, error)."""
    built = ComplianceReport(options)
    problems: list[tuple[int, int, SlaclockError]] = []
    for ticket, rows in _by_ticket(frame):
        lines = rows.lines
        try:
            events: list[TicketEvent] = []
            for group in read_ticket_lines(rows.events):
                if group.error is not None:
                    raise group.error
                events.extend(group.events)
            report_tickets(policies, [(ticket, events)], now, options, into=built)
        except SlaclockError as exc:
            # At the event at fault, as report_jsonl places it; a problem of the ticket as a
            # whole at its first line.
            if exc.line is not None:
                at = exc.line - 1
            elif isinstance(exc, TimelineError) and exc.event is not None:
                at = exc.event if 0 <= exc.event < len(lines) else 0
            else:
                at = 0
            exc.line = lines[at]
            if exc.ticket is None:
                exc.ticket = ticket
            exc.add_note(f"in {rows.files[at]}")
            problems.append((rows.orders[at], lines[at], exc))
    return built, problems


# ---------------------------------------------------------------------- on the client


def _policy_set(policies: PolicySet | SlaPolicy) -> PolicySet:
    return PolicySet((policies,), {}) if isinstance(policies, SlaPolicy) else policies


def evaluate(events: dd.DataFrame, policies: PolicySet | SlaPolicy, now: datetime) -> dd.DataFrame:
    """Every ticket of `events` evaluated at `now`: one row per ticket and metric (see
    `slaclock.batch.rows`), lazily; ``.compute()`` or ``.to_parquet()`` reads it.

    Rows come grouped by ticket, each ticket's metrics in their order, the tickets in no
    particular order: ``file`` and ``line`` say where each ticket's first line is.
    """
    shared = dask.delayed(_policy_set(policies), pure=True)
    grouped = events.shuffle("ticket")
    return grouped.map_partitions(
        _evaluate_partition, shared, now, meta=_results_meta(), align_dataframes=False
    )


def _evaluate_pairs(
    pairs: list[tuple[str | None, list[TicketEvent]]], policies: PolicySet, now: datetime
) -> pd.DataFrame:
    out: list[dict[str, Any]] = []
    for item in evaluate_many(policies, pairs, now, errors="collect"):
        out.extend(rows_of(item))
    return pd.DataFrame(out, columns=list(COLUMNS)).astype(COLUMNS)


def evaluate_bag(tickets: db.Bag, policies: PolicySet | SlaPolicy, now: datetime) -> dd.DataFrame:
    """Tickets held in a Dask bag as ``(ticket_id, events)`` pairs (each ticket whole in one
    element), evaluated into the rows of `evaluate`."""
    shared = dask.delayed(_policy_set(policies), pure=True)
    parts = [dask.delayed(_evaluate_pairs)(part, shared, now) for part in tickets.to_delayed()]
    return dd.from_delayed(parts, meta=_results_meta(), verify_meta=False)


def _merge(parts: list[tuple[ComplianceReport, list[tuple[int, int, SlaclockError]]]]) -> Any:
    problems = sorted((p for _, found in parts for p in found), key=lambda p: (p[0], p[1]))
    if problems:
        raise problems[0][2]
    return merge(*(built for built, _ in parts))


def report(
    events: dd.DataFrame,
    policies: PolicySet | SlaPolicy,
    now: datetime,
    options: ReportOptions,
) -> ComplianceReport:
    """The compliance report over every ticket of `events`: a report per partition, merged
    (exactly the report over all tickets). The first problem, by file and line, is raised
    (with its file in a note), as `slaclock.report.report_jsonl` raises it in one process."""
    shared = dask.delayed(_policy_set(policies), pure=True)
    grouped = events.shuffle("ticket")
    parts = [
        dask.delayed(_report_partition)(part, shared, now, options) for part in grouped.to_delayed()
    ]
    result: ComplianceReport = dask.delayed(_merge)(parts).compute()
    return result
