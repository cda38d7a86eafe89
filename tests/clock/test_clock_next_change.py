"""next_change_at is never `now` itself, so a host that wakes at a deadline cannot loop."""

from __future__ import annotations

from datetime import datetime, timedelta

from slaclock import PolicySet, TicketEvent, evaluate

POLICIES = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "policies": [
            {
                "name": "p",
                "calendar": "office",
                "pause_on": ["pending"],
                "targets": {"*": {"first_response": "1h"}},
            }
        ],
    }
)
t = datetime.fromisoformat


class TestAtTheDeadline:
    def test_inside_hours_the_breach_begins_a_microsecond_later(self) -> None:
        # created Mon 10:00, 1h budget: due 11:00. At 11:00 a reply is still in time.
        events = [TicketEvent.created(t("2026-11-30T10:00+01:00"), "P2")]

        status = evaluate(POLICIES, events, t("2026-11-30T11:00+01:00"))

        first = status.metric("first_response")
        assert ("running", t("2026-11-30T11:00+01:00")) == (first.state, first.due_at)
        assert t("2026-11-30T11:00+01:00") + timedelta(microseconds=1) == status.next_change_at

    def test_at_closing_time_the_breach_begins_at_the_next_opening(self) -> None:
        # created Mon 16:00: due at the 17:00 close; nothing counts until Tue 09:00.
        events = [TicketEvent.created(t("2026-11-30T16:00+01:00"), "P2")]

        status = evaluate(POLICIES, events, t("2026-11-30T17:00+01:00"))

        expected = t("2026-12-01T09:00+01:00") + timedelta(microseconds=1)
        assert expected == status.next_change_at
        later = evaluate(POLICIES, events, expected)
        assert "breached" == later.metric("first_response").state


class TestAfterABudgetUsedUpAtClosing:
    def test_the_breach_begins_at_the_next_opening(self) -> None:
        # created Mon 16:00, 1h budget: used up at the 17:00 close. At 20:00 it is still
        # running with nothing left; the breach begins just after Tuesday's 09:00 opening.
        events = [TicketEvent.created(t("2026-11-30T16:00+01:00"), "P2")]

        status = evaluate(POLICIES, events, t("2026-11-30T20:00+01:00"))

        assert ("running", timedelta(0)) == (
            status.metric("first_response").state,
            status.metric("first_response").remaining,
        )
        assert t("2026-12-01T09:00+01:00") + timedelta(microseconds=1) == status.next_change_at


class TestAfterABudgetUsedUpWhereAPauseBegan:
    def test_the_breach_begins_when_the_clock_counts_again(self) -> None:
        # created Mon 10:00, 1h budget, used up at 11:00 exactly as the ticket went pending;
        # it went back to open at 11:30. At 11:30 nothing is exceeded yet: the breach begins
        # a microsecond after 11:30, not in the past (11:00) and not never.
        events = [
            TicketEvent.created(t("2026-11-30T10:00+01:00"), "P2"),
            TicketEvent.status_changed(t("2026-11-30T11:00+01:00"), "pending"),
            TicketEvent.status_changed(t("2026-11-30T11:30+01:00"), "open"),
        ]

        status = evaluate(POLICIES, events, t("2026-11-30T11:30+01:00"))

        first = status.metric("first_response")
        assert ("running", timedelta(0)) == (first.state, first.remaining)
        expected = t("2026-11-30T11:30+01:00") + timedelta(microseconds=1)
        assert expected == status.next_change_at
        assert "breached" == evaluate(POLICIES, events, expected).metric("first_response").state
