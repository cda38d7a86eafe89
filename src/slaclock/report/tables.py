"""A report as CSV tables and as a plain-text table for a terminal.

CSV columns are the JSON field names, flattened with dots (``time_used.median_seconds``);
the group's key comes first, one column per `by` dimension.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .model import GroupFigures, ReportData

__all__ = ["TABLES", "csv_tables", "hours", "text_table", "write_csv"]

#: The tables `csv_tables` writes, by file stem.
TABLES = ("groups", "trend", "breaches_by_priority", "breaches_by_customer", "at_risk", "worst")


def hours(seconds: float | None) -> str:
    """Business time as hours and minutes ("25h30m"): a business day is not 24 hours.

    >>> hours(91_800.0), hours(2_700.0), hours(None)
    ('25h30m', '45m', '—')
    """
    if seconds is None:
        return "—"
    total = round(seconds)
    sign = "-" if total < 0 else ""
    h, rest = divmod(abs(total), 3600)
    m, s = divmod(rest, 60)
    if h and m:
        return f"{sign}{h}h{m:02d}m"
    if h:
        return f"{sign}{h}h"
    if m:
        return f"{sign}{m}m"
    return f"{sign}{s}s"


def _flat(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _flat(f"{prefix}.{key}" if prefix else str(key), inner)
    elif isinstance(value, list):
        yield prefix, " ".join(str(v) for v in value)
    else:
        yield prefix, value


def _rows(data: ReportData, table: str) -> list[dict[str, Any]]:
    if table == "groups":
        rows = []
        for group in data.groups:
            row: dict[str, Any] = dict(group.key)
            dumped = group.model_dump(mode="json", exclude={"key"})
            row.update(_flat("", dumped))
            rows.append(row)
        return rows
    if table == "worst":
        return [dict(_flat("", w.model_dump(mode="json", exclude={"ledger"}))) for w in data.worst]
    items: Iterable[Any] = getattr(data, table)
    return [dict(_flat("", item.model_dump(mode="json"))) for item in items]


def write_csv(data: ReportData, table: str = "groups") -> str:
    """One table of the report as CSV text (`TABLES` names them)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; use one of {', '.join(TABLES)}")
    rows = _rows(data, table)
    out = io.StringIO()
    columns: list[str] = []
    for row in rows:
        columns.extend(c for c in row if c not in columns)
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def csv_tables(data: ReportData, directory: Path) -> list[Path]:
    """Write every table as ``<table>.csv`` into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        path = directory / f"{table}.csv"
        path.write_text(write_csv(data, table), encoding="utf-8")
        written.append(path)
    return written


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}%"


def _mark(figures: GroupFigures) -> str:
    if figures.meets_target is None:
        return " "
    return "✓" if figures.meets_target else "✗"


def text_table(data: ReportData) -> str:
    """The report for a terminal: one line a group, then the tickets at risk and the worst."""
    rules = data.rules
    placed = "decided (open ones: created)" if rules.period_by == "decided" else "created"
    lines = [
        f"Compliance report at {data.now or '—'}: {data.tickets:,} tickets",
        f"  periods: {rules.period or 'none'} in {rules.timezone}, a ticket in the period its"
        f" metric was {placed};"
        f" open tickets: {rules.open_tickets}; attainment target"
        f" {rules.attainment_target_percent:g}%",
        "",
    ]
    header = [*data.by, "tickets", "met", "breached", "open", "attainment", "", "median", "p90"]
    header += ["p95", "max", "worst overrun"]
    rows = [header]
    for g in data.groups:
        used = g.time_used
        rows.append(
            [
                *(g.key[name] for name in data.by),
                str(g.tickets),
                str(g.met),
                str(g.breached),
                str(g.running + g.paused),
                _percent(g.attainment_percent),
                _mark(g),
                hours(used.median_seconds),
                hours(used.p90_seconds),
                hours(used.p95_seconds),
                hours(used.max_seconds),
                hours(g.overrun.max_seconds),
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    keys = len(data.by)
    for row in rows:
        cells = [
            cell.ljust(width) if i < keys else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  " + "  ".join(cells).rstrip())
    if data.at_risk:
        lines += ["", "At risk now (running, past the warning threshold):"]
        for r in data.at_risk:
            lines.append(
                f"  {r.ticket or '?'}  {r.metric} {r.priority}  {r.percent_used:.2f}% used"
                f" ({hours(r.elapsed_seconds)} of {hours(r.budget_seconds)}), due {r.due_at}"
            )
    if data.worst:
        lines += ["", "Worst breaches (business time past the budget):"]
        for w in data.worst:
            lines.append(
                f"  {w.ticket or '?'}  {w.metric} {w.priority}  {hours(w.overrun_seconds)} late"
                f" (budget {hours(w.budget_seconds)}), breached {w.breached_at}"
            )
    return "\n".join(lines) + "\n"
