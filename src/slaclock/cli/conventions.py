"""What every ``slaclock`` subcommand does the same way: exit codes, input files that cannot
be read, ``--attr`` values, warnings on standard error, and the examples under each help.

This module imports nothing heavy: ``slaclock --help`` and a usage error load it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from ..config import PolicySet

__all__ = [
    "EPILOGS",
    "EXIT_CODES",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "HelpFormatter",
    "UsageError",
    "finish_parser",
    "load_policy_file",
    "one_line_warnings",
    "parse_attrs",
    "readable",
    "show_warning",
    "write_output",
]

#: Success: the command did what was asked (``check`` found no problem).
EXIT_OK = 0
#: The input was read and is wrong: a policy file with problems, events that cannot be
#: evaluated, ``check --strict`` with warnings.
EXIT_INVALID = 1
#: The command could not run as asked: a wrong command line (unknown option, missing
#: argument, an instant without an offset, options that do not go together), or an input
#: file that cannot be read (missing, a directory, no permission), whichever file it is.
EXIT_USAGE = 2

#: The exit codes and what they mean, for help screens and the reference page.
EXIT_CODES = (
    (EXIT_OK, "success"),
    (
        EXIT_INVALID,
        "the input is wrong: a policy file with problems, events that cannot be evaluated,"
        " warnings with check --strict",
    ),
    (
        EXIT_USAGE,
        "the command cannot run as asked: a wrong command line, or an input file (policy,"
        " events, outages) that cannot be read",
    ),
)


class UsageError(Exception):
    """A command that cannot run as asked (exit 2); the message says why and what to do."""


def readable(path: str, what: str) -> None:
    """Refuse an input file that cannot be opened, in the same words for every file."""
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the {what}: {exc.strerror}") from None


def load_policy_file(path: str) -> PolicySet:
    """The policies of `path`; an unreadable file is a usage error (exit 2) like any other
    input file, a file with problems a `PolicyFileError` (exit 1)."""
    from ..config import load_policies

    readable(path, "policy file")
    return load_policies(path)


def write_output(path: str, text: str) -> None:
    """Write `text` to the file `-o`/``--write-policy`` names, or say why it cannot be."""
    from pathlib import Path

    try:
        Path(path).write_text(text, encoding="utf-8")
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory; give the name of a file to write") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write the file: {exc.strerror}") from None
    print(f"wrote {path} ({len(text.encode()):,} bytes)", file=sys.stderr)


def parse_attrs(items: Sequence[str]) -> dict[str, Any]:
    """Ticket attributes from ``--attr`` values.

    ``KEY=VALUE`` gives the text VALUE; ``KEY:=JSON`` reads the value as JSON, for other
    types (as httpie does).

    >>> parse_attrs(["tier=gold", "vip=true", "vip_flag:=true", "seats:=3", "note:=null"])
    {'tier': 'gold', 'vip': 'true', 'vip_flag': True, 'seats': 3, 'note': None}
    """
    attrs: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip(" :"):
            raise UsageError(
                f"--attr: expected KEY=VALUE (text) or KEY:=JSON (true, 3, null), got {item!r}"
            )
        if key.endswith(":"):
            key = key[:-1]
            try:
                attrs[key.strip()] = json.loads(value)
            except ValueError:
                raise UsageError(
                    f"--attr: {key.strip()}:= takes a JSON value (true, false, 3, 2.5, null,"
                    f' "text"), got {value!r}; for text write {key.strip()}={value}'
                ) from None
        else:
            attrs[key.strip()] = value
    return attrs


def show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """`warnings.showwarning` for the command line: ``slaclock: warning: …`` on one line of
    standard error (or `file`), with the category when it is not slaclock's own."""
    from ..errors import SlaclockWarning

    text = " ".join(str(message).split())
    if not issubclass(category, SlaclockWarning):
        text += f" ({category.__name__})"
    # One write per line: worker processes share standard error, and print() would write
    # the line and its newline apart, letting two workers' lines run together.
    stream = file or sys.stderr
    stream.write(f"slaclock: warning: {text}\n")
    stream.flush()


@contextmanager
def one_line_warnings(stream: TextIO | None = None) -> Iterator[None]:
    """Show each warning as one line, ``slaclock: warning: …``, while the block runs (also in
    the worker processes of ``--workers``, which take the form from here).

    The default form names the file and line of the code that warned, inside the installed
    package, and repeats that line of code: of no use to someone running a command.
    """
    import warnings

    def to_stream(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        show_warning(message, category, filename, lineno, stream)

    with warnings.catch_warnings():
        warnings.showwarning = show_warning if stream is None else to_stream
        yield


#: The examples under each subcommand's help (``slaclock NAME --help``).
EPILOGS = {
    "demo": """\
examples:
  slaclock demo
  slaclock demo --now 2026-12-01T09:00+01:00""",
    "presets": """\
examples:
  slaclock presets
  slaclock presets zammad           # one preset, with where each value comes from""",
    "check": """\
examples:
  slaclock check policies.yaml
  slaclock check --strict policies.yaml     # exit 1 on warnings too (for CI)""",
    "due": """\
examples:
  slaclock due policies.yaml --priority P2 --created 2026-11-27T16:30+01:00
  slaclock due policies.yaml --priority P1 --created 2026-11-27T16:30+01:00 \\
      --attr customer_tier=enterprise --attr vip:=true --format json

--attr KEY=VALUE sets the text VALUE; KEY:=JSON reads the value as JSON, so
vip:=true is the boolean true, seats:=3 the number 3 and note:=null is null,
while vip=true is the text "true".""",
    "evaluate": """\
examples:
  slaclock evaluate policies.yaml events.jsonl --now 2026-11-30T11:00+01:00
  slaclock evaluate policies.yaml events.jsonl --now 2026-11-30T11:00Z --format json
  cat events.jsonl | slaclock evaluate policies.yaml - --now 2026-11-30T11:00Z

--format jsonl writes one JSON object per ticket per line; json writes one JSON
document, an array of the tickets; table a summary for people.""",
    "calendar": """\
examples:
  slaclock calendar policies.yaml berlin-office \\
      --from 2026-12-21T00:00+01:00 --to 2026-12-28T00:00+01:00
  slaclock calendar 24x7 --from 2026-12-24T00:00Z --to 2026-12-25T00:00Z
  slaclock calendar '{timezone: Europe/Paris, hours: {mon-fri: ["09:00-17:00"]}, holidays: FR}' \\
      --from 2026-07-13T00:00+02:00 --to 2026-07-15T00:00+02:00""",
    "schema": """\
examples:
  slaclock schema > slaclock-policy.schema.json
  # then, on the first line of a policy file:
  # yaml-language-server: $schema=./slaclock-policy.schema.json""",
    "statement": """\
examples:
  slaclock statement --demo
  slaclock statement policies.yaml --period 2026-11 --outages outages.jsonl --events events.jsonl
  slaclock statement policies.yaml --period 2026-Q4 --contract acme --format json""",
    "report": """\
examples:
  slaclock report --demo
  slaclock report policies.yaml events.jsonl --now 2026-12-01T00:00+01:00 --by priority
  slaclock report policies.yaml events.jsonl --now 2026-12-01T00:00Z \\
      --format html -o report.html""",
    "review": """\
examples:
  slaclock review --demo
  slaclock review policies.yaml proposed.yaml events.jsonl --now 2026-12-01T00:00Z
  slaclock review policies.yaml policies.yaml events.jsonl --now 2026-12-01T00:00Z \\
      --current-version 2026-01-01 --proposed-version 2026-07-01""",
    "suggest": """\
examples:
  slaclock suggest --demo
  slaclock suggest policies.yaml events.jsonl --now 2026-12-01T00:00Z --share 90%
  slaclock suggest policies.yaml events.jsonl --now 2026-12-01T00:00Z --write-policy new.yaml""",
}


def _exit_codes() -> str:
    import textwrap

    rows = [
        textwrap.fill(meaning, 78, initial_indent=f"  {code}  ", subsequent_indent="     ")
        for code, meaning in EXIT_CODES
    ]
    return "exit codes:\n" + "\n".join(rows)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions wrapped to the terminal as usual; an epilog (examples, exit codes) laid
    out as written, since argparse would run its lines together."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text:
            return super()._fill_text(text, width, indent)
        return argparse.HelpFormatter._fill_text(self, text, width, indent)


def finish_parser(parser: argparse.ArgumentParser) -> None:
    """Give the command and each subcommand its examples and the exit codes, laid out as
    written (argparse would rewrap them)."""
    parser.formatter_class = HelpFormatter
    parser.epilog = (
        "examples:\n"
        "  slaclock demo\n"
        "  slaclock check policies.yaml\n"
        "  slaclock evaluate policies.yaml events.jsonl --now 2026-11-30T11:00+01:00\n\n"
        "Run 'slaclock COMMAND --help' for a command's options and examples.\n\n" + _exit_codes()
    )
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                sub.formatter_class = HelpFormatter
                examples = EPILOGS.get(name)
                if examples is not None:
                    sub.epilog = f"{examples}\n\n{_exit_codes()}"
