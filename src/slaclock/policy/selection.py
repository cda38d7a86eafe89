"""Choosing a ticket's policy: the first (in file order) whose match rules hold, with the
reasons for every policy passed over, so a support lead can see why.

Choosing is cheap whatever the number of policies: the choice depends only on which of the
values the rules name a ticket's attributes hold (any value no rule names behaves like any
other), and for effective-dated sets on which stretch between version boundaries the
instant falls in. Choices are remembered by exactly that. The explanation, which names the
ticket's own values, is built only when it is read.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from datetime import datetime

from .._kernel.memo import Memo
from .model import SlaPolicy

__all__ = ["Selection", "Selector"]

#: Tokens for an attribute's value in a selection key: absent (or None), and a value that no
#: rule names (every rule treats all such values alike).
_ABSENT = ("absent",)
_OTHER = ("other",)


class Selection:
    """The policy chosen for a ticket (None when none matched) and why.

    ``reasons`` may be given, or built on first read by ``explain``.
    """

    __slots__ = ("_explain", "_reasons", "policy")

    def __init__(
        self,
        policy: SlaPolicy | None,
        reasons: tuple[str, ...] | None = None,
        *,
        explain: Callable[[], tuple[str, ...]] | None = None,
    ) -> None:
        if reasons is None and explain is None:
            raise TypeError("a Selection needs its reasons or a way to explain them")
        self.policy = policy
        self._reasons = reasons
        self._explain = explain

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why: one line for every policy passed over, then the one chosen (or none)."""
        found = self._reasons
        if found is None and self._explain is not None:
            found = self._reasons = self._explain()
        return found or ()

    def explain(self) -> str:
        """The reasons, one a line."""
        return "\n".join(self.reasons)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selection):
            return NotImplemented
        return self.policy == other.policy and self.reasons == other.reasons

    def __hash__(self) -> int:
        return hash((self.policy, self.reasons))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickles explained (a worker process sends its results back), not with the closure.
        return (Selection, (self.policy, self.reasons))

    def __repr__(self) -> str:
        name = None if self.policy is None else self.policy.name
        return f"Selection(policy={name!r}, reasons={self.reasons!r})"


class Selector:
    """First-match selection over policies in order, remembered by what decides it.

    Safe to share between threads: the memo is bounded and every remembered value is a pure
    function of its key.
    """

    __slots__ = (
        "_bounds",
        "_chosen",
        "_explained",
        "_keys",
        "_named",
        "_versions",
        "dated",
        "policies",
        "reselects",
        "shared",
    )

    def __init__(self, policies: tuple[SlaPolicy, ...]) -> None:
        self.policies = policies
        self.dated = any(
            p.effective_from is not None or p.effective_until is not None for p in policies
        )
        # Whether a ticket's policy may be chosen again when it changes (selection: on_change).
        self.reselects = any(p.options.selection == "on_change" for p in policies)
        named: dict[str, tuple[set[bool], set[object]]] = {}
        for policy in policies:
            for rule in policy.match:
                bools, others = named.setdefault(rule.key, (set(), set()))
                for value in rule.values:
                    if isinstance(value, bool):
                        bools.add(value)
                    else:
                        others.add(value)
        self._keys = tuple(sorted(named))
        self._named = {k: (frozenset(b), frozenset(o)) for k, (b, o) in named.items()}
        bounds = {
            edge
            for p in policies
            for edge in (p.effective_from, p.effective_until)
            if edge is not None
        }
        self._bounds = sorted(bounds)
        self._versions: dict[str, list[SlaPolicy]] = {}
        for policy in policies:
            self._versions.setdefault(policy.name, []).append(policy)
        self._chosen: Memo[object, tuple[SlaPolicy | None]] = Memo()
        self._explained: Memo[object, tuple[str, ...]] = Memo()
        # No rule names a value and no version is dated: the choice and its reasons depend on
        # the priority alone, so one selection serves every ticket of a priority.
        self.shared: Memo[str, Selection] | None = (
            Memo() if not self._keys and not self.dated else None
        )

    def select(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> Selection:
        """The first policy that matches (in effect at `at`, for dated sets), with reasons."""
        shared = self.shared
        if shared is not None:
            found = shared.get(priority)
            if found is None:
                policy = self._choose(priority, attributes, at)
                found = shared.put(
                    priority, Selection(policy, explain=lambda: self.explain(priority, {}, at))
                )
            return found
        key = self._key(priority, attributes, at)
        boxed = None if key is None else self._chosen.get(key)
        if boxed is None:
            boxed = (self._choose(priority, attributes, at),)
            if key is not None:
                self._chosen.put(key, boxed)
        seen = dict(attributes)
        return Selection(boxed[0], explain=lambda: self.explain(priority, seen, at))

    def _key(self, priority: str, attributes: Mapping[str, object], at: datetime | None) -> object:
        """What the choice depends on; None when a value cannot serve as a key."""
        tokens: list[object] = [priority]
        named = self._named
        for key in self._keys:
            value = priority if key == "priority" else attributes.get(key)
            if value is None:
                tokens.append(_ABSENT)
                continue
            bools, others = named[key]
            if isinstance(value, bool):
                tokens.append(("bool", value) if value in bools else _OTHER)
                continue
            try:
                known = value in others
            except TypeError:  # an unhashable value: choose without remembering
                return None
            # Equal values (1 and 1.0) meet every rule alike, so they may share a key.
            tokens.append(("value", value) if known else _OTHER)
        if self.dated and at is not None:
            tokens.append(bisect_right(self._bounds, at))
        return tuple(tokens)

    def _choose(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> SlaPolicy | None:
        scope = {**attributes, "priority": priority}
        for policy in self.policies:
            if policy.abstract:
                continue
            if at is not None and not policy.in_effect(at):
                continue
            if all(rule.test(scope) for rule in policy.match):
                return policy
        return None

    def explain(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> tuple[str, ...]:
        """The reasons for the choice, naming the ticket's own values.

        Remembered by what the text shows: the priority, the value (and its type, which its
        ``repr`` shows) of every attribute a rule names, and for dated sets the instant as
        written. A batch that writes every ticket's reasons builds each text once.
        """
        tokens: list[object] = [priority]
        for key in self._keys:
            value = priority if key == "priority" else attributes.get(key)
            tokens.append((type(value), value))
        if self.dated and at is not None:
            tokens.append(at.isoformat())
        remembered = tuple(tokens)
        try:
            found = self._explained.get(remembered)
        except TypeError:  # an unhashable value: explain without remembering
            return self._explain(priority, attributes, at)
        if found is None:
            found = self._explained.put(remembered, self._explain(priority, attributes, at))
        return found

    def _explain(
        self, priority: str, attributes: Mapping[str, object], at: datetime | None
    ) -> tuple[str, ...]:
        reasons: list[str] = []
        seen: set[str] = set()
        for policy in self.policies:
            if policy.abstract:
                continue
            if at is not None and not policy.in_effect(at):
                if policy.name not in seen and not any(
                    p.in_effect(at) for p in self._versions[policy.name]
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
                return tuple(reasons)
            reasons.append(f"policy {policy.name!r} skipped: {why}")
        reasons.append("no policy matched, so the ticket has no SLA targets")
        return tuple(reasons)
