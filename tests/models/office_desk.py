"""The office calendar and the one-policy set many clock tests are written against.

``office`` is open Monday to Friday 09:00-17:00 in Europe/Berlin; Monday 2026-11-23 is an
ordinary week in CET (+01:00). The policy ``desk`` counts on ``office`` and pauses every
target while the ticket is ``pending``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slaclock import PolicySet

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
MON, TUE = "2026-11-23", "2026-11-24"


def berlin(day: str, hhmm: str) -> datetime:
    """A Berlin wall time in winter, e.g. berlin(MON, "09:00")."""
    return datetime.fromisoformat(f"{day}T{hhmm}+01:00")


def desk(targets: dict[str, Any], **options: Any) -> PolicySet:
    """The set of one policy ``desk`` with `targets` by priority and `options`."""
    return PolicySet.from_dict(
        {
            "calendars": {"office": OFFICE},
            "policies": [
                {
                    "name": "desk",
                    "calendar": "office",
                    "pause_on": ["pending"],
                    "targets": targets,
                    **options,
                }
            ],
        }
    )
