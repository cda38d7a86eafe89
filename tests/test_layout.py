"""The house rules of the package layout that import-linter cannot see: private names stay in
their package, modules stay readable in size, and ``import slaclock`` stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "slaclock"
LIMIT = 600


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def package_of(module: str) -> str:
    """The top-level package (or module) of slaclock that a dotted name belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def dotted(path: Path) -> str:
    relative = path.relative_to(SRC.parent).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) for every ``from X import name`` of a slaclock module."""
    here = dotted(path)
    is_package = path.name == "__init__.py"
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom):
            continue
        if node.level:
            base = here.split(".")
            base = base[: len(base) - node.level + (1 if is_package else 0)]
            module = ".".join([*base, *([node.module] if node.module else [])])
        else:
            module = node.module or ""
        if module == "slaclock" or module.startswith("slaclock."):
            found.extend((node.lineno, module, alias.name) for alias in node.names)
    return found


class TestPrivateNames:
    def test_no_private_name_crosses_a_package(self) -> None:
        crossings = []
        for path in modules():
            mine = package_of(dotted(path))
            for line, module, name in imported_names(path):
                theirs = package_of(module)
                private = name.startswith("_") or any(
                    part.startswith("_") and part != "_kernel" and part != "_typing"
                    for part in module.split(".")[1:]
                )
                if private and theirs not in (mine, "_kernel"):
                    crossings.append(f"{path.relative_to(SRC)}:{line}: {module}.{name}")

        assert [] == crossings

    def test_the_check_sees_a_crossing(self, tmp_path: Path) -> None:
        probe = SRC / "clock" / "probe.py"
        probe.write_text("from ..calendar.engine import _GROW\n", encoding="utf-8")
        try:
            found = imported_names(probe)
        finally:
            probe.unlink()

        assert [(1, "slaclock.calendar.engine", "_GROW")] == found


class TestModuleSize:
    @pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
    def test_a_long_module_says_why(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        head = "\n".join(lines[:12]).lower()

        assert len(lines) <= LIMIT or "one module" in head


class TestLightImport:
    def run(self, code: str) -> set[str]:
        out = subprocess.run(
            [sys.executable, "-c", f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"],
            capture_output=True,
            text=True,
            check=True,
        )
        return set(out.stdout.split())

    def test_import_slaclock_imports_no_dependency(self) -> None:
        loaded = self.run("import slaclock")

        assert set() == loaded & {"pydantic", "yaml", "holidays", "pendulum", "dateutil"}

    def test_a_calendar_made_in_python_builds_no_pydantic_model(self) -> None:
        loaded = self.run(
            "from datetime import datetime, timedelta\n"
            "from slaclock import BusinessCalendar\n"
            "cal = BusinessCalendar.weekdays('09:00', '17:00', tz='Europe/Berlin')\n"
            "cal.add(datetime.fromisoformat('2026-12-03T10:00+01:00'), timedelta(hours=4))"
        )

        assert set() == loaded & {"pydantic", "yaml", "holidays", "pendulum"}

    def test_evaluating_a_set_made_in_python_builds_no_pydantic_model(self) -> None:
        loaded = self.run(
            "from datetime import datetime, timedelta\n"
            "from slaclock import BusinessCalendar, PolicySet, SlaPolicy, Target, TicketEvent\n"
            "from slaclock import BusinessTime, evaluate\n"
            "cal = BusinessCalendar.weekdays('09:00', '17:00', tz='Europe/Berlin')\n"
            "target = Target('resolution', BusinessTime(timedelta(hours=8)), cal, 'office')\n"
            "policy = SlaPolicy('p', cal, 'office', {'*': {'resolution': target}})\n"
            "t = datetime.fromisoformat('2026-12-03T10:00+01:00')\n"
            "evaluate(PolicySet((policy,)), [TicketEvent.created(t, 'P2')], t)"
        )

        assert set() == loaded & {"pydantic", "yaml", "holidays", "pendulum"}

    def test_the_pytest_plugin_loads_nothing_of_slaclock_until_a_fixture_runs(self) -> None:
        # pytest loads the plugin in every run of any project that has slaclock installed.
        loaded = self.run("import slaclock.testing.pytest_plugin")

        slaclock = {name for name in loaded if name.startswith("slaclock.")}
        assert slaclock == {"slaclock.testing", "slaclock.testing.pytest_plugin"}

    def test_the_help_screen_loads_no_dependency_and_no_engine(self) -> None:
        # Every subcommand's options are built for --help: none may import the heavy parts.
        loaded = self.run(
            "from slaclock.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
        )

        assert set() == loaded & {"pydantic", "yaml", "holidays", "pendulum", "dateutil"}
        assert not {
            name for name in loaded if name.startswith(("slaclock.clock", "slaclock.config"))
        }
