"""The measure: a cycle with its target applied at an instant — business time used, the
deadline, and whether (and when) it breached."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .._typing import MetricState, PauseAccounting
from ..budgets import BusinessDays
from ..calendar.days import add_business_days_us, close_of_business_day_us
from ..policy.model import Target
from .walk import Checkpoint, Cycle

__all__ = ["Measure", "budget_us", "keep_earlier_breach"]


class Measure:
    """A cycle with its target applied, at an instant ``now`` (UTC microseconds)."""

    __slots__ = (
        "_paused",
        "breached_at",
        "budget",
        "counting",
        "cycle",
        "due",
        "holds",
        "priority",
        "runs",
        "state",
        "target",
        "used",
    )

    def __init__(
        self, cycle: Cycle, target: Target, priority: str, now: int, accounting: PauseAccounting
    ) -> None:
        self.cycle = cycle
        self.target = target
        self.priority = priority
        engine = target.calendar.engine
        elapsed = engine.elapsed
        end = cycle.end
        since = cycle.since
        counting = end is None and cycle.hold is None
        self.counting = counting
        budget = budget_us(target, cycle.start)
        self.budget = budget
        runs = cycle.runs
        holds = cycle.holds
        if end is None:
            if now > since:
                # The open period up to `now` counts (or is held) like a finished one.
                if counting:
                    runs = [*runs, (since, now)]
                else:
                    holds = [*holds, (since, now, cycle.hold or "")]
            end = now
        # The cycle's periods with the open one extended to `now`: what the ledger shows.
        self.runs = runs
        self.holds = holds
        self._paused: int | None = None
        due: int | None = None
        if accounting == "wall":
            due = engine.add(cycle.start, budget) if budget > 0 else cycle.start
            for a, b, _ in holds:
                if a < due:
                    due += b - a
            used = budget - elapsed(end, due) if end <= due else budget + elapsed(due, end)
        else:
            used = 0
            for a, b in runs:
                span = elapsed(a, b)
                if due is None and used + span >= budget:
                    left = budget - used
                    due = engine.add(a, left) if left > 0 else a
                used += span
            if due is None:
                left = budget - used
                if cycle.end is not None:
                    due = engine.add(cycle.end, left)
                elif counting:
                    due = engine.add(max(now, since), left) if left > 0 else now
        self.used = used
        if used > budget:
            self.state: MetricState = "breached"
            self.breached_at = due
        else:
            self.breached_at = None
            if cycle.end is not None:
                self.state = "met" if cycle.outcome == "met" else "cancelled"
            elif counting:
                self.state = "running"
            else:
                self.state = "paused"
                due = None
        self.due = due

    @property
    def paused(self) -> int:
        """Business time in which the cycle's clock was held (computed when first asked)."""
        if self._paused is None:
            elapsed = self.target.calendar.engine.elapsed
            self._paused = sum(elapsed(a, b) for a, b, _ in self.holds)
        return self._paused


class _CountedSoFar:
    """Counted business time of a cycle's first runs, per calendar, summed once: priority
    changes come in order, so each checkpoint extends the previous sum (linear in the
    events, not quadratic)."""

    __slots__ = ("_sums", "runs")

    def __init__(self, runs: list[tuple[int, int]]) -> None:
        self.runs = runs
        self._sums: dict[object, tuple[int, int]] = {}  # engine -> (runs summed, total)

    def upto(self, target: Target, runs: int) -> int:
        engine = target.calendar.engine
        done, total = self._sums.get(engine, (0, 0))
        if runs < done:  # checkpoints out of order: start again (never in practice)
            done, total = 0, 0
        elapsed = engine.elapsed
        for a, b in self.runs[done:runs]:
            total += elapsed(a, b)
        self._sums[engine] = (runs, total)
        return total


def _breached_before(
    cycle: Cycle,
    check: Checkpoint,
    target: Target,
    accounting: PauseAccounting,
    counted: _CountedSoFar,
) -> int | None:
    """When a cycle as it stood at a checkpoint had breached `target`, or None. Most are
    well inside their budget, which their counted time alone shows."""
    if accounting != "wall":
        budget = budget_us(target, cycle.start)
        used = counted.upto(target, check.runs)
        if check.hold is None and check.at > check.since:
            used += target.calendar.engine.elapsed(check.since, check.at)
        if used <= budget:
            return None
    return Measure(cycle.as_of(check), target, "", check.at, accounting).breached_at


def keep_earlier_breach(
    measure: Measure,
    checks: list[Checkpoint],
    metric: str,
    targets: Callable[[str], Mapping[str, Target] | None],
    accounting: PauseAccounting,
) -> None:
    """Sticky breach under retarget: a cycle that had breached its target before a priority
    change stays breached (from that earlier instant), even if the new target is longer."""
    counted = _CountedSoFar(measure.cycle.runs)
    for check in checks:
        found = targets(check.priority)
        old = None if found is None else found.get(metric)
        if old is None or old is measure.target:
            continue  # the same target breaches at the same instant now as it did then
        breached_at = _breached_before(measure.cycle, check, old, accounting, counted)
        if breached_at is not None:
            if measure.breached_at is None or breached_at < measure.breached_at:
                measure.breached_at = breached_at
            measure.state = "breached"
            return


def budget_us(target: Target, start: int) -> int:
    """A target's budget as open time from `start`: fixed budgets are precomputed, business
    days are resolved against the calendar at `start`."""
    fixed = target.fixed_us
    if fixed is not None:
        return fixed
    budget = target.budget
    calendar = target.calendar
    days = budget.days if isinstance(budget, BusinessDays) else 0
    if isinstance(budget, BusinessDays) and budget.meaning == "close":
        due = close_of_business_day_us(calendar, start, days)
    else:
        due = add_business_days_us(calendar, start, days)
    return calendar.engine.elapsed(start, due)
