"""Properties of reviews and suggestions over random tickets and random targets.

1. A policy set reviewed against itself changes nothing: no flip, equal figures, equal credits.
2. A proposal that only loosens targets (each budget times a factor ≥ 1) never lowers a
   group's attainment, never adds a breach, and never raises the credits owed, within one
   measurement period (see START).
3. A target suggested at share s, re-evaluated (the suggested policy set applied to the same
   history, through the report), is met by at least s of the decided tickets; one minute
   less would not be.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent
from slaclock.budgets import BusinessTime
from slaclock.contracts import ContractSet
from slaclock.contracts.review import CreditReview
from slaclock.policy import Target
from slaclock.report import ReportOptions, report
from slaclock.report.review import review
from slaclock.report.suggest import suggest

BERLIN = ZoneInfo("Europe/Berlin")
# One quarter holds the whole history (START to NOW, the October DST change inside): a looser
# target can decide a ticket later (met late instead of breached), which moves it into a
# later period, so period by period a later one may show a breach an earlier one lost.
START = datetime(2026, 10, 5, 8, 0, tzinfo=BERLIN)
NOW = datetime(2026, 12, 31, 12, 0, tzinfo=BERLIN)
METRICS = ("first_response", "next_response", "resolution")
PRIORITIES = ("P1", "P2", "P3")
KINDS = ("agent_replied", "customer_replied", "waiting", "open", "resolved", "reopened", "prio")
BY = ("metric", "priority", "period")


def _file(budgets: dict[tuple[str, str, str], int]) -> dict[str, Any]:
    def targets(policy: str) -> dict[str, Any]:
        return {
            p: {m: f"{budgets[policy, p, m]}m" for m in METRICS}
            | ({"calendar": "always"} if p == "P1" and policy == "gold" else {})
            for p in PRIORITIES
        }

    return {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}},
            "always": "24x7",
        },
        "policies": [
            {
                "name": "gold",
                "match": {"customer": "a"},
                "calendar": "office",
                "pause_on": ["waiting"],
                "targets": targets("gold"),
            },
            {
                "name": "basic",
                "calendar": "office",
                "pause_on": ["waiting"],
                "reopen": "new_cycle",
                "targets": targets("basic"),
            },
        ],
        "services": {"desk": {"fee": "1000 EUR"}},
        "contracts": [
            {
                "name": "desk",
                "period": "quarter",
                "timezone": "Europe/Berlin",
                "objectives": [
                    {"name": "fr", "tickets": {"metric": "first_response"}, "attainment": "90%"},
                    {
                        "name": "res-p1",
                        "tickets": {"metric": "resolution", "priority": "P1"},
                        "attainment": "80%",
                    },
                ],
                "credits": {
                    "tiers": {
                        "fr": [{"below": "90%", "credit": "5%"}, {"below": "70%", "credit": "10%"}],
                        "res-p1": [{"below": "80%", "credit": "7%"}],
                    },
                    "cap": {"per_period": "15%"},
                    "earn_back": {"periods": 1},
                },
            }
        ],
    }


KEYS = [(p, q, m) for p in ("gold", "basic") for q in PRIORITIES for m in METRICS]
budgets = st.fixed_dictionaries({k: st.integers(5, 24 * 60) for k in KEYS})
factors = st.fixed_dictionaries({k: st.sampled_from((1, 1, 2, 3)) for k in KEYS})


@st.composite
def ticket(draw: st.DrawFn, ident: int, kinds: tuple[str, ...]) -> tuple[str, list[TicketEvent]]:
    at = START + timedelta(minutes=draw(st.integers(0, 60 * 24 * 60)))
    attributes = {"customer": draw(st.sampled_from(("a", "b")))}
    events = [TicketEvent.created(at, draw(st.sampled_from(PRIORITIES)), attributes)]
    for kind in draw(st.lists(st.sampled_from(kinds), max_size=6)):
        at += timedelta(minutes=draw(st.integers(1, 3000)))
        if kind == "agent_replied":
            events.append(TicketEvent.agent_replied(at, public=draw(st.booleans())))
        elif kind == "customer_replied":
            events.append(TicketEvent.customer_replied(at))
        elif kind in ("waiting", "open"):
            events.append(TicketEvent.status_changed(at, kind))
        elif kind == "resolved":
            events.append(TicketEvent.resolved(at))
        elif kind == "reopened":
            events.append(TicketEvent.reopened(at))
        else:
            events.append(TicketEvent.priority_changed(at, draw(st.sampled_from(PRIORITIES))))
    return f"T{ident}", events


@st.composite
def histories(
    draw: st.DrawFn, kinds: tuple[str, ...] = KINDS
) -> list[tuple[str, list[TicketEvent]]]:
    count = draw(st.integers(0, 12))
    return [draw(ticket(i, kinds)) for i in range(count)]


#: A ticket whose priority changes while a metric runs is measured against both priorities'
#: targets (a breach under the first is sticky), so its verdict depends on two suggestions.
STEADY = tuple(k for k in KINDS if k != "prio")


OPTIONS = ReportOptions(timezone="Europe/Berlin", period="quarter", by=BY)


def _owed(text: str | None) -> Decimal:
    return Decimal(0) if text is None else Decimal(text.split()[0])


class TestSelf:
    @settings(max_examples=40, deadline=None)
    @given(budgets, histories())
    def test_a_set_against_itself_changes_nothing(
        self, chosen: dict[tuple[str, str, str], int], history: list[Any]
    ) -> None:
        data = _file(chosen)
        policies = PolicySet.from_dict(data)
        contracts = ContractSet.from_dict(data)
        credits = CreditReview(contracts, contracts)

        result = review(policies, policies, history, NOW, OPTIONS, sink=credits.add)
        out = result.to_data()

        assert (0, []) == (out.flips_total, out.flips)
        assert result.current == result.proposed
        assert all(r.current == r.proposed for r in out.rows)
        assert all(c.current_owed == c.proposed_owed for c in credits.compare(NOW))


class TestLoosening:
    @settings(max_examples=60, deadline=None)
    @given(budgets, factors, histories())
    def test_never_lowers_attainment_or_raises_credits(
        self,
        chosen: dict[tuple[str, str, str], int],
        factor: dict[tuple[str, str, str], int],
        history: list[Any],
    ) -> None:
        tight = _file(chosen)
        loose = _file({k: v * factor[k] for k, v in chosen.items()})
        credits = CreditReview(ContractSet.from_dict(tight), ContractSet.from_dict(loose))

        result = review(
            PolicySet.from_dict(tight),
            PolicySet.from_dict(loose),
            history,
            NOW,
            OPTIONS,
            sink=credits.add,
        )
        out = result.to_data()

        for row in out.rows:
            a, b = row.current, row.proposed
            if a.attainment is not None and b.attainment is not None:
                assert Fraction(b.attainment) >= Fraction(a.attainment), row
            assert b.breached <= a.breached, row
        assert all(f.proposed.verdict != "breached" for f in out.flips)
        for change in credits.compare(NOW):
            assert _owed(change.proposed_owed) <= _owed(change.current_owed), change


def _with_budget(
    policies: PolicySet, policy: str, priority: str, metric: str, us: int
) -> PolicySet:
    out = []
    for p in policies.policies:
        if p.name == policy:
            targets = {k: dict(v) for k, v in p.targets.items()}
            old = targets[priority][metric]
            budget = BusinessTime(timedelta(microseconds=us))
            targets[priority][metric] = Target(metric, budget, old.calendar, old.calendar_name)
            p = replace(p, targets=targets)
        out.append(p)
    return PolicySet(tuple(out), policies.calendars, policies.effective_by)


def _levels(policies: PolicySet, history: list[Any]) -> dict[tuple[str, str, str], Fraction]:
    options = ReportOptions(timezone="UTC", period=None, by=("policy", "metric", "priority"))
    data = report(policies, history, NOW, options).to_data()
    return {
        (g.key["policy"], g.key["metric"], g.key["priority"]): Fraction(g.attainment)
        for g in data.groups
        if g.attainment is not None
    }


class TestSuggestion:
    @settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.generate])
    @given(
        budgets,
        histories(STEADY),
        st.sampled_from((Fraction(1, 2), Fraction(9, 10), Fraction(19, 20), Fraction(1))),
        st.data(),
    )
    def test_met_by_at_least_the_share_and_no_less_would_do(
        self,
        chosen: dict[tuple[str, str, str], int],
        history: list[Any],
        share: Fraction,
        data: st.DataObject,
    ) -> None:
        policies = PolicySet.from_dict(_file(chosen))
        found = suggest(policies, history, NOW, share)

        applied = found.applied()
        levels = _levels(applied, history)

        for s in found.suggestions:
            key = (s.policy, s.metric, s.priority)
            assert levels[key] >= share, (s, levels[key])
            assert Fraction(s.attainment) == levels[key]
        if found.suggestions:
            s = data.draw(st.sampled_from(found.suggestions))
            if s.suggested_seconds > 60:
                less = _with_budget(
                    applied, s.policy, s.priority, s.metric, (s.suggested_seconds - 60) * 10**6
                )
                level = _levels(less, history).get((s.policy, s.metric, s.priority))
                assert level is None or level < share, s

    @settings(max_examples=20, deadline=None)
    @given(budgets, histories())
    def test_the_snippet_policy_reloads(
        self, chosen: dict[tuple[str, str, str], int], history: list[Any]
    ) -> None:
        policies = PolicySet.from_dict(_file(chosen))
        applied = suggest(policies, history, NOW, Fraction(9, 10)).applied()

        assert applied == PolicySet.from_dict(applied.to_dict())
