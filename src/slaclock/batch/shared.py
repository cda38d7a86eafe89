"""Results that travel back from a worker without their policies.

A ticket's status refers to its policy, targets and calendars. Pickled plainly, every batch of
results would carry copies of them back, and the parent would hold one copy per batch. So
both sides number the slaclock objects of the policy set the same way — in the order a pickle
of the set meets them — and a result names a shared object by its number: the parent's
statuses refer to the parent's own policies, as in one process.

The numbering is checked: the worker numbers its unpickled copy and compares the sequence of
types with the parent's; if they differ (they should not), results are pickled plainly.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

__all__ = ["SharedObjects", "dumps_results", "loads_results"]

_PROTOCOL = pickle.HIGHEST_PROTOCOL


class _Numbering(pickle.Pickler):
    """Pickles a value and numbers every slaclock object met on the way."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=_PROTOCOL)
        self.objects: list[object] = []
        self.index: dict[int, int] = {}

    def persistent_id(self, obj: Any) -> None:
        if type(obj).__module__.startswith("slaclock.") and id(obj) not in self.index:
            self.index[id(obj)] = len(self.objects)
            self.objects.append(obj)  # held, so no id is reused while the table lives
        return None


class SharedObjects:
    """The slaclock objects inside a value (a policy set), numbered; see the module."""

    __slots__ = ("blob", "index", "objects", "signature")

    def __init__(self, value: object) -> None:
        buffer = io.BytesIO()
        numbering = _Numbering(buffer)
        numbering.dump(value)
        self.blob = buffer.getvalue()
        self.objects = numbering.objects
        self.index = numbering.index
        kinds = "\n".join(type(o).__qualname__ for o in self.objects)
        self.signature = hashlib.sha256(kinds.encode()).hexdigest()


class _ByNumber(pickle.Pickler):
    def __init__(self, file: io.BytesIO, shared: SharedObjects) -> None:
        super().__init__(file, protocol=_PROTOCOL)
        self.shared = shared.index

    def persistent_id(self, obj: Any) -> int | None:
        return self.shared.get(id(obj))


class _FromNumber(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, shared: SharedObjects) -> None:
        super().__init__(file)
        self.shared = shared.objects

    def persistent_load(self, pid: Any) -> object:
        return self.shared[pid]


def dumps_results(value: object, shared: SharedObjects | None) -> bytes:
    """`value` pickled, naming shared objects by number (plainly when `shared` is None)."""
    if shared is None:
        return pickle.dumps(value, protocol=_PROTOCOL)
    buffer = io.BytesIO()
    _ByNumber(buffer, shared).dump(value)
    return buffer.getvalue()


def loads_results(blob: bytes, shared: SharedObjects) -> Any:
    """The value `dumps_results` pickled, its shared objects the parent's own."""
    return _FromNumber(io.BytesIO(blob), shared).load()
