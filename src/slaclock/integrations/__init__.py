"""Adapters that make slaclock the SLA engine of existing ticketing applications.

Each adapter is an optional extra with its own dependencies; importing `slaclock` never
imports any of them. Available: `slaclock.integrations.django_helpdesk` (``slaclock[django]``).
"""
