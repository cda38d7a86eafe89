"""Worked example of ``next_response_misses``: missed next responses counted once per
breached wait (the default) or once per customer message left unanswered past the target
(Chatwoot's count), computed by hand in the comments.

A 24x7 calendar and a next response of 1 hour; every ticket is created Monday 2 March 2026
09:00 UTC and the report is taken at 18:00.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock.report import ReportOptions, report

E = TicketEvent
t = datetime.fromisoformat
NOW = t("2026-03-02T18:00+00:00")
POLICIES = PolicySet.from_dict(
    {"policies": [{"name": "chat", "calendar": "24x7", "targets": {"*": {"next_response": "1h"}}}]}
)
CREATED = E.created(t("2026-03-02T09:00+00:00"), "P2")
TICKETS = {
    # One wait from 10:00, due 11:00, breached: 10:20 was waiting with 10:00 (one miss),
    # 11:30 and 11:45 each came after the breach (two more). Answered 12:00.
    "T1": [
        CREATED,
        E.customer_replied(t("2026-03-02T10:00+00:00")),
        E.customer_replied(t("2026-03-02T10:20+00:00")),
        E.customer_replied(t("2026-03-02T11:30+00:00")),
        E.customer_replied(t("2026-03-02T11:45+00:00")),
        E.agent_replied(t("2026-03-02T12:00+00:00")),
    ],
    # Two waits of one message each: 10:00 answered 10:30 (met); 13:00 answered 14:30
    # (breached at 14:00): one miss either way.
    "T2": [
        CREATED,
        E.customer_replied(t("2026-03-02T10:00+00:00")),
        E.agent_replied(t("2026-03-02T10:30+00:00")),
        E.customer_replied(t("2026-03-02T13:00+00:00")),
        E.agent_replied(t("2026-03-02T14:30+00:00")),
    ],
    # Two messages answered in time: no miss.
    "T3": [
        CREATED,
        E.customer_replied(t("2026-03-02T10:00+00:00")),
        E.customer_replied(t("2026-03-02T10:50+00:00")),
        E.agent_replied(t("2026-03-02T10:55+00:00")),
    ],
    # Still waiting at 18:00: the 15:00 message breached at 16:00, 16:30 came after it.
    "T4": [
        CREATED,
        E.customer_replied(t("2026-03-02T15:00+00:00")),
        E.customer_replied(t("2026-03-02T16:00+00:00")),
        E.customer_replied(t("2026-03-02T16:30+00:00")),
    ],
}


class TestTheCycles:
    @pytest.mark.parametrize(
        ("ticket", "expected"),
        [
            pytest.param("T1", [("breached", 4, 3)], id="late-with-messages-after-the-breach"),
            pytest.param("T2", [("met", 1, 0), ("breached", 1, 1)], id="one-message-waits"),
            pytest.param("T3", [("met", 2, 0)], id="answered-in-time"),
            # 16:00 is the breach instant itself: waiting with 15:00, not after it.
            pytest.param("T4", [("breached", 3, 2)], id="open-wait"),
        ],
    )
    def test_messages_and_misses(self, ticket: str, expected: list[tuple[str, int, int]]) -> None:
        status = evaluate(POLICIES, TICKETS[ticket], NOW)
        cycles = status.metric("next_response").cycles

        assert [(c.state, c.messages, c.missed_messages) for c in cycles] == expected

    def test_in_the_json_of_next_response_cycles_only(self) -> None:
        policies = PolicySet.from_dict(
            {
                "policies": [
                    {
                        "name": "chat",
                        "calendar": "24x7",
                        "targets": {"*": {"next_response": "1h", "resolution": "8h"}},
                    }
                ]
            }
        )
        data = evaluate(policies, TICKETS["T1"], NOW).to_dict()
        (cycle,) = data["metrics"]["next_response"]["cycles"]
        (resolution,) = data["metrics"]["resolution"]["cycles"]
        status = evaluate(policies, TICKETS["T1"], NOW)

        assert (cycle["messages"], cycle["missed_messages"]) == (4, 3)
        assert "messages" not in resolution
        assert status.metric("next_response").cycles[0].to_dict() == cycle
        assert status.metric("resolution").cycles[0].messages is None


class TestTheReport:
    @pytest.mark.parametrize(
        ("rule", "misses"),
        [
            # T1 one, T2 one, T4 one: three breached waits.
            pytest.param("per_wait", 3, id="per-wait"),
            # T1 three, T2 one, T4 two.
            pytest.param("per_message", 6, id="per-message"),
        ],
    )
    def test_misses(self, rule: str, misses: int) -> None:
        options = ReportOptions(
            timezone="UTC",
            period=None,
            next_response_misses=rule,  # type: ignore[arg-type]
        )
        data = report(POLICIES, list(TICKETS.items()), NOW, options).to_data()
        (group,) = data.groups

        assert (group.misses, group.cycles_breached, group.breached) == (misses, 3, 3)
        assert data.rules.next_response_misses == rule

    def test_an_unknown_rule_is_refused(self) -> None:
        with pytest.raises(ValueError, match="next_response_misses: 'per_ticket'"):
            ReportOptions(timezone="UTC", next_response_misses="per_ticket")  # type: ignore[arg-type]
