"""Why a calendar is closed: named closures in ledgers, and a union's holidays only where the
union is closed (issue #11, items 6 and 7)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from slaclock import BusinessCalendar, PolicySet, TicketEvent, evaluate

OFFICE: dict[str, Any] = {
    "timezone": "Europe/Berlin",
    "hours": {"mon-fri": ["09:00-17:00"]},
    "holidays": {"country": "DE", "language": "en_US"},
    "closures": [
        {"date": "2026-12-23", "from": "13:00", "reason": "team party"},
        {"rrule": "FREQ=MONTHLY;BYDAY=1WE", "from": "09:00", "to": "10:00", "reason": "all hands"},
    ],
}
NEW_YORK: dict[str, Any] = {
    "timezone": "America/New_York",
    "hours": {"mon-fri": ["09:00-17:00"]},
    "holidays": {"country": "US", "subdiv": "NY"},
}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


class TestWhyClosed:
    def test_a_named_closure_gives_its_reason(self) -> None:
        cal = BusinessCalendar.from_config(OFFICE)

        expected = "calendar closed (closure: 2026-12-23 13:00-24:00 team party)"
        actual = cal.why_closed(at("2026-12-23T13:00+01:00"), at("2026-12-23T17:00+01:00"))

        assert expected == actual

    def test_holidays_and_closures_together(self) -> None:
        cal = BusinessCalendar.from_config(OFFICE)

        expected = (
            "calendar closed (holiday or closed date: 2026-12-25 Christmas Day,"
            " 2026-12-26 Second Day of Christmas; closure: 2026-12-23 13:00-24:00 team party)"
        )
        actual = cal.why_closed(at("2026-12-23T13:00+01:00"), at("2026-12-28T09:00+01:00"))

        assert expected == actual

    def test_a_night_is_outside_working_hours(self) -> None:
        cal = BusinessCalendar.from_config(OFFICE)

        actual = cal.why_closed(at("2026-12-21T17:00+01:00"), at("2026-12-22T09:00+01:00"))

        assert "outside working hours" == actual

    def test_the_ledger_names_the_closure(self) -> None:
        policies = PolicySet.from_dict(
            {
                "calendars": {"office": OFFICE},
                "policies": [
                    {"name": "p", "calendar": "office", "targets": {"*": {"resolution": "2h"}}}
                ],
            }
        )
        # Wednesday 6 January 2027 is the first Wednesday: closed 09:00-10:00 for all hands.
        events = [TicketEvent.created(at("2027-01-06T08:30+01:00"), "P1")]

        ledger = (
            evaluate(policies, events, at("2027-01-06T12:30+01:00")).metric("resolution").ledger
        )

        closed = [e.reason for e in ledger if e.kind == "closed"]
        assert ["calendar closed (closure: 2027-01-06 09:00-10:00 all hands)"] == closed


class TestUnionHolidays:
    def test_a_part_s_holiday_is_not_a_closed_day_of_the_union(self) -> None:
        union = BusinessCalendar.from_config(OFFICE) | BusinessCalendar.from_config(NEW_YORK)

        actual = union.holidays_between(date(2026, 11, 26), date(2026, 11, 26))

        assert {} == actual  # Thanksgiving: Berlin works

    def test_a_holiday_of_both_parts_is(self) -> None:
        union = BusinessCalendar.from_config(OFFICE) | BusinessCalendar.from_config(NEW_YORK)

        actual = union.holidays_between(date(2026, 12, 25), date(2026, 12, 25))

        assert {date(2026, 12, 25): "Christmas Day"} == actual

    def test_an_intersection_keeps_a_part_s_holiday(self) -> None:
        both = BusinessCalendar.from_config(OFFICE) & BusinessCalendar.from_config(NEW_YORK)

        actual = both.holidays_between(date(2026, 11, 26), date(2026, 11, 26))

        # The name as the installed holidays release spells it ("Thanksgiving Day" or, in
        # older releases, "Thanksgiving").
        assert [date(2026, 11, 26)] == list(actual)
        assert actual[date(2026, 11, 26)].startswith("Thanksgiving")

    def test_the_calendar_command_lists_no_closed_day_on_an_open_day(self, tmp_path: Path) -> None:
        policy = tmp_path / "policy.yaml"
        policy.write_text(
            "calendars:\n"
            "  berlin: {timezone: Europe/Berlin, hours: {mon-fri: ['09:00-17:00']},"
            " holidays: {country: DE}}\n"
            "  ny: {timezone: America/New_York, hours: {mon-fri: ['09:00-17:00']},"
            " holidays: {country: US}}\n"
            "  sun: {union: [berlin, ny]}\n"
            "policies:\n"
            "  - {name: p, calendar: sun, targets: {'*': {resolution: 4h}}}\n",
            encoding="utf-8",
        )

        span = ["--from", "2026-11-26T00:00+01:00", "--to", "2026-11-27T00:00+01:00"]
        result = subprocess.run(
            [sys.executable, "-m", "slaclock", "calendar", str(policy), "sun", *span],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

        assert result.returncode == 0, result.stderr
        assert "open  Thu 2026-11-26 09:00" in result.stdout
        assert "closed" not in result.stdout
