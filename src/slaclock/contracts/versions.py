"""Effective-dated versions of a contract: when each takes effect, and that versions of one
contract neither overlap nor change their period or zone."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from ..config.contract_specs import ContractFileSpec
from .inherit import Reporter
from .terms import Contract

__all__ = ["check_versions", "instant"]

_DAWN = datetime(1, 1, 2, tzinfo=UTC)


def instant(value: object, zone: ZoneInfo | None) -> datetime | None:
    if value is None or zone is None:
        return None
    if isinstance(value, datetime):
        return value
    if not isinstance(value, date):
        return None
    return datetime.combine(value, time(0), tzinfo=zone)


def check_versions(found: list[Contract], spec: ContractFileSpec, out: Reporter) -> None:
    by_name: dict[str, list[tuple[int, Contract]]] = {}
    for position, c in enumerate(found):
        by_name.setdefault(c.name, []).append((position, c))
    for name, versions in by_name.items():
        versions.sort(key=lambda v: v[1].effective_from or _DAWN)
        for (_, a), (_, b) in itertools.pairwise(versions):
            a_end = a.effective_until
            b_start = b.effective_from
            if a_end is None or b_start is None or b_start < a_end:
                index = [k for k, s in enumerate(spec.contracts) if s.name == name][-1]
                out.add(
                    f"contracts[{index}]",
                    f"versions of contract {name!r} overlap; give each an effective_from and"
                    " end the earlier one (effective_until) where the next begins",
                )
        kinds = {(c.period, c.timezone) for _, c in versions}
        if len(kinds) > 1:
            index = [k for k, s in enumerate(spec.contracts) if s.name == name][-1]
            out.add(
                f"contracts[{index}]",
                f"versions of contract {name!r} must share 'period' and 'timezone' (periods"
                " follow each other across versions); start a contract with a new name instead",
            )
