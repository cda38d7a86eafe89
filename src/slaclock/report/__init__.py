"""Compliance reports: attainment, business-time percentiles and breaches over many tickets.

Build a report in one pass over evaluated tickets, group it by any combination of metric,
priority, policy, period and ticket attribute, merge reports built on parts of the data, and
render it as data (pydantic), CSV tables, a text table or a self-contained HTML page. Compare
two policy sets on the same tickets (`review`) and suggest targets from history (`suggest`).

>>> from datetime import datetime
>>> from slaclock import PolicySet, TicketEvent
>>> from slaclock.report import ReportOptions, report
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": {"timezone": "Europe/Berlin",
...                              "hours": {"mon-fri": ["09:00-17:00"]}}},
...     "policies": [{"name": "standard", "calendar": "office",
...                   "targets": {"*": {"first_response": "4h"}}}],
... })
>>> t = datetime.fromisoformat
>>> tickets = [
...     ("A", [TicketEvent.created(t("2026-11-02T09:00+01:00"), "P2"),
...            TicketEvent.agent_replied(t("2026-11-02T10:00+01:00"))]),   # 1 h: met
...     ("B", [TicketEvent.created(t("2026-11-02T09:00+01:00"), "P2"),
...            TicketEvent.agent_replied(t("2026-11-02T15:00+01:00"))]),   # 6 h: breached
... ]
>>> result = report(policies, tickets, t("2026-12-01T00:00+01:00"),
...                 ReportOptions(timezone="Europe/Berlin"))
>>> group = result.to_data().groups[0]
>>> group.key, group.met, group.breached, group.attainment, group.time_used.median_seconds
({'metric': 'first_response'}, 1, 1, '1/2', 3600.0)
"""

from __future__ import annotations

from .aggregate import ComplianceReport, merge
from .attainment import Attainment
from .build import report, report_jsonl
from .model import (
    AtRiskTicket,
    BreachCount,
    GroupFigures,
    LedgerLine,
    Overrun,
    ReportData,
    ReportRules,
    TimeUsed,
    TrendPoint,
    WorstTicket,
)
from .options import DIMENSIONS, OpenTickets, PeriodBy, ReportOptions
from .periods import PERIODS, Period, period_key
from .review import ReviewData, ReviewResult, as_of, review, review_jsonl
from .suggest import Suggestion, SuggestionResult, Suggestions, parse_share, suggest, suggest_jsonl

__all__ = (  # noqa: RUF022 - grouped by topic
    # Building
    "ComplianceReport",
    "ReportOptions",
    "report",
    "report_jsonl",
    "merge",
    # Reviewing and suggesting targets
    "ReviewData",
    "ReviewResult",
    "as_of",
    "review",
    "review_jsonl",
    "Suggestion",
    "SuggestionResult",
    "Suggestions",
    "parse_share",
    "suggest",
    "suggest_jsonl",
    # Options
    "DIMENSIONS",
    "OpenTickets",
    "PERIODS",
    "Period",
    "PeriodBy",
    "period_key",
    # Data
    "Attainment",
    "AtRiskTicket",
    "BreachCount",
    "GroupFigures",
    "LedgerLine",
    "Overrun",
    "ReportData",
    "ReportRules",
    "TimeUsed",
    "TrendPoint",
    "WorstTicket",
)
