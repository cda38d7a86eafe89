"""The ``calendars:`` section of a policy file: every calendar, with names used in unions,
intersections and complements resolved in any order.

`collect_calendars` builds every calendar it can and reports each problem once (a calendar
that refers to a broken one is left out without a second message); policy files and contract
files both read their calendars through it. `calendars_from_config` raises the first problem.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..calendar import BusinessCalendar
from ..errors import CalendarError

__all__ = ["calendars_from_config", "collect_calendars"]

_ALWAYS = ("24x7", "24/7", "always")


def collect_calendars(
    specs: object, add: Callable[[str, str], None], *, field: str = "calendars"
) -> dict[str, BusinessCalendar]:
    """Every calendar of a ``calendars:`` section that can be built; each problem goes to
    ``add(path, message)`` once, with the path of the value at fault where the calendar
    names it."""

    def report(exc: CalendarError, name: str | None) -> None:
        if exc.path is not None and exc.path.startswith(field):
            add(exc.path, exc.message)
        else:
            add(field if name is None else f"{field}.{name}", str(exc))

    return _build_all(specs, report, field)


def _build_all(
    specs: object, report: Callable[[CalendarError, str | None], None], field: str
) -> dict[str, BusinessCalendar]:
    def add(path: str, message: str) -> None:
        report(CalendarError.at(path, message), None)

    if not isinstance(specs, Mapping):
        add(field, f"expected a mapping of names to calendars, got {specs!r}")
        return {}
    built: dict[str, BusinessCalendar] = {}
    failed: set[str] = set()
    visiting: list[str] = []

    def refs_of(name: str, spec: object) -> dict[str, BusinessCalendar] | None:
        refs: dict[str, BusinessCalendar] = {}
        if not isinstance(spec, Mapping):
            return refs
        for mode in ("union", "intersection", "not"):
            items = spec.get(mode)
            if mode == "not":
                items = [items] if items is not None else []
            # Anything but a list is reported where the calendar itself is read.
            for item in items if isinstance(items, list) else []:
                if isinstance(item, str) and item in specs:
                    found = build(item)
                    if found is None:
                        return None  # already reported where it is defined
                    refs[item] = found
                elif isinstance(item, str) and item.strip().lower() not in _ALWAYS:
                    known = ", ".join(sorted(str(k) for k in specs))
                    add(f"{field}.{name}.{mode}", f"unknown calendar {item!r}; defined: {known}")
                    return None
        return refs

    def build(name: str) -> BusinessCalendar | None:
        if name in built or name in failed:
            return built.get(name)
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            add(field, f"calendars refer to each other in a cycle: {cycle}")
            failed.add(name)
            return None
        visiting.append(name)
        spec = specs[name]
        refs = refs_of(name, spec)
        visiting.pop()
        if name in failed:  # reported as part of a cycle while its references were built
            return None
        if refs is None:
            failed.add(name)
            return None
        try:
            calendar = BusinessCalendar.from_config(
                spec, name=name, known=refs, field=f"{field}.{name}"
            )
        except CalendarError as exc:
            report(exc, name)
            failed.add(name)
            return None
        built[name] = calendar
        return calendar

    for key in specs:
        build(str(key))
    return {str(key): built[str(key)] for key in specs if str(key) in built}


def calendars_from_config(
    specs: Mapping[str, Any], *, field: str = "calendars"
) -> dict[str, BusinessCalendar]:
    """Every calendar of a ``calendars:`` section, resolving names used in unions,
    intersections and complements (in any order; a cycle is an error); the first problem
    is raised as a `CalendarError` naming its path."""
    problems: list[CalendarError] = []
    built = _build_all(specs, lambda exc, _name: problems.append(exc), field)
    if problems:
        raise problems[0]
    return built
