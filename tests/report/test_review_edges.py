"""Edges of reviewing a policy change: the words of each reason, both sides of a flip, the
groups present under one set only, the options a review passes on, and `as_of`.

Office hours Monday to Friday 09:00–17:00 Europe/Berlin, November 2026 (+01:00; the 2nd is
a Monday); ``always`` is a 24x7 calendar. Business time below is worked out by hand: a
ticket created at 08:00 and answered at 08:30 has used 0s of office time and 30m of
always-open time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent
from slaclock.budgets import format_duration
from slaclock.clock import TicketStatus
from slaclock.events import Timeline
from slaclock.report import ReportOptions
from slaclock.report.review import (
    FlipSide,
    ReviewResult,
    ReviewRow,
    SideFigures,
    as_of,
    review,
    review_jsonl,
)

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
NOW = datetime.fromisoformat("2026-11-30T12:00:00+01:00")
OPTIONS = ReportOptions(timezone="Europe/Berlin", period=None, by=("metric", "priority"))

Events = list[TicketEvent]


def at(text: str) -> datetime:
    """``"11-02 09:00"`` (or with seconds and microseconds) in November 2026, Berlin."""
    day, time = text.split()
    if time.count(":") == 1:
        time += ":00"
    return datetime.fromisoformat(f"2026-{day}T{time}+01:00")


def support(targets: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": "support", "calendar": "office", "targets": targets, **extra}


def policies(*items: dict[str, Any], **top: Any) -> PolicySet:
    return PolicySet.from_dict(
        {"calendars": {"office": OFFICE, "always": "24x7"}, "policies": list(items), **top}
    )


def answered(created: str, replied: str, priority: str = "P2") -> Events:
    return [
        TicketEvent.created(at(created), priority),
        TicketEvent.agent_replied(at(replied)),
    ]


FR = {"*": {"first_response": "2h"}}
P1_ONLY = {"priority": "P1"}


class TestReasons:
    @pytest.mark.parametrize(
        ("current", "proposed", "events", "expected"),
        [
            pytest.param(
                support({"*": {"first_response": "1h"}}),
                support({"*": {"first_response": "30m"}}),
                answered("11-02 09:00", "11-02 09:45"),
                "target 1h → 30m; 45m of business time used: met → breached",
                id="minutes-only",
            ),
            pytest.param(
                support({"*": {"first_response": "1h"}}),
                support({"*": {"first_response": "2h"}}),
                answered("11-02 09:00", "11-02 10:01:05"),
                "target 1h → 2h; 1h1m5s of business time used: breached → met",
                id="hours-minutes-seconds",
            ),
            pytest.param(
                support({"*": {"first_response": "1h"}}),
                support({"*": {"first_response": "15m"}}, calendar="always"),
                answered("11-02 08:00", "11-02 08:30"),
                "target 1h → 15m; calendar office → always;"
                " business time used 0s → 30m: met → breached",
                id="calendar-zero-before",
            ),
            pytest.param(
                support({"*": {"first_response": "15m"}}, calendar="always"),
                support({"*": {"first_response": "1h"}}),
                answered("11-02 08:00", "11-02 08:30"),
                "target 15m → 1h; calendar always → office;"
                " business time used 30m → 0s: breached → met",
                id="calendar-zero-after",
            ),
            pytest.param(
                # 1:59:59.999999 of office time, 2:59:59.999999 of always-open time: whole
                # seconds are shown, never rounded up to the hour.
                support(FR),
                support(FR, calendar="always"),
                answered("11-02 08:00", "11-02 10:59:59.999999"),
                "calendar office → always; business time used 1h59m59s → 2h59m59s: met → breached",
                id="microsecond-short-of-the-hour",
            ),
            pytest.param(
                support({"P1": {"first_response": "1h"}, "P2": {"first_response": "2h"}}),
                support(
                    {"P1": {"first_response": "1h"}, "P2": {"first_response": "2h"}},
                    priority_change="keep",
                ),
                [
                    TicketEvent.created(at("11-02 09:00"), "P2"),
                    TicketEvent.priority_changed(at("11-02 09:30"), "P1"),
                    TicketEvent.agent_replied(at("11-02 10:30")),
                ],
                "priority P1 → P2; target 1h → 2h; 1h30m of business time used: breached → met",
                id="priority-retarget-then-keep",
            ),
            pytest.param(
                support(FR, match=P1_ONLY),
                support(FR),
                answered("11-02 08:00", "11-02 08:30"),
                "policy (none) → support; no first_response target for this ticket under the"
                " current set (the other: target 2h, 0s of business time used): none → met",
                id="no-current-policy-zero-used",
            ),
            pytest.param(
                support(FR, match=P1_ONLY),
                support({"*": {"first_response": "4h"}}),
                answered("11-02 08:00", "11-02 10:59:59.999999"),
                "policy (none) → support; no first_response target for this ticket under the"
                " current set (the other: target 4h, 1h59m59s of business time used):"
                " none → met",
                id="no-current-policy-microsecond-short",
            ),
            pytest.param(
                support(FR),
                support(FR, match=P1_ONLY),
                answered("11-02 09:00", "11-02 10:00"),
                "policy support → (none); no first_response target for this ticket under the"
                " proposed set (the other: target 2h, 1h of business time used): met → none",
                id="no-proposed-policy",
            ),
        ],
    )
    def test_reason_words(
        self, current: dict[str, Any], proposed: dict[str, Any], events: Events, expected: str
    ) -> None:
        result = review(policies(current), policies(proposed), [("A", events)], NOW, OPTIONS)

        assert [expected] == [f.reason for f in result.flips]

    def test_a_metric_dropped_by_the_same_policy(self) -> None:
        current = support({"*": {"first_response": "1h", "resolution": "8h"}})
        proposed = support({"*": {"first_response": "1h"}})
        events = [*answered("11-02 09:00", "11-02 09:30"), TicketEvent.resolved(at("11-02 12:00"))]

        result = review(policies(current), policies(proposed), [("A", events)], NOW, OPTIONS)
        (flip,) = result.flips

        assert "resolution" == flip.metric
        assert (
            "no resolution target for this ticket under the proposed set (the other: target"
            " 8h, 3h of business time used): met → none"
        ) == flip.reason
        assert (
            FlipSide(
                verdict="none",
                policy="support",
                priority=None,
                target=None,
                calendar=None,
                elapsed_seconds=None,
                ledger=[],
            )
            == flip.proposed
        )


def _side(flip: FlipSide) -> tuple[object, ...]:
    return (
        flip.verdict,
        flip.policy,
        flip.priority,
        flip.target,
        flip.calendar,
        flip.elapsed_seconds,
    )


class TestFlipSides:
    def test_priority_target_and_calendar_of_each_side(self) -> None:
        targets = {"P1": {"first_response": "1h"}, "P2": {"first_response": "2h"}}
        current = support(targets)
        proposed = support(targets, calendar="always", priority_change="keep")
        events = [
            TicketEvent.created(at("11-02 09:00"), "P2"),
            TicketEvent.priority_changed(at("11-02 09:30"), "P1"),
            TicketEvent.agent_replied(at("11-02 10:30")),
        ]

        result = review(policies(current), policies(proposed), [("A", events)], NOW, OPTIONS)
        (flip,) = result.flips

        assert ("breached", "support", "P1", "1h", "office", 5400.0) == _side(flip.current)
        assert ("met", "support", "P2", "2h", "always", 5400.0) == _side(flip.proposed)

    @pytest.mark.parametrize("pending_side", ["current", "proposed"])
    def test_a_pending_metric_has_no_cycle_and_no_time_used(self, pending_side: str) -> None:
        # Under after_first_reply the customer's message before the first reply starts no
        # next-response wait: the metric is still pending at NOW.
        armed = support({"*": {"next_response": "1h"}})
        unarmed = support({"*": {"next_response": "1h"}}, next_response_arming="after_first_reply")
        pair = (unarmed, armed) if pending_side == "current" else (armed, unarmed)
        events = [
            TicketEvent.created(at("11-02 09:00"), "P2"),
            TicketEvent.customer_replied(at("11-02 09:10")),
            TicketEvent.agent_replied(at("11-02 09:40")),
        ]

        result = review(policies(pair[0]), policies(pair[1]), [("A", events)], NOW, OPTIONS)
        (flip,) = result.flips
        pending, started = (
            (flip.current, flip.proposed)
            if pending_side == "current"
            else (flip.proposed, flip.current)
        )

        assert (
            FlipSide(
                verdict="none",
                policy="support",
                priority=None,
                target="1h",
                calendar="office",
                elapsed_seconds=None,
                ledger=[],
            )
            == pending
        )
        assert ("met", "support", "P2", "1h", "office", 1800.0) == _side(started)
        # The reason says the clock never started, not that there is no target.
        verdicts = "none → met" if pending_side == "current" else "met → none"
        assert (
            f"next_response (1h) not started under the {pending_side} set (the other: target"
            f" 1h, 30m of business time used): {verdicts}"
        ) == flip.reason


# The groups example: by metric only, P1 first response 1h → 30m (the proposal also pauses
# on "pending"), and the proposal covers P1 tickets only.
#   G1 P1 20m                        met      / met
#   G2 P1 45m                        met      / breached
#   G3 P1 waiting since 09:10 today  paused   / paused
#   G4 P1 created 11:40 today        running  / running (20m used)
#   G5 P2 1h                         met      / no policy
#   G6 P1 1h20m, of which 1h pending breached / met (20m)
GROUPS_CURRENT = support(
    {"P1": {"first_response": "1h"}, "P2": {"first_response": "2h"}}, pause_on=["waiting"]
)
GROUPS_PROPOSED = support(
    {"P1": {"first_response": "30m"}}, pause_on=["waiting", "pending"], match=P1_ONLY
)


def _groups_tickets() -> list[tuple[str, Events]]:
    return [
        ("G1", answered("11-02 09:00", "11-02 09:20", "P1")),
        ("G2", answered("11-02 09:00", "11-02 09:45", "P1")),
        (
            "G3",
            [
                TicketEvent.created(at("11-30 09:00"), "P1"),
                TicketEvent.status_changed(at("11-30 09:10"), "waiting"),
            ],
        ),
        ("G4", [TicketEvent.created(at("11-30 11:40"), "P1")]),
        ("G5", answered("11-02 09:00", "11-02 10:00", "P2")),
        (
            "G6",
            [
                TicketEvent.created(at("11-03 09:00"), "P1"),
                TicketEvent.status_changed(at("11-03 09:10"), "pending"),
                TicketEvent.status_changed(at("11-03 10:10"), "open"),
                TicketEvent.agent_replied(at("11-03 10:20")),
            ],
        ),
    ]


def _groups_review(**kw: Any) -> ReviewResult:
    options = ReportOptions(timezone="Europe/Berlin", period=None, by=("metric",))
    return review(
        policies(GROUPS_CURRENT),
        policies(GROUPS_PROPOSED),
        _groups_tickets(),
        NOW,
        options,
        **kw,
    )


def _figures(
    tickets: int, met: int, breached: int, open: int, attainment: str | None, meets: bool | None
) -> SideFigures:
    percent = None if attainment is None else float(round(100 * Fraction(attainment), 2))
    return SideFigures(
        tickets=tickets,
        met=met,
        breached=breached,
        open=open,
        decided=met + breached,
        attainment=attainment,
        attainment_percent=percent,
        meets_target=meets,
    )


NOTHING = SideFigures(
    tickets=0,
    met=0,
    breached=0,
    open=0,
    decided=0,
    attainment=None,
    attainment_percent=None,
    meets_target=None,
)


class TestGroups:
    def test_rows_by_metric_and_priority(self) -> None:
        data = _groups_review().to_data(("metric", "priority"))

        assert [
            ReviewRow(
                key={"metric": "first_response", "priority": "P1"},
                current=_figures(5, 2, 1, 2, "2/3", False),
                proposed=_figures(5, 2, 1, 2, "2/3", False),
                attainment_change_points=0.0,
                breaches_change=0,
            ),
            ReviewRow(
                key={"metric": "first_response", "priority": "P2"},
                current=_figures(1, 1, 0, 0, "1/1", True),
                proposed=NOTHING,
                attainment_change_points=None,
                breaches_change=0,
            ),
        ] == data.rows
        assert ["metric", "priority"] == data.by

    def test_rows_by_the_options_grouping(self) -> None:
        data = _groups_review().to_data()

        assert [
            ReviewRow(
                key={"metric": "first_response"},
                current=_figures(6, 3, 1, 2, "3/4", False),
                proposed=_figures(5, 2, 1, 2, "2/3", False),
                attainment_change_points=-8.33,
                breaches_change=0,
            )
        ] == data.rows

    def test_flip_counts_and_header(self) -> None:
        data = _groups_review().to_data()

        assert [("G2", "breached"), ("G5", "none"), ("G6", "met")] == [
            (f.ticket, f.proposed.verdict) for f in data.flips
        ]
        assert (3, 1, 1) == (data.flips_total, data.flips_to_met, data.flips_to_breached)
        assert ("2026-11-30T12:00:00+01:00", 6) == (data.now, data.tickets)
        assert ("current", "proposed") == (data.current_name, data.proposed_name)

    def test_a_result_built_without_names_uses_current_and_proposed(self) -> None:
        result = _groups_review()

        data = ReviewResult(result.current, result.proposed, [], 0).to_data()

        assert ("current", "proposed") == (data.current_name, data.proposed_name)
        assert ([], 0) == (data.flips, data.flips_total)

    def test_names_are_passed_on(self) -> None:
        data = _groups_review(names=("2025", "2026")).to_data()

        assert ("2025", "2026") == (data.current_name, data.proposed_name)

    def test_flips_beyond_max_flips_are_counted_not_listed(self) -> None:
        result = _groups_review(max_flips=1)

        assert ["G2"] == [f.ticket for f in result.flips]
        assert 3 == result.flips_total

    def test_the_sink_sees_every_ticket_with_both_statuses(self) -> None:
        seen: list[tuple[str | None, int, bool, bool]] = []

        def sink(ident: str | None, timeline: Timeline, a: TicketStatus, b: TicketStatus) -> None:
            seen.append((ident, len(timeline.events), a.policy is None, b.policy is None))

        _groups_review(sink=sink)

        assert [
            ("G1", 2, False, False),
            ("G2", 2, False, False),
            ("G3", 2, False, False),
            ("G4", 1, False, False),
            ("G5", 2, False, True),
            ("G6", 4, False, False),
        ] == seen


def _lines(tickets: Iterable[tuple[str, Events]]) -> list[str]:
    return [json.dumps({"ticket": i, **e.to_dict()}) for i, events in tickets for e in events]


class TestJsonl:
    def test_options_are_passed_on(self) -> None:
        lines = _lines(_groups_tickets())

        result = review_jsonl(
            policies(GROUPS_CURRENT),
            policies(GROUPS_PROPOSED),
            lines,
            NOW,
            ReportOptions(timezone="Europe/Berlin", period=None),
            max_flips=1,
            names=("before", "after"),
        )
        data = result.to_data()

        assert (["G2"], 3) == ([f.ticket for f in data.flips], data.flips_total)
        assert ("before", "after") == (data.current_name, data.proposed_name)


class TestDefaultMaxFlips:
    """A thousand flipped verdicts are listed by default; the next is only counted."""

    def _tickets(self) -> list[tuple[str, Events]]:
        start = at("11-02 09:00")
        return [
            (
                f"T{n:04}",
                [
                    TicketEvent.created(start, "P2"),
                    TicketEvent.agent_replied(start + timedelta(minutes=45)),
                ],
            )
            for n in range(1001)
        ]

    def _sets(self) -> tuple[PolicySet, PolicySet]:
        return (
            policies(support({"*": {"first_response": "1h"}})),
            policies(support({"*": {"first_response": "30m"}})),
        )

    def test_review(self) -> None:
        result = review(*self._sets(), self._tickets(), NOW, OPTIONS)

        assert (1000, 1001) == (len(result.flips), result.flips_total)
        assert "T0999" == result.flips[-1].ticket

    def test_review_jsonl(self) -> None:
        lines = _lines(self._tickets())

        result = review_jsonl(*self._sets(), lines, NOW, OPTIONS)

        assert (1000, 1001) == (len(result.flips), result.flips_total)


class TestGroupingAndPeriods:
    def test_grouped_by_the_attribute_in_force_at_now(self) -> None:
        events = [
            TicketEvent.created(at("11-02 09:00"), "P2", {"customer": "acme"}),
            TicketEvent.attribute_changed(at("11-02 09:05"), {"customer": "globex"}),
            TicketEvent.agent_replied(at("11-02 09:45")),
        ]
        options = ReportOptions(timezone="Europe/Berlin", period=None, by=("customer",))

        result = review(
            policies(support({"*": {"first_response": "1h"}})),
            policies(support({"*": {"first_response": "30m"}})),
            [("A", events)],
            NOW,
            options,
        )

        assert [({"customer": "globex"}, 1, 1)] == [
            (row.key, row.current.met, row.proposed.breached) for row in result.to_data().rows
        ]

    def test_periods_by_creation_use_the_ticket_creation(self) -> None:
        # Only a next response is measured, and it starts in November; the ticket was created
        # on Friday 30 October, so both sides count it in October.
        events = [
            TicketEvent.created(datetime.fromisoformat("2026-10-30T16:00:00+01:00"), "P2"),
            TicketEvent.customer_replied(at("11-02 09:00")),
            TicketEvent.agent_replied(at("11-02 09:45")),
        ]
        options = ReportOptions(
            timezone="Europe/Berlin", period="month", period_by="created", by=("metric", "period")
        )

        result = review(
            policies(support({"*": {"next_response": "1h"}})),
            policies(support({"*": {"next_response": "30m"}})),
            [("A", events)],
            NOW,
            options,
        )

        assert [({"metric": "next_response", "period": "2026-10"}, 1, 1)] == [
            (row.key, row.current.met, row.proposed.breached) for row in result.to_data().rows
        ]


def _versions(**top: Any) -> PolicySet:
    old = support({"*": {"first_response": "1h"}}, effective_until="2026-11-01")
    new = support({"*": {"first_response": "30m"}}, effective_from="2026-11-01")
    later = {
        "name": "later",
        "calendar": "always",
        "match": {"priority": "P9"},
        "effective_from": "2027-01-01",
        "targets": {"*": {"first_response": "1h"}},
    }
    return policies(old, new, later, **top)


class TestAsOf:
    @pytest.mark.parametrize(
        ("instant", "budget"),
        [
            pytest.param("2026-10-31T23:59:59.999999+01:00", "1h", id="last-instant-of-old"),
            pytest.param("2026-11-01T00:00:00+01:00", "30m", id="first-instant-of-new"),
        ],
    )
    def test_the_version_in_effect(self, instant: str, budget: str) -> None:
        chosen = as_of(_versions(), datetime.fromisoformat(instant))

        assert ["support"] == [p.name for p in chosen.policies]
        (policy,) = chosen.policies
        assert budget == format_duration(policy.targets["*"]["first_response"].budget)
        assert (None, None) == (policy.effective_from, policy.effective_until)

    def test_calendars_and_effective_by_are_kept(self) -> None:
        source = _versions(effective_by="now")

        chosen = as_of(source, datetime.fromisoformat("2026-10-15T12:00:00+01:00"))

        assert source.calendars == chosen.calendars
        assert "now" == chosen.effective_by

    def test_old_version_applies_to_tickets_created_after_it_ended(self) -> None:
        source = _versions()
        old = as_of(source, datetime.fromisoformat("2026-10-15T12:00:00+01:00"))
        new = as_of(source, datetime.fromisoformat("2026-11-15T12:00:00+01:00"))

        result = review(old, new, [("A", answered("11-16 09:00", "11-16 09:45"))], NOW, OPTIONS)

        assert ["target 1h → 30m; 45m of business time used: met → breached"] == [
            f.reason for f in result.flips
        ]


@settings(max_examples=25, deadline=None)
@given(minutes=st.integers(2, 8 * 60 - 1))
def test_a_reply_at_the_deadline_is_met_one_minute_tighter_breached(minutes: int) -> None:
    hours, rest = divmod(minutes, 60)
    words = (f"{hours}h" if hours else "") + (f"{rest}m" if rest else "")
    tighter = minutes - 1
    t_hours, t_rest = divmod(tighter, 60)
    tighter_words = (f"{t_hours}h" if t_hours else "") + (f"{t_rest}m" if t_rest else "")
    start = at("11-02 09:00")
    events = [
        TicketEvent.created(start, "P2"),
        TicketEvent.agent_replied(start + timedelta(minutes=minutes)),
    ]

    result = review(
        policies(support({"*": {"first_response": f"{minutes}m"}})),
        policies(support({"*": {"first_response": f"{tighter}m"}})),
        [("A", events)],
        NOW,
        OPTIONS,
    )

    assert [f"target {words} → {tighter_words}; {words} of business time used: met → breached"] == [
        f.reason for f in result.flips
    ]
