"""`PolicySet`: the content of a policy file, resolved (policies in matching order and the
calendars they use), with selection. Reading a file builds the pydantic shapes on first use;
a set made in Python never does.

>>> office = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": office},
...     "policies": [{"name": "standard", "calendar": "office",
...                   "targets": {"*": {"first_response": "4h", "resolution": "3 business days"}}}],
... })
>>> policies.select(priority="P3", attributes={}).policy.name
'standard'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .._kernel.memo import Memo
from .._typing import EffectiveBy
from ..calendar import BusinessCalendar
from ..errors import PolicyError, PolicyFileError, Problem
from ..policy.model import SlaPolicy
from ..policy.selection import Selection, Selector

__all__ = ["PolicySet", "load_policies", "policy_schema"]


@dataclass(frozen=True, slots=True)
class PolicySet:
    """Policies in matching order (first match wins), with the calendars they use."""

    policies: tuple[SlaPolicy, ...]
    calendars: Mapping[str, BusinessCalendar] = field(default_factory=dict)
    effective_by: EffectiveBy = "created"
    _selector: Selector = field(init=False, repr=False, compare=False)
    #: The selections remembered per priority when the choice depends on the priority alone
    #: (no rule names a value, no version is dated, no policy reselects); None otherwise.
    #: Read by `evaluate` before it calls `select`.
    _by_priority: Memo[str, Selection] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        selector = Selector(tuple(self.policies))
        object.__setattr__(self, "_selector", selector)
        object.__setattr__(self, "_by_priority", None if selector.reselects else selector.shared)

    def __hash__(self) -> int:
        return hash(tuple(p.name for p in self.policies))

    # ------------------------------------------------------------------ loading
    # The readers are imported where they are used: they build pydantic models, which a set
    # made in Python never needs.

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<policies>") -> PolicySet:
        """Validate and resolve a policy file's content; `PolicyFileError` lists problems."""
        from .resolve import load

        return cls(*load(data, source, lines={}))

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<yaml>") -> PolicySet:
        """Read YAML (safe loading; no arbitrary objects)."""
        from .resolve import load
        from .sources import read_yaml

        data, lines = read_yaml(text, source)
        return cls(*load(data, source, lines))

    @classmethod
    def from_json(cls, text: str, *, source: str = "<json>") -> PolicySet:
        """Read JSON."""
        from .resolve import load
        from .sources import read_json

        return cls(*load(read_json(text, source), source, lines={}))

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> PolicySet:
        """Read TOML."""
        from .resolve import load
        from .sources import read_toml

        return cls(*load(read_toml(text, source), source, lines={}))

    # ------------------------------------------------------------------ using

    def select(
        self,
        *,
        priority: str,
        attributes: Mapping[str, object],
        created_at: datetime | None = None,
        now: datetime | None = None,
    ) -> Selection:
        """The first policy (in file order) that matches the ticket, with the reasons.

        Effective-dated versions are picked by the ticket's creation instant (default,
        ``effective_by: created``) or by `now` (``effective_by: now``).
        """
        selector = self._selector
        if not selector.dated:
            return selector.select(priority, attributes, None)
        at = created_at if self.effective_by == "created" else now
        if at is None:
            wanted = "created_at" if self.effective_by == "created" else "now"
            raise PolicyError(
                f"these policies have effective dates, so select() needs {wanted} to pick the"
                " version in effect"
            )
        return selector.select(priority, attributes, at)

    @property
    def reselects(self) -> bool:
        """Whether a policy of the set says ``selection: on_change``: a ticket's policy is
        then chosen again when its priority or attributes change
        (`slaclock.clock.reselect`)."""
        return self._selector.reselects

    def get(self, name: str) -> SlaPolicy:
        """The policy called `name` (its first version)."""
        for policy in self.policies:
            if policy.name == name:
                return policy
        raise PolicyError(
            f"no policy named {name!r}; defined: {', '.join(p.name for p in self.policies)}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The policy file content, resolved (inheritance flattened); loads back equal."""
        from .dump import policies_to_config

        return policies_to_config(self.policies, self.calendars, self.effective_by)


def policy_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a policy file, for editors that validate YAML as
    it is typed: every key described, with examples, patterns for durations and wall-clock
    intervals.

    >>> schema = policy_schema()
    >>> schema["title"], schema["$schema"]
    ('slaclock policy file', 'https://json-schema.org/draft/2020-12/schema')
    """
    from .json_schema import build_policy_schema

    return build_policy_schema()


def load_policies(path: str | Path) -> PolicySet:
    """A policy set from a ``.yaml``/``.yml``, ``.json`` or ``.toml`` file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem("", f"cannot read the file: {exc.strerror}")
        raise PolicyFileError(str(file), [problem]) from None
    suffix = file.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return PolicySet.from_yaml(text, source=str(file))
    if suffix == ".json":
        return PolicySet.from_json(text, source=str(file))
    if suffix == ".toml":
        return PolicySet.from_toml(text, source=str(file))
    raise PolicyFileError(
        str(file),
        [Problem("", f"unknown file type {suffix!r}; use .yaml, .yml, .json or .toml")],
    )
