"""The worked example of the concept page, figure by figure (each worked out by hand there)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from worked_example import NOW, lines, policies

from slaclock.report import GroupFigures, ReportData, ReportOptions, report_jsonl

H = 3600.0
M = 60.0


def build(**options: object) -> ReportData:
    chosen = {"timezone": "Europe/Berlin", "keep": 3, **options}
    result = report_jsonl(policies(), lines(), NOW, ReportOptions(**chosen))  # type: ignore[arg-type]
    return result.to_data()


def group(data: ReportData, **key: str) -> GroupFigures:
    found = [g for g in data.groups if g.key == key]
    assert len(found) == 1, f"no single group {key} in {[g.key for g in data.groups]}"
    return found[0]


class TestWholeReport:
    def test_first_response(self) -> None:
        fr = group(build(), metric="first_response")

        assert (12, 9, 3, 0, 0, 0) == (
            fr.tickets,
            fr.met,
            fr.breached,
            fr.running,
            fr.paused,
            fr.cancelled,
        )
        assert ("3/4", 75.0, False) == (fr.attainment, fr.attainment_percent, fr.meets_target)
        # Sorted, in minutes: 15 20 30 60 60 60 90 90 90 120 180 240.
        used = fr.time_used
        assert (12, 60 * M, 180 * M, 240 * M, 240 * M) == (
            used.count,
            used.median_seconds,
            used.p90_seconds,
            used.p95_seconds,
            used.max_seconds,
        )
        assert 1055 * M / 12 == used.mean_seconds
        assert [1 * H, 2 * H, 4 * H] == used.targets_seconds
        assert ["1h", "2h", "4h"] == used.targets
        # N4 1h late, D2 1h late, D5 30m late.
        assert (3, 150 * M, 50 * M, 60 * M) == (
            fr.overrun.count,
            fr.overrun.total_seconds,
            fr.overrun.mean_seconds,
            fr.overrun.max_seconds,
        )

    def test_resolution(self) -> None:
        res = group(build(), metric="resolution")

        assert (12, 8, 2, 1, 1) == (res.tickets, res.met, res.breached, res.running, res.paused)
        assert ("4/5", 80.0) == (res.attainment, res.attainment_percent)
        # Sorted, in hours: 2 3 3 4 5 5 6 7 11 13 (D3 and D4 are still open).
        used = res.time_used
        assert (10, 5 * H, 11 * H, 13 * H, 13 * H, 5.9 * H) == (
            used.count,
            used.median_seconds,
            used.p90_seconds,
            used.p95_seconds,
            used.max_seconds,
            used.mean_seconds,
        )
        assert (2, 5 * H, 3 * H) == (
            res.overrun.count,
            res.overrun.total_seconds,
            res.overrun.max_seconds,
        )
        assert 1 == res.at_risk

    def test_cycles_follow_the_reopen(self) -> None:
        # N6 reopens with the default `resume`: one resolution cycle, 3h + 2h.
        res = group(build(), metric="resolution")

        assert (12, 8, 2, 2) == (res.cycles, res.cycles_met, res.cycles_breached, res.cycles_open)


class TestPeriods:
    def test_decided_puts_n7_in_december(self) -> None:
        data = build(by=("metric", "period"))

        nov = group(data, metric="first_response", period="2026-11")
        dec = group(data, metric="first_response", period="2026-12")
        assert (6, 5, 1, "5/6") == (nov.tickets, nov.met, nov.breached, nov.attainment)
        assert (6, 4, 2, "2/3") == (dec.tickets, dec.met, dec.breached, dec.attainment)

    def test_created_puts_n7_in_november(self) -> None:
        data = build(by=("metric", "period"), period_by="created")

        nov = group(data, metric="first_response", period="2026-11")
        dec = group(data, metric="first_response", period="2026-12")
        assert (7, 6, 1) == (nov.tickets, nov.met, nov.breached)
        assert (5, 3, 2) == (dec.tickets, dec.met, dec.breached)

    def test_open_tickets_belong_to_their_creation_period(self) -> None:
        dec = group(build(by=("metric", "period")), metric="resolution", period="2026-12")

        assert (6, 3, 1, 1, 1, "3/4") == (
            dec.tickets,
            dec.met,
            dec.breached,
            dec.running,
            dec.paused,
            dec.attainment,
        )

    def test_trend_per_month(self) -> None:
        trend = [(p.metric, p.period, p.met, p.decided) for p in build().trend]

        expected = [
            ("first_response", "2026-11", 5, 6),
            ("first_response", "2026-12", 4, 6),
            ("resolution", "2026-11", 5, 6),
            ("resolution", "2026-12", 3, 4),
        ]
        assert expected == trend

    def test_quarter(self) -> None:
        q4 = group(build(by=("period",), period="quarter"), period="2026-Q4")

        assert (24, 17, 5) == (q4.tickets, q4.met, q4.breached)


class TestRules:
    def test_count_as_met_adds_open_tickets_to_both_sides(self) -> None:
        dec = group(
            build(by=("metric", "period"), open_tickets="count_as_met"),
            metric="resolution",
            period="2026-12",
        )

        assert (5, 6, "5/6") == (dec.met + dec.running + dec.paused, dec.decided, dec.attainment)

    @pytest.mark.parametrize(
        ("target", "meets"),
        [
            pytest.param(Fraction(75), True, id="exactly-75-meets-75"),
            pytest.param(Fraction(7501, 100), False, id="75.01-is-missed"),
        ],
    )
    def test_target_is_decided_exactly(self, target: Fraction, meets: bool) -> None:
        fr = group(build(attainment_target=target), metric="first_response")

        assert meets is fr.meets_target

    def test_warn_threshold(self) -> None:
        # D4 has used 13h of 16h = 81.25 %.
        assert 1 == len(build(warn_at=Fraction(8125, 100)).at_risk)
        assert 0 == len(build(warn_at=Fraction(8126, 100)).at_risk)


class TestBreakdowns:
    def test_by_customer(self) -> None:
        data = build(by=("metric", "customer"))

        acme = group(data, metric="first_response", customer="acme")
        globex = group(data, metric="first_response", customer="globex")
        assert (7, 2) == (acme.tickets, acme.breached)
        assert (5, 1) == (globex.tickets, globex.breached)

    def test_breaches_by_priority(self) -> None:
        rows = {(b.metric, b.value): (b.tickets, b.breached) for b in build().breaches_by_priority}

        assert (4, 2) == rows["first_response", "P1"]
        assert (4, 1) == rows["first_response", "P2"]
        assert (4, 0) == rows["first_response", "P3"]
        assert (4, 1) == rows["resolution", "P1"]
        assert (4, 1) == rows["resolution", "P2"]

    def test_worst_tickets_with_ledgers(self) -> None:
        worst = build().worst

        assert [("N5", "resolution", 3 * H), ("D5", "resolution", 2 * H)] == [
            (w.ticket, w.metric, w.overrun_seconds) for w in worst[:2]
        ]
        assert {"customer": "acme"} == worst[0].attributes
        reasons = [line.reason for line in worst[0].ledger]
        assert "resolution breached: budget used up" in reasons

    def test_at_risk_names_the_ticket(self) -> None:
        (risk,) = build().at_risk

        assert ("D4", "resolution", 81.25, "globex") == (
            risk.ticket,
            risk.metric,
            risk.percent_used,
            risk.attributes["customer"],
        )


class TestParts:
    """What a cluster does: build reports on parts, ship them (pickle), merge them."""

    def test_pickled_parts_merge_into_the_whole(self) -> None:
        import pickle

        from slaclock.report import merge

        options = ReportOptions(timezone="Europe/Berlin", by=("metric", "customer"), keep=3)
        every = lines()
        cut = next(i for i, line in enumerate(every) if '"D1"' in line)
        whole = report_jsonl(policies(), every, NOW, options)
        parts = [
            report_jsonl(policies(), every[:cut], NOW, options),
            report_jsonl(policies(), every[cut:], NOW, options),
        ]

        shipped = [pickle.loads(pickle.dumps(part)) for part in parts]
        assert whole == merge(*shipped)
        assert whole.to_data() == (shipped[0] + shipped[1]).to_data()

    def test_parts_evaluated_at_different_instants_do_not_merge(self) -> None:
        from datetime import timedelta

        options = ReportOptions(timezone="UTC")
        a = report_jsonl(policies(), lines(), NOW, options)
        b = report_jsonl(policies(), lines(), NOW + timedelta(hours=1), options)

        with pytest.raises(ValueError, match="one instant"):
            a + b
