"""The properties of the clock under every peer preset and every value of the options they
set: the engine equals the minute-by-minute model, the incremental clock equals a replay,
and the zone the instants are written in never matters.

Each case draws a random policy (`policy_configs`) with the preset or the option forced.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from clock_oracle import OMetric, OStatus, oracle_evaluate
from clock_strategies import (
    PEER_OPTIONS,
    PRESET_NAMES,
    ZONES,
    ClockCase,
    effective,
    in_zone,
    instants_after,
    pauses_inside_minutes,
    policy_configs,
    refused,
    timelines,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import PolicyError
from slaclock.clock import MetricStatus, SlaClock, TicketStatus, evaluate
from slaclock.events import TicketEvent

FORCED: list[Any] = [
    pytest.param({"preset": name}, id=f"preset-{name}") for name in PRESET_NAMES
] + [
    pytest.param(
        {key: list(value) if isinstance(value, tuple) else value},
        id=f"{key}-{'+'.join(value) if isinstance(value, tuple) else value}",
    )
    for key, values in PEER_OPTIONS.items()
    for value in values[1:]
]


def examples(count: int) -> settings:
    profile = settings.default
    assert profile is not None
    return settings(max_examples=max(10, count * profile.max_examples // 1000))


def utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)


def _view(m: MetricStatus | OMetric) -> dict[str, Any]:
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
        "cycles": [
            (
                c.number,
                c.state,
                c.outcome,
                utc(c.started_at),
                utc(c.due_at),
                utc(c.breached_at),
                c.messages,
                c.missed_messages,
            )
            for c in m.cycles
        ],
    }


def engine_view(status: TicketStatus) -> dict[str, Any]:
    return {
        "metrics": {m.metric: _view(m) for m in status.metrics},
        "next_change_at": utc(status.next_change_at),
    }


def oracle_view(status: OStatus) -> dict[str, Any]:
    return {
        "metrics": {name: _view(m) for name, m in status.metrics.items()},
        "next_change_at": status.next_change_at,
    }


@st.composite
def forced_cases(draw: st.DrawFn, forced: dict[str, Any]) -> ClockCase:
    config = draw(policy_configs(options=forced))
    (policy,) = config["policies"]
    projects = forced.get("paused_due") in ("projected", "frozen")
    if projects or forced.get("resolved_due") == "projected" or policy.get("preset") == "otrs":
        policy.pop("pause_accounting", None)  # wall accounting is refused with these
        if refused(policy):  # and so is the preset's own (erpnext's hold_added)
            policy["pause_accounting"] = "business"
    if "preset" in forced:
        for key in PEER_OPTIONS:  # the preset's own values, not drawn ones over them
            policy.pop(key, None)
    events = draw(timelines())
    now = draw(instants_after(events))
    options = effective(policy)
    meets = "pause" in options.get("first_response_met_by", ()) or options.get(
        "first_response_statuses"
    )
    if options.get("pause_rounding") == "minute" and not meets:
        # Status changes inside a minute (the model moves them to its start; a status that
        # also meets the first response would meet it there too, so not with the options
        # by which a status meets it).
        events = draw(pauses_inside_minutes(events))
    return ClockCase(config, tuple(events), now)


@pytest.mark.parametrize("forced", FORCED)
class TestUnderPeerOptions:
    @examples(150)
    @given(data=st.data())
    def test_engine_equals_the_minute_model(self, forced: dict[str, Any], data: Any) -> None:
        case = data.draw(forced_cases(forced))
        try:
            expected: Any = oracle_view(oracle_evaluate(case.config, case.events, case.now))
        except PolicyError:
            expected = "PolicyError"
        try:
            actual: Any = engine_view(evaluate(case.policies, case.events, case.now))
        except PolicyError:
            actual = "PolicyError"

        assert expected == actual

    @examples(80)
    @given(data=st.data(), rnd=st.randoms(use_true_random=False))
    def test_incremental_equals_replay(self, forced: dict[str, Any], data: Any, rnd: Any) -> None:
        case = data.draw(forced_cases(forced))
        arrival = list(case.events)
        rnd.shuffle(arrival)
        clock = SlaClock(case.policies)
        for event in arrival:
            clock.apply(event)
        try:
            expected = evaluate(case.policies, case.events, case.now).to_dict()
        except PolicyError:
            with pytest.raises(PolicyError):
                clock.status(case.now)
            return

        actual = clock.status(case.now).to_dict()

        assert expected == actual

    @examples(80)
    @given(data=st.data())
    def test_the_zone_of_the_inputs_does_not_matter(
        self, forced: dict[str, Any], data: Any
    ) -> None:
        case = data.draw(forced_cases(forced))
        zones = st.sampled_from(ZONES)
        moved = [
            TicketEvent(
                **{
                    **{name: getattr(e, name) for name in TicketEvent.__slots__},
                    "at": in_zone(e.at, data.draw(zones)),
                }
            )
            for e in case.events
        ]
        try:
            expected = evaluate(case.policies, case.events, case.now).to_dict()
        except PolicyError:
            return
        del expected["now"]

        actual = evaluate(case.policies, moved, in_zone(case.now, data.draw(zones))).to_dict()
        del actual["now"]

        assert expected == actual
