"""What every shape of a policy file shares: frozen models that forbid unknown keys, the
pattern of a name, and the check of a written effective date."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict

__all__ = ["NAME_PATTERN", "effective_instant"]

NAME_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"


def effective_instant(value: date | datetime | None, zone: str) -> date | datetime | None:
    """An effective date as written: a plain date (midnight in `zone`) or an aware datetime;
    a naive datetime is refused, since nothing says which zone it is in."""
    if isinstance(value, datetime) and value.utcoffset() is None:
        raise ValueError(
            f"naive datetime {value.isoformat()}; give a zone (e.g. +01:00) or a plain date,"
            f" which means midnight in {zone}"
        )
    return value


class _Spec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
