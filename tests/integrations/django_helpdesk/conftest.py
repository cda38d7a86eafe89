"""Django settings and the test database for the django-helpdesk integration tests.

The database is SQLite unless ``SLACLOCK_TEST_POSTGRES`` holds a PostgreSQL URL such as
``postgresql://postgres@/slaclock?host=/tmp/pg&port=5432`` (``.ci/postgres.sh start`` prints
one). With ``SLACLOCK_REQUIRE_POSTGRES=1`` a missing URL is an error, not a quiet fall-back
to SQLite: CI sets it so that a run which could not reach PostgreSQL fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import django
import pytest
from django.conf import settings

HERE = Path(__file__).parent
POLICY_FILE = HERE / "policies.yaml"


def _database() -> dict[str, Any]:
    url = os.environ.get("SLACLOCK_TEST_POSTGRES", "")
    if not url:
        if os.environ.get("SLACLOCK_REQUIRE_POSTGRES") == "1":
            raise RuntimeError(
                "SLACLOCK_REQUIRE_POSTGRES=1 but SLACLOCK_TEST_POSTGRES is not set: start a"
                " cluster with `.ci/postgres.sh start` and export the URL it prints"
            )
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or ""])[0]
    port = query.get("port", [str(parts.port or "")])[0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": port,
    }


if not settings.configured:
    settings.configure(
        DEBUG=False,
        USE_TZ=True,
        TIME_ZONE="Europe/Berlin",
        LANGUAGE_CODE="en-us",
        DATABASES={"default": _database()},
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.humanize",
            "django.contrib.messages",
            "django.contrib.sessions",
            "django.contrib.sites",
            "rest_framework",
            "helpdesk",
            "slaclock.integrations.django_helpdesk",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.contrib.auth.context_processors.auth",
                        "django.template.context_processors.request",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        ROOT_URLCONF=f"{__name__.rpartition('.')[0]}.sla_test_urls",
        SITE_ID=1,
        SECRET_KEY="slaclock-integration-tests-only",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        STATIC_URL="/static/",
        MEDIA_ROOT=tempfile.mkdtemp(prefix="slaclock-helpdesk-media-"),
        LOGIN_URL="/login/",
        HELPDESK_TEAMS_MODEL="auth.User",
        HELPDESK_TEAMS_MIGRATION_DEPENDENCIES=[],
        HELPDESK_KBITEM_TEAM_GETTER=lambda _: None,
        SLACLOCK_HELPDESK={"POLICY_FILE": str(POLICY_FILE)},
    )
    django.setup()


@pytest.fixture(scope="session", autouse=True)
def _test_database() -> Iterator[None]:
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.fixture
def db() -> Iterator[None]:
    """Each test in a transaction rolled back afterwards (as Django's TestCase does)."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under ``SLACLOCK_REQUIRE_POSTGRES=1`` a skipped test fails the run: CI must not pass
    with the PostgreSQL tests quietly left out."""
    if os.environ.get("SLACLOCK_REQUIRE_POSTGRES") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter is not None else []
    if skipped and session.exitstatus == 0:
        names = ", ".join(sorted({r.nodeid for r in skipped})[:5])
        print(f"\nSLACLOCK_REQUIRE_POSTGRES=1: {len(skipped)} test(s) skipped ({names})")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
