"""`ContractSet`: the contracts of a policy file, and their statements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..calendar import BusinessCalendar
from ..clock import evaluate_many
from ..config import PolicySet
from ..errors import PolicyError
from ..events import TicketEvent
from .load import ContractFile, load_contract_file, read_contract_file
from .outages import Outage
from .periods import Period
from .statement import Statement, compute_statement
from .terms import Contract, Service
from .tickets import TicketRecord, ticket_record

__all__ = ["ContractSet", "load_contracts"]


@dataclass(frozen=True, slots=True)
class ContractSet:
    """Contracts (every version, in file order), the services they cover, and the calendars
    and policies of the same file.

    >>> contracts = ContractSet.from_dict({
    ...     "services": {"shop": {"fee": "1000 EUR"}},
    ...     "contracts": [{"name": "basic", "timezone": "Europe/Berlin",
    ...                    "objectives": [{"name": "up", "service": "shop",
    ...                                    "availability": "99%"}],
    ...                    "credits": {"tiers": {"up": [{"below": "99%", "credit": "10%"}]}}}],
    ... })
    >>> contracts.statement("basic", "2026-11").total_owed
    '0.00 EUR'
    """

    contracts: tuple[Contract, ...]
    services: Mapping[str, Service]
    calendars: Mapping[str, BusinessCalendar]
    policies: PolicySet | None = None
    source: str = "<contracts>"

    @classmethod
    def _of(cls, found: ContractFile) -> ContractSet:
        return cls(found.contracts, found.services, found.calendars, found.policies, found.source)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<contracts>") -> ContractSet:
        """From a policy file's content as a mapping."""
        return cls._of(read_contract_file(data, source=source))

    @classmethod
    def from_yaml(cls, text: str, *, source: str = "<yaml>") -> ContractSet:
        """From YAML text (problems carry line numbers)."""
        return cls._of(read_contract_file(text, suffix=".yaml", source=source))

    @classmethod
    def from_json(cls, text: str, *, source: str = "<json>") -> ContractSet:
        """From JSON text."""
        return cls._of(read_contract_file(text, suffix=".json", source=source))

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> ContractSet:
        """From TOML text."""
        return cls._of(read_contract_file(text, suffix=".toml", source=source))

    @property
    def names(self) -> tuple[str, ...]:
        """The contracts' names, each once, in file order."""
        return tuple(dict.fromkeys(c.name for c in self.contracts))

    def versions(self, name: str) -> tuple[Contract, ...]:
        """Every version of a contract, by effective date."""
        found = [c for c in self.contracts if c.name == name]
        if not found:
            raise PolicyError(
                f"no contract named {name!r}; defined: {', '.join(self.names) or 'none'}"
            )
        return tuple(found)

    def check_outages(self, outages: Iterable[Outage]) -> None:
        """Raise `PolicyError` naming the first outage of a service no one defined."""
        for o in outages:
            if o.service not in self.services:
                where = f"{o.where}: " if o.where else ""
                raise PolicyError(
                    f"{where}service: unknown service {o.service!r}; defined:"
                    f" {', '.join(sorted(self.services)) or 'none'}"
                )

    def statement(
        self,
        name: str,
        period: str,
        outages: Iterable[Outage] = (),
        tickets: Iterable[TicketRecord] = (),
    ) -> Statement:
        """The statement of contract `name` for `period` (``2026-11``, ``2026-Q4``)."""
        outages = list(outages)
        self.check_outages(outages)
        return compute_statement(self.versions(name), period, outages, tickets)

    def statements(
        self,
        period: str,
        outages: Iterable[Outage] = (),
        tickets: Iterable[TicketRecord] = (),
    ) -> list[Statement]:
        """A statement for every contract with a version in effect at the period's start."""
        outages = list(outages)
        tickets = list(tickets)
        out = []
        for name in self.names:
            versions = self.versions(name)
            first = versions[0]
            start = Period.parse(period, first.period, first.timezone).start
            if any(v.in_effect(start) for v in versions):
                out.append(self.statement(name, period, outages, tickets))
        return out

    def tickets(
        self, tickets: Iterable[tuple[str | None, Sequence[TicketEvent]]], now: datetime
    ) -> list[TicketRecord]:
        """Evaluate tickets with the file's policies at `now`, for ticket objectives."""
        if self.policies is None:
            raise PolicyError(
                "ticket objectives need the file's 'policies:' to evaluate tickets; add them"
            )
        grouped = [(t, list(events)) for t, events in tickets]
        statuses = evaluate_many(self.policies, grouped, now)
        return [
            ticket_record(t, events, status)
            for (t, events), status in zip(grouped, statuses, strict=True)
        ]


def load_contracts(path: str | Path) -> ContractSet:
    """The contracts of a ``.yaml``/``.yml``, ``.json`` or ``.toml`` policy file."""
    return ContractSet._of(load_contract_file(path))
