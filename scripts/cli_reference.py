"""Write the help screens of ``slaclock`` and each subcommand into docs/reference/cli.md.

The screens go between two markers of the page, so a reader sees exactly what
``slaclock COMMAND --help`` prints; ``--check`` exits 1 when the page is stale instead of
writing it (tests/cli/test_cli_reference.py runs it so).

    python scripts/cli_reference.py          # rewrite the screens in the page
    python scripts/cli_reference.py --check  # exit 1 if the page differs

argparse lays help out for the terminal's width and, across Python versions, a little
differently; the screens are rendered 88 columns wide and the begin marker records the
Python version they were rendered with.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

PAGE = Path(__file__).resolve().parents[1] / "docs" / "reference" / "cli.md"
WIDTH = 88
BEGIN = "<!-- help screens from scripts/cli_reference.py, Python {version}; do not edit -->"
END = "<!-- help screens: end -->"
_BEGIN = re.compile(
    r"<!-- help screens from scripts/cli_reference\.py, Python (\d+\.\d+); do not edit -->"
)


def version() -> str:
    return f"{sys.version_info.major}.{sys.version_info.minor}"


def screens() -> str:
    """Every help screen, as the Markdown between the markers."""
    from slaclock.cli.main import _parser

    parser = _parser()
    parts = [("slaclock", parser)]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            parts += [(f"slaclock {name}", sub) for name, sub in action.choices.items()]
    out = []
    before = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(WIDTH)  # argparse reads the width from the environment
    try:
        for name, sub in parts:
            text = sub.format_help().rstrip()
            out.append(f"### `{name} --help`\n\n```text\n{text}\n```\n")
    finally:
        if before is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = before
    return "\n".join(out)


def rendered(page: str) -> str:
    """`page` with its screens replaced by the current ones."""
    start = _BEGIN.search(page)
    end = page.find(END)
    if start is None or end < start.end():
        raise SystemExit(
            f"{PAGE}: the help screen markers are missing; add {END!r} after a begin marker"
        )
    head = BEGIN.format(version=version())
    return f"{page[: start.start()]}{head}\n\n{screens()}\n{page[end:]}"


def recorded_version(page: str) -> str | None:
    """The Python version the page's screens were rendered with."""
    found = _BEGIN.search(page)
    return None if found is None else found[1]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--check", action="store_true", help="exit 1 if the page is stale")
    check = args.parse_args(argv).check
    page = PAGE.read_text(encoding="utf-8")
    new = rendered(page)
    if check:
        if new != page:
            print(f"{PAGE} is stale: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
