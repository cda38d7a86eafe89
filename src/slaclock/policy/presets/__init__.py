"""Peer presets: the options that make slaclock count like another helpdesk, by name.

Each preset is a plain mapping of option name to value, kept in a module of its own (one per
peer, like the countries of the `holidays` package), whose docstring says which behaviours it
sets and why. A policy names one with ``preset: zammad``; any option the policy (or a policy
it extends) writes itself wins over the preset's value.

>>> sorted(PRESETS)
['erpnext', 'frappe', 'jira', 'otrs', 'rt', 'servicenow', 'zammad', 'zendesk']
>>> options("zammad").met_due
'cleared'
>>> options("zammad", met_due="kept").met_due   # written explicitly: wins over the preset
'kept'
>>> options("zamad")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
slaclock.errors.PolicyError: unknown preset 'zamad'; did you mean 'zammad'? presets: erpnext, ...
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType, ModuleType
from typing import Any

from ...errors import PolicyError
from ..model import OPTION_FIELDS, Options, option_conflicts
from . import erpnext, frappe, jira, otrs, rt, servicenow, zammad, zendesk

__all__ = ["PRESETS", "Preset", "get", "options", "shown", "unknown_preset_message"]


@dataclass(frozen=True, slots=True)
class Preset:
    """A peer preset: its name, the product it follows, and the options it sets."""

    name: str
    product: str
    settings: Mapping[str, Any]
    description: str

    def describe(self) -> list[str]:
        """One line per option it sets: ``breach_at: at_due``."""
        return [f"{key}: {shown(value)}" for key, value in self.settings.items()]


def shown(value: object) -> str:
    """An option's value as a policy file writes it: ``true``, ``[pause, resolve]``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return f"[{', '.join(map(str, value))}]"
    return str(value)


def _preset(module: ModuleType) -> Preset:
    settings = dict(module.SETTINGS)
    for key in settings:
        if key not in OPTION_FIELDS:  # a mistake in the registry itself
            raise AssertionError(f"preset {module.NAME!r} sets unknown option {key!r}")
    doc = (module.__doc__ or "").strip()
    return Preset(module.NAME, module.PRODUCT, MappingProxyType(settings), doc)


#: Every preset, by name.
PRESETS: Mapping[str, Preset] = MappingProxyType(
    {
        p.name: p
        for p in map(_preset, (erpnext, frappe, jira, otrs, rt, servicenow, zammad, zendesk))
    }
)


def unknown_preset_message(name: str) -> str:
    """``unknown preset 'zamad'; did you mean 'zammad'? presets: ...``."""
    close = difflib.get_close_matches(name.lower(), list(PRESETS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ";"
    return f"unknown preset {name!r}{hint} presets: {', '.join(sorted(PRESETS))}"


def get(name: str) -> Preset:
    """The preset called `name`; `PolicyError` (with a did-you-mean) for an unknown one."""
    found = PRESETS.get(name)
    if found is None:
        raise PolicyError(unknown_preset_message(name))
    return found


def options(name: str, /, **explicit: Any) -> Options:
    """The options of a preset, with the ones given here written over it (explicit wins).

    Raises `PolicyError` for an unknown preset, an unknown option, or options that
    contradict each other (`slaclock.policy.model.option_conflicts`).
    """
    preset = get(name)
    for key in explicit:
        if key not in OPTION_FIELDS:
            raise PolicyError(f"unknown option {key!r}; options: {', '.join(OPTION_FIELDS)}")
    values = {**preset.settings, **explicit}
    for key, _, message in option_conflicts(values):
        source = "set explicitly" if key in explicit else f"set by preset {name!r}"
        raise PolicyError(f"{key} ({source}): {message}")
    return replace(Options(), preset=name, **values)
