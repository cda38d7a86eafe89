"""The worked example of the review guide: every figure and flipped verdict checked by hand.

See `review_example.py` for the tickets and the business time each one used. Hand figures:

- first_response P1 (1h → 30m): met 10 of 12 (T04 1h10m and T07 1h40m over) → met 6 of 12
  (T02 45m, T04, T05 50m, T07, T11 35m, T12 1h over 30m; T03 at exactly 30m is in time).
- first_response P2 (2h → 4h): met 6 of 12 → met 10 of 12 (only T16 5h and T22 4h30m over).
- resolution P1 (4h → 6h): met 7 of 12 (T02 5h, T04 7h, T06 5h30m, T08 5h, T12 6h over)
  → met 11 of 12 (only T04).
- resolution P2 (8h, pending now pauses): T17 used 9h, of which 2h pending → 7h; T20 used
  9h with no pause → still breached; T21 is still open. Met 9 of 11 → 10 of 11.
- Credits: P1 first response 10/12 = 83.3 % ≥ 80 % owes nothing; under the proposal
  6/12 = 50 % < 80 %: 5 % of 1,000 EUR = 50.00 EUR.
"""

from __future__ import annotations

import pytest
from review_example import CURRENT, NOW, PROPOSED, lines

from slaclock import PolicySet
from slaclock.contracts import ContractSet
from slaclock.contracts.review import CreditReview
from slaclock.report import ReportOptions, report_jsonl
from slaclock.report.review import ReviewData, review_jsonl

OPTIONS = ReportOptions(timezone="Europe/Berlin", period=None, by=("metric", "priority"))


@pytest.fixture(scope="module")
def reviewed() -> tuple[ReviewData, CreditReview]:
    credits = CreditReview(ContractSet.from_dict(CURRENT), ContractSet.from_dict(PROPOSED))
    result = review_jsonl(
        PolicySet.from_dict(CURRENT),
        PolicySet.from_dict(PROPOSED),
        lines(),
        NOW,
        OPTIONS,
        sink=credits.add,
    )
    return result.to_data(), credits


class TestGroups:
    @pytest.mark.parametrize(
        ("metric", "priority", "before", "after"),
        [
            pytest.param("first_response", "P1", (10, 2, 0), (6, 6, 0), id="p1-response"),
            pytest.param("first_response", "P2", (6, 6, 0), (10, 2, 0), id="p2-response"),
            pytest.param("resolution", "P1", (7, 5, 0), (11, 1, 0), id="p1-resolution"),
            pytest.param("resolution", "P2", (9, 2, 1), (10, 1, 1), id="p2-resolution"),
        ],
    )
    def test_met_breached_open(
        self,
        reviewed: tuple[ReviewData, CreditReview],
        metric: str,
        priority: str,
        before: tuple[int, int, int],
        after: tuple[int, int, int],
    ) -> None:
        data, _ = reviewed
        (row,) = [r for r in data.rows if r.key == {"metric": metric, "priority": priority}]

        assert before == (row.current.met, row.current.breached, row.current.open)
        assert after == (row.proposed.met, row.proposed.breached, row.proposed.open)
        assert row.breaches_change == after[1] - before[1]

    def test_attainment_exact(self, reviewed: tuple[ReviewData, CreditReview]) -> None:
        data, _ = reviewed
        row = data.rows[0]

        assert ("5/6", "1/2") == (row.current.attainment, row.proposed.attainment)
        assert -33.33 == row.attainment_change_points
        assert 24 == data.tickets


class TestFlips:
    def test_every_flip_listed_with_its_reason(
        self, reviewed: tuple[ReviewData, CreditReview]
    ) -> None:
        data, _ = reviewed
        to_met, to_breached = "breached → met", "met → breached"
        expected = [
            ("T02", "first_response", "target 1h → 30m; 45m of business time used: " + to_breached),
            ("T02", "resolution", "target 4h → 6h; 5h of business time used: " + to_met),
            ("T05", "first_response", "target 1h → 30m; 50m of business time used: " + to_breached),
            ("T06", "resolution", "target 4h → 6h; 5h30m of business time used: " + to_met),
            ("T08", "resolution", "target 4h → 6h; 5h of business time used: " + to_met),
            ("T11", "first_response", "target 1h → 30m; 35m of business time used: " + to_breached),
            ("T12", "first_response", "target 1h → 30m; 1h of business time used: " + to_breached),
            ("T12", "resolution", "target 4h → 6h; 6h of business time used: " + to_met),
            ("T14", "first_response", "target 2h → 4h; 3h of business time used: " + to_met),
            ("T17", "first_response", "target 2h → 4h; 2h30m of business time used: " + to_met),
            ("T17", "resolution", "business time used 9h → 7h: " + to_met),
            ("T19", "first_response", "target 2h → 4h; 3h45m of business time used: " + to_met),
            ("T20", "first_response", "target 2h → 4h; 3h of business time used: " + to_met),
        ]  # fmt: skip

        assert expected == [(f.ticket, f.metric, f.reason) for f in data.flips]
        assert (13, 9, 4) == (data.flips_total, data.flips_to_met, data.flips_to_breached)

    def test_both_ledgers_are_kept(self, reviewed: tuple[ReviewData, CreditReview]) -> None:
        data, _ = reviewed
        (t17,) = [f for f in data.flips if (f.ticket, f.metric) == ("T17", "resolution")]
        paused = [line for line in t17.proposed.ledger if line.kind == "paused"]

        assert [] == [line for line in t17.current.ledger if line.kind == "paused"]
        assert [7200.0] == [line.business_seconds for line in paused]
        assert (32400.0, 25200.0) == (t17.current.elapsed_seconds, t17.proposed.elapsed_seconds)

    def test_only_flips_are_listed(self, reviewed: tuple[ReviewData, CreditReview]) -> None:
        data, _ = reviewed
        flipped = {f.ticket for f in data.flips}

        # T03 sits exactly on the tighter 30m and 4h: a response at the deadline is in time.
        assert not flipped & {"T01", "T03", "T04", "T07", "T09", "T10", "T21", "T23"}


def test_credits_under_each(reviewed: tuple[ReviewData, CreditReview]) -> None:
    _, credits = reviewed

    (row,) = credits.compare(NOW)

    assert ("desk", "2026-11") == (row.contract, row.period)
    assert ("0.00 EUR", "50.00 EUR", "+50.00 EUR") == (
        row.current_owed,
        row.proposed_owed,
        row.change,
    )


def test_each_side_is_the_report_of_its_set() -> None:
    current, proposed = PolicySet.from_dict(CURRENT), PolicySet.from_dict(PROPOSED)
    options = ReportOptions(timezone="Europe/Berlin", by=("metric", "period", "customer"))

    result = review_jsonl(current, proposed, lines(), NOW, options)

    assert report_jsonl(current, lines(), NOW, options) == result.current
    assert report_jsonl(proposed, lines(), NOW, options) == result.proposed


def test_a_ticket_left_without_a_policy_flips_to_none() -> None:
    narrowed = {**PROPOSED["policies"][0], "match": {"priority": "P1"}}
    proposed = PolicySet.from_dict({**PROPOSED, "policies": [narrowed]})

    result = review_jsonl(PolicySet.from_dict(CURRENT), proposed, lines(), NOW, OPTIONS)
    t24 = [f for f in result.flips if f.ticket == "T24"]

    # T21 stays open under the current set and is nowhere under the proposal: no flip.
    assert not [f for f in result.flips if f.ticket == "T21" and f.metric == "resolution"]
    assert [
        "policy support → (none); no first_response target for this ticket under the proposed"
        " set (the other: target 2h, 1h55m of business time used): met → none",
        "policy support → (none); no resolution target for this ticket under the proposed"
        " set (the other: target 8h, 3h of business time used): met → none",
    ] == [f.reason for f in t24]
    # Every decided P2 verdict flips to none: 12 first responses (T21's too, met at 10:30)
    # and 11 resolutions (not T21's, still open); plus the 8 P1 flips of the example.
    assert 12 + 11 + 8 == result.flips_total
