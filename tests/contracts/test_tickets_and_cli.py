"""Ticket objectives, per-breach credits, windows built from several calendars, file kinds, the
JSON Schema, rendering, and the ``slaclock statement`` command."""

from __future__ import annotations

import json
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from slaclock import TicketEvent, read_jsonl
from slaclock.cli import main
from slaclock.contracts import ContractSet, contract_schema, load_contracts, outages_from_tickets
from slaclock.contracts.render import render_html

from .helpers import down

TICKETS_FILE = textwrap.dedent(
    """\
    calendars:
      always: 24x7
      mornings: {timezone: Europe/Berlin, hours: {mon-sun: ["06:00-12:00"]}}
      weekdays: {timezone: Europe/Berlin, hours: {mon-fri: ["00:00-24:00"]}}
    policies:
      - name: support
        calendar: always
        targets:
          "*": {first_response: 15m}
    services:
      shop: {fee: 1000 EUR}
    contracts:
      - name: acme
        timezone: Europe/Berlin
        match: {customer: acme}
        objectives:
          - name: p1-first-response
            tickets: {metric: first_response, priority: P1}
            attainment: 95%
          - name: weekday-mornings
            service: shop
            availability: 99%
            window: {all: [mornings, weekdays]}
        credits:
          tiers:
            p1-first-response: [{below: 95%, credit: 3%}]
          per_breach:
            - {tickets: {metric: first_response, priority: P1}, amount: 50 EUR}
    """
)


def _ticket(
    name: str, created: str, priority: str, customer: str, reply_after_min: int
) -> list[str]:
    at = datetime.fromisoformat(created)
    reply = at.replace(minute=at.minute + reply_after_min)
    return [
        json.dumps(
            {
                "ticket": name,
                "type": "created",
                "at": at.isoformat(),
                "priority": priority,
                "attributes": {"customer": customer},
            }
        ),
        json.dumps(
            {"ticket": name, "type": "agent_replied", "at": reply.isoformat(), "public": True}
        ),
    ]


EVENTS = [
    *_ticket("a", "2026-11-02T10:00:00+01:00", "P1", "acme", 5),
    *_ticket("b", "2026-11-03T10:00:00+01:00", "P1", "acme", 10),
    *_ticket("c", "2026-11-04T10:00:00+01:00", "P1", "acme", 14),
    *_ticket("d", "2026-11-05T10:00:00+01:00", "P1", "acme", 40),  # breached
    *_ticket("e", "2026-11-06T10:00:00+01:00", "P1", "other", 40),  # another customer
    *_ticket("f", "2026-11-06T11:00:00+01:00", "P2", "acme", 40),  # another priority
    *_ticket("g", "2026-10-30T10:00:00+01:00", "P1", "acme", 40),  # decided in October
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path, Path]:
    policy = tmp_path / "policy.yaml"
    policy.write_text(TICKETS_FILE, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    events.write_text("\n".join(EVENTS) + "\n", encoding="utf-8")
    outages = tmp_path / "outages.jsonl"
    outages.write_text(
        # Monday 9 Nov 11:00-13:00: one hour inside the weekday mornings.
        '{"service": "shop", "start": "2026-11-09T11:00:00+01:00",'
        ' "end": "2026-11-09T13:00:00+01:00"}\n',
        encoding="utf-8",
    )
    return policy, events, outages


class TestTicketObjectives:
    def test_attainment_and_per_breach(self, files: tuple[Path, Path, Path]) -> None:
        """Acme's P1 tickets decided in November: a, b, c met, d breached: 3/4 = 75 % < 95 %,
        so 3 % × 1,000 = 30 EUR, plus 50 EUR for the one breach: 80 EUR."""
        policy, events, _ = files
        contracts = load_contracts(policy)
        end = datetime.fromisoformat("2026-12-01T00:00+01:00")
        tickets = contracts.tickets(read_jsonl(events.read_text().splitlines()), end)

        statement = contracts.statement("acme", "2026-11", [], tickets)

        p1 = statement.objectives[0]
        assert (3, 4, "3/4", "75.00%") == (
            p1.met_tickets,
            p1.decided_tickets,
            p1.level_exact,
            p1.level,
        )
        assert ("30.00 EUR", "50.00 EUR", "80.00 EUR") == (
            p1.credit,
            statement.per_breach,
            statement.total_owed,
        )

    def test_window_intersection(self, files: tuple[Path, Path, Path]) -> None:
        """Weekday mornings in November 2026: 21 weekdays × 6 h = 126 h; one hour down:
        125/126 ≈ 99.20 %."""
        contracts = load_contracts(files[0])

        statement = contracts.statement(
            "acme", "2026-11", [down("shop", "2026-11-09T11:00+01:00", 2)]
        )

        mornings = statement.objectives[1]
        assert ("453600", "3600", "125/126") == (
            mornings.window_seconds,
            mornings.downtime_seconds,
            mornings.level_exact,
        )


class TestOutagesFromTickets:
    def test_p1_incidents_become_outages(self) -> None:
        at = datetime.fromisoformat("2026-11-29T22:00+01:00")
        incident = [
            TicketEvent.created(at, "P1", ticket="p1"),
            TicketEvent("resolved", at.replace(hour=23, minute=30), ticket="p1"),
        ]
        minor = [TicketEvent.created(at, "P3", ticket="p3")]

        [outage] = outages_from_tickets([incident, minor], service="shop")

        assert ("shop", 90, "unplanned", "p1") == (
            outage.service,
            outage.minutes,
            outage.kind,
            outage.id,
        )


class TestFileKinds:
    def test_json_and_toml_give_the_same_contracts(self) -> None:
        data = {
            "services": {"shop": {"fee": "1000 EUR"}},
            "contracts": [
                {
                    "name": "acme",
                    "timezone": "Europe/Berlin",
                    "objectives": [{"name": "up", "service": "shop", "availability": "99%"}],
                }
            ],
        }
        toml = textwrap.dedent(
            """\
            [services.shop]
            fee = "1000 EUR"

            [[contracts]]
            name = "acme"
            timezone = "Europe/Berlin"
            objectives = [{name = "up", service = "shop", availability = "99%"}]
            """
        )

        assert (
            ContractSet.from_json(json.dumps(data)).contracts
            == ContractSet.from_toml(toml).contracts
        )

    def test_schema_names_the_window_forms(self) -> None:
        schema = json.dumps(contract_schema())

        assert all(key in schema for key in ('"not"', '"any"', '"all"', "earn_back", "per_breach"))


class TestRendering:
    def test_html_fragment(self, files: tuple[Path, Path, Path]) -> None:
        statement = load_contracts(files[0]).statement("acme", "2026-11")

        html = render_html(statement)

        assert html.startswith('<section class="statement" data-contract="acme"')
        assert '<span class="owed zero" data-field="total_owed">0.00 EUR</span>' in html


class TestCommand:
    def test_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(["statement", "--demo"])

        out = capsys.readouterr().out
        assert "Statement 2026-11 — contract 'acme' (ACME GmbH)" in out
        assert "TOTAL OWED" in out

    def test_html(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(["statement", "--demo", "--format", "html"])

        assert "<h3>ACME GmbH — 2026-11 (contract acme)</h3>" in capsys.readouterr().out

    def test_json_with_two_outage_files(
        self, files: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        policy, events, outages = files
        empty = tmp_path / "none.jsonl"
        empty.write_text("", encoding="utf-8")

        code = main(
            [
                "statement",
                str(policy),
                "--outages",
                str(outages),
                "--outages",
                str(empty),
                "--events",
                str(events),
                "--period",
                "2026-11",
                "--contract",
                "acme",
                "--format",
                "json",
            ]
        )

        assert 0 == code
        data = json.loads(capsys.readouterr().out)
        assert ("acme", "80.00 EUR", "125/126") == (
            data["contract"],
            data["total_owed"],
            data["objectives"][1]["level_exact"],
        )

    def test_bad_outage_line_is_reported_with_its_place(
        self, files: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        bad = tmp_path / "bad.jsonl"
        bad.write_text(
            '{"service": "shop", "start": "2026-11-09T11:00:00+01:00",'
            ' "end": "2026-11-09T10:00:00+01:00"}\n',
            encoding="utf-8",
        )

        code = main(["statement", str(files[0]), "--outages", str(bad), "--period", "2026-11"])

        assert 1 == code
        assert f"{bad}:1: end: the outage ends" in capsys.readouterr().err

    def test_bad_period(
        self, files: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert 2 == main(["statement", str(files[0]), "--period", "November"])
        assert "--period: expected a period such as 2026-11" in capsys.readouterr().err


class TestReportWithStatements:
    """``slaclock report --format html --statement PERIOD``: the page's statement section
    carries the statements the contracts give for the tickets evaluated at the report's
    ``--now``."""

    def test_demo(self, tmp_path: Path) -> None:
        from importlib import resources

        from slaclock.cli.report import DEMO_NOW
        from slaclock.contracts import read_outages

        page = tmp_path / "report.html"
        argv = ["report", "--demo", "--format", "html", "--statement", "2026-11", "-o", str(page)]

        assert 0 == main(argv)

        data = resources.files("slaclock").joinpath("data")
        contracts = ContractSet.from_yaml(data.joinpath("demo_contract.yaml").read_text("utf-8"))
        outages = read_outages(
            data.joinpath("demo_outages.jsonl").read_text("utf-8").splitlines(),
            services=contracts.services,
        )
        events = data.joinpath("demo_tickets.jsonl").read_text("utf-8").splitlines()
        tickets = contracts.tickets(read_jsonl(events), datetime.fromisoformat(DEMO_NOW))
        expected = contracts.statement("acme", "2026-11", outages, tickets)
        text = page.read_text(encoding="utf-8")
        owed = f'<span class="owed some" data-field="total_owed">{expected.total_owed}</span>'
        assert owed in text
        for line in expected.objectives:
            assert f'data-field="credit">{line.credit}</td>' in text

    def test_other_formats_refuse_it(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 2 == main(["report", "--demo", "--statement", "2026-11"])

        assert "use --format html" in capsys.readouterr().err

    def test_a_bad_period(self, capsys: pytest.CaptureFixture[str]) -> None:
        argv = ["report", "--demo", "--format", "html", "--statement", "2026-13"]

        assert 2 == main(argv)

        assert "--statement: no month 13 in '2026-13'" in capsys.readouterr().err

    def test_files(self, files: tuple[Path, Path, Path], tmp_path: Path) -> None:
        """The worked example of `TestTicketObjectives`: 3 of 4 P1 first responses met
        (30 EUR) and one breach (50 EUR): 80 EUR; the morning outage leaves 125/126."""
        policy, events, outages = files
        page = tmp_path / "report.html"
        now = "2026-12-01T00:00+01:00"
        argv = ["report", str(policy), str(events), "--now", now, "--format", "html"]
        argv += ["--statement", "2026-11", "--outages", str(outages), "-o", str(page)]

        assert 0 == main(argv)

        text = page.read_text(encoding="utf-8")
        assert '<span class="owed some" data-field="total_owed">80.00 EUR</span>' in text
        assert 'data-field="level" title="125/126">99.20%</td>' in text
