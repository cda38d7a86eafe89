"""The HTML report: self-contained, charts present, and (in a real browser) rendered offline.

The browser test needs Debian's ``chromium`` and ``chromium-driver`` and selenium. Without
them it skips with a message, unless ``SLACLOCK_REQUIRE_BROWSER=1`` (CI sets it), when a
missing browser fails the test instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, DRIVER, find, open_offline
from worked_example import NOW, lines, policies

from slaclock.report import ReportOptions, report_jsonl

pytest.importorskip("matplotlib", reason="the HTML report needs slaclock[report] (matplotlib)")

from slaclock.report.htmlpage import html_report

CHARTS = (
    "attainment per period",
    "distribution of first_response times",
    "distribution of resolution times",
    "breaches by priority",
    "breaches by customer",
)


@pytest.fixture(scope="module")
def page() -> str:
    result = report_jsonl(
        policies(), lines(), NOW, ReportOptions(timezone="Europe/Berlin", by=("metric", "period"))
    )
    return html_report(result)


class TestSelfContained:
    def test_nothing_is_fetched(self, page: str) -> None:
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
        assert "<script" not in page
        assert "<link" not in page
        assert "@import" not in page
        # matplotlib's clip paths refer to the page itself: url(#...).
        assert set(re.findall(r"url\((.)", page)) <= {"#"}

    def test_every_chart_is_an_inline_svg(self, page: str) -> None:
        labels = re.findall(r'<svg role="img" aria-label="([^"]+)"', page)

        assert list(CHARTS) == labels

    def test_phone_width(self, page: str) -> None:
        assert 'name="viewport" content="width=device-width, initial-scale=1"' in page

    def test_worst_tickets_carry_their_ledger(self, page: str) -> None:
        assert "<b>N5</b> resolution P2" in page
        assert "resolution breached: budget used up" in page


def _browser_or_skip() -> None:
    missing = []
    if find(CHROMIUM) is None:
        missing.append("chromium")
    if find(DRIVER) is None:
        missing.append("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if not missing:
        return
    message = (
        f"browser test needs {', '.join(missing)}: apt-get install chromium chromium-driver"
        " and pip install -e '.[test]'"
    )
    if os.environ.get("SLACLOCK_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SLACLOCK_REQUIRE_BROWSER=1 but {message}")
    pytest.skip(message)


@pytest.mark.parametrize(("width", "name"), [(1200, "laptop"), (390, "phone")])
def test_opens_offline_in_chromium(page: str, tmp_path: Path, width: int, name: str) -> None:
    _browser_or_skip()
    html_file = tmp_path / "report.html"
    html_file.write_text(page, encoding="utf-8")
    shot = tmp_path / f"{name}.png"

    seen = open_offline(html_file, shot, width=width, height=900)

    assert [] == seen.console
    assert [] == [r for r in seen.resources if not r.startswith("file:")]
    assert list(CHARTS) == [c["label"] for c in seen.charts]
    for chart in seen.charts:
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["shapes"] > 10 and chart["text"] > 0, chart
    # Charts shrink with the page: nothing wider than the screen but the scrolling tables.
    assert seen.width <= width
    assert shot.stat().st_size > 10_000
