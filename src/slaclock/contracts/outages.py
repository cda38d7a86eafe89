"""Outages: when a service was down or degraded, read from JSON lines or built in Python.

One JSON object a line::

    {"service": "shop", "start": "2026-11-03T10:12:00+01:00", "end": "2026-11-03T11:40:00+01:00",
     "kind": "unplanned", "impact": 1.0}

``kind`` is ``unplanned`` (the default), ``planned`` (with ``announced_at``),
``customer_caused`` or ``force_majeure``; ``impact`` in (0, 1] weights a degraded service
(default 1: fully down). Each bad line is a problem naming the file, the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Literal, TypeAlias, get_args

from ..errors import NaiveDatetimeError, PolicyFileError, Problem
from ..events import TicketEvent

__all__ = [
    "Outage",
    "OutageKind",
    "load_outages",
    "outages_from_tickets",
    "read_outages",
]

OutageKind: TypeAlias = Literal["unplanned", "planned", "customer_caused", "force_majeure"]
"""Why a service was down; every kind but ``unplanned`` may leave the measurement."""

_KEYS = {"service", "start", "end", "kind", "impact", "announced_at", "id", "note"}


@dataclass(frozen=True, slots=True)
class Outage:
    """A service down (or degraded by `impact`) from `start` to `end` (half-open).

    >>> from datetime import datetime
    >>> Outage("shop", datetime.fromisoformat("2026-11-03T10:12+01:00"),
    ...        datetime.fromisoformat("2026-11-03T11:40+01:00")).minutes
    88
    """

    service: str
    start: datetime
    end: datetime
    kind: OutageKind = "unplanned"
    impact: Fraction = Fraction(1)
    announced_at: datetime | None = None
    id: str | None = None
    where: str | None = None

    def __post_init__(self) -> None:
        for name in ("start", "end", "announced_at"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, datetime) or value.utcoffset() is None):
                raise NaiveDatetimeError(
                    f"{self._label()}{name}: needs a time zone, got {value!r}; write an offset"
                    " such as +01:00"
                )
        if self.end <= self.start:
            raise ValueError(
                f"{self._label()}end: the outage ends ({self.end.isoformat()}) before or when it"
                f" starts ({self.start.isoformat()})"
            )
        if self.kind not in get_args(OutageKind):
            raise ValueError(
                f"{self._label()}kind: unknown kind {self.kind!r}; use one of"
                f" {', '.join(get_args(OutageKind))}"
            )
        # Through its text, so that a float such as 0.1 is one tenth (exact for the others).
        impact = Fraction(str(self.impact))
        if not 0 < impact <= 1:
            raise ValueError(
                f"{self._label()}impact: must be more than 0 and at most 1, got {self.impact}"
            )
        object.__setattr__(self, "impact", impact)

    def _label(self) -> str:
        return f"outage {self.id!r}: " if self.id else ""

    @property
    def minutes(self) -> int:
        """Whole minutes from start to end (for messages and examples)."""
        return int((self.end - self.start).total_seconds() // 60)


def _field(
    data: Mapping[str, object], key: str, problems: list[tuple[str, str]]
) -> datetime | None:
    value = data.get(key)
    if value is None:
        if key != "announced_at":
            problems.append((key, "this key is required"))
        return None
    if not isinstance(value, str):
        problems.append((key, f"expected an ISO 8601 instant, got {value!r}"))
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        problems.append((key, f"not an ISO 8601 instant: {value!r}"))
        return None
    if parsed.utcoffset() is None:
        problems.append(
            (
                key,
                f"{value!r} has no time zone; write an offset such as {value}+01:00, or Z for UTC",
            )
        )
        return None
    return parsed


def _impact(raw: object, problems: list[tuple[str, str]]) -> Fraction | None:
    """A line's impact as the decimal written (0.1 is one tenth, not a binary float)."""
    # Decimal(str(...)) refuses booleans, null, lists and objects by their text; Fraction
    # refuses NaN (ValueError) and infinities (OverflowError).
    try:
        impact = Fraction(Decimal(str(raw)))
    except (InvalidOperation, ValueError, OverflowError):
        problems.append(("impact", f"expected a number in (0, 1], got {raw!r}"))
        return None
    if not 0 < impact <= 1:
        problems.append(("impact", f"must be more than 0 and at most 1, got {raw}"))
        return None
    return impact


def _from_object(
    data: object, services: Iterable[str] | None
) -> tuple[Outage | None, list[tuple[str, str]]]:
    """The outage of one line, or the (field, message) problems that keep it out."""
    problems: list[tuple[str, str]] = []
    if not isinstance(data, dict):
        return None, [("", f"expected a JSON object, got {type(data).__name__}")]
    for key in sorted(set(data) - _KEYS):
        problems.append((key, f"unknown key; outages have {', '.join(sorted(_KEYS))}"))
    service = data.get("service")
    known = None if services is None else sorted(services)
    if not isinstance(service, str):
        problems.append(("service", "this key is required (a name from 'services:')"))
    elif known is not None and service not in known:
        problems.append(("service", f"unknown service {service!r}; defined: {', '.join(known)}"))
    start = _field(data, "start", problems)
    end = _field(data, "end", problems)
    announced = _field(data, "announced_at", problems)
    kind = data.get("kind", "unplanned")
    if kind not in get_args(OutageKind):
        problems.append(
            ("kind", f"unknown kind {kind!r}; use one of {', '.join(get_args(OutageKind))}")
        )
    impact = _impact(data.get("impact", 1), problems)
    if start and end and end <= start:
        problems.append(
            (
                "end",
                f"the outage ends ({end.isoformat()}) before or when it starts"
                f" ({start.isoformat()})",
            )
        )
    if problems or not isinstance(service, str) or not start or not end or impact is None:
        return None, problems
    ident = data.get("id")
    return (
        Outage(
            service,
            start,
            end,
            kind,
            impact,
            announced,
            None if ident is None else str(ident),
        ),
        [],
    )


def read_outages(
    lines: Iterable[str], *, source: str = "<outages>", services: Iterable[str] | None = None
) -> list[Outage]:
    """Outages from JSON lines; every bad line is reported (file:line: field: message).

    `services`, when given, are the names an outage may refer to.

    >>> read_outages(['{"service": "shop", "start": "2026-11-03T10:12:00+01:00",'
    ...               ' "end": "2026-11-03T11:40:00+01:00"}'])[0].minutes
    88
    """
    known = None if services is None else list(services)
    found: list[Outage] = []
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem("", f"not valid JSON: {exc.msg}", number))
            continue
        outage, messages = _from_object(data, known)
        problems.extend(Problem(key, text, number) for key, text in messages)
        if outage is not None:
            found.append(
                Outage(
                    outage.service,
                    outage.start,
                    outage.end,
                    outage.kind,
                    outage.impact,
                    outage.announced_at,
                    outage.id,
                    f"{source}:{number}",
                )
            )
    if problems:
        raise PolicyFileError(source, problems)
    return found


def load_outages(path: str | Path, *, services: Iterable[str] | None = None) -> list[Outage]:
    """`read_outages` on a file."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyFileError(str(file), [Problem("", f"cannot read: {exc.strerror}")]) from None
    return read_outages(text.splitlines(), source=str(file), services=services)


def outages_from_tickets(
    tickets: Iterable[Iterable[TicketEvent]],
    *,
    service: str,
    priority: str = "P1",
    attributes: Mapping[str, object] | None = None,
    until: datetime | None = None,
) -> list[Outage]:
    """Outages derived from incident tickets: each ticket of `priority` (and with the given
    `attributes`) is an unplanned outage of `service` from ``created`` to its first
    ``resolved``; a ticket not resolved yet runs to `until` (or is left out without it).
    """
    found: list[Outage] = []
    for events in tickets:
        ordered = sorted(events, key=lambda e: e.at)
        created = next((e for e in ordered if e.type == "created"), None)
        if created is None or created.priority != priority:
            continue
        attrs = created.attributes or {}
        if attributes and any(attrs.get(k) != v for k, v in attributes.items()):
            continue
        resolved = next((e for e in ordered if e.type == "resolved" and e.at > created.at), None)
        end = resolved.at if resolved is not None else until
        if end is None or end <= created.at:
            continue
        found.append(
            Outage(service, created.at, end, "unplanned", Fraction(1), None, created.ticket)
        )
    return found
