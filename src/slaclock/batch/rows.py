"""Results as table rows: one row per ticket and metric, typed columns (for data frames).

A ticket with no metric at the instant (no policy matched, created later) gives one row with
``metric`` empty; a ticket that could not be evaluated gives one row with ``error`` set and
the file and line of the problem. Nothing is dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ..clock import FailedTicket, TicketStatus

__all__ = ["COLUMNS", "ERROR_ROW", "rows_of"]

_US = timedelta(microseconds=1)

#: Column names and their pandas types, in order.
COLUMNS: dict[str, str] = {
    "ticket": "string",
    "file": "string",
    "line": "Int64",
    "policy": "string",
    "metric": "string",
    "state": "string",
    "priority": "string",
    "started_at": "datetime64[us, UTC]",
    "due_at": "datetime64[us, UTC]",
    "met_at": "datetime64[us, UTC]",
    "breached_at": "datetime64[us, UTC]",
    "next_warning_at": "datetime64[us, UTC]",
    "next_change_at": "datetime64[us, UTC]",
    "elapsed_us": "Int64",
    "paused_us": "Int64",
    "remaining_us": "Int64",
    "percent_used": "Float64",
    "cycles": "Int64",
    "error": "string",
    "error_file": "string",
    "error_line": "Int64",
}

#: The columns an error row leaves empty.
ERROR_ROW = dict.fromkeys(COLUMNS)


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _us(value: timedelta | None) -> int | None:
    return None if value is None else value // _US


def rows_of(
    item: TicketStatus | FailedTicket,
    file: str | None = None,
    line: int | None = None,
    error_file: str | None = None,
) -> list[dict[str, Any]]:
    """The rows of one result: its ticket's first `line` in `file`, an error's in
    `error_file` (the ticket's file when not given)."""
    if isinstance(item, FailedTicket):
        error = item.error
        return [
            {
                **ERROR_ROW,
                "ticket": item.ticket,
                "file": file,
                "line": line,
                "error": str(error),
                "error_file": error_file or file,
                "error_line": error.line,
            }
        ]
    base = {
        **ERROR_ROW,
        "ticket": item.ticket,
        "file": file,
        "line": line,
        "policy": None if item.policy is None else item.policy.name,
        "next_change_at": _utc(item.next_change_at),
    }
    if not item.metrics:
        return [base]
    out = []
    for metric in item.metrics:
        current = metric.current
        out.append(
            {
                **base,
                "metric": metric.metric,
                "state": metric.state,
                "priority": None if current is None else current.priority,
                "started_at": _utc(metric.started_at),
                "due_at": _utc(metric.due_at),
                "met_at": _utc(metric.met_at),
                "breached_at": _utc(metric.breached_at),
                "next_warning_at": _utc(metric.next_warning_at),
                "elapsed_us": _us(metric.elapsed),
                "paused_us": _us(metric.paused),
                "remaining_us": _us(metric.remaining),
                "percent_used": metric.percent_used,
                "cycles": len(metric.cycles),
            }
        )
    return out
