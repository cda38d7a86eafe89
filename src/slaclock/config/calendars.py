"""The ``calendars:`` section of a policy file: every calendar, with names used in unions and
intersections resolved in any order."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..calendar import BusinessCalendar
from ..errors import CalendarError

__all__ = ["calendars_from_config"]


def calendars_from_config(
    specs: Mapping[str, Any], *, field: str = "calendars"
) -> dict[str, BusinessCalendar]:
    """Every calendar of a ``calendars:`` section, resolving names used in unions and
    intersections (in any order; a cycle is an error)."""
    if not isinstance(specs, Mapping):
        raise CalendarError.at(field, f"expected a mapping of names to calendars, got {specs!r}")
    built: dict[str, BusinessCalendar] = {}
    visiting: list[str] = []

    def build(name: str) -> BusinessCalendar:
        if name in built:
            return built[name]
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise CalendarError.at(field, f"calendars refer to each other in a cycle: {cycle}")
        visiting.append(name)
        spec = specs[name]
        refs: dict[str, BusinessCalendar] = {}
        if isinstance(spec, Mapping):
            for mode in ("union", "intersection", "not"):
                items = spec.get(mode)
                if mode == "not":
                    items = [items] if items is not None else []
                # Anything but a list is reported where the calendar itself is read.
                for item in items if isinstance(items, list) else []:
                    if isinstance(item, str) and item in specs:
                        refs[item] = build(item)
                    elif isinstance(item, str) and item.strip().lower() not in (
                        "24x7",
                        "24/7",
                        "always",
                    ):
                        raise CalendarError.at(
                            f"{field}.{name}.{mode}",
                            f"unknown calendar {item!r}; defined: {', '.join(sorted(specs))}",
                        )
        calendar = BusinessCalendar.from_config(
            spec, name=name, known=refs, field=f"{field}.{name}"
        )
        visiting.pop()
        built[name] = calendar
        return calendar

    for key in specs:
        build(str(key))
    return {key: built[key] for key in specs}
