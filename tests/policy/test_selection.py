"""Selection remembered by what decides it equals a first look, for dated and undated sets,
named and unnamed values; and it costs the same whatever the number of policies."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar, BusinessTime, PolicySet, SlaPolicy, Target
from slaclock.policy import MatchRule, Selector

CAL = BusinessCalendar.always()
TARGET = Target("resolution", BusinessTime(timedelta(hours=4)), CAL, "always")
START = datetime(2026, 1, 1, tzinfo=UTC)
VALUES = ["c0", "c1", "c2", 1, 1.0, 0, True, False, "unnamed", 7, None]


@st.composite
def rules(draw: st.DrawFn) -> MatchRule:
    key = draw(st.sampled_from(["customer", "tier", "priority"]))
    op: Literal["in", "not_in", "exists"] = draw(st.sampled_from(["in", "not_in", "exists"]))
    if op == "exists":
        return MatchRule(key, "exists", exists=draw(st.booleans()))
    choices: list[str | int | float | bool] = ["c0", "c1", 1, 0, True, "P1"]
    values = draw(st.lists(st.sampled_from(choices), min_size=1))
    return MatchRule(key, op, tuple(values))


@st.composite
def policy_sets(draw: st.DrawFn) -> PolicySet:
    policies = []
    for i in range(draw(st.integers(1, 6))):
        dated = draw(st.booleans())
        start = START + timedelta(days=draw(st.integers(0, 300))) if dated else None
        until = (
            start + timedelta(days=draw(st.integers(1, 300)))
            if start is not None and draw(st.booleans())
            else None
        )
        policies.append(
            SlaPolicy(
                f"p{i}",
                CAL,
                "always",
                {"*": {"resolution": TARGET}},
                match=tuple(draw(st.lists(rules(), max_size=3))),
                effective_from=start,
                effective_until=until,
                abstract=draw(st.booleans()) and i % 3 == 2,
            )
        )
    return PolicySet(tuple(policies))


def first_look(
    policies: PolicySet, priority: str, attributes: dict[str, object], at: datetime
) -> SlaPolicy | None:
    """The rule as the docs state it: the first policy in effect whose rules all hold."""
    scope = {**attributes, "priority": priority}
    for p in policies.policies:
        if p.abstract or (policies._selector.dated and not p.in_effect(at)):
            continue
        if all(rule.holds(scope)[0] for rule in p.match):
            return p
    return None


class TestRememberedSelection:
    @settings(max_examples=200, deadline=None)
    @given(
        policy_sets(),
        st.lists(
            st.tuples(
                st.sampled_from(["P1", "P2"]),
                st.dictionaries(st.sampled_from(["customer", "tier"]), st.sampled_from(VALUES)),
                st.integers(0, 700),
            ),
            min_size=1,
            max_size=25,
        ),
    )
    def test_equals_a_first_look(
        self, policies: PolicySet, tickets: list[tuple[str, dict[str, object], int]]
    ) -> None:
        for priority, attributes, day in tickets:
            at = START + timedelta(days=day)
            fresh = Selector(policies.policies).select(priority, attributes, at)
            expected = first_look(policies, priority, attributes, at)

            actual = policies.select(
                priority=priority, attributes=attributes, created_at=at, now=at
            )

            assert expected == actual.policy
            assert fresh == actual

    def test_the_explanation_names_the_tickets_own_value(self) -> None:
        policies = PolicySet(
            (
                SlaPolicy(
                    "acme",
                    CAL,
                    "always",
                    {"*": {"resolution": TARGET}},
                    match=(MatchRule("customer", "in", ("acme",)),),
                ),
                SlaPolicy("rest", CAL, "always", {"*": {"resolution": TARGET}}),
            )
        )
        first = policies.select(priority="P2", attributes={"customer": "bob"})
        second = policies.select(priority="P2", attributes={"customer": "carol"})

        assert "customer='bob' is not in ['acme']" in first.reasons[0]
        assert "customer='carol' is not in ['acme']" in second.reasons[0]
        assert first.policy is second.policy

    def test_remembered_explanations_keep_each_values_own_spelling(self) -> None:
        # 1, 1.0 and True are equal keys to a dict, but each ticket's reason shows its own.
        policies = PolicySet(
            (
                SlaPolicy(
                    "level-two",
                    CAL,
                    "always",
                    {"*": {"resolution": TARGET}},
                    match=(MatchRule("level", "in", (2,)),),
                ),
                SlaPolicy("rest", CAL, "always", {"*": {"resolution": TARGET}}),
            )
        )

        shown = [
            policies.select(priority="P2", attributes={"level": value}).reasons[0]
            for value in (1, 1.0, True, 1)
        ]

        assert shown == [
            "policy 'level-two' skipped: level=1 is not in [2]",
            "policy 'level-two' skipped: level=1.0 is not in [2]",
            "policy 'level-two' skipped: level=True is not in [2]",
            "policy 'level-two' skipped: level=1 is not in [2]",
        ]
