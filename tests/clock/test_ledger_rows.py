"""The ledger row by row, as a support lead reads it: every row's instants, kind, business
seconds and reason, computed by hand in the comments.

The office is open Monday to Friday 09:00-17:00 UTC; ``always`` is 24x7; ``early`` is open
Monday to Friday 08:00-10:00 UTC. November 2026: Monday 23, Tuesday 24; 2 November is a
Monday.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus

E = TicketEvent
t = datetime.fromisoformat
CALENDARS = {
    "office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}},
    "early": {"timezone": "UTC", "hours": {"mon-fri": ["08:00-10:00"]}},
    "always": "24x7",
}


def status_of(
    targets: dict[str, Any], events: Sequence[TicketEvent], now: str, **policy: Any
) -> TicketStatus:
    """Evaluate, and check that the incremental clock fed in reverse says the same."""
    policies = PolicySet.from_dict(
        {
            "calendars": CALENDARS,
            "policies": [
                {"name": "desk", "calendar": "office", "targets": {"*": targets}, **policy}
            ],
        }
    )
    status = evaluate(policies, events, t(now))
    clock = SlaClock(policies)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def rows(status: TicketStatus, metric: str) -> list[dict[str, Any]]:
    return [row.to_dict() for row in status.metric(metric).ledger]


def row(start: str, end: str | None, kind: str, secs: float, reason: str) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "kind": kind,
        "business_seconds": secs,
        "reason": reason,
    }


class TestEveryField:
    def test_a_first_response_across_a_night(self) -> None:
        """Created Mon 16:00, 2h: one hour to 17:00, closed to Tue 09:00, the second hour to
        10:00, breached then, still counting to now (Tue 11:00)."""
        events = [E.created(t("2026-11-23T16:00+00:00"), "P2")]

        status = status_of({"first_response": "2h"}, events, "2026-11-24T11:00+00:00")

        night = "outside working hours"
        assert [
            row(
                "2026-11-23T16:00:00+00:00",
                None,
                "event",
                0.0,
                "first response started (first_response: 2h (calendar 'office'))",
            ),
            row("2026-11-23T16:00:00+00:00", "2026-11-23T17:00:00+00:00", "counted", 3600.0,
                "open hours"),
            row("2026-11-23T17:00:00+00:00", "2026-11-24T09:00:00+00:00", "closed", 0.0, night),
            row("2026-11-24T09:00:00+00:00", "2026-11-24T11:00:00+00:00", "counted", 7200.0,
                "open hours"),
            row("2026-11-24T10:00:00+00:00", None, "event", 0.0,
                "first response breached: budget used up"),
        ] == rows(status, "first_response")  # fmt: skip

    def test_moves_breach_marks_and_end_in_the_ticket_s_zone(self) -> None:
        """Berlin (+01:00), wall accounting, resolution 2h from Mon 09:00: 30 min counted, 30
        min pending (the deadline moves from 11:00 to 11:30), counted from 10:00; breached at
        11:30, resolved at 12:00, which is now. Priority changes at 09:00 and 11:30 (the same
        target) are marks at the creation's and the breach's instants; at an equal instant a
        period comes before an event, the breach before a mark, a mark before the end."""
        calendars = {"berlin": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}}
        found = PolicySet.from_dict(
            {
                "calendars": calendars,
                "policies": [
                    {
                        "name": "desk",
                        "calendar": "berlin",
                        "pause_on": ["pending"],
                        "pause_accounting": "wall",
                        "targets": {"*": {"resolution": "2h"}},
                    }
                ],
            }
        )
        events = [
            E.created(t("2026-11-23T09:00+01:00"), "P2"),
            E.priority_changed(t("2026-11-23T09:00+01:00"), "P3"),
            E.status_changed(t("2026-11-23T09:30+01:00"), "pending"),
            E.status_changed(t("2026-11-23T10:00+01:00"), "open"),
            E.priority_changed(t("2026-11-23T11:30+01:00"), "P2"),
            E.resolved(t("2026-11-23T12:00+01:00")),
        ]

        status = evaluate(found, events, t("2026-11-23T12:00+01:00"))

        moved = (
            "resolution: deadline moved 30m later, the wall-clock length of the pause"
            " (pause_accounting: wall)"
        )
        assert [
            row("2026-11-23T09:00:00+01:00", None, "event", 0.0,
                "resolution started (resolution: 2h (calendar 'berlin'))"),
            row("2026-11-23T09:00:00+01:00", "2026-11-23T09:30:00+01:00", "counted", 1800.0,
                "open hours"),
            row("2026-11-23T09:00:00+01:00", None, "event", 0.0, "priority changed P2 -> P3"),
            row("2026-11-23T09:30:00+01:00", "2026-11-23T10:00:00+01:00", "paused", 1800.0,
                "paused: status 'pending': 30m of business time not counted"),
            row("2026-11-23T10:00:00+01:00", "2026-11-23T12:00:00+01:00", "counted", 7200.0,
                "open hours"),
            row("2026-11-23T10:00:00+01:00", None, "event", 0.0, moved),
            row("2026-11-23T11:30:00+01:00", None, "event", 0.0,
                "resolution breached: budget used up"),
            row("2026-11-23T11:30:00+01:00", None, "event", 0.0, "priority changed P3 -> P2"),
            row("2026-11-23T12:00:00+01:00", None, "event", 0.0, "ticket resolved"),
            row("2026-11-23T12:00:00+01:00", None, "event", 0.0, "resolution met"),
        ] == rows(status, "resolution")  # fmt: skip


class TestCycles:
    def test_each_cycle_of_a_next_response_is_numbered(self) -> None:
        """Two customer messages, each answered: two cycles, each labelled with its number."""
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.customer_replied(t("2026-11-23T10:00+00:00")),
            E.agent_replied(t("2026-11-23T10:30+00:00")),
            E.customer_replied(t("2026-11-23T11:00+00:00")),
            E.agent_replied(t("2026-11-23T11:15+00:00")),
        ]

        status = status_of({"next_response": "1h"}, events, "2026-11-23T12:00+00:00")

        labels = [r["reason"] for r in rows(status, "next_response") if r["kind"] == "event"]
        assert [
            "next response (cycle 1) started (next_response: 1h (calendar 'office'))",
            "next response (cycle 1) met",
            "next response (cycle 2) started (next_response: 1h (calendar 'office'))",
            "next response (cycle 2) met",
        ] == [text for text in labels if text.startswith("next response")]

    def test_a_single_cycle_has_no_number(self) -> None:
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.customer_replied(t("2026-11-23T10:00+00:00")),
        ]

        status = status_of({"next_response": "1h"}, events, "2026-11-23T10:30+00:00")

        assert (
            "next response started (next_response: 1h (calendar 'office'))"
            == rows(status, "next_response")[0]["reason"]
        )


class TestWaiting:
    def test_the_wait_before_the_budget_counts(self) -> None:
        """Resolution 1h on ``always`` after 2h of office time: created Sat 21 Nov 12:00, the
        wait ends Mon 11:00 (office 09:00-11:00), then one hour around the clock: due 12:00."""
        events = [E.created(t("2026-11-21T12:00+00:00"), "P2")]
        target = {"within": "1h", "calendar": "always", "after": "2h", "after_calendar": "office"}

        status = status_of({"resolution": target}, events, "2026-11-23T11:30+00:00")

        assert [
            row(
                "2026-11-21T12:00:00+00:00",
                None,
                "event",
                0.0,
                "resolution started (resolution: 1h (calendar 'always', after 2h on 'office'))",
            ),
            row(
                "2026-11-21T12:00:00+00:00",
                "2026-11-23T11:00:00+00:00",
                "closed",
                0.0,
                "waiting: resolution counts from the first open instant of calendar 'office'"
                " after 2h of its open time (after)",
            ),
            row("2026-11-23T11:00:00+00:00", "2026-11-23T11:30:00+00:00", "counted", 1800.0,
                "open hours"),
        ] == rows(status, "resolution")  # fmt: skip
        assert "2026-11-23T12:00:00+00:00" == status.metric("resolution").to_dict()["due_at"]

    def test_no_wait_row_when_the_wait_ends_at_the_start(self) -> None:
        """After 0m of office time, created Mon 10:00 (open): nothing to wait for."""
        events = [E.created(t("2026-11-23T10:00+00:00"), "P2")]
        target = {"within": "1h", "calendar": "always", "after": "0m", "after_calendar": "office"}

        status = status_of({"resolution": target}, events, "2026-11-23T10:30+00:00")

        assert ["event", "counted"] == [r["kind"] for r in rows(status, "resolution")]

    def test_a_pause_inside_the_wait(self) -> None:
        """First response 1h on ``always`` after 2h of office time, created Sat 12:00,
        pending 13:00-14:00: waiting on both sides of the pause (which holds no business
        time: nothing counts yet), then counting from Mon 11:00."""
        events = [
            E.created(t("2026-11-21T12:00+00:00"), "P2"),
            E.status_changed(t("2026-11-21T13:00+00:00"), "pending"),
            E.status_changed(t("2026-11-21T14:00+00:00"), "open"),
        ]
        target = {"within": "1h", "calendar": "always", "after": "2h", "after_calendar": "office"}

        status = status_of(
            {"first_response": target}, events, "2026-11-23T11:30+00:00", pause_on=["pending"]
        )

        waiting = (
            "waiting: first response counts from the first open instant of calendar 'office'"
            " after 2h of its open time (after)"
        )
        assert [
            ("closed", "2026-11-21T12:00:00+00:00", "2026-11-21T13:00:00+00:00", waiting),
            ("paused", "2026-11-21T13:00:00+00:00", "2026-11-21T14:00:00+00:00",
             "paused: status 'pending': 0s of business time not counted"),
            ("closed", "2026-11-21T14:00:00+00:00", "2026-11-23T11:00:00+00:00", waiting),
            ("counted", "2026-11-23T11:00:00+00:00", "2026-11-23T11:30:00+00:00", "open hours"),
        ] == [
            (r["kind"], r["start"], r["end"], r["reason"])
            for r in rows(status, "first_response")
            if r["end"] is not None
        ]  # fmt: skip

    def test_a_wall_clock_pause_inside_the_wait_moves_the_deadline(self) -> None:
        """The same under ``pause_accounting: wall``: the hour pending moves the deadline an
        hour later (Mon 13:00), as a wall-clock pause always does; the move is noted at the
        pause's end, after the wait that resumes there."""
        events = [
            E.created(t("2026-11-21T12:00+00:00"), "P2"),
            E.status_changed(t("2026-11-21T13:00+00:00"), "pending"),
            E.status_changed(t("2026-11-21T14:00+00:00"), "open"),
        ]
        target = {"within": "1h", "calendar": "always", "after": "2h", "after_calendar": "office"}

        status = status_of(
            {"first_response": target},
            events,
            "2026-11-23T11:30+00:00",
            pause_on=["pending"],
            pause_accounting="wall",
        )

        assert [
            ("event", "2026-11-21T12:00:00+00:00"),
            ("closed", "2026-11-21T12:00:00+00:00"),
            ("paused", "2026-11-21T13:00:00+00:00"),
            ("closed", "2026-11-21T14:00:00+00:00"),
            ("event", "2026-11-21T14:00:00+00:00"),
            ("counted", "2026-11-23T11:00:00+00:00"),
        ] == [(r["kind"], r["start"]) for r in rows(status, "first_response")]
        assert "2026-11-23T13:00:00+00:00" == status.metric("first_response").to_dict()["due_at"]


class TestLongStretches:
    def test_weeks_around_the_clock_are_one_row(self) -> None:
        """Open 30 days on 24x7: more than three weeks, every hour open: one row."""
        events = [E.created(t("2026-11-01T00:00+00:00"), "P2")]

        status = status_of(
            {"resolution": {"within": "1000h", "calendar": "always"}},
            events,
            "2026-12-01T00:00+00:00",
        )

        counted = [r for r in rows(status, "resolution") if r["kind"] != "event"]
        assert [
            row("2026-11-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00", "counted",
                30 * 86400.0, "open hours"),
        ] == counted  # fmt: skip

    def test_exactly_three_weeks_stay_in_detail(self) -> None:
        """Mon 2 Nov 09:00 to Mon 23 Nov 09:00 on the office: 15 open days, each followed by
        a closed night or weekend, shown one by one."""
        events = [E.created(t("2026-11-02T09:00+00:00"), "P2")]

        status = status_of({"resolution": "1000h"}, events, "2026-11-23T09:00+00:00")

        kinds = [r["kind"] for r in rows(status, "resolution") if r["kind"] != "event"]
        assert (15, 15) == (kinds.count("counted"), kinds.count("closed"))

    def test_the_detail_stops_at_a_whole_open_period(self) -> None:
        """On ``early`` (08:00-10:00), from Mon 2 Nov 10:00 (a closing) to Mon 30 Nov 09:00:
        the first week's detail ends with Mon 9 Nov's period, which closes exactly a week
        after the start, so that period is left to the middle row; the last week's detail
        starts with Tue 24 Nov's (Mon 23's closes a week and an hour before the end)."""
        events = [E.created(t("2026-11-02T10:00+00:00"), "P2")]

        status = status_of(
            {"resolution": {"within": "1000h", "calendar": "early"}},
            events,
            "2026-11-30T09:00+00:00",
        )

        [middle] = [
            r for r in rows(status, "resolution") if r["reason"].startswith("open hours over")
        ]
        # Fri 6 Nov 10:00 to Tue 24 Nov 08:00: 11 open periods of 2h (9, 10, 11, 12, 13,
        # 16, 17, 18, 19, 20 and 23 Nov), 22h; 17 whole days.
        assert (
            "2026-11-06T10:00:00+00:00",
            "2026-11-24T08:00:00+00:00",
            11 * 7200.0,
        ) == (middle["start"], middle["end"], middle["business_seconds"])
        assert middle["reason"] == (
            "open hours over 17 days, 22h counted; the closed time in between (nights,"
            " weekends, holidays) not counted"
        )


class TestAssignee:
    def test_a_clock_that_runs_while_one_person_owns_the_ticket(self) -> None:
        """Started when Ann takes the ticket (10:00), held while someone else has it. An
        assignment that names only a group (10:30) leaves Ann the owner: 1h counted by 11:00;
        Bob from 11:00 holds it."""
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.assigned(t("2026-11-23T09:30+00:00"), assignee="bob"),
            E.assigned(t("2026-11-23T10:00+00:00"), assignee="ann"),
            E.assigned(t("2026-11-23T10:30+00:00"), group="network"),
            E.assigned(t("2026-11-23T11:00+00:00"), assignee="bob"),
        ]
        ola = {
            "start": {"assignee": "ann"},
            "pause": {"not": {"assignee": "ann"}},
            "stop": {"event": "resolved"},
        }

        status = status_of(
            {"ann-ola": "4h"}, events, "2026-11-23T11:30+00:00", metrics={"ann-ola": ola}
        )

        assert [
            ("counted", "2026-11-23T10:00:00+00:00", "2026-11-23T11:00:00+00:00"),
            ("paused", "2026-11-23T11:00:00+00:00", "2026-11-23T11:30:00+00:00"),
        ] == [(r["kind"], r["start"], r["end"]) for r in rows(status, "ann-ola") if r["end"]]


class TestTicketMarks:
    def test_a_reopen_and_a_close_are_rows_of_their_own(self) -> None:
        """Resolution 8h from Mon 09:00: 1h counted, resolved at 10:00 (met), reopened at
        11:00 (``reopen: resume``: the hour in between was held by the resolve), 1h counted,
        closed at 12:00, which ends it met again. The three marks sit at their instants,
        after the periods there and before the end."""
        events = [
            E.created(t("2026-11-23T09:00+00:00"), "P2"),
            E.resolved(t("2026-11-23T10:00+00:00")),
            E.reopened(t("2026-11-23T11:00+00:00")),
            E.closed(t("2026-11-23T12:00+00:00")),
        ]

        status = status_of({"resolution": "8h"}, events, "2026-11-23T13:00+00:00")

        assert [
            row("2026-11-23T09:00:00+00:00", None, "event", 0.0,
                "resolution started (resolution: 8h (calendar 'office'))"),
            row("2026-11-23T09:00:00+00:00", "2026-11-23T10:00:00+00:00", "counted", 3600.0,
                "open hours"),
            row("2026-11-23T10:00:00+00:00", "2026-11-23T11:00:00+00:00", "paused", 3600.0,
                "suspended: the ticket is resolved: 1h of business time not counted"),
            row("2026-11-23T10:00:00+00:00", None, "event", 0.0, "ticket resolved"),
            row("2026-11-23T11:00:00+00:00", "2026-11-23T12:00:00+00:00", "counted", 3600.0,
                "open hours"),
            row("2026-11-23T11:00:00+00:00", None, "event", 0.0, "ticket reopened"),
            row("2026-11-23T12:00:00+00:00", None, "event", 0.0, "ticket closed"),
            row("2026-11-23T12:00:00+00:00", None, "event", 0.0, "resolution met"),
        ] == rows(status, "resolution")  # fmt: skip
