"""Batches say which ticket and which line, always the right ones, and can go on past a bad
ticket (issue #11, item 16); event ids and tickets are text (item 15); a `now` thousands of
years out is refused quickly (item 13)."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any, ClassVar

import pytest

from slaclock.clock import (
    FailedTicket,
    SlaClock,
    TicketStatus,
    evaluate,
    evaluate_jsonl,
    evaluate_many,
)
from slaclock.clock.evaluate import MAX_SPAN_YEARS
from slaclock.config import PolicySet
from slaclock.errors import CalendarError, SlaclockError, TimelineError
from slaclock.events import TicketEvent, read_jsonl

POLICIES = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "policies": [
            {
                "name": "p",
                "calendar": "office",
                "targets": {
                    "*": {"first_response": "4h", "resolution": "8h"},
                    "P2": {"resolution": "2500 business days"},
                },
            }
        ],
    }
)
NOW = datetime.fromisoformat("2026-11-30T10:00+01:00")


def created(ticket: str | None, at: str = "2026-11-23T10:00+01:00", **more: Any) -> str:
    line = {"type": "created", "at": at, "priority": "P1", **more}
    if ticket is not None:
        line["ticket"] = ticket
    return json.dumps(line)


def resolved(ticket: str | None, at: str = "2026-11-23T11:00+01:00", **more: Any) -> str:
    line = {"type": "resolved", "at": at, **more}
    if ticket is not None:
        line["ticket"] = ticket
    return json.dumps(line)


BROKEN = '{"type": "resolved", "at": '


def first_error(lines: list[str]) -> SlaclockError:
    with pytest.raises(SlaclockError) as info:
        list(evaluate_jsonl(POLICIES, lines, NOW))
    return info.value


def where(error: SlaclockError) -> tuple[str | None, int | None]:
    return error.ticket, error.line


class TestFailFast:
    @pytest.mark.parametrize(
        ("lines", "expected"),
        [
            pytest.param(
                [created("a"), resolved("a"), created("b"), BROKEN, resolved("b")],
                ("b", 4),
                id="broken-json-inside-a-ticket",
            ),
            pytest.param(
                [created("a"), resolved("a"), created("b"), BROKEN[:-1] + '"x", "ticket": "b"'],
                ("b", 4),
                id="broken-json-naming-its-ticket",
            ),
            pytest.param(
                [created("a"), created("b"), resolved("b", at="2026-11-20T10:00+01:00")],
                ("b", 3),
                id="event-before-created",
            ),
            pytest.param(
                [created("a"), resolved("a"), resolved(None), created("b")],
                (None, 3),
                id="line-without-ticket",
            ),
            pytest.param(
                [created("a"), resolved("a"), resolved("b"), resolved("a")],
                ("b", 3),
                id="another-tickets-id",
            ),
            pytest.param(
                [created("a"), resolved("a"), created("b"), resolved("a")],
                ("a", 4),
                id="ticket-comes-back",
            ),
            pytest.param(
                [created("a"), resolved("a"), created("b", attributes=5)],
                ("b", 3),
                id="bad-field",
            ),
            pytest.param(
                [created("a"), created("b"), "[" * 100_000 + "]" * 100_000],
                (None, 3),
                id="deeply-nested-line",
            ),
            pytest.param(
                [created("a"), resolved("a")[:-1] + ', "id": ' + "1" * 5000 + "}"],
                ("a", 2),
                id="huge-integer-id",
            ),
            pytest.param(
                [created("a"), created("a", at="2026-11-24T10:00+01:00")],
                ("a", 2),
                id="second-created",
            ),
        ],
    )
    def test_the_error_names_the_ticket_and_the_line(
        self, lines: list[str], expected: tuple[str | None, int | None]
    ) -> None:
        error = first_error(lines)

        assert expected == where(error)
        assert f"line {expected[1]}" in str(error)

    def test_a_ticket_that_comes_back_says_sort_by_ticket(self) -> None:
        error = first_error([created("a"), created("b"), resolved("a")])

        assert "sort the stream by ticket" in str(error)

    def test_a_byte_order_mark_is_skipped(self) -> None:
        statuses = list(evaluate_jsonl(POLICIES, ["\ufeff" + created("a"), resolved("a")], NOW))

        assert [s.ticket for s in statuses] == ["a"]

    def test_a_calendar_error_names_the_ticket_and_its_line(self) -> None:
        at = "9996-01-01T10:00+01:00"
        lines = [created("a", at=at), created("b", at=at, priority="P2")]

        with pytest.raises(SlaclockError) as info:
            list(evaluate_jsonl(POLICIES, lines, datetime.fromisoformat("9996-02-01T10:00Z")))

        error = info.value

        assert (CalendarError, "b", 2) == (type(error), error.ticket, error.line)

    def test_read_jsonl_names_the_line(self) -> None:
        with pytest.raises(TimelineError) as info:
            list(read_jsonl([created("a"), BROKEN, created("b")]))

        assert info.value.line == 2


class TestCollect:
    LINES: ClassVar[list[str]] = [
        created("a"),
        resolved("a"),
        created("b"),
        BROKEN,
        resolved("b"),
        created("c"),
        resolved("c", at="2026-11-20T10:00+01:00"),
        created("d"),
        resolved(None),
        created("e"),
        created("a"),
    ]

    def test_every_bad_ticket_is_reported_and_the_rest_evaluated(self) -> None:
        results = list(evaluate_jsonl(POLICIES, self.LINES, NOW, errors="collect"))

        actual = [
            (type(r).__name__, r.ticket, r.line if isinstance(r, FailedTicket) else None)
            for r in results
        ]
        assert actual == [
            ("TicketStatus", "a", None),
            ("FailedTicket", "b", 4),
            ("FailedTicket", "c", 7),
            ("TicketStatus", "d", None),
            ("FailedTicket", None, 9),
            ("TicketStatus", "e", None),
            ("FailedTicket", "a", 11),
        ]

    def test_a_failure_carries_the_error(self) -> None:
        results = list(evaluate_jsonl(POLICIES, self.LINES, NOW, errors="collect"))

        failure = results[2]
        assert isinstance(failure, FailedTicket)
        assert (2, TimelineError, "event 1") == (
            failure.position,
            type(failure.error),
            failure.error.path,
        )
        assert failure.message.startswith("ticket 'c', line 7: event 1:")

    def test_the_good_tickets_equal_a_clean_run(self) -> None:
        clean = [created("a"), resolved("a"), created("d"), created("e")]
        expected = [s.to_dict() for s in evaluate_jsonl(POLICIES, clean, NOW)]

        results = evaluate_jsonl(POLICIES, self.LINES, NOW, errors="collect")

        assert expected == [r.to_dict() for r in results if isinstance(r, TicketStatus)]

    def test_evaluate_many_collects_too(self) -> None:
        good = [TicketEvent.created(NOW, "P1")]
        tickets: list[tuple[str | None, list[TicketEvent]]] = [
            ("x", good),
            ("y", [TicketEvent.resolved(NOW)]),
            (None, good),
        ]

        results = list(evaluate_many(POLICIES, tickets, NOW, errors="collect"))

        assert [type(r).__name__ for r in results] == [
            "TicketStatus",
            "FailedTicket",
            "TicketStatus",
        ]
        failure = results[1]
        assert isinstance(failure, FailedTicket)
        assert ("y", 1, None) == (failure.ticket, failure.position, failure.line)

    def test_an_unknown_mode_is_refused(self) -> None:
        with pytest.raises(ValueError, match="'raise' or 'collect'"):
            evaluate_jsonl(POLICIES, [], NOW, errors="skip")  # type: ignore[call-overload]


class TestEventIdentity:
    @pytest.mark.parametrize("field", ["id", "ticket"])
    @pytest.mark.parametrize("value", [[1], {"a": 1}, True], ids=["list", "object", "bool"])
    def test_an_id_or_ticket_must_be_text(self, field: str, value: object) -> None:
        line = {"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P1", field: value}

        with pytest.raises(TimelineError, match=f"field '{field}' must be text"):
            TicketEvent.from_dict(line)

    def test_a_number_is_still_an_id(self) -> None:
        line = {"type": "created", "at": "2026-11-23T10:00+01:00", "priority": "P1", "id": 7}

        assert TicketEvent.from_dict(line).id == "7"


class TestFarFuture:
    FAR = datetime.fromisoformat("9000-01-01T00:00+00:00")

    def test_evaluate_refuses_a_now_thousands_of_years_out_quickly(self) -> None:
        events = [TicketEvent.created(NOW, "P1")]
        started = time.perf_counter()

        with pytest.raises(TimelineError, match=f"up to {MAX_SPAN_YEARS} years"):
            evaluate(POLICIES, events, self.FAR)

        assert time.perf_counter() - started < 1

    def test_a_clock_refuses_it_too(self) -> None:
        clock = SlaClock(POLICIES, [TicketEvent.created(NOW, "P1")])

        with pytest.raises(TimelineError, match=f"up to {MAX_SPAN_YEARS} years"):
            clock.status(self.FAR)
