"""Integrations are optional extras: their tests run where the extra is installed.

Without django-helpdesk the django_helpdesk folder is not collected, unless
``SLACLOCK_REQUIRE_POSTGRES=1`` says this run must test it (CI), which then fails.
"""

from __future__ import annotations

import importlib.util
import os

collect_ignore_glob: list[str] = []
if importlib.util.find_spec("helpdesk") is None:
    if os.environ.get("SLACLOCK_REQUIRE_POSTGRES") == "1":
        raise RuntimeError(
            "SLACLOCK_REQUIRE_POSTGRES=1 but django-helpdesk is not installed:"
            " pip install -e '.[django-test]'"
        )
    collect_ignore_glob.append("django_helpdesk/*")
