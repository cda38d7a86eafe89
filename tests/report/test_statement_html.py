"""The statement section of the HTML report shows the statement's JSON, figure for figure.

The page holds the demo contract's statements for November 2026 (credits, the period and
yearly caps, earn-back pending) and December 2026 (nothing owed, November's earn-back one
month along). Read back from the page as a real browser renders it (Debian's chromium, the
network off), every objective's target, measured level (and the exact fraction behind it),
verdict, tier, base, weight and credit, every total and cap, and every earn-back line equal
the statement's JSON. Without a browser the test skips, unless ``SLACLOCK_REQUIRE_BROWSER=1``.
"""

from __future__ import annotations

import re
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from browser import open_offline
from test_report_html import _browser_or_skip

from slaclock.contracts import ContractSet, Statement, read_outages
from slaclock.events import read_jsonl
from slaclock.report import ComplianceReport, ReportOptions, report

pytest.importorskip("matplotlib", reason="the HTML report needs slaclock[report] (matplotlib)")

from slaclock.report.htmlpage import html_report

NOW = datetime.fromisoformat("2027-01-01T00:00+01:00")
PERIODS = ("2026-11", "2026-12")

# Each statement section as the browser shows it: the text of every cell that names the
# statement field it shows.
PROBE = """
const fields = root => Object.fromEntries(Array.from(root.querySelectorAll('td[data-field]'))
  .map(td => [td.dataset.field, td.textContent]));
return Array.from(document.querySelectorAll('section.statement')).map(section => ({
  contract: section.dataset.contract,
  period: section.dataset.period,
  shown: section.getBoundingClientRect().height > 0,
  owed: section.querySelector('.owed').textContent,
  objectives: Array.from(section.querySelectorAll('tr[data-objective]')).map(tr => ({
    ...fields(tr), exact: tr.querySelector('td[data-field=level]').title})),
  totals: Object.assign({}, ...Array.from(section.querySelectorAll(
    'tr:not([data-objective]):not([data-earn-back])')).map(fields)),
  earn_back: Array.from(section.querySelectorAll('tr[data-earn-back]')).map(fields),
}));
"""


def _demo() -> tuple[list[Statement], str]:
    data = resources.files("slaclock").joinpath("data")
    contracts = ContractSet.from_yaml(data.joinpath("demo_contract.yaml").read_text("utf-8"))
    outages = read_outages(
        data.joinpath("demo_outages.jsonl").read_text("utf-8").splitlines(),
        services=contracts.services,
    )
    events = data.joinpath("demo_tickets.jsonl").read_text("utf-8").splitlines()
    tickets = contracts.tickets(read_jsonl(events), NOW)
    statements = [contracts.statement("acme", p, outages, tickets) for p in PERIODS]
    assert contracts.policies is not None
    result = report(
        contracts.policies, read_jsonl(events), NOW, ReportOptions(timezone="Europe/Berlin")
    )
    return statements, html_report(result, statements=statements)


@pytest.fixture(scope="module")
def demo() -> tuple[list[Statement], str]:
    return _demo()


def _expected(s: Statement) -> dict[str, Any]:
    """What the page must show for a statement, read from its JSON."""
    data = s.model_dump(mode="json")
    dash = "—"
    return {
        "contract": data["contract"],
        "period": data["period"],
        "shown": True,
        "owed": data["total_owed"],
        "objectives": [
            {
                "name": o["name"],
                "service": o["service"] or dash,
                "window": o["window"] or dash,
                "target": o["target"],
                "level": o["level"] or "n/a",
                "exact": o["level_exact"] or "",
                "met": "met" if o["met"] else "missed",
                "tier": o["tier"] or dash,
                "base": o["base"] or dash,
                "weight": o["weight"] or dash,
                "credit": o["credit"],
            }
            for o in data["objectives"]
        ],
        "totals": {
            "per_breach": data["per_breach"],
            "subtotal": data["subtotal"],
            **{f"cap:{c['name']}": c["limit"] for c in data["caps"]},
            "credit": data["credit"],
            "returned": data["returned"],
            "total_owed": data["total_owed"],
        },
        "earn_back": [
            {"period": e["period"], "amount": e["amount"], "state": e["state"]}
            for e in data["earn_back"]
        ],
    }


class TestTheSection:
    def test_one_section_per_statement_in_period_order(
        self, demo: tuple[list[Statement], str]
    ) -> None:
        _, page = demo

        found = re.findall(
            r'<section class="statement" data-contract="([^"]+)"'
            r' data-period="([^"]+)"',
            page,
        )

        assert [("acme", "2026-11"), ("acme", "2026-12")] == found
        assert "Statements: is the customer owed compensation, and why" in page

    def test_the_demo_months_are_worth_showing(self, demo: tuple[list[Statement], str]) -> None:
        """November owes 570.00 EUR (562.50 for the shop in business hours, 7.50 for first
        responses) and puts it on earn-back; December owes nothing and carries it along."""
        november, december = demo[0]

        assert ("570.00 EUR", "pending") == (november.total_owed, november.earn_back[0].state)
        assert ("0.00 EUR", ["2026-11"]) == (
            december.total_owed,
            [e.period for e in december.earn_back],
        )

    def test_a_report_without_statements_has_no_section(self) -> None:
        page = html_report(ComplianceReport(ReportOptions(timezone="UTC")))

        assert '<section class="statement"' not in page
        assert "Statements:" not in page


@pytest.mark.parametrize(("width", "name"), [(1200, "laptop"), (390, "phone")])
def test_the_browser_shows_the_statement_json(
    demo: tuple[list[Statement], str], tmp_path: Path, width: int, name: str
) -> None:
    _browser_or_skip()
    statements, page = demo
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")

    seen = open_offline(html_file, tmp_path / f"{name}.png", width, 900, probe=PROBE)

    assert [] == seen.console
    assert [] == [r for r in seen.resources if not r.startswith("file:")]
    expected = [_expected(s) for s in statements]
    assert expected == seen.probed
    assert seen.width <= width
