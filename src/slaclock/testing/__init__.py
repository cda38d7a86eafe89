"""Helpers for users' own tests of their SLA policies: readable scenarios and expectations,
and a pytest plugin (`slaclock.testing.pytest_plugin`) with ready fixtures.

The names load on first use, so the pytest plugin costs nothing at pytest's start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scenario import Expectation, Scenario, demo_policies

__all__ = ["Expectation", "Scenario", "demo_policies"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import scenario

        return getattr(scenario, name)
    raise AttributeError(f"module 'slaclock.testing' has no attribute {name!r}")
