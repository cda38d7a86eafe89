"""The conventions every subcommand keeps: help and examples, exit codes, one-line warnings,
one JSON document, options that fit the format, typed --attr values, what `calendar`
accepts, and events errors that name the file, the line and the ticket."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from slaclock.cli.conventions import (
    EXIT_CODES,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    one_line_warnings,
    parse_attrs,
)
from slaclock.cli.main import _parser, main
from slaclock.errors import HolidayDataWarning

DATA = Path(__file__).parents[2] / "src" / "slaclock" / "data"
POLICY = str(DATA / "demo_policy.yaml")
CONTRACT = str(DATA / "demo_contract.yaml")
EVENTS = str(DATA / "demo_tickets.jsonl")
NOW = "2026-11-30T11:00+01:00"


def subcommands() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    parser = _parser()
    yield "slaclock", parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from ((f"slaclock {n}", p) for n, p in action.choices.items())


def actions() -> Iterator[tuple[str, argparse.Action]]:
    for name, parser in subcommands():
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction):
                yield name, action


class TestHelp:
    def test_every_argument_and_option_has_help(self) -> None:
        missing = [
            f"{name} {action.option_strings or action.dest}"
            for name, action in actions()
            if not action.help
        ]

        assert [] == missing

    def test_every_subcommand_has_examples_and_the_exit_codes(self) -> None:
        missing = [
            name
            for name, parser in subcommands()
            if not (parser.epilog or "").startswith("examples:\n  slaclock ")
            or "exit codes:\n  0  success" not in (parser.epilog or "")
        ]

        assert [] == missing

    def test_required_options_are_marked_required(self) -> None:
        # argparse marks them in the usage line; the help line says so too.
        wrong = [
            f"{name} {action.option_strings}"
            for name, action in actions()
            if action.option_strings
            and action.help
            and action.required != ("(required" in action.help and "unless" not in action.help)
        ]

        assert [] == wrong

    def test_the_examples_stay_as_written(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit):
            main(["due", "--help"])

        out = capsys.readouterr().out
        assert "examples:\n  slaclock due policies.yaml --priority P2" in out
        assert "\n  2  the command cannot run as asked" in out


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "slaclock", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def code_of(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    return code, capsys.readouterr().err


MISSING = "/nonexistent/missing.yaml"
MISSING_EVENTS = "/nonexistent/missing.jsonl"


class TestExitCodes:
    def test_the_codes_are_0_1_2(self) -> None:
        assert [0, 1, 2] == [code for code, _ in EXIT_CODES] == [EXIT_OK, EXIT_INVALID, EXIT_USAGE]

    def test_0_success(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert (0, "") == code_of(["check", POLICY], capsys)

    def test_1_a_policy_file_with_problems(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        broken = tmp_path / "p.yaml"
        broken.write_text("policies: [{name: a, calendar: 24x7, targets: {P1: {resolution: 0m}}}]")

        code, err = code_of(["check", str(broken)], capsys)

        assert (1, True) == (code, "p.yaml:1: policies[0].targets.P1.resolution" in err)

    def test_1_events_that_cannot_be_evaluated(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        events = tmp_path / "e.jsonl"
        events.write_text('{"ticket": "a", "type": "resolved", "at": "2026-11-23T10:00Z"}\n')

        code, _ = code_of(["evaluate", POLICY, str(events), "--now", NOW], capsys)

        assert 1 == code

    @pytest.mark.parametrize(
        "argv",
        [
            pytest.param(["check", MISSING], id="check-policy"),
            pytest.param(["due", MISSING, "--priority", "P1", "--created", NOW], id="due-policy"),
            pytest.param(["evaluate", MISSING, EVENTS, "--now", NOW], id="evaluate-policy"),
            pytest.param(["evaluate", POLICY, MISSING_EVENTS, "--now", NOW], id="evaluate-events"),
            pytest.param(["report", MISSING, EVENTS, "--now", NOW], id="report-policy"),
            pytest.param(["report", POLICY, MISSING_EVENTS, "--now", NOW], id="report-events"),
            pytest.param(["review", POLICY, MISSING, EVENTS, "--now", NOW], id="review-policy"),
            pytest.param(
                ["review", POLICY, POLICY, MISSING_EVENTS, "--now", NOW], id="review-events"
            ),
            pytest.param(["suggest", MISSING, EVENTS, "--now", NOW], id="suggest-policy"),
            pytest.param(["suggest", POLICY, MISSING_EVENTS, "--now", NOW], id="suggest-events"),
            pytest.param(["statement", MISSING, "--period", "2026-11"], id="statement-policy"),
            pytest.param(
                ["statement", CONTRACT, "--period", "2026-11", "--events", MISSING_EVENTS],
                id="statement-events",
            ),
            pytest.param(
                ["statement", CONTRACT, "--period", "2026-11", "--outages", MISSING_EVENTS],
                id="statement-outages",
            ),
            pytest.param(
                ["calendar", MISSING, "x", "--from", NOW, "--to", NOW], id="calendar-policy"
            ),
        ],
    )
    def test_2_an_input_file_that_cannot_be_read_whichever_it_is(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, err = code_of(argv, capsys)

        assert (2, True) == (
            code,
            "missing.yaml: cannot read the" in err or "missing.jsonl: cannot read the" in err,
        ), err

    @pytest.mark.parametrize(
        "argv",
        [
            pytest.param(["evaluate", POLICY, EVENTS, "--tomorrow"], id="unknown-option"),
            pytest.param(["evaluate", POLICY, EVENTS], id="missing-now"),
            pytest.param(
                ["due", POLICY, "--priority", "P1", "--created", "2026-11-30T10:00"], id="naive"
            ),
        ],
    )
    def test_2_a_wrong_command_line(
        self, argv: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, err = code_of(argv, capsys)

        assert (2, True) == (code, "slaclock: error:" in err)


class TestWarnings:
    def test_a_warning_is_one_line_on_standard_error(self) -> None:
        # DE-BE holiday data ends in 2100: a ticket in 2101 is warned about.
        result = run("due", POLICY, "--priority", "P2", "--created", "2101-03-02T10:00+01:00")

        assert 0 == result.returncode
        lines = result.stderr.splitlines()
        assert (1, True) == (
            len(lines),
            # The first year of the data depends on the holidays version (1990 or 1991).
            re.match(r"slaclock: warning: holiday data for DE-BE covers \d{4}–2100", lines[0])
            is not None,
        ), result.stderr

    def test_worker_processes_warn_on_one_line_too(self, tmp_path: Path) -> None:
        events = tmp_path / "events.jsonl"
        created = (
            '{"ticket": "%s", "type": "created", "at": "2101-03-02T10:00+01:00", "priority": "P2"}'
        )
        events.write_text(f"{created % 'a'}\n{created % 'b'}\n")

        result = run(
            "evaluate", POLICY, str(events), "--now", "2101-03-05T10:00+01:00", "--workers", "2"
        )

        lines = result.stderr.splitlines()
        assert (0, True) == (
            result.returncode,
            bool(lines)
            and all(line.startswith("slaclock: warning: holiday data") for line in lines),
        ), result.stderr

    def test_the_hook_names_a_foreign_warning_s_category(self) -> None:
        stream = io.StringIO()

        with one_line_warnings(stream):
            warnings.simplefilter("always")
            warnings.warn(HolidayDataWarning("no data\n  for 2101"), stacklevel=1)
            warnings.warn("old thing", DeprecationWarning, stacklevel=1)

        assert [
            "slaclock: warning: no data for 2101",
            "slaclock: warning: old thing (DeprecationWarning)",
        ] == stream.getvalue().splitlines()


def bad_events(tmp_path: Path) -> Path:
    events = tmp_path / "events.jsonl"
    created = (
        '{"ticket": "%s", "type": "created", "at": "2026-11-23T10:00:00+01:00", "priority": "P2"}'
    )
    events.write_text(
        "\n".join(
            [
                created % "a",
                created % "b",
                '{"ticket": "b", "type": "status_changed", "at": "2026-11-23T11:00:00+01:00"}',
            ]
        )
        + "\n"
    )
    return events


class TestEventErrorsNameFileLineAndTicket:
    @pytest.mark.parametrize(
        "command",
        [
            pytest.param(["evaluate", POLICY, "{events}", "--now", NOW], id="evaluate"),
            pytest.param(["report", POLICY, "{events}", "--now", NOW], id="report"),
            pytest.param(["review", POLICY, POLICY, "{events}", "--now", NOW], id="review"),
            pytest.param(["suggest", POLICY, "{events}", "--now", NOW], id="suggest"),
            pytest.param(
                ["statement", CONTRACT, "--period", "2026-11", "--events", "{events}"],
                id="statement",
            ),
        ],
    )
    def test_the_line_of_the_event_and_the_ticket(
        self, command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        events = bad_events(tmp_path)
        argv = [str(events) if part == "{events}" else part for part in command]

        code, err = code_of(argv, capsys)

        # Line 3 is ticket b's second event, the status change without a status.
        assert (1, f"slaclock: error: {events}:3: ticket 'b': event 1: a status_changed event") == (
            code,
            err[: len(f"slaclock: error: {events}:3: ticket 'b': event 1: a status_changed event")],
        )


class TestOneJsonDocument:
    def test_evaluate_json_is_one_array_of_the_tickets(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 0 == main(["evaluate", POLICY, EVENTS, "--now", NOW, "--format", "json"])

        tickets = json.loads(capsys.readouterr().out)
        assert ["friday-evening", "waiting", "p1-night", "late-reply", "reopened"] == [
            t["ticket"] for t in tickets
        ]

    def test_one_ticket_is_an_array_of_one_and_none_an_empty_array(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        one = tmp_path / "one.jsonl"
        one.write_text(Path(EVENTS).read_text().splitlines()[0] + "\n")
        empty = tmp_path / "empty.jsonl"
        empty.write_text("")

        main(["evaluate", POLICY, str(one), "--now", NOW, "--format", "json"])
        first = json.loads(capsys.readouterr().out)
        main(["evaluate", POLICY, str(empty), "--now", NOW, "--format", "json"])
        second = json.loads(capsys.readouterr().out)

        assert (1, []) == (len(first), second)

    def test_with_keep_going_the_array_holds_the_tickets_that_could_be_evaluated(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        events = bad_events(tmp_path)

        code = main(
            ["evaluate", POLICY, str(events), "--now", NOW, "--format", "json", "--keep-going"]
        )

        assert (1, ["a"]) == (code, [t["ticket"] for t in json.loads(capsys.readouterr().out)])

    def test_evaluate_jsonl_is_one_object_per_line(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        main(["evaluate", POLICY, EVENTS, "--now", NOW, "--format", "jsonl"])

        lines = capsys.readouterr().out.splitlines()
        assert [dict] * 5 == [type(json.loads(line)) for line in lines]

    @pytest.mark.parametrize(
        ("argv", "kind"),
        [
            pytest.param(["due", POLICY, "--priority", "P2", "--created", NOW], dict, id="due"),
            pytest.param(["report", "--demo"], dict, id="report"),
            pytest.param(["review", "--demo"], dict, id="review"),
            pytest.param(["suggest", "--demo"], dict, id="suggest"),
            pytest.param(["statement", "--demo"], list, id="statement"),
        ],
    )
    def test_every_json_format_is_one_document(
        self, argv: list[str], kind: type, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 0 == main([*argv, "--format", "json"])

        assert kind is type(json.loads(capsys.readouterr().out))


class TestOptionsFitTheFormat:
    @pytest.mark.parametrize(
        ("argv", "reason"),
        [
            pytest.param(
                ["evaluate", POLICY, EVENTS, "--now", NOW, "--format", "table", "--cycles"],
                "--cycles adds every cycle to json and jsonl output",
                id="evaluate-cycles-table",
            ),
            pytest.param(
                ["report", "--demo", "--outages", EVENTS],
                "--outages is read for the contract statements of --statement",
                id="report-outages-without-statement",
            ),
            pytest.param(
                ["report", "--demo", "--statement", "2026-11", "--format", "json"],
                "--statement adds statements to the HTML page",
                id="report-statement-json",
            ),
        ],
    )
    def test_an_option_the_format_cannot_honour_is_refused_with_a_reason(
        self, argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        code, err = code_of(argv, capsys)

        assert (2, True) == (code, reason in err), err

    @pytest.mark.parametrize(
        ("argv", "reason"),
        [
            pytest.param(
                ["report", "--demo", "--format", "json", "-o", "{dir}"],
                "a directory takes each table as its own file with --format csv",
                id="report-json-into-a-directory",
            ),
            pytest.param(
                ["suggest", "--demo", "--write-policy", "{dir}"],
                "is a directory; give the name of a file to write",
                id="suggest-policy-into-a-directory",
            ),
        ],
    )
    def test_an_output_that_cannot_be_written_is_refused(
        self,
        argv: list[str],
        reason: str,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        code, err = code_of([str(tmp_path) if a == "{dir}" else a for a in argv], capsys)

        assert (2, True) == (code, reason in err), err

    def test_ledger_is_honoured_by_every_format(self, capsys: pytest.CaptureFixture[str]) -> None:
        shown = []
        for form in ("table", "json", "jsonl"):
            main(["evaluate", POLICY, EVENTS, "--now", NOW, "--format", form, "--ledger"])
            out = capsys.readouterr().out
            shown.append("ledger" in out or "counted" in out)

        assert [True, True, True] == shown


class TestTypedAttributes:
    def test_the_rule(self) -> None:
        assert {"vip": "true", "flag": True, "seats": 3, "ratio": 0.5, "note": None, "s": "x"} == (
            parse_attrs(
                ["vip=true", "flag:=true", "seats:=3", "ratio:=0.5", "note:=null", 's:="x"']
            )
        )

    def test_a_value_may_hold_equals_signs(self) -> None:
        assert {"q": "a=b"} == parse_attrs(["q=a=b"])

    @pytest.mark.parametrize("item", ["vip", "=x", ":=3", "n:=three"])
    def test_a_malformed_item_is_a_usage_error(self, item: str) -> None:
        with pytest.raises(UsageError, match="--attr"):
            parse_attrs([item])

    def test_a_json_true_matches_a_boolean_match(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        policy = tmp_path / "p.yaml"
        policy.write_text(
            "policies:\n"
            "  - {name: vip, calendar: 24x7, match: {vip: true},\n"
            "     targets: {'*': {resolution: 1h}}}\n"
            "  - {name: other, calendar: 24x7, targets: {'*': {resolution: 8h}}}\n"
        )
        chosen = []
        for attr in ("vip:=true", "vip=true"):
            main(
                [
                    "due",
                    str(policy),
                    "--priority",
                    "P1",
                    "--created",
                    NOW,
                    "--attr",
                    attr,
                    "--format",
                    "json",
                ]
            )
            chosen.append(json.loads(capsys.readouterr().out)["policy"])

        assert ["vip", "other"] == chosen


class TestCalendarAcceptsWhatPoliciesAccept:
    def hours(self, argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
        assert 0 == main(["calendar", *argv])
        return capsys.readouterr().out.splitlines()[-1]

    def test_24x7_without_a_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["24x7", "--from", "2026-12-24T00:00Z", "--to", "2026-12-26T00:00Z"]

        assert "  total open time: 48h" == self.hours(argv, capsys)

    def test_a_calendar_of_a_file(self, capsys: pytest.CaptureFixture[str]) -> None:
        # berlin-office, Mon 30 Nov 2026: 09:00-12:30 and 13:30-17:30 is 7h30m.
        argv = [
            POLICY,
            "berlin-office",
            "--from",
            "2026-11-30T00:00+01:00",
            "--to",
            "2026-12-01T00:00+01:00",
        ]

        assert "  total open time: 7h30m" == self.hours(argv, capsys)

    def test_an_inline_calendar_with_its_holidays(self, capsys: pytest.CaptureFixture[str]) -> None:
        # Mon 13 and Tue 14 July 2026 in Paris: the 14th is the Fête nationale.
        inline = '{timezone: Europe/Paris, hours: {mon-fri: ["09:00-17:00"]}, holidays: FR}'
        argv = [inline, "--from", "2026-07-13T00:00+02:00", "--to", "2026-07-15T00:00+02:00"]

        assert "  total open time: 8h" == self.hours(argv, capsys)

    def test_an_inline_calendar_may_name_the_file_s_calendars(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        inline = "{union: [berlin-office, always]}"
        argv = [
            POLICY,
            inline,
            "--from",
            "2026-11-30T00:00+01:00",
            "--to",
            "2026-12-01T00:00+01:00",
        ]

        assert "  total open time: 24h" == self.hours(argv, capsys)

    def test_a_broken_inline_calendar_names_the_place(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        inline = '{timezone: Europe/Paris, hours: {mon-fri: ["09:00-17"]}}'

        code, err = code_of(["calendar", inline, "--from", NOW, "--to", NOW], capsys)

        assert (1, True) == (code, "calendar.hours.mon-fri[0]: malformed interval" in err)
