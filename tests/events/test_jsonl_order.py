"""Tickets that come back in a JSON-lines stream: refused exactly, in both ticket orders.

The reader remembers tickets by 64-bit fingerprints (``grouped``) or by the last id
(``sorted``); both are checked here against a plain set of ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaclock import TimelineError
from slaclock.events import read_jsonl, read_ticket_lines

AT = "2026-11-23T10:00:00+01:00"


def line(ticket: str, kind: str = "created") -> str:
    data = {"ticket": ticket, "type": kind, "at": AT}
    if kind == "created":
        data["priority"] = "P1"
    return json.dumps(data)


def stream(runs: list[str]) -> Iterator[str]:
    """Each run is one group of consecutive lines of a ticket (created, then a note)."""
    for ticket in runs:
        yield line(ticket)
        yield line(ticket, "agent_replied")


def refused_by_a_set(runs: list[str]) -> list[bool]:
    """The reference: a run is refused when an earlier run (not the one before) had its id."""
    seen: set[str] = set()
    refused = []
    previous = None
    for ticket in runs:
        if ticket == previous:
            continue  # consecutive runs of one ticket are one group
        refused.append(ticket in seen)
        seen.add(ticket)
        previous = ticket
    return refused


def refused_by_reader(runs: list[str], order: str = "grouped") -> list[bool]:
    return [
        group.error is not None
        for group in read_ticket_lines(stream(runs), ticket_order=order)  # type: ignore[arg-type]
    ]


ids = st.text(alphabet="abcdefgh0123456789", min_size=1, max_size=3)


class TestGrouped:
    @given(st.lists(ids, max_size=60))
    def test_refuses_exactly_the_tickets_that_come_back(self, runs: list[str]) -> None:
        assert refused_by_reader(runs) == refused_by_a_set(runs)

    def test_the_table_grows_and_still_finds_every_ticket(self) -> None:
        # 5,000 tickets make the table double three times; then every one comes back.
        first = [f"T{n}" for n in range(5000)]
        again = first[::7]

        refused = refused_by_reader(first + again)

        assert refused == [False] * len(first) + [True] * len(again)

    def test_the_error_names_the_ticket_and_line(self) -> None:
        with pytest.raises(TimelineError) as info:
            list(read_jsonl(stream(["a", "b", "a"])))

        error = info.value

        assert (error.ticket, error.line) == ("a", 5)
        assert "appears again after other tickets" in str(error)


class TestSorted:
    @given(st.lists(ids, max_size=40, unique=True))
    def test_increasing_ids_are_all_read(self, tickets: list[str]) -> None:
        tickets.sort()

        read = [ticket for ticket, _ in read_jsonl(stream(tickets), ticket_order="sorted")]

        assert read == tickets

    @given(st.lists(ids, min_size=2, max_size=40, unique=True))
    def test_an_id_that_does_not_increase_is_refused(self, tickets: list[str]) -> None:
        refused = refused_by_reader(tickets, "sorted")

        running_max = ""
        expected = []
        for ticket in tickets:
            expected.append(ticket <= running_max)
            running_max = max(running_max, ticket)
        assert refused == expected

    def test_the_error_names_both_tickets_and_the_way_out(self) -> None:
        with pytest.raises(TimelineError) as info:
            # As text "T10" sorts before "T9": the stream is not sorted.
            list(read_jsonl(stream(["T9", "T10"]), ticket_order="sorted"))

        error = info.value

        assert (error.ticket, error.line) == ("T10", 3)
        assert "comes after ticket 'T9'" in str(error)
        assert "read it as grouped" in str(error)

    def test_a_ticket_that_comes_back_is_refused_too(self) -> None:
        assert refused_by_reader(["a", "b", "a"], "sorted") == [False, False, True]


def test_an_unknown_order_is_refused() -> None:
    with pytest.raises(ValueError, match="ticket_order must be 'grouped' or 'sorted'"):
        list(read_jsonl(stream(["a"]), ticket_order="random"))  # type: ignore[arg-type]
