"""The one bounded memo slaclock uses for remembered answers.

Every remembered table (selections of a policy set, a policy's plan, shared deadlines and
business-day steps of a calendar) is a `Memo`: a dictionary with a size bound that is
emptied when full. Emptying costs one recomputation per key afterwards and needs no
bookkeeping on the hot path, which a least-recently-used order would.

Safe to share between threads: every operation is a single dictionary call, atomic under
the interpreter lock, and a value is a pure function of its key, so two threads that
compute the same key at once store equal values. It pickles as an empty memo.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["Memo"]

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """Remembered values by key, at most `limit` of them.

    >>> squares: Memo[int, int] = Memo(limit=2)
    >>> squares.put(3, 9)
    9
    >>> squares.get(3), squares.get(4)
    (9, None)
    """

    __slots__ = ("_data", "limit")

    def __init__(self, limit: int = 4096) -> None:
        if limit < 1:
            raise ValueError(f"a memo holds at least one value, got limit={limit}")
        self.limit = limit
        self._data: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        """The value remembered for `key`, or None."""
        return self._data.get(key)

    def put(self, key: K, value: V) -> V:
        """Remember `value` for `key` (emptying the memo first when it is full); returns it."""
        data = self._data
        if len(data) >= self.limit:
            data.clear()
        data[key] = value
        return value

    def __len__(self) -> int:
        return len(self._data)

    def __getstate__(self) -> int:
        return self.limit

    def __setstate__(self, limit: int) -> None:
        self.limit = limit
        self._data = {}
