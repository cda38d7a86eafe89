"""Worked examples of the SLA clock, each computed by hand in the comments.

Unless a class says otherwise, tickets run on the ``office`` calendar: Europe/Berlin,
Monday to Friday 09:00-12:30 and 13:30-17:30 (7.5 hours a day), closed on German public
holidays (named in English). Its policy pauses every clock while the ticket waits on the
customer, warns at 50 % and 75 % of a budget, and has these targets:

====  ==============  =============  ===============  ==========
      first_response  next_response  periodic_update  resolution
====  ==============  =============  ===============  ==========
P1    15m                                             1h
P2    1h              2h             2h               8h
P3    4h                                              16h
====  ==============  =============  ===============  ==========
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from slaclock import PolicyError, PolicySet, TicketEvent, TicketStatus, evaluate

E = TicketEvent
OFFICE = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
    "holidays": {"country": "DE", "language": "en_US"},
}
TARGETS: dict[str, Any] = {
    "P1": {"first_response": "15m", "resolution": "1h"},
    "P2": {
        "first_response": "1h",
        "next_response": "2h",
        "periodic_update": "2h",
        "resolution": "8h",
    },
    "P3": {"first_response": "4h", "resolution": "16h"},
}


def support(**options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "support",
                    "calendar": "office",
                    "pause_on": ["waiting_on_customer"],
                    "warn_at": [0.5, 0.75],
                    "targets": TARGETS,
                    **options,
                }
            ],
        }
    )


SUPPORT = support()


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


def berlin(day: str, hhmm: str) -> datetime:
    """A Berlin wall time in winter (CET, +01:00), e.g. berlin("2026-11-30", "09:00")."""
    return t(f"{day}T{hhmm}+01:00")


FRI, MON, TUE, WED, THU = "2026-11-27", "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


# --------------------------------------------------------------------------- Friday 16:30


class TestFridayAfternoonTicket:
    """A P3 ticket created Friday 16:30, answered at 16:45. On Monday the agent waits on the
    customer from 09:30 to 11:30 (two business hours)."""

    EVENTS = (
        E.created(berlin(FRI, "16:30"), "P3"),
        E.agent_replied(berlin(FRI, "16:45")),
        E.status_changed(berlin(MON, "09:30"), "waiting_on_customer"),
        E.status_changed(berlin(MON, "11:30"), "open"),
    )

    def test_first_response_met_on_friday(self) -> None:
        # 15 minutes used. The deadline it was met against: 3h45m left at 16:45, i.e.
        # Friday 16:45-17:30 (45m) + Monday 09:00-12:00 (3h).
        first = evaluate(SUPPORT, self.EVENTS, berlin(MON, "12:00")).metric("first_response")

        assert ("met", berlin(FRI, "16:45"), berlin(MON, "12:00"), timedelta(minutes=15)) == (
            first.state,
            first.met_at,
            first.due_at,
            first.elapsed,
        )

    def test_while_waiting_on_the_customer_the_resolution_clock_is_held(self) -> None:
        # Friday 16:30-17:30 (1h) + Monday 09:00-09:30 (30m) counted; 09:30-10:30 held.
        status = evaluate(SUPPORT, self.EVENTS, berlin(MON, "10:30"))

        resolution = status.metric("resolution")
        assert ("paused", None, None, hours(1.5), hours(1)) == (
            resolution.state,
            resolution.due_at,
            resolution.next_warning_at,
            resolution.elapsed,
            resolution.paused,
        )
        assert status.next_change_at is None

    def test_after_the_pause_the_deadline_moved_by_two_hours(self) -> None:
        # Counted: Fri 1h + Mon 09:00-09:30 + 11:30-12:00 = 2h; held 2h. 14h left at Monday
        # 12:00: Mon 12:00-12:30 (30m) + 13:30-17:30 (4h), Tue 7h30m, Wed 09:00-11:00 (2h).
        # The 50 % warning (8h): 6h more, Mon 4h30m + Tue 09:00-10:30.
        status = evaluate(SUPPORT, self.EVENTS, berlin(MON, "12:00"))

        resolution = status.metric("resolution")
        assert (
            "running",
            berlin(WED, "11:00"),
            hours(2),
            hours(2),
            hours(14),
            12.5,
            berlin(TUE, "10:30"),
        ) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
            resolution.paused,
            resolution.remaining,
            resolution.percent_used,
            resolution.next_warning_at,
        )
        assert berlin(TUE, "10:30") == status.next_change_at

    def test_priority_raised_monday_morning_retargets_from_the_original_start(self) -> None:
        # Raised to P1 at 11:45: P1's 1h resolution budget applies from Friday 16:30 and ran
        # out at Friday 17:30, three days before the change. 2h used: 1h over.
        events = [*self.EVENTS, E.priority_changed(berlin(MON, "11:45"), "P1")]

        status = evaluate(SUPPORT, events, berlin(MON, "12:00"))

        resolution = status.metric("resolution")
        assert (
            "breached",
            berlin(FRI, "17:30"),
            berlin(FRI, "17:30"),
            hours(-1),
            200.0,
            "P1",
        ) == (
            resolution.state,
            resolution.due_at,
            resolution.breached_at,
            resolution.remaining,
            resolution.percent_used,
            resolution.cycles[0].priority,
        )
        # The first response was met as P3 and keeps that target.
        first = status.metric("first_response")
        assert ("met", "P3", None) == (first.state, first.cycles[0].priority, first.breached_at)

    # Resolved Monday 15:00 (4h counted: Fri 1h, Mon 09:00-09:30, 11:30-12:30, 13:30-15:00),
    # reopened Tuesday 10:00, evaluated Tuesday 12:00.
    REOPENED = (
        *EVENTS,
        E.resolved(berlin(MON, "15:00")),
        E.reopened(berlin(TUE, "10:00")),
    )

    def test_reopen_resume_continues_the_resolution_clock(self) -> None:
        # Counted 4h + Tue 10:00-12:00 = 6h. Held: the wait (2h) and the resolved time
        # Mon 15:00-17:30 + Tue 09:00-10:00 (3h30m) = 5h30m. 10h left at Tuesday 12:00:
        # Tue 12:00-12:30 + 13:30-17:30 (4h30m), Wed 09:00-12:30 (3h30m) + 13:30-15:30 (2h).
        resolution = evaluate(SUPPORT, self.REOPENED, berlin(TUE, "12:00")).metric("resolution")

        assert (
            "running",
            berlin(FRI, "16:30"),
            berlin(WED, "15:30"),
            hours(6),
            hours(5.5),
            1,
        ) == (
            resolution.state,
            resolution.started_at,
            resolution.due_at,
            resolution.elapsed,
            resolution.paused,
            len(resolution.cycles),
        )

    def test_reopen_new_cycle_starts_a_fresh_budget(self) -> None:
        # Cycle 1 met Monday 15:00 with 4h used (12h left would have run to Wed 11:00:
        # Mon 15:00-17:30 2h30m, Tue 7h30m, Wed 09:00-11:00). Cycle 2 from Tuesday 10:00:
        # 2h used, 14h left at 12:00: Tue 4h30m, Wed 7h30m, Thu 09:00-11:00.
        policies = support(reopen="new_cycle")

        resolution = evaluate(policies, self.REOPENED, berlin(TUE, "12:00")).metric("resolution")

        one, two = resolution.cycles
        assert ("met", berlin(MON, "15:00"), berlin(WED, "11:00"), hours(4), hours(2)) == (
            one.state,
            one.met_at,
            one.due_at,
            one.elapsed,
            one.paused,
        )
        assert ("running", berlin(TUE, "10:00"), berlin(THU, "11:00"), hours(2)) == (
            two.state,
            two.started_at,
            two.due_at,
            two.elapsed,
        )
        assert ("running", berlin(TUE, "10:00"), timedelta(0)) == (
            resolution.state,
            resolution.started_at,
            resolution.paused,
        )

    def test_reopen_restart_also_starts_the_first_response_over(self) -> None:
        # A new first response from Tuesday 10:00: 4h is 10:00-12:30 + 13:30-15:00.
        status = evaluate(support(reopen="restart"), self.REOPENED, berlin(TUE, "12:00"))

        first = status.metric("first_response")
        assert [("met", "met"), ("running", None)] == [(c.state, c.outcome) for c in first.cycles]
        assert ("running", berlin(TUE, "10:00"), berlin(TUE, "15:00"), hours(2)) == (
            first.state,
            first.started_at,
            first.due_at,
            first.elapsed,
        )
        assert 2 == len(status.metric("resolution").cycles)

    def test_reopen_resume_leaves_the_first_response_alone(self) -> None:
        first = evaluate(SUPPORT, self.REOPENED, berlin(TUE, "12:00")).metric("first_response")

        assert ("met", 1) == (first.state, len(first.cycles))


# --------------------------------------------------------------------------- holidays


class TestCreatedOnAPublicHoliday:
    """A P2 ticket created on Good Friday, 3 April 2026, 10:00 CEST. Easter Monday (6 April)
    is a holiday too: the clocks start counting on Tuesday 7 April at 09:00."""

    EVENTS = (E.created(t("2026-04-03T10:00+02:00"), "P2"),)
    NOW = t("2026-04-07T09:30+02:00")

    def test_the_clock_starts_at_creation_and_counts_from_tuesday(self) -> None:
        # 30 of 60 minutes used on Tuesday: due 10:00. 50 % is reached right now, so the
        # next warning is 75 % (45m): 09:45.
        first = evaluate(SUPPORT, self.EVENTS, self.NOW).metric("first_response")

        assert (
            t("2026-04-03T10:00+02:00"),
            t("2026-04-07T10:00+02:00"),
            timedelta(minutes=30),
            50.0,
            t("2026-04-07T09:45+02:00"),
        ) == (
            first.started_at,
            first.due_at,
            first.elapsed,
            first.percent_used,
            first.next_warning_at,
        )

    def test_resolution_due_on_wednesday(self) -> None:
        # 8h: Tuesday 7h30m, then Wednesday 09:00-09:30.
        resolution = evaluate(SUPPORT, self.EVENTS, self.NOW).metric("resolution")

        assert t("2026-04-08T09:30+02:00") == resolution.due_at

    def test_next_change_is_the_first_response_warning(self) -> None:
        status = evaluate(SUPPORT, self.EVENTS, self.NOW)

        assert t("2026-04-07T09:45+02:00") == status.next_change_at

    def test_the_ledger_names_the_holidays(self) -> None:
        ledger = evaluate(SUPPORT, self.EVENTS, self.NOW).metric("first_response").ledger

        rows = [(e.kind, e.start, e.end, e.business_seconds) for e in ledger]
        assert [
            ("event", t("2026-04-03T10:00+02:00"), None, 0.0),
            ("closed", t("2026-04-03T10:00+02:00"), t("2026-04-07T09:00+02:00"), 0.0),
            ("counted", t("2026-04-07T09:00+02:00"), t("2026-04-07T09:30+02:00"), 1800.0),
        ] == rows
        assert (
            "calendar closed (holiday or closed date: 2026-04-03 Good Friday,"
            " 2026-04-06 Easter Monday)"
        ) == ledger[1].reason


# --------------------------------------------------------------------------- night shift

NIGHT_DESK = PolicySet.from_dict(
    {
        "calendars": {
            "night-desk": {"timezone": "America/New_York", "hours": {"mon-fri": ["22:00-06:00"]}}
        },
        "policies": [
            {
                "name": "nights",
                "calendar": "night-desk",
                "targets": {"*": {"first_response": "1h", "resolution": "8h"}},
            }
        ],
    }
)


def new_york(day: str, hhmm: str) -> datetime:
    """A New York wall time in winter (EST, -05:00)."""
    return t(f"{day}T{hhmm}-05:00")


class TestNightShiftDesk:
    """New York, Monday to Friday 22:00-06:00; a shift belongs to the day it starts, so
    Friday's runs into Saturday morning and nothing starts on Saturday or Sunday."""

    def test_created_during_fridays_shift(self) -> None:
        # Friday 23:00: the first response is due at midnight; resolution uses the shift's
        # last 7h (23:00-06:00) and 1h of Monday's (22:00-23:00).
        events = [E.created(new_york(FRI, "23:00"), "P2")]

        status = evaluate(NIGHT_DESK, events, new_york("2026-11-28", "03:00"))

        first, resolution = status.metric("first_response"), status.metric("resolution")
        assert ("breached", new_york("2026-11-28", "00:00")) == (first.state, first.breached_at)
        assert ("running", new_york(MON, "23:00"), hours(4)) == (
            resolution.state,
            resolution.due_at,
            resolution.elapsed,
        )

    def test_created_on_saturday_morning_waits_for_monday_night(self) -> None:
        events = [E.created(new_york("2026-11-28", "08:00"), "P2")]

        first = evaluate(NIGHT_DESK, events, new_york(MON, "22:30")).metric("first_response")

        assert (new_york("2026-11-28", "08:00"), new_york(MON, "23:00"), timedelta(minutes=30)) == (
            first.started_at,
            first.due_at,
            first.elapsed,
        )

    def test_monday_early_morning_is_closed_no_sunday_shift(self) -> None:
        events = [E.created(new_york(MON, "05:00"), "P2")]

        first = evaluate(NIGHT_DESK, events, new_york(MON, "12:00")).metric("first_response")

        assert (new_york(MON, "23:00"), timedelta(0)) == (first.due_at, first.elapsed)


# --------------------------------------------------------------------------- 24x7 beside hours

TIERED = PolicySet.from_dict(
    {
        "calendars": {"office": OFFICE},
        "policies": [
            {
                "name": "tiered",
                "calendar": "office",
                "targets": {
                    "P1": {"calendar": "24x7", "first_response": "30m", "resolution": "4h"},
                    "P3": {"first_response": "4h", "resolution": "16h"},
                },
            }
        ],
    }
)


class TestTwentyFourSevenBesideBusinessHours:
    """Two tickets created Friday 17:00: a P1 on the 24x7 calendar, a P3 on office hours."""

    def test_p1_counts_around_the_clock(self) -> None:
        status = evaluate(TIERED, [E.created(berlin(FRI, "17:00"), "P1")], berlin(FRI, "17:10"))

        data = status.to_dict()["metrics"]
        assert {
            "first_response": ("2026-11-27T17:30:00+01:00", "24x7"),
            "resolution": ("2026-11-27T21:00:00+01:00", "24x7"),
        } == {name: (m["due_at"], m["calendar"]) for name, m in data.items()}

    def test_p3_waits_for_office_hours(self) -> None:
        # first_response: Fri 17:00-17:30 + Mon 09:00-12:30. resolution 16h: Fri 30m,
        # Mon 7h30m, Tue 7h30m, Wed 09:00-09:30.
        status = evaluate(TIERED, [E.created(berlin(FRI, "17:00"), "P3")], berlin(FRI, "17:10"))

        data = status.to_dict()["metrics"]
        assert {
            "first_response": ("2026-11-30T12:30:00+01:00", "office"),
            "resolution": ("2026-12-02T09:30:00+01:00", "office"),
        } == {name: (m["due_at"], m["calendar"]) for name, m in data.items()}

    def test_p1_across_the_spring_dst_change(self) -> None:
        # Sunday 29 March 2026, 01:30 CET = 00:30Z; 4 real hours later is 04:30Z, shown in the
        # policy's zone as 06:30 CEST: the clocks went forward an hour at 02:00.
        created = E.created(t("2026-03-29T01:30+01:00"), "P1")

        resolution = evaluate(TIERED, [created], t("2026-03-29T04:00+02:00")).metric("resolution")

        assert "2026-03-29T06:30:00+02:00" == resolution.due_at.isoformat()  # type: ignore[union-attr]
        assert hours(1.5) == resolution.elapsed  # 00:30Z to 02:00Z

    def test_p3_across_the_same_weekend(self) -> None:
        # Closed on Sunday; Monday 30 March (CEST) 09:00-12:30 + 13:30-14:00.
        created = E.created(t("2026-03-29T01:30+01:00"), "P3")

        first = evaluate(TIERED, [created], t("2026-03-29T04:00+02:00")).metric("first_response")

        assert t("2026-03-30T14:00+02:00") == first.due_at


# --------------------------------------------------------------------------- response metrics


class TestNextResponse:
    """A P2 ticket created Monday 23 November 09:00; next_response 2h."""

    DAY = "2026-11-23"
    EVENTS = (
        E.created(berlin(DAY, "09:00"), "P2"),
        E.customer_replied(berlin(DAY, "10:00")),
        E.customer_replied(berlin(DAY, "10:30")),
        E.customer_replied(berlin(DAY, "11:00")),
        E.agent_replied(berlin(DAY, "11:30")),
        E.customer_replied(berlin(DAY, "13:45")),
        E.agent_replied(berlin(DAY, "14:00"), public=False),
    )

    def test_counted_from_the_oldest_unanswered_message(self) -> None:
        # Three messages from 10:00 wait together: due 12:00, 1h15m used at 11:15.
        nr = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "11:15")).metric("next_response")

        assert (berlin(self.DAY, "10:00"), berlin(self.DAY, "12:00"), hours(1.25), 1) == (
            nr.started_at,
            nr.due_at,
            nr.elapsed,
            len(nr.cycles),
        )

    def test_a_public_reply_meets_it_and_the_next_message_starts_a_new_cycle(self) -> None:
        # Cycle 1: 10:00-11:30, met in time (1h30m). Cycle 2 from 13:45; the internal note
        # at 14:00 answers nothing: 2h15m used by 16:00, breached at 15:45.
        nr = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "16:00")).metric("next_response")

        one, two = nr.cycles
        assert ("met", berlin(self.DAY, "11:30"), hours(1.5), None) == (
            one.state,
            one.met_at,
            one.elapsed,
            one.breached_at,
        )
        assert ("breached", berlin(self.DAY, "13:45"), berlin(self.DAY, "15:45")) == (
            two.state,
            two.started_at,
            two.breached_at,
        )
        assert ("breached", berlin(self.DAY, "15:45"), hours(2.25)) == (
            nr.state,
            nr.breached_at,
            nr.elapsed,
        )

    def test_the_first_response_came_late(self) -> None:
        # Due 10:00, answered 11:30: met late, and breached stays.
        first = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "16:00")).metric("first_response")

        assert ("breached", berlin(self.DAY, "11:30"), berlin(self.DAY, "10:00")) == (
            first.state,
            first.met_at,
            first.breached_at,
        )


class TestInternalNote:
    DAY = "2026-11-23"
    EVENTS = (
        E.created(berlin(DAY, "09:00"), "P2"),
        E.agent_replied(berlin(DAY, "09:10"), public=False),
    )

    def test_an_internal_note_is_not_a_first_response(self) -> None:
        first = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "09:30")).metric("first_response")

        assert ("running", None, timedelta(minutes=30)) == (
            first.state,
            first.met_at,
            first.elapsed,
        )

    def test_an_internal_note_does_not_arm_periodic_updates(self) -> None:
        update = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "09:30")).metric("periodic_update")

        assert ("pending", (), None) == (update.state, update.cycles, update.due_at)


class TestPeriodicUpdate:
    """periodic_update 2h: armed by the public reply at 09:30, renewed at 11:00."""

    DAY = "2026-11-23"
    EVENTS = (
        E.created(berlin(DAY, "09:00"), "P2"),
        E.agent_replied(berlin(DAY, "09:30")),
        E.agent_replied(berlin(DAY, "11:00")),
    )

    def test_pending_before_the_first_public_reply(self) -> None:
        update = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "09:15")).metric("periodic_update")

        assert ("pending", None, None, None) == (
            update.state,
            update.started_at,
            update.due_at,
            update.remaining,
        )

    def test_each_public_reply_closes_a_cycle_and_starts_the_next(self) -> None:
        # Cycle 1: 09:30-11:00 (due 11:30), met. Cycle 2 from 11:00: 11:00-12:30 (1h30m) +
        # 13:30-14:00 reaches 2h at 14:00; by 15:00 3h are used.
        update = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "15:00")).metric("periodic_update")

        assert [
            ("met", berlin(self.DAY, "09:30"), berlin(self.DAY, "11:30")),
            ("breached", berlin(self.DAY, "11:00"), berlin(self.DAY, "14:00")),
        ] == [(c.state, c.started_at, c.due_at) for c in update.cycles]
        assert ("breached", berlin(self.DAY, "14:00"), hours(3)) == (
            update.state,
            update.breached_at,
            update.elapsed,
        )


# --------------------------------------------------------------------------- custom metric

OLA = PolicySet.from_dict(
    {
        "calendars": {"office": OFFICE},
        "policies": [
            {
                "name": "network-ola",
                "calendar": "office",
                "metrics": {
                    "network_ola": {
                        "description": "runs while the network group holds the ticket",
                        "start": {"group": "network"},
                        "stop": {"not": {"group": "network"}},
                    }
                },
                "targets": {"*": {"network_ola": "2h", "resolution": "8h"}},
            }
        ],
    }
)


class TestCustomOlaMetric:
    DAY = "2026-11-23"
    EVENTS = (
        E.created(berlin(DAY, "09:00"), "P2", group="desk"),
        E.assigned(berlin(DAY, "10:00"), group="network"),
        E.assigned(berlin(DAY, "11:30"), group="desk"),
        E.assigned(berlin(DAY, "14:00"), group="network"),
    )

    def test_pending_until_network_takes_the_ticket(self) -> None:
        ola = evaluate(OLA, self.EVENTS, berlin(self.DAY, "09:30")).metric("network_ola")

        assert ("pending", ()) == (ola.state, ola.cycles)

    def test_each_stay_with_network_is_a_cycle(self) -> None:
        # 10:00-11:30 (1h30m, met; due would have been 12:00). From 14:00: 1h30m used by
        # 15:30, 30m left: due 16:00.
        ola = evaluate(OLA, self.EVENTS, berlin(self.DAY, "15:30")).metric("network_ola")

        assert [("met", hours(1.5), berlin(self.DAY, "12:00"))] == [
            (c.state, c.elapsed, c.due_at) for c in ola.cycles[:1]
        ]
        assert (
            "running",
            berlin(self.DAY, "14:00"),
            berlin(self.DAY, "16:00"),
            timedelta(minutes=30),
        ) == (ola.state, ola.started_at, ola.due_at, ola.remaining)


# --------------------------------------------------------------------------- warnings


class TestWarningsAndNextChange:
    """A P2 ticket created Monday 09:00: first response 1h, resolution 8h; warnings at 50 %
    and 75 %. Resolution's 50 % (4h) falls at 14:00 (09:00-12:30 + 13:30-14:00)."""

    DAY = "2026-11-23"
    EVENTS = (E.created(berlin(DAY, "09:00"), "P2"),)

    @pytest.mark.parametrize(
        ("now", "warning", "next_change"),
        [
            pytest.param("09:20", "09:30", "09:30", id="before-50-percent"),
            pytest.param("09:30", "09:45", "09:45", id="at-50-percent-next-is-75"),
            pytest.param("09:40", "09:45", "09:45", id="before-75-percent"),
            pytest.param("09:50", None, "10:00", id="past-the-warnings-the-deadline"),
            pytest.param("10:30", None, "14:00", id="breached-then-resolutions-warning"),
        ],
    )
    def test_first_response(self, now: str, warning: str | None, next_change: str) -> None:
        status = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, now))

        assert (
            None if warning is None else berlin(self.DAY, warning),
            berlin(self.DAY, next_change),
        ) == (status.metric("first_response").next_warning_at, status.next_change_at)

    def test_resolution_warning(self) -> None:
        status = evaluate(SUPPORT, self.EVENTS, berlin(self.DAY, "09:20"))

        assert berlin(self.DAY, "14:00") == status.metric("resolution").next_warning_at

    def test_a_paused_ticket_has_nothing_to_wake_up_for(self) -> None:
        events = [*self.EVENTS, E.status_changed(berlin(self.DAY, "09:10"), "waiting_on_customer")]

        status = evaluate(SUPPORT, events, berlin(self.DAY, "09:30"))

        assert (None, {None}) == (
            status.next_change_at,
            {m.next_warning_at for m in status.metrics},
        )


# --------------------------------------------------------------------------- no targets


class TestUnknownPriority:
    def test_is_an_error_by_default(self) -> None:
        with pytest.raises(PolicyError) as error:
            evaluate(SUPPORT, [E.created(berlin(MON, "09:00"), "P9")], berlin(MON, "10:00"))

        assert (
            "policy 'support' has no targets for priority 'P9' and no '*'; add targets for"
            " 'P9' or '*', or set unknown_priority: no_targets"
        ) == str(error.value)

    def test_also_when_the_priority_changes_to_it(self) -> None:
        events = [
            E.created(berlin(MON, "09:00"), "P2"),
            E.priority_changed(berlin(MON, "09:30"), "P9"),
        ]

        with pytest.raises(PolicyError, match="'P9'"):
            evaluate(SUPPORT, events, berlin(MON, "10:00"))

    def test_no_targets_gives_no_metrics_and_says_why(self) -> None:
        policies = support(unknown_priority="no_targets")

        status = evaluate(policies, [E.created(berlin(MON, "09:00"), "P9")], berlin(MON, "10:00"))

        assert () == status.metrics
        assert (
            "policy 'support' has no targets for priority 'P9' (unknown_priority: no_targets)"
        ) == status.reasons[-1]


class TestNoMatchingPolicy:
    POLICIES = PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "enterprise",
                    "match": {"customer_tier": "enterprise"},
                    "calendar": "office",
                    "targets": {"*": {"resolution": "4h"}},
                }
            ],
        }
    )

    def test_no_metrics_and_the_explanation(self) -> None:
        created = E.created(berlin(MON, "09:00"), "P2", {"customer_tier": "basic"})

        status = evaluate(self.POLICIES, [created], berlin(MON, "10:00"))

        assert {
            "now": "2026-11-30T10:00:00+01:00",
            "policy": None,
            "why": [
                "policy 'enterprise' skipped: customer_tier='basic' is not in ['enterprise']",
                "no policy matched, so the ticket has no SLA targets",
            ],
            "metrics": {},
            "next_change_at": None,
        } == status.to_dict()


# --------------------------------------------------------------------------- the ledger


class TestLedgerOfAPausedTicket:
    """A P3 ticket created Thursday 24 December 2026, 16:00. Christmas Day (Friday) and the
    Second Day of Christmas (Saturday) are holidays. On Monday 28 December it waits on the
    customer from 10:00 to 11:30; evaluated at 14:00."""

    EVENTS = (
        E.created(berlin("2026-12-24", "16:00"), "P3"),
        E.status_changed(berlin("2026-12-28", "10:00"), "waiting_on_customer"),
        E.status_changed(berlin("2026-12-28", "11:30"), "open"),
    )

    @pytest.fixture
    def status(self) -> TicketStatus:
        return evaluate(SUPPORT, self.EVENTS, berlin("2026-12-28", "14:00"))

    def test_periods_and_business_seconds(self, status: TicketStatus) -> None:
        thu, mon = "2026-12-24", "2026-12-28"
        expected = [
            ("event", berlin(thu, "16:00"), None, 0.0),
            ("counted", berlin(thu, "16:00"), berlin(thu, "17:30"), 5400.0),  # 1h30m
            ("closed", berlin(thu, "17:30"), berlin(mon, "09:00"), 0.0),
            ("counted", berlin(mon, "09:00"), berlin(mon, "10:00"), 3600.0),
            ("paused", berlin(mon, "10:00"), berlin(mon, "11:30"), 5400.0),  # 1h30m open
            ("counted", berlin(mon, "11:30"), berlin(mon, "12:30"), 3600.0),
            ("closed", berlin(mon, "12:30"), berlin(mon, "13:30"), 0.0),  # lunch
            ("counted", berlin(mon, "13:30"), berlin(mon, "14:00"), 1800.0),
        ]

        actual = [
            (e.kind, e.start, e.end, e.business_seconds) for e in status.metric("resolution").ledger
        ]

        assert expected == actual

    def test_reasons(self, status: TicketStatus) -> None:
        reasons = [e.reason for e in status.metric("resolution").ledger]

        assert "resolution started (resolution: 16h (calendar 'office'))" == reasons[0]
        assert (
            "calendar closed (holiday or closed date: 2026-12-25 Christmas Day,"
            " 2026-12-26 Second Day of Christmas)"
        ) == reasons[2]
        assert reasons[4].startswith("paused: status 'waiting_on_customer': ")
        assert "outside working hours" == reasons[6]

    def test_the_ledger_adds_up(self, status: TicketStatus) -> None:
        # Counted 1h30m + 1h + 1h + 30m = 4h; paused 1h30m.
        resolution = status.metric("resolution")
        ledger = resolution.ledger

        assert (hours(4), hours(1.5)) == (resolution.elapsed, resolution.paused)
        assert (14400.0, 5400.0) == (
            sum(e.business_seconds for e in ledger if e.kind == "counted"),
            sum(e.business_seconds for e in ledger if e.kind == "paused"),
        )
