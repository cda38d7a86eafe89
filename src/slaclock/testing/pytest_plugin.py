"""The pytest plugin of slaclock (registered through the ``pytest11`` entry point).

Fixtures:

``sla_scenario``
    A factory of `slaclock.testing.Scenario`: ``sla_scenario(policies, tz="Europe/Berlin")``.
``sla_demo_policies``
    The policy set of ``slaclock demo``, for trying the helpers out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:  # loaded by the fixtures, so that pytest starts as fast without slaclock
    from ..config import PolicySet
    from ..policy import SlaPolicy
    from .scenario import Scenario

__all__ = ["sla_demo_policies", "sla_scenario"]


@pytest.fixture
def sla_scenario() -> Callable[..., Scenario]:
    """Build a ticket scenario: ``sla_scenario(policies, tz="Europe/Berlin")``."""

    from .scenario import Scenario

    def build(policies: PolicySet | SlaPolicy, *, tz: str) -> Scenario:
        return Scenario(policies, tz=tz)

    return build


@pytest.fixture
def sla_demo_policies() -> PolicySet:
    """The policy set ``slaclock demo`` runs on."""
    from .scenario import demo_policies

    return demo_policies()
