"""Recurring closures: rules that cannot mean anything are refused when the closure is built,
and every rule answers any stretch of dates with bounded work (issue #11, items 4 and 11)."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, CalendarError, Closure
from slaclock.calendar.rules import compile_rrule

#: A tenth of the profile's examples: these walk the slow reference model or build many
#: calendars, and run in the default test run.
few = settings(max_examples=max(50, settings().max_examples // 10))


def berlin_with(closure: dict[str, object]) -> BusinessCalendar:
    return BusinessCalendar.from_config(
        {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}, "closures": [closure]},
        name="office",
        field="calendars.office",
    )


class TestRefusedAtLoad:
    @pytest.mark.parametrize(
        ("rule", "words"),
        [
            pytest.param(
                "FREQ=DAILY;UNTIL=20261231T000000", "depend on the rule's start", id="until"
            ),
            pytest.param("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13 can never match", id="month-13"),
            pytest.param(
                "FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40 can never match", id="monthday-40"
            ),
            pytest.param("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "match no date", id="february-30"),
            pytest.param(
                "FREQ=MONTHLY;BYMONTH=4,6;BYMONTHDAY=31", "match no date", id="april-june-31"
            ),
            pytest.param("FREQ=MONTHLY;BYDAY=9MO", "BYDAY=9MO can never match", id="ninth-monday"),
            pytest.param("FREQ=DAILY;BYDAY=2MO", "numbered weekday", id="numbered-daily"),
            pytest.param("FREQ=SECONDLY", "FREQ=SECONDLY repeats within a day", id="secondly"),
            pytest.param("FREQ=MINUTELY", "FREQ=MINUTELY repeats within a day", id="minutely"),
            pytest.param("FREQ=HOURLY", "FREQ=HOURLY repeats within a day", id="hourly"),
            pytest.param("FREQ=DAILY;BYHOUR=9", "BYHOUR sets a time of day", id="byhour"),
            pytest.param("FREQ=DAILY;COUNT=20000", "COUNT=20000 is outside", id="count"),
        ],
    )
    def test_the_message_names_the_closure_and_the_rule(self, rule: str, words: str) -> None:
        with pytest.raises(CalendarError) as caught:
            berlin_with(
                {"rrule": rule, "start": "2026-01-01"} if "UNTIL" not in rule else {"rrule": rule}
            )

        message = str(caught.value)
        assert "calendars.office.closures[0]" in message
        assert repr(rule) in message
        assert words in message

    def test_until_with_a_start_loads(self) -> None:
        cal = berlin_with(
            {"rrule": "FREQ=DAILY;UNTIL=20261231T000000", "start": "2026-12-28", "reason": "move"}
        )

        expected = datetime.fromisoformat("2027-01-01T10:00+01:00")
        actual = cal.add(datetime.fromisoformat("2026-12-28T09:00+01:00"), timedelta(hours=1))

        assert expected == actual

    def test_a_rare_rule_still_loads(self) -> None:
        # A fifth Friday in February: only in leap years whose February starts on a Friday.
        closure = Closure(rrule="FREQ=MONTHLY;BYMONTH=2;BYDAY=5FR")

        expected = [date(2036, 2, 29)]
        actual = closure.dates_between(date(2026, 1, 1), date(2040, 12, 31))

        assert expected == actual


class TestBoundedWork:
    def test_a_start_in_year_two_answers_the_year_9000_quickly(self) -> None:
        closure = Closure(rrule="DTSTART:00020101T000000\nRRULE:FREQ=DAILY;INTERVAL=3")
        origin = date(2, 1, 1)

        began = time.perf_counter()
        actual = closure.dates_between(date(9000, 1, 1), date(9000, 1, 31))
        took = time.perf_counter() - began

        expected = [
            d
            for d in (date(9000, 1, 1) + timedelta(days=i) for i in range(31))
            if (d - origin).days % 3 == 0
        ]
        assert expected == actual
        assert took < 1.0

    @few
    @given(
        st.sampled_from(
            [
                "FREQ=DAILY;INTERVAL=3",
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
                "FREQ=WEEKLY;INTERVAL=3",
                "FREQ=MONTHLY;INTERVAL=5",
                "FREQ=MONTHLY;INTERVAL=2;BYDAY=-1FR",
                "FREQ=YEARLY;INTERVAL=3",
                "FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29",
                "FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO",
            ]
        ),
        st.dates(min_value=date(1700, 1, 1), max_value=date(2030, 12, 31)),
        st.dates(min_value=date(2000, 1, 1), max_value=date(2300, 12, 31)),
        st.integers(0, 500),
    )
    def test_a_moved_start_keeps_the_rule_s_dates(
        self, rule: str, anchor: date, first: date, days: int
    ) -> None:
        last = first + timedelta(days=days)
        walked = compile_rrule(rule, anchor).rule.between(
            datetime(first.year, first.month, first.day),  # noqa: DTZ001 - wall dates
            datetime(last.year, last.month, last.day, 23, 59, 59),  # noqa: DTZ001
            inc=True,
        )
        expected = sorted({d.date() for d in walked})

        actual = Closure(rrule=rule, anchor=anchor).dates_between(first, last)

        assert expected == actual

    def test_a_counted_rule_is_expanded_once(self) -> None:
        closure = Closure(rrule="FREQ=MONTHLY;COUNT=3", anchor=date(2026, 1, 31))

        expected = [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]
        actual = closure.dates_between(date(2026, 1, 1), date(2030, 12, 31))

        assert expected == actual
