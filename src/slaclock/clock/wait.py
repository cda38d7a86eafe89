"""A target that waits before its budget counts (``after:``): Request Tracker's level written
``{ BusinessMinutes => 0, RealMinutes => 480 }``, which waits for the first business minute
and then counts eight real hours.

The wait is measured from the cycle's start on the wait calendar (``after_calendar``, in a
file the policy's calendar unless named): ``after`` of its open time, then the first instant it
is open — with ``after: 0m`` simply its first open instant at or after the start. From that
instant, `counts_from`, the budget counts on the target's own calendar; before it the target's
calendar is taken as closed. Everything else (pauses, every pause accounting, retargets,
reopens, warnings) then follows its usual definition over that calendar, which is why the
clock sees the wait as a calendar (`Waiting`) rather than as a rule of its own: a pause during
the wait holds no business time, since nothing counts yet.
"""

from __future__ import annotations

from typing import Protocol

from .._kernel.intervals import Span
from ..calendar.engine import Engine
from ..policy.model import Target

__all__ = ["Counter", "Waiting", "counter_for", "counts_from"]


class Counter(Protocol):
    """What the clock asks of a calendar: an `Engine`, or one that waits (`Waiting`)."""

    def add(self, s: int, d: int) -> int: ...

    def elapsed(self, a: int, b: int) -> int: ...

    def next_open(self, t: int) -> int: ...

    def spans(self, a: int, b: int) -> list[Span]: ...


def counts_from(target: Target, start: int) -> int | None:
    """The instant (UTC microseconds) from which a target with a wait counts, for a cycle
    that starts at `start`; None for a target without one."""
    wait = target.after_us
    calendar = target.after_calendar
    if wait is None or calendar is None:
        return None
    engine = calendar.engine
    return engine.next_open(engine.add(start, wait) if wait > 0 else start)


class Waiting:
    """A target's calendar, closed before `begins` (see the module's docstring)."""

    __slots__ = ("begins", "engine")

    def __init__(self, engine: Engine, begins: int) -> None:
        self.engine = engine
        self.begins = begins

    def add(self, s: int, d: int) -> int:
        """The earliest instant at which ``d`` (> 0) of open time has elapsed after ``s``."""
        return self.engine.add(max(s, self.begins), d)

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``: none of it before `begins`."""
        begins = self.begins
        if b <= begins:
            return 0
        return self.engine.elapsed(max(a, begins), b)

    def next_open(self, t: int) -> int:
        """The first open instant at or after ``t``, not before `begins`."""
        return self.engine.next_open(max(t, self.begins))

    def spans(self, a: int, b: int) -> list[Span]:
        """The open spans in ``[a, b)``, none before `begins`."""
        if b <= self.begins:
            return []
        return self.engine.spans(max(a, self.begins), b)


def counter_for(target: Target, start: int) -> Counter:
    """The calendar a cycle that starts at `start` counts on under `target`."""
    engine = target.calendar.engine
    begins = counts_from(target, start)
    if begins is None:
        return engine
    return Waiting(engine, begins)
