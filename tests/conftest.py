"""Hypothesis profiles: ``default`` (1,000 examples a property) and ``slow`` (fuzzing).

Pick one with the environment variable ``HYPOTHESIS_PROFILE``, e.g.
``HYPOTHESIS_PROFILE=slow .venv/bin/python -m pytest tests/test_calendar_properties.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.filter_too_much],
    "print_blob": True,
}

settings.register_profile("default", max_examples=1000, **_COMMON)
settings.register_profile("slow", max_examples=20_000, **_COMMON)
settings.register_profile("quick", max_examples=50, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
