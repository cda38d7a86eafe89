"""Outages at their edges: every refusal word for word, the defaults of a line, files, and
outages derived from incident tickets (each case a reader can check by hand)."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from slaclock.contracts import Outage, load_outages, outages_from_tickets, read_outages
from slaclock.errors import NaiveDatetimeError, PolicyFileError
from slaclock.events import TicketEvent

START = '"start": "2026-11-03T10:00:00+01:00"'
END = '"end": "2026-11-03T11:00:00+01:00"'
KEYS = "announced_at, end, id, impact, kind, note, service, start"


def _problems(lines: list[str], **kwargs: object) -> list[tuple[str, int | None, str]]:
    with pytest.raises(PolicyFileError) as exc:
        read_outages(lines, **kwargs)  # type: ignore[arg-type]
    return [(p.path, p.line, p.message) for p in exc.value.problems]


def _one(line: str) -> tuple[str, str]:
    [(path, number, message)] = _problems([line])
    assert 1 == number
    return path, message


class TestLineDefaults:
    def test_a_bare_line_is_a_full_unplanned_outage(self) -> None:
        [outage] = read_outages([f'{{"service": "shop", {START}, {END}}}'], source="o.jsonl")

        assert ("shop", "unplanned", Fraction(1)) == (outage.service, outage.kind, outage.impact)
        assert (None, None) == (outage.announced_at, outage.id)
        assert "o.jsonl:1" == outage.where
        assert timedelta(hours=1) == outage.end - outage.start

    def test_the_default_source(self) -> None:
        [outage] = read_outages(["", f'{{"service": "shop", {START}, {END}}}'])

        assert "<outages>:2" == outage.where

    def test_every_field_is_read(self) -> None:
        line = (
            f'{{"service": "shop", {START}, {END}, "kind": "planned", "impact": "0.25",'
            ' "announced_at": "2026-10-20T09:00:00+01:00", "id": 17, "note": "db upgrade"}'
        )

        [outage] = read_outages(["", "  ", line], source="o.jsonl", services=["shop"])

        assert ("planned", Fraction(1, 4), "17") == (outage.kind, outage.impact, outage.id)
        assert datetime.fromisoformat("2026-10-20T09:00:00+01:00") == outage.announced_at
        assert "o.jsonl:3" == outage.where

    @pytest.mark.parametrize(
        ("raw", "impact"),
        [
            pytest.param("1", Fraction(1), id="int-one"),
            pytest.param("0.1", Fraction(1, 10), id="float-decimal-not-binary"),
            pytest.param('"0.5"', Fraction(1, 2), id="string"),
        ],
    )
    def test_impact_spellings(self, raw: str, impact: Fraction) -> None:
        [outage] = read_outages([f'{{"service": "shop", {START}, {END}, "impact": {raw}}}'])

        assert impact == outage.impact


class TestLineRefusals:
    def test_not_an_object(self) -> None:
        assert ("", "expected a JSON object, got list") == _one("[1, 2]")

    def test_not_json(self) -> None:
        path, message = _one("{")
        assert "" == path
        assert message.startswith("not valid JSON: ")

    def test_unknown_key_lists_the_known_ones(self) -> None:
        assert ("colour", f"unknown key; outages have {KEYS}") == _one(
            f'{{"service": "shop", {START}, {END}, "colour": "red"}}'
        )

    @pytest.mark.parametrize(
        "service", [pytest.param("", id="missing"), pytest.param('"service": 7, ', id="number")]
    )
    def test_service_required(self, service: str) -> None:
        assert ("service", "this key is required (a name from 'services:')") == _one(
            f"{{{service}{START}, {END}}}"
        )

    def test_unknown_service_names_the_defined_ones_sorted(self) -> None:
        line = f'{{"service": "mail", {START}, {END}}}'

        assert [("service", 1, "unknown service 'mail'; defined: backup, shop")] == _problems(
            [line], services=("shop", "backup")
        )

    @pytest.mark.parametrize("key", ["start", "end"])
    def test_instant_required(self, key: str) -> None:
        line = f'{{"service": "shop", {START}, {END}}}'.replace(f'"{key}"', '"note"')

        assert (key, "this key is required") == _one(line)

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            pytest.param("5", "expected an ISO 8601 instant, got 5", id="number"),
            pytest.param('"soon"', "not an ISO 8601 instant: 'soon'", id="words"),
            pytest.param(
                '"2026-11-03T10:00:00"',
                "'2026-11-03T10:00:00' has no time zone; write an offset such as"
                " 2026-11-03T10:00:00+01:00, or Z for UTC",
                id="naive",
            ),
        ],
    )
    def test_bad_instant(self, value: str, message: str) -> None:
        assert ("start", message) == _one(f'{{"service": "shop", "start": {value}, {END}}}')

    def test_bad_announcement(self) -> None:
        line = f'{{"service": "shop", {START}, {END}, "announced_at": "later"}}'

        assert ("announced_at", "not an ISO 8601 instant: 'later'") == _one(line)

    def test_unknown_kind(self) -> None:
        expected = (
            "unknown kind 'sabotage'; use one of unplanned, planned, customer_caused, force_majeure"
        )

        assert ("kind", expected) == _one(
            f'{{"service": "shop", {START}, {END}, "kind": "sabotage"}}'
        )

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            pytest.param("0", "must be more than 0 and at most 1, got 0", id="zero"),
            pytest.param("1.5", "must be more than 0 and at most 1, got 1.5", id="over"),
            pytest.param("-0.5", "must be more than 0 and at most 1, got -0.5", id="negative"),
            pytest.param("true", "expected a number in (0, 1], got True", id="bool"),
            pytest.param("null", "expected a number in (0, 1], got None", id="null"),
            pytest.param('"half"', "expected a number in (0, 1], got 'half'", id="words"),
            pytest.param("[1]", "expected a number in (0, 1], got [1]", id="list"),
            pytest.param("Infinity", "expected a number in (0, 1], got inf", id="infinity"),
            pytest.param('"-inf"', "expected a number in (0, 1], got '-inf'", id="minus-inf"),
            pytest.param('"NaN"', "expected a number in (0, 1], got 'NaN'", id="nan"),
        ],
    )
    def test_bad_impact(self, raw: str, message: str) -> None:
        assert ("impact", message) == _one(
            f'{{"service": "shop", {START}, {END}, "impact": {raw}}}'
        )

    @pytest.mark.parametrize(
        "end", ["2026-11-03T10:00:00+01:00", "2026-11-03T09:00:00+01:00"], ids=["equal", "before"]
    )
    def test_end_not_after_start(self, end: str) -> None:
        expected = f"the outage ends ({end}) before or when it starts (2026-11-03T10:00:00+01:00)"

        assert ("end", expected) == _one(f'{{"service": "shop", {START}, "end": "{end}"}}')

    def test_one_second_is_enough(self) -> None:
        line = f'{{"service": "shop", {START}, "end": "2026-11-03T10:00:01+01:00"}}'

        [outage] = read_outages([line])

        assert timedelta(seconds=1) == outage.end - outage.start

    def test_every_problem_of_every_line(self) -> None:
        lines = [
            '{"service": "shop", "kind": "x", "impact": 2}',
            "nope",
            f'{{"service": "shop", {START}, {END}}}',
            '{"service": "shop"}',
        ]

        found = _problems(lines, source="o.jsonl")

        assert [
            ("start", 1, "this key is required"),
            ("end", 1, "this key is required"),
            (
                "kind",
                1,
                "unknown kind 'x'; use one of unplanned, planned, customer_caused, force_majeure",
            ),
            ("impact", 1, "must be more than 0 and at most 1, got 2"),
        ] == found[:4]
        assert ("", 2) == found[4][:2]
        assert [("start", 4), ("end", 4)] == [p[:2] for p in found[5:]]


class TestPythonOutages:
    def test_messages_name_the_outage_by_id(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")

        with pytest.raises(ValueError) as exc:
            Outage("shop", start, start, id="INC-9")

        assert (
            "outage 'INC-9': end: the outage ends (2026-11-03T10:00:00+01:00) before or when it"
            " starts (2026-11-03T10:00:00+01:00)"
        ) == str(exc.value)

    def test_without_an_id_the_message_starts_with_the_field(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")

        with pytest.raises(ValueError) as exc:
            Outage("shop", start, start + timedelta(hours=1), impact=Fraction(0))

        assert "impact: must be more than 0 and at most 1, got 0" == str(exc.value)

    def test_kind_and_naive_announcement(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")
        end = start + timedelta(hours=1)

        with pytest.raises(ValueError) as kind:
            Outage("shop", start, end, kind="oops", id="a")  # type: ignore[arg-type]
        with pytest.raises(NaiveDatetimeError) as naive:
            Outage("shop", start, end, announced_at=datetime(2026, 11, 1), id="a")  # noqa: DTZ001

        assert (
            "outage 'a': kind: unknown kind 'oops'; use one of unplanned, planned,"
            " customer_caused, force_majeure"
        ) == str(kind.value)
        assert (
            "outage 'a': announced_at: needs a time zone, got datetime.datetime(2026, 11, 1, 0, 0);"
            " write an offset such as +01:00"
        ) == str(naive.value)

    @pytest.mark.parametrize(
        "impact", [Fraction(0), Fraction(-1, 2), Fraction(3, 2), 1.5, 2], ids=str
    )
    def test_impact_out_of_range(self, impact: object) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")

        with pytest.raises(ValueError) as exc:
            Outage("shop", start, start + timedelta(hours=1), impact=impact)  # type: ignore[arg-type]

        assert f"impact: must be more than 0 and at most 1, got {impact}" == str(exc.value)

    @pytest.mark.parametrize(
        ("impact", "exact"),
        [(0.1, Fraction(1, 10)), (Fraction(1, 3), Fraction(1, 3)), (1, Fraction(1))],
        ids=str,
    )
    def test_impact_kept_exact(self, impact: object, exact: Fraction) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")

        outage = Outage("shop", start, start + timedelta(hours=1), impact=impact)  # type: ignore[arg-type]

        assert exact == outage.impact

    def test_minutes_are_whole(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")

        assert 2 == Outage("shop", start, start + timedelta(seconds=179)).minutes


class TestLoadFile:
    def test_reads_a_file_and_names_its_lines(self, tmp_path: Path) -> None:
        path = tmp_path / "outages.jsonl"
        path.write_text(
            f'{{"service": "shop", {START}, {END}}}\n\n{{"service": "mail", {START}, {END}}}\n',
            encoding="utf-8",
        )

        found = load_outages(path, services=["shop", "mail"])

        assert [f"{path}:1", f"{path}:3"] == [o.where for o in found]
        assert ["shop", "mail"] == [o.service for o in found]

    def test_problems_name_the_file(self, tmp_path: Path) -> None:
        path = tmp_path / "outages.jsonl"
        path.write_text(f'{{"service": "mail", {START}, {END}}}\n', encoding="utf-8")

        with pytest.raises(PolicyFileError) as exc:
            load_outages(str(path), services=["shop"])

        assert str(path) == exc.value.source
        assert [("service", 1)] == [(p.path, p.line) for p in exc.value.problems]

    def test_a_missing_file(self, tmp_path: Path) -> None:
        path = tmp_path / "nowhere.jsonl"

        with pytest.raises(PolicyFileError) as exc:
            load_outages(path)

        assert str(path) == exc.value.source
        assert [("", None, "cannot read: No such file or directory")] == [
            (p.path, p.line, p.message) for p in exc.value.problems
        ]

    def test_utf8(self, tmp_path: Path) -> None:
        path = tmp_path / "outages.jsonl"
        path.write_bytes(f'{{"service": "shop", {START}, {END}, "note": "Störung"}}\n'.encode())

        assert 1 == len(load_outages(path))


def _ticket(
    name: str, created: str, priority: str = "P1", resolved: list[str] | None = None, **attrs: str
) -> list[TicketEvent]:
    at = datetime.fromisoformat
    events = [TicketEvent.created(at(created), priority=priority, ticket=name, attributes=attrs)]
    events += [TicketEvent.resolved(at(r), ticket=name) for r in resolved or []]
    return events


class TestOutagesFromTickets:
    def test_created_to_first_resolve(self) -> None:
        # Given out of order: the first resolve after creation ends the outage.
        events = _ticket("INC-1", "2026-11-03T10:00+01:00", resolved=["2026-11-03T12:00+01:00"])
        events += _ticket("INC-1", "2026-11-03T10:00+01:00", resolved=["2026-11-03T11:30+01:00"])[
            1:
        ]

        [outage] = outages_from_tickets([events[::-1]], service="shop")

        assert ("shop", "INC-1", "unplanned", Fraction(1)) == (
            outage.service,
            outage.id,
            outage.kind,
            outage.impact,
        )
        assert (
            datetime.fromisoformat("2026-11-03T10:00+01:00"),
            datetime.fromisoformat("2026-11-03T11:30+01:00"),
        ) == (outage.start, outage.end)

    def test_only_the_priority_asked(self) -> None:
        p1 = _ticket("a", "2026-11-03T10:00+01:00", resolved=["2026-11-03T11:00+01:00"])
        p2 = _ticket("b", "2026-11-03T10:00+01:00", "P2", resolved=["2026-11-03T11:00+01:00"])

        assert ["a"] == [o.id for o in outages_from_tickets([p1, p2], service="shop")]
        assert ["a"] == [o.id for o in outages_from_tickets([p2, p1], service="shop")]
        assert ["b"] == [
            o.id for o in outages_from_tickets([p1, p2], service="shop", priority="P2")
        ]

    def test_attributes_must_all_match(self) -> None:
        both = _ticket(
            "a",
            "2026-11-03T10:00+01:00",
            resolved=["2026-11-03T11:00+01:00"],
            team="ops",
            site="fra",
        )
        one = _ticket(
            "b",
            "2026-11-03T10:00+01:00",
            resolved=["2026-11-03T11:00+01:00"],
            team="ops",
            site="ber",
        )
        bare = _ticket("c", "2026-11-03T10:00+01:00", resolved=["2026-11-03T11:00+01:00"])

        found = outages_from_tickets(
            [one, bare, both], service="shop", attributes={"team": "ops", "site": "fra"}
        )

        assert ["a"] == [o.id for o in found]
        assert ["a", "b", "c"] == [
            o.id for o in outages_from_tickets([both, one, bare], service="shop", attributes={})
        ]

    def test_open_ticket_runs_to_until_or_is_left_out(self) -> None:
        events = _ticket("a", "2026-11-03T10:00+01:00")
        until = datetime.fromisoformat("2026-11-03T13:00+01:00")

        assert [] == outages_from_tickets([events], service="shop")
        done = _ticket("b", "2026-11-03T10:00+01:00", resolved=["2026-11-03T11:00+01:00"])
        assert ["b"] == [o.id for o in outages_from_tickets([events, done], service="shop")]
        [outage] = outages_from_tickets([events], service="shop", until=until)
        assert until == outage.end
        assert [] == outages_from_tickets(
            [events], service="shop", until=datetime.fromisoformat("2026-11-03T10:00+01:00")
        )

    def test_a_resolve_at_creation_is_not_an_end(self) -> None:
        events = _ticket("a", "2026-11-03T10:00+01:00", resolved=["2026-11-03T10:00+01:00"])
        until = datetime.fromisoformat("2026-11-03T12:00+01:00")

        [outage] = outages_from_tickets([events], service="shop", until=until)

        assert until == outage.end

    def test_without_created_nothing(self) -> None:
        resolved = [
            TicketEvent.resolved(datetime.fromisoformat("2026-11-03T10:00+01:00"), ticket="a")
        ]

        assert [] == outages_from_tickets([resolved], service="shop")
