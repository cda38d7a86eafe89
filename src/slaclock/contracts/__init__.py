"""Contracts: the agreement above the tickets.

Services and their fees, objectives (availability in service windows, attainment over
tickets), exclusions, service credits with tiers, weights, caps and earn-back, and a statement
per contract and period saying what the customer is owed and why. All arithmetic is exact:
integer microseconds, fractions, Decimal money with its currency.
"""

from __future__ import annotations

from .contract_set import ContractSet, load_contracts
from .model import contract_schema
from .outages import Outage, OutageKind, load_outages, outages_from_tickets, read_outages
from .periods import Period
from .statement import Statement
from .terms import Contract, Money, Objective, format_percent, parse_percent
from .tickets import TicketRecord, ticket_report

__all__ = (  # noqa: RUF022 - grouped by topic
    # Contracts
    "ContractSet",
    "Contract",
    "Objective",
    "Money",
    "Period",
    "load_contracts",
    "contract_schema",
    # Outages
    "Outage",
    "OutageKind",
    "load_outages",
    "read_outages",
    "outages_from_tickets",
    # Tickets
    "TicketRecord",
    "ticket_report",
    # Statements
    "Statement",
    "format_percent",
    "parse_percent",
)
