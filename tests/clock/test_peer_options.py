"""Worked examples of the options that peer presets set, each computed by hand in the
comments, under slaclock's default and under the option.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00. Monday 23 November 2026 is an ordinary Monday. The targets are first response
1h and resolution 4h; ``pending`` pauses every clock.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus, evaluate_jsonl
from slaclock.events import read_jsonl
from slaclock.policy import presets
from slaclock.report import ReportOptions, report_jsonl

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}


def support(**options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": {"*": {"first_response": "1h", "resolution": "4h"}},
                    **options,
                }
            ],
        }
    )


def run(events: Sequence[TicketEvent], now: str, **options: Any) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    policies = support(**options)
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


class TestBreachAt:
    # Created Monday 10:00, first response due 11:00; the reply comes at 11:00 exactly.
    EVENTS = (
        E.created(t("2026-11-23T10:00+01:00"), "P2"),
        E.agent_replied(t("2026-11-23T11:00+01:00")),
    )

    def test_by_default_a_reply_at_the_deadline_is_in_time(self) -> None:
        fr = run(self.EVENTS, "2026-11-23T12:00+01:00").metric("first_response")

        assert ("met", None) == (fr.state, fr.breached_at)

    def test_at_due_a_reply_at_the_deadline_is_late(self) -> None:
        fr = run(self.EVENTS, "2026-11-23T12:00+01:00", breach_at="at_due").metric("first_response")

        assert ("breached", "2026-11-23T11:00:00+01:00") == (fr.state, iso(fr.breached_at))

    @pytest.mark.parametrize(
        ("option", "state"), [("after_due", "running"), ("at_due", "breached")]
    )
    def test_evaluated_at_the_deadline(self, option: str, state: str) -> None:
        events = self.EVENTS[:1]

        fr = run(events, "2026-11-23T11:00+01:00", breach_at=option).metric("first_response")

        assert state == fr.state

    def test_at_due_one_microsecond_early_is_running(self) -> None:
        events = self.EVENTS[:1]
        now = (t("2026-11-23T11:00+01:00") - timedelta(microseconds=1)).isoformat()

        status = run(events, now, breach_at="at_due")

        assert "running" == status.metric("first_response").state
        # The next change is the deadline itself, when the target breaches.
        assert "2026-11-23T11:00:00+01:00" == iso(status.next_change_at)

    # Created Monday 09:00, 1h first response, pending 09:10 to 17:05 under wall accounting:
    # 10 min counted, then the 7h55m hold moves the 10:00 deadline to 17:55, in closed time,
    # so no open time is left after the hold: due when it ends, 17:05.
    WALL = (
        E.created(t("2026-11-23T09:00+01:00"), "P2"),
        E.status_changed(t("2026-11-23T09:10+01:00"), "pending"),
        E.status_changed(t("2026-11-23T17:05+01:00"), "open"),
    )

    @pytest.mark.parametrize("now", ["17:00", "17:04"])
    def test_at_due_a_wall_hold_still_going_is_no_deadline_reached(self, now: str) -> None:
        status = run(
            self.WALL, f"2026-11-23T{now}+01:00", breach_at="at_due", pause_accounting="wall"
        )

        fr = status.metric("first_response")
        assert ("paused", None) == (fr.state, fr.breached_at)

    @pytest.mark.parametrize(
        ("option", "state", "breached"),
        [("after_due", "running", None), ("at_due", "breached", "2026-11-23T17:05:00+01:00")],
    )
    def test_a_wall_hold_that_left_no_open_time_is_due_when_it_ends(
        self, option: str, state: str, breached: str | None
    ) -> None:
        status = run(self.WALL, "2026-11-23T17:10+01:00", breach_at=option, pause_accounting="wall")

        fr = status.metric("first_response")
        assert (state, "2026-11-23T17:05:00+01:00", breached) == (
            fr.state,
            iso(fr.due_at),
            iso(fr.breached_at),
        )


class TestStartRounding:
    # Created Monday 10:00:40: counted from 10:00:40 the first response is due 11:00:40;
    # rounded to the minute the clock starts at 10:00:00 and is due 11:00:00.
    EVENTS = (E.created(t("2026-11-23T10:00:40+01:00"), "P2"),)

    @pytest.mark.parametrize(
        ("option", "start", "due"),
        [
            ("none", "2026-11-23T10:00:40+01:00", "2026-11-23T11:00:40+01:00"),
            ("minute", "2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00"),
        ],
    )
    def test_the_start_and_the_deadline(self, option: str, start: str, due: str) -> None:
        fr = run(self.EVENTS, "2026-11-23T10:30+01:00", start_rounding=option).metric(
            "first_response"
        )

        assert (start, due) == (iso(fr.started_at), iso(fr.due_at))

    def test_a_reply_in_the_first_minute_counts_from_the_whole_minute(self) -> None:
        # Reply at 10:00:50: 50 seconds used when rounded, 10 seconds when not.
        events = [*self.EVENTS, E.agent_replied(t("2026-11-23T10:00:50+01:00"))]

        rounded = run(events, "2026-11-23T12:00+01:00", start_rounding="minute")
        exact = run(events, "2026-11-23T12:00+01:00")

        assert timedelta(seconds=50) == rounded.metric("first_response").elapsed
        assert timedelta(seconds=10) == exact.metric("first_response").elapsed


class TestDueOnClose:
    # Created Monday 16:00 with first response 1h: the budget runs out at 17:00, exactly at
    # the close. At the close by default; at Tuesday's opening, 09:00, with next_open.
    EVENTS = (E.created(t("2026-11-23T16:00+01:00"), "P2"),)

    @pytest.mark.parametrize(
        ("option", "due"),
        [("at_close", "2026-11-23T17:00:00+01:00"), ("next_open", "2026-11-24T09:00:00+01:00")],
    )
    def test_a_budget_that_runs_out_at_the_close(self, option: str, due: str) -> None:
        fr = run(self.EVENTS, "2026-11-23T16:30+01:00", due_on_close=option).metric(
            "first_response"
        )

        assert due == iso(fr.due_at)

    def test_a_deadline_inside_open_hours_does_not_move(self) -> None:
        # Created 15:30: due 16:30 either way.
        events = [E.created(t("2026-11-23T15:30+01:00"), "P2")]

        fr = run(events, "2026-11-23T16:00+01:00", due_on_close="next_open").metric(
            "first_response"
        )

        assert "2026-11-23T16:30:00+01:00" == iso(fr.due_at)

    def test_with_at_due_the_breach_waits_for_the_opening(self) -> None:
        # Zammad's pair: at 17:30 Monday the budget is used up but the deadline is Tuesday
        # 09:00, so the ticket is not breached yet; at 09:00 it is.
        evening = run(
            self.EVENTS, "2026-11-23T17:30+01:00", due_on_close="next_open", breach_at="at_due"
        )
        morning = run(
            self.EVENTS, "2026-11-24T09:00+01:00", due_on_close="next_open", breach_at="at_due"
        )

        assert "running" == evening.metric("first_response").state
        assert "2026-11-24T09:00:00+01:00" == iso(evening.next_change_at)
        assert "breached" == morning.metric("first_response").state
        assert "2026-11-24T09:00:00+01:00" == iso(morning.metric("first_response").breached_at)

    def test_a_reply_after_the_close_is_in_time_under_at_due(self) -> None:
        # The reply at 17:45 comes before Tuesday 09:00: met.
        events = [*self.EVENTS, E.agent_replied(t("2026-11-23T17:45+01:00"))]

        fr = run(
            events, "2026-11-24T10:00+01:00", due_on_close="next_open", breach_at="at_due"
        ).metric("first_response")

        assert "met" == fr.state


class TestMetDue:
    # Created Monday 10:00, replied 10:30: the first response was due 11:00.
    EVENTS = (
        E.created(t("2026-11-23T10:00+01:00"), "P2"),
        E.agent_replied(t("2026-11-23T10:30+01:00")),
    )

    @pytest.mark.parametrize(
        ("option", "due"), [("kept", "2026-11-23T11:00:00+01:00"), ("cleared", None)]
    )
    def test_the_deadline_of_a_met_target(self, option: str, due: str | None) -> None:
        status = run(self.EVENTS, "2026-11-23T12:00+01:00", met_due=option)

        fr = status.metric("first_response")
        assert ("met", due) == (fr.state, iso(fr.due_at))
        assert due == status.to_dict()["metrics"]["first_response"]["due_at"]
        # The resolution (due 14:00) is still running and keeps its deadline.
        assert "2026-11-23T14:00:00+01:00" == iso(status.metric("resolution").due_at)

    def test_a_late_reply_keeps_its_breach(self) -> None:
        # Replied 11:30, half an hour late: no deadline shown, breached at 11:00.
        events = [self.EVENTS[0], E.agent_replied(t("2026-11-23T11:30+01:00"))]

        fr = run(events, "2026-11-23T12:00+01:00", met_due="cleared").metric("first_response")

        assert ("breached", None, "2026-11-23T11:00:00+01:00") == (
            fr.state,
            iso(fr.due_at),
            iso(fr.breached_at),
        )


class TestPausedDue:
    # Created Monday 10:00, pending from 10:15: 15 minutes of the first response's hour are
    # used, 45 left. Evaluated at 16:00 the projection is 16:45; at 16:30 it is 17:00 + 15
    # minutes on Tuesday: 09:15.
    EVENTS = (
        E.created(t("2026-11-23T10:00+01:00"), "P2"),
        E.status_changed(t("2026-11-23T10:15+01:00"), "pending"),
    )

    @pytest.mark.parametrize(
        ("now", "due"),
        [
            ("2026-11-23T16:00+01:00", "2026-11-23T16:45:00+01:00"),
            ("2026-11-23T16:30+01:00", "2026-11-24T09:15:00+01:00"),
        ],
    )
    def test_projected(self, now: str, due: str) -> None:
        fr = run(self.EVENTS, now, paused_due="projected").metric("first_response")

        assert ("paused", due) == (fr.state, iso(fr.due_at))
        assert timedelta(minutes=45) == fr.remaining

    def test_by_default_a_paused_target_has_no_deadline(self) -> None:
        fr = run(self.EVENTS, "2026-11-23T16:00+01:00").metric("first_response")

        assert ("paused", None) == (fr.state, fr.due_at)

    def test_a_budget_used_up_exactly_is_due_now_even_after_closing(self) -> None:
        # Pending from 11:00 with the whole hour used (10:00-11:00): nothing is left, so the
        # projection is `now` itself, 18:30 on Monday, not the close before it (17:00).
        events = [
            E.created(t("2026-11-23T10:00+01:00"), "P2"),
            E.status_changed(t("2026-11-23T11:00+01:00"), "pending"),
        ]

        fr = run(events, "2026-11-23T18:30+01:00", paused_due="projected").metric("first_response")

        assert ("paused", "2026-11-23T18:30:00+01:00") == (fr.state, iso(fr.due_at))
        assert timedelta(0) == fr.remaining

    def test_the_clock_continues_from_the_projection(self) -> None:
        # Back to open at 16:00: 45 minutes left from 16:00, due 16:45, as projected then.
        events = [*self.EVENTS, E.status_changed(t("2026-11-23T16:00+01:00"), "open")]

        fr = run(events, "2026-11-23T16:00+01:00", paused_due="projected").metric("first_response")

        assert ("running", "2026-11-23T16:45:00+01:00") == (fr.state, iso(fr.due_at))


class TestReportedStart:
    # Created Saturday 28 November 10:00: the office opens on Monday 30 November at 09:00.
    # The first response is due Monday 10:00 either way.
    EVENTS = (E.created(t("2026-11-28T10:00+01:00"), "P2"),)

    @pytest.mark.parametrize(
        ("option", "start"),
        [("created", "2026-11-28T10:00:00+01:00"), ("first_open", "2026-11-30T09:00:00+01:00")],
    )
    def test_the_start_shown(self, option: str, start: str) -> None:
        status = run(self.EVENTS, "2026-11-30T09:30+01:00", reported_start=option)

        fr = status.metric("first_response")
        assert (start, "2026-11-30T10:00:00+01:00") == (iso(fr.started_at), iso(fr.due_at))
        assert start == status.to_dict()["metrics"]["first_response"]["started_at"]
        assert start == status.to_dict()["metrics"]["first_response"]["cycles"][0]["started_at"]

    def test_created_in_open_hours_starts_at_creation(self) -> None:
        events = [E.created(t("2026-11-23T10:20+01:00"), "P2")]

        fr = run(events, "2026-11-23T10:30+01:00", reported_start="first_open").metric(
            "first_response"
        )

        assert "2026-11-23T10:20:00+01:00" == iso(fr.started_at)


class TestFirstResponseMetBy:
    # Created Monday 10:00, first response due 11:00, resolution due 14:00.
    CREATED = E.created(t("2026-11-23T10:00+01:00"), "P2")

    @pytest.mark.parametrize(
        ("met_by", "state", "met_at"),
        [
            ([], "paused", None),
            (["pause"], "met", "2026-11-23T10:20:00+01:00"),
            (["resolve"], "paused", None),
        ],
    )
    def test_set_to_a_pause_status_before_any_reply(
        self, met_by: list[str], state: str, met_at: str | None
    ) -> None:
        # Set to pending at 10:20 (a status pause_on names) with no reply.
        events = [self.CREATED, E.status_changed(t("2026-11-23T10:20+01:00"), "pending")]

        fr = run(events, "2026-11-23T12:00+01:00", first_response_met_by=met_by).metric(
            "first_response"
        )

        assert (state, met_at) == (fr.state, iso(fr.met_at))

    def test_a_status_no_pause_rule_names_gives_no_first_response(self) -> None:
        events = [self.CREATED, E.status_changed(t("2026-11-23T10:20+01:00"), "in_progress")]

        fr = run(events, "2026-11-23T10:30+01:00", first_response_met_by=["pause"]).metric(
            "first_response"
        )

        assert "running" == fr.state

    @pytest.mark.parametrize(
        ("met_by", "state", "met_at"),
        [
            # By default resolving suspends an unanswered first response; closing cancels it.
            ([], "paused", None),
            (["resolve"], "met", "2026-11-23T10:40:00+01:00"),
            (["pause"], "paused", None),
        ],
    )
    def test_resolved_before_any_reply(
        self, met_by: list[str], state: str, met_at: str | None
    ) -> None:
        events = [self.CREATED, E.resolved(t("2026-11-23T10:40+01:00"))]

        fr = run(events, "2026-11-23T12:00+01:00", first_response_met_by=met_by).metric(
            "first_response"
        )

        assert (state, met_at) == (fr.state, iso(fr.met_at))

    @pytest.mark.parametrize(("met_by", "state"), [([], "cancelled"), (["resolve"], "met")])
    def test_closed_before_any_reply(self, met_by: list[str], state: str) -> None:
        events = [self.CREATED, E.closed(t("2026-11-23T10:40+01:00"))]

        fr = run(events, "2026-11-23T12:00+01:00", first_response_met_by=met_by).metric(
            "first_response"
        )

        assert state == fr.state

    def test_resolved_late_is_a_late_first_response(self) -> None:
        # Resolved at 11:30, half an hour after the first response was due.
        events = [self.CREATED, E.resolved(t("2026-11-23T11:30+01:00"))]

        fr = run(events, "2026-11-23T12:00+01:00", first_response_met_by=["resolve"]).metric(
            "first_response"
        )

        assert ("breached", "2026-11-23T11:00:00+01:00") == (fr.state, iso(fr.breached_at))


class TestEverySurfaceAgrees:
    """Under each preset, the clock's answers are the same through `evaluate`, the JSON
    lines reader, the summary JSON a batch writes, and the compliance report."""

    LINES = (
        '{"ticket": "a", "type": "created", "at": "2026-11-23T16:00:40+01:00", "priority": "P2"}',
        '{"ticket": "a", "type": "status_changed", "at": "2026-11-23T16:20+01:00",'
        ' "status": "pending"}',
        '{"ticket": "b", "type": "created", "at": "2026-11-28T10:00+01:00", "priority": "P2"}',
        '{"ticket": "b", "type": "agent_replied", "at": "2026-11-30T10:00+01:00", "public": true}',
        '{"ticket": "c", "type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P2"}',
        '{"ticket": "c", "type": "resolved", "at": "2026-11-23T12:00+01:00"}',
    )
    NOW = "2026-11-30T12:00+01:00"

    @pytest.mark.parametrize("preset", sorted(presets.PRESETS))
    def test_evaluate_jsonl_and_the_summary_json(self, preset: str) -> None:
        policies = support(preset=preset)
        tickets = read_jsonl(self.LINES)
        expected = [
            evaluate(policies, events, t(self.NOW), ticket=ticket).to_dict(
                ledger=False, cycles=False
            )
            for ticket, events in tickets
        ]

        streamed = list(evaluate_jsonl(policies, self.LINES, t(self.NOW)))

        assert expected == [s.to_dict(ledger=False, cycles=False) for s in streamed]
        assert expected == [json.loads(s.to_json(ledger=False, cycles=False)) for s in streamed]

    @pytest.mark.parametrize("preset", ["zammad", "rt", "otrs"])
    def test_the_report_sees_the_same_states(self, preset: str) -> None:
        policies = support(preset=preset)
        statuses = list(evaluate_jsonl(policies, self.LINES, t(self.NOW)))
        met = sum(m.state == "met" for s in statuses for m in s.metrics)
        breached = sum(m.state == "breached" for s in statuses for m in s.metrics)

        result = report_jsonl(policies, self.LINES, t(self.NOW), ReportOptions(timezone="UTC"))

        groups = result.to_data(by=("metric",)).groups
        assert (met, breached) == (sum(g.met for g in groups), sum(g.breached for g in groups))


class TestHiddenPause:
    # pause_accounting: hide. Created Monday 10:00 (first response due 11:00), pending from
    # 10:15. The clock counts on through the pause; while pending the target shows as paused,
    # without a deadline.
    EVENTS = (
        E.created(t("2026-11-23T10:00+01:00"), "P2"),
        E.status_changed(t("2026-11-23T10:15+01:00"), "pending"),
    )

    def test_while_pending_the_deadline_is_hidden_and_the_clock_counts(self) -> None:
        status = run(self.EVENTS, "2026-11-23T10:30+01:00", pause_accounting="hide")

        fr = status.metric("first_response")
        assert ("paused", None, timedelta(minutes=30)) == (fr.state, fr.due_at, fr.elapsed)
        # It breaches at 11:00 all the same: a host wakes up then.
        assert "2026-11-23T11:00:00+01:00" == iso(status.next_change_at)

    def test_the_budget_runs_out_during_the_pause(self) -> None:
        fr = run(self.EVENTS, "2026-11-23T11:30+01:00", pause_accounting="hide").metric(
            "first_response"
        )

        assert ("breached", "2026-11-23T11:00:00+01:00") == (fr.state, iso(fr.breached_at))

    @pytest.mark.parametrize(
        ("accounting", "due"),
        [
            # business: the 30 minutes pending are taken off, due 11:30
            ("business", "2026-11-23T11:30:00+01:00"),
            # hide: nothing is taken off, due 11:00 as if there had been no pause
            ("hide", "2026-11-23T11:00:00+01:00"),
        ],
    )
    def test_back_to_open(self, accounting: str, due: str) -> None:
        events = [*self.EVENTS, E.status_changed(t("2026-11-23T10:45+01:00"), "open")]

        fr = run(events, "2026-11-23T10:50+01:00", pause_accounting=accounting).metric(
            "first_response"
        )

        assert ("running", due) == (fr.state, iso(fr.due_at))

    def test_with_paused_due_projected_the_deadline_shows(self) -> None:
        fr = run(
            self.EVENTS, "2026-11-23T10:30+01:00", pause_accounting="hide", paused_due="projected"
        ).metric("first_response")

        assert ("paused", "2026-11-23T11:00:00+01:00") == (fr.state, iso(fr.due_at))
