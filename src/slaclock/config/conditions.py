"""Custom metrics and conditions (``start``, ``pause``, ... over the event log) and match
rules (``match:``, condition ``attributes``), given their meaning; every problem is collected
with its path."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..policy.model import BUILTIN_METRICS, Condition, MatchRule, MetricDefinition
from .problems import Collector
from .schema import NAME_PATTERN, ConditionInput, ConditionSpec, MatchOpSpec, PolicySpec

__all__ = ["condition", "custom_metrics", "match_rules"]


def condition(
    spec: ConditionSpec | list[ConditionSpec], loc: list[object], out: Collector
) -> Condition:
    if isinstance(spec, list):
        if not spec:
            out.add(loc, "an empty list of conditions never holds; give at least one")
        return Condition(any_of=tuple(condition(s, [*loc, k], out) for k, s in enumerate(spec)))
    fields = spec.model_fields_set
    if not fields:
        out.add(loc, "an empty condition; give e.g. {event: agent_replied} or {status: pending}")
    for name in sorted(fields):
        if getattr(spec, name) is None:
            # {not: null} would read as an empty condition, which holds always.
            key = ConditionSpec.model_fields[name].alias or name
            out.add([*loc, key], f"{key!r} is null; give a value or leave the key out")

    def as_set(value: str | list[str] | None) -> frozenset[str] | None:
        if value is None:
            return None
        return frozenset([value] if isinstance(value, str) else value)

    if spec.public is not None and spec.event is None:
        out.add([*loc, "public"], "'public' narrows an event; add event: agent_replied")
    for key in ("event", "status", "group", "assignee", "priority", "any", "all", "attributes"):
        if getattr(spec, key) in ([], {}):
            # An empty 'status' would never hold, an empty 'any' always: neither is meant.
            out.add([*loc, key], f"an empty {key!r}; list what it should hold for, or drop it")
    return Condition(
        events=as_set(spec.event),  # type: ignore[arg-type]
        public=spec.public,
        statuses=as_set(spec.status),
        groups=as_set(spec.group),
        assignees=as_set(spec.assignee),
        priorities=as_set(spec.priority),
        attributes=tuple(match_rules(spec.attributes or {}, [*loc, "attributes"], out)),
        negate=None if spec.not_ is None else condition(spec.not_, [*loc, "not"], out),
        any_of=tuple(condition(c, [*loc, "any", k], out) for k, c in enumerate(spec.any or [])),
        all_of=tuple(condition(c, [*loc, "all", k], out) for k, c in enumerate(spec.all or [])),
    )


def custom_metrics(p: PolicySpec, at: list[object], out: Collector) -> dict[str, MetricDefinition]:
    found: dict[str, MetricDefinition] = {}
    for name, m in (p.metrics or {}).items():
        loc = [*at, "metrics", name]
        if name in BUILTIN_METRICS:
            out.add(loc, f"{name!r} is a built-in metric; give the custom metric another name")
            continue
        if name == "calendar":
            out.add(
                loc, "'calendar' is reserved for a row's calendar; give the metric another name"
            )
            continue
        if not re.match(NAME_PATTERN, name):
            out.add(loc, f"metric name {name!r} may hold letters, digits, '_', '-' and '.'")
            continue
        if m.resume is not None and m.pause is None:
            out.add([*loc, "resume"], "'resume' without 'pause'; add the pause condition")

        def cond(
            key: str, value: ConditionInput | None, loc: list[object] = loc
        ) -> Condition | None:
            return None if value is None else condition(value, [*loc, key], out)

        start = condition(m.start, [*loc, "start"], out)
        stop = condition(m.stop, [*loc, "stop"], out)
        found[name] = MetricDefinition(
            name=name,
            start=start,
            stop=stop,
            pause=cond("pause", m.pause),
            resume=cond("resume", m.resume),
            reset=cond("reset", m.reset),
            cancel=cond("cancel", m.cancel),
            description=m.description,
        )
    return found


def match_rules(match: Mapping[str, Any], loc: list[object], out: Collector) -> Iterator[MatchRule]:
    for key, value in match.items():
        if isinstance(value, MatchOpSpec):
            given = [k for k in ("in_", "not_in", "exists") if getattr(value, k) is not None]
            if len(given) != 1:
                out.add([*loc, key], "give exactly one of 'in', 'not_in' or 'exists'")
                continue
            if value.exists is not None:
                yield MatchRule(key, "exists", exists=value.exists)
            elif value.in_ is not None:
                if not value.in_:
                    out.add([*loc, key, "in"], "an empty list never matches; list the values")
                    continue
                yield MatchRule(key, "in", tuple(value.in_))
            elif value.not_in is not None:
                yield MatchRule(key, "not_in", tuple(value.not_in))
        elif isinstance(value, list):
            if not value:
                out.add([*loc, key], "an empty list never matches; list the accepted values")
                continue
            yield MatchRule(key, "in", tuple(value))
        else:
            yield MatchRule(key, "in", (value,))
