"""Edges of `ComplianceReport`, each worked out by hand: what `add` counts and where it puts
it, the warning threshold, ties in the worst and at-risk lists, merging parts, attainment
with nothing decided, and the messages that refuse what cannot be counted.

Every ticket runs on a 24x7 UTC calendar, so a time used is the wall time between two events.
Policies, matched in this order:

    chat     channel: chat    next_response 1h
    strict   channel: phone   first_response 1h, breached at the deadline itself (at_due)
    desk     priority P1, P2  P1: first_response 1h, next_response 1h, resolution 4h
                              P2: first_response 4h, next_response 1h, resolution 8h

A P4 ticket matches no policy. Unless a test says otherwise the report is taken on Monday
2 March 2026 at 18:00 UTC.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from fractions import Fraction
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent, TicketStatus, evaluate
from slaclock.report import (
    Attainment,
    ComplianceReport,
    GroupFigures,
    ReportData,
    ReportOptions,
    merge,
)

E = TicketEvent
t = datetime.fromisoformat
NOW = t("2026-03-02T18:00+00:00")
BERLIN = ZoneInfo("Europe/Berlin")
DAY = "2026-03-02T"
MIN = timedelta(minutes=1)
POLICIES = PolicySet.from_dict(
    {
        "policies": [
            {
                "name": "chat",
                "match": {"channel": "chat"},
                "calendar": "24x7",
                "targets": {"*": {"next_response": "1h"}},
            },
            {
                "name": "strict",
                "match": {"channel": "phone"},
                "calendar": "24x7",
                "breach_at": "at_due",
                "targets": {"*": {"first_response": "1h"}},
            },
            {
                "name": "desk",
                "match": {"priority": ["P1", "P2"]},
                "calendar": "24x7",
                "targets": {
                    "P1": {"first_response": "1h", "next_response": "1h", "resolution": "4h"},
                    "P2": {"first_response": "4h", "next_response": "1h", "resolution": "8h"},
                },
            },
        ]
    }
)


def at(clock: str) -> datetime:
    """An instant of the report day: at("09:30") is 2026-03-02T09:30 UTC."""
    return t(f"{DAY}{clock}+00:00")


def utc(text: str) -> datetime:
    """An instant in UTC: utc("2026-11-30T12:00")."""
    return t(f"{text}+00:00")


def ticket(
    ident: str | None,
    created: str,
    *events: TicketEvent,
    priority: str = "P1",
    now: datetime = NOW,
    **attributes: str,
) -> TicketStatus:
    """A ticket created at `created` (a time of the report day or a full ISO instant)."""
    start = at(created) if len(created) == 5 else t(created) if "+" in created else utc(created)
    first = E.created(start, priority, attributes)
    return evaluate(POLICIES, [first, *events], now, ticket=ident)


def chat(ident: str, *events: TicketEvent) -> TicketStatus:
    """A chat ticket created at 09:00."""
    return ticket(ident, "09:00", *events, channel="chat")


def opened(ident: str | None, priority: str, used: timedelta, now: datetime = NOW) -> TicketStatus:
    """A desk ticket without any reply, `used` old at `now`."""
    return ticket(ident, (now - used).isoformat(), priority=priority, now=now)


def replied(ident: str | None, clock: str) -> TicketStatus:
    """A P1 desk ticket created 09:00 (first response due 10:00), replied at `clock` and
    resolved at 12:00, within its 4 hours."""
    return ticket(ident, "09:00", E.agent_replied(at(clock)), E.resolved(at("12:00")))


@cache
def _replied(minutes: int) -> TicketStatus:
    """`replied` after `minutes` (1 to 59), evaluated once for all examples."""
    return replied(f"T{minutes:02d}", f"09:{minutes:02d}")


@cache
def _opened(ident: str, minutes: int) -> TicketStatus:
    """`opened` for P1, evaluated once for all examples."""
    return opened(ident, "P1", minutes * MIN)


def build(
    statuses: Sequence[TicketStatus],
    attributes: Sequence[dict[str, Any] | None] | None = None,
    **options: Any,
) -> ComplianceReport:
    out = ComplianceReport(ReportOptions(**{"timezone": "UTC", **options}))
    for i, status in enumerate(statuses):
        out.add(status, attributes=None if attributes is None else attributes[i])
    return out


def group(data: ReportData, **key: str) -> GroupFigures:
    found = [g for g in data.groups if g.key == key]
    assert len(found) == 1, f"no single group {key} in {[g.key for g in data.groups]}"
    return found[0]


def cycles(figures: GroupFigures) -> tuple[int, int, int, int, int]:
    return (
        figures.cycles,
        figures.cycles_met,
        figures.cycles_breached,
        figures.cycles_cancelled,
        figures.cycles_open,
    )


class TestCounting:
    def test_tickets_and_tickets_without_policy(self) -> None:
        statuses = [
            replied("A", "09:30"),
            ticket("B", "09:00", priority="P4"),
            ticket("C", "10:00", priority="P4"),
        ]
        result = build(statuses)
        data = result.to_data()

        assert (3, 3, 2) == (result.tickets, data.tickets, data.tickets_without_policy)

    def test_a_ticket_whose_metrics_all_wait_counts_but_fills_no_group(self) -> None:
        # A chat ticket without a customer message: its next response has not started.
        data = build([chat("A")]).to_data()

        assert (1, 0, []) == (data.tickets, data.tickets_without_policy, data.groups)

    def test_open_tickets_in_one_group_add_up(self) -> None:
        # Two P1 tickets waiting for a first reply since 16:45 and 17:00: at 17:45 one is at
        # its deadline (still running, 100 %), the other exactly at the 75 % warning.
        now = at("17:45")
        data = build([opened("A", "P1", 60 * MIN, now), opened("B", "P1", 45 * MIN, now)]).to_data()
        fr = group(data, metric="first_response")

        assert (2, 2, 0, 2) == (fr.tickets, fr.running, fr.decided, fr.at_risk)

    def test_cancelled_metrics_and_cycles_add_up(self) -> None:
        # Each customer message is left open by a close after 30 minutes.
        statuses = [
            chat("A", E.customer_replied(at("09:10")), E.closed(at("09:40"))),
            chat("B", E.customer_replied(at("10:10")), E.closed(at("10:40"))),
        ]
        nr = group(build(statuses).to_data(), metric="next_response")

        assert (2, 2, 0, None) == (nr.tickets, nr.cancelled, nr.decided, nr.attainment)
        assert (2, 0, 0, 2, 0) == cycles(nr)
        assert None is nr.cycle_attainment_percent

    def test_a_cycle_after_a_cancelled_one_is_counted(self) -> None:
        # 09:10 waits, cancelled by the close at 09:40; reopened, 11:10 answered 11:20 (10 m).
        status = chat(
            "A",
            E.customer_replied(at("09:10")),
            E.closed(at("09:40")),
            E.reopened(at("11:00")),
            E.customer_replied(at("11:10")),
            E.agent_replied(at("11:20")),
        )
        nr = group(build([status]).to_data(), metric="next_response")

        assert (1, 1) == (nr.met, nr.tickets)
        assert (2, 1, 0, 1, 0) == cycles(nr)
        assert 100.0 == nr.cycle_attainment_percent
        assert (1, 600.0) == (nr.time_used.count, nr.time_used.max_seconds)

    def test_a_cycle_after_a_breached_and_cancelled_one_is_counted(self) -> None:
        # 09:10 waits, due 10:10, still unanswered at the close at 10:30 (20 m over); then
        # 11:10 answered 11:20. The breach sticks to the metric; the met cycle gives a sample.
        status = chat(
            "A",
            E.customer_replied(at("09:10")),
            E.closed(at("10:30")),
            E.reopened(at("11:00")),
            E.customer_replied(at("11:10")),
            E.agent_replied(at("11:20")),
        )
        nr = group(build([status]).to_data(), metric="next_response")

        assert (1, 1) == (nr.breached, nr.misses)
        assert (2, 1, 1, 0, 0) == cycles(nr)
        assert 50.0 == nr.cycle_attainment_percent
        assert (1, 600.0) == (nr.time_used.count, nr.time_used.max_seconds)
        assert (1, 1200.0, 1200.0) == (
            nr.overrun.count,
            nr.overrun.total_seconds,
            nr.overrun.max_seconds,
        )

    def test_an_attribute_the_ticket_lacks_groups_as_none(self) -> None:
        statuses = [replied("A", "09:30")] * 2
        data = build(statuses, [{"customer": "acme"}, {}], by=("customer",)).to_data()

        assert [{"customer": "(none)"}, {"customer": "acme"}] == [g.key for g in data.groups]


class TestWithoutPolicy:
    def test_a_status_without_policy_counts_as_such_whatever_it_carries(self) -> None:
        # A status put together by a host from another evaluation: no policy, some metrics.
        evaluated = replied("A", "09:30")
        status = TicketStatus(evaluated.now, None, ("no policy matched",), evaluated.metrics, "A")
        data = build([status]).to_data()

        assert (1, 1, []) == (data.tickets, data.tickets_without_policy, data.groups)


class TestOneInstant:
    def test_a_ticket_evaluated_at_another_instant_is_refused(self) -> None:
        result = build([opened("A", "P1", 10 * MIN)])
        late = opened("B", "P1", 10 * MIN, now=NOW + timedelta(hours=1))

        message = (
            "ticket 'B' was evaluated at 2026-03-02T19:00:00+00:00, the report's tickets at"
            " 2026-03-02T18:00:00+00:00; evaluate all at one instant"
        )
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            result.add(late)
        assert 1 == result.tickets

    def test_the_same_instant_written_in_another_zone_is_accepted(self) -> None:
        berlin = NOW.astimezone(BERLIN)
        result = build([opened("A", "P1", 10 * MIN), opened("B", "P1", 10 * MIN, now=berlin)])

        assert 2 == result.tickets
        assert "2026-03-02T18:00:00+00:00" == result.to_data().now


class TestPeriods:
    """Months in UTC unless a test reports in Berlin (UTC+1 in winter)."""

    def test_an_open_ticket_without_created_at_falls_in_the_month_its_clock_started(self) -> None:
        # Created 30 November 23:00, both clocks still running at 00:30 on 1 December.
        now = t("2026-12-01T00:30+00:00")
        status = ticket("A", "2026-11-30T23:00", priority="P2", now=now)
        data = build([status], by=("metric", "period")).to_data()

        assert [("first_response", "2026-11"), ("resolution", "2026-11")] == [
            (g.key["metric"], g.key["period"]) for g in data.groups
        ]

    def test_a_metric_that_has_not_started_does_not_hide_the_next(self) -> None:
        # Next response waits for a customer message; first response and resolution run.
        data = build([opened("A", "P2", 30 * MIN)], by=("metric", "period")).to_data()

        assert [("first_response", "2026-03"), ("resolution", "2026-03")] == [
            (g.key["metric"], g.key["period"]) for g in data.groups
        ]

    def test_a_breach_counts_in_the_month_it_happened(self) -> None:
        # Created 30 November 23:30, due 1 December 00:30, still open on 2 December.
        now = t("2026-12-02T12:00+00:00")
        status = ticket("A", "2026-11-30T23:30+00:00", priority="P1", now=now)
        data = build([status], by=("metric", "period")).to_data()

        # Resolution (4h) breached 1 December 03:30: December too.
        assert [
            ({"metric": "first_response", "period": "2026-12"}, 1),
            ({"metric": "resolution", "period": "2026-12"}, 1),
        ] == [(g.key, g.breached) for g in data.groups]

    def test_a_cancelled_metric_counts_in_the_month_it_was_cancelled(self) -> None:
        now = t("2026-12-02T12:00+00:00")
        status = ticket(
            "A",
            "2026-11-30T23:00+00:00",
            E.customer_replied(t("2026-11-30T23:50+00:00")),
            E.closed(t("2026-12-01T00:10+00:00")),
            channel="chat",
            now=now,
        )
        data = build([status], by=("metric", "period")).to_data()

        assert [({"metric": "next_response", "period": "2026-12"}, 1)] == [
            (g.key, g.cancelled) for g in data.groups
        ]

    def test_decisions_fall_in_the_local_month(self) -> None:
        # Replies at 12:00 and 23:30 UTC on 30 November: the second is 00:30 on 1 December
        # in Berlin.
        now = t("2026-12-02T12:00+00:00")
        statuses = [
            ticket("A", "2026-11-30T11:30", E.agent_replied(utc("2026-11-30T12:00")), now=now),
            ticket("B", "2026-11-30T23:00", E.agent_replied(utc("2026-11-30T23:30")), now=now),
        ]
        result = ComplianceReport(ReportOptions(timezone="Europe/Berlin", by=("period",)))
        for status in statuses:
            result.add(status)

        # Both resolutions (4h) breached: A at 15:30 UTC on 30 November, B at 03:00 UTC on
        # 1 December.
        trend = [(p.metric, p.period, p.met, p.decided) for p in result.to_data().trend]
        assert [
            ("first_response", "2026-11", 1, 1),
            ("first_response", "2026-12", 1, 1),
            ("resolution", "2026-11", 0, 1),
            ("resolution", "2026-12", 0, 1),
        ] == trend

    def test_open_tickets_fall_in_the_local_month_of_their_creation(self) -> None:
        # Created (as the host says) 12:00 and 23:30 UTC on 30 November; the second is
        # 00:30 on 1 December in Berlin. Both still wait for a reply.
        now = t("2026-12-01T00:00+00:00")
        status = opened("A", "P2", 10 * MIN, now)
        result = ComplianceReport(ReportOptions(timezone="Europe/Berlin", by=("period",)))
        result.add(status, created_at=t("2026-11-30T12:00+00:00"))
        result.add(status, created_at=t("2026-11-30T23:30+00:00"))

        # Two metrics (first response and resolution) per ticket.
        assert [({"period": "2026-11"}, 2), ({"period": "2026-12"}, 2)] == [
            (g.key, g.running) for g in result.to_data().groups
        ]


class TestAtRisk:
    """A running target is at risk from `warn_at` (75 %) of its budget used."""

    def test_the_warning_threshold_itself_is_at_risk(self) -> None:
        # 45 of 60 minutes is 75 % exactly; 44 minutes 59 seconds is not.
        statuses = [
            opened("A", "P1", 45 * MIN),
            opened("B", "P1", 45 * MIN - timedelta(seconds=1)),
        ]
        data = build(statuses).to_data()

        assert 1 == group(data, metric="first_response").at_risk
        assert [("A", 75.0)] == [(r.ticket, r.percent_used) for r in data.at_risk]

    def test_an_at_risk_ticket_in_full(self) -> None:
        status = opened("A", "P1", 48 * MIN)
        data = build([status], [{"customer": "acme"}]).to_data()

        [entry] = data.at_risk
        assert entry.model_dump() == {
            "ticket": "A",
            "metric": "first_response",
            "priority": "P1",
            "policy": "desk",
            "attributes": {"customer": "acme"},
            "percent_used": 80.0,
            "elapsed_seconds": 2880.0,
            "budget_seconds": 3600.0,
            "due_at": "2026-03-02T18:12:00+00:00",
        }

    def test_the_list_keeps_the_largest_share_not_the_most_time(self) -> None:
        # A: 3h12m of 4h (80 %); B: 54 m of 1h (90 %). Keep one: B, though A used more time
        # and has the longer budget.
        statuses = [opened("A", "P2", 192 * MIN), opened("B", "P1", 54 * MIN)]
        data = build(statuses, keep=1).to_data()

        assert [("B", 90.0)] == [(r.ticket, r.percent_used) for r in data.at_risk]
        assert 2 == group(data, metric="first_response").at_risk

    def test_a_lower_share_arriving_later_does_not_displace(self) -> None:
        statuses = [opened("B", "P1", 54 * MIN), opened("A", "P2", 192 * MIN)]
        data = build(statuses, keep=1).to_data()

        assert ["B"] == [r.ticket for r in data.at_risk]

    def test_a_tie_goes_to_the_larger_ticket_id_whatever_the_order(self) -> None:
        # Both at 90 %: ranks are (share, ticket id, metric), highest first.
        for order in (("A", "B"), ("B", "A")):
            statuses = [opened(i, "P1", 54 * MIN) for i in order]

            assert ["B"] == [r.ticket for r in build(statuses, keep=1).to_data().at_risk]
            assert ["B", "A"] == [r.ticket for r in build(statuses, keep=2).to_data().at_risk]

    def test_a_ticket_without_id_loses_a_tie(self) -> None:
        for order in ((None, "A"), ("A", None)):
            statuses = [opened(i, "P1", 54 * MIN) for i in order]

            assert ["A"] == [r.ticket for r in build(statuses, keep=1).to_data().at_risk]
            assert ["A", None] == [r.ticket for r in build(statuses, keep=2).to_data().at_risk]

    def test_tickets_of_the_same_id_tie_in_arrival_order(self) -> None:
        # Three tickets without ids at 90 %, told apart by their attributes: the first added
        # ranks highest, so keep=2 keeps the first two, listed in arrival order.
        statuses = [opened(None, "P1", 54 * MIN) for _ in range(3)]
        customers: list[dict[str, Any] | None] = [{"customer": c} for c in ("x", "y", "z")]

        for keep, expected in ((2, ["x", "y"]), (3, ["x", "y", "z"])):
            data = build(statuses, customers, by=("metric", "customer"), keep=keep)
            listed = [r.attributes["customer"] for r in data.to_data().at_risk]

            assert expected == listed

    def test_a_microsecond_of_budget_used_up_is_at_risk(self) -> None:
        # "0 business days at close" from one microsecond before the 17:00 close: a budget of
        # 1 µs, all used, the target still running (not over it): 100 %.
        policies = PolicySet.from_dict(
            {
                "calendars": {"office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}},
                "policies": [
                    {
                        "name": "eod",
                        "calendar": "office",
                        "targets": {"*": {"resolution": "0 business days at close"}},
                    }
                ],
            }
        )
        created = E.created(at("17:00") - timedelta(microseconds=1), "P2")
        status = evaluate(policies, [created], NOW, ticket="A")
        data = build([status]).to_data()

        assert [("A", 100.0, 1e-6, 1e-6)] == [
            (r.ticket, r.percent_used, r.elapsed_seconds, r.budget_seconds) for r in data.at_risk
        ]

    def test_a_running_cycle_with_no_allowance_is_not_listed(self) -> None:
        # Wall accounting, 1h, office 09:00-17:00 UTC: pending from the creation at 16:00
        # until 19:00 moves the deadline 17:00 by 3h to 20:00, closed time, so the allowance
        # is 0 and the ticket runs again at 19:00, due 19:00. Its share of budget used has
        # no value (the status shows no percent_used either): counted as running, not at
        # risk, and nothing is divided by the empty allowance.
        policies = PolicySet.from_dict(
            {
                "calendars": {"office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}},
                "policies": [
                    {
                        "name": "wall",
                        "calendar": "office",
                        "pause_on": ["pending"],
                        "pause_accounting": "wall",
                        "targets": {"*": {"resolution": "1h"}},
                    }
                ],
            }
        )
        events = [
            E.created(at("16:00"), "P2"),
            E.status_changed(at("16:00"), "pending"),
            E.status_changed(at("19:00"), "open"),
        ]
        status = evaluate(policies, events, at("19:30"), ticket="A")
        data = build([status], warn_at=1).to_data()

        assert (0.0, None) == (
            status.metric("resolution").cycles[-1].budget.total_seconds(),
            status.metric("resolution").percent_used,
        )
        assert [(1, 0)] == [(g.running, g.at_risk) for g in data.groups]
        assert [] == data.at_risk

    @given(
        st.dictionaries(st.sampled_from("ABCDE"), st.integers(40, 59), max_size=5),
        st.integers(0, 4),
    )
    def test_the_list_is_the_top_shares_then_ids(self, used: dict[str, int], keep: int) -> None:
        # P1 tickets waiting for a first reply (1h) for 40 to 59 minutes; at risk from 45.
        data = build([_opened(i, m) for i, m in used.items()], keep=keep).to_data()

        risky = sorted(((m, i) for i, m in used.items() if m >= 45), reverse=True)
        assert [i for _, i in risky[:keep]] == [r.ticket for r in data.at_risk]
        assert len(risky) == sum(g.at_risk for g in data.groups)

    def test_keep_zero_lists_none_but_still_counts(self) -> None:
        statuses = [opened("A", "P1", 54 * MIN), opened("B", "P1", 50 * MIN)]
        data = build(statuses, keep=0).to_data()

        assert ([], [], 2) == (
            data.at_risk,
            data.worst,
            group(data, metric="first_response").at_risk,
        )

    def test_a_full_list_takes_only_higher_shares(self) -> None:
        # Shares 80, 85, 90, 95, 76 % arrive in this order; keep three.
        used = {"A": 48, "B": 51, "C": 54, "D": 57, "E": 45.6}
        statuses = [opened(i, "P1", m * MIN) for i, m in used.items()]
        data = build(statuses, keep=3).to_data()

        assert [("D", 95.0), ("C", 90.0), ("B", 85.0)] == [
            (r.ticket, r.percent_used) for r in data.at_risk
        ]


class TestWorst:
    """The worst list ranks breached tickets by overrun: business time past the budget."""

    def test_a_tie_goes_to_the_larger_ticket_id_whatever_the_order(self) -> None:
        # Both replied 30 minutes late.
        for order in (("A", "B"), ("B", "A")):
            statuses = [replied(i, "10:30") for i in order]
            data = build(statuses, keep=1).to_data()

            assert [("B", 1800.0)] == [(w.ticket, w.overrun_seconds) for w in data.worst]

    def test_a_ticket_without_id_loses_a_tie(self) -> None:
        for order in ((None, "A"), ("A", None)):
            statuses = [replied(i, "10:30") for i in order]

            assert ["A"] == [w.ticket for w in build(statuses, keep=1).to_data().worst]

    def test_a_worst_ticket_in_full(self) -> None:
        # First response due 10:00, replied 10:30; resolved 12:00, in time.
        status = replied("A", "10:30")
        data = build([status], [{"customer": "acme"}]).to_data()

        [entry] = data.worst
        assert (
            "A",
            "first_response",
            "P1",
            "desk",
            "breached",
            {"customer": "acme"},
            1800.0,
            3600.0,
            "2026-03-02T10:00:00+00:00",
        ) == (
            entry.ticket,
            entry.metric,
            entry.priority,
            entry.policy,
            entry.state,
            entry.attributes,
            entry.overrun_seconds,
            entry.budget_seconds,
            entry.breached_at,
        )
        assert [5400.0] == [line.business_seconds for line in entry.ledger if line.end]

    def test_a_breach_at_the_deadline_itself_is_listed_with_no_overrun(self) -> None:
        # `breach_at: at_due`: a reply at 10:00 on a target due 10:00 breaches, 0 s over.
        status = ticket("A", "09:00", E.agent_replied(at("10:00")), channel="phone")
        data = build([status]).to_data()

        assert [("A", 0.0)] == [(w.ticket, w.overrun_seconds) for w in data.worst]
        fr = group(data, metric="first_response")
        assert (1, 1, 0.0, 0.0) == (
            fr.breached,
            fr.overrun.count,
            fr.overrun.total_seconds,
            fr.overrun.max_seconds,
        )

    def test_no_listed_breach_has_a_negative_overrun(self) -> None:
        # P1 (1h) breached at 10:00, moved to P2 (4h) at 10:30, replied 11:00: the breach
        # sticks, but 2 h used is within the new 4 h budget.
        status = ticket(
            "A",
            "09:00",
            E.priority_changed(at("10:30"), "P2"),
            E.agent_replied(at("11:00")),
        )
        data = build([status]).to_data()

        assert 1 == group(data, metric="first_response").breached
        assert all(w.overrun_seconds >= 0 for w in data.worst)

    def test_a_breach_kept_from_an_earlier_priority_has_no_negative_overrun(self) -> None:
        # As above: breached at 10:00 as P1 (1h), 2 h used when replied as P2 (4h).
        status = ticket(
            "A",
            "09:00",
            E.priority_changed(at("10:30"), "P2"),
            E.agent_replied(at("11:00")),
        )
        data = build([status]).to_data()
        fr = group(data, metric="first_response")

        # 2h used of the 4h now in force: not past it, so an overrun of 0, not -2h; and the
        # breached ticket is listed among the worst like any other breach.
        assert (1, 0.0, 0.0, 0.0) == (
            fr.overrun.count,
            fr.overrun.total_seconds,
            fr.overrun.mean_seconds,
            fr.overrun.max_seconds,
        )
        assert [("A", 0.0)] == [
            (w.ticket, w.overrun_seconds) for w in data.worst if w.metric == "first_response"
        ]


class TestMerge:
    def test_merging_nothing_is_refused(self) -> None:
        with pytest.raises(ValueError, match=r"^merge needs at least one report$"):
            merge()

    def test_a_single_part_is_the_report(self) -> None:
        part = build([opened("A", "P1", 10 * MIN)])

        assert part == merge(part)
        assert part.to_data() == merge(part).to_data()

    def test_parts_built_with_different_options_are_refused(self) -> None:
        a = build([opened("A", "P1", 10 * MIN)])
        b = build([opened("B", "P1", 10 * MIN)], keep=3)

        message = r"^reports built with different options cannot be merged$"
        with pytest.raises(ValueError, match=message):
            merge(a, b)
        with pytest.raises(ValueError, match=message):
            b + a

    def test_parts_evaluated_at_different_instants_are_refused(self) -> None:
        a = build([opened("A", "P1", 10 * MIN)])
        b = build([opened("B", "P1", 10 * MIN, now=NOW + timedelta(hours=1))])

        message = (
            "reports evaluated at 2026-03-02T18:00:00+00:00 and 2026-03-02T19:00:00+00:00"
            " cannot be merged; evaluate all parts at one instant"
        )
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            merge(a, b)

    def test_an_empty_part_has_no_instant_to_disagree_with(self) -> None:
        empty = ComplianceReport(ReportOptions(timezone="UTC"))
        part = build([opened("A", "P1", 10 * MIN)])

        assert "2026-03-02T18:00:00+00:00" == merge(empty, part, empty).to_data().now
        assert None is merge(empty, empty).to_data().now

    def test_counts_and_tickets_without_policy_add(self) -> None:
        a = build([replied("A", "09:30"), ticket("N1", "09:00", priority="P4")])
        b = build(
            [
                replied("B", "10:30"),
                ticket("N2", "09:00", priority="P4"),
                ticket("N3", "09:00", priority="P4"),
            ]
        )
        data = merge(a, b).to_data()

        assert (5, 3) == (data.tickets, data.tickets_without_policy)
        fr = group(data, metric="first_response")
        assert (2, 1, 1, "1/2") == (fr.tickets, fr.met, fr.breached, fr.attainment)

    def test_the_worst_keep_the_largest_overruns_of_all_parts(self) -> None:
        # Overruns: A 30 m and C 10 m in one part, B 60 m in the other; keep two.
        a = build(
            [
                replied("A", "10:30"),
                replied("C", "10:10"),
            ],
            keep=2,
        )
        b = build([replied("B", "11:00")], keep=2)

        for merged in (merge(a, b), merge(b, a), a + b):
            assert [("B", 3600.0), ("A", 1800.0)] == [
                (w.ticket, w.overrun_seconds) for w in merged.to_data().worst
            ]

    def test_parts_of_tickets_without_ids_add_up_to_the_whole(self) -> None:
        # Two tickets without ids, both 30 minutes late: equal ranks, kept in arrival order.
        statuses = [replied(None, "10:30"), replied(None, "10:30")]
        customers: list[dict[str, Any] | None] = [{"customer": "acme"}, {"customer": "globex"}]
        whole = build(statuses, customers)
        parts = merge(build(statuses[:1], customers[:1]), build(statuses[1:], customers[1:]))

        assert [w.attributes for w in whole.to_data().worst] == [
            w.attributes for w in parts.to_data().worst
        ]
        assert whole == parts

    def test_two_metrics_of_one_ticket_equally_late_merge_in_metric_order(self) -> None:
        # First response due 10:00, replied 10:30; resolution due 13:00, resolved 13:30: both
        # 30 minutes late. Ranks tie on overrun and ticket; the metric orders them
        # (resolution > first_response), in the merged report as in the whole one.
        status = ticket("A", "09:00", E.agent_replied(at("10:30")), E.resolved(at("13:30")))
        whole = build([status])

        for merged in (merge(whole), merge(build([]), whole), merge(whole, build([]))):
            listed = [(w.metric, w.overrun_seconds) for w in merged.to_data().worst]

            assert [("resolution", 1800.0), ("first_response", 1800.0)] == listed
            assert whole == merged

    def test_the_at_risk_keep_the_largest_shares_of_all_parts(self) -> None:
        # Shares: A 80 % in one part, B 90 % in the other; keep one.
        a = build([opened("A", "P1", 48 * MIN)], keep=1)
        b = build([opened("B", "P1", 54 * MIN)], keep=1)

        for merged in (merge(a, b), merge(b, a)):
            assert ["B"] == [r.ticket for r in merged.to_data().at_risk]


class TestEquality:
    def test_reports_differing_only_in_time_used_differ(self) -> None:
        # Both met in time, 30 and 40 minutes: same counts, different samples.
        a = build([replied("A", "09:30")])
        b = build([replied("A", "09:40")])

        assert a != b
        assert a == build([replied("A", "09:30")])

    def test_the_order_of_adding_does_not_matter(self) -> None:
        # Three tickets at risk (80, 85, 90 %), added in opposite orders.
        statuses = [opened(i, "P1", m * MIN) for i, m in (("A", 48), ("B", 51), ("C", 54))]

        assert build(statuses) == build(statuses[::-1])
        assert build(statuses) != build(statuses[:2])

    def test_a_report_is_not_equal_to_its_data(self) -> None:
        part = build([opened("A", "P1", 10 * MIN)])

        assert part != part.to_data()
        with pytest.raises(TypeError):
            part + 1


class TestAttainment:
    """`attainment(metric, where)` sums the groups `where` selects."""

    def statuses(self) -> list[TicketStatus]:
        # First responses: A (P1) met, B (P1) 30 m late, C (P2, 4h) met at 2h; D (P2) open.
        return [
            replied("A", "09:30"),
            replied("B", "10:30"),
            ticket(
                "C", "09:00", E.agent_replied(at("11:00")), E.resolved(at("12:00")), priority="P2"
            ),
            opened("D", "P2", 10 * MIN),
        ]

    def attributes(self) -> list[dict[str, Any] | None]:
        return [{"customer": "acme"}, {"customer": "acme"}, {"customer": "globex"}, None]

    def test_summed_over_the_groups_chosen(self) -> None:
        result = build(self.statuses(), self.attributes())

        assert Attainment(2, 3) == result.attainment("first_response")
        assert Attainment(2, 3) == result.attainment("first_response", {"priority": ["P1", "P2"]})
        assert Attainment(1, 2) == result.attainment("first_response", {"priority": ["P1"]})
        assert Attainment(1, 1) == result.attainment("first_response", {"customer": ["globex"]})
        assert Attainment(1, 2) == result.attainment(
            "first_response", {"attr:customer": ["acme"], "period": ["2026-03"]}
        )

    def test_nothing_decided_is_no_level_not_zero(self) -> None:
        result = build(self.statuses(), self.attributes())
        nothing = result.attainment("first_response", {"priority": ["P2"], "customer": ["(none)"]})

        assert (0, 0, None) == (nothing.met, nothing.decided, nothing.level)
        assert (0, 0) == (
            result.attainment("periodic_update").decided,
            result.attainment("periodic_update").met,
        )

    def test_open_tickets_counted_as_met_when_asked(self) -> None:
        result = build(self.statuses(), self.attributes(), open_tickets="count_as_met")

        assert Attainment(3, 4) == result.attainment("first_response")
        assert Attainment(1, 1) == result.attainment("first_response", {"customer": ["(none)"]})

    def test_an_unknown_dimension_is_refused_with_the_known_ones(self) -> None:
        result = build(self.statuses(), self.attributes(), by=("metric", "queue"))

        message = (
            "where: 'team' is not a dimension of this report; it has"
            " metric, priority, policy, period, queue, customer"
        )
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            result.attainment("first_response", {"team": ["web"]})
        assert Attainment(0, 0) == result.attainment("first_response", {"attr:queue": ["web"]})


class TestData:
    def test_instant_and_rules(self) -> None:
        data = build([replied("A", "09:30")], period="week", warn_at=Fraction(80)).to_data()

        assert "2026-03-02T18:00:00+00:00" == data.now
        assert {
            "open_tickets": "exclude",
            "next_response_misses": "per_wait",
            "period_by": "decided",
            "period": "week",
            "timezone": "UTC",
            "attainment_target_percent": 95.0,
            "warn_at_percent": 80.0,
            "max_samples": 1_000_000,
        } == data.rules.model_dump()

    def test_an_empty_report_has_no_instant(self) -> None:
        data = ComplianceReport(ReportOptions(timezone="UTC")).to_data()

        assert (None, 0, [], []) == (data.now, data.tickets, data.groups, data.trend)

    def test_breaches_by_customer(self) -> None:
        statuses = [replied("A", "09:30"), replied("B", "10:30"), replied("C", "10:30")]
        attributes: list[dict[str, Any] | None] = [{"customer": "acme"}, {"customer": "acme"}, {}]
        data = build(statuses, attributes).to_data()

        assert "customer" == data.customer_attribute
        assert [
            ("first_response", "(none)", 1, 1),
            ("first_response", "acme", 2, 1),
            ("resolution", "(none)", 1, 0),
            ("resolution", "acme", 2, 0),
        ] == [(b.metric, b.value, b.tickets, b.breached) for b in data.breaches_by_customer]
        assert [("first_response", "P1", 3, 2), ("resolution", "P1", 3, 0)] == [
            (b.metric, b.value, b.tickets, b.breached) for b in data.breaches_by_priority
        ]

    def test_no_customer_attribute_no_breaches_by_customer(self) -> None:
        data = build([replied("A", "10:30")], customer_attribute=None).to_data()

        assert (None, []) == (data.customer_attribute, data.breaches_by_customer)
        assert 2 == len(data.breaches_by_priority)

    @pytest.mark.parametrize(
        ("target", "meets"),
        [
            pytest.param(Fraction(75), True, id="exactly-at-target"),
            pytest.param(Fraction(151, 2), False, id="just-below-75.5"),
            pytest.param(Fraction(0), True, id="zero-target"),
        ],
    )
    def test_trend_meets_the_target_from_the_target_itself(
        self, target: Fraction, meets: bool
    ) -> None:
        # First responses: three in time, one late: 3/4 = 75 %.
        statuses = [replied(i, c) for i, c in (("A", "09:10"), ("B", "09:20"), ("C", "09:30"))]
        statuses.append(replied("D", "10:30"))
        data = build(statuses, attainment_target=target).to_data()

        fr = [p for p in data.trend if p.metric == "first_response"]
        assert [("2026-03", 3, 4, 1, 75.0, meets)] == [
            (p.period, p.met, p.decided, p.breached, p.attainment_percent, p.meets_target)
            for p in fr
        ]
        assert meets is group(data, metric="first_response").meets_target

    def test_a_trend_point_with_nothing_decided_has_no_attainment(self) -> None:
        data = build([opened("A", "P1", 10 * MIN)]).to_data()

        assert [("first_response", 0, 0, None, None), ("resolution", 0, 0, None, None)] == [
            (p.metric, p.met, p.decided, p.attainment_percent, p.meets_target) for p in data.trend
        ]
        fr = group(data, metric="first_response")
        assert (0, None, None, None) == (
            fr.decided,
            fr.attainment,
            fr.attainment_percent,
            fr.meets_target,
        )
        assert (0, None, None, None, True) == (
            fr.time_used.count,
            fr.time_used.median_seconds,
            fr.time_used.max_seconds,
            fr.time_used.mean_seconds,
            fr.time_used.exact,
        )
        assert (0, 0.0, None, None) == (
            fr.overrun.count,
            fr.overrun.total_seconds,
            fr.overrun.mean_seconds,
            fr.overrun.max_seconds,
        )
        assert (1, 0, 0, 0, 1) == cycles(fr)
        assert None is fr.cycle_attainment_percent

    def test_open_tickets_count_as_met_when_asked(self) -> None:
        data = build([opened("A", "P1", 10 * MIN)], open_tickets="count_as_met").to_data()

        assert [("first_response", 1, 1, 100.0, True), ("resolution", 1, 1, 100.0, True)] == [
            (p.metric, p.met, p.decided, p.attainment_percent, p.meets_target) for p in data.trend
        ]


class TestSamples:
    """Time used: exact samples up to `max_samples` a cell, then count, sum and max only."""

    def test_exactly_max_samples_stay_exact(self) -> None:
        data = build([replied("A", "09:10"), replied("B", "09:20")], max_samples=2).to_data()
        used = group(data, metric="first_response").time_used

        assert (2, True, 600.0, 900.0) == (
            used.count,
            used.exact,
            used.median_seconds,
            used.mean_seconds,
        )

    def test_past_max_samples_count_sum_and_max_go_on(self) -> None:
        # 10, 20, 30 minutes with room for one: mean 20 m, max 30 m, no percentiles.
        statuses = [replied(i, c) for i, c in (("A", "09:10"), ("B", "09:20"), ("C", "09:30"))]
        data = build(statuses, max_samples=1).to_data()
        used = group(data, metric="first_response").time_used

        assert (3, False, None, None, None, 1800.0, 1200.0) == (
            used.count,
            used.exact,
            used.median_seconds,
            used.p90_seconds,
            used.p95_seconds,
            used.max_seconds,
            used.mean_seconds,
        )
        assert ["1h"] == used.targets

    @given(st.lists(st.integers(1, 59), min_size=1, max_size=30))
    def test_any_percentile_is_the_nearest_rank(self, minutes: list[int]) -> None:
        # The p-th percentile is the smallest sample with at least p % of them at or below.
        used = group(build([_replied(m) for m in minutes]).to_data(), metric="first_response")
        ranked = sorted(minutes)

        def nearest(p: int) -> float:
            return 60.0 * min(
                v for v in ranked if 100 * sum(x <= v for x in ranked) >= p * len(ranked)
            )

        assert (nearest(50), nearest(90), nearest(95), 60.0 * ranked[-1]) == (
            used.time_used.median_seconds,
            used.time_used.p90_seconds,
            used.time_used.p95_seconds,
            used.time_used.max_seconds,
        )
        assert (len(minutes), True) == (used.time_used.count, used.time_used.exact)

    @pytest.mark.parametrize(
        ("n", "median", "p90", "p95"),
        [
            # Nearest rank: the ceil(p·n/100)-th smallest of 1..n minutes.
            pytest.param(17, 9, 16, 17, id="17-samples"),
            pytest.param(20, 10, 18, 19, id="20-samples"),
        ],
    )
    def test_percentiles_are_nearest_rank(self, n: int, median: int, p90: int, p95: int) -> None:
        statuses = [replied(f"T{m:02d}", f"09:{m:02d}") for m in range(1, n + 1)]
        used = group(build(statuses).to_data(), metric="first_response").time_used

        assert (median * 60.0, p90 * 60.0, p95 * 60.0, n * 60.0) == (
            used.median_seconds,
            used.p90_seconds,
            used.p95_seconds,
            used.max_seconds,
        )
