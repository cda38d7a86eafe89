"""Every core of one machine: `evaluate_jsonl`, `evaluate_many`, `render_jsonl` and
`report_jsonl` with ``workers=N``.

Each gives what its one-process form in `slaclock.clock` or `slaclock.report` gives — the
same results in the same order, the same errors with the same file line, ticket and place —
and only spreads the work over processes. ``workers=None`` picks: every core for a file of
at least `LARGE_INPUT` bytes, one process for anything smaller and for streams of unknown
size; ``workers=1`` never starts a process.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any, Literal, overload

from .._typing import BatchErrors, TicketOrder
from ..clock import FailedTicket, TicketStatus
from ..clock import evaluate_jsonl as _one_jsonl
from ..clock import evaluate_many as _one_many
from ..config import PolicySet
from ..errors import SlaclockError
from ..events import TicketEvent
from ..policy import SlaPolicy
from ..report.aggregate import ComplianceReport
from ..report.build import report_jsonl as _one_report
from ..report.options import ReportOptions
from .pool import Pool, cpu_count
from .split import byte_ranges, line_chunks

__all__ = [
    "LARGE_INPUT",
    "PART_BYTES",
    "Source",
    "evaluate_jsonl",
    "evaluate_many",
    "render_jsonl",
    "report_jsonl",
    "workers_for",
]

#: From this size on, a file is evaluated on every core unless ``workers`` says otherwise.
LARGE_INPUT = 64 * 1024 * 1024
#: About how many bytes of a file one part holds (a file gives at least four parts a worker).
PART_BYTES = 8 * 1024 * 1024
#: Lines in one part of a stream that is not a file.
PART_LINES = 50_000
#: Tickets in one part of `evaluate_many`'s input.
PART_TICKETS = 2_000

#: A JSON-lines input: a file's path, or the lines themselves.
Source = str | os.PathLike[str] | Iterable[str]

Ticket = Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]


def workers_for(source: object, workers: int | None) -> int:
    """How many processes a batch over `source` runs on (see the module)."""
    if workers is not None:
        if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
            raise ValueError(f"workers must be a whole number of at least 1, got {workers!r}")
        return workers
    if isinstance(source, str | os.PathLike):
        try:
            large = Path(source).stat().st_size >= LARGE_INPUT
        except OSError:
            return 1
        return cpu_count() if large else 1
    return 1


def _policy_set(policies: PolicySet | SlaPolicy) -> PolicySet:
    return PolicySet((policies,), {}) if isinstance(policies, SlaPolicy) else policies


def _parts(source: Source, workers: int) -> Iterable[Any]:
    if isinstance(source, str | os.PathLike):
        path = os.fspath(source)
        size = Path(path).stat().st_size
        count = max(4 * workers, size // PART_BYTES)
        return [(path, start, end) for start, end in byte_ranges(path, count)]
    return line_chunks(source, PART_LINES)


def _check(errors: object) -> None:
    if errors not in ("raise", "collect"):
        raise ValueError(f"errors must be 'raise' or 'collect', got {errors!r}")


def _check_order(order: object) -> None:
    if order not in ("grouped", "sorted"):
        raise ValueError(f"ticket_order must be 'grouped' or 'sorted', not {order!r}")


def _read(
    source: Source, use: Callable[[Iterable[str]], Iterator[Any]]
) -> Iterator[Any]:  # one process: the file read as the command line reads it
    if isinstance(source, str | os.PathLike):
        with open(source, encoding="utf-8") as handle:
            yield from use(handle)
    else:
        yield from use(source)


@overload
def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    source: Source,
    now: datetime,
    *,
    workers: int | None = None,
    errors: Literal["raise"] = "raise",
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus]: ...


@overload
def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    source: Source,
    now: datetime,
    *,
    workers: int | None = None,
    errors: Literal["collect"],
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus | FailedTicket]: ...


def evaluate_jsonl(
    policies: PolicySet | SlaPolicy,
    source: Source,
    now: datetime,
    *,
    workers: int | None = None,
    errors: BatchErrors = "raise",
    ticket_order: TicketOrder = "grouped",
) -> Iterator[TicketStatus] | Iterator[TicketStatus | FailedTicket]:
    """`slaclock.evaluate_jsonl` on `workers` processes: a file's path (cut into byte
    ranges that each worker reads) or any stream of lines (cut into lists of lines).

    Results come in input order, their policies the caller's own objects; a file is read as
    ``open(path, encoding="utf-8")`` reads it.

    >>> from slaclock import PolicySet
    >>> policies = PolicySet.from_dict({"policies": [{"name": "any", "calendar": "24x7",
    ...     "targets": {"*": {"first_response": "1h"}}}]})
    >>> lines = [
    ...     '{"ticket": "a", "type": "created", "at": "2026-11-23T09:00Z", "priority": "P2"}',
    ...     '{"ticket": "b", "type": "created", "at": "2026-11-23T09:30Z", "priority": "P2"}',
    ... ]
    >>> now = datetime.fromisoformat("2026-11-23T10:15Z")
    >>> [(s.ticket, s.metric("first_response").state)
    ...  for s in evaluate_jsonl(policies, lines, now, workers=2)]
    [('a', 'breached'), ('b', 'running')]
    """
    _check(errors)
    _check_order(ticket_order)
    count = workers_for(source, workers)
    policy_set = _policy_set(policies)
    if count == 1:
        return _read(
            source,
            lambda lines: _one_jsonl(
                policy_set, lines, now, errors=errors, ticket_order=ticket_order
            ),
        )
    return _pooled(policy_set, now, count, source, errors == "collect", None, ticket_order)


def render_jsonl(
    policies: PolicySet | SlaPolicy,
    source: Source,
    now: datetime,
    render: Callable[[TicketStatus], str],
    *,
    workers: int | None = None,
    ticket_order: TicketOrder = "grouped",
) -> Iterator[str | FailedTicket]:
    """`evaluate_jsonl` with ``errors="collect"``, each status rendered to text by the
    worker that evaluated it (`render` must pickle: a module-level function or a
    `functools.partial` of one). A status that cannot be rendered comes as a `FailedTicket`.
    """
    _check_order(ticket_order)
    count = workers_for(source, workers)
    policy_set = _policy_set(policies)
    if count == 1:
        return _read(source, lambda lines: _rendered(policy_set, lines, now, render, ticket_order))
    return _pooled(policy_set, now, count, source, True, render, ticket_order)


def _rendered(
    policies: PolicySet,
    lines: Iterable[str],
    now: datetime,
    render: Callable[[TicketStatus], str],
    order: TicketOrder,
) -> Iterator[str | FailedTicket]:
    results = _one_jsonl(policies, lines, now, errors="collect", ticket_order=order)
    for position, item in enumerate(results):
        if isinstance(item, FailedTicket):
            yield item
            continue
        try:
            yield render(item)
        except SlaclockError as exc:
            if exc.ticket is None and item.ticket is not None:
                exc.ticket = item.ticket
            yield FailedTicket(item.ticket, position, exc)


def _pooled(
    policies: PolicySet,
    now: datetime,
    workers: int,
    source: Source,
    collect: bool,
    render: Callable[[TicketStatus], str] | None,
    order: TicketOrder,
) -> Iterator[Any]:
    with Pool(policies, now, workers) as pool:
        yield from pool.evaluate(_parts(source, workers), collect, render, order)


@overload
def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Ticket],
    now: datetime,
    *,
    workers: int | None = None,
    errors: Literal["raise"] = "raise",
) -> Iterator[TicketStatus]: ...


@overload
def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Ticket],
    now: datetime,
    *,
    workers: int | None = None,
    errors: Literal["collect"],
) -> Iterator[TicketStatus | FailedTicket]: ...


def evaluate_many(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Ticket],
    now: datetime,
    *,
    workers: int | None = None,
    errors: BatchErrors = "raise",
) -> Iterator[TicketStatus] | Iterator[TicketStatus | FailedTicket]:
    """`slaclock.evaluate_many` on `workers` processes (one unless given): the tickets are
    sent to the workers in lists of `PART_TICKETS`, results come back in input order."""
    _check(errors)
    count = workers_for(tickets, workers)
    policy_set = _policy_set(policies)
    if count == 1:
        return _one_many(policy_set, tickets, now, errors=errors)
    return _pooled_many(policy_set, now, count, tickets, errors == "collect")


def _pooled_many(
    policies: PolicySet, now: datetime, workers: int, tickets: Iterable[Ticket], collect: bool
) -> Iterator[Any]:
    stream = iter(tickets)
    chunks = iter(lambda: list(islice(stream, PART_TICKETS)), [])
    with Pool(policies, now, workers) as pool:
        yield from pool.evaluate_tickets(chunks, collect)


def report_jsonl(
    policies: PolicySet | SlaPolicy,
    source: Source,
    now: datetime,
    options: ReportOptions,
    *,
    workers: int | None = None,
    ticket_order: TicketOrder = "grouped",
) -> ComplianceReport:
    """`slaclock.report.report_jsonl` on `workers` processes: each builds the report over
    its parts, and the parts' reports are merged (exactly the report over all tickets)."""
    _check_order(ticket_order)
    count = workers_for(source, workers)
    policy_set = _policy_set(policies)
    if count == 1:
        if isinstance(source, str | os.PathLike):
            with open(source, encoding="utf-8") as handle:
                return _one_report(policy_set, handle, now, options, ticket_order=ticket_order)
        return _one_report(policy_set, source, now, options, ticket_order=ticket_order)
    with Pool(policy_set, now, count) as pool:
        built = pool.report(_parts(source, count), options, ticket_order)
    return ComplianceReport(options) if built is None else built
