"""Worked examples of ``resolved_due`` (older Zammad: after a close, a deadline projected as
the close + the budget left), computed by hand in the comments.

Tickets run on the ``office`` calendar: Europe/Berlin (UTC+1 in November), Monday to Friday
09:00-17:00; Monday 23 November 2026 is an ordinary Monday. Targets: first response 4h,
resolution 8h, next response 1h; ``pending`` pauses every target. Created Monday at 10:00,
so the first response is due at 14:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

import pytest

from slaclock import PolicyError, PolicySet, TicketEvent, evaluate
from slaclock.clock import SlaClock, TicketStatus
from slaclock.errors import PolicyFileError
from slaclock.policy.model import Options

E = TicketEvent
t = datetime.fromisoformat
OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
TARGETS = {"first_response": "4h", "resolution": "8h", "next_response": "1h"}
CREATED = E.created(t("2026-11-23T10:00+01:00"), "P2")
TUESDAY = "2026-11-24T10:00+01:00"


def policies(**options: Any) -> PolicySet:
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "p",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": {"*": TARGETS},
                    **options,
                }
            ],
        }
    )


def run(events: Sequence[TicketEvent], now: str, **options: Any) -> TicketStatus:
    """Evaluate, and check on the way that the incremental clock says the same."""
    found = policies(**options)
    status = evaluate(found, events, t(now))
    clock = SlaClock(found)
    for event in reversed(events):
        clock.apply(event)
    assert status.to_dict() == clock.status(t(now)).to_dict()
    return status


def shown(status: TicketStatus, metric: str) -> tuple[str, str | None]:
    m = status.metric(metric)
    return m.state, None if m.due_at is None else m.due_at.strftime("%a %H:%M")


RESOLVED_AT_11 = [CREATED, E.resolved(t("2026-11-23T11:00+01:00"))]


class TestWhileResolved:
    @pytest.mark.parametrize(
        ("resolved_due", "expected"),
        [
            # Held by the resolve: no deadline, as any paused target.
            ("as_paused", ("paused", None)),
            # 1h used by 11:00, 3h left: 11:00 + 3h.
            ("projected", ("paused", "Mon 14:00")),
        ],
    )
    def test_an_unanswered_first_response(
        self, resolved_due: str, expected: tuple[str, str | None]
    ) -> None:
        status = run(RESOLVED_AT_11, TUESDAY, resolved_due=resolved_due)

        assert expected == shown(status, "first_response")

    @pytest.mark.parametrize("resolved_due", ["as_paused", "projected"])
    def test_the_met_resolution_keeps_its_deadline(self, resolved_due: str) -> None:
        # Met at 11:00 with 7h left: 11:00-17:00 is 6h, then Tuesday 09:00-10:00.
        status = run(RESOLVED_AT_11, TUESDAY, resolved_due=resolved_due)

        assert ("met", "Tue 10:00") == shown(status, "resolution")

    def test_the_projection_counts_business_time_over_the_night(self) -> None:
        # Created 16:00, resolved 16:30: 3h30m left; 16:30-17:00, then Tuesday 09:00-12:00.
        events = [
            E.created(t("2026-11-23T16:00+01:00"), "P2"),
            E.resolved(t("2026-11-23T16:30+01:00")),
        ]

        status = run(events, "2026-11-25T10:00+01:00", resolved_due="projected")

        assert ("paused", "Tue 12:00") == shown(status, "first_response")

    def test_it_can_lie_in_the_past_without_a_breach(self) -> None:
        # A week later the projected 14:00 has long passed: held, so not breached.
        status = run(RESOLVED_AT_11, "2026-11-30T10:00+01:00", resolved_due="projected")

        assert ("paused", "Mon 14:00") == shown(status, "first_response")
        assert status.metric("first_response").breached_at is None
        assert status.next_change_at is None

    def test_a_wait_armed_while_resolved_counts_from_its_message(self) -> None:
        # The customer writes at 11:30, after the resolve: the wait is held from its start,
        # so 11:30 + 1h.
        events = [*RESOLVED_AT_11, E.customer_replied(t("2026-11-23T11:30+01:00"))]

        status = run(events, TUESDAY, resolved_due="projected")

        assert ("paused", "Mon 12:30") == shown(status, "next_response")

    def test_after_a_reopen_the_deadline_is_the_running_one(self) -> None:
        # Reopened at 13:00 with 3h left: 13:00 + 3h, whichever the option.
        events = [*RESOLVED_AT_11, E.reopened(t("2026-11-23T13:00+01:00"))]

        for resolved_due in ("as_paused", "projected"):
            status = run(events, "2026-11-23T13:30+01:00", resolved_due=resolved_due)

            assert ("running", "Mon 16:00") == shown(status, "first_response")

    def test_with_due_on_close_next_open(self) -> None:
        # Created 13:00, resolved 16:00: 1h left, 16:00 + 1h = 17:00, a closing; next_open
        # places it at the next opening, Tuesday 09:00.
        events = [
            E.created(t("2026-11-23T13:00+01:00"), "P2"),
            E.resolved(t("2026-11-23T16:00+01:00")),
        ]

        status = run(events, TUESDAY, resolved_due="projected", due_on_close="next_open")

        assert ("paused", "Tue 09:00") == shown(status, "first_response")


class TestAfterAClose:
    @pytest.mark.parametrize(
        ("resolved_due", "expected"),
        [
            # Cancelled by the close at 12:00 with 3h left: 12:00 + 3h.
            ("as_paused", ("cancelled", "Mon 15:00")),
            # From the resolve at 11:00: 11:00 + 3h, as shown before the close.
            ("projected", ("cancelled", "Mon 14:00")),
        ],
    )
    def test_a_close_after_a_resolve(
        self, resolved_due: str, expected: tuple[str, str | None]
    ) -> None:
        events = [*RESOLVED_AT_11, E.closed(t("2026-11-23T12:00+01:00"))]

        status = run(events, TUESDAY, resolved_due=resolved_due)

        assert expected == shown(status, "first_response")

    @pytest.mark.parametrize("resolved_due", ["as_paused", "projected"])
    def test_a_close_without_a_resolve(self, resolved_due: str) -> None:
        # Closed at 11:00 with 3h left: 11:00 + 3h either way.
        events = [CREATED, E.closed(t("2026-11-23T11:00+01:00"))]

        status = run(events, TUESDAY, resolved_due=resolved_due)

        assert ("cancelled", "Mon 14:00") == shown(status, "first_response")

    @pytest.mark.parametrize("resolved_due", ["as_paused", "projected"])
    def test_a_target_met_after_the_resolve_keeps_the_deadline_it_was_met_against(
        self, resolved_due: str
    ) -> None:
        # Answered at 12:00 while resolved, 3h left: met, due 12:00 + 3h either way.
        events = [*RESOLVED_AT_11, E.agent_replied(t("2026-11-23T12:00+01:00"))]

        status = run(events, TUESDAY, resolved_due=resolved_due)

        assert ("met", "Mon 15:00") == shown(status, "first_response")


class TestWhilePaused:
    """Pending from 10:30 (30m used, 3h30m left), then resolved or closed at 12:00."""

    PENDING: ClassVar[list[TicketEvent]] = [
        CREATED,
        E.status_changed(t("2026-11-23T10:30+01:00"), "pending"),
    ]

    @pytest.mark.parametrize(
        ("options", "expected"),
        [
            ({}, ("paused", None)),
            # From the resolve, not from the pause: 12:00 + 3h30m.
            ({"resolved_due": "projected"}, ("paused", "Mon 15:30")),
            # paused_due frozen alone: as it stood when the hold began, 10:30 + 3h30m.
            ({"paused_due": "frozen"}, ("paused", "Mon 14:00")),
            # Once resolved, resolved_due decides.
            ({"paused_due": "frozen", "resolved_due": "projected"}, ("paused", "Mon 15:30")),
            ({"paused_due": "projected", "resolved_due": "projected"}, ("paused", "Mon 15:30")),
        ],
    )
    def test_resolved_while_paused(
        self, options: dict[str, str], expected: tuple[str, str | None]
    ) -> None:
        events = [*self.PENDING, E.resolved(t("2026-11-23T12:00+01:00"))]

        status = run(events, TUESDAY, **options)

        assert expected == shown(status, "first_response")

    def test_a_pause_of_an_open_ticket_is_not_a_resolve(self) -> None:
        status = run(self.PENDING, "2026-11-23T12:00+01:00", resolved_due="projected")

        assert ("paused", None) == shown(status, "first_response")

    @pytest.mark.parametrize("resolved_due", ["as_paused", "projected"])
    def test_closed_while_paused(self, resolved_due: str) -> None:
        # No resolve before the close: 12:00 + 3h30m either way.
        events = [*self.PENDING, E.closed(t("2026-11-23T12:00+01:00"))]

        status = run(events, TUESDAY, resolved_due=resolved_due)

        assert ("cancelled", "Mon 15:30") == shown(status, "first_response")


class TestTheBudgetUsedUp:
    @pytest.mark.parametrize(
        ("options", "expected"),
        [
            # Resolved at 14:00, exactly the deadline: in time, held, nothing projected.
            ({}, ("paused", None)),
            # Nothing left: it shows where the budget ran out, the resolve itself.
            ({"resolved_due": "projected"}, ("paused", "Mon 14:00")),
            # breach_at: at_due breaches at the deadline: it keeps the deadline it missed.
            ({"resolved_due": "projected", "breach_at": "at_due"}, ("breached", "Mon 14:00")),
        ],
    )
    def test_resolved_exactly_at_the_deadline(
        self, options: dict[str, str], expected: tuple[str, str | None]
    ) -> None:
        events = [CREATED, E.resolved(t("2026-11-23T14:00+01:00"))]

        status = run(events, TUESDAY, **options)

        assert expected == shown(status, "first_response")

    def test_closed_exactly_at_the_deadline(self) -> None:
        events = [CREATED, E.closed(t("2026-11-23T14:00+01:00"))]

        status = run(events, TUESDAY, resolved_due="projected")

        assert ("cancelled", "Mon 14:00") == shown(status, "first_response")

    def test_used_up_at_a_close_and_resolved_after_hours(self) -> None:
        # Created 13:00: the 4h run out at 17:00, the close. Resolved at 18:00, after hours:
        # in time (no open time after the deadline), and shown where the budget ran out.
        events = [
            E.created(t("2026-11-23T13:00+01:00"), "P2"),
            E.resolved(t("2026-11-23T18:00+01:00")),
        ]

        status = run(events, TUESDAY, resolved_due="projected")

        assert ("paused", "Mon 17:00") == shown(status, "first_response")

    def test_a_breached_target_keeps_the_deadline_it_missed(self) -> None:
        # Resolved at 15:00, an hour after the budget ran out at 14:00.
        events = [CREATED, E.resolved(t("2026-11-23T15:00+01:00"))]

        status = run(events, TUESDAY, resolved_due="projected")

        assert ("breached", "Mon 14:00") == shown(status, "first_response")


class TestTheOption:
    @pytest.mark.parametrize("accounting", ["wall", "hold_added"])
    def test_refused_with_wall_clock_holds(self, accounting: str) -> None:
        with pytest.raises(PolicyFileError) as caught:
            policies(resolved_due="projected", pause_accounting=accounting)

        (problem,) = caught.value.problems
        assert "policies[0].resolved_due" == problem.path
        assert f"cannot be combined with pause_accounting {accounting!r}" in problem.message
        assert "or resolved_due 'as_paused'" in problem.message

    def test_refused_with_a_preset_that_adds_holds(self) -> None:
        # erpnext sets pause_accounting: hold_added.
        with pytest.raises(PolicyFileError, match="resolved_due cannot be combined"):
            policies(preset="erpnext", resolved_due="projected")

    def test_refused_in_python_too(self) -> None:
        with pytest.raises(PolicyError, match="resolved_due: cannot be combined"):
            Options(resolved_due="projected", pause_accounting="wall")

    def test_a_value_it_does_not_know(self) -> None:
        with pytest.raises(PolicyFileError) as caught:
            policies(resolved_due="kept")

        (problem,) = caught.value.problems
        assert "policies[0].resolved_due" == problem.path
        assert "'as_paused' or 'projected'" in problem.message
        assert "got 'kept'" in problem.message

    def test_under_hide_it_projects_too(self) -> None:
        # hide takes no time off for pending, but the resolve holds the clock as ever.
        status = run(RESOLVED_AT_11, TUESDAY, resolved_due="projected", pause_accounting="hide")

        assert ("paused", "Mon 14:00") == shown(status, "first_response")

    def test_no_preset_sets_it(self) -> None:
        from slaclock.policy.presets import PRESETS

        assert [] == [name for name, p in PRESETS.items() if "resolved_due" in p.settings]

    def test_written_back_only_when_not_the_default(self) -> None:
        found = policies(resolved_due="projected", next_response_arming="from_creation")

        (written,) = found.to_dict()["policies"]
        assert ("projected", "from_creation") == (
            written["resolved_due"],
            written["next_response_arming"],
        )
        assert found.to_dict() == PolicySet.from_dict(found.to_dict()).to_dict()
        (default,) = policies(resolved_due="as_paused").to_dict()["policies"]
        assert "resolved_due" not in default
