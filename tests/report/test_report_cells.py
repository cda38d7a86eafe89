"""What a report's cells add up to: sums over groups (cancelled tickets, samples past the
limit), merged parts, equality of reports, the order of target budgets, rounded percentages,
and the bounded list of worst tickets when two tickets tie."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any, ClassVar

import pytest
from worked_example import NOW, lines, policies

from slaclock import PolicySet, TicketEvent
from slaclock.report import ComplianceReport, ReportOptions, merge, report, report_jsonl
from slaclock.report.cells import _push

t = datetime.fromisoformat
H = 3600.0
M = 60.0
#: Late enough for the November tickets below to be decided, early enough for none at risk.
END_OF_NOVEMBER = t("2026-11-30T12:00+01:00")


def options(**chosen: Any) -> ReportOptions:
    return ReportOptions(**{"timezone": "Europe/Berlin", **chosen})


def answered(day: str, priority: str, minutes: int, ident: str | None = None) -> Any:
    """A ticket created at 09:00 on `day` of November 2026, answered and resolved `minutes`
    later (business time: the office opens at 09:00)."""
    created = t(f"2026-11-{day}T09:00+01:00")
    done = t(f"2026-11-{day}T{9 + minutes // 60:02d}:{minutes % 60:02d}+01:00")
    log = [
        TicketEvent.created(created, priority),
        TicketEvent.agent_replied(done),
        TicketEvent.resolved(done),
    ]
    return log if ident is None else (ident, log)


def build(tickets: list[Any], **chosen: Any) -> ComplianceReport:
    return report(policies(), tickets, END_OF_NOVEMBER, options(**chosen))


class TestSums:
    def test_cancelled_tickets_add_up_over_priorities(self) -> None:
        # Closed before any reply: first response is cancelled, resolution met by the close.
        tickets = [
            [
                TicketEvent.created(t("2026-11-02T09:00+01:00"), priority),
                TicketEvent.closed(t("2026-11-02T09:30+01:00")),
            ]
            for priority in ("P1", "P2", "P3")
        ]

        (fr,) = [g for g in build(tickets).to_data().groups if g.key["metric"] == "first_response"]

        assert (3, 3, 0, 3) == (fr.tickets, fr.cancelled, fr.decided, fr.cycles_cancelled)
        assert (3, 3) == (fr.cycles, fr.cycles_cancelled)

    @pytest.mark.parametrize("max_samples", [0, 1])
    def test_samples_past_the_limit_keep_count_sum_and_max(self, max_samples: int) -> None:
        # The worked example's figures (test_report_examples), from counts, sums and maxima.
        data = report_jsonl(policies(), lines(), NOW, options(max_samples=max_samples)).to_data()
        fr, res = data.groups

        assert ("first_response", 12, 1055 * M / 12, 240 * M, False) == (
            fr.key["metric"],
            fr.time_used.count,
            fr.time_used.mean_seconds,
            fr.time_used.max_seconds,
            fr.time_used.exact,
        )
        assert (None, None, None) == (
            fr.time_used.median_seconds,
            fr.time_used.p90_seconds,
            fr.time_used.p95_seconds,
        )
        assert ("resolution", 10, 5.9 * H, 13 * H, False) == (
            res.key["metric"],
            res.time_used.count,
            res.time_used.mean_seconds,
            res.time_used.max_seconds,
            res.time_used.exact,
        )

    def test_samples_past_the_limit_per_month(self) -> None:
        # First responses in minutes, in the month decided: November N1 30, N2 60, N3 240,
        # N4 120, N5 90, N6 15 (555); December N7 90, D1 20, D2 180, D3 60, D4 60, D5 90 (500).
        data = report_jsonl(
            policies(), lines(), NOW, options(max_samples=0, by=("metric", "period"))
        ).to_data()

        assert [
            ("first_response", "2026-11", 6, 555 * M / 6, 240 * M),
            ("first_response", "2026-12", 6, 500 * M / 6, 180 * M),
        ] == [
            (
                g.key["metric"],
                g.key["period"],
                g.time_used.count,
                g.time_used.mean_seconds,
                g.time_used.max_seconds,
            )
            for g in data.groups[:2]
        ]


class TestMergedSamples:
    """Three P1 tickets answered in 10, 20 and 30 minutes, built in two parts."""

    TICKETS: ClassVar = [answered("02", "P1", 10, "A"), answered("03", "P1", 20, "B")]
    REST: ClassVar = [answered("04", "P1", 30, "C")]

    def merged(self, max_samples: int) -> tuple[ComplianceReport, ComplianceReport]:
        chosen = {"max_samples": max_samples}
        whole = build(self.TICKETS + self.REST, **chosen)
        return whole, merge(build(self.TICKETS, **chosen), build(self.REST, **chosen))

    def test_parts_over_the_limit_together(self) -> None:
        whole, merged = self.merged(max_samples=2)

        assert whole == merged
        fr = merged.to_data().groups[0].time_used
        assert (3, 20 * M, 30 * M, None, False) == (
            fr.count,
            fr.mean_seconds,
            fr.max_seconds,
            fr.median_seconds,
            fr.exact,
        )

    def test_parts_within_the_limit_together(self) -> None:
        whole, merged = self.merged(max_samples=3)

        assert whole == merged
        fr = merged.to_data().groups[0].time_used
        assert (3, 20 * M, True) == (fr.count, fr.median_seconds, fr.exact)


class TestEquality:
    """Two reports are equal when their figures are, whatever the order of their tickets."""

    def test_order_of_tickets_does_not_matter(self) -> None:
        tickets = [answered("02", "P1", 10, "A"), answered("03", "P1", 40, "B")]

        assert build(tickets) == build(tickets[::-1])

    def test_samples_with_equal_count_sum_and_max_differ(self) -> None:
        # 1h, 3h, 3h against 2h, 2h, 3h: both 7h over three tickets, at most 3h.
        first = [answered(day, "P3", m, day) for day, m in (("02", 60), ("03", 180), ("04", 180))]
        second = [answered(day, "P3", m, day) for day, m in (("02", 120), ("03", 120), ("04", 180))]

        assert build(first) != build(second)

    def test_running_and_paused_differ(self) -> None:
        # Answered after 10 minutes; the resolution then runs, or waits on the customer.
        def open_ticket(*more: TicketEvent) -> Any:
            return (
                "U",
                [
                    TicketEvent.created(t("2026-11-30T11:00+01:00"), "P3"),
                    TicketEvent.agent_replied(t("2026-11-30T11:10+01:00")),
                    *more,
                ],
            )

        waiting = TicketEvent.status_changed(t("2026-11-30T11:10+01:00"), "waiting_on_customer")
        running = build([answered("02", "P1", 10, "A"), open_ticket()])
        paused = build([answered("02", "P1", 10, "A"), open_ticket(waiting)])

        assert running != paused
        assert [(1, 1, 0), (1, 0, 1)] == [
            (g.met, g.running, g.paused)
            for r in (running, paused)
            for g in r.to_data().groups
            if g.key["metric"] == "resolution"
        ]


class TestTargetsAndPercentages:
    def test_fixed_budgets_by_length_then_business_days(self) -> None:
        mixed = PolicySet.from_dict(
            {
                "calendars": {
                    "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
                },
                "policies": [
                    {
                        "name": "mixed",
                        "calendar": "office",
                        "targets": {
                            "P1": {"resolution": "4h"},
                            "P2": {"resolution": "2 business days"},
                            "P3": {"resolution": "1h"},
                        },
                    }
                ],
            }
        )
        tickets = [
            [
                TicketEvent.created(t("2026-11-02T09:00+01:00"), priority),
                TicketEvent.resolved(t("2026-11-02T10:00+01:00")),
            ]
            for priority in ("P1", "P2", "P3")
        ]

        (res,) = report(mixed, tickets, END_OF_NOVEMBER, options()).to_data().groups

        assert ["1h", "4h", "2 business days same time"] == res.time_used.targets
        assert [1 * H, 4 * H] == res.time_used.targets_seconds

    def test_percentages_have_two_decimals(self) -> None:
        # First responses of P1 (1h): 30 minutes met, 90 and 120 minutes breached.
        tickets = [answered(day, "P1", m, day) for day, m in (("02", 30), ("03", 90), ("04", 120))]

        fr = build(tickets).to_data().groups[0]

        assert ("1/3", 33.33, 33.33) == (
            fr.attainment,
            fr.attainment_percent,
            fr.cycle_attainment_percent,
        )


class TestWorstTies:
    """Two tickets without ids, each answered an hour late (2h for a 1h P1 first response),
    tie on their rank: the one that came first stays first."""

    TICKETS: ClassVar = [answered("02", "P1", 120), answered("03", "P1", 120)]
    FIRST, SECOND = "2026-11-02T10:00:00+01:00", "2026-11-03T10:00:00+01:00"

    def test_keep_one(self) -> None:
        worst = build(self.TICKETS, keep=1).to_data().worst

        assert [(None, H, self.FIRST)] == [
            (w.ticket, w.overrun_seconds, w.breached_at) for w in worst
        ]

    def test_keep_two_in_order_of_arrival(self) -> None:
        worst = build(self.TICKETS, keep=2).to_data().worst

        assert [self.FIRST, self.SECOND] == [w.breached_at for w in worst]

    def test_reports_with_other_worst_tickets_differ(self) -> None:
        first, second = (build([ticket]) for ticket in self.TICKETS)

        assert first.to_data().groups == second.to_data().groups
        assert first != second

    def test_keep_nothing(self) -> None:
        assert [] == build(self.TICKETS, keep=0).to_data().worst

    def test_push_with_no_room_keeps_nothing(self) -> None:
        heap: list[Any] = []

        _push(heap, 0, (Fraction(1), "A", "first_response"), lambda: "A")

        assert [] == heap
