"""The helpers teams use to test their own policies, tested through the pytest plugin."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from slaclock.config import PolicySet
from slaclock.testing import Scenario


class TestScenarioTimes:
    def test_weekday_and_time_moves_to_the_next_such_day(
        self, sla_scenario: Callable[..., Scenario], sla_demo_policies: PolicySet
    ) -> None:
        story = sla_scenario(sla_demo_policies, tz="Europe/Berlin")
        story.created("Fri 2026-11-27 16:30", "P3", tier="enterprise")

        actual = story.when("Mon 09:10")

        assert actual == datetime.fromisoformat("2026-11-30T09:10:00+01:00")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("17:00", "2026-11-27T17:00:00+01:00", id="same-day"),
            pytest.param("+2h30m", "2026-11-27T19:00:00+01:00", id="relative"),
            pytest.param("+1d", "2026-11-28T16:30:00+01:00", id="relative-day"),
            pytest.param("Fri 16:30", "2026-11-27T16:30:00+01:00", id="weekday-today"),
            pytest.param("2026-12-01 08:00", "2026-12-01T08:00:00+01:00", id="full"),
        ],
    )
    def test_readable_times(self, sla_demo_policies: PolicySet, text: str, expected: str) -> None:
        story = Scenario(sla_demo_policies, tz="Europe/Berlin")
        story.created("2026-11-27 16:30", "P3")

        actual = story.when(text)

        assert actual == datetime.fromisoformat(expected)

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            pytest.param("Mon 2026-11-27 16:30", "is a Fri, not a Mon", id="wrong-weekday"),
            pytest.param("teatime", "cannot read", id="unreadable"),
            pytest.param("2026-11-27", "no time of day", id="no-time"),
        ],
    )
    def test_bad_times_are_errors(
        self, sla_demo_policies: PolicySet, text: str, message: str
    ) -> None:
        story = Scenario(sla_demo_policies, tz="Europe/Berlin")

        with pytest.raises(ValueError, match=message):
            story.when(text)

    def test_a_relative_time_needs_an_earlier_event(self, sla_demo_policies: PolicySet) -> None:
        story = Scenario(sla_demo_policies, tz="Europe/Berlin")

        with pytest.raises(ValueError, match="no event came before"):
            story.when("+1h")


class TestExpectations:
    def test_a_paused_friday_ticket(
        self, sla_scenario: Callable[..., Scenario], sla_demo_policies: PolicySet
    ) -> None:
        # 4h first response. Fri 16:30-16:45 counts 15m, then paused until Mon 09:10;
        # 3h45m left: 09:10-12:30 is 3h20m, lunch, 13:30 + 25m = 13:55.
        story = (
            sla_scenario(sla_demo_policies, tz="Europe/Berlin")
            .created("Fri 2026-11-27 16:30", "P3", tier="enterprise")
            .status("16:45", "waiting_on_customer")
            .customer_replied("Mon 09:10")
            .status("+0m", "open")
        )

        check = story.expect("first_response", at="Mon 11:00")

        check.state("running").due("Mon 2026-11-30 13:55").elapsed("2h05m")

    def test_a_failure_explains_itself_with_the_ledger(self, sla_demo_policies: PolicySet) -> None:
        story = Scenario(sla_demo_policies, tz="Europe/Berlin").created(
            "Fri 2026-11-27 16:30", "P3", tier="enterprise"
        )

        with pytest.raises(AssertionError) as failure:
            story.expect("first_response", at="Mon 11:00").due("Mon 2026-11-30 11:00")

        message = str(failure.value)
        assert "expected due Mon 30 Nov 2026 11:00 CET, got Mon 30 Nov 2026 12:00 CET" in message
        assert "outside working hours" in message
        assert "policy: enterprise" in message

    def test_met_and_breached(self, sla_demo_policies: PolicySet) -> None:
        # standard policy, 8h first response from Wed 10:00: 2h30m + 4h on Wednesday,
        # Thursday 09:00 + 1h30m = 10:30; the public reply at 14:00 is late.
        story = (
            Scenario(sla_demo_policies, tz="Europe/Berlin")
            .created("Wed 2026-11-25 10:00", "P2", tier="standard")
            .internal_note("Thu 09:45")
            .agent_replied("14:00")
        )

        check = story.expect("first_response", at="Thu 15:00")

        check.state("breached").breached("Thu 2026-11-26 10:30").met("Thu 2026-11-26 14:00")

    def test_an_unknown_metric_names_what_the_ticket_has(
        self, sla_demo_policies: PolicySet
    ) -> None:
        story = Scenario(sla_demo_policies, tz="Europe/Berlin").created(
            "2026-11-25 10:00", "P2", tier="standard"
        )

        with pytest.raises(AssertionError, match="it has: first_response, resolution"):
            story.expect("next_response", at="11:00")
