"""The measure: a cycle with its target applied at an instant — business time used, the
deadline, and whether (and when) it breached."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .._typing import MetricState, PauseAccounting
from ..budgets import BusinessDays
from ..calendar.days import add_business_days_us, close_of_business_day_us
from ..policy.model import Options, Target
from .hold import hold_added
from .wait import Counter, counter_for, counts_from
from .walk import RESOLVED, Checkpoint, Cycle

__all__ = ["Measure", "budget_us", "hide", "keep_earlier_breach", "missed_messages"]


class Measure:
    """A cycle with its target applied, at an instant ``now`` (UTC microseconds)."""

    __slots__ = (
        "_paused",
        "accounting",
        "breached_at",
        "budget",
        "counting",
        "cycle",
        "due",
        "engine",
        "hidden_due",
        "holds",
        "moves",
        "priority",
        "runs",
        "start",
        "state",
        "target",
        "used",
    )

    def __init__(
        self,
        cycle: Cycle,
        target: Target,
        priority: str,
        now: int,
        accounting: PauseAccounting,
        shown: Options | None = None,
    ) -> None:
        """`shown`: the policy's options when any of those that change how a deadline or
        a breach is shown differs from its default (None: the defaults, the fast path)."""
        self.cycle = cycle
        self.target = target
        self.priority = priority
        # `counter_for` and `budget_us`, inline for the usual target (no wait, a fixed budget).
        engine = (
            target.calendar.engine if target.after_us is None else counter_for(target, cycle.start)
        )
        self.engine = engine
        elapsed = engine.elapsed
        end = cycle.end
        since = cycle.since
        counting = end is None and cycle.hold is None
        self.counting = counting
        budget = target.fixed_us
        if budget is None:
            budget = budget_us(target, cycle.start)
        self.budget = budget
        # The held stretches that moved the deadline (wall and hold_added accounting only).
        self.moves: Sequence[tuple[int, int]] = ()
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
        self.accounting = accounting
        if accounting == "hold_added":
            self._hold_added(cycle, runs, holds, now, shown)
            return
        # Where the deadline search starts: the cycle's start, or (wall accounting) the end of
        # the held stretch that last moved the deadline, with the time counted before it.
        first = 0
        used = 0
        due: int | None = None
        if accounting == "wall" and holds:
            budget, first, used, moved_to, self.moves = _wall(engine, runs, holds, budget)
            self.budget = budget
            if moved_to is not None and used >= budget:
                due = moved_to  # the move left no business time: due as the hold ended
        if first:
            for a, b in runs[first:]:
                span = elapsed(a, b)
                if due is None and used + span >= budget:
                    left = budget - used
                    due = engine.add(a, left) if left > 0 else a
                used += span
        else:
            # The cycle's finished runs only ever grow: continue from what an earlier measure
            # under the same target summed (an incremental clock measures the same cycle at
            # every status), then add the open run up to `now`.
            own = cycle.runs
            done = 0
            keep = accounting != "wall"  # wall accounting's allowance changes with the holds
            summed = cycle.summed
            if keep and summed is not None and summed[0] is target:
                _, done, used, due = summed
            for a, b in own[done:] if done else own:
                span = elapsed(a, b)
                if due is None and used + span >= budget:
                    left = budget - used
                    due = engine.add(a, left) if left > 0 else a
                used += span
            if keep:
                cycle.summed = (target, len(own), used, due)
            if runs is not own:
                a, b = runs[-1]
                span = elapsed(a, b)
                if due is None and used + span >= budget:
                    left = budget - used
                    due = engine.add(a, left) if left > 0 else a
                used += span
        if due is None:
            left = budget - used
            if cycle.end is not None:
                ended = cycle.end
                if shown is not None and shown.resolved_due == "projected":
                    ended = _resolved_since(cycle)
                due = engine.add(ended, left)
            elif counting:
                due = engine.add(max(now, since), left) if left > 0 else now
        self.used = used
        self.start = cycle.start
        self.hidden_due: int | None = None
        breached = used > budget
        if shown is not None:
            if shown.due_on_close == "next_open" and due is not None:
                due = _past_close(engine, due)
            if (
                shown.breach_at == "at_due"
                and used == budget
                and due is not None
                and (budget > 0 or self.moves)
            ):
                # Breached at the deadline itself: `now >= due` (or met at or after it). While
                # the clock is held, only a deadline reached before the hold began counts: a
                # wall-clock pause that left no open time before its moved deadline is due
                # when the hold ends, and that end is not reached while it lasts.
                if cycle.end is not None:
                    breached = due <= cycle.end
                else:
                    breached = due <= (now if counting else since)
            if shown.reported_start == "first_open":
                # Under a wait: the first instant the target counts.
                self.start = engine.next_open(cycle.start)
        if breached:
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
                stood = due
                due = None
                if shown is not None and shown.paused_due == "frozen":
                    due = _frozen(engine, stood, runs, cycle.start, budget - used)
                    if shown.due_on_close == "next_open":
                        due = _past_close(engine, due)
                if shown is not None and shown.paused_due == "projected":
                    # `engine.add(t, 0)` in closed time gives the close before `t`: none left
                    # is due now.
                    due = engine.add(now, budget - used) if budget > used else now
                    if shown.due_on_close == "next_open":
                        due = _past_close(engine, due)
                if (
                    shown is not None
                    and shown.resolved_due == "projected"
                    and cycle.hold == RESOLVED
                ):
                    # The resolve + the time left; a budget used up keeps where it ran out.
                    due = stood
                    if budget > used:
                        due = engine.add(since, budget - used)
                        if shown.due_on_close == "next_open":
                            due = _past_close(engine, due)
        if shown is not None and shown.met_due == "cleared" and cycle.outcome == "met":
            due = None
        self.due = due

    def _hold_added(
        self,
        cycle: Cycle,
        runs: list[tuple[int, int]],
        holds: list[tuple[int, int, str]],
        now: int,
        shown: Options | None,
    ) -> None:
        """``pause_accounting: hold_added`` (`slaclock.clock.hold`): the deadline is compared
        with the instant itself, so it breaches in closed time too."""
        engine = self.engine
        elapsed = engine.elapsed
        used = 0
        for a, b in runs:
            used += elapsed(a, b)
        ref = now if cycle.end is None else cycle.end
        at_due = shown is not None and shown.breach_at == "at_due"
        due, self.budget, self.moves = hold_added(
            engine, cycle.start, self.budget, runs, holds, ref, used, at_due
        )
        if shown is not None and shown.due_on_close == "next_open":
            due = _past_close(engine, due)
        self.used = used
        self.start = cycle.start
        if shown is not None and shown.reported_start == "first_open":
            self.start = engine.next_open(cycle.start)
        self.hidden_due = None
        shown_due: int | None = due
        if ref > due or (at_due and ref == due):
            self.state = "breached"
            self.breached_at = due
        else:
            self.breached_at = None
            if cycle.end is not None:
                self.state = "met" if cycle.outcome == "met" else "cancelled"
            elif self.counting:
                self.state = "running"
            else:
                self.state = "paused"
                shown_due = None
        if shown is not None and shown.met_due == "cleared" and cycle.outcome == "met":
            shown_due = None
        self.due = shown_due

    @property
    def paused(self) -> int:
        """Business time in which the cycle's clock was held (computed when first asked)."""
        if self._paused is None:
            engine = self.engine
            elapsed = engine.elapsed
            cycle = self.cycle
            own = cycle.holds
            done, total = 0, 0
            held = cycle.held
            if held is not None and held[0] is engine:
                _, done, total = held
            for a, b, _ in own[done:] if done else own:
                total += elapsed(a, b)
            cycle.held = (engine, len(own), total)
            if self.holds is not own:
                a, b, _ = self.holds[-1]
                total += elapsed(a, b)
            self._paused = total
        return self._paused


def _past_close(engine: Counter, due: int) -> int:
    """A deadline exactly at a closing moved to the next opening (``due_on_close:
    next_open``); any other deadline unchanged."""
    if engine.next_open(due) != due and engine.next_open(due - 1) == due - 1:
        return engine.next_open(due)
    return due


def _resolved_since(cycle: Cycle) -> int:
    """``resolved_due: projected``: where a cycle that ended counts its time left from — the
    instant from which the ticket's resolve held it, for one cancelled while the ticket was
    resolved (a close after a resolve); its end otherwise."""
    end = cycle.end
    assert end is not None
    since = cycle.resolved_since
    return since if since is not None and cycle.outcome == "cancelled" else end


def _frozen(
    engine: Counter, found: int | None, runs: list[tuple[int, int]], start: int, left: int
) -> int:
    """``paused_due: frozen``: the deadline as it stood when the hold began — where the
    budget ran out (`found`), or where the clock would use up what is `left` had it counted
    on from the end of its last run (from its start when it never ran)."""
    if found is not None:
        return found
    return engine.add(runs[-1][1] if runs else start, left)


def hide(measure: Measure, projected: bool) -> None:
    """``pause_accounting: hide``: a running target whose status pauses it shows as paused,
    without a deadline (or with it, under ``paused_due: projected`` or ``frozen``: the clock
    keeps counting, so now + the time left, and the deadline as it stood when the pause
    began, are the deadline itself). It still breaches at the deadline."""
    if measure.state == "running":
        measure.state = "paused"
        measure.hidden_due = measure.due
        if not projected:
            measure.due = None


class _CountedSoFar:
    """Counted business time of a cycle's first runs, per calendar, summed once: priority
    changes come in order, so each checkpoint extends the previous sum (linear in the
    events, not quadratic)."""

    __slots__ = ("_sums", "runs", "start")

    def __init__(self, runs: list[tuple[int, int]], start: int) -> None:
        self.runs = runs
        self.start = start
        # (engine, the instant a wait ends) -> (runs summed, total)
        self._sums: dict[object, tuple[int, int]] = {}

    def upto(self, target: Target, runs: int) -> int:
        engine = counter_for(target, self.start)
        key = (target.calendar.engine, counts_from(target, self.start))
        done, total = self._sums.get(key, (0, 0))
        if runs < done:  # checkpoints out of order: start again (never in practice)
            done, total = 0, 0
        elapsed = engine.elapsed
        for a, b in self.runs[done:runs]:
            total += elapsed(a, b)
        self._sums[key] = (runs, total)
        return total


def _wall(
    engine: Counter, runs: list[tuple[int, int]], holds: list[tuple[int, int, str]], budget: int
) -> tuple[int, int, int, int | None, list[tuple[int, int]]]:
    """Wall accounting (docs/concepts/sla-clock.md): each held stretch that begins with budget
    left moves the deadline later by its wall-clock length; the cycle's allowance becomes the
    business time counted so far plus the open time from the stretch's end to the moved
    deadline. Adjacent holds (a pause, then the ticket resolved) are one stretch.

    Returns the allowance, the index of the first run after the last move, the business time
    counted before it, the end of that stretch (None: nothing moved) and the moving stretches.
    """
    elapsed = engine.elapsed
    allowance = budget
    used = 0
    i = 0
    first = 0
    counted = 0
    moved_to: int | None = None
    moves: list[tuple[int, int]] = []
    k = 0
    n = len(holds)
    while k < n:
        a, b, _ = holds[k]
        while i < len(runs) and runs[i][0] < a:
            used += elapsed(runs[i][0], runs[i][1])
            i += 1
        k += 1
        while k < n and holds[k][0] == b:
            b = holds[k][1]
            k += 1
        if used < allowance:
            moved = engine.add(a, allowance - used) + (b - a)
            allowance = used + elapsed(b, moved)
            first, counted, moved_to = i, used, b
            moves.append((a, b))
    return allowance, first, counted, moved_to, moves


def _breached_before(
    cycle: Cycle,
    check: Checkpoint,
    target: Target,
    accounting: PauseAccounting,
    counted: _CountedSoFar,
    shown: Options | None,
) -> int | None:
    """When a cycle as it stood at a checkpoint had breached `target`, or None. Most are
    well inside their budget, which their counted time alone shows."""
    if accounting != "wall" and accounting != "hold_added":
        budget = budget_us(target, cycle.start)
        used = counted.upto(target, check.runs)
        if check.hold is None and check.at > check.since:
            used += counter_for(target, cycle.start).elapsed(check.since, check.at)
        if used < budget or (used == budget and (shown is None or shown.breach_at != "at_due")):
            return None
    return Measure(cycle.as_of(check), target, "", check.at, accounting, shown).breached_at


def keep_earlier_breach(
    measure: Measure,
    checks: list[Checkpoint],
    metric: str,
    targets: Callable[[str], Mapping[str, Target] | None],
    accounting: PauseAccounting,
    shown: Options | None = None,
) -> None:
    """Sticky breach under retarget: a cycle that had breached its target before a priority
    change stays breached (from that earlier instant), even if the new target is longer.
    Every change is looked at: a later one can reveal an earlier breach (a shorter budget,
    or one counted on another calendar, applies from the cycle's start)."""
    counted = _CountedSoFar(measure.cycle.runs, measure.cycle.start)
    for check in checks:
        found = targets(check.priority)
        old = None if found is None else found.get(metric)
        if old is None or old is measure.target:
            continue  # the same target breaches at the same instant now as it did then
        breached_at = _breached_before(measure.cycle, check, old, accounting, counted, shown)
        if breached_at is not None:
            if measure.breached_at is None or breached_at < measure.breached_at:
                measure.breached_at = breached_at
            measure.state = "breached"


def budget_us(target: Target, start: int) -> int:
    """A target's budget as open time from `start`: fixed budgets are precomputed, business
    days are resolved against the calendar at `start` (after the target's wait, if any)."""
    fixed = target.fixed_us
    if fixed is not None:
        return fixed
    budget = target.budget
    calendar = target.calendar
    begins = counts_from(target, start)
    if begins is not None:
        start = begins
    days = budget.days if isinstance(budget, BusinessDays) else 0
    if isinstance(budget, BusinessDays) and budget.meaning == "close":
        due = close_of_business_day_us(calendar, start, days)
    else:
        due = add_business_days_us(calendar, start, days)
    return calendar.engine.elapsed(start, due)


def missed_messages(measure: Measure) -> int | None:
    """A next response's customer messages left unanswered past its target (None for other
    metrics): none while the cycle is not breached; else one for the messages already
    waiting when it breached (they are one wait) and one for each message after that instant
    before the reply, each of which found the target already missed (Chatwoot's misses)."""
    messages = measure.cycle.messages
    if messages is None:
        return None
    breached = measure.breached_at
    if breached is None:
        return 0
    return 1 + sum(1 for t in messages if t > breached)
