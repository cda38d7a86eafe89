"""Budgets at their edges: the limits exactly, zero days at close, and every refusal's words.

Each message is written out in full, so that a changed word, limit or quoted input fails a
test. The limits are 2,500 business days and 2,500 × 24 h = 60,000 h of business time.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from slaclock.budgets import (
    MAX_BUSINESS_DAYS,
    MAX_BUSINESS_TIME,
    BusinessDays,
    BusinessTime,
    format_duration,
    parse_duration,
)
from slaclock.errors import DurationError

LIMITS = "at most 2,500 business days or 60000h of business time"


def too_long(quoted: str) -> str:
    return f"budget {quoted} is longer than slaclock allows: {LIMITS}"


def refused(text: str | int, message: str, **kw: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text, **kw)  # type: ignore[arg-type]
    assert message == str(caught.value)


class TestLimits:
    def test_the_limits_are_the_documented_ones(self) -> None:
        assert 2500 == MAX_BUSINESS_DAYS
        assert timedelta(hours=60_000) == MAX_BUSINESS_TIME

    @pytest.mark.parametrize("text", ["60000h", "PT60000H", "3600000m", "PT216000000S"])
    def test_business_time_exactly_at_the_limit_is_accepted(self, text: str) -> None:
        assert BusinessTime(timedelta(hours=60_000)) == parse_duration(text)

    def test_business_time_at_the_limit_is_a_valid_value(self) -> None:
        assert timedelta(hours=60_000) == BusinessTime(MAX_BUSINESS_TIME).time

    @pytest.mark.parametrize("text", ["60000h1s", "PT60000H1S", "60000h 1s"])
    def test_one_second_over_is_refused_naming_the_budget(self, text: str) -> None:
        refused(text, too_long(repr(text)))

    def test_a_value_one_second_over_is_refused(self) -> None:
        with pytest.raises(DurationError) as caught:
            BusinessTime(MAX_BUSINESS_TIME + timedelta(seconds=1))
        assert too_long("'60000h1s'") == str(caught.value)

    @pytest.mark.parametrize(
        ("text", "days"),
        [("2500 business days", 2500), ("2500 bd", 2500), ("P2500D", 2500)],
    )
    def test_days_exactly_at_the_limit_are_accepted(self, text: str, days: int) -> None:
        assert BusinessDays(days) == parse_duration(text, bare_days="same_time")

    def test_a_value_of_days_at_the_limit_is_valid(self) -> None:
        assert 2500 == BusinessDays(MAX_BUSINESS_DAYS, "close").days

    @pytest.mark.parametrize("text", ["2501 bd", " 2501 business days", "2501 days at close"])
    def test_one_day_over_is_refused_naming_the_budget_as_written(self, text: str) -> None:
        # As written: ' 2501 business days' keeps its space, '2501 bd' its short unit.
        refused(text, too_long(repr(text)), bare_days="same_time")

    def test_an_iso_day_count_over_the_limit_is_refused(self) -> None:
        refused("P2501D", too_long("'P2501D'"), bare_days="24h")

    def test_a_value_of_days_one_over_is_refused(self) -> None:
        with pytest.raises(DurationError) as caught:
            BusinessDays(2501)
        assert too_long("'2501 business days'") == str(caught.value)

    @pytest.mark.parametrize(
        "text",
        [
            "1234567890123h",
            "PT1234567890123H",
            "PT1234567890123M",
            "PT1234567890123S",
            "1234567890123 business days",
        ],
    )
    def test_thirteen_digits_are_refused_unread(self, text: str) -> None:
        refused(text, too_long(repr(text)), bare_days="same_time")

    def test_a_long_budget_is_quoted_shortened(self) -> None:
        text = "1" * 41 + "h"
        refused(text, too_long(f"'{'1' * 30}…' (42 characters)"))

    def test_forty_characters_are_quoted_whole_and_forty_one_shortened(self) -> None:
        # Thirteen significant digits are over the limit, however many zeros lead.
        forty = "0" * 26 + "1234567890123h"
        forty_one = "0" + forty
        assert (40, 41) == (len(forty), len(forty_one))
        refused(forty, too_long(repr(forty)))
        refused(forty_one, too_long(f"'{forty_one[:30]}…' (41 characters)"))

    def test_a_long_fraction_of_a_short_number_is_read(self) -> None:
        # Only the whole part counts towards the digit limit.
        assert BusinessTime(timedelta(hours=1)) == parse_duration("1.0000000000000h")
        assert BusinessTime(timedelta(minutes=90)) == parse_duration("PT1.50000000000000H")


class TestZeroAndOneSecond:
    def test_zero_business_days_at_close_is_the_close_of_today(self) -> None:
        assert BusinessDays(0, "close") == parse_duration("0 business days at close")
        assert 0 == BusinessDays(0, "close").days

    @pytest.mark.parametrize("meaning", [None, "same_time"])
    def test_zero_business_days_otherwise_is_refused(self, meaning: str | None) -> None:
        with pytest.raises(DurationError) as caught:
            BusinessDays(0, meaning)  # type: ignore[arg-type]
        assert (
            "duration must be positive, got 0 business days; for the close of the current"
            " business day write '0 business days at close'"
        ) == str(caught.value)

    def test_negative_days_are_refused_even_at_close(self) -> None:
        with pytest.raises(DurationError, match="got -1 business days"):
            BusinessDays(-1, "close")

    def test_zero_business_days_text_is_refused_with_the_way_out(self) -> None:
        refused(
            "0 business days",
            "duration must be positive, got '0 business days'; write e.g. '1 business day',"
            " or '0 business days at close' for the close of the current business day",
        )

    def test_one_second_is_the_shortest_budget(self) -> None:
        assert BusinessTime(timedelta(seconds=1)) == parse_duration("PT1S")
        assert BusinessTime(timedelta(seconds=1)) == parse_duration("1s")

    def test_a_fraction_of_a_second_is_refused_as_a_value(self) -> None:
        with pytest.raises(DurationError) as caught:
            BusinessTime(timedelta(seconds=1, microseconds=5))
        assert (
            "duration must be a whole number of seconds, got"
            " datetime.timedelta(seconds=1, microseconds=5); budgets are written and stored"
            " to the second"
        ) == str(caught.value)


class TestMessages:
    def test_a_number_without_a_unit(self) -> None:
        refused(
            42,
            "expected a duration as text such as '4h' or 'PT4H', got int 42;"
            " a bare number has no unit",
        )

    @pytest.mark.parametrize(
        ("text", "example"), [("2d 4h", "'28h'"), ("P1DT4H", "'PT28H'"), ("P 1d 2h", "'28h'")]
    )
    def test_days_mixed_with_hours(self, text: str, example: str) -> None:
        refused(
            text,
            f"{text!r} mixes days with hours; a budget is business time or business days,"
            f" never both: write it in hours (e.g. {example}) or whole business days",
        )

    def test_a_text_starting_with_x_is_read_as_business_time(self) -> None:
        # 'X' is no ISO designator: the text is read (and refused) as hours and days.
        refused(
            "X 1d 2h",
            "'X 1d 2h' mixes days with hours; a budget is business time or business days,"
            " never both: write it in hours (e.g. '28h') or whole business days",
        )

    @pytest.mark.parametrize(("text", "example"), [("3w", "'40h'"), ("P3W", "'PT40H'")])
    def test_weeks(self, text: str, example: str) -> None:
        refused(
            text,
            f"weeks are ambiguous in {text!r}; write the business time (e.g. {example}) or"
            " business days (e.g. '5 business days')",
        )

    def test_a_day_meaning_that_is_a_policy_conversion_is_not_written_inline(self) -> None:
        budget = BusinessDays(2)
        # Only a policy's day_means can carry '24h'; a value holding it cannot be written.
        object.__setattr__(budget, "meaning", "24h")
        with pytest.raises(DurationError) as caught:
            format_duration(budget)
        assert "a budget with day meaning '24h' is written as business time" == str(caught.value)


class TestSeparators:
    @pytest.mark.parametrize("text", ["1h, and 30m", "1h and 30m", "1h , 30m", "1 h 30 m", "1h30m"])
    def test_parts_joined_by_space_comma_or_and(self, text: str) -> None:
        assert BusinessTime(timedelta(minutes=90)) == parse_duration(text)

    @pytest.mark.parametrize("text", ["x4h", "1h X 5m", "1h X and 30m", "1h or 30m"])
    def test_anything_else_between_or_before_parts_is_refused(self, text: str) -> None:
        refused(
            text,
            f"malformed duration {text!r}; write e.g. '15m', '4h', '1h30m', 'PT4H' or"
            " '2 business days'",
        )

    def test_spaces_inside_a_unit_are_collapsed(self) -> None:
        assert BusinessTime(timedelta(hours=2)) == parse_duration("2 business   hours")
