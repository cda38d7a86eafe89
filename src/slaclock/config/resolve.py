"""Giving a policy file's shape its meaning: calendars, inheritance (``extends``), budgets,
pause rules, custom metrics and effective-dated versions, resolved into policy values. Every
problem is collected with its path, so one run reports them all."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from pydantic import BaseModel

from .._kernel.instants import MAX_YEAR, MIN_YEAR
from .._typing import EffectiveBy
from ..budgets import BusinessDays, BusinessTime, parse_duration, parse_wait
from ..calendar import BusinessCalendar
from ..errors import PolicyError, PolicyFileError
from ..policy.model import (
    BUILTIN_METRICS,
    OPTION_FIELDS,
    Options,
    PauseRule,
    SlaPolicy,
    Target,
    option_conflicts,
)
from .calendars import collect_calendars
from .conditions import custom_metrics, match_rules
from .paths import format_path, split_path
from .problems import Collector
from .schema import PolicySpec, TargetValueSpec
from .shape import Shaped, shape
from .sources import Lines, check_depth

__all__ = ["MAX_EXTENDS", "Resolved", "load"]

#: How many levels of ``extends`` a policy may stand on (corporate → customer → service is 3).
MAX_EXTENDS = 32


class Resolved(NamedTuple):
    """A policy file's meaning: its policies in matching order and its calendars."""

    policies: tuple[SlaPolicy, ...]
    calendars: dict[str, BusinessCalendar]
    effective_by: EffectiveBy


def load(data: Mapping[str, Any], source: str, lines: Lines | Mapping[Any, Any]) -> Resolved:
    check_depth(data, source)
    out = Collector(lines)
    shaped = shape(data, out)
    resolved = None if shaped is None else _resolve(shaped, out)
    if out.problems or resolved is None:
        # In file order where the file says (YAML), so shape and meaning problems interleave
        # as a reader meets them.
        ordered = sorted(out.problems, key=lambda p: (p.line is None, p.line or 0))
        raise PolicyFileError(source, ordered)
    return resolved


def _resolve(shaped: Shaped, out: Collector) -> Resolved | None:
    spec = shaped.spec
    # A broken calendar is reported once; policies that use it are still checked.
    calendars = collect_calendars(
        spec.calendars, lambda path, message: out.add(split_path(path), message)
    )
    broken = {str(name) for name in spec.calendars} - set(calendars)
    policies = shaped.policies
    indexed = sorted(policies.items())
    by_name: dict[str, list[int]] = {}
    for i, p in indexed:
        by_name.setdefault(p.name, []).append(i)
    # None marks a policy whose inheritance failed, so its problem is reported only once.
    merged: dict[int, tuple[PolicySpec, tuple[str, ...]] | None] = {}

    def merge(i: int, chain: tuple[int, ...]) -> tuple[PolicySpec, tuple[str, ...]] | None:
        if i in merged:
            return merged[i]
        merged[i] = None
        p = policies[i]
        if p.extends is None:
            merged[i] = (p, (p.name,))
            return merged[i]
        parents = by_name.get(p.extends)
        if not parents and p.extends in shaped.unshaped:
            return None  # the parent's own problems are reported where it is written
        if not parents:
            out.add(
                ["policies", i, "extends"],
                f"unknown parent policy {p.extends!r}; defined: {', '.join(sorted(by_name))}",
            )
            return None
        if len(parents) > 1:
            out.add(
                ["policies", i, "extends"],
                f"parent {p.extends!r} has {len(parents)} effective-dated versions; extend a"
                " policy with a single version (put shared settings in an abstract base)",
            )
            return None
        parent = parents[0]
        if len(chain) >= MAX_EXTENDS:
            out.add(
                ["policies", i, "extends"],
                f"inheritance deeper than {MAX_EXTENDS} levels; flatten the chain of 'extends'",
            )
            return None
        if parent in chain or parent == i:
            path = (*chain, i)
            cycle = " -> ".join(policies[j].name for j in (*path[path.index(parent) :], parent))
            out.add(
                ["policies", i, "extends"],
                f"inheritance cycle: {cycle}; break it by removing one of these 'extends'",
            )
            return None
        base = merge(parent, (*chain, i))
        if base is None:
            return None
        if len(base[1]) >= MAX_EXTENDS:
            out.add(
                ["policies", i, "extends"],
                f"inheritance deeper than {MAX_EXTENDS} levels; flatten the chain of 'extends'",
            )
            return None
        merged[i] = (_merge_specs(base[0], p), (*base[1], p.name))
        return merged[i]

    resolved: list[tuple[int, SlaPolicy]] = []
    found_in: dict[int, range] = {}
    lineages: dict[int, tuple[str, ...]] = {}
    for i, _ in indexed:
        m = merge(i, ())
        if m is None:
            continue
        before = len(out.problems)
        policy = _resolve_policy(i, m[0], m[1], _Calendars(calendars, broken), out)
        found_in[i], lineages[i] = range(before, len(out.problems)), m[1]
        if policy is not None:
            resolved.append((i, policy))
    _drop_inherited(policies, by_name, found_in, lineages, out)
    _check_versions(resolved, by_name, out)
    if out.problems:
        return None
    return Resolved(tuple(p for _, p in resolved), calendars, spec.effective_by)


def _drop_inherited(
    policies: Mapping[int, PolicySpec],
    by_name: Mapping[str, list[int]],
    found_in: Mapping[int, range],
    lineages: Mapping[int, tuple[str, ...]],
    out: Collector,
) -> None:
    """Report a problem in an inherited value once, at the policy that writes it."""

    def inner(k: int) -> tuple[str, str]:
        return format_path(out.locs[k][2:]), out.problems[k].message

    drop: set[int] = set()
    for i, found in found_in.items():
        ancestors = [by_name[name][0] for name in lineages[i][:-1]]
        theirs = {inner(k) for a in ancestors for k in found_in.get(a, ())}
        for k in found:
            if inner(k) in theirs and not _written(policies[i], out.locs[k][2:]):
                drop.add(k)
    out.problems = [p for k, p in enumerate(out.problems) if k not in drop]
    out.locs = [loc for k, loc in enumerate(out.locs) if k not in drop]


def _written(node: Any, loc: Sequence[object]) -> bool:
    """Whether a policy as written in the file (before inheritance) sets the value at loc."""
    for part in loc:
        if isinstance(node, BaseModel):
            fields = type(node).model_fields
            name = next((n for n, f in fields.items() if part in (n, f.alias)), None)
            if name is None or name not in node.model_fields_set:
                return False
            node = getattr(node, name)
        elif isinstance(node, Mapping):
            if part not in node:
                return False
            node = node[part]
        elif isinstance(node, list):
            if not isinstance(part, int) or part >= len(node):
                return False
            node = node[part]
        else:
            return False
    return True


_NOT_INHERITED = {"name", "extends", "abstract", "match", "effective_from", "effective_until"}


def _merge_specs(parent: PolicySpec, child: PolicySpec) -> PolicySpec:
    values: dict[str, Any] = {}
    for key in PolicySpec.model_fields:
        if key in _NOT_INHERITED:
            values[key] = getattr(child, key)
        elif key in child.model_fields_set and getattr(child, key) is not None:
            mine, theirs = getattr(child, key), getattr(parent, key)
            if key == "targets" and theirs is not None:
                merged = {prio: dict(metrics) for prio, metrics in theirs.items()}
                for prio, metrics in mine.items():
                    merged.setdefault(prio, {}).update(metrics)
                values[key] = merged
            elif key == "metrics" and theirs is not None:
                values[key] = {**theirs, **mine}
            else:
                values[key] = mine
        else:
            values[key] = getattr(parent, key)
    # A field the parent set stays "set" so a grandchild's merge sees it.
    fields_set = (parent.model_fields_set | child.model_fields_set) - {"abstract"}
    fields_set |= child.model_fields_set & {"abstract"}
    return PolicySpec.model_construct(_fields_set=fields_set, **values)


def _resolve_policy(
    i: int,
    p: PolicySpec,
    lineage: tuple[str, ...],
    calendars: Mapping[str, BusinessCalendar],
    out: Collector,
) -> SlaPolicy | None:
    at = ["policies", i]
    before = len(out.problems)
    if p.calendar is None:
        out.add(
            [*at, "calendar"],
            "no calendar: name one from 'calendars:' (or '24x7'), here or in a parent policy",
        )
        return None
    own_calendar = _calendar(calendars, p.calendar, [*at, "calendar"], out)
    options = _options(p, at, out)
    metrics = custom_metrics(p, at, out)
    metric_names = set(BUILTIN_METRICS) | set(metrics)
    pause_rules = _pause_rules(p, at, metric_names, out)
    warn_at = _warn_at(p, at, out)
    targets = _targets(p, at, own_calendar, calendars, metric_names, options, out)
    match = tuple(match_rules(p.match or {}, [*at, "match"], out))
    zone = own_calendar.zone if own_calendar is not None else None
    for key in ("effective_from", "effective_until"):
        value = getattr(p, key)
        if value is not None and not MIN_YEAR < value.year < MAX_YEAR:
            out.add(
                [*at, key],
                f"{key} {value.isoformat()} lies outside the years {MIN_YEAR + 1}–{MAX_YEAR - 1}"
                " that slaclock evaluates; leave it out for an open-ended window",
            )
            return None
    start = _instant(p.effective_from, zone)
    until = _instant(p.effective_until, zone)
    if start is not None and until is not None and until <= start:
        out.add(
            [*at, "effective_until"],
            f"effective_until {until.isoformat()} is not after effective_from {start.isoformat()}",
        )
    if len(out.problems) > before or own_calendar is None:
        return None
    return SlaPolicy(
        name=p.name,
        calendar=own_calendar,
        calendar_name=p.calendar,
        targets=targets,
        match=match,
        pause_rules=pause_rules,
        warn_at=warn_at,
        metrics=metrics,
        options=options,
        effective_from=start,
        effective_until=until,
        description=p.description,
        abstract=p.abstract,
        lineage=lineage,
    )


class _Calendars(dict[str, BusinessCalendar]):
    """The calendars that could be built, and the names of those that could not (each
    reported already where it is defined, so a policy naming one adds no second message)."""

    def __init__(self, built: Mapping[str, BusinessCalendar], broken: set[str]) -> None:
        super().__init__(built)
        self.broken = frozenset(broken)


def _calendar(
    calendars: Mapping[str, BusinessCalendar], name: str, loc: list[object], out: Collector
) -> BusinessCalendar | None:
    """The calendar a policy or target names (``24x7`` needs no definition)."""
    if name in calendars:
        return calendars[name]
    if isinstance(calendars, _Calendars) and name in calendars.broken:
        return None
    if name.strip().lower() in ("24x7", "24/7", "always"):
        return BusinessCalendar.always()
    defined = set(calendars) | (calendars.broken if isinstance(calendars, _Calendars) else set())
    known = ", ".join(sorted(defined)) or "none (add a 'calendars:' section)"
    out.add(loc, f"unknown calendar {name!r}; defined calendars: {known}")
    return None


def _pause_rules(
    p: PolicySpec, at: list[object], metric_names: set[str], out: Collector
) -> tuple[PauseRule, ...]:
    rules: list[PauseRule] = []
    if p.pause_on:
        rules.append(PauseRule(frozenset(p.pause_on)))
    for j, rule in enumerate(p.pause or []):
        if rule.metrics is not None:
            for k, name in enumerate(rule.metrics):
                if name not in metric_names:
                    out.add(
                        [*at, "pause", j, "metrics", k],
                        f"unknown metric {name!r}; known: {', '.join(sorted(metric_names))}",
                    )
        rules.append(
            PauseRule(
                frozenset(rule.statuses),
                None if rule.metrics is None else frozenset(rule.metrics),
            )
        )
    return tuple(rules)


def _warn_at(p: PolicySpec, at: list[object], out: Collector) -> tuple[float, ...]:
    for j, fraction in enumerate(p.warn_at or ()):
        if not 0 < fraction < 1:
            out.add(
                [*at, "warn_at", j],
                f"warning threshold must be a fraction between 0 and 1, got {fraction!r};"
                " write 0.75 for 75 %",
            )
    return tuple(sorted(set(p.warn_at or ())))


def _targets(
    p: PolicySpec,
    at: list[object],
    own_calendar: BusinessCalendar | None,
    calendars: Mapping[str, BusinessCalendar],
    metric_names: set[str],
    options: Options,
    out: Collector,
) -> dict[str, dict[str, Target]]:
    """Each priority's targets, with the calendar of the row or of the target where given."""
    targets: dict[str, dict[str, Target]] = {}
    for prio, entries in (p.targets or {}).items():
        prio_at = [*at, "targets", prio]
        if not prio.strip():
            out.add(prio_at, "an empty priority; name it (e.g. P1), or use '*' for every priority")
            continue
        if not any(key != "calendar" for key in entries):
            out.add(
                prio_at,
                f"priority {prio!r} has no targets; give at least one (e.g. resolution: 4h)"
                " or remove the row",
            )
            continue
        default_name = p.calendar or ""
        default_cal = own_calendar
        override = entries.get("calendar")
        if override is not None:
            if not isinstance(override, str):
                out.add([*prio_at, "calendar"], "expected a calendar name")
                continue
            default_name = override
            default_cal = _calendar(calendars, override, [*prio_at, "calendar"], out)
        found: dict[str, Target] = {}
        for metric, value in entries.items():
            if metric == "calendar":
                continue
            loc = [*prio_at, metric]
            if metric not in metric_names:
                out.add(
                    loc,
                    f"unknown metric {metric!r}; known: {', '.join(sorted(metric_names))}"
                    " (declare custom metrics under 'metrics:')",
                )
                continue
            cal_name, cal = default_name, default_cal
            after: timedelta | None = None
            after_name: str | None = None
            after_cal: BusinessCalendar | None = None
            if isinstance(value, TargetValueSpec):
                text = value.within
                if value.calendar is not None:
                    cal_name = value.calendar
                    cal = _calendar(calendars, value.calendar, [*loc, "calendar"], out)
                if value.after is not None or value.after_calendar is not None:
                    after, after_name, after_cal = _after(
                        value, p, own_calendar, calendars, loc, out
                    )
                    if after is None:
                        continue
            else:
                text = value
            budget = _budget(text, p, options, loc, out)
            if budget is None or cal is None:
                continue
            found[metric] = Target(metric, budget, cal, cal_name, after, after_cal, after_name)
        targets[prio] = found
    if not targets and not p.abstract:
        out.add([*at, "targets"], "no targets: give at least one priority, or '*' for all")
    return targets


def _after(
    value: TargetValueSpec,
    p: PolicySpec,
    own_calendar: BusinessCalendar | None,
    calendars: Mapping[str, BusinessCalendar],
    loc: list[object],
    out: Collector,
) -> tuple[timedelta | None, str | None, BusinessCalendar | None]:
    """A target's wait (``after``) and the calendar it is counted on: the policy's unless
    ``after_calendar`` names one."""
    if value.after is None:
        out.add(
            [*loc, "after_calendar"],
            f"after_calendar {value.after_calendar!r} without after; give after (e.g. 0m: the"
            " first open instant of that calendar), or drop after_calendar",
        )
        return None, None, None
    try:
        after = parse_wait(value.after)
    except PolicyError as exc:
        out.add([*loc, "after"], str(exc))
        return None, None, None
    name, cal = p.calendar, own_calendar
    if value.after_calendar is not None:
        name = value.after_calendar
        cal = _calendar(calendars, name, [*loc, "after_calendar"], out)
    if cal is None or name is None:
        if value.after_calendar is None:
            out.add(
                [*loc, "after"],
                "a wait is counted on the policy's calendar, and this policy has none; give the"
                " policy a calendar, or name one in after_calendar",
            )
        return None, None, None
    return after, name, cal


def _options(p: PolicySpec, at: list[object], out: Collector) -> Options:
    values: dict[str, Any] = {}
    preset_name = p.preset
    if preset_name is not None:
        # The registry is imported where a policy names a preset (most never do).
        from ..policy.presets import PRESETS, unknown_preset_message

        found = PRESETS.get(preset_name)
        if found is None:
            out.add([*at, "preset"], unknown_preset_message(preset_name))
            preset_name = None
        else:
            values.update(found.settings)
    explicit = {key for key in OPTION_FIELDS if getattr(p, key) is not None}
    for key in explicit:
        values[key] = getattr(p, key)
    if "hours_per_day" in values:
        budget = None
        try:
            budget = parse_duration(values["hours_per_day"])
        except PolicyError as exc:
            out.add([*at, "hours_per_day"], str(exc))
        if isinstance(budget, BusinessTime) and budget.time <= timedelta(hours=24):
            values["hours_per_day"] = budget.time
        else:
            if budget is not None:
                out.add(
                    [*at, "hours_per_day"],
                    f"hours_per_day must be business time up to 24h, got {p.hours_per_day!r}",
                )
            values.pop("hours_per_day")
    if (
        values.get("day_means") == "hours"
        and p.hours_per_day is None
        and "hours_per_day" not in values
    ):
        out.add(
            [*at, "day_means"],
            "day_means 'hours' converts a day into business hours: also set hours_per_day,"
            " e.g. '8h'",
        )
    conflicts = option_conflicts(values)
    for key, other, message in conflicts:
        # Blame an option the policy writes; a clash inside a preset names the preset.
        if key in explicit or preset_name is None:
            out.add([*at, key], f"{key} {message}")
        elif other in explicit:
            out.add([*at, other], f"{key} {values[key]!r} (from preset {preset_name!r}) {message}")
        else:
            out.add([*at, "preset"], f"preset {preset_name!r}: {key} {message}")
    if conflicts:
        return Options()
    return Options(**values, preset=preset_name)


def _bare_days(p: PolicySpec) -> bool:
    """Whether the policy says what a bare ``2d`` means (itself, or through its preset)."""
    if "day_means" in p.model_fields_set and p.day_means is not None:
        return True
    if p.preset is None:
        return False
    from ..policy.presets import PRESETS

    found = PRESETS.get(p.preset)
    return found is not None and "day_means" in found.settings


def _budget(
    text: str, p: PolicySpec, options: Options, loc: list[object], out: Collector
) -> BusinessTime | BusinessDays | None:
    bare = options.day_means if _bare_days(p) else None
    try:
        budget = parse_duration(text, bare_days=bare)
    except PolicyError as exc:
        out.add(loc, str(exc))
        return None
    if isinstance(budget, BusinessDays) and budget.meaning is None:
        if options.day_means == "24h":
            return BusinessTime(timedelta(hours=24 * budget.days))
        if options.day_means == "hours":
            if options.hours_per_day is None:
                return None  # reported by _options
            return BusinessTime(options.hours_per_day * budget.days)
        return BusinessDays(budget.days, options.day_means)
    return budget


def _instant(value: date | datetime | None, zone: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value
    if zone is None:
        return None
    return datetime.combine(value, time(0), tzinfo=zone)


def _check_versions(
    policies: list[tuple[int, SlaPolicy]], by_name: Mapping[str, list[int]], out: Collector
) -> None:
    for name, indices in by_name.items():
        if len(indices) < 2:
            continue
        seen = [(p, i) for i, p in policies if p.name == name]
        for a_pos, (a, ia) in enumerate(seen):
            for b, ib in seen[a_pos + 1 :]:
                a_from = a.effective_from or datetime.min.replace(tzinfo=a.calendar.zone)
                b_from = b.effective_from or datetime.min.replace(tzinfo=b.calendar.zone)
                a_until = a.effective_until
                b_until = b.effective_until
                overlap = (a_until is None or b_from < a_until) and (
                    b_until is None or a_from < b_until
                )
                if overlap and not (a.effective_from or a_until or b.effective_from or b_until):
                    out.add(
                        ["policies", ib, "name"],
                        f"policy name {name!r} is already used by policies[{ia}]; rename one,"
                        " or make them versions with effective_from/effective_until windows",
                    )
                elif overlap:
                    out.add(
                        ["policies", ib, "effective_from"],
                        f"version of policy {name!r} overlaps the one at policies[{ia}]"
                        f" ({_window(a)} vs {_window(b)}); give each version its own"
                        " effective_from/effective_until window",
                    )


def _window(p: SlaPolicy) -> str:
    start = p.effective_from.isoformat() if p.effective_from else "always"
    end = p.effective_until.isoformat() if p.effective_until else "open-ended"
    return f"{start} – {end}"
