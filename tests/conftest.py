"""Hypothesis profiles: ``default`` (1,000 examples a property), ``slow`` (20,000, for
fuzzing), ``quick`` (50, while editing) and ``mutation`` (100, derandomized, for
scripts/mutation.py).

Pick one with the environment variable ``HYPOTHESIS_PROFILE``, e.g.
``HYPOTHESIS_PROFILE=slow .venv/bin/python -m pytest tests/test_calendar_properties.py``.
"""

from __future__ import annotations

import importlib.util
import os

import pytest
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


#: Under mutation testing, the calendars made when the test files were imported.
_MADE_AT_IMPORT: list[object] = []


def pytest_collection_finish(session: object) -> None:
    """Under mutation testing, find the calendars the test files made at import time.

    mutmut runs the tests of each mutant in a process forked from one that has already run
    them with the unmutated code, and records which tests reach which function in one
    process too. A calendar made at import time (a module constant of a test file) remembers
    year tables, business days and day steps from the first test that asked, so a mutant in
    the code that computes them would run for no later test, or for none at all. Under
    mutmut (which sets ``MUTANT_UNDER_TEST``) each test starts those calendars afresh.
    """
    if "MUTANT_UNDER_TEST" not in os.environ:
        return
    import gc

    from slaclock import BusinessCalendar

    _MADE_AT_IMPORT[:] = [o for o in gc.get_objects() if isinstance(o, BusinessCalendar)]


@pytest.fixture(autouse=True)
def _calendars_start_afresh_under_mutation_testing() -> None:
    if _MADE_AT_IMPORT:
        from slaclock.calendar.engine import Engine

        for calendar in _MADE_AT_IMPORT:
            object.__setattr__(calendar, "engine", Engine(calendar))  # type: ignore[arg-type]
