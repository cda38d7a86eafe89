"""A report's cells: counts, sums, maxima and percentile samples for one combination of
metric, priority, policy, period and grouped attributes, and the bounded lists of worst and
at-risk tickets."""

from __future__ import annotations

import heapq
from array import array
from collections.abc import Callable
from typing import Any, TypeAlias

from ..budgets import BusinessDays, BusinessTime
from .options import _UNLIMITED


class _Cell:
    """The figures of one combination of metric, priority, policy, period and attributes.

    Totals that are sums of others (tickets counted, cycles) and the count, sum and max of
    the samples while they are kept are derived when asked, not kept up per ticket: this
    runs once per metric of every ticket.
    """

    __slots__ = (
        "at_risk",
        "breached",
        "cancelled",
        "cycles_breached",
        "cycles_cancelled",
        "cycles_met",
        "cycles_open",
        "dropped_max",
        "dropped_n",
        "dropped_sum",
        "met",
        "misses",
        "overrun_max",
        "overrun_n",
        "overrun_sum",
        "paused",
        "running",
        "samples",
        "targets",
    )

    def __init__(self) -> None:
        self.met = self.breached = self.running = self.paused = self.cancelled = 0
        self.at_risk = 0
        # Breached cycles, next responses counted per the report's next_response_misses.
        self.misses = 0
        self.cycles_met = self.cycles_breached = self.cycles_cancelled = self.cycles_open = 0
        # Exact samples while there are at most max_samples; past that, only their count,
        # sum and max (`dropped_*`).
        self.samples: array[int] | None = array("q")
        self.dropped_n = self.dropped_sum = self.dropped_max = 0
        # Met cycles per target budget: a policy has few, so this stays small.
        self.targets: dict[BusinessTime | BusinessDays | None, int] = {}
        self.overrun_n = self.overrun_sum = self.overrun_max = 0

    @property
    def counted(self) -> int:
        return self.met + self.breached + self.running + self.paused + self.cancelled

    @property
    def cycles(self) -> int:
        return self.cycles_met + self.cycles_breached + self.cycles_cancelled + self.cycles_open

    @property
    def sample_n(self) -> int:
        return self.dropped_n if self.samples is None else len(self.samples)

    @property
    def sample_sum(self) -> int:
        return self.dropped_sum if self.samples is None else sum(self.samples)

    @property
    def sample_max(self) -> int:
        return self.dropped_max if self.samples is None else max(self.samples, default=0)

    def drop(self) -> None:
        """Keep only the count, sum and max of the samples from now on."""
        self.dropped_n, self.dropped_sum = self.sample_n, self.sample_sum
        self.dropped_max = self.sample_max
        self.samples = None

    def absorb(self, other: _Cell, max_samples: int) -> None:
        self.met += other.met
        self.breached += other.breached
        self.running += other.running
        self.paused += other.paused
        self.cancelled += other.cancelled
        self.at_risk += other.at_risk
        self.misses += other.misses
        self.cycles_met += other.cycles_met
        self.cycles_breached += other.cycles_breached
        self.cycles_cancelled += other.cycles_cancelled
        self.cycles_open += other.cycles_open
        mine, theirs = self.samples, other.samples
        if mine is not None and theirs is not None and len(mine) + len(theirs) <= max_samples:
            mine.extend(theirs)
        else:
            n, total = self.sample_n + other.sample_n, self.sample_sum + other.sample_sum
            most = max(self.sample_max, other.sample_max)
            self.samples = None
            self.dropped_n, self.dropped_sum, self.dropped_max = n, total, most
        targets = self.targets
        for target, count in other.targets.items():
            targets[target] = targets.get(target, 0) + count
        self.overrun_n += other.overrun_n
        self.overrun_sum += other.overrun_sum
        self.overrun_max = max(self.overrun_max, other.overrun_max)

    def copy(self) -> _Cell:
        out = _Cell()
        out.absorb(self, _UNLIMITED)
        return out

    def state(self) -> tuple[Any, ...]:
        samples = None if self.samples is None else sorted(self.samples)
        fields = (getattr(self, n) for n in self.__slots__ if n != "samples")
        return (*fields, self.sample_n, self.sample_sum, self.sample_max, samples)


#: (rank, payload): the heap keeps the `keep` highest ranks. Ranks never tie (they end with
#: the ticket's arrival number), so payloads are never compared.
_Ranked: TypeAlias = tuple[tuple[Any, ...], Any]


class _Later:
    """A listed ticket's entry, built when first looked at: most candidates are pushed out of
    the top list by worse ones before anyone does, and a ledger is costly to build."""

    __slots__ = ("_make", "_value")

    def __init__(self, make: Callable[[], Any] | None, value: Any = None) -> None:
        self._make = make
        self._value = value

    def get(self) -> Any:
        if self._make is not None:
            self._value = self._make()
            self._make = None
        return self._value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Later) and self.get() == other.get()

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Later, (None, self.get()))


def _push(heap: list[_Ranked], keep: int, rank: tuple[Any, ...], make: Callable[[], Any]) -> None:
    if keep <= 0:
        return
    if len(heap) < keep:
        heapq.heappush(heap, (rank, _Later(make)))
    elif rank > heap[0][0]:
        heapq.heapreplace(heap, (rank, _Later(make)))


def _top(heap: list[_Ranked]) -> list[Any]:
    return [later.get() for _, later in sorted(heap, reverse=True)]
