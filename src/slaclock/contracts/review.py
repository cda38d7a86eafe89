"""Credits under two contract files on the same history: what a proposal would have cost.

A review (`slaclock.report.review`) evaluates each ticket under both policy sets in one pass;
`CreditReview` is its sink: it keeps each ticket's record under each set, so the statements
of both contract files can be computed afterwards for every period the history covers, with
the same outages.

>>> from datetime import datetime
>>> contracts = ContractSet.from_dict({
...     "services": {"shop": {"fee": "1000 EUR"}},
...     "contracts": [{"name": "basic", "timezone": "Europe/Berlin",
...                    "objectives": [{"name": "up", "service": "shop",
...                                    "availability": "99%"}],
...                    "credits": {"tiers": {"up": [{"below": "99%", "credit": "10%"}]}}}],
... })
>>> found = CreditReview(contracts, contracts)
>>> [(c.contract, c.period, c.current_owed, c.proposed_owed) for c in
...  found.compare(datetime.fromisoformat("2026-11-15T12:00+01:00"))]
[('basic', '2026-11', '0.00 EUR', '0.00 EUR')]
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from ..clock import TicketStatus
from ..events import Timeline
from .contract_set import ContractSet
from .outages import Outage
from .periods import Period
from .tickets import TicketRecord, ticket_record

__all__ = ["CreditChange", "CreditReview"]


class CreditChange(BaseModel):
    """One contract's total owed in one period, under the current and the proposed files."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contract: str
    period: str
    current_owed: str | None
    proposed_owed: str | None
    change: str | None


def _amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text.split()[0])


def _periods(contracts: ContractSet, first: datetime, now: datetime) -> list[str]:
    labels: dict[str, None] = {}
    for name in contracts.names:
        version = contracts.versions(name)[0]
        local = first.astimezone(ZoneInfo(version.timezone))
        period = Period.parse(f"{local.year}-{local.month:02d}", version.period, version.timezone)
        while period.start <= now:
            labels[period.label] = None
            period = period.next()
    return sorted(labels)


class CreditReview:
    """Collects ticket records under both sets (pass `add` as the review's sink)."""

    def __init__(
        self, current: ContractSet, proposed: ContractSet, outages: Iterable[Outage] = ()
    ) -> None:
        self.current = current
        self.proposed = proposed
        self.outages = list(outages)
        current.check_outages(self.outages)
        proposed.check_outages(self.outages)
        self._before: list[TicketRecord] = []
        self._after: list[TicketRecord] = []
        self._first: datetime | None = None

    def add(self, ticket: str | None, timeline: Timeline, a: TicketStatus, b: TicketStatus) -> None:
        """Keep one ticket's record under each set."""
        self._before.append(ticket_record(ticket, timeline.events, a))
        self._after.append(ticket_record(ticket, timeline.events, b))
        created = timeline.created.at
        if self._first is None or created < self._first:
            self._first = created

    def compare(self, now: datetime) -> list[CreditChange]:
        """Each contract's total owed per period, from the first ticket (or outage) to `now`."""
        starts = [o.start for o in self.outages]
        if self._first is not None:
            starts.append(self._first)
        first = min(starts, default=now)
        rows: dict[tuple[str, str], list[str | None]] = {}
        for side, (contracts, records) in enumerate(
            ((self.current, self._before), (self.proposed, self._after))
        ):
            for period in _periods(contracts, first, now):
                for statement in contracts.statements(period, self.outages, records):
                    key = (statement.contract, statement.period)
                    rows.setdefault(key, [None, None])[side] = statement.total_owed
        out = []
        for (contract, period), (before, after) in sorted(rows.items()):
            a, b = _amount(before), _amount(after)
            change = None
            if a is not None and b is not None and after is not None:
                change = f"{b - a:+f} {after.split()[1]}"
            out.append(
                CreditChange(
                    contract=contract,
                    period=period,
                    current_owed=before,
                    proposed_owed=after,
                    change=change,
                )
            )
        return out
