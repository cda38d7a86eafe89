"""slaclock as the SLA engine of django-helpdesk (the ``slaclock[django]`` extra).

Add ``"slaclock.integrations.django_helpdesk"`` to ``INSTALLED_APPS`` after ``"helpdesk"``,
set ``SLACLOCK_HELPDESK = {"POLICY_FILE": ...}`` (see `conf` for every key), migrate, run
``manage.py sla_backfill`` once, and ``manage.py sla_wake`` every minute. The guide "Add SLAs
to django-helpdesk" in the docs walks through it.

This package imports Django; `slaclock` itself never imports it.
"""
