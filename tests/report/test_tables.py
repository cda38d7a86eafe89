"""A compliance report as CSV tables and as a text table for a terminal (report/tables.py).

Three reports, built in-process:

- the worked example of docs/concepts/reports.md (worked_example.py), grouped by metric, with
  an attainment target of 77.5 % so that first response (3/4 = 75 %) misses it and resolution
  (4/5 = 80 %) meets it; every figure below is one test_report_examples.py checks by hand;
- a small report of two tickets given without ids, one still waiting for its first response
  (3h of 4h used at noon: at risk) and one answered after 6h (2h late), with no period; its
  resolution group has nothing decided yet, so attainment, percentiles and overrun are empty;
- an empty report, which has no instant and no rows.

The expected text is written out, so a reader can check each cell against the figures.
"""

from __future__ import annotations

import re
from datetime import datetime
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from worked_example import NOW, lines, policies

from slaclock import PolicySet, TicketEvent
from slaclock.report import ComplianceReport, ReportData, ReportOptions, report, report_jsonl
from slaclock.report.tables import TABLES, csv_tables, hours, text_table, write_csv


@cache
def worked(by: tuple[str, ...] = ("metric",)) -> ReportData:
    options = ReportOptions(
        timezone="Europe/Berlin", keep=3, by=by, attainment_target=Fraction(155, 2)
    )
    return report_jsonl(policies(), lines(), NOW, options).to_data()


SMALL_POLICIES = {
    "calendars": {"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}},
    "policies": [
        {
            "name": "standard",
            "calendar": "office",
            "targets": {"*": {"first_response": "4h", "resolution": "16h"}},
        }
    ],
}


@cache
def small() -> ReportData:
    at = datetime.fromisoformat
    tickets = [
        # Monday 09:00, no reply by noon: 3h of 4h used, due 13:00.
        [TicketEvent.created(at("2026-11-02T09:00+01:00"), "P2")],
        # Friday 09:00, answered 15:00: 6h for a 4h target, breached at 13:00.
        [
            TicketEvent.created(at("2026-10-30T09:00+01:00"), "P2"),
            TicketEvent.agent_replied(at("2026-10-30T15:00+01:00")),
        ],
    ]
    options = ReportOptions(timezone="Europe/Berlin", period=None, period_by="created")
    return report(
        PolicySet.from_dict(SMALL_POLICIES), tickets, at("2026-11-02T12:00+01:00"), options
    ).to_data()


def empty() -> ReportData:
    return ComplianceReport(ReportOptions(timezone="UTC", period=None)).to_data()


class TestHours:
    @pytest.mark.parametrize(
        ("seconds", "expected"),
        [
            pytest.param(None, "—", id="none"),
            pytest.param(0, "0s", id="zero-has-no-sign"),
            pytest.param(1, "1s", id="one-second"),
            pytest.param(59, "59s", id="last-second-shown"),
            pytest.param(60, "1m", id="one-minute"),
            pytest.param(61, "1m", id="seconds-dropped-past-a-minute"),
            pytest.param(2_700, "45m", id="docstring-45m"),
            pytest.param(3_599, "59m", id="last-minute-before-an-hour"),
            pytest.param(3_600, "1h", id="one-hour-no-minutes"),
            pytest.param(3_659, "1h", id="an-hour-and-seconds"),
            pytest.param(3_660, "1h01m", id="minutes-two-digits"),
            pytest.param(91_800, "25h30m", id="more-than-a-day"),
            pytest.param(-1, "-1s", id="negative-second"),
            pytest.param(-60, "-1m", id="negative-minute"),
            pytest.param(-3_600, "-1h", id="negative-hour"),
            pytest.param(-5_400, "-1h30m", id="negative-hour-and-half"),
            pytest.param(0.4, "0s", id="rounds-down"),
            pytest.param(-0.4, "0s", id="rounds-to-zero-without-sign"),
            pytest.param(0.5, "0s", id="half-to-even-down"),
            pytest.param(1.5, "2s", id="half-to-even-up"),
            pytest.param(59.5, "1m", id="rounds-up-to-a-minute"),
            pytest.param(3_599.5, "1h", id="rounds-up-to-an-hour"),
        ],
    )
    def test_boundaries(self, seconds: float | None, expected: str) -> None:
        assert expected == hours(seconds)

    @given(st.integers(min_value=-(10**7), max_value=10**7))
    def test_reads_back_to_the_whole_minutes(self, seconds: int) -> None:
        # Seconds show only under a minute; past it, the text is the whole minutes.
        text = hours(seconds)
        match = re.fullmatch(r"(-?)(?:(\d+)h)?(?:(\d\d|\d)m)?(?:(\d+)s)?", text)
        assert match is not None, text
        sign, h, m, s = match.groups()
        magnitude = abs(seconds)

        assert ("-" if seconds < 0 else "") == sign
        assert (magnitude if magnitude < 60 else magnitude - magnitude % 60) == (
            int(h or 0) * 3600 + int(m or 0) * 60 + int(s or 0)
        )
        assert (s is not None) == (magnitude < 60)
        if h is not None and m is not None:
            assert 2 == len(m)


class TestTextTable:
    def test_worked_example(self) -> None:
        expected = [
            "Compliance report at 2026-12-31T14:00:00+01:00: 12 tickets",
            "  periods: month in Europe/Berlin, a ticket in the period its metric was decided"
            " (open ones: created); open tickets: exclude; attainment target 77.5%",
            "",
            "  metric          tickets  met  breached  open  attainment     median  p90  p95"
            "  max  worst overrun",
            "  first_response       12    9         3     0      75.00%  ✗      1h   3h   4h"
            "   4h             1h",
            "  resolution           12    8         2     2      80.00%  ✓      5h  11h  13h"
            "  13h             3h",
            "",
            "At risk now (running, past the warning threshold):",
            "  D4  resolution P3  81.25% used (13h of 16h), due 2026-12-31T17:00:00+01:00",
            "",
            "Worst breaches (business time past the budget):",
            "  N5  resolution P2  3h late (budget 8h), breached 2026-11-11T17:00:00+01:00",
            "  D5  resolution P1  2h late (budget 4h), breached 2026-12-14T13:00:00+01:00",
            "  N4  first_response P1  1h late (budget 1h), breached 2026-11-09T17:00:00+01:00",
            "",
        ]

        assert "\n".join(expected) == text_table(worked())

    def test_two_keys_left_aligned_figures_right_aligned(self) -> None:
        # Resolution for acme: 1 running (none), 1 paused (D3): 1 open.
        table = text_table(worked(("metric", "customer"))).splitlines()

        expected = [
            "  metric          customer  tickets  met  breached  open  attainment     median"
            "  p90  p95  max  worst overrun",
            "  first_response  acme            7    5         2     0      71.43%  ✗   1h30m"
            "   3h   3h   3h             1h",
            "  first_response  globex          5    4         1     0      80.00%  ✓      1h"
            "   4h   4h   4h             1h",
            "  resolution      acme            7    4         2     1      66.67%  ✗      5h"
            "  11h  11h  11h             3h",
            "  resolution      globex          5    4         0     1     100.00%  ✓      3h"
            "  13h  13h  13h              —",
        ]
        assert expected == table[3:8]

    def test_no_key_the_counts_lead_right_aligned(self) -> None:
        # by=(): one line for the whole report, both metrics (24 = 12 tickets x 2).
        table = text_table(worked(())).splitlines()

        expected = [
            "  tickets  met  breached  open  attainment     median  p90  p95  max  worst overrun",
            "       24   17         5     2      77.27%  ✗      2h   7h  11h  13h             3h",
        ]
        assert expected == table[3:5]

    def test_nothing_decided_and_no_ticket_ids(self) -> None:
        expected = [
            "Compliance report at 2026-11-02T12:00:00+01:00: 2 tickets",
            "  periods: none in Europe/Berlin, a ticket in the period its metric was created;"
            " open tickets: exclude; attainment target 95%",
            "",
            "  metric          tickets  met  breached  open  attainment     median  p90  p95"
            "  max  worst overrun",
            "  first_response        2    0         1     1       0.00%  ✗      6h   6h   6h"
            "   6h             2h",
            "  resolution            2    0         0     2           —          —    —    —"
            "    —              —",
            "",
            "At risk now (running, past the warning threshold):",
            "  ?  first_response P2  75.00% used (3h of 4h), due 2026-11-02T13:00:00+01:00",
            "",
            "Worst breaches (business time past the budget):",
            "  ?  first_response P2  2h late (budget 4h), breached 2026-10-30T13:00:00+01:00",
            "",
        ]

        assert "\n".join(expected) == text_table(small())

    def test_empty_report(self) -> None:
        expected = [
            "Compliance report at —: 0 tickets",
            "  periods: none in UTC, a ticket in the period its metric was decided"
            " (open ones: created); open tickets: exclude; attainment target 95%",
            "",
            "  metric  tickets  met  breached  open  attainment    median  p90  p95  max"
            "  worst overrun",
            "",
        ]

        assert "\n".join(expected) == text_table(empty())


GROUPS_HEADER = (
    "metric,tickets,met,breached,running,paused,cancelled,decided,attainment,"
    "attainment_percent,meets_target,cycles,cycles_met,cycles_breached,cycles_cancelled,"
    "cycles_open,misses,cycle_attainment_percent,at_risk,time_used.count,"
    "time_used.median_seconds,time_used.p90_seconds,time_used.p95_seconds,"
    "time_used.max_seconds,time_used.mean_seconds,time_used.exact,time_used.targets,"
    "time_used.targets_seconds,overrun.count,overrun.total_seconds,overrun.mean_seconds,"
    "overrun.max_seconds\n"
)

WORKED_CSV = {
    # First response: minutes 15 20 30 60 60 60 90 90 90 120 180 240 (mean 1055m / 12);
    # resolution: hours 2 3 3 4 5 5 6 7 11 13; overruns 1h+1h+30m and 3h+2h.
    "groups": GROUPS_HEADER
    + "first_response,12,9,3,0,0,0,12,3/4,75.0,False,12,9,3,0,0,3,75.0,0,12,3600.0,10800.0,"
    "14400.0,14400.0,5275.0,True,1h 2h 4h,3600.0 7200.0 14400.0,3,9000.0,3000.0,3600.0\n"
    "resolution,12,8,2,1,1,0,10,4/5,80.0,True,12,8,2,0,2,2,80.0,1,10,18000.0,39600.0,"
    "46800.0,46800.0,21240.0,True,4h 8h 16h,14400.0 28800.0 57600.0,2,18000.0,9000.0,10800.0\n",
    "trend": "metric,period,met,decided,breached,attainment_percent,meets_target\n"
    "first_response,2026-11,5,6,1,83.33,True\n"
    "first_response,2026-12,4,6,2,66.67,False\n"
    "resolution,2026-11,5,6,1,83.33,True\n"
    "resolution,2026-12,3,4,1,75.0,False\n",
    "breaches_by_priority": "metric,value,tickets,breached\n"
    "first_response,P1,4,2\n"
    "first_response,P2,4,1\n"
    "first_response,P3,4,0\n"
    "resolution,P1,4,1\n"
    "resolution,P2,4,1\n"
    "resolution,P3,4,0\n",
    "breaches_by_customer": "metric,value,tickets,breached\n"
    "first_response,acme,7,2\n"
    "first_response,globex,5,1\n"
    "resolution,acme,7,2\n"
    "resolution,globex,5,0\n",
    "at_risk": "ticket,metric,priority,policy,attributes.customer,percent_used,"
    "elapsed_seconds,budget_seconds,due_at\n"
    "D4,resolution,P3,support,globex,81.25,46800.0,57600.0,2026-12-31T17:00:00+01:00\n",
    # The ledger stays out: it is many lines per ticket.
    "worst": "ticket,metric,priority,policy,state,attributes.customer,overrun_seconds,"
    "budget_seconds,breached_at\n"
    "N5,resolution,P2,support,breached,acme,10800.0,28800.0,2026-11-11T17:00:00+01:00\n"
    "D5,resolution,P1,support,breached,acme,7200.0,14400.0,2026-12-14T13:00:00+01:00\n"
    "N4,first_response,P1,support,breached,globex,3600.0,3600.0,2026-11-09T17:00:00+01:00\n",
}

SMALL_CSV = {
    # Resolution has nothing decided and nothing measured: its figures are empty cells.
    "groups": GROUPS_HEADER
    + "first_response,2,0,1,1,0,0,1,0/1,0.0,False,2,0,1,0,1,1,0.0,1,1,21600.0,21600.0,"
    "21600.0,21600.0,21600.0,True,4h,14400.0,1,7200.0,7200.0,7200.0\n"
    "resolution,2,0,0,2,0,0,0,,,,2,0,0,0,2,0,,0,0,,,,,,True,,,0,0.0,,\n",
    "trend": "\n",
    "breaches_by_priority": "metric,value,tickets,breached\n"
    "first_response,P2,2,1\n"
    "resolution,P2,2,0\n",
    "breaches_by_customer": "metric,value,tickets,breached\n"
    "first_response,(none),2,1\n"
    "resolution,(none),2,0\n",
    "at_risk": "ticket,metric,priority,policy,attributes.customer,percent_used,"
    "elapsed_seconds,budget_seconds,due_at\n"
    ",first_response,P2,standard,(none),75.0,10800.0,14400.0,2026-11-02T13:00:00+01:00\n",
    "worst": "ticket,metric,priority,policy,state,attributes.customer,overrun_seconds,"
    "budget_seconds,breached_at\n"
    ",first_response,P2,standard,breached,(none),7200.0,14400.0,2026-10-30T13:00:00+01:00\n",
}


class TestWriteCsv:
    def test_tables_are_named(self) -> None:
        assert tuple(WORKED_CSV) == TABLES

    @pytest.mark.parametrize("table", TABLES)
    def test_worked_example(self, table: str) -> None:
        assert WORKED_CSV[table] == write_csv(worked(), table)

    @pytest.mark.parametrize("table", TABLES)
    def test_nothing_decided_and_no_ticket_ids(self, table: str) -> None:
        assert SMALL_CSV[table] == write_csv(small(), table)

    @pytest.mark.parametrize("table", TABLES)
    def test_empty_report_has_an_empty_header(self, table: str) -> None:
        assert "\n" == write_csv(empty(), table)

    def test_groups_by_default(self) -> None:
        assert WORKED_CSV["groups"] == write_csv(worked())

    def test_every_key_column_comes_first(self) -> None:
        text = write_csv(worked(("metric", "customer")), "groups").splitlines()

        assert text[0].startswith("metric,customer,tickets,met,")
        assert text[1].startswith("first_response,acme,7,5,2,0,")

    def test_unknown_table(self) -> None:
        message = (
            "unknown table 'group'; use one of groups, trend, breaches_by_priority,"
            " breaches_by_customer, at_risk, worst"
        )
        with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
            write_csv(worked(), "group")


class TestCsvTables:
    def test_writes_every_table_into_a_new_directory(self, tmp_path: Path) -> None:
        directory = tmp_path / "out" / "2026-12"

        written = csv_tables(worked(), directory)

        assert [directory / f"{table}.csv" for table in TABLES] == written
        assert {f"{table}.csv" for table in TABLES} == {p.name for p in directory.iterdir()}
        for table in TABLES:
            assert WORKED_CSV[table] == (directory / f"{table}.csv").read_text(encoding="utf-8")

    def test_overwrites_an_existing_directory(self, tmp_path: Path) -> None:
        csv_tables(worked(), tmp_path)

        written = csv_tables(small(), tmp_path)

        assert [tmp_path / f"{table}.csv" for table in TABLES] == written
        for table in TABLES:
            assert SMALL_CSV[table] == (tmp_path / f"{table}.csv").read_text(encoding="utf-8")
