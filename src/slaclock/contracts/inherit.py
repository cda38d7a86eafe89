"""Contract inheritance: a contract with ``extends`` takes its parent's terms and overrides
what it writes (objectives by name, ``credits`` and ``exclusions`` key by key, ``tiers`` by
objective), remembering where each value was written so a problem names that place."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..config.contract_specs import ContractSpec

__all__ = ["OWN", "Reporter", "flatten"]


class Reporter:
    """Anything that collects problems by path (the loader's collector)."""

    def add(self, path: str, message: str) -> None:
        raise NotImplementedError


OWN = ("name", "extends", "abstract", "effective_from", "effective_until")


def flatten(
    specs: list[ContractSpec], out: Reporter
) -> list[tuple[dict[str, Any], dict[str, str]] | None]:
    """Each contract's fields with its ancestors' filled in, and where each value was written."""
    first: dict[str, int] = {}
    for i, c in enumerate(specs):
        first.setdefault(c.name, i)
    done: dict[int, tuple[dict[str, Any], dict[str, str]] | None] = {}

    def merged(i: int, chain: tuple[int, ...]) -> tuple[dict[str, Any], dict[str, str]] | None:
        if i in done:
            return done[i]
        c = specs[i]
        own = c.model_dump(exclude_unset=True, exclude_none=True)
        where = _origins(own, f"contracts[{i}]")
        if c.extends is None:
            done[i] = (own, where)
            return done[i]
        parent = first.get(c.extends)
        if parent is None:
            names = ", ".join(s.name for s in specs)
            out.add(f"contracts[{i}].extends", f"unknown contract {c.extends!r}; defined: {names}")
            done[i] = None
            return None
        if parent in chain or parent == i:
            names = " -> ".join(specs[k].name for k in (*chain, i, parent))
            out.add(f"contracts[{i}].extends", f"contracts extend each other in a cycle: {names}")
            done[i] = None
            return None
        base = merged(parent, (*chain, i))
        if base is None:
            done[i] = None
            return None
        fields, origin = _merge(base[0], base[1], own, where)
        done[i] = (fields, origin)
        return done[i]

    return [merged(i, ()) for i in range(len(specs))]


def _origins(own: Mapping[str, Any], at: str) -> dict[str, str]:
    where = {key: f"{at}.{key}" for key in own}
    for k, o in enumerate(own.get("objectives", [])):
        where[f"objective:{o['name']}"] = f"{at}.objectives[{k}]"
    for key in own.get("credits", {}):
        where[f"credits.{key}"] = f"{at}.credits.{key}"
    for key in own.get("credits", {}).get("tiers", {}):
        where[f"tiers:{key}"] = f"{at}.credits.tiers.{key}"
    for key in own.get("exclusions", {}):
        where[f"exclusions.{key}"] = f"{at}.exclusions.{key}"
    return where


def _merge(
    base: dict[str, Any], base_at: dict[str, str], own: dict[str, Any], own_at: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    fields = {k: v for k, v in base.items() if k not in OWN}
    where = {k: v for k, v in base_at.items() if k not in OWN}
    for key, value in own.items():
        if key == "objectives" and "objectives" in fields:
            names = [o["name"] for o in value]
            kept = [o for o in fields["objectives"] if o["name"] not in names]
            fields["objectives"] = kept + list(value)
        elif key in ("credits", "exclusions") and key in fields:
            combined = {**fields[key], **value}
            if key == "credits" and "tiers" in value and "tiers" in fields[key]:
                combined["tiers"] = {**fields[key]["tiers"], **value["tiers"]}
            fields[key] = combined
        else:
            fields[key] = value
    where.update(own_at)
    return fields, where
