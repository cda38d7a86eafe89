"""Policies: the values the clock evaluates (`model`) and how a ticket's policy is chosen
(`selection`). Reading them from files is `slaclock.config`'s work."""

from __future__ import annotations

from .model import (
    BUILTIN_METRICS,
    Condition,
    ConditionContext,
    MatchRule,
    MetricDefinition,
    Options,
    PauseRule,
    SlaPolicy,
    Target,
)
from .selection import Selection, Selector

__all__ = [
    "BUILTIN_METRICS",
    "Condition",
    "ConditionContext",
    "MatchRule",
    "MetricDefinition",
    "Options",
    "PauseRule",
    "Selection",
    "Selector",
    "SlaPolicy",
    "Target",
]
