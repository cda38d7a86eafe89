"""The parent side of a parallel batch: parts out to a pool of processes, results back in
input order, with line numbers, ticket positions and errors as one process gives them.

Parts are sent a few at a time (twice the workers), so however large the input, the parent
holds the results of a few parts only. A ticket whose lines appear again in a later part is
refused here, as the one-process reader refuses it, since no worker sees the parts before
its own.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import datetime
from typing import Any, TypeVar

from .._typing import TicketOrder
from ..clock import FailedTicket
from ..config import PolicySet
from ..errors import SlaclockError, TimelineError
from ..events import ticket_check
from . import worker
from .shared import SharedObjects, loads_results

__all__ = ["Pool", "cpu_count", "shift"]

T = TypeVar("T")


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def _context() -> Any:
    # A fork server: workers start from a clean process that has imported slaclock once,
    # without inheriting the parent's threads or state (a test runner's, a web app's).
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["slaclock.batch.worker"])
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


def shift(error: SlaclockError, lines: int, tickets: int) -> None:
    """Move a part's line number and ticket position to the whole input's."""
    if error.line is not None:
        error.line += lines
    if error.ticket_position is not None:
        error.ticket_position += tickets


def _show_warning() -> Callable[..., None] | None:
    """How this process shows warnings, for its workers to do the same (the command line
    shows them on one line); None when that cannot be sent to another process."""
    import warnings

    try:
        pickle.dumps(warnings.showwarning)
    except Exception:  # a lambda or a closure: workers keep Python's form
        return None
    return warnings.showwarning


class Pool:
    """Worker processes holding one policy set, evaluated at one instant."""

    def __init__(
        self, policies: PolicySet, now: datetime, workers: int, *, inline: bool = False
    ) -> None:
        self.shared = SharedObjects(policies)
        self.workers = workers
        initargs = (self.shared.blob, self.shared.signature, now, _show_warning())
        self._executor: Executor
        if inline:
            # The same parts and merging in this process, for tests of the whole path.
            worker.start(*initargs)
            self._executor = _Inline()
        else:
            self._executor = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=_context(),
                initializer=worker.start,
                initargs=initargs,
            )

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def ordered(
        self, function: Callable[..., worker.PartResult], parts: Iterable[Any], *args: Any
    ) -> Iterator[worker.PartResult]:
        """`function(part, *args)` for each part, in the parts' order, a few in flight."""
        pending: deque[Future[worker.PartResult]] = deque()
        limit = 2 * self.workers
        try:
            for part in parts:
                pending.append(self._executor.submit(function, part, *args))
                if len(pending) >= limit:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()

    # ------------------------------------------------------------------ the three jobs

    def evaluate(
        self,
        parts: Iterable[worker.Part],
        collect: bool,
        render: Callable[[Any], str] | None,
        order: TicketOrder = "grouped",
    ) -> Iterator[Any]:
        """Statuses (or rendered texts) and failed tickets of every part, in input order."""
        lines = tickets = 0
        seen = ticket_check(order)
        if render is None:
            results = self.ordered(worker.evaluate_part, parts)
        else:
            results = self.ordered(worker.render_part, parts, render)
        for part in results:
            items: list[tuple[int | None, str | None, Any]] = loads_results(part.items, self.shared)
            for index, (first_line, ticket, item) in enumerate(items):
                position = tickets + index
                if isinstance(item, FailedTicket):
                    item = _placed(item, lines, position)
                # The whole stream's check, as one process makes it (a part's worker saw
                # only its part).
                why = None if ticket is None else seen.refuse(ticket)
                if ticket is not None and why is not None:
                    item = FailedTicket(ticket, position, _refused(ticket, first_line, lines, why))
                if isinstance(item, FailedTicket) and not collect:
                    raise item.error
                yield item
            lines += part.lines
            tickets += part.tickets

    def report(
        self, parts: Iterable[worker.Part], options: Any, order: TicketOrder = "grouped"
    ) -> Any:
        """The merged report over every part (or the first problem, raised)."""
        from ..report.aggregate import merge

        lines = tickets = 0
        seen = ticket_check(order)
        reports: list[Any] = []
        for part in self.ordered(worker.report_part, parts, options):
            loaded = pickle.loads(part.items)
            ids, built = (loaded, None) if part.error is not None else loaded
            for ticket, first_line in ids:
                why = None if ticket is None else seen.refuse(ticket)
                if ticket is not None and why is not None:
                    raise _refused(ticket, first_line, lines, why)
            if part.error is not None:
                shift(part.error, lines, tickets)
                raise part.error
            reports.append(built)
            lines += part.lines
            tickets += part.tickets
        return merge(*reports) if reports else None

    def evaluate_tickets(self, chunks: Iterable[list[Any]], collect: bool) -> Iterator[Any]:
        """Statuses and failed tickets of lists of Python tickets, in input order."""
        tickets = 0
        for part in self.ordered(worker.evaluate_tickets, chunks):
            items: list[tuple[None, None, Any]] = loads_results(part.items, self.shared)
            for index, (_, _, item) in enumerate(items):
                if isinstance(item, FailedTicket):
                    item = _placed(item, 0, tickets + index)
                    if not collect:
                        raise item.error
                yield item
            tickets += part.tickets


class _Inline(Executor):
    """Runs each call at once, in this process."""

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _placed(failed: FailedTicket, lines: int, position: int) -> FailedTicket:
    """A part's failed ticket at its line and place in the whole input."""
    error = failed.error
    if error.line is not None:
        error.line += lines
    if error.ticket_position is not None:
        error.ticket_position = position
    return replace(failed, position=position)


def _refused(ticket: str, first_line: int | None, lines: int, why: str) -> TimelineError:
    error = TimelineError(why)
    error.ticket = ticket
    error.line = None if first_line is None else first_line + lines
    return error
