"""``pause_accounting: hold_added``: the hold time of ERPNext, added on the wall clock.

The deadline is where the budget would run out if the clock had never been held (business
time from the cycle's start), moved later by the wall-clock length of every held period that
begins before it — a pause, or the time between a resolve and a reopen. A hold that begins
after the deadline moves nothing: the cycle had breached already. The deadline may fall in
closed time, and the breach begins the instant after it, open or not.
"""

from __future__ import annotations

from .wait import Counter

__all__ = ["hold_added"]


def hold_added(
    engine: Counter,
    start: int,
    budget: int,
    runs: list[tuple[int, int]],
    holds: list[tuple[int, int, str]],
    ref: int,
    used: int,
    at_due: bool,
) -> tuple[int, int, list[tuple[int, int]]]:
    """The deadline, the allowance and the holds that moved the deadline, in UTC microseconds.

    `ref` is the instant the cycle is looked at (its end, or ``now``), `used` the business
    time its `runs` counted; `at_due` says that a
    hold beginning exactly at the deadline comes too late to move it (``breach_at: at_due``
    breaches there). The allowance is the business time the clock may count before the
    deadline: what it counted before the deadline, plus the open time from `ref` to the
    deadline when that is later, so that ``remaining`` is the open time left (negative: the
    open time counted after the deadline).

    >>> from slaclock import BusinessCalendar
    >>> always = BusinessCalendar.always().engine
    >>> hour = 3_600_000_000
    >>> runs, holds = [(0, hour)], [(hour, 3 * hour, "paused")]
    >>> due, allowance, _ = hold_added(always, 0, 4 * hour, runs, holds, 3 * hour, hour, False)
    >>> due // hour, allowance // hour  # 4 h, then 2 h on hold: due at 6 h, 4 h to count
    (6, 4)
    """
    due = engine.add(start, budget) if budget > 0 else start
    moves: list[tuple[int, int]] = []
    for a, b, _ in holds:
        if a > due or (a == due and at_due):
            break  # holds come in order: every later one begins after the deadline too
        due += b - a
        moves.append((a, b))
    if ref < due:
        return due, used + engine.elapsed(ref, due), moves
    before = 0
    for a, b in runs:
        if a < due:
            before += engine.elapsed(a, min(b, due))
    return due, before, moves
