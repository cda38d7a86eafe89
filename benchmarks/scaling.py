"""How the clock's cost grows: each curve printed as ratios to its smallest point.

    .venv/bin/python benchmarks/scaling.py [--quick] [--only flips policies order horizon]

Cost must grow with the work, never faster. Each curve doubles or multiplies one dimension
and prints the time per unit of work relative to the first point (1.00 = flat):

- ``flips``: one ticket whose priority flips between two priorities with different targets,
  1,000 to 16,000 events (time per event).
- ``policies``: a ticket selected among 1 to 1,000 policies (two effective-dated versions
  per name, match on a customer id no rule names), every ticket a new customer (time per
  ticket).
- ``order``: `SlaClock` fed 3,000 events in order, newest first and shuffled (time per
  event, relative to in order); and `apply` + `status` per event at 100 to 3,000 events of
  history.
- ``horizon``: a ticket open 1 to 10 years: ledger rows and the time to write its JSON
  with the ledger, relative to its evaluation.

Timings are the best of a few repeats (``time.perf_counter``); on a shared machine run it
twice and keep the quieter run. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slaclock import (
    BusinessCalendar,
    BusinessTime,
    PolicySet,
    SlaClock,
    SlaPolicy,
    Target,
    TicketEvent,
    evaluate,
)
from slaclock.policy import MatchRule, PauseRule

OFFICE = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def best(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return min(times)


def policy(name: str, hours: dict[str, int], **kw: object) -> SlaPolicy:
    targets = {
        prio: {"resolution": Target("resolution", BusinessTime(timedelta(hours=h)), OFFICE, "o")}
        for prio, h in hours.items()
    }
    return SlaPolicy(name, OFFICE, "o", targets, **kw)  # type: ignore[arg-type]


def flips(sizes: list[int]) -> None:
    pauses = (PauseRule(frozenset({"pending"})),)
    policies = PolicySet((policy("p", {"P1": 40_000, "P2": 80_000}, pause_rules=pauses),))
    print("flips: one ticket, priority flipping P1 <-> P2 between pauses (time per event)")
    first = None
    for n in sizes:
        events = [TicketEvent.created(START, "P2")]
        for i in range(1, n):
            at = START + timedelta(seconds=30 * i)
            if i % 2:
                events.append(TicketEvent.priority_changed(at, "P1" if i % 4 == 1 else "P2"))
            else:
                events.append(TicketEvent.status_changed(at, "pending" if i % 4 else "open"))
        now = START + timedelta(seconds=30 * n)
        per = best(lambda events=events, now=now: evaluate(policies, events, now)) / n
        first = first or per
        print(f"  {n:>6} events  {per * 1e6:8.2f} µs/event  ratio {per / first:6.2f}")


def many_policies(sizes: list[int], tickets: int) -> None:
    print("policies: a new customer id each ticket, two dated versions per name (per ticket)")
    first = None
    for n in sizes:
        versions = []
        for i in range(n):
            rule = (MatchRule("customer", "in", (f"named-{i}",)),)
            edge = START + timedelta(days=30)
            versions.append(policy(f"c{i}", {"*": 8}, match=rule, effective_until=edge))
            versions.append(policy(f"c{i}", {"*": 6}, match=rule, effective_from=edge))
        versions.append(policy("fallback", {"*": 8}))
        policies = PolicySet(tuple(versions))
        logs = [
            [TicketEvent.created(START + timedelta(minutes=k), "P2", {"customer": f"x{k}"})]
            for k in range(tickets)
        ]
        now = START + timedelta(days=1)

        def run(
            policies: PolicySet = policies,
            logs: list[list[TicketEvent]] = logs,
            now: datetime = now,
        ) -> None:
            for log in logs:
                evaluate(policies, log, now)

        per = best(run) / tickets
        first = first or per
        print(f"  {n:>6} policies  {per * 1e6:8.2f} µs/ticket  ratio {per / first:6.2f}")


def feed_order(count: int, histories: list[int]) -> None:
    # Every built-in response metric, with pauses: many cycles and runs to measure.
    hours = timedelta(hours=400)
    targets = {
        "*": {
            name: Target(name, BusinessTime(hours), OFFICE, "o")
            for name in ("first_response", "next_response", "periodic_update", "resolution")
        }
    }
    pauses = (PauseRule(frozenset({"pending"})),)
    policies = PolicySet((SlaPolicy("p", OFFICE, "o", targets, pause_rules=pauses),))
    rng = random.Random(5)
    events = [TicketEvent.created(START, "P2")]
    for i in range(1, count):
        at = START + timedelta(minutes=7 * i)
        kind = rng.random()
        if kind < 0.4:
            events.append(TicketEvent.status_changed(at, rng.choice(["open", "pending"])))
        elif kind < 0.7:
            events.append(TicketEvent.customer_replied(at))
        else:
            events.append(TicketEvent.agent_replied(at, public=True))
    orders = {
        "in order": list(events),
        "newest first": list(reversed(events)),
        "shuffled": rng.sample(events, len(events)),
        "created last": [*events[1:], events[0]],
    }
    print(f"order: SlaClock fed {count} events, then one status (time per event, vs in order)")
    base = None
    end = events[-1].at
    for label, order in orders.items():

        def run(order: list[TicketEvent] = order) -> None:
            clock = SlaClock(policies)
            for event in order:
                clock.apply(event)
            clock.status(end)

        per = best(run) / count
        base = base or per
        print(f"  {label:>13}  {per * 1e6:10.2f} µs/event  ratio {per / base:7.2f}")
    print("order: apply + status per event after N events of history (in order)")
    base = None
    for n in histories:
        # The next 200 events of the same kinds, after the history's last one.
        extra = [
            dataclasses.replace(e, at=e.at + timedelta(minutes=7 * count)) for e in events[1:201]
        ]
        times = []
        for _ in range(5):
            clock = SlaClock(policies, events[:n])
            clock.status(events[n - 1].at)  # a host has read the status before

            begin = time.perf_counter()
            for event in extra:
                clock.apply(event)
                clock.status(event.at)
            times.append(time.perf_counter() - begin)
        per = min(times) / len(extra)
        base = base or per
        print(f"  {n:>6} events of history  {per * 1e6:9.2f} µs  ratio {per / base:6.2f}")


def horizon(years: list[int]) -> None:
    policies = PolicySet((policy("p", {"*": 50_000}),))
    print("horizon: a ticket open for years (ledger rows; JSON with ledger vs evaluation)")
    for y in years:
        events = [TicketEvent.created(START, "P2")]
        now = START + timedelta(days=365 * y)
        status = evaluate(policies, events, now)
        rows = len(status.metric("resolution").ledger)
        t_eval = best(lambda events=events, now=now: evaluate(policies, events, now))
        t_json = best(lambda status=status: status.to_json())
        print(
            f"  {y:>3} years  {rows:>7} ledger rows  evaluate {t_eval * 1e3:7.2f} ms"
            f"  to_json {t_json * 1e3:8.2f} ms  ratio {t_json / t_eval:8.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller curves")
    parser.add_argument("--only", nargs="*", default=["flips", "policies", "order", "horizon"])
    args = parser.parse_args()
    quick = args.quick
    if "flips" in args.only:
        flips([250, 1000] if quick else [1000, 2000, 4000, 8000, 16000])
    if "policies" in args.only:
        many_policies([1, 100] if quick else [1, 10, 100, 1000], 50 if quick else 300)
    if "order" in args.only:
        feed_order(300 if quick else 3000, [100, 300] if quick else [100, 1000, 3000])
    if "horizon" in args.only:
        horizon([1, 2] if quick else [1, 3, 10])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
