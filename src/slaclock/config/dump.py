"""Writing policy values back as a policy file's content, which loads back to equal values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from ..budgets import format_duration, format_timedelta
from ..calendar import BusinessCalendar
from ..calendar.spec import calendar_to_config
from ..policy.model import OPTION_FIELDS, Options, SlaPolicy

__all__ = ["policies_to_config"]


def policies_to_config(
    policies: tuple[SlaPolicy, ...], calendars: Mapping[str, BusinessCalendar], effective_by: str
) -> dict[str, Any]:
    """The policy file content, resolved (inheritance flattened)."""
    return {
        "calendars": {n: calendar_to_config(c) for n, c in calendars.items()},
        "effective_by": effective_by,
        "policies": [_policy_to_config(p) for p in policies],
    }


def _policy_to_config(p: SlaPolicy) -> dict[str, Any]:
    out: dict[str, Any] = {"name": p.name}
    if p.description is not None:
        out["description"] = p.description
    if p.abstract:
        out["abstract"] = True
    if p.match:
        out["match"] = {r.key: r.to_config() for r in p.match}
    out["calendar"] = p.calendar_name
    if p.pause_rules:
        out["pause"] = [
            {"statuses": sorted(r.statuses)}
            | ({} if r.metrics is None else {"metrics": sorted(r.metrics)})
            for r in p.pause_rules
        ]
    if p.warn_at:
        out["warn_at"] = list(p.warn_at)
    targets: dict[str, dict[str, Any]] = {}
    for prio, metrics in p.targets.items():
        entry: dict[str, Any] = {}
        for metric, target in metrics.items():
            text = format_duration(target.budget)
            if target.after is not None:
                value: dict[str, Any] = {"within": text}
                if target.calendar_name != p.calendar_name:
                    value["calendar"] = target.calendar_name
                value["after"] = format_timedelta(target.after)
                if target.after_calendar_name != p.calendar_name:
                    value["after_calendar"] = target.after_calendar_name
                entry[metric] = value
            elif target.calendar_name != p.calendar_name:
                entry[metric] = {"within": text, "calendar": target.calendar_name}
            else:
                entry[metric] = text
        targets[prio] = entry
    out["targets"] = targets
    if p.metrics:
        out["metrics"] = {name: m.to_config() for name, m in p.metrics.items()}
    # Options are written over the preset's values (or the defaults), as they are read.
    defaults = Options()
    if p.options.preset is not None:
        from ..policy.presets import options

        out["preset"] = p.options.preset
        defaults = options(p.options.preset)
    for key in OPTION_FIELDS:
        value = getattr(p.options, key)
        if value != getattr(defaults, key):
            if isinstance(value, timedelta):
                value = format_timedelta(value)
            out[key] = list(value) if isinstance(value, tuple) else value
    if p.effective_from is not None:
        out["effective_from"] = p.effective_from.isoformat()
    if p.effective_until is not None:
        out["effective_until"] = p.effective_until.isoformat()
    return out
