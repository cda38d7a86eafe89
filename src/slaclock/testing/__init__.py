"""Helpers for users' own tests of their SLA policies: readable scenarios and expectations,
and a pytest plugin (`slaclock.testing.pytest_plugin`) with ready fixtures."""

from __future__ import annotations

from .scenario import Expectation, Scenario, demo_policies

__all__ = ["Expectation", "Scenario", "demo_policies"]
