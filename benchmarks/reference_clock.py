"""A lean reference evaluator for the default semantics, timed against `evaluate`.

    .venv/bin/python benchmarks/reference_clock.py [--tickets 20000] [--rounds 5]

The simplest fast code for the common case, written apart from the engine: one policy on a
fixed Monday–Friday 09:00–17:00 Europe/Berlin calendar (its open intervals precomputed once,
with the open time before each), `first_response` and `resolution` with a pause status, a
public reply meeting the response, resolve and reopen (the resolved time held, the
resolution resumed), breach when more than the budget is used. It reads the same
`TicketEvent` lists as `evaluate` and returns, per metric, the state, the deadline and the
breach instant as aware datetimes: what a host stores.

The script first checks that both agree on every ticket it times (state, `due_at`,
`breached_at`), then times both over the same tickets, alternating, in chunks of 1,000,
each chunk's best round counting. Prints µs per ticket and `evaluate` ÷ reference (target:
at most 1.5×). Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from bisect import bisect_left, bisect_right
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from slaclock import PolicySet, TicketEvent, evaluate

BERLIN = ZoneInfo("Europe/Berlin")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
HOUR = 3_600_000_000
BUDGETS = {"P1": (1 * HOUR, 8 * HOUR), "P2": (4 * HOUR, 24 * HOUR)}  # response, resolution
PAUSE = "pending"
POLICY = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "policies": [
            {
                "name": "reference",
                "calendar": "office",
                "pause_on": [PAUSE],
                "targets": {
                    "P1": {"first_response": "1h", "resolution": "8h"},
                    "P2": {"first_response": "4h", "resolution": "24h"},
                },
            }
        ],
    }
)


def _us(value: datetime) -> int:
    d = value - EPOCH
    return (d.days * 86_400 + d.seconds) * 1_000_000 + d.microseconds


# Open intervals of 2024-2028, and the open time before each.
STARTS: list[int] = []
ENDS: list[int] = []
BEFORE: list[int] = []
_day = datetime(2024, 1, 1)
_total = 0
while _day.year < 2029:
    if _day.weekday() < 5:
        a = _us(_day.replace(hour=9, tzinfo=BERLIN))
        b = _us(_day.replace(hour=17, tzinfo=BERLIN))
        STARTS.append(a)
        ENDS.append(b)
        BEFORE.append(_total)
        _total += b - a
    _day += timedelta(days=1)


def open_before(t: int) -> int:
    """Open time from the table's start to `t`."""
    i = bisect_right(STARTS, t) - 1
    if i < 0:
        return 0
    return BEFORE[i] + min(t, ENDS[i]) - STARTS[i]


def add(t: int, d: int) -> int:
    """The earliest instant at which `d` of open time has passed after `t`."""
    goal = open_before(t) + d
    i = bisect_left(BEFORE, goal) - 1  # the interval in which the goal is reached
    while ENDS[i] - STARTS[i] + BEFORE[i] < goal:
        i += 1
    return max(t, STARTS[i] + goal - BEFORE[i])


def measure(
    runs: list[tuple[int, int]], budget: int, counting_since: int | None, ended: int | None
) -> tuple[str, int | None, int | None]:
    """(state, due, breached) of one metric from its counted runs."""
    used = 0
    due = None
    for a, b in runs:
        span = open_before(b) - open_before(a)
        if due is None and used + span >= budget:
            due = add(a, budget - used) if budget > used else a
        used += span
    if due is None:
        if ended is not None:
            due = add(ended, budget - used)
        elif counting_since is not None:
            due = add(counting_since, budget - used)
    if used > budget:
        return "breached", due, due
    if ended is not None:
        return "met", due, None
    if counting_since is not None:
        return "running", due, None
    return "paused", None, None


def reference(events: list[TicketEvent], now: datetime) -> dict[str, tuple[str, object, object]]:
    """Per metric: (state, due_at, breached_at) at `now`."""
    now_us = _us(now)
    created = events[0]
    response_budget, resolution_budget = BUDGETS[str(created.priority)]
    start = _us(created.at)
    paused = created.status == PAUSE
    resolved = False
    fr_runs: list[tuple[int, int]] = []
    fr_since: int | None = None if paused else start  # counting since, or None when held
    fr_end: int | None = None
    rs_runs: list[tuple[int, int]] = []
    rs_since: int | None = None if paused else start
    rs_end: int | None = None
    for event in events[1:]:
        t = _us(event.at)
        if t > now_us:
            break
        kind = event.type
        if kind == "status_changed":
            paused = event.status == PAUSE
        elif kind == "agent_replied":
            if event.public and fr_end is None:
                if fr_since is not None and t > fr_since:
                    fr_runs.append((fr_since, t))
                fr_since, fr_end = None, t
            continue
        elif kind == "resolved":
            if not resolved:
                resolved = True
                if rs_since is not None and t > rs_since:
                    rs_runs.append((rs_since, t))
                rs_since, rs_end = None, t
        elif kind == "reopened":
            if resolved:
                resolved = False
                rs_end = None
        else:
            continue
        # What counts now: the response while open and not paused; the resolution while
        # not resolved and not paused.
        fr_on = fr_end is None and not paused and not resolved
        if fr_since is not None and not fr_on:
            if t > fr_since:
                fr_runs.append((fr_since, t))
            fr_since = None
        elif fr_since is None and fr_on:
            fr_since = t
        rs_on = rs_end is None and not paused
        if rs_since is not None and not rs_on:
            if t > rs_since:
                rs_runs.append((rs_since, t))
            rs_since = None
        elif rs_since is None and rs_on:
            rs_since = t
    out = {}
    for name, runs, since, end, budget in (
        ("first_response", fr_runs, fr_since, fr_end, response_budget),
        ("resolution", rs_runs, rs_since, rs_end, resolution_budget),
    ):
        if since is not None and now_us > since:
            runs = [*runs, (since, now_us)]
        state, due, breached = measure(
            runs, budget, max(since, now_us) if since is not None else None, end
        )
        out[name] = (
            state,
            None if due is None else datetime.fromtimestamp(due / 1e6, BERLIN),
            None if breached is None else datetime.fromtimestamp(breached / 1e6, BERLIN),
        )
    return out


def tickets(count: int, seed: int = 11) -> list[list[TicketEvent]]:
    """Tickets of the reference's scope: pauses, replies, resolves and reopens."""
    rng = random.Random(seed)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    out = []
    for _ in range(count):
        at = base + timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        events = [TicketEvent.created(at.astimezone(BERLIN), rng.choice(("P1", "P2")))]
        for _ in range(rng.randrange(5, 10)):
            at += timedelta(minutes=rng.randrange(5, 600))
            local = at.astimezone(BERLIN)
            roll = rng.random()
            if roll < 0.3:
                events.append(TicketEvent.agent_replied(local, public=rng.random() < 0.7))
            elif roll < 0.45:
                events.append(TicketEvent.customer_replied(local))
            elif roll < 0.75:
                events.append(TicketEvent.status_changed(local, rng.choice((PAUSE, "open"))))
            elif roll < 0.9:
                events.append(TicketEvent.resolved(local))
            else:
                events.append(TicketEvent.reopened(local))
        out.append(events)
    return out


def by_engine(events: list[TicketEvent], now: datetime) -> dict[str, tuple[str, object, object]]:
    status = evaluate(POLICY, events, now)
    return {m.metric: (m.state, m.due_at, m.breached_at) for m in status.metrics}


NOW = datetime(2027, 1, 15, 12, tzinfo=BERLIN)


def check(data: list[list[TicketEvent]], now: datetime = NOW) -> None:
    """Stop unless `evaluate` and the reference agree on every ticket (this also builds the
    calendar years both read)."""
    for events in data:
        expected, actual = by_engine(events, now), reference(events, now)
        if expected != actual:
            raise SystemExit(f"disagreement on {events}:\n{expected}\n{actual}")


def timed(data: list[list[TicketEvent]], rounds: int, now: datetime = NOW) -> tuple[float, float]:
    """Seconds per ticket of `evaluate` and of the reference over the same tickets, alternating,
    in chunks of 1,000, each chunk's best round counting."""
    chunks = [data[i : i + 1000] for i in range(0, len(data), 1000)]
    best: dict[str, list[float]] = {"evaluate": [], "reference": []}
    for chunk in chunks:
        times = {"evaluate": float("inf"), "reference": float("inf")}
        for _ in range(rounds):
            for label, run in (("evaluate", by_engine), ("reference", reference)):
                begin = time.perf_counter()
                for events in chunk:
                    run(events, now)
                times[label] = min(times[label], time.perf_counter() - begin)
        for label, seconds in times.items():
            best[label].append(seconds)
    n = len(data)
    return sum(best["evaluate"]) / n, sum(best["reference"]) / n


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--tickets", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    data = tickets(args.tickets)
    check(data)
    print(f"agree on all {len(data):,} tickets; load average {os.getloadavg()[0]:.2f}")
    engine, lean = timed(data, args.rounds)
    print(f"evaluate  {engine * 1e6:6.1f} µs/ticket")
    print(f"reference {lean * 1e6:6.1f} µs/ticket")
    print(f"evaluate ÷ reference: {engine / lean:.2f}× (target ≤ 1.5×)")
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
