"""evaluate, evaluate_many, evaluate_jsonl and SlaClock: inputs, outputs, errors, edge rules.

Expected values are worked out by hand in the comments. The calendar ``berlin`` is open
Monday to Friday 09:00-12:30 and 13:30-17:30 in Europe/Berlin (7.5 hours a day); Monday
2026-11-23 is an ordinary week in CET (+01:00).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from slaclock import (
    NaiveDatetimeError,
    PolicySet,
    SlaClock,
    TicketEvent,
    TicketStatus,
    TimelineError,
    evaluate,
    evaluate_jsonl,
    evaluate_many,
)

E = TicketEvent
BERLIN = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]}}


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def mon(hhmm: str) -> datetime:
    """Monday 2026-11-23 at a Berlin wall time."""
    return t(f"2026-11-23T{hhmm}+01:00")


def policies(targets: dict[str, Any], **options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"berlin": BERLIN},
            "policies": [{"name": "desk", "calendar": "berlin", "targets": targets, **options}],
        }
    )


STANDARD = policies(
    {
        "P1": {"first_response": "30m", "resolution": "4h"},
        "P2": {"first_response": "1h", "next_response": "1h", "resolution": "8h"},
        "P3": {"first_response": "4h", "resolution": "16h"},
    },
    pause_on=["waiting_on_customer"],
    pause=[{"statuses": ["pending"], "metrics": ["resolution"]}],
)
CREATED = E.created(mon("09:00"), "P2")


# --------------------------------------------------------------------------- inputs


class TestInputs:
    def test_naive_now_names_the_argument(self) -> None:
        with pytest.raises(NaiveDatetimeError) as error:
            evaluate(STANDARD, [CREATED], datetime(2026, 11, 23, 10))  # noqa: DTZ001

        assert str(error.value).startswith("now must be an aware datetime")

    def test_policies_of_the_wrong_type(self) -> None:
        with pytest.raises(TypeError, match="policies must be a PolicySet or SlaPolicy"):
            evaluate({"policies": []}, [CREATED], mon("10:00"))  # type: ignore[arg-type]

    def test_a_single_policy_is_enough(self) -> None:
        policy = STANDARD.get("desk")
        expected = evaluate(STANDARD, [CREATED], mon("10:00")).to_dict()

        actual = evaluate(policy, [CREATED], mon("10:00")).to_dict()

        assert expected == actual

    def test_events_after_now_are_not_seen(self) -> None:
        events = [CREATED, E.agent_replied(mon("10:00"))]

        status = evaluate(STANDARD, events, mon("09:30"))

        first = status.metric("first_response")
        assert ("running", None) == (first.state, first.met_at)

    def test_an_event_at_now_is_seen(self) -> None:
        events = [CREATED, E.agent_replied(mon("09:30"))]

        status = evaluate(STANDARD, events, mon("09:30"))

        assert mon("09:30") == status.metric("first_response").met_at

    def test_a_ticket_created_after_now_has_no_metrics(self) -> None:
        status = evaluate(STANDARD, [CREATED], mon("08:00"))

        assert () == status.metrics
        assert "the ticket is created after the evaluated instant" == status.reasons[-1]

    def test_unknown_metric_name(self) -> None:
        status = evaluate(STANDARD, [CREATED], mon("10:00"))

        with pytest.raises(KeyError, match="it has: first_response, next_response, resolution"):
            status.metric("periodic_update")


# --------------------------------------------------------------------------- edge rules


class TestDeadlineEdge:
    def test_a_reply_exactly_at_the_deadline_is_in_time(self) -> None:
        # first_response 1h from Monday 09:00: due 10:00; the reply comes at 10:00.
        events = [CREATED, E.agent_replied(mon("10:00"))]

        first = evaluate(STANDARD, events, mon("12:00")).metric("first_response")

        assert ("met", mon("10:00"), None) == (first.state, first.met_at, first.breached_at)
        assert timedelta(0) == first.remaining
        assert 100.0 == first.percent_used

    def test_at_the_deadline_the_clock_still_runs(self) -> None:
        first = evaluate(STANDARD, [CREATED], mon("10:00")).metric("first_response")

        assert ("running", mon("10:00"), timedelta(0)) == (
            first.state,
            first.due_at,
            first.remaining,
        )

    def test_a_minute_later_it_is_breached_at_the_deadline(self) -> None:
        first = evaluate(STANDARD, [CREATED], mon("10:01")).metric("first_response")

        assert ("breached", mon("10:00"), mon("10:00")) == (
            first.state,
            first.due_at,
            first.breached_at,
        )
        assert timedelta(minutes=-1) == first.remaining

    def test_met_late_stays_breached(self) -> None:
        events = [CREATED, E.agent_replied(mon("10:30"))]

        first = evaluate(STANDARD, events, mon("12:00")).metric("first_response")

        assert ("breached", mon("10:30"), mon("10:00")) == (
            first.state,
            first.met_at,
            first.breached_at,
        )
        assert "met" == first.current.outcome  # type: ignore[union-attr]


class TestPriorityChange:
    """P1 first response 30m, P3 4h; a P1 ticket created Monday 09:00 lowered to P3 at 09:50."""

    EVENTS = (E.created(mon("09:00"), "P1"), E.priority_changed(mon("09:50"), "P3"))

    def test_the_p1_target_was_breached_at_0930(self) -> None:
        first = evaluate(STANDARD, self.EVENTS, mon("09:40")).metric("first_response")

        assert ("breached", mon("09:30")) == (first.state, first.breached_at)

    def test_retarget_applies_the_new_target_from_the_start_but_the_breach_stays(self) -> None:
        # The new priority's target applies from the cycle's original start: 4h from 09:00 is
        # 09:00-12:30 (3h30m) + 13:30-14:00, due 14:00, 1h used. But the P1 target had already
        # run out at 09:30, before the change: breach is sticky, so it stays breached then.
        first = evaluate(STANDARD, self.EVENTS, mon("10:00")).metric("first_response")

        assert ("breached", mon("14:00"), mon("09:30")) == (
            first.state,
            first.due_at,
            first.breached_at,
        )
        assert timedelta(hours=1) == first.elapsed
        assert ["P3"] == [c.priority for c in first.cycles]

    def test_a_cycle_breached_under_its_old_target_sends_no_warnings(self) -> None:
        # With a 50% warning, the P3 target alone would warn at 11:00 (2h of 4h). The cycle
        # already breached its P1 target at 09:30, so nothing is left to warn about, and the
        # next change is resolution's warning: 8h (half of P3's 16h) from Monday 09:00 is
        # Monday's 7.5h and Tuesday 09:00-09:30.
        warned = policies(STANDARD_TARGETS, warn_at=[0.5])

        status = evaluate(warned, self.EVENTS, mon("10:00"))

        first = status.metric("first_response")
        assert ("breached", None) == (first.state, first.next_warning_at)
        assert t("2026-11-24T09:30+01:00") == status.next_change_at

    def test_without_sticky_breach_retarget_lifts_the_breach(self) -> None:
        loose = policies(STANDARD_TARGETS, sticky_breach=False)

        first = evaluate(loose, self.EVENTS, mon("10:00")).metric("first_response")

        assert ("running", mon("14:00"), None) == (first.state, first.due_at, first.breached_at)

    def test_a_change_before_the_old_target_ran_out_lifts_nothing(self) -> None:
        # Lowered to P3 at 09:20, before the P1 deadline of 09:30: the 4h target applies.
        events = [E.created(mon("09:00"), "P1"), E.priority_changed(mon("09:20"), "P3")]

        first = evaluate(STANDARD, events, mon("10:00")).metric("first_response")

        assert ("running", mon("14:00"), None) == (first.state, first.due_at, first.breached_at)

    def test_keep_measures_against_the_starting_priority(self) -> None:
        keep = policies(STANDARD_TARGETS, priority_change="keep")

        first = evaluate(keep, self.EVENTS, mon("10:00")).metric("first_response")

        assert ("breached", mon("09:30"), mon("09:30")) == (
            first.state,
            first.due_at,
            first.breached_at,
        )
        assert ["P1"] == [c.priority for c in first.cycles]

    def test_restart_ends_the_cycle_and_starts_a_new_one(self) -> None:
        # Cycle 1 (P1, 30m) ran 09:00-09:50: 50m used, breached at 09:30. Cycle 2 (P3, 4h)
        # from 09:50: 09:50-12:30 is 2h40m, the other 1h20m runs 13:30-14:50.
        restart = policies(STANDARD_TARGETS, priority_change="restart")

        first = evaluate(restart, self.EVENTS, mon("10:00")).metric("first_response")

        one, two = first.cycles
        assert ("breached", "restarted", "P1", timedelta(minutes=50)) == (
            one.state,
            one.outcome,
            one.priority,
            one.elapsed,
        )
        assert ("running", "P3", mon("09:50"), mon("14:50")) == (
            two.state,
            two.priority,
            two.started_at,
            two.due_at,
        )
        assert ("breached", mon("09:30"), mon("09:50")) == (
            first.state,
            first.breached_at,
            first.started_at,
        )

    def test_a_met_cycle_keeps_the_target_it_was_met_against(self) -> None:
        # Met at 09:20 as P1 (30m: due 09:30); raised later to P3: still the P1 deadline.
        events = [*self.EVENTS[:1], E.agent_replied(mon("09:20")), self.EVENTS[1]]

        first = evaluate(STANDARD, events, mon("10:00")).metric("first_response")

        assert ("met", mon("09:30"), "P1") == (first.state, first.due_at, first.cycles[0].priority)

    def test_changing_to_the_same_priority_changes_nothing(self) -> None:
        restart = policies(STANDARD_TARGETS, priority_change="restart")
        events = [CREATED, E.priority_changed(mon("09:30"), "P2")]

        first = evaluate(restart, events, mon("10:00")).metric("first_response")

        assert 1 == len(first.cycles)


STANDARD_TARGETS = {
    "P1": {"first_response": "30m", "resolution": "4h"},
    "P2": {"first_response": "1h", "next_response": "1h", "resolution": "8h"},
    "P3": {"first_response": "4h", "resolution": "16h"},
}


class TestResolvedAndClosed:
    """P2: first response 1h, resolution 8h. Created Monday 09:00, resolved 09:20."""

    EVENTS = (CREATED, E.resolved(mon("09:20")))

    def test_a_resolve_is_not_a_reply_the_response_is_suspended(self) -> None:
        status = evaluate(STANDARD, self.EVENTS, mon("10:00"))

        first = status.metric("first_response")
        assert ("paused", None, timedelta(minutes=20), timedelta(minutes=40)) == (
            first.state,
            first.due_at,
            first.elapsed,
            first.paused,
        )

    def test_resolution_is_met_with_the_deadline_it_was_met_against(self) -> None:
        # 8h from 09:00: Monday 7h30m, then Tuesday 09:00-09:30.
        resolution = evaluate(STANDARD, self.EVENTS, mon("10:00")).metric("resolution")

        assert ("met", mon("09:20"), t("2026-11-24T09:30+01:00")) == (
            resolution.state,
            resolution.met_at,
            resolution.due_at,
        )

    def test_reopen_resumes_both(self) -> None:
        # Reopened 11:00, evaluated 11:30: 20m + 30m used; 09:20-11:00 (1h40m) held.
        # first_response: 10m left from 11:30, due 11:40. resolution: 7h10m left from 11:30:
        # 11:30-12:30 (1h), 13:30-17:30 (4h), Tuesday 09:00-11:10 (2h10m).
        events = [*self.EVENTS, E.reopened(mon("11:00"))]

        status = evaluate(STANDARD, events, mon("11:30"))

        first, resolution = status.metric("first_response"), status.metric("resolution")
        assert ("running", mon("11:40"), timedelta(minutes=50), timedelta(minutes=100)) == (
            first.state,
            first.due_at,
            first.elapsed,
            first.paused,
        )
        assert (
            "running",
            t("2026-11-24T11:10+01:00"),
            timedelta(minutes=50),
            timedelta(minutes=100),
        ) == (resolution.state, resolution.due_at, resolution.elapsed, resolution.paused)

    def test_closed_meets_resolution_and_cancels_the_rest(self) -> None:
        events = [CREATED, E.customer_replied(mon("09:10")), E.closed(mon("09:30"))]

        status = evaluate(STANDARD, events, mon("10:00"))

        assert {
            "first_response": "cancelled",
            "next_response": "cancelled",
            "resolution": "met",
        } == {m.metric: m.state for m in status.metrics}

    def test_a_second_resolve_changes_nothing(self) -> None:
        expected = evaluate(STANDARD, self.EVENTS, mon("10:00")).to_dict()

        actual = evaluate(STANDARD, [*self.EVENTS, E.resolved(mon("09:40"))], mon("10:00"))

        assert expected == actual.to_dict()

    def test_reopening_an_open_ticket_changes_nothing(self) -> None:
        expected = evaluate(STANDARD, [CREATED], mon("10:00")).to_dict()

        actual = evaluate(STANDARD, [CREATED, E.reopened(mon("09:40"))], mon("10:00"))

        assert expected == actual.to_dict()


class TestPauseScope:
    def test_a_pause_rule_with_metrics_pauses_only_those(self) -> None:
        # 'pending' pauses resolution only: first_response counts 09:00-10:00.
        events = [CREATED, E.status_changed(mon("09:30"), "pending")]

        status = evaluate(STANDARD, events, mon("10:00"))

        first, resolution = status.metric("first_response"), status.metric("resolution")
        assert ("running", timedelta(hours=1)) == (first.state, first.elapsed)
        assert ("paused", None, timedelta(minutes=30), timedelta(minutes=30)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
            resolution.paused,
        )

    def test_pause_on_pauses_every_metric(self) -> None:
        events = [
            CREATED,
            E.customer_replied(mon("09:10")),
            E.status_changed(mon("09:30"), "waiting_on_customer"),
        ]

        status = evaluate(STANDARD, events, mon("10:00"))

        assert {"paused"} == {m.state for m in status.metrics}
        assert {None} == {m.due_at for m in status.metrics}

    def test_any_other_status_resumes(self) -> None:
        events = [
            CREATED,
            E.status_changed(mon("09:30"), "waiting_on_customer"),
            E.status_changed(mon("09:45"), "in_progress"),
        ]

        first = evaluate(STANDARD, events, mon("10:00")).metric("first_response")

        # 30m + 15m used, 15m held: 15m left from 10:00.
        assert ("running", mon("10:15"), timedelta(minutes=15)) == (
            first.state,
            first.due_at,
            first.paused,
        )


class TestStickyBreach:
    """next_response 1h: a message at 09:00 answered late at 10:30, another at 11:00."""

    EVENTS = (
        CREATED,
        E.customer_replied(mon("09:00")),
        E.agent_replied(mon("10:30")),
        E.customer_replied(mon("11:00")),
    )

    def test_by_default_a_breach_in_any_cycle_stays(self) -> None:
        nr = evaluate(STANDARD, self.EVENTS, mon("11:15")).metric("next_response")

        assert ("breached", mon("10:00"), mon("11:00")) == (
            nr.state,
            nr.breached_at,
            nr.started_at,
        )
        assert ["breached", "running"] == [c.state for c in nr.cycles]

    def test_without_sticky_breach_the_current_cycle_decides(self) -> None:
        lenient = policies(STANDARD_TARGETS, sticky_breach=False)

        nr = evaluate(lenient, self.EVENTS, mon("11:15")).metric("next_response")

        assert ("running", None, mon("12:00")) == (nr.state, nr.breached_at, nr.due_at)


# --------------------------------------------------------------------------- JSON output

DESIGN_POLICY = """
calendars:
  berlin-office:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-12:30", "13:30-17:30"]
      sat: ["10:00-14:00"]
    holidays: {country: DE, subdiv: BE}
    dates_closed: [2026-12-31]
    closures:
      - {date: 2026-12-24, from: "12:00"}
policies:
  - name: enterprise
    match: {customer_tier: enterprise}
    calendar: berlin-office
    pause_on: [waiting_on_customer]
    warn_at: [0.5, 0.75]
    targets:
      P1: {first_response: 15m, resolution: 4h, calendar: 24x7}
      P2: {first_response: 1h, next_response: 2h, resolution: 1 business day}
  - name: standard
    calendar: berlin-office
    pause_on: [waiting_on_customer, pending]
    targets:
      "*": {first_response: 4h, resolution: 3 business days}
"""
DESIGN_EVENTS = """\
{"type": "created", "at": "2026-11-23T16:30:00+01:00", "priority": "P2", \
"attributes": {"customer_tier": "enterprise"}}
{"type": "status_changed", "at": "2026-11-23T16:45:00+01:00", "status": "waiting_on_customer"}
{"type": "customer_replied", "at": "2026-11-24T09:10:00+01:00"}
{"type": "agent_replied", "at": "2026-11-24T09:30:00+01:00", "public": true}
{"type": "resolved", "at": "2026-11-24T11:00:00+01:00"}
"""
METRIC_FIELDS = {
    "state",
    "started_at",
    "due_at",
    "met_at",
    "breached_at",
    "elapsed_seconds",
    "paused_seconds",
    "remaining_seconds",
    "percent_used",
    "next_warning_at",
    "cycles",
    "ledger",
}


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    """DESIGN.md's sample ticket under its policy file, evaluated Tuesday 12:00, as JSON."""
    events = [E.from_json(line) for line in DESIGN_EVENTS.splitlines()]
    status = evaluate(PolicySet.from_yaml(DESIGN_POLICY), events, t("2026-11-24T12:00+01:00"))
    data: dict[str, Any] = json.loads(status.to_json())
    return data


class TestJsonOutput:
    """The file formats of DESIGN.md: its policy file and its sample ticket, at Tue 12:00."""

    def test_ticket_fields(self, result: dict[str, Any]) -> None:
        assert {"now", "policy", "why", "metrics", "next_change_at"} == set(result)
        assert "enterprise" == result["policy"]
        assert result["why"][0].startswith("policy 'enterprise' chosen")

    def test_metric_fields(self, result: dict[str, Any]) -> None:
        for name, metric in result["metrics"].items():
            assert set() == METRIC_FIELDS - set(metric), name

    def test_first_response(self, result: dict[str, Any]) -> None:
        # Counted Mon 16:30-16:45 (15m); waiting on the customer from 16:45 until the reply
        # Tue 09:30 (Mon 16:45-17:30 + Tue 09:00-09:30 = 1h15m held). The deadline it was
        # met against: 45m left from 09:30 -> 10:15.
        expected = {
            "state": "met",
            "started_at": "2026-11-23T16:30:00+01:00",
            "due_at": "2026-11-24T10:15:00+01:00",
            "met_at": "2026-11-24T09:30:00+01:00",
            "breached_at": None,
            "elapsed_seconds": 900.0,
            "paused_seconds": 4500.0,
            "remaining_seconds": 2700.0,
            "percent_used": 25.0,
            "next_warning_at": None,
        }

        actual = {k: result["metrics"]["first_response"][k] for k in expected}

        assert expected == actual

    def test_next_response(self, result: dict[str, Any]) -> None:
        # The message at 09:10 waits while the status still pauses; answered at 09:30.
        expected = {
            "state": "met",
            "started_at": "2026-11-24T09:10:00+01:00",
            "due_at": "2026-11-24T11:30:00+01:00",
            "elapsed_seconds": 0.0,
            "paused_seconds": 1200.0,
        }

        actual = {k: result["metrics"]["next_response"][k] for k in expected}

        assert expected == actual

    def test_resolution_in_business_days(self, result: dict[str, Any]) -> None:
        # "1 business day" from Mon 16:30 is Tue 16:30: Mon 16:30-17:30 (1h) + Tue 09:00-12:30
        # (3h30m) + 13:30-16:30 (3h) = 7h30m = 27,000 s. Counted 16:30-16:45 (900 s); held
        # Mon 16:45-17:30 + Tue 09:00-11:00 = 2h45m (9,900 s). Met at 11:00 with 26,100 s
        # left: 11:00-12:30 (5,400), 13:30-17:30 (14,400), Wed 09:00 + 6,300 s = 10:45.
        expected = {
            "state": "met",
            "met_at": "2026-11-24T11:00:00+01:00",
            "due_at": "2026-11-25T10:45:00+01:00",
            "elapsed_seconds": 900.0,
            "paused_seconds": 9900.0,
            "remaining_seconds": 26100.0,
        }
        resolution = result["metrics"]["resolution"]

        actual = {k: resolution[k] for k in expected}

        assert expected == actual
        assert 27000.0 == resolution["cycles"][0]["budget_seconds"]

    def test_nothing_left_to_wake_up_for(self, result: dict[str, Any]) -> None:
        assert result["next_change_at"] is None

    def test_ledger_can_be_left_out(self) -> None:
        status = evaluate(STANDARD, [CREATED], mon("10:00"))

        data = status.to_dict(ledger=False)

        assert {"ledger"} == {key for m in status.to_dict()["metrics"].values() for key in m} - {
            key for m in data["metrics"].values() for key in m
        }


# --------------------------------------------------------------------------- batches


def ticket(n: int, at: str = "09:00") -> list[TicketEvent]:
    return [E.created(mon(at), "P2", id=f"c{n}"), E.agent_replied(mon("09:30"))]


class TestEvaluateMany:
    def test_pairs_carry_the_ticket_id(self) -> None:
        tickets = [("T-1", ticket(1)), ("T-2", ticket(2))]

        statuses = list(evaluate_many(STANDARD, tickets, mon("10:00")))

        assert ["T-1", "T-2"] == [s.ticket for s in statuses]
        assert "T-1" == statuses[0].to_dict()["ticket"]

    def test_plain_event_lists(self) -> None:
        statuses = list(evaluate_many(STANDARD, [ticket(1), ticket(2)], mon("10:00")))

        assert [None, None] == [s.ticket for s in statuses]
        assert ["met", "met"] == [s.metric("first_response").state for s in statuses]

    def test_is_lazy(self) -> None:
        pulled: list[int] = []

        def tickets() -> Iterator[list[TicketEvent]]:
            for n in range(10_000):
                pulled.append(n)
                yield ticket(n)

        stream = evaluate_many(STANDARD, tickets(), mon("10:00"))
        first = next(stream)

        assert isinstance(first, TicketStatus)
        assert [0] == pulled

    def test_an_error_names_the_ticket_id(self) -> None:
        bad = [E.resolved(mon("09:00"))]

        with pytest.raises(TimelineError) as error:
            list(evaluate_many(STANDARD, [("T-1", ticket(1)), ("T-2", bad)], mon("10:00")))

        assert str(error.value).startswith("ticket 'T-2': the ticket has no created event")

    def test_an_error_names_the_position_without_an_id(self) -> None:
        bad = [CREATED, E("status_changed", mon("09:30"))]

        with pytest.raises(TimelineError) as error:
            list(evaluate_many(STANDARD, [ticket(1), bad], mon("10:00")))

        assert "ticket #1: event 1: a status_changed event needs 'status'" == str(error.value)

    def test_a_policy_error_names_the_ticket(self) -> None:
        unknown = [E.created(mon("09:00"), "P9")]

        with pytest.raises(Exception, match="ticket 'T-9': policy 'desk' has no targets") as error:
            list(evaluate_many(STANDARD, [("T-9", unknown)], mon("10:00")))

        assert "PolicyError" == type(error.value).__name__


def jsonl(ticket_id: str, *events: dict[str, Any]) -> list[str]:
    return [json.dumps({"ticket": ticket_id, **e}) for e in events]


CREATED_JSON = {"type": "created", "at": "2026-11-23T09:00:00+01:00", "priority": "P2"}


class TestEvaluateJsonl:
    def test_streams_tickets_by_their_ticket_field(self) -> None:
        lines = [
            *jsonl("T-1", CREATED_JSON),
            *jsonl("T-2", CREATED_JSON, {"type": "resolved", "at": "2026-11-23T08:30:00Z"}),
        ]

        statuses = list(evaluate_jsonl(STANDARD, lines, mon("10:00")))

        assert [("T-1", "running"), ("T-2", "met")] == [
            (s.ticket, s.metric("resolution").state) for s in statuses
        ]

    def test_an_error_names_the_ticket(self) -> None:
        lines = [*jsonl("T-1", CREATED_JSON), *jsonl("T-2", {"type": "reopened", "at": AT_UTC})]

        with pytest.raises(TimelineError) as error:
            list(evaluate_jsonl(STANDARD, lines, mon("10:00")))

        assert str(error.value).startswith("ticket 'T-2', line 2: the ticket has no created event")

    def test_a_malformed_line_names_the_line(self) -> None:
        lines = [*jsonl("T-1", CREATED_JSON), '{"ticket": "T-1", "type": "resolved", "at": }']

        with pytest.raises(TimelineError) as error:
            list(evaluate_jsonl(STANDARD, lines, mon("10:00")))

        assert str(error.value).startswith("ticket 'T-1', line 2: ")
        assert "not valid JSON" in str(error.value)

    def test_is_lazy(self) -> None:
        pulled: list[int] = []

        def lines() -> Iterator[str]:
            for n in range(10_000):
                pulled.append(n)
                yield from jsonl(f"T-{n}", CREATED_JSON)

        first = next(evaluate_jsonl(STANDARD, lines(), mon("10:00")))

        assert "T-0" == first.ticket
        assert len(pulled) <= 2


AT_UTC = "2026-11-23T09:30:00Z"


# --------------------------------------------------------------------------- SlaClock


class TestSlaClock:
    def test_no_events_yet(self) -> None:
        with pytest.raises(TimelineError, match="the clock has no events yet"):
            SlaClock(STANDARD).status(mon("10:00"))

    def test_a_naive_event_names_its_index(self) -> None:
        clock = SlaClock(STANDARD, [CREATED])

        with pytest.raises(TimelineError) as error:
            clock.apply(E.resolved(datetime(2026, 11, 23, 10)))  # noqa: DTZ001

        assert str(error.value).startswith("event 1: field 'at' must be an aware datetime")
        assert (CREATED,) == clock.events

    def test_an_event_outside_the_years_is_rejected(self) -> None:
        clock = SlaClock(STANDARD, [CREATED])

        with pytest.raises(TimelineError, match="outside the years"):
            clock.apply(E.resolved(datetime(9999, 1, 1, tzinfo=UTC)))

    def test_a_conflicting_id_is_rejected(self) -> None:
        clock = SlaClock(STANDARD, [E.created(mon("09:00"), "P2", id="c")])

        with pytest.raises(TimelineError, match="id 'c' was used before for a different event"):
            clock.apply(E.resolved(mon("09:30"), id="c"))

    def test_a_repeated_id_is_ignored(self) -> None:
        reply = E.agent_replied(mon("09:30"), id="r")
        clock = SlaClock(STANDARD, [CREATED, reply])

        clock.apply(reply)

        assert (CREATED, reply) == clock.events

    def test_a_repeated_id_in_a_dst_fold_written_in_another_zone_is_ignored(self) -> None:
        # 00:30Z on 2026-10-25 is 02:30 CEST in Berlin, inside the hour that repeats.
        at = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        reply = E.agent_replied(at.astimezone(ZoneInfo("Europe/Berlin")), id="r")
        created = E.created(datetime(2026, 10, 24, 12, tzinfo=UTC), "P2")
        clock = SlaClock(STANDARD, [created, reply])

        clock.apply(E.agent_replied(at, id="r"))

        assert (created, reply) == clock.events

    @pytest.mark.parametrize(
        "bad",
        [
            pytest.param(E("status_changed", mon("09:40")), id="missing-status"),
            pytest.param(E.status_changed(mon("08:00"), "pending"), id="before-created"),
            pytest.param(E.created(mon("09:40"), "P1"), id="second-created"),
        ],
    )
    def test_a_bad_event_is_not_added(self, bad: TicketEvent) -> None:
        events = [CREATED, E.agent_replied(mon("09:30"))]
        clock = SlaClock(STANDARD, events)

        with pytest.raises(TimelineError):
            clock.apply(bad)

        assert tuple(events) == clock.events
        assert (
            evaluate(STANDARD, events, mon("10:00")).to_dict()
            == clock.status(mon("10:00")).to_dict()
        )

    def test_a_late_event_replays_the_log(self) -> None:
        # The pause at 09:15-09:45 arrives after the reply at 10:00 was applied.
        clock = SlaClock(STANDARD, [CREATED, E.agent_replied(mon("10:00"))])

        clock.apply(E.status_changed(mon("09:15"), "waiting_on_customer"))
        clock.apply(E.status_changed(mon("09:45"), "open"))

        first = clock.status(mon("10:30")).metric("first_response")
        assert ("met", timedelta(minutes=30), mon("10:30")) == (
            first.state,
            first.elapsed,
            first.due_at,
        )

    def test_status_before_the_last_event_sees_only_the_past(self) -> None:
        clock = SlaClock(STANDARD, [CREATED, E.agent_replied(mon("10:00"))])

        first = clock.status(mon("09:30")).metric("first_response")

        assert "running" == first.state

    def test_a_restored_clock_continues(self) -> None:
        clock = SlaClock(STANDARD, [CREATED, E.customer_replied(mon("09:10"))])
        restored = SlaClock.from_json(clock.to_json(), STANDARD)
        for c in (clock, restored):
            c.apply(E.agent_replied(mon("09:40")))

        assert clock.status(mon("10:00")).to_dict() == restored.status(mon("10:00")).to_dict()
        assert clock.events == restored.events

    @pytest.mark.parametrize(
        ("text", "start"),
        [
            pytest.param("nope", "a saved clock is not valid JSON", id="not-json"),
            pytest.param("[]", "not a saved slaclock clock", id="a-list"),
            pytest.param('{"events": []}', "not a saved slaclock clock", id="no-version"),
            pytest.param('{"slaclock": 1}', "not a saved slaclock clock", id="no-events"),
            pytest.param('{"slaclock": 1, "events": [7]}', "event 0: expected a JSON", id="bad"),
        ],
    )
    def test_restoring_bad_json(self, text: str, start: str) -> None:
        with pytest.raises(TimelineError) as error:
            SlaClock.from_json(text, STANDARD)

        assert str(error.value).startswith(start)
