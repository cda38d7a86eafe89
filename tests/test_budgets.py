"""Budgets: how a target's duration is written, read and written back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock.budgets import (
    BusinessDays,
    BusinessTime,
    DayMeaning,
    format_duration,
    format_timedelta,
    parse_duration,
)
from slaclock.errors import DurationError, PolicyError

_EXAMPLES = max(10, settings().max_examples // 5)


def hours(h: float = 0, m: float = 0, s: float = 0) -> BusinessTime:
    return BusinessTime(timedelta(hours=h, minutes=m, seconds=s))


class TestIso8601:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("PT4H", hours(4), id="hours"),
            pytest.param("PT15M", hours(m=15), id="minutes"),
            pytest.param("PT1H30M", hours(1, 30), id="hours-and-minutes"),
            pytest.param("PT90M", hours(1, 30), id="minutes-over-an-hour"),
            pytest.param("PT45S", hours(s=45), id="seconds"),
            pytest.param("PT1H0M1S", hours(1, 0, 1), id="all-three"),
            pytest.param("PT1.5H", hours(1, 30), id="fractional-hours"),
            pytest.param("pt2h", hours(2), id="lower-case"),
            pytest.param("  PT2H ", hours(2), id="surrounding-space"),
        ],
    )
    def test_reads_business_time(self, text: str, expected: BusinessTime) -> None:
        actual = parse_duration(text)

        assert expected == actual

    def test_iso_days_need_a_meaning(self) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration("P2D")

        message = str(info.value)
        assert "'P2D'" in message
        assert "ambiguous" in message
        assert "'2 business days'" in message
        assert "'PT48H'" in message
        assert "day_means" in message

    @pytest.mark.parametrize("meaning", ["same_time", "close", "24h", "hours"])
    def test_iso_days_with_a_policy_meaning(self, meaning: DayMeaning) -> None:
        actual = parse_duration("P2D", bare_days=meaning)

        # The policy decides what the meaning does; the budget stays "two days".
        assert BusinessDays(2) == actual


class TestShortForms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("15m", hours(m=15), id="minutes"),
            pytest.param("4h", hours(4), id="hours"),
            pytest.param("1h30m", hours(1, 30), id="hours-minutes"),
            pytest.param("1h 30m", hours(1, 30), id="with-space"),
            pytest.param("1h, 30m", hours(1, 30), id="with-comma"),
            pytest.param("1 hour and 30 minutes", hours(1, 30), id="words-with-and"),
            pytest.param("90 minutes", hours(1, 30), id="ninety-minutes"),
            pytest.param("2 business hours", hours(2), id="business-hours"),
            pytest.param("1 business hour", hours(1), id="one-business-hour"),
            pytest.param("45 business minutes", hours(m=45), id="business-minutes"),
            pytest.param("30s", hours(s=30), id="seconds"),
            pytest.param("2 hrs", hours(2), id="hrs"),
            pytest.param("10 mins", hours(m=10), id="mins"),
            pytest.param("1.5h", hours(1, 30), id="fractional-hours"),
            pytest.param("0.5m", hours(s=30), id="fractional-minutes"),
            pytest.param("4 H", hours(4), id="upper-case-unit"),
            pytest.param("26h", hours(26), id="more-than-a-day-of-hours"),
        ],
    )
    def test_reads_business_time(self, text: str, expected: BusinessTime) -> None:
        actual = parse_duration(text)

        assert expected == actual

    def test_a_timedelta_is_business_time(self) -> None:
        actual = parse_duration(timedelta(minutes=20))

        assert hours(m=20) == actual


class TestBusinessDays:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            pytest.param("1 business day", BusinessDays(1), id="one"),
            pytest.param("3 business days", BusinessDays(3), id="three"),
            pytest.param("2 working days", BusinessDays(2), id="working-days"),
            pytest.param("2bd", BusinessDays(2), id="bd"),
            pytest.param("2 business days at close", BusinessDays(2, "close"), id="at-close"),
            pytest.param("2 business days same time", BusinessDays(2, "same_time"), id="same-time"),
            pytest.param("3 BUSINESS DAYS AT CLOSE", BusinessDays(3, "close"), id="upper-case"),
            pytest.param("2 days at close", BusinessDays(2, "close"), id="qualified-bare-day"),
            pytest.param("1d same time", BusinessDays(1, "same_time"), id="qualified-d"),
        ],
    )
    def test_reads_business_days(self, text: str, expected: BusinessDays) -> None:
        actual = parse_duration(text)

        assert expected == actual

    def test_without_a_qualifier_the_policy_decides(self) -> None:
        actual = parse_duration("2 business days")

        assert actual.meaning is None  # type: ignore[union-attr]

    @pytest.mark.parametrize("text", ["2d", "2 days", "1 day", "P2D"])
    def test_a_bare_day_is_rejected_without_a_meaning(self, text: str) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration(text)

        message = str(info.value)
        assert repr(text) in message
        assert "ambiguous unit" in message
        assert "business days" in message
        assert "day_means" in message

    @pytest.mark.parametrize("text", ["2d", "2 days", "P2D"])
    @pytest.mark.parametrize("meaning", ["same_time", "close", "24h", "hours"])
    def test_a_bare_day_is_read_where_the_policy_says_what_a_day_means(
        self, text: str, meaning: DayMeaning
    ) -> None:
        actual = parse_duration(text, bare_days=meaning)

        assert BusinessDays(2) == actual

    def test_bare_day_message_offers_the_hours_equivalent(self) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration("3d")

        assert "'72h'" in str(info.value)


class TestRejected:
    @pytest.mark.parametrize(
        ("text", "fragments"),
        [
            pytest.param("0m", ["must be positive", "'0m'", "'15m'"], id="zero-minutes"),
            pytest.param("PT0H", ["must be positive", "'PT0H'", "'PT4H'"], id="zero-iso"),
            pytest.param("0s", ["must be positive", "'0s'"], id="zero-seconds"),
            pytest.param(
                "0 business days",
                ["must be positive", "'0 business days'", "'1 business day'"],
                id="zero-days",
            ),
            pytest.param("-4h", ["must be positive", "'-4h'", "'4h'"], id="negative"),
            pytest.param("-PT1H", ["must be positive", "'-PT1H'"], id="negative-iso"),
            pytest.param("abc", ["malformed", "'abc'", "'1h30m'", "'PT4H'"], id="words"),
            pytest.param("", ["malformed", "''"], id="empty"),
            pytest.param("   ", ["malformed"], id="blank"),
            pytest.param("4 hrs?", ["malformed", "'4 hrs?'"], id="trailing-junk"),
            pytest.param("1h30", ["malformed", "'1h30'"], id="missing-last-unit"),
            pytest.param("4", ["malformed", "'4'"], id="number-as-text"),
            pytest.param("P", ["malformed", "'P'"], id="empty-iso"),
            pytest.param("PT", ["malformed", "'PT'"], id="empty-iso-time"),
            pytest.param("2 business days at noon", ["malformed"], id="unknown-day-qualifier"),
            pytest.param("0.1s", ["whole number of seconds", "'0.1s'", "'90s'"], id="sub-second"),
            pytest.param("PT0.5S", ["whole number of seconds", "'PT0.5S'"], id="sub-second-iso"),
        ],
    )
    def test_message_names_the_value_and_the_way_out(self, text: str, fragments: list[str]) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration(text)

        message = str(info.value)
        missing = [f for f in fragments if f not in message]
        assert missing == [], message

    @pytest.mark.parametrize(
        "text",
        [
            pytest.param("1d4h", id="short"),
            pytest.param("1d 4h", id="short-spaced"),
            pytest.param("4h1d", id="hours-first"),
            pytest.param("2 days 3 hours", id="words"),
            pytest.param("1 working day and 2h", id="working-day-and-hours"),
            pytest.param("2 business days 4h", id="business-days-and-hours"),
            pytest.param("P1DT4H", id="iso"),
        ],
    )
    def test_days_and_hours_are_never_mixed(self, text: str) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration(text, bare_days="same_time")

        message = str(info.value)
        assert "mixes days with hours" in message
        assert repr(text) in message
        assert "never both" in message

    @pytest.mark.parametrize("text", ["1w", "2 weeks", "1 week", "P1W"])
    def test_weeks_are_rejected(self, text: str) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration(text, bare_days="same_time")

        message = str(info.value)
        assert "weeks are ambiguous" in message
        assert repr(text) in message
        assert "5 business days" in message

    @pytest.mark.parametrize(
        "value",
        [pytest.param(4, id="int"), pytest.param(4.5, id="float"), pytest.param(None, id="none")],
    )
    def test_a_number_has_no_unit(self, value: object) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration(value)  # type: ignore[arg-type]

        message = str(info.value)
        assert repr(value) in message
        assert "'4h'" in message

    @pytest.mark.parametrize(
        "value",
        [pytest.param(timedelta(0), id="zero"), pytest.param(timedelta(hours=-1), id="negative")],
    )
    def test_a_timedelta_must_be_positive(self, value: timedelta) -> None:
        with pytest.raises(DurationError, match="must be positive"):
            parse_duration(value)

    def test_duration_errors_are_policy_errors_and_value_errors(self) -> None:
        with pytest.raises(DurationError) as info:
            parse_duration("soon")

        assert isinstance(info.value, PolicyError)
        assert isinstance(info.value, ValueError)


class TestValues:
    def test_business_time_must_be_positive(self) -> None:
        with pytest.raises(DurationError, match="got 0s"):
            BusinessTime(timedelta(0))

    def test_business_days_must_be_positive(self) -> None:
        with pytest.raises(DurationError, match="got -1 business days"):
            BusinessDays(-1)

    def test_business_days_meaning_is_checked(self) -> None:
        with pytest.raises(DurationError, match="'noon'"):
            BusinessDays(1, "noon")  # type: ignore[arg-type]

    def test_budgets_are_hashable_values(self) -> None:
        budgets = {parse_duration("PT90M"), parse_duration("1h30m"), parse_duration("90 minutes")}

        assert {hours(1, 30)} == budgets


class TestFormat:
    @pytest.mark.parametrize(
        ("budget", "expected"),
        [
            pytest.param(hours(4), "4h", id="hours"),
            pytest.param(hours(m=15), "15m", id="minutes"),
            pytest.param(hours(1, 30), "1h30m", id="hours-minutes"),
            pytest.param(hours(26, 0, 5), "26h5s", id="over-a-day"),
            pytest.param(hours(s=45), "45s", id="seconds"),
            pytest.param(BusinessDays(1), "1 business day", id="one-day"),
            pytest.param(BusinessDays(3), "3 business days", id="days"),
            pytest.param(BusinessDays(2, "close"), "2 business days at close", id="close"),
            pytest.param(BusinessDays(2, "same_time"), "2 business days same time", id="same-time"),
        ],
    )
    def test_canonical_text(self, budget: BusinessTime | BusinessDays, expected: str) -> None:
        actual = format_duration(budget)

        assert expected == actual

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            pytest.param(timedelta(0), "0s", id="zero"),
            pytest.param(timedelta(hours=-1, minutes=-30), "-1h30m", id="negative"),
            pytest.param(timedelta(days=2), "48h", id="days-as-hours"),
        ],
    )
    def test_format_timedelta(self, value: timedelta, expected: str) -> None:
        actual = format_timedelta(value)

        assert expected == actual


whole_seconds = st.integers(min_value=1, max_value=10_000 * 3600).map(
    lambda s: timedelta(seconds=s)
)
meanings = st.sampled_from([None, "close", "same_time"])
budgets = st.one_of(
    whole_seconds.map(BusinessTime),
    st.builds(BusinessDays, st.integers(min_value=1, max_value=400), meanings),
)


class TestRoundTrip:
    @settings(max_examples=_EXAMPLES)
    @given(budgets)
    def test_parse_reads_format_back(self, budget: BusinessTime | BusinessDays) -> None:
        actual = parse_duration(format_duration(budget))

        assert budget == actual

    @settings(max_examples=_EXAMPLES)
    @given(whole_seconds)
    def test_a_timedelta_survives_its_text(self, value: timedelta) -> None:
        actual = parse_duration(format_timedelta(value))

        assert BusinessTime(value) == actual

    @settings(max_examples=_EXAMPLES)
    @given(
        st.integers(0, 500),
        st.integers(0, 59),
        st.integers(0, 59),
    )
    def test_iso_and_short_forms_agree(self, h: int, m: int, s: int) -> None:
        if h == m == s == 0:
            h = 1
        expected = parse_duration(f"{h}h{m}m{s}s")

        actual = parse_duration(f"PT{h}H{m}M{s}S")

        assert expected == actual


class TestWholeSeconds:
    def test_a_sub_second_budget_is_rejected(self) -> None:
        with pytest.raises(DurationError, match="whole number of seconds"):
            BusinessTime(timedelta(seconds=1.5))
