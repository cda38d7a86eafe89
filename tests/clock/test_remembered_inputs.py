"""What the hot path of `evaluate` remembers between tickets (the last `now`, the last zone's
wall-clock tables, one selection per priority for a set whose choice depends on the priority
alone) never changes an answer: each result equals the one a fresh start gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent, Timeline, evaluate
from slaclock._kernel.instants import EPOCH

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def policies(match: dict[str, object] | None = None) -> PolicySet:
    policy: dict[str, object] = {
        "name": "standard",
        "calendar": "office",
        "pause_on": ["pending"],
        "targets": {"*": {"first_response": "1h", "resolution": "8h"}},
    }
    if match is not None:
        policy["match"] = match
    rest = [] if match is None else [{**policy, "name": "fallback", "match": {}}]
    return PolicySet.from_dict(
        {
            "calendars": {
                "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
            },
            "policies": [policy, *rest],
        }
    )


def ticket(at: datetime, priority: str = "P2", **attributes: object) -> list[TicketEvent]:
    return [
        TicketEvent.created(at, priority, attributes),
        TicketEvent.status_changed(at + timedelta(hours=1), "pending"),
        TicketEvent.status_changed(at + timedelta(hours=3), "open"),
        TicketEvent.agent_replied(at + timedelta(hours=5)),
    ]


class _Now(datetime):
    """A datetime subclass: not remembered (it could compute its instant its own way)."""


class TestTheLastNow:
    def test_the_same_now_and_then_another_give_their_own_answers(self) -> None:
        events = ticket(datetime(2026, 3, 2, 8, tzinfo=BERLIN))
        early = datetime(2026, 3, 2, 9, 30, tzinfo=BERLIN)
        late = datetime(2026, 3, 9, 9, 30, tzinfo=BERLIN)
        set_ = policies()
        order = (early, early, late, early, late)

        answers = [evaluate(set_, events, now).to_json() for now in order]

        # Equal instants as new objects: each converted afresh.
        expected = [evaluate(set_, events, now + timedelta(0)).to_json() for now in order]
        assert answers == expected
        assert answers[0] != answers[2]

    def test_a_subclass_of_datetime_gives_the_same_answer(self) -> None:
        events = ticket(datetime(2026, 3, 2, 8, tzinfo=BERLIN))
        now = datetime(2026, 3, 2, 12, tzinfo=BERLIN)
        other = _Now(2026, 3, 2, 12, tzinfo=BERLIN)
        set_ = policies()

        first = evaluate(set_, events, now)
        second = evaluate(set_, events, other)

        assert first.to_json() == second.to_json()


def exact(at: datetime) -> int:
    delta = at - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


class TestTheLastZone:
    @given(
        zones=st.lists(st.sampled_from([BERLIN, TOKYO, UTC]), min_size=1, max_size=6),
        minutes=st.integers(0, 3 * 365 * 24 * 60),
    )
    def test_tickets_in_turn_in_other_zones_get_their_instants(
        self, zones: list[object], minutes: int
    ) -> None:
        base = datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=minutes)
        for zone in zones:
            at = base.astimezone(zone)  # type: ignore[arg-type]
            events = ticket(at)

            timeline = Timeline.of(events)

            assert list(timeline.instants) == [exact(e.at) for e in events]


class TestOneSelectionPerPriority:
    def test_reasons_do_not_depend_on_the_first_ticket_seen(self) -> None:
        at = datetime(2026, 3, 2, 8, tzinfo=BERLIN)
        now = datetime(2026, 3, 3, 8, tzinfo=BERLIN)
        shared = policies()

        first = evaluate(shared, ticket(at, tier="gold"), now)
        second = evaluate(shared, ticket(at, tier="basic"), now)
        fresh = evaluate(policies(), ticket(at, tier="basic"), now)

        assert first.reasons == second.reasons == fresh.reasons
        assert second.to_json() == fresh.to_json()

    def test_priorities_keep_their_own_choice(self) -> None:
        at = datetime(2026, 3, 2, 8, tzinfo=BERLIN)
        now = datetime(2026, 3, 3, 8, tzinfo=BERLIN)
        shared = policies()

        answers = [evaluate(shared, ticket(at, p), now).to_json() for p in ("P1", "P2", "P1")]

        expected = [evaluate(policies(), ticket(at, p), now).to_json() for p in ("P1", "P2", "P1")]
        assert answers == expected

    def test_a_set_with_match_rules_still_reads_the_attributes(self) -> None:
        at = datetime(2026, 3, 2, 8, tzinfo=BERLIN)
        now = datetime(2026, 3, 3, 8, tzinfo=BERLIN)
        ruled = policies({"tier": "gold"})

        gold = evaluate(ruled, ticket(at, tier="gold"), now)
        basic = evaluate(ruled, ticket(at, tier="basic"), now)

        assert gold.policy is not None
        assert basic.policy is not None
        assert (gold.policy.name, basic.policy.name) == ("standard", "fallback")
