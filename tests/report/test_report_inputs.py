"""What goes into a report: `ReportOptions` and its messages, `period_key`, and `report` /
`report_jsonl` (progress, continuing a report, attributes at the report instant, and errors
that name the ticket and the line at fault)."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from worked_example import NOW, lines, policies

from slaclock import PolicySet, TicketEvent
from slaclock.errors import NaiveDatetimeError, TimelineError
from slaclock.events import TicketLines
from slaclock.report import PERIODS, ReportOptions, period_key, report, report_jsonl
from slaclock.report.build import place_error

t = datetime.fromisoformat
H = 3600.0
BERLIN = ZoneInfo("Europe/Berlin")


def exactly(message: str) -> str:
    """A `match` pattern for the whole of `message`, nothing before or after it."""
    return f"^{re.escape(message)}$"


def options(**chosen: Any) -> ReportOptions:
    return ReportOptions(**{"timezone": "Europe/Berlin", **chosen})


# --------------------------------------------------------------------------- ReportOptions


class TestOptionMessages:
    @pytest.mark.parametrize(
        ("chosen", "message"),
        [
            pytest.param(
                {"timezone": "Mars/Base"},
                "timezone: unknown time zone 'Mars/Base'; use an IANA name such as"
                " 'Europe/Berlin' or 'UTC'",
                id="unknown-zone",
            ),
            pytest.param(
                {"period": "year"},
                "period: 'year' is not one of day, week, month, quarter",
                id="unknown-period",
            ),
            pytest.param(
                {"period_by": "resolved"},
                "period_by: 'resolved' is not 'decided' or 'created'",
                id="unknown-period-by",
            ),
            pytest.param(
                {"open_tickets": "count_as_breached"},
                "open_tickets: 'count_as_breached' is not 'exclude' or 'count_as_met'",
                id="unknown-open-tickets",
            ),
            pytest.param(
                {"next_response_misses": "per_ticket"},
                "next_response_misses: 'per_ticket' is not 'per_wait' or 'per_message'",
                id="unknown-next-response-misses",
            ),
            pytest.param(
                {"by": ("metric", "period"), "period": None},
                "by: 'period' needs a period (day, week, month or quarter)",
                id="period-without-a-period",
            ),
            pytest.param(
                {"attainment_target": Fraction(-1, 100)},
                "attainment_target must be in [0, 100] and warn_at in (0, 100]",
                id="target-below-0",
            ),
            pytest.param(
                {"keep": -1},
                "keep and max_samples must not be negative",
                id="negative-keep",
            ),
            pytest.param(
                {"max_samples": -1},
                "keep and max_samples must not be negative",
                id="negative-max-samples",
            ),
            pytest.param(
                {"by": ("metric", "attr:")},
                "by: an attribute name is empty",
                id="empty-attribute",
            ),
        ],
    )
    def test_message(self, chosen: dict[str, Any], message: str) -> None:
        with pytest.raises(ValueError, match=exactly(message)):
            options(**chosen)


PERCENT_RANGE = "attainment_target must be in [0, 100] and warn_at in (0, 100]"


class TestPercentBounds:
    """`attainment_target` lies in [0, 100], `warn_at` in (0, 100]; each is checked alone."""

    @pytest.mark.parametrize(
        ("target", "warn"),
        [
            pytest.param(Fraction(0), Fraction(75), id="target-0"),
            pytest.param(Fraction(1, 2), Fraction(75), id="target-half-a-percent"),
            pytest.param(Fraction(100), Fraction(75), id="target-100"),
            pytest.param(Fraction(95), Fraction(1, 2), id="warn-half-a-percent"),
            pytest.param(Fraction(95), Fraction(1), id="warn-1"),
            pytest.param(Fraction(95), Fraction(100), id="warn-100"),
        ],
    )
    def test_accepted(self, target: Fraction, warn: Fraction) -> None:
        chosen = options(attainment_target=target, warn_at=warn)

        assert (target, warn) == (chosen.attainment_target, chosen.warn_at)

    @pytest.mark.parametrize(
        ("target", "warn"),
        [
            pytest.param(Fraction(201, 2), Fraction(75), id="target-100.5"),
            pytest.param(Fraction(101), Fraction(75), id="target-101"),
            pytest.param(Fraction(95), Fraction(0), id="warn-0"),
            pytest.param(Fraction(95), Fraction(201, 2), id="warn-100.5"),
            pytest.param(Fraction(95), Fraction(101), id="warn-101"),
            # Python refuses to print an int of over 4,300 digits; the range check comes first.
            pytest.param(10**5000, Fraction(75), id="target-of-5001-digits"),
        ],
    )
    def test_refused(self, target: Fraction, warn: Fraction) -> None:
        with pytest.raises(ValueError, match=exactly(PERCENT_RANGE)):
            options(attainment_target=target, warn_at=warn)

    def test_a_float_is_the_decimal_it_prints_as(self) -> None:
        chosen = options(attainment_target=99.9, warn_at=12.3)

        assert (Fraction(999, 10), Fraction(123, 10)) == (
            chosen.attainment_target,
            chosen.warn_at,
        )

    def test_an_int_is_exact(self) -> None:
        assert Fraction(99) == options(attainment_target=99).attainment_target


class TestSampleLimits:
    def test_zero_keep_and_zero_samples_are_allowed(self) -> None:
        chosen = options(keep=0, max_samples=0)

        assert (0, 0) == (chosen.keep, chosen.max_samples)


class TestAttributes:
    @pytest.mark.parametrize(
        ("by", "customer", "attributes"),
        [
            pytest.param(("metric",), "customer", ("customer",), id="customer-by-default"),
            pytest.param(("metric",), None, (), id="no-customer"),
            pytest.param(("metric", "customer"), "customer", ("customer",), id="customer-once"),
            pytest.param(
                ("metric", "team", "period", "region"),
                None,
                ("team", "region"),
                id="dimensions-between-attributes",
            ),
            pytest.param(
                ("attr:priority", "team", "attr:team"),
                "account",
                ("priority", "team", "account"),
                id="attr-prefix-and-repeats",
            ),
        ],
    )
    def test_attributes(
        self, by: tuple[str, ...], customer: str | None, attributes: tuple[str, ...]
    ) -> None:
        assert attributes == options(by=by, customer_attribute=customer).attributes

    def test_index_places_attributes_after_the_dimensions(self) -> None:
        chosen = options(by=("attr:priority", "team"), customer_attribute=None)

        names = ("metric", "priority", "policy", "period", "attr:priority", "team")
        assert [0, 1, 2, 3, 4, 5] == [chosen.index(name) for name in names]


# --------------------------------------------------------------------------- period_key


class TestPeriodKey:
    @pytest.mark.parametrize(
        ("instant", "unit", "key"),
        [
            # 23:30 UTC on the last day of a month is already the next day in Berlin.
            pytest.param("2026-11-30T23:30+00:00", "day", "2026-12-01", id="day-berlin"),
            pytest.param("2026-11-30T23:30+00:00", "month", "2026-12", id="month-berlin"),
            pytest.param("2026-03-31T22:30+00:00", "quarter", "2026-Q2", id="q1-to-q2"),
            pytest.param("2026-06-30T22:30+00:00", "quarter", "2026-Q3", id="q2-to-q3"),
            pytest.param("2026-09-30T22:30+00:00", "quarter", "2026-Q4", id="q3-to-q4"),
            pytest.param("2026-12-31T23:30+00:00", "quarter", "2027-Q1", id="new-year"),
            pytest.param("2026-12-31T22:59+00:00", "quarter", "2026-Q4", id="before-new-year"),
            # Sunday 23:30 UTC is Monday in Berlin: ISO week 50 starts.
            pytest.param("2026-12-06T23:30+00:00", "week", "2026-W50", id="week-berlin"),
            # 1 January 2027 is a Friday: ISO week 53 of 2026.
            pytest.param("2026-12-31T23:30+00:00", "week", "2026-W53", id="iso-week-year"),
        ],
    )
    def test_key_on_berlin_walls(self, instant: str, unit: str, key: str) -> None:
        assert key == period_key(t(instant), unit, BERLIN)  # type: ignore[arg-type]

    def test_a_zone_behind_utc(self) -> None:
        # 1 December, 03:00 UTC is still 30 November in New York.
        at = t("2026-12-01T03:00+00:00")
        zone = ZoneInfo("America/New_York")

        assert ["2026-11-30", "2026-W49", "2026-11", "2026-Q4"] == [
            period_key(at, unit, zone) for unit in PERIODS
        ]

    def test_no_period_is_all(self) -> None:
        assert "all" == period_key(t("2026-11-30T23:30+00:00"), None, BERLIN)

    def test_unknown_unit(self) -> None:
        message = "unknown period 'year'; use one of day, week, month, quarter"

        with pytest.raises(ValueError, match=exactly(message)):
            period_key(t("2026-11-30T23:30+00:00"), "year", BERLIN)  # type: ignore[arg-type]

    @given(
        st.datetimes(
            min_value=t("2000-01-01T00:00"),
            max_value=t("2100-01-01T00:00"),
            timezones=st.just(BERLIN),
        )
    )
    def test_quarter_holds_the_month(self, at: datetime) -> None:
        quarter = period_key(at, "quarter", BERLIN)
        month = int(period_key(at, "month", BERLIN)[5:])
        assert f"{at.year:04d}-Q{(month + 2) // 3}" == quarter
        assert quarter[-1] in "1234"


# --------------------------------------------------------------------------- report


def ticket(ident: str | None, created: str, priority: str, *events: TicketEvent) -> Any:
    start = TicketEvent.created(t(created), priority, attributes={"customer": "acme"})
    log = [start, *events]
    return log if ident is None else (ident, log)


class TestProgressAndContinuing:
    def test_progress_counts_tickets_done(self) -> None:
        seen: list[int] = []

        report_jsonl(policies(), lines(), NOW, options(), progress=seen.append)

        assert list(range(1, 13)) == seen

    def test_progress_of_report(self) -> None:
        seen: list[int] = []
        tickets = [
            ticket("A", "2026-11-02T09:00+01:00", "P1"),
            ticket("B", "2026-11-02T09:00+01:00", "P1"),
        ]

        report(policies(), tickets, NOW, options(), progress=seen.append)

        assert [1, 2] == seen

    def test_into_continues_a_report(self) -> None:
        every = lines()
        cut = next(i for i, line in enumerate(every) if '"D1"' in line)
        first = report_jsonl(policies(), every[:cut], NOW, options())

        both = report_jsonl(policies(), every[cut:], NOW, options(), into=first)

        assert both is first
        assert 12 == both.tickets
        assert report_jsonl(policies(), every, NOW, options()) == both

    def test_into_continues_a_report_of_events(self) -> None:
        first = report(policies(), [ticket("A", "2026-11-02T09:00+01:00", "P1")], NOW, options())

        both = report(
            policies(), [ticket("B", "2026-11-03T09:00+01:00", "P1")], NOW, options(), into=first
        )

        assert both is first
        assert 2 == both.tickets

    def test_into_with_other_options_is_refused(self) -> None:
        first = report_jsonl(policies(), lines(), NOW, options())
        message = "into: the report was built with other options"

        with pytest.raises(ValueError, match=exactly(message)):
            report_jsonl(policies(), lines(), NOW, options(keep=3), into=first)
        with pytest.raises(ValueError, match=exactly(message)):
            report(policies(), [], NOW, options(period="week"), into=first)
        assert 12 == first.tickets


class TestAttributesAtNow:
    """A ticket is grouped by its attributes as they stand at the report instant."""

    NOW = t("2026-11-30T12:00+01:00")

    def customers(self, *changes: TicketEvent, by: str = "customer") -> dict[str, int]:
        log = ticket(
            "A",
            "2026-11-02T09:00+01:00",
            "P1",
            TicketEvent.agent_replied(t("2026-11-02T09:30+01:00")),
            TicketEvent.resolved(t("2026-11-02T10:00+01:00")),
            *changes,
        )
        data = report(policies(), [log], self.NOW, options(by=("metric", by))).to_data()
        return {g.key[by]: g.tickets for g in data.groups if g.key["metric"] == "resolution"}

    def test_unchanged(self) -> None:
        assert {"acme": 1} == self.customers()

    def test_a_change_before_now_counts(self) -> None:
        change = TicketEvent.attribute_changed(t("2026-11-20T09:00+01:00"), {"customer": "globex"})

        assert {"globex": 1} == self.customers(change)

    def test_a_change_at_now_counts(self) -> None:
        change = TicketEvent.attribute_changed(self.NOW, {"customer": "globex"})

        assert {"globex": 1} == self.customers(change)

    def test_a_change_after_now_does_not(self) -> None:
        later = self.NOW + timedelta(microseconds=1)
        change = TicketEvent.attribute_changed(later, {"customer": "globex"})

        assert {"acme": 1} == self.customers(change)

    def test_the_last_change_wins(self) -> None:
        changes = [
            TicketEvent.attribute_changed(t("2026-11-20T09:00+01:00"), {"customer": "globex"}),
            TicketEvent.attribute_changed(t("2026-11-21T09:00+01:00"), {"customer": "initech"}),
        ]

        assert {"initech": 1} == self.customers(*changes)

    def test_a_removed_attribute_is_none(self) -> None:
        change = TicketEvent.attribute_changed(t("2026-11-20T09:00+01:00"), {"customer": None})

        assert {"(none)": 1} == self.customers(change)

    def test_removing_an_attribute_never_set(self) -> None:
        change = TicketEvent.attribute_changed(t("2026-11-20T09:00+01:00"), {"team": None})

        assert {"acme": 1} == self.customers(change)
        assert {"(none)": 1} == self.customers(change, by="team")

    def test_a_new_attribute(self) -> None:
        change = TicketEvent.attribute_changed(t("2026-11-20T09:00+01:00"), {"team": "red"})

        assert {"red": 1} == self.customers(change, by="team")
        assert {"acme": 1} == self.customers(change)


class TestOpenTicketsInTheirCreationPeriod:
    def test_a_metric_that_starts_in_a_later_month(self) -> None:
        # The OLA runs while the network group holds the ticket: from 1 December, but the
        # ticket was created in November, and an open metric belongs to that period.
        network = PolicySet.from_dict(
            {
                "calendars": {
                    "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
                },
                "policies": [
                    {
                        "name": "network",
                        "calendar": "office",
                        "metrics": {
                            "ola": {"start": {"group": "network"}, "stop": {"event": "resolved"}}
                        },
                        "targets": {"*": {"ola": "8h"}},
                    }
                ],
            }
        )
        log = ticket(
            "A",
            "2026-11-30T10:00+01:00",
            "P2",
            TicketEvent.assigned(t("2026-12-01T10:00+01:00"), group="network"),
        )

        data = report(
            network, [log], t("2026-12-01T11:00+01:00"), options(by=("period",))
        ).to_data()

        assert [({"period": "2026-11"}, 1)] == [(g.key, g.running) for g in data.groups]


# --------------------------------------------------------------------------- errors


def bad_ticket(ident: str) -> list[str]:
    """A ticket whose third line (event 2) is a second created event."""
    return [
        json.dumps(
            {
                "ticket": ident,
                "type": "created",
                "at": "2026-12-01T09:00:00+01:00",
                "priority": "P1",
            }
        ),
        json.dumps(
            {
                "ticket": ident,
                "type": "agent_replied",
                "at": "2026-12-01T09:10:00+01:00",
                "public": True,
            }
        ),
        json.dumps(
            {
                "ticket": ident,
                "type": "created",
                "at": "2026-12-01T09:20:00+01:00",
                "priority": "P1",
            }
        ),
    ]


SECOND_CREATED = "a second created event; a ticket is created once (give each ticket its own log)"


class TestErrorsNameTheirPlace:
    def test_a_bad_event_names_its_ticket_and_line(self) -> None:
        every = lines() + bad_ticket("X")  # the worked example is 39 lines

        with pytest.raises(TimelineError) as caught:
            report_jsonl(policies(), every, NOW, options())

        error = caught.value
        assert (42, 2) == (error.line, error.event)
        assert f"line 42: ticket 'X': event 2: {SECOND_CREATED}" == str(error)

    def test_an_unnamed_ticket_is_named_by_its_place(self) -> None:
        good = ticket(None, "2026-12-01T09:00+01:00", "P1")
        bad = [*good, TicketEvent.created(t("2026-12-01T09:00+01:00"), "P1")]

        with pytest.raises(TimelineError) as caught:
            report(policies(), [good, bad], NOW, options())

        assert (None, 1) == (caught.value.line, caught.value.event)
        assert f"ticket #1: event 1: {SECOND_CREATED}" == str(caught.value)

    def test_a_named_ticket_of_events(self) -> None:
        good = ticket("G", "2026-12-01T09:00+01:00", "P1")
        bad = (
            "B",
            [
                TicketEvent.created(t("2026-12-01T09:00+01:00"), "P1"),
                TicketEvent.created(t("2026-12-01T10:00+01:00"), "P1"),
            ],
        )

        with pytest.raises(TimelineError, match=exactly(f"ticket 'B': event 1: {SECOND_CREATED}")):
            report(policies(), [good, bad], NOW, options())

    def test_sorted_order_is_checked(self) -> None:
        # N7 is followed by D1: grouped, but not sorted.
        with pytest.raises(TimelineError, match=r"^ticket 'D1', line 26: this ticket comes after"):
            report_jsonl(policies(), lines(), NOW, options(), ticket_order="sorted")

    def test_a_naive_now_has_no_line(self) -> None:
        with pytest.raises(NaiveDatetimeError, match=r"^now must be an aware datetime") as caught:
            report_jsonl(policies(), lines(), datetime(2026, 12, 31), options())  # noqa: DTZ001

        assert caught.value.line is None


class TestPlaceError:
    """`place_error` gives an error about a ticket the line of the event at fault."""

    GROUP = TicketLines("X", lines=[7, 8, 9])

    def placed(self, event: int | None) -> int | None:
        error = TimelineError("bad")
        error.event = event
        place_error(error, self.GROUP)
        return error.line

    @pytest.mark.parametrize(
        ("event", "line"),
        [
            pytest.param(0, 7, id="first-event"),
            pytest.param(2, 9, id="last-event"),
            pytest.param(3, 7, id="past-the-events-is-the-first-line"),
            pytest.param(None, 7, id="no-event-is-the-first-line"),
        ],
    )
    def test_line(self, event: int | None, line: int) -> None:
        assert line == self.placed(event)

    def test_a_line_already_known_is_kept(self) -> None:
        error = TimelineError("bad")
        error.event, error.line = 2, 3

        place_error(error, self.GROUP)

        assert 3 == error.line
