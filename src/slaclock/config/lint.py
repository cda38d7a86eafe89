"""Mistakes that load fine: what `slaclock check` warns about.

A policy file can be valid and still not say what its author meant. `lint_policies` reads a
file, loads it (a file that does not load raises `PolicyFileError` as `load_policies` does),
and returns warnings, each a `Problem` with its path, line and the way out:

- a policy that can never be chosen, because an earlier policy matches every ticket it would
  (policies are tried in file order and the first match wins) over its whole effective window;
- a calendar that nothing uses (no policy, target, other calendar, service or contract);
- a ``pause`` rule that names a metric no priority of its policy has, and a custom metric that
  no priority measures;
- a custom metric whose ``pause`` only names an event and has no ``resume``: it holds until the
  ticket's next event, whatever that event is.

Each warning is sound: it is given only where the problem is certain, never on a guess.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import PolicyFileError, Problem
from ..policy.model import MatchRule, SlaPolicy
from .paths import format_path
from .policy_set import PolicySet
from .schema import ConditionSpec, PolicyFileSpec
from .sources import Lines, read_json, read_toml, read_yaml

__all__ = ["lint_data", "lint_policies"]


def lint_policies(path: str | Path) -> tuple[PolicySet, list[Problem]]:
    """The policy set in a file and the warnings about it (see the module)."""
    file = Path(path)
    source = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(
            source, [Problem("", f"cannot read the file: {exc.strerror}")]
        ) from None
    suffix = file.suffix.lower()
    lines: Lines | None = None
    if suffix in (".yaml", ".yml"):
        data, lines = read_yaml(text, source)
    elif suffix == ".json":
        data = read_json(text, source)
    elif suffix == ".toml":
        data = read_toml(text, source)
    else:
        raise PolicyFileError(
            source,
            [Problem("", f"unknown file type {suffix!r}; use .yaml, .yml, .json or .toml")],
        )
    return lint_data(data, source=source, lines=lines)


def lint_data(
    data: Mapping[str, Any], *, source: str = "<policies>", lines: Lines | None = None
) -> tuple[PolicySet, list[Problem]]:
    """The policy set of a file's content and the warnings about it.

    >>> policy_set, warnings = lint_data({
    ...     "calendars": {"office": {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}},
    ...                   "spare": "24x7"},
    ...     "policies": [
    ...         {"name": "base", "calendar": "office", "targets": {"*": {"resolution": "8h"}}},
    ...         {"name": "gold", "extends": "base", "match": {"tier": "gold"},
    ...          "targets": {"*": {"resolution": "4h"}}}]})
    >>> for warning in warnings:
    ...     print(f"{warning.path}: {warning.message.split(';')[0].split(':')[0][:50]}")
    policies[1]: policy 'gold' can never be chosen
    calendars.spare: calendar 'spare' is not used by any policy, target
    """
    if lines is None:
        policy_set = PolicySet.from_dict(data, source=source)
    else:
        from .resolve import load

        policy_set = PolicySet(*load(data, source, lines))
    spec = PolicyFileSpec.model_validate(data)
    found: list[Problem] = []

    def warn(loc: Sequence[object], message: str) -> None:
        line = lines.line(loc) if lines is not None else None
        found.append(Problem(format_path(loc), message, line))

    policies = policy_set.policies
    if len(policies) == len(spec.policies):
        _shadowed(policies, warn)
        for i, policy in enumerate(policies):
            _metrics(i, policy, spec, warn)
    _unused_calendars(data, spec, warn)
    return policy_set, found


def _shadowed(policies: Sequence[SlaPolicy], warn: Any) -> None:
    for j, later in enumerate(policies):
        if later.abstract:
            continue
        for i in range(j):
            earlier = policies[i]
            if earlier.abstract or not _covers(earlier, later):
                continue
            if all(any(_implies(s, r) for s in later.match) for r in earlier.match):
                warn(
                    ["policies", j],
                    f"policy {later.name!r} can never be chosen: policy {earlier.name!r}"
                    f" (policies[{i}]) comes first and matches every ticket {later.name!r}"
                    " would (policies are tried in file order; the first that matches wins)."
                    f" Move {later.name!r} above {earlier.name!r}, give {earlier.name!r} a"
                    " match, or make it abstract: true if it only holds shared settings",
                )
                break


def _covers(earlier: SlaPolicy, later: SlaPolicy) -> bool:
    """Whether `earlier` is in effect whenever `later` is."""
    return _at_or_before(earlier.effective_from, later.effective_from) and _at_or_before(
        later.effective_until, earlier.effective_until, open_is_latest=True
    )


def _at_or_before(a: datetime | None, b: datetime | None, *, open_is_latest: bool = False) -> bool:
    """a <= b, where None is the earliest instant (or, with `open_is_latest`, the latest)."""
    if a is None:
        return not open_is_latest or b is None
    if b is None:
        return open_is_latest
    return a <= b


def _implies(s: MatchRule, r: MatchRule) -> bool:
    """Whether every ticket that passes rule `s` passes rule `r` (same attribute only)."""
    if s.key != r.key:
        return False
    if r.op == "exists":
        if r.exists:
            return s.op == "in" or (s.op == "exists" and s.exists)
        return s.op == "exists" and not s.exists
    if r.op == "in":
        return s.op == "in" and all(_among(v, r.values) for v in s.values)
    # r is not_in: s must keep every value of r out.
    if s.op == "in":
        return not any(_among(v, r.values) for v in s.values)
    if s.op == "not_in":
        return all(_among(v, s.values) for v in r.values)
    return s.op == "exists" and not s.exists


def _among(value: object, values: Sequence[object]) -> bool:
    return any(
        value is v or (isinstance(value, bool) == isinstance(v, bool) and value == v)
        for v in values
    )


def _metrics(i: int, policy: SlaPolicy, spec: PolicyFileSpec, warn: Any) -> None:
    measured = {metric for row in policy.targets.values() for metric in row}
    for k, rule in enumerate(policy.pause_rules):
        for name in sorted(rule.metrics or ()):
            if name not in measured:
                warn(
                    ["policies", i, "pause", k, "metrics"],
                    f"this pause rule names metric {name!r}, which no priority of policy"
                    f" {policy.name!r} has a target for, so it pauses nothing there; check the"
                    f" name (measured: {', '.join(sorted(measured)) or 'none'})",
                )
    own = spec.policies[i].metrics or {}
    for name, metric in policy.metrics.items():
        at: list[object] = ["policies", i, "metrics", name] if name in own else ["policies", i]
        if name not in measured and not policy.abstract:
            warn(
                at,
                f"custom metric {name!r} is defined but no priority of policy {policy.name!r}"
                f" has a target for it, so it is never measured; add a target (e.g. {name}: 8h"
                " under a priority) or remove it",
            )
        if metric.pause is not None and metric.resume is None and _event_only(own.get(name)):
            warn(
                [*at, "pause"] if name in own else at,
                f"metric {name!r} pauses on an event and has no resume, so the pause ends at the"
                " ticket's next event, whatever it is; add a resume condition, or pause on a"
                " status (a condition that holds while it is true)",
            )


def _event_only(written: object) -> bool:
    """Whether a written pause condition looks only at the event (holds for one instant)."""
    pause = getattr(written, "pause", None)
    if pause is None:
        return False
    conditions = pause if isinstance(pause, list) else [pause]
    return all(_names_only_the_event(c) for c in conditions)


def _names_only_the_event(condition: ConditionSpec) -> bool:
    state = (condition.status, condition.group, condition.assignee, condition.priority)
    if any(value is not None for value in state) or condition.attributes:
        return False
    if condition.not_ is not None:
        return False
    parts = [*(condition.any or ()), *(condition.all or ())]
    if parts:
        return all(_names_only_the_event(p) for p in parts)
    return condition.event is not None


def _unused_calendars(data: Mapping[str, Any], spec: PolicyFileSpec, warn: Any) -> None:
    named: set[str] = set()
    for p in spec.policies:
        if p.calendar is not None:
            named.add(p.calendar)
        for row in (p.targets or {}).values():
            for key, value in row.items():
                if key == "calendar" and isinstance(value, str):
                    named.add(value)
                elif not isinstance(value, str) and value.calendar is not None:
                    named.add(value.calendar)
    # Calendars built from others, services' windows and contracts name calendars as text
    # anywhere in their entries; any string equal to a calendar's name counts as a use.
    for name, entry in spec.calendars.items():
        named |= {text for text in _strings(entry) if text != name}
    for section in ("services", "contracts"):
        named |= set(_strings(data.get(section)))
    for name in spec.calendars:
        if name not in named:
            warn(
                ["calendars", name],
                f"calendar {name!r} is not used by any policy, target, calendar, service or"
                " contract; remove it, or name it where it is meant to apply",
            )


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)
