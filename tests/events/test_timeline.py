"""Ticket events and their normalised timeline: the JSON form, bad input, sorting, duplicates."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pendulum
import pytest

from slaclock import TicketEvent, Timeline, TimelineError
from slaclock.events import read_jsonl
from slaclock.events.model import _new_event
from slaclock.events.timeline import SAME_INSTANT_TYPES

E = TicketEvent
BERLIN = ZoneInfo("Europe/Berlin")
AT = "2026-11-23T10:00:00+01:00"


def t(text: str) -> datetime:
    return datetime.fromisoformat(text)


CREATED = E.created(t("2026-11-23T09:00+01:00"), "P2")


def message(error: pytest.ExceptionInfo[TimelineError]) -> str:
    return str(error.value)


class TestJsonForm:
    @pytest.mark.parametrize(
        "data",
        [
            pytest.param(
                {
                    "type": "created",
                    "at": AT,
                    "priority": "P2",
                    "attributes": {"customer_tier": "enterprise"},
                },
                id="created",
            ),
            pytest.param({"type": "status_changed", "at": AT, "status": "pending"}, id="status"),
            pytest.param({"type": "agent_replied", "at": AT, "public": True}, id="reply"),
            pytest.param({"type": "agent_replied", "at": AT, "public": False}, id="internal-note"),
            pytest.param({"type": "customer_replied", "at": AT, "id": "m-7"}, id="with-id"),
            pytest.param({"type": "priority_changed", "at": AT, "priority": "P1"}, id="priority"),
            pytest.param({"type": "assigned", "at": AT, "group": "network"}, id="assigned"),
            pytest.param(
                {"type": "attribute_changed", "at": AT, "attributes": {"tier": None}},
                id="attribute-removed",
            ),
            pytest.param({"type": "resolved", "at": AT, "ticket": "T-1"}, id="with-ticket"),
            pytest.param({"type": "reopened", "at": AT}, id="reopened"),
            pytest.param({"type": "closed", "at": "2026-11-23T09:00:00+00:00"}, id="closed-utc"),
        ],
    )
    def test_round_trip(self, data: dict[str, Any]) -> None:
        expected = data

        actual = E.from_dict(data).to_dict()

        assert expected == actual

    def test_at_keeps_its_instant(self) -> None:
        expected = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

        actual = E.from_json('{"type": "resolved", "at": "2026-11-23T10:00:00+01:00"}').at

        assert expected == actual

    def test_z_means_utc(self) -> None:
        expected = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

        actual = E.from_dict({"type": "resolved", "at": "2026-11-23T10:00:00Z"}).at

        assert expected == actual

    def test_shorthands_build_the_json_form(self) -> None:
        expected = {"type": "agent_replied", "at": AT, "id": "r1", "public": False}

        actual = E.agent_replied(t(AT), public=False, id="r1").to_dict()

        assert expected == actual


class TestBadJson:
    """Each rejected with a TimelineError naming the event, the field and the value."""

    @pytest.mark.parametrize(
        ("data", "parts"),
        [
            pytest.param(
                {"type": "escalated", "at": AT},
                ["event 4", "unknown event type 'escalated'", "known types: agent_replied"],
                id="unknown-type",
            ),
            pytest.param(
                {"type": {"kind": "created"}, "at": AT},
                ["event 4", "unknown event type {'kind': 'created'}"],
                id="type-not-text",
            ),
            pytest.param(
                {"at": AT, "priority": "P1"},
                ["event 4", "unknown event type None"],
                id="no-type",
            ),
            pytest.param(
                {"type": "resolved", "at": "2026-11-23T10:00:00"},
                ["event 4", "field 'at'", "no UTC offset", "'2026-11-23T10:00:00'", "'+01:00'"],
                id="naive-at",
            ),
            pytest.param(
                {"type": "resolved", "at": "yesterday"},
                ["event 4", "field 'at'", "not an ISO 8601 instant", "'yesterday'"],
                id="at-not-a-time",
            ),
            pytest.param(
                {"type": "resolved", "at": 1764000000},
                ["event 4", "field 'at'", "got 1764000000"],
                id="at-a-number",
            ),
            pytest.param(
                {"type": "resolved"},
                ["event 4", "field 'at'", "got None"],
                id="no-at",
            ),
            pytest.param(
                {"type": "agent_replied", "at": AT, "public": "yes"},
                ["event 4", "field 'public'", "true or false", "'yes'"],
                id="public-not-a-flag",
            ),
            pytest.param(
                {"type": "priority_changed", "at": AT, "priority": ["P1"]},
                ["event 4", "field 'priority'", "must be text", "['P1']"],
                id="priority-a-list",
            ),
            pytest.param(
                {"type": "status_changed", "at": AT, "status": True},
                ["event 4", "field 'status'", "must be text", "True"],
                id="status-a-flag",
            ),
            pytest.param(
                {"type": "created", "at": AT, "priority": "P1", "attributes": "gold"},
                ["event 4", "field 'attributes'", "an object", "'gold'"],
                id="attributes-not-an-object",
            ),
            pytest.param(
                {"type": "resolved", "at": AT, "status": "done"},
                ["event 4", "field 'status'", "does not belong to a resolved event"],
                id="foreign-field",
            ),
            pytest.param(
                {"type": "resolved", "at": AT, "id": "r-9", "statuz": "done"},
                ["event 4 id 'r-9'", "field 'statuz'"],
                id="names-the-id",
            ),
            pytest.param(
                ["resolved", AT],
                ["event 4", "expected a JSON object", "['resolved',"],
                id="not-an-object",
            ),
        ],
    )
    def test_rejected(self, data: Any, parts: list[str]) -> None:
        with pytest.raises(TimelineError) as error:
            E.from_dict(data, index=4)

        text = message(error)
        assert [p for p in parts if p not in text] == [], text

    def test_malformed_json_line_names_the_event(self) -> None:
        with pytest.raises(TimelineError) as error:
            E.from_json('{"type": "resolved", "at": ', index=3)

        assert message(error).startswith("event 3: not valid JSON (")

    def test_a_bad_line_in_a_stream_names_its_line(self) -> None:
        lines = [
            '{"ticket": "T-1", "type": "created", "at": "2026-11-23T09:00:00+01:00",'
            ' "priority": "P2"}',
            "",
            '{"ticket": "T-1", "type": "resolved", "at": "2026-11-23T09:00:00"}',
        ]

        with pytest.raises(TimelineError) as error:
            list(read_jsonl(lines))

        text = message(error)
        assert (3, "T-1") == (error.value.line, error.value.ticket)
        assert text.startswith("ticket 'T-1', line 3: ")
        assert "field 'at' has no UTC offset: '2026-11-23T09:00:00'" in text


class TestMissingFields:
    @pytest.mark.parametrize(
        ("event", "parts"),
        [
            pytest.param(
                E("status_changed", t(AT)),
                ["event 1", "a status_changed event needs 'status'"],
                id="status-changed-without-status",
            ),
            pytest.param(
                E("agent_replied", t(AT), id="r-1"),
                [
                    "event 1 id 'r-1'",
                    "an agent_replied event needs 'public'",
                    "false for an internal note",
                ],
                id="agent-replied-without-public",
            ),
            pytest.param(
                E("priority_changed", t(AT)),
                ["event 1", "a priority_changed event needs 'priority'"],
                id="priority-changed-without-priority",
            ),
            pytest.param(
                E("assigned", t(AT)),
                ["event 1", "needs 'group' or 'assignee'"],
                id="assigned-to-nobody",
            ),
            pytest.param(
                E("escalated", t(AT)),
                ["event 1", "unknown event type 'escalated'"],
                id="unknown-type",
            ),
        ],
    )
    def test_rejected(self, event: TicketEvent, parts: list[str]) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, event])

        text = message(error)
        assert [p for p in parts if p not in text] == [], text

    def test_json_without_a_required_field_is_caught_when_normalised(self) -> None:
        event = E.from_dict({"type": "status_changed", "at": AT, "id": "s-1"}, index=1)

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, event])

        assert "event 1 id 's-1': a status_changed event needs 'status'" == message(error)

    def test_created_without_priority(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([E("created", t(AT))])

        assert "event 0: a created event needs 'priority'" == message(error)


class TestBadLogs:
    def test_no_created_event(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([E.resolved(t(AT))])

        assert message(error).startswith("the ticket has no created event")

    def test_an_empty_log(self) -> None:
        with pytest.raises(TimelineError, match="no created event"):
            Timeline.of([])

    def test_two_created_events(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, E.resolved(t(AT)), E.created(t(AT), "P1", id="c2")])

        assert message(error).startswith("event 2 id 'c2': a second created event")

    def test_event_before_created(self) -> None:
        early = E.customer_replied(t("2026-11-23T08:59+01:00"), id="m-1")

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, early])

        assert (
            "event 1 id 'm-1': customer_replied at 2026-11-23T08:59:00+01:00 is before the"
            " ticket was created (2026-11-23T09:00:00+01:00); fix the event's time or the"
            " created event"
        ) == message(error)

    def test_naive_at(self) -> None:
        naive = E.resolved(datetime(2026, 11, 23, 10))  # noqa: DTZ001 - the bad input

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, naive])

        text = message(error)
        assert text.startswith("event 1: field 'at' must be an aware datetime")
        assert "'2026-11-23T10:00:00'" in text

    def test_at_not_a_datetime(self) -> None:
        event = E("resolved", "2026-11-23T10:00+01:00")  # type: ignore[arg-type]

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, event])

        assert message(error).startswith("event 1: field 'at' must be an aware datetime")

    @pytest.mark.parametrize(
        "at",
        [
            pytest.param(datetime(1, 1, 1, 12, tzinfo=UTC), id="year-1"),
            pytest.param(datetime(9999, 12, 31, tzinfo=UTC), id="year-9999"),
        ],
    )
    def test_instants_outside_the_supported_years(self, at: datetime) -> None:
        event = E.resolved(at, id="r")

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, event])

        text = message(error)
        assert text.startswith(f"event 1 id 'r': field 'at' is {at.isoformat()}, outside the years")

    def test_not_an_event(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, {"type": "resolved", "at": AT}])  # type: ignore[list-item]

        assert "event 1: expected a TicketEvent, got dict" == message(error)

    def test_conflicting_duplicate_id(self) -> None:
        first = E.resolved(t("2026-11-23T10:00+01:00"), id="x")
        second = E.closed(t("2026-11-23T10:00+01:00"), id="x")

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, first, second])

        assert (
            "event 2 id 'x': id 'x' was used before for a different event (resolved at"
            " 2026-11-23T10:00:00+01:00); ids must name one event"
        ) == message(error)


class TestNormalising:
    def test_sorted_by_instant(self) -> None:
        late = E.resolved(t("2026-11-23T11:00+01:00"))
        early = E.customer_replied(t("2026-11-23T10:00+01:00"))
        expected = (CREATED, early, late)

        actual = Timeline.of([late, CREATED, early]).events

        assert expected == actual

    @pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0), (1, 0, 2)])
    def test_equal_instants_in_a_fixed_order_with_created_first(
        self, order: tuple[int, int, int]
    ) -> None:
        # Same type: by content, and "open" sorts before "pending".
        at = CREATED.at
        a = E.status_changed(at, "pending")
        b = E.status_changed(at, "open")
        given = [CREATED, a, b]
        expected = (CREATED, b, a)

        actual = Timeline.of([given[i] for i in order]).events

        assert expected == actual

    def test_seq_orders_equal_instants_before_the_fixed_order(self) -> None:
        at = t("2026-11-23T10:00+01:00")
        a = E.resolved(at, seq=2)
        b = E.reopened(at, seq=7)
        c = E.agent_replied(at)  # no seq: after those with one
        expected = (CREATED, a, b, c)

        actual = Timeline.of([c, b, CREATED, a]).events

        assert expected == actual

    def test_without_seq_types_go_in_the_documented_order(self) -> None:
        at = t("2026-11-23T10:00+01:00")
        kinds = [k for k in SAME_INSTANT_TYPES if k != "created"]
        events = [
            E(
                k,
                at,
                public=True if k == "agent_replied" else None,
                status="x" if k == "status_changed" else None,
                priority="P1" if k == "priority_changed" else None,
                group="g" if k == "assigned" else None,
                attributes={"a": 1} if k == "attribute_changed" else None,
            )
            for k in reversed(kinds)
        ]

        actual = Timeline.of([*events, CREATED]).events

        assert list(SAME_INSTANT_TYPES) == [e.type for e in actual]

    def test_instants_are_utc_microseconds(self) -> None:
        later = E.resolved(t("2026-11-23T09:00:00.000001+01:00"))
        # 2026-11-23T08:00Z: 56 years since 1970 with 14 leap days = 20,454 days, plus 326
        # days into 2026 = 20,780 days = 1,795,392,000 s; plus 8 h = 1,795,420,800 s.
        start = 1_795_420_800_000_000
        expected = (start, start + 1)

        actual = Timeline.of([CREATED, later]).instants

        assert expected == actual

    def test_same_instant_in_other_zones_sorts_as_one(self) -> None:
        tokyo = E.resolved(t("2026-11-23T17:00+09:00"))  # 08:00Z, before 09:30 Berlin
        berlin = E.customer_replied(t("2026-11-23T09:30+01:00"))
        expected = (CREATED, tokyo, berlin)

        actual = Timeline.of([berlin, tokyo, CREATED]).events

        assert expected == actual

    def test_repeated_ids_are_dropped(self) -> None:
        reply = E.agent_replied(t(AT), id="r-1")
        again = E.agent_replied(t(AT).astimezone(UTC), id="r-1")  # the same instant
        expected = (CREATED, reply)

        actual = Timeline.of([CREATED, reply, again, reply]).events

        assert expected == actual

    def test_a_repeated_id_in_a_dst_fold_written_in_another_zone(self) -> None:
        # 00:30Z on 2026-10-25 is 02:30 CEST in Berlin, inside the hour that repeats. Python
        # (PEP 495) never finds such a wall time == the same instant in another zone; the
        # timeline compares the instants.
        at = datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        created = E.created(datetime(2026, 10, 24, 12, tzinfo=UTC), "P1")
        local = E.agent_replied(at.astimezone(BERLIN), id="r-1")
        expected = (created, local)

        actual = Timeline.of([created, local, E.agent_replied(at, id="r-1")]).events

        assert expected == actual

    def test_events_without_ids_are_all_kept(self) -> None:
        reply = E.agent_replied(t(AT))
        expected = 3

        actual = len(Timeline.of([CREATED, reply, reply]))

        assert expected == actual

    def test_a_timeline_is_already_normal(self) -> None:
        timeline = Timeline.of([CREATED])

        actual = Timeline.of(timeline)

        assert timeline is actual

    def test_created_is_the_first_event(self) -> None:
        expected = CREATED

        actual = Timeline.of([E.resolved(t(AT)), CREATED]).created

        assert expected == actual


class TestReadJsonl:
    def test_groups_contiguous_lines_by_ticket(self) -> None:
        def line(ticket: str, kind: str, **fields: Any) -> str:
            return json.dumps({"ticket": ticket, "type": kind, "at": AT, **fields})

        lines = [
            line("T-1", "created", priority="P1"),
            line("T-1", "resolved"),
            "   ",
            line("T-2", "created", priority="P2"),
        ]
        expected = [("T-1", ["created", "resolved"]), ("T-2", ["created"])]

        actual = [(ticket, [e.type for e in events]) for ticket, events in read_jsonl(lines)]

        assert expected == actual

    def test_is_lazy(self) -> None:
        pulled: list[int] = []

        def lines() -> Any:
            for n in range(1000):
                pulled.append(n)
                yield json.dumps(
                    {"ticket": f"T-{n}", "type": "created", "at": AT, "priority": "P1"}
                )

        stream = read_jsonl(lines())
        first = next(stream)

        assert ("T-0", 1) == (first[0], len(first[1]))
        assert len(pulled) <= 2


class _Checked(TicketEvent):
    """A subclass: its constructors skip the fast way and check every rule."""

    __slots__ = ()


def _fields(event: TicketEvent) -> list[tuple[str, Any, type]]:
    return [(f.name, getattr(event, f.name), type(getattr(event, f.name))) for f in fields(E)]


def _line(kind: str, **fields: Any) -> str:
    return json.dumps({"type": kind, "at": AT, **fields})


class TestSeq:
    def test_seq_in_the_json_form(self) -> None:
        line = _line("resolved", seq=12)

        event = E.from_json(line)

        assert (12, {"type": "resolved", "at": AT, "seq": 12}) == (event.seq, event.to_dict())

    @pytest.mark.parametrize(
        "bad",
        [
            pytest.param(-1, id="negative"),
            pytest.param(True, id="bool"),
            pytest.param(1.0, id="float"),
            pytest.param("3", id="text"),
            pytest.param(2**63, id="too-large"),
        ],
    )
    def test_a_bad_seq_is_refused(self, bad: Any) -> None:
        with pytest.raises(TimelineError) as error:
            E.from_json(_line("resolved", seq=bad), index=3)

        assert message(error).startswith("event 3: field 'seq' must be a whole number")

    def test_a_bad_seq_built_in_python_names_the_event(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, E.resolved(t(AT), seq="1", id="r")])

        assert message(error).startswith("event 1 id 'r': field 'seq' must be a whole number")

    def test_seq_is_part_of_an_events_identity(self) -> None:
        assert E.resolved(t(AT), seq=1) != E.resolved(t(AT), seq=2)


class TestAttributesBuiltInPython:
    def test_attributes_that_are_not_a_mapping_name_the_event(self) -> None:
        bad = E.attribute_changed(t(AT), ["tier", "gold"], id="a")  # type: ignore[arg-type]

        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, bad])

        assert message(error).startswith(
            "event 1 id 'a': field 'attributes' must be a mapping of names to values, got list"
        )


class TestFastWays:
    """The fast ways in build exactly what the checking ways build."""

    def test_fast_construction_sets_every_field(self) -> None:
        values = [f"value of {f.name}" for f in fields(E)]
        expected = _fields(E(*values))  # type: ignore[arg-type]

        actual = _fields(_new_event(*values))  # type: ignore[arg-type]

        assert expected == actual

    @pytest.mark.parametrize(
        "line",
        [
            pytest.param(
                _line("created", priority="P2", attributes={"tier": "gold"}, ticket="T-1", id="c"),
                id="created",
            ),
            pytest.param(_line("agent_replied", public=False), id="internal-note"),
            pytest.param(_line("assigned", assignee="kim"), id="assigned"),
            pytest.param(_line("resolved", at="2026-11-23T09:00:00.5Z"), id="utc"),
            pytest.param(_line("reopened", at="2026-11-23 10:00+01:00"), id="space-separated"),
            pytest.param(_line("resolved") + "\r\n", id="crlf"),
            pytest.param("  " + _line("resolved"), id="leading-space"),
            pytest.param(_line("resolved", id=7, ticket=9), id="numbers-as-text"),
            pytest.param(_line("priority_changed", priority=1), id="number-as-priority"),
            pytest.param(_line("status_changed", status=None), id="null"),
        ],
    )
    def test_json_lines(self, line: str) -> None:
        expected = _fields(_Checked.from_json(line))

        actual = _fields(E.from_json(line))

        assert expected == actual

    @pytest.mark.parametrize(
        ("line", "error"),
        [
            pytest.param(_line("resolved") + " {}", "Extra data", id="extra-data"),
            pytest.param(_line("resolved") + "\x0b", "Extra data", id="vertical-tab"),
            pytest.param("\ufeff" + _line("resolved"), "BOM", id="byte-order-mark"),
            pytest.param("[1]", "expected a JSON object", id="array"),
        ],
    )
    def test_lines_json_loads_rejects_are_rejected(self, line: str, error: str) -> None:
        with pytest.raises(TimelineError, match=error):
            E.from_json(line, index=0)

    def test_a_pendulum_instant(self) -> None:
        at = pendulum.datetime(2026, 11, 23, 10, 0, tz="Europe/Berlin")
        expected = Timeline.of([CREATED, E.resolved(t(AT))]).instants

        actual = Timeline.of([CREATED, E.resolved(at)]).instants

        assert expected == actual

    def test_a_datetime_subclass_with_its_own_subtraction(self) -> None:
        class Odd(datetime):
            def __sub__(self, other: Any) -> Any:
                raise AttributeError("not a timedelta")

        at = Odd(2026, 11, 23, 10, 0, tzinfo=BERLIN)
        expected = Timeline.of([CREATED, E.resolved(t(AT))]).instants

        actual = Timeline.of([CREATED, E.resolved(at)]).instants

        assert expected == actual

    def test_a_subclass_of_ticket_event_is_checked(self) -> None:
        with pytest.raises(TimelineError) as error:
            Timeline.of([CREATED, _Checked("status_changed", t(AT))])

        assert "event 1: a status_changed event needs 'status'" == message(error)

    def test_an_event_before_created_is_named_by_its_index_after_a_repeat(self) -> None:
        created = E.created(t("2026-11-23T09:00+01:00"), "P2", id="c")
        early = E.resolved(t("2026-11-23T08:00+01:00"), id="r")

        with pytest.raises(TimelineError) as error:
            Timeline.of([created, created, early])

        assert message(error).startswith("event 2 id 'r': resolved at 2026-11-23T08:00:00+01:00")


def test_ticket_field_is_not_part_of_equality() -> None:
    a = E.resolved(t(AT), ticket="T-1")
    b = E.resolved(t(AT).astimezone(timezone(timedelta(hours=-5))), ticket="T-2")

    assert a == b
