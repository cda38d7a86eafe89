"""Properties of the SLA clock, on random policies and random ticket timelines.

The engine is compared with the minute-by-minute model in `clock_oracle`; the incremental
clock with a full replay; and the invariants of docs/concepts/sla-clock.md are checked on
their own: pauses only delay, a fully paused target never breaches, breaches stay, the zone
of the inputs is irrelevant, and no input crashes the engine.

Example counts scale with the Hypothesis profile of conftest.py (the default profile's 1,000
examples a property give the counts written below).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from clock_oracle import OMetric, OStatus, normalise, oracle_evaluate
from clock_strategies import (
    KINDS,
    MINUTES_PER_DAY,
    ZONES,
    ClockCase,
    clock_cases,
    created_events,
    effective,
    event_dicts,
    in_zone,
    instants_after,
    pause_status,
    policy_configs,
    timelines,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from slaclock import PolicyError, TimelineError
from slaclock.clock import MetricStatus, SlaClock, TicketStatus, evaluate
from slaclock.config import PolicySet
from slaclock.events import TicketEvent
from slaclock.policy.presets import PRESETS


def examples(count: int) -> settings:
    """`count` examples under the default profile, scaled for the others."""
    profile = settings.default
    assert profile is not None
    return settings(max_examples=max(10, count * profile.max_examples // 1000))


# --------------------------------------------------------------------------- views


def utc(value: datetime | None) -> datetime | None:
    """An instant in UTC. Two aware datetimes in different zones compare equal when they are
    the same instant, except (PEP 495) when one lies in a DST fold: 02:07 in Berlin on
    2026-10-25 is never == 00:07Z. Compare instants, not wall times."""
    return None if value is None else value.astimezone(UTC)


def _cycle_view(c: Any) -> tuple[Any, ...]:
    return (
        c.number,
        c.state,
        c.outcome,
        c.priority,
        utc(c.started_at),
        utc(c.due_at),
        utc(c.met_at),
        utc(c.breached_at),
        c.budget,
        c.elapsed,
        c.paused,
        c.messages,
        c.missed_messages,
    )


def _metric_view(m: MetricStatus | OMetric) -> dict[str, Any]:
    return {
        "state": m.state,
        "started_at": utc(m.started_at),
        "due_at": utc(m.due_at),
        "met_at": utc(m.met_at),
        "breached_at": utc(m.breached_at),
        "elapsed": m.elapsed,
        "paused": m.paused,
        "remaining": m.remaining,
        "next_warning_at": utc(m.next_warning_at),
        "cycles": [_cycle_view(c) for c in m.cycles],
    }


def engine_view(status: TicketStatus) -> dict[str, Any]:
    """What the oracle also computes, instants in UTC."""
    return {
        "metrics": {m.metric: _metric_view(m) for m in status.metrics},
        "next_change_at": utc(status.next_change_at),
    }


def oracle_view(status: OStatus) -> dict[str, Any]:
    return {
        "metrics": {name: _metric_view(m) for name, m in status.metrics.items()},
        "next_change_at": status.next_change_at,
    }


def percents(metrics: Any) -> dict[str, float | None]:
    items = metrics.items() if isinstance(metrics, dict) else ((m.metric, m) for m in metrics)
    return {name: m.percent_used for name, m in items}


def run_engine(case: ClockCase) -> TicketStatus | str:
    try:
        return evaluate(case.policies, case.events, case.now)
    except PolicyError:
        return "PolicyError"


def without_now(status: TicketStatus) -> dict[str, Any]:
    out = status.to_dict()
    del out["now"]
    return out


# --------------------------------------------------------------------------- the oracle


class TestAgainstTheMinuteModel:
    @examples(600)
    @given(clock_cases())
    def test_engine_equals_the_minute_by_minute_model(self, case: ClockCase) -> None:
        try:
            model = oracle_evaluate(case.config, case.events, case.now)
        except PolicyError:
            expected: dict[str, Any] | str = "PolicyError"
            expected_percent: dict[str, float | None] = {}
        else:
            expected, expected_percent = oracle_view(model), percents(model.metrics)

        actual = run_engine(case)

        if isinstance(actual, str):
            assert expected == actual
            return
        assert expected == engine_view(actual)
        # Both sides round to two decimals, so they may differ by one step (0.01, which floats
        # show as 0.0100000000000051).
        assert expected_percent == pytest.approx(percents(actual.metrics), abs=0.0101)

    @examples(200)
    @given(st.data())
    def test_a_restart_keeps_the_hold_of_custom_pause_conditions(self, data: st.DataObject) -> None:
        # Priority changes restart every open cycle; the "handling" metric is held by its
        # pause/resume conditions while the vendor has the ticket, and its new cycle must
        # start in that hold.
        config = data.draw(policy_configs(handling=True, options={"priority_change": "restart"}))
        kinds = ("assigned", "assigned", "priority_changed", "priority_changed", *KINDS)
        events = data.draw(timelines(kinds=kinds))
        case = ClockCase(config, tuple(events), data.draw(instants_after(events)))
        try:
            model = oracle_evaluate(case.config, case.events, case.now)
        except PolicyError:
            return

        actual = run_engine(case)

        assert not isinstance(actual, str)
        assert oracle_view(model) == engine_view(actual)


# --------------------------------------------------------------------------- incremental


class TestIncrementalEqualsReplay:
    @examples(300)
    @given(clock_cases(), st.randoms(use_true_random=False))
    def test_applying_events_one_by_one_in_any_order(self, case: ClockCase, rnd: Any) -> None:
        # The host stores the events in `case.events`; they reach the clock in another order.
        arrival = list(case.events)
        rnd.shuffle(arrival)
        clock = SlaClock(case.policies)
        for event in arrival:
            clock.apply(event)
        expected = evaluate(case.policies, case.events, case.now).to_dict()

        actual = clock.status(case.now).to_dict()

        assert expected == actual

    @examples(300)
    @given(clock_cases(), st.randoms(use_true_random=False))
    def test_the_order_events_are_given_in_does_not_matter(self, case: ClockCase, rnd: Any) -> None:
        given_order = list(case.events)
        rnd.shuffle(given_order)
        expected = evaluate(case.policies, case.events, case.now).to_dict()

        actual = evaluate(case.policies, given_order, case.now).to_dict()

        assert expected == actual

    @examples(300)
    @given(clock_cases(), st.data())
    def test_a_restored_clock_continues_identically(
        self, case: ClockCase, data: st.DataObject
    ) -> None:
        events = list(case.events)
        split = data.draw(st.integers(1, len(events)))
        first = SlaClock(case.policies, events[:split])
        restored = SlaClock.from_json(first.to_json(), case.policies)
        if any(e.type == "created" for e in events[:split]):
            assert first.status(case.now).to_dict() == restored.status(case.now).to_dict()
        assert first.events == restored.events
        for event in events[split:]:
            restored.apply(event)
        expected = SlaClock(case.policies, events).status(case.now).to_dict()

        actual = restored.status(case.now).to_dict()

        assert expected == actual

    @examples(300)
    @given(clock_cases(), st.randoms(use_true_random=False))
    def test_a_status_after_every_event_equals_a_replay(self, case: ClockCase, rnd: Any) -> None:
        # Mostly in order, some events late: the clock keeps the measures of ended cycles
        # and the sums of finished runs between statuses, and redoes its walk after a late
        # event; every status must still equal a replay of the events applied so far.
        arrival = sorted(case.events, key=lambda e: e.at)
        for _ in range(rnd.randint(0, 2)):
            if len(arrival) > 2:
                arrival.insert(rnd.randrange(len(arrival)), arrival.pop())
        clock = SlaClock(case.policies)
        applied: list[TicketEvent] = []
        for event in arrival:
            clock.apply(event)
            applied.append(event)
            if any(e.type == "created" for e in applied):
                now = max(case.now, *(e.at for e in applied))
                expected = evaluate(case.policies, applied, now).to_dict()

                assert expected == clock.status(now).to_dict()

    @examples(300)
    @given(clock_cases(), st.data(), st.randoms(use_true_random=False))
    def test_late_events_into_a_restored_clock(
        self, case: ClockCase, data: st.DataObject, rnd: Any
    ) -> None:
        # The host saved the clock after some events; the rest arrive after the restore, in
        # any order (late ones among them), with statuses read in between.
        events = list(case.events)
        rnd.shuffle(events)
        split = data.draw(st.integers(1, len(events)))
        first = SlaClock(case.policies, events[:split])
        restored = SlaClock.from_json(first.to_json(), case.policies)
        for event in events[split:]:
            restored.apply(event)
            if rnd.random() < 0.5 and any(e.type == "created" for e in restored.events):
                restored.status(max(case.now, *(e.at for e in restored.events)))
        expected = evaluate(case.policies, case.events, case.now).to_dict()

        actual = restored.status(case.now).to_dict()

        assert expected == actual


# --------------------------------------------------------------------------- pauses


def _status_in_force(events: list[TicketEvent], at: datetime) -> str:
    status: str | None = None
    for event in normalise(events):
        if event.at > at:
            break
        if event.type in ("created", "status_changed") and event.status is not None:
            status = event.status
    return status or "open"


class TestPausesOnlyDelay:
    @examples(300)
    @given(clock_cases(pause_on=True), st.data())
    def test_a_pause_never_makes_a_deadline_earlier(
        self, case: ClockCase, data: st.DataObject
    ) -> None:
        options = effective(case.config["policies"][0])
        status = pause_status(case.config)
        # A pause status that also gives the first response ends that cycle (the property
        # is about pauses, not about a response given earlier).
        assume(status not in options.get("first_response_statuses", ()))
        assume("pause" not in options.get("first_response_met_by", ()))
        created = next(e for e in case.events if e.type == "created")
        a = data.draw(st.integers(0, 3 * MINUTES_PER_DAY), label="pause from (minutes)")
        b = data.draw(st.integers(a + 1, a + 2 * MINUTES_PER_DAY), label="pause to (minutes)")
        start = created.at + timedelta(minutes=a)
        end = created.at + timedelta(minutes=b)
        events = list(case.events)
        paused = [
            *events,
            TicketEvent.status_changed(start, pause_status(case.config)),
            TicketEvent.status_changed(end, _status_in_force(events, end)),
        ]
        before = evaluate(case.policies, events, case.now)

        after = evaluate(case.policies, paused, case.now)

        assert [m.metric for m in before.metrics] == [m.metric for m in after.metrics]
        for old, new in zip(before.metrics, after.metrics, strict=True):
            assert len(old.cycles) == len(new.cycles)
            for c0, c1 in zip(old.cycles, new.cycles, strict=True):
                assert c1.elapsed <= c0.elapsed
                if c0.due_at is not None and c1.due_at is not None:
                    assert c1.due_at.timestamp() >= c0.due_at.timestamp()
                if c1.breached_at is not None:
                    assert c0.breached_at is not None
                    assert c1.breached_at.timestamp() >= c0.breached_at.timestamp()
            if new.state == "breached":
                assert old.state == "breached"

    @examples(300)
    @given(st.data())
    def test_a_target_paused_from_start_to_now_never_breaches(self, data: st.DataObject) -> None:
        config = data.draw(policy_configs(pause_on=True))
        (policy,) = config["policies"]
        preset = PRESETS[policy["preset"]].settings if "preset" in policy else {}
        if {**preset, **policy}.get("pause_accounting") == "hide":
            # `hide` gives this property up: its pauses only hide the deadline.
            policy["pause_accounting"] = "business"
        created = data.draw(created_events(status=pause_status(config)))
        kinds = tuple(k for k in KINDS if k != "status_changed")
        events = data.draw(timelines(kinds=kinds, created=created))
        case = ClockCase(config, tuple(events), data.draw(instants_after(events)))

        status = evaluate(case.policies, case.events, case.now)

        for metric in status.metrics:
            assert metric.state != "breached"
            assert metric.breached_at is None
            for cycle in metric.cycles:
                assert timedelta(0) == cycle.elapsed
                assert cycle.breached_at is None


# --------------------------------------------------------------------------- breaches stay


class TestBreachesStay:
    @examples(300)
    @given(clock_cases(sticky=True), st.integers(1, 3 * MINUTES_PER_DAY))
    def test_evaluating_at_a_later_now_never_unbreaches(self, case: ClockCase, later: int) -> None:
        # A later priority change may move a breach earlier (retarget applies a shorter target
        # from the cycle's start) but never lifts it: breach is sticky.
        events = list(case.events)
        then = evaluate(case.policies, events, case.now)
        breached = {m.metric: utc(m.breached_at) for m in then.metrics if m.state == "breached"}

        now = evaluate(case.policies, events, case.now + timedelta(minutes=later))

        still = {m.metric: utc(m.breached_at) for m in now.metrics if m.metric in breached}
        assert {name: "breached" for name in breached} == {
            m.metric: m.state for m in now.metrics if m.metric in breached
        }
        assert breached.keys() == still.keys()
        for name, first in breached.items():
            kept = still[name]
            assert kept is not None and first is not None
            assert kept <= first


# --------------------------------------------------------------------------- zones


class TestZonesDoNotMatter:
    @examples(300)
    @given(clock_cases(), st.data())
    def test_the_same_instants_in_other_zones_give_the_same_result(
        self, case: ClockCase, data: st.DataObject
    ) -> None:
        zones = st.sampled_from(ZONES)
        moved = [
            TicketEvent(**{**_fields(e), "at": in_zone(e.at, data.draw(zones))})
            for e in case.events
        ]
        expected = without_now(evaluate(case.policies, case.events, case.now))

        actual = without_now(evaluate(case.policies, moved, in_zone(case.now, data.draw(zones))))

        assert expected == actual


def _fields(event: TicketEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in TicketEvent.__slots__}


# --------------------------------------------------------------------------- fuzzing

FUZZ_POLICIES = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "policies": [
            {
                "name": "desk",
                "calendar": "office",
                "pause_on": ["pending"],
                "warn_at": [0.5],
                "targets": {
                    "P1": {
                        "first_response": "1h",
                        "next_response": "2h",
                        "periodic_update": "3h",
                        "resolution": "4h",
                    },
                    "P2": {"first_response": "2h", "resolution": "2 business days"},
                },
            }
        ],
    }
)
fuzz_nows = st.datetimes(
    min_value=datetime(2026, 11, 1),  # noqa: DTZ001 - bounds of an aware strategy
    max_value=datetime(2027, 1, 31),  # noqa: DTZ001
    timezones=st.sampled_from([UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]),
)
OUT_OF_RANGE = (
    datetime(1, 1, 1, 12, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo")),
    datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
    datetime(9997, 1, 1, tzinfo=UTC),
)
VALID_CREATED = TicketEvent.created(datetime(2026, 11, 23, 9, tzinfo=UTC), "P1")


def _outcome(events: list[TicketEvent], now: datetime) -> str:
    """evaluate and SlaClock: a status (its JSON must render) or a TimelineError/PolicyError."""
    try:
        status = evaluate(FUZZ_POLICIES, events, now)
    except (TimelineError, PolicyError) as exc:
        assert str(exc)
        return type(exc).__name__
    json.loads(status.to_json())
    clock = SlaClock(FUZZ_POLICIES)
    for event in events:
        clock.apply(event)
    assert status.to_dict() == clock.status(now).to_dict()
    return "status"


class TestFuzzing:
    @examples(600)
    @given(st.lists(event_dicts(), max_size=8), fuzz_nows, st.booleans())
    def test_any_json_events_give_a_status_or_a_clear_error(
        self, dicts: list[Any], now: datetime, with_created: bool
    ) -> None:
        events = [VALID_CREATED] if with_created else []
        for index, data in enumerate(dicts):
            try:
                events.append(TicketEvent.from_dict(data, index=index))
            except TimelineError as exc:
                assert f"event {index}" in str(exc)

        outcome = _outcome(events, now)

        assert outcome in ("status", "TimelineError", "PolicyError")

    @examples(500)
    @given(
        st.lists(
            st.builds(
                TicketEvent,
                type=st.sampled_from(
                    (
                        "created",
                        "status_changed",
                        "agent_replied",
                        "customer_replied",
                        "priority_changed",
                        "assigned",
                        "resolved",
                        "reopened",
                        "closed",
                        "attribute_changed",
                        "escalated",
                    )
                ),
                at=st.one_of(
                    st.datetimes(
                        min_value=datetime(2025, 1, 1),  # noqa: DTZ001
                        max_value=datetime(2028, 1, 1),  # noqa: DTZ001
                        timezones=st.sampled_from([UTC, ZoneInfo("Asia/Tokyo")]),
                    ),
                    st.datetimes(),  # naive
                    st.sampled_from(OUT_OF_RANGE),
                    st.datetimes(
                        min_value=datetime(2026, 11, 20),  # noqa: DTZ001
                        max_value=datetime(2026, 12, 10),  # noqa: DTZ001
                        timezones=st.just(UTC),
                    ),
                ),
                id=st.none() | st.sampled_from(("a", "b")),
                priority=st.none() | st.sampled_from(("P1", "P2", "P7")),
                status=st.none() | st.sampled_from(("pending", "open")),
                public=st.none() | st.booleans(),
                group=st.none() | st.just("network"),
                assignee=st.none() | st.just("ann"),
            ),
            max_size=8,
        ),
        fuzz_nows,
    )
    def test_any_event_objects_give_a_status_or_a_clear_error(
        self, events: list[TicketEvent], now: datetime
    ) -> None:
        outcome = _outcome(events, now)

        assert outcome in ("status", "TimelineError", "PolicyError")

    @examples(300)
    @given(st.text(max_size=80))
    def test_any_json_line_gives_an_event_or_a_timeline_error(self, line: str) -> None:
        try:
            event = TicketEvent.from_json(line, index=3)
        except TimelineError as exc:
            assert "event 3" in str(exc)
        else:
            assert isinstance(event, TicketEvent)
