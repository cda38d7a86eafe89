"""Mutation testing, scoped per package: mutmut over a few modules with the matching fast tests.

Each package runs in its own scratch copy of the tree (``.mutation/<package>/``, ignored by
git) with a ``[tool.mutmut]`` table that mutates only that package's modules and selects only
its tests, one worker at a time, under ``nice``. Property tests run with the ``mutation``
Hypothesis profile (100 examples, derandomized, no example database), so that a run gives the
same figures twice. The summary table goes to ``docs/testing/mutation.md`` between two marker
lines; the list of equivalent mutants (one line of reasoning each) lives on that page too and
is read back from it.

    .venv/bin/python scripts/mutation.py budgets calendar clock contracts report
    .venv/bin/python scripts/mutation.py --summary-only   # rewrite the table from earlier runs

Needs the ``mutation`` extra (``pip install -e '.[dev,mutation]'``). Linux only (mutmut forks).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRATCH = ROOT / ".mutation"
PAGE = ROOT / "docs" / "testing" / "mutation.md"
#: Each package's last results (mutant -> mutmut's word), kept under version control so that
#: the table can be rebuilt on a machine where the scratch trees are gone.
KEPT = ROOT / "docs" / "testing" / "mutation-results"
BEGIN, END = "<!-- mutation-summary:begin -->", "<!-- mutation-summary:end -->"


@dataclass(frozen=True)
class Scope:
    modules: tuple[str, ...]
    tests: tuple[str, ...]


SRC = "src/slaclock/"
SCOPES = {
    "budgets": Scope(
        (SRC + "budgets.py",), ("tests/test_budgets.py", "tests/test_budgets_edges.py")
    ),
    "calendar": Scope(
        tuple(SRC + f"calendar/{m}.py" for m in ("engine", "days", "compile")),
        ("tests/calendar",),
    ),
    "clock": Scope(
        tuple(SRC + f"clock/{m}.py" for m in ("walk", "measure", "ledger")),
        ("tests/clock",),
    ),
    "contracts": Scope(
        tuple(
            SRC + f"contracts/{m}.py"
            for m in ("terms", "measure", "statement", "outages", "periods")
        ),
        ("tests/contracts",),
    ),
    # The figures of reports and reviews; the HTML pages (htmlpage, *_html) draw them and are
    # checked in a browser, not here.
    "report": Scope(
        tuple(
            SRC + f"report/{m}.py"
            for m in (
                "aggregate",
                "attainment",
                "build",
                "cells",
                "model",
                "options",
                "periods",
                "review",
                "suggest",
                "tables",
            )
        ),
        # The browser test drives Chromium: slow, and it checks drawing, not figures.
        ("tests/report", "--deselect", "tests/report/test_report_html.py::TestInBrowser"),
    ),
}


def toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def prepare(name: str, scope: Scope, fresh: bool) -> Path:
    """The scratch tree for `name`: src, tests and pyproject with its own mutmut table."""
    work = SCRATCH / name
    if fresh and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    junk = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for part in ("src", "tests"):
        if (work / part).exists():
            shutil.rmtree(work / part)
        shutil.copytree(ROOT / part, work / part, ignore=junk)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[tool\.mutmut\].*?(?=^\[|\Z)", "", text)
    text += (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {toml_list(scope.modules)}\n"
        f"pytest_add_cli_args_test_selection = {toml_list(scope.tests)}\n"
        'pytest_add_cli_args = ["-p", "no:randomly", "-q"]\n'
        # A mutant that loops forever is stopped after 4x its tests' usual time (mutmut's
        # 15x spends most of a run waiting on a handful of loops).
        "timeout_multiplier = 4.0\n"
    )
    (work / "pyproject.toml").write_text(text, encoding="utf-8")
    return work


def run(name: str, work: Path, only: list[str], children: int = 1) -> None:
    env = dict(os.environ, HYPOTHESIS_PROFILE="mutation")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    cmd = ["nice", "-n", "19", mutmut, "run", "--max-children", str(children), *only]
    print(f"== {name}: {' '.join(cmd)} (in {work})", flush=True)
    subprocess.run(cmd, cwd=work, env=env, check=False)


#: mutmut's result words, grouped into the columns of the table.
COLUMNS = {
    "killed": "killed",
    "survived": "survived",
    "timeout": "timed out",
    "suspicious": "timed out",
    "no tests": "no tests",
    "segfault": "killed",
    "caught by type check": "killed",
    "not checked": "not run yet",
}


def results(work: Path) -> dict[str, str]:
    """Each mutant's result word, from ``mutmut results --all true``."""
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    out = subprocess.run(
        [mutmut, "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    found: dict[str, str] = {}
    for line in out.splitlines():
        key, sep, word = line.strip().rpartition(": ")
        if sep and "__mutmut_" in key:
            found[key] = word.strip()
    return found


def kept(name: str) -> dict[str, str]:
    """The results recorded for `name` by an earlier run, or nothing."""
    path = KEPT / f"{name}.json"
    if not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))["results"]
    return data


def keep(name: str, found: dict[str, str]) -> None:
    """Record `found` for `name`, with the commit the tree was at."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    KEPT.mkdir(parents=True, exist_ok=True)
    body = {"package": name, "commit": commit, "results": dict(sorted(found.items()))}
    (KEPT / f"{name}.json").write_text(
        json.dumps(body, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def latest(name: str) -> dict[str, str]:
    """The scratch tree's results over the kept ones (and records them), else the kept ones."""
    work = SCRATCH / name
    earlier = kept(name)
    if (work / "mutants").exists():
        found = results(work)
        if found:
            # A partial run (``--only``) leaves the other mutants "not checked": their earlier
            # results stand. Mutants the tree no longer has (a function that changed and has
            # fewer now) are dropped.
            for mutant, word in earlier.items():
                if found.get(mutant) == "not checked":
                    found[mutant] = word
            if found != earlier:  # unchanged results keep the commit they were made on
                keep(name, found)
            return found
    return earlier


def equivalents() -> dict[str, str]:
    """Mutants listed on the page as equivalent: ``- `name`: reason`` lines."""
    if not PAGE.exists():
        return {}
    pattern = re.compile(r"^- `([^`]+__mutmut_\d+)`: (.+)$")
    return {
        m.group(1): m.group(2)
        for line in PAGE.read_text().splitlines()
        if (m := pattern.match(line))
    }


def module_of(mutant: str) -> str:
    return mutant.split(".x_")[0].split(".xǁ")[0]


def recorded_rows() -> dict[str, list[str]]:
    """The table rows already on the page, by package."""
    if not PAGE.exists():
        return {}
    text = PAGE.read_text(encoding="utf-8")
    inside = text.partition(BEGIN)[2].partition(END)[0]
    rows: dict[str, list[str]] = {}
    for line in inside.splitlines()[2:]:
        name = line.strip("| ").split(" |")[0]
        if name:
            rows.setdefault(name, []).append(line)
    return rows


def table(names: list[str]) -> str:
    same = equivalents()
    earlier = recorded_rows()
    rows = [
        "| package | module | mutants | killed | survived | timed out | no tests | equivalent "
        "| not run yet | score |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        found = latest(name)
        if not found:
            # Nothing on this machine: keep what the page recorded from an earlier run.
            rows.extend(earlier.get(name, [f"| {name} | (not run) | | | | | | | | |"]))
            continue
        by_module: dict[str, dict[str, int]] = {}
        for mutant, word in found.items():
            column = "equivalent" if mutant in same else COLUMNS.get(word, word)
            counts = by_module.setdefault(module_of(mutant), {})
            counts[column] = counts.get(column, 0) + 1
        for module, counts in sorted(by_module.items()):
            total = sum(counts.values())
            # Scored over the mutants tried: those not run yet are left out, not passed.
            counted = total - counts.get("equivalent", 0) - counts.get("not run yet", 0)
            caught = counts.get("killed", 0) + counts.get("timed out", 0)
            score = f"{100 * caught / counted:.1f} %" if counted else "–"
            cells = [
                counts.get(c, 0)
                for c in (
                    "killed",
                    "survived",
                    "timed out",
                    "no tests",
                    "equivalent",
                    "not run yet",
                )
            ]
            rows.append(
                f"| {name} | `{module}` | {total} | "
                + " | ".join(map(str, cells))
                + f" | {score} |"
            )
    return "\n".join(rows)


def write_page(names: list[str]) -> None:
    text = PAGE.read_text(encoding="utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    PAGE.write_text(f"{head}{BEGIN}\n{table(names)}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", choices=[*SCOPES, []], default=[])
    parser.add_argument("--summary-only", action="store_true", help="only rewrite the table")
    parser.add_argument("--resume", action="store_true", help="keep earlier results of a package")
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="run only the mutants whose names match (e.g. 'slaclock.clock.measure*')",
    )
    parser.add_argument(
        "--children",
        type=int,
        default=1,
        help="mutants run at once (default 1; more finish sooner on an idle machine, but a"
        " mutant's time limit is 4x its tests' time measured alone, so a busy machine can"
        " turn slow survivors into timeouts)",
    )
    parser.add_argument(
        "--only-file",
        metavar="FILE",
        help="run only the mutants named in FILE, one a line (e.g. the survivors of a run)",
    )
    args = parser.parse_args()
    if args.only_file:
        args.only += Path(args.only_file).read_text(encoding="utf-8").split()
    chosen = args.packages or list(SCOPES)
    if not args.summary_only:
        for name in chosen:
            run(
                name,
                prepare(name, SCOPES[name], fresh=not args.resume),
                args.only,
                args.children,
            )
    write_page(list(SCOPES))


if __name__ == "__main__":
    main()
