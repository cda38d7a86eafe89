"""Choosing a ticket's policy: the first (in file order) whose match rules hold, with the
reasons for every policy passed over, so a support lead can see why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from .._kernel.memo import Memo
from .model import SlaPolicy

__all__ = ["Selection", "Selector"]


@dataclass(frozen=True, slots=True)
class Selection:
    """The policy chosen for a ticket (None when none matched) and why."""

    policy: SlaPolicy | None
    reasons: tuple[str, ...]

    def explain(self) -> str:
        """The reasons, one a line."""
        return "\n".join(self.reasons)


class Selector:
    """First-match selection over policies in order.

    Sets without effective dates remember their choices, keyed by what the match rules look
    at; the memo is bounded and safe to share between threads.
    """

    __slots__ = ("_chosen", "_match_keys", "dated", "policies")

    def __init__(self, policies: tuple[SlaPolicy, ...]) -> None:
        self.policies = policies
        self.dated = any(
            p.effective_from is not None or p.effective_until is not None for p in policies
        )
        names = {rule.key for p in policies for rule in p.match} - {"priority"}
        self._match_keys = None if self.dated else tuple(sorted(names))
        self._chosen: Memo[object, Selection] = Memo()

    def select(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> Selection:
        """The first policy that matches (in effect at `at`, for dated sets), with reasons."""
        key = self._key(priority, attributes)
        if key is None:
            return self._select(priority, attributes, at)
        found = self._chosen.get(key)
        if found is None:
            found = self._chosen.put(key, self._select(priority, attributes, None))
        return found

    def _key(self, priority: str, attributes: Mapping[str, object]) -> object:
        """What the choice depends on, as a hashable key; None when it cannot be remembered
        (the set has effective dates, or a matched attribute's value is not hashable)."""
        keys = self._match_keys
        if keys is None:
            return None
        # The value's type is part of the key: True, 1 and 1.0 are equal but match differently.
        values = tuple((type(v), v) for v in map(attributes.get, keys))
        try:
            hash(values)
        except TypeError:
            return None
        return (priority, values)

    def _select(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> Selection:
        reasons: list[str] = []
        seen: set[str] = set()
        for policy in self.policies:
            if policy.abstract:
                continue
            if at is not None and not policy.in_effect(at):
                if policy.name not in seen and not any(
                    p.name == policy.name and p.in_effect(at) for p in self.policies
                ):
                    reasons.append(
                        f"policy {policy.name!r} skipped: no version of it is in effect at"
                        f" {at.isoformat()}"
                    )
                    seen.add(policy.name)
                continue
            ok, why = policy.matches(priority, attributes)
            if ok:
                version = (
                    f" (version effective from {policy.effective_from.isoformat()})"
                    if policy.effective_from is not None
                    else ""
                )
                reasons.append(f"policy {policy.name!r}{version} chosen: {why}")
                return Selection(policy, tuple(reasons))
            reasons.append(f"policy {policy.name!r} skipped: {why}")
        reasons.append("no policy matched, so the ticket has no SLA targets")
        return Selection(None, tuple(reasons))
