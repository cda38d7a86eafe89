"""Hypothesis profiles: ``default`` (1,000 examples a property), ``slow`` (20,000, for
fuzzing), ``quick`` (50, while editing) and ``mutation`` (100, derandomized, for
scripts/mutation.py).

Pick one with the environment variable ``HYPOTHESIS_PROFILE``, e.g.
``HYPOTHESIS_PROFILE=slow .venv/bin/python -m pytest tests/test_calendar_properties.py``.
"""

from __future__ import annotations

import importlib.util
import os

from hypothesis import HealthCheck, settings

# With only `pip install .[test]` the django-helpdesk integration cannot be imported; its tests
# need the `django-test` extra (CI installs it, and with SLACLOCK_REQUIRE_POSTGRES they must run).
collect_ignore: list[str] = []
if importlib.util.find_spec("django") is None and not os.environ.get("SLACLOCK_REQUIRE_POSTGRES"):
    collect_ignore.append("integrations/django_helpdesk")

for name, examples in (("default", 1000), ("slow", 20_000), ("quick", 50)):
    settings.register_profile(
        name,
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        print_blob=True,
    )
# Mutation runs (scripts/mutation.py): fewer examples, the same ones on every run.
settings.register_profile(
    "mutation",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    # mutmut runs each test several times in one process (stats, clean run, mutants).
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.differing_executors,
    ],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
