"""Calendars from the ``calendars:`` section of a policy file, and the errors that name the
path of the bad value in the file."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import yaml
from calendar_strategies import calendars
from hypothesis import assume, given, settings

from slaclock import BusinessCalendar, CalendarError
from slaclock.calendar.spec import calendar_to_config
from slaclock.config.calendars import calendars_from_config

DESIGN_YAML = """
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
      - {rrule: "FREQ=MONTHLY;BYDAY=1SA", from: "10:00", to: "12:00"}
  night-desk:
    timezone: America/New_York
    hours: {mon-fri: ["22:00-06:00"]}
  always: 24x7
"""


DAY_S = 86_400


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def base(**changes: Any) -> dict[str, Any]:
    """A valid Berlin office calendar, with some keys replaced."""
    return {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}, **changes}


@pytest.fixture(scope="module")
def design() -> dict[str, BusinessCalendar]:
    return calendars_from_config(yaml.safe_load(DESIGN_YAML)["calendars"])


class TestTheDesignExample:
    @pytest.mark.parametrize(
        ("name", "start", "budget", "expected"),
        [
            # Thursday 24 Dec 2026 closes at 12:00; Christmas falls on Friday and Saturday.
            pytest.param(
                "berlin-office",
                "2026-12-24T10:00+01:00",
                4,
                "2026-12-28T11:00+01:00",
                id="christmas-eve",
            ),
            # 31 Dec is closed, 1 Jan a holiday; Saturday 2 Jan is the month's first Saturday,
            # closed 10:00–12:00.
            pytest.param(
                "berlin-office",
                "2026-12-30T17:30+01:00",
                1,
                "2027-01-02T13:00+01:00",
                id="new-year",
            ),
            pytest.param(
                "berlin-office",
                "2026-11-28T10:00+01:00",
                2,
                "2026-11-28T12:00+01:00",
                id="last-saturday-open",
            ),
            pytest.param(
                "night-desk",
                "2026-11-27T23:00-05:00",
                2,
                "2026-11-28T01:00-05:00",
                id="friday-night-shift",
            ),
            pytest.param(
                "always", "2026-11-28T10:00+01:00", 1, "2026-11-28T10:00+00:00", id="always-in-utc"
            ),
        ],
    )
    def test_deadlines(
        self, design: dict[str, BusinessCalendar], name: str, start: str, budget: int, expected: str
    ) -> None:
        actual = design[name].add(at(start), timedelta(hours=budget))

        assert expected == actual.isoformat(timespec="minutes")

    def test_calendars_keep_their_names(self, design: dict[str, BusinessCalendar]) -> None:
        expected = {
            "berlin-office": "berlin-office",
            "night-desk": "night-desk",
            "always": "always",
        }

        actual = {key: cal.name for key, cal in design.items()}

        assert expected == actual


class TestCombinations:
    def test_a_union_may_name_calendars_defined_after_it(self) -> None:
        cals = calendars_from_config(
            {
                "follow-the-sun": {"union": ["berlin", "new-york"]},
                "berlin": base(),
                "new-york": base(timezone="America/New_York"),
            }
        )
        expected = "2024-05-07T10:00:00+02:00"

        actual = cals["follow-the-sun"].add(at("2024-05-06T16:00+02:00"), timedelta(hours=8))

        assert expected == actual.isoformat()

    def test_an_intersection_with_its_own_zone_and_a_nested_calendar(self) -> None:
        cals = calendars_from_config(
            {
                "shared": {
                    "timezone": "America/New_York",
                    "intersection": ["berlin", base(timezone="America/New_York")],
                },
                "berlin": base(),
            }
        )
        expected = "2024-05-07T10:00:00-04:00"

        actual = cals["shared"].add(at("2024-05-06T08:00-04:00"), timedelta(hours=3))

        assert expected == actual.isoformat()

    def test_from_config_resolves_names_it_is_given(self) -> None:
        berlin = BusinessCalendar.from_config(base())
        expected = berlin.add(at("2024-05-06T16:00+02:00"), timedelta(hours=2))

        actual = BusinessCalendar.from_config({"union": ["berlin"]}, known={"berlin": berlin}).add(
            at("2024-05-06T16:00+02:00"), timedelta(hours=2)
        )

        assert expected == actual


class TestRoundTrip:
    @settings(max_examples=max(50, settings().max_examples // 5))
    @given(calendars())
    def test_to_config_reads_back_to_an_equal_calendar(self, cal: BusinessCalendar) -> None:
        # Known gap, left alone: an interval of exactly 24 hours that does not start at
        # midnight (WorkingHours and Opening accept it) has no 'HH:MM-HH:MM' form, since
        # '09:00-09:00' is rejected as empty.
        assume(not any(e - s == DAY_S and s for s, e in _intervals(cal)))

        actual = BusinessCalendar.from_config(calendar_to_config(cal), known={})

        assert cal == actual


def _intervals(cal: BusinessCalendar) -> list[tuple[int, int]]:
    own = [span for day in cal.hours.days for span in day]
    own += [span for opening in cal.openings for span in opening.hours]
    return own + [span for part in cal.parts for span in _intervals(part)]


def error_of(specs: Any) -> str:
    with pytest.raises(CalendarError) as info:
        calendars_from_config(specs)
    return str(info.value)


class TestErrorsNameThePath:
    @pytest.mark.parametrize(
        ("spec", "path", "words"),
        [
            pytest.param(
                base(hours={"mon-fri": ["09:00-12:30", "0900-17:00"]}),
                "calendars.berlin-office.hours.mon-fri[1]",
                ["'0900-17:00'", "HH:MM-HH:MM"],
                id="malformed-interval",
            ),
            pytest.param(
                base(hours={"mon-fri": ["9-17"]}),
                "calendars.berlin-office.hours.mon-fri[0]",
                ["'9-17'"],
                id="bare-hours",
            ),
            pytest.param(
                base(hours={"sat": ["25:00-26:00"]}),
                "calendars.berlin-office.hours.sat[0]",
                ["'25:00'"],
                id="hour-25",
            ),
            pytest.param(
                base(hours={"mon": ["09:00-09:00"]}),
                "calendars.berlin-office.hours.mon[0]",
                ["is empty"],
                id="empty",
            ),
            # Overlaps are found once the week is assembled, so the path stops at the
            # calendar (not '.hours'); the message names both intervals instead.
            pytest.param(
                base(hours={"mon": ["09:00-12:30", "12:00-17:00"]}),
                "calendars.berlin-office",
                ["overlap", "mon 09:00-12:30", "mon 12:00-17:00"],
                id="overlap",
            ),
            pytest.param(
                base(hours={"mon": ["22:00-06:00"], "tue": ["05:00-09:00"]}),
                "calendars.berlin-office",
                ["overlap", "mon 22:00-06:00", "tue 05:00-09:00"],
                id="overlap-across-midnight",
            ),
            pytest.param(
                base(hours={"funday": ["09:00-17:00"]}),
                "calendars.berlin-office.hours.funday",
                ["'funday'"],
                id="day",
            ),
            pytest.param(
                base(hours="sometimes"),
                "calendars.berlin-office.hours",
                ["'sometimes'", "24x7"],
                id="hours-text",
            ),
            pytest.param(
                base(hours={}), "calendars.berlin-office", ["no opening hours"], id="no-open-time"
            ),
            pytest.param(
                base(timezon="Europe/Berlin"),
                "calendars.berlin-office",
                ["unknown key 'timezon'"],
                id="unknown-key",
            ),
            pytest.param(
                {"hours": {"mon-fri": ["09:00-17:00"]}},
                "calendars.berlin-office",
                ["'timezone' is required"],
                id="missing-timezone",
            ),
            pytest.param(
                {"timezone": "Europe/Berlin"},
                "calendars.berlin-office",
                ["'hours' is required"],
                id="missing-hours",
            ),
            pytest.param(
                base(timezone="Europe/Berln"),
                "calendars.berlin-office",
                ["unknown time zone 'Europe/Berln'", "'Europe/Berlin'"],
                id="unknown-zone",
            ),
            pytest.param(
                base(holidays={"country": "XX"}),
                "calendars.berlin-office.holidays",
                ["unknown holiday country 'XX'"],
                id="holiday-country",
            ),
            pytest.param(
                base(holidays={"country": "DE", "subdiv": "XX"}),
                "calendars.berlin-office.holidays",
                ["unknown subdivision 'XX'", "BE"],
                id="holiday-subdivision",
            ),
            pytest.param(
                base(holidays={"country": "DE", "language": "xx"}),
                "calendars.berlin-office.holidays",
                ["language 'xx'"],
                id="holiday-language",
            ),
            pytest.param(
                base(holidays={"country": "DE", "subdivision": "BE"}),
                "calendars.berlin-office.holidays",
                ["unknown key 'subdivision'"],
                id="holiday-key",
            ),
            pytest.param(
                base(dates_closed=["2026-12-31", "2026-13-01"]),
                "calendars.berlin-office.dates_closed[1]",
                ["'2026-13-01'", "YYYY-MM-DD"],
                id="closed-date",
            ),
            pytest.param(
                base(closures=[{"date": "2026-12-24", "from": "12"}]),
                "calendars.berlin-office.closures[0].from",
                ["'12'"],
                id="closure-from",
            ),
            pytest.param(
                base(closures=[{"date": "2026-12-24", "from": 720}]),
                "calendars.berlin-office.closures[0].from",
                ["720", "quote it"],
                id="closure-from-yaml-number",
            ),
            pytest.param(
                base(closures=[{"date": "2026-12-24", "to": "25:00"}]),
                "calendars.berlin-office.closures[0].to",
                ["'25:00'"],
                id="closure-to",
            ),
            pytest.param(
                base(closures=[{"date": "24.12.2026"}]),
                "calendars.berlin-office.closures[0].date",
                ["'24.12.2026'"],
                id="closure-date",
            ),
            pytest.param(
                base(closures=[{"rrule": "FREQ=MONTHLY", "from": "10:00"}]),
                "calendars.berlin-office.closures[0]",
                ["'FREQ=MONTHLY'", "start: YYYY-MM-DD"],
                id="rrule-needs-a-start",
            ),
            pytest.param(
                base(closures=[{"rrule": "FREQ=SOMETIMES"}]),
                "calendars.berlin-office.closures[0]",
                ["malformed recurrence rule 'FREQ=SOMETIMES'"],
                id="rrule-malformed",
            ),
            pytest.param(
                base(closures=[{"date": "2026-12-24", "form": "12:00"}]),
                "calendars.berlin-office.closures[0]",
                ["unknown key 'form'"],
                id="closure-key",
            ),
            pytest.param(
                base(openings=[{"date": "2026-12-27", "hours": ["9-13"]}]),
                "calendars.berlin-office.openings[0].hours[0]",
                ["'9-13'"],
                id="opening-hours",
            ),
            pytest.param(
                base(on_gap="skip"),
                "calendars.berlin-office",
                ["on_gap must be one of", "'skip'"],
                id="on-gap",
            ),
            pytest.param(5, "calendars.berlin-office", ["got 5"], id="not-a-mapping"),
        ],
    )
    def test_one_calendar(self, spec: Any, path: str, words: list[str]) -> None:
        message = error_of({"berlin-office": spec})

        assert message.startswith(f"{path}: ")
        assert [w for w in words if w not in message] == []

    @pytest.mark.parametrize(
        ("specs", "path", "words"),
        [
            pytest.param(
                {"desks": {"union": ["berlin", "tokyo"]}, "berlin": base()},
                "calendars.desks.union",
                ["unknown calendar 'tokyo'", "berlin"],
                id="unknown-calendar",
            ),
            pytest.param(
                {"a": {"union": ["b"]}, "b": {"union": ["a"]}},
                "calendars",
                ["cycle: a -> b -> a"],
                id="cycle",
            ),
            pytest.param(
                {
                    "desks": {"union": ["berlin"], "hours": {"mon": ["09:00-10:00"]}},
                    "berlin": base(),
                },
                "calendars.desks",
                ["drop 'hours'"],
                id="union-with-hours",
            ),
            pytest.param(
                {"desks": {"union": ["berlin"], "intersection": ["berlin"]}, "berlin": base()},
                "calendars.desks",
                ["one of 'union', 'intersection' or 'not'"],
                id="union-and-intersection",
            ),
            pytest.param(
                {"desks": {"union": []}},
                "calendars.desks.union",
                ["at least one"],
                id="empty-union",
            ),
            pytest.param(
                {
                    "shared": {"intersection": ["berlin", "new-york"]},
                    "berlin": base(hours={"mon-fri": ["09:00-12:00"]}),
                    "new-york": base(
                        timezone="America/New_York", hours={"mon-fri": ["09:00-12:00"]}
                    ),
                },
                "calendars.shared",
                ["never open"],
                id="intersection-never-open",
            ),
            pytest.param(
                {"desks": {"union": [base(hours={"mon": ["9-10"]})]}},
                "calendars.desks.union[0].hours.mon[0]",
                ["'9-10'"],
                id="nested-calendar",
            ),
            pytest.param(["berlin"], "calendars", ["expected a mapping"], id="not-a-mapping"),
        ],
    )
    def test_several_calendars(self, specs: Any, path: str, words: list[str]) -> None:
        message = error_of(specs)

        assert message.startswith(f"{path}: ")
        assert [w for w in words if w not in message] == []

    def test_an_unquoted_yaml_time_is_caught(self) -> None:
        specs = yaml.safe_load(
            """
            berlin:
              timezone: Europe/Berlin
              hours: {sat: ["10:00-14:00"]}
              closures:
                - {date: 2026-12-24, from: 12:00}
            """
        )

        message = error_of(specs)

        assert message.startswith("calendars.berlin.closures[0].from: ")
        assert "quote it: '12:00'" in message
