"""``slaclock presets`` (the peer presets and what each sets) and the preset lines of
``slaclock check --explain-presets``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..config import PolicySet

__all__ = ["add_parser", "explain"]


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``presets`` command to the CLI's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "presets",
        help="list the peer presets (preset: NAME) and the options each sets",
        description="List the presets a policy can name with 'preset: NAME', each with the"
        " product it follows and the options it sets. An option the policy writes itself"
        " wins over its preset's value.",
    )
    p.add_argument("name", nargs="?", help="show only this preset, with its description")
    p.set_defaults(run=_run)
    return p


def _run(args: argparse.Namespace) -> int:
    from ..policy.presets import PRESETS, get

    if args.name is not None:
        preset = get(args.name)  # an unknown name is a PolicyError, reported by `main`
        print(f"{preset.name} ({preset.product})")
        for line in preset.describe():
            print(f"  {line}")
        print()
        print(preset.description)
        return 0
    for preset in PRESETS.values():
        print(f"{preset.name} ({preset.product})")
        for line in preset.describe():
            print(f"  {line}")
    return 0


def explain(policies: PolicySet) -> Iterator[str]:
    """For each policy that names a preset: the preset's options, each marked as used or as
    overridden by the policy (or a policy it extends)."""
    from ..policy.presets import PRESETS, shown

    for policy in policies.policies:
        name = policy.options.preset
        if name is None:
            continue
        preset = PRESETS[name]
        yield f"policy {policy.name!r}: preset {name} ({preset.product})"
        for key, value in preset.settings.items():
            actual = getattr(policy.options, key)
            line = f"{key}: {shown(value)}"
            if actual == value:
                yield f"  {line}"
            else:
                yield f"  {line} — overridden: {key}: {shown(actual)}"
