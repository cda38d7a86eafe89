"""Small builders for contract tests: a two-service contract measured around the clock."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from typing import Any

from slaclock.contracts import ContractSet, Outage

BERLIN = "Europe/Berlin"


def base_file(**credits: Any) -> dict[str, Any]:
    """Shop (12000 EUR) and backup (3000 EUR), each promised 99.5 % around the clock, with
    tiers 5 % below 99.5 %, 10 % below 99 %, 25 % below 97 %; `credits` adds to the credits."""
    tiers = [
        {"below": "99.5%", "credit": "5%"},
        {"below": "99%", "credit": "10%"},
        {"below": "97%", "credit": "25%"},
    ]
    return {
        "services": {"shop": {"fee": "12000 EUR"}, "backup": {"fee": "3000 EUR"}},
        "contracts": [
            {
                "name": "acme",
                "timezone": BERLIN,
                "objectives": [
                    {"name": "shop", "service": "shop", "availability": "99.5%"},
                    {"name": "backup", "service": "backup", "availability": "99.5%"},
                ],
                "credits": {
                    "at_risk": "30%",
                    "tiers": {"shop": copy.deepcopy(tiers), "backup": copy.deepcopy(tiers)},
                    **credits,
                },
            }
        ],
    }


def contracts(**credits: Any) -> ContractSet:
    return ContractSet.from_dict(base_file(**credits))


def down(service: str, start: str, hours: float, **extra: Any) -> Outage:
    """An outage of `hours` starting at an ISO instant."""
    begin = datetime.fromisoformat(start)
    return Outage(service, begin, begin + timedelta(hours=hours), **extra)
