"""The integration's settings: one ``SLACLOCK_HELPDESK`` dictionary in the Django settings.

Every key has a default except ``POLICY_FILE``:

==================== ==========================================================================
key                  meaning
==================== ==========================================================================
POLICY_FILE          the slaclock policy file (``.yaml``, ``.json`` or ``.toml``)
STATUSES             helpdesk status number → slaclock status name (the names ``pause_on``
                     lists); unlisted numbers keep their number as the name
RESOLVED_STATUSES    helpdesk statuses that resolve a ticket (default: Resolved)
CLOSED_STATUSES      helpdesk statuses that close it for good (default: Closed, Duplicate)
ON_HOLD_STATUS       the slaclock status of a ticket whose ``on_hold`` flag is set (default
                     ``"on_hold"``; ``None``: the flag changes nothing)
PRIORITIES           helpdesk priority number → slaclock priority name (default ``1 → "P1"``
                     … ``5 → "P5"``)
ATTRIBUTES           attribute name → where its value comes from, for policy selection:
                     ``"queue"`` (the queue's slug), ``"queue_title"``, ``"submitter_domain"``
                     (the submitter's e-mail domain, a stand-in for the organisation),
                     ``"custom:<field name>"`` (a custom field's value) or a callable taking
                     the ticket (default ``{"queue": "queue"}``)
AGENT_TEST           a callable taking a follow-up's user: is this an agent? (default: the
                     helpdesk's own staff test, without its "is active" condition, so the
                     replies of an agent who has left stay agent replies)
MIRROR_DUE_DATE      copy the earliest open deadline into ``Ticket.due_date`` (default False:
                     staff edit that field)
RECOMPUTE_ON_SAVE    recompute a ticket after each relevant save (default True)
==================== ==========================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed

from slaclock import PolicySet, load_policies

SETTING = "SLACLOCK_HELPDESK"
_ATTRIBUTE_SOURCES = ("queue", "queue_title", "submitter_domain")
_KNOWN_KEYS = frozenset(
    {
        "POLICY_FILE",
        "STATUSES",
        "RESOLVED_STATUSES",
        "CLOSED_STATUSES",
        "ON_HOLD_STATUS",
        "PRIORITIES",
        "ATTRIBUTES",
        "AGENT_TEST",
        "MIRROR_DUE_DATE",
        "RECOMPUTE_ON_SAVE",
    }
)

AttributeSource = str | Callable[[Any], object]


@dataclass(frozen=True)
class HelpdeskSla:
    """The integration's settings, read from ``settings.SLACLOCK_HELPDESK``."""

    policy_file: Path
    statuses: Mapping[int, str]
    resolved_statuses: frozenset[int]
    closed_statuses: frozenset[int]
    on_hold_status: str | None
    priorities: Mapping[int, str]
    attributes: Mapping[str, AttributeSource]
    agent_test: Callable[[Any], bool]
    mirror_due_date: bool = False
    recompute_on_save: bool = True
    custom_fields: frozenset[str] = field(default=frozenset())

    def status_name(self, status: int, on_hold: bool) -> str:
        """The slaclock status of a helpdesk status with its hold flag."""
        if on_hold and self.on_hold_status is not None:
            return self.on_hold_status
        return self.statuses.get(status, str(status))

    def priority_name(self, priority: int) -> str:
        """The slaclock priority of a helpdesk priority number."""
        return self.priorities.get(priority, str(priority))


def _default_agent_test(user: Any) -> bool:
    from helpdesk import settings as helpdesk_settings

    rule = helpdesk_settings.HELPDESK_ALLOW_NON_STAFF_TICKET_UPDATE
    if callable(rule):
        return bool(rule(user))
    return bool(rule) or bool(getattr(user, "is_staff", False))


def _int_keys(name: str, value: object) -> dict[int, str]:
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured(f"{SETTING}[{name!r}] must be a mapping, got {value!r}")
    out: dict[int, str] = {}
    for key, item in value.items():
        try:
            number = int(key)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(
                f"{SETTING}[{name!r}]: keys are the helpdesk's numbers, got {key!r}"
            ) from None
        out[number] = str(item)
    return out


def _int_set(name: str, value: object) -> frozenset[int]:
    if not isinstance(value, list | tuple | set | frozenset):
        raise ImproperlyConfigured(f"{SETTING}[{name!r}] must be a list of numbers, got {value!r}")
    return frozenset(int(v) for v in value)


def read_settings() -> HelpdeskSla:
    """The settings as they stand (cached until a setting changes)."""
    return _read()


@lru_cache(maxsize=1)
def _read() -> HelpdeskSla:
    from helpdesk import settings as helpdesk_settings

    raw = getattr(django_settings, SETTING, None)
    if not isinstance(raw, Mapping):
        raise ImproperlyConfigured(
            f"settings.{SETTING} is missing: set it to a dict with at least 'POLICY_FILE'"
        )
    unknown = set(raw) - _KNOWN_KEYS
    if unknown:
        raise ImproperlyConfigured(
            f"settings.{SETTING}: unknown key {sorted(unknown)[0]!r};"
            f" known keys: {', '.join(sorted(_KNOWN_KEYS))}"
        )
    if "POLICY_FILE" not in raw:
        raise ImproperlyConfigured(f"settings.{SETTING}['POLICY_FILE'] is required")
    if not django_settings.USE_TZ:
        raise ImproperlyConfigured(
            "slaclock needs aware datetimes: set USE_TZ = True (Django's default since 5.0)"
        )
    default_statuses = {
        helpdesk_settings.OPEN_STATUS: "open",
        helpdesk_settings.REOPENED_STATUS: "reopened",
        helpdesk_settings.RESOLVED_STATUS: "resolved",
        helpdesk_settings.CLOSED_STATUS: "closed",
        helpdesk_settings.DUPLICATE_STATUS: "duplicate",
    }
    attributes = dict(raw.get("ATTRIBUTES", {"queue": "queue"}))
    custom: set[str] = set()
    for name, source in attributes.items():
        if callable(source):
            continue
        if isinstance(source, str) and source.startswith("custom:") and len(source) > 7:
            custom.add(source[7:])
        elif source not in _ATTRIBUTE_SOURCES:
            raise ImproperlyConfigured(
                f"{SETTING}['ATTRIBUTES'][{name!r}]: unknown source {source!r}; use one of"
                f" {', '.join(_ATTRIBUTE_SOURCES)}, 'custom:<field name>' or a callable"
            )
    on_hold = raw.get("ON_HOLD_STATUS", "on_hold")
    agent_test = raw.get("AGENT_TEST", _default_agent_test)
    if not callable(agent_test):
        raise ImproperlyConfigured(f"{SETTING}['AGENT_TEST'] must be callable")
    return HelpdeskSla(
        policy_file=Path(raw["POLICY_FILE"]),
        statuses=_int_keys("STATUSES", raw.get("STATUSES", default_statuses)),
        resolved_statuses=_int_set(
            "RESOLVED_STATUSES", raw.get("RESOLVED_STATUSES", [helpdesk_settings.RESOLVED_STATUS])
        ),
        closed_statuses=_int_set(
            "CLOSED_STATUSES",
            raw.get(
                "CLOSED_STATUSES",
                [helpdesk_settings.CLOSED_STATUS, helpdesk_settings.DUPLICATE_STATUS],
            ),
        ),
        on_hold_status=None if on_hold is None else str(on_hold),
        priorities=_int_keys(
            "PRIORITIES", raw.get("PRIORITIES", {n: f"P{n}" for n in range(1, 6)})
        ),
        attributes=attributes,
        agent_test=agent_test,
        mirror_due_date=bool(raw.get("MIRROR_DUE_DATE", False)),
        recompute_on_save=bool(raw.get("RECOMPUTE_ON_SAVE", True)),
        custom_fields=frozenset(custom),
    )


def policies() -> PolicySet:
    """The policy set from ``POLICY_FILE``, loaded once (again after a setting changes)."""
    return _policies(read_settings().policy_file)


@lru_cache(maxsize=4)
def _policies(path: Path) -> PolicySet:
    return load_policies(path)


def _reset(*, setting: str, **_: object) -> None:
    if setting in (SETTING, "USE_TZ"):
        _read.cache_clear()
        _policies.cache_clear()


setting_changed.connect(_reset, dispatch_uid="slaclock-helpdesk-settings")
