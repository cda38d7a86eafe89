"""The holiday loader imports the country asked for, not every country of `holidays`; other
users of `holidays` in the same process still see the whole package."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert 0 == result.returncode, result.stderr
    return result.stdout


class TestOneCountry:
    def test_a_german_calendar_imports_germany_alone(self) -> None:
        out = run(
            """
            import sys
            from datetime import date
            from slaclock import BusinessCalendar, HolidayRegion
            calendar = BusinessCalendar.weekdays(
                "09:00", "17:00", tz="Europe/Berlin", holidays=HolidayRegion("DE", "BE")
            )
            print(calendar.is_business_day(date(2026, 10, 3)))  # German Unity Day
            print(sorted(m for m in sys.modules if m.startswith("holidays.countries.")))
            """
        )

        assert "False\n['holidays.countries.germany']\n" == out

    def test_the_rest_of_the_package_is_there_when_asked_for(self) -> None:
        out = run(
            """
            from datetime import date
            from slaclock import BusinessCalendar, HolidayRegion
            calendar = BusinessCalendar.weekdays(
                "09:00", "17:00", tz="Europe/Paris", holidays=HolidayRegion("DE")
            )
            calendar.is_business_day(date(2026, 1, 1))
            import holidays.countries
            from holidays.countries import France
            print(France(years=2026).get(date(2026, 7, 14)))
            print("Japan" in dir(holidays.countries), holidays.countries.Germany.__name__)
            """
        )

        assert "National Day\nTrue Germany\n" == out

    def test_an_unknown_country_is_still_a_clear_error(self) -> None:
        out = run(
            """
            from slaclock import BusinessCalendar, CalendarError, HolidayRegion
            try:
                BusinessCalendar.weekdays("09:00", "17:00", tz="UTC", holidays=HolidayRegion("XX"))
            except CalendarError as exc:
                print(exc)
            """
        )

        assert "unknown holiday country 'XX'" in out
