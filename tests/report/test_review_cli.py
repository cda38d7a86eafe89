"""`slaclock review` and `slaclock suggest` end to end: formats, exit codes, clear errors,
and the side-by-side HTML page (in a real browser where one is installed)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from review_example import CURRENT, NOW, PROPOSED, lines

from slaclock import PolicySet
from slaclock.budgets import BusinessTime
from slaclock.cli.main import main

pytest.importorskip("yaml")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("review")
    out = {
        "current": root / "current.json",
        "proposed": root / "proposed.json",
        "events": root / "events.jsonl",
    }
    out["current"].write_text(json.dumps(CURRENT), encoding="utf-8")
    out["proposed"].write_text(json.dumps(PROPOSED), encoding="utf-8")
    out["events"].write_text("\n".join(lines()) + "\n", encoding="utf-8")
    return out


def _review(files: dict[str, Path], *extra: str) -> list[str]:
    return [
        "review",
        str(files["current"]),
        str(files["proposed"]),
        str(files["events"]),
        "--now",
        NOW.isoformat(),
        *extra,
    ]


class TestReview:
    def test_table_lists_every_flip_and_credits(
        self, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        code = main(_review(files))
        out = capsys.readouterr().out

        assert 0 == code
        assert "Flipped verdicts: 13" in out
        assert "T17 resolution: business time used 9h → 7h: breached → met" in out
        assert "desk 2026-11: 0.00 EUR → 50.00 EUR (+50.00 EUR)" in out

    def test_json(self, files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(_review(files, "--format", "json", "--period", "month"))
        data = json.loads(capsys.readouterr().out)

        assert ["metric", "priority", "period"] == data["by"]
        assert 13 == data["flips_total"]
        assert [{"contract": "desk", "period": "2026-11"}] == [
            {k: c[k] for k in ("contract", "period")} for c in data["credits"]
        ]

    def test_two_versions_of_one_file(
        self, tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        old = {**CURRENT["policies"][0], "effective_until": "2027-01-01T00:00:00+01:00"}
        new = {**PROPOSED["policies"][0], "effective_from": "2027-01-01T00:00:00+01:00"}
        both = tmp_path / "both.json"
        both.write_text(
            json.dumps({"calendars": CURRENT["calendars"], "policies": [old, new]}),
            encoding="utf-8",
        )
        args = [
            "review",
            str(both),
            str(both),
            str(files["events"]),
            "--now",
            NOW.isoformat(),
            "--current-version",
            "2026-12-01T00:00+01:00",
            "--proposed-version",
            "2027-02-01T00:00+01:00",
            "--format",
            "json",
        ]

        assert 0 == main(args)
        assert 13 == json.loads(capsys.readouterr().out)["flips_total"]

    def test_outages_without_contracts(
        self, tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        bare = tmp_path / "bare.json"
        bare.write_text(
            json.dumps({"calendars": CURRENT["calendars"], "policies": CURRENT["policies"]}),
            encoding="utf-8",
        )
        args = ["review", str(bare), str(bare), str(files["events"]), "--now", NOW.isoformat()]

        assert 2 == main([*args, "--outages", str(files["events"])])
        assert "--outages needs contracts" in capsys.readouterr().err

    def test_a_ticket_the_proposal_cannot_evaluate_is_named(
        self, tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        policy = {**PROPOSED["policies"][0], "targets": {"P1": {"first_response": "30m"}}}
        narrow = tmp_path / "narrow.json"
        narrow.write_text(json.dumps({**PROPOSED, "policies": [policy]}), encoding="utf-8")
        args = _review(files)
        args[2] = str(narrow)

        assert 1 == main(args)
        err = capsys.readouterr().err
        assert (
            "events.jsonl:39: ticket 'T13': policy 'support' has no targets for priority 'P2'"
            in err
        )

    def test_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert 0 == main(["review", "--demo"])
        out = capsys.readouterr().out

        assert "late-reply first_response: target 8h → 12h;" in out
        assert "Flipped verdicts: 2" in out


class TestSuggest:
    @pytest.mark.parametrize(
        ("share", "message"),
        [
            pytest.param("120%", "'120%' is not above 0% and at most 100%", id="over-100"),
            pytest.param("0%", "'0%' is not above 0% and at most 100%", id="zero"),
            pytest.param("abc", "cannot read 'abc' as a share", id="not-a-number"),
            pytest.param("95", "'95' is more than 1", id="no-percent-sign"),
        ],
    )
    def test_bad_share(
        self, files: dict[str, Path], capsys: pytest.CaptureFixture[str], share: str, message: str
    ) -> None:
        args = ["suggest", str(files["current"]), str(files["events"]), "--now", NOW.isoformat()]

        assert 2 == main([*args, "--share", share])
        err = capsys.readouterr().err
        assert f"slaclock: error: --share: {message}" in err

    def test_snippet_and_policy_file(
        self, tmp_path: Path, files: dict[str, Path], capsys: pytest.CaptureFixture[str]
    ) -> None:
        written = tmp_path / "suggested.yaml"
        args = ["suggest", str(files["current"]), str(files["events"]), "--now", NOW.isoformat()]

        assert 0 == main(
            [*args, "--share", "75%", "--format", "yaml", "--write-policy", str(written)]
        )
        snippet = capsys.readouterr().out

        # P1 first responses, sorted: 5 10 15 15 20 30 35 45 50 1h 1h10 1h40 (minutes);
        # 9 of 12 is 75 %, so the ninth, 50m.
        assert re.search(
            r"^        first_response: 50m  # 9 of 12 met \(75%\); now 1h", snippet, re.M
        )
        reread = PolicySet.from_yaml(written.read_text(encoding="utf-8"))
        budget = reread.get("support").targets["P1"]["first_response"].budget
        assert BusinessTime(timedelta(minutes=50)) == budget


@pytest.fixture(scope="module")
def page(files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("matplotlib", reason="the HTML page needs slaclock[report]")
    out = tmp_path_factory.mktemp("html") / "review.html"
    assert 0 == main(_review(files, "--format", "html", "-o", str(out)))
    return out


class TestHtml:
    def test_side_by_side(self, page: Path) -> None:
        text = page.read_text(encoding="utf-8")

        assert ["attainment current and proposed"] == re.findall(
            r'<svg role="img" aria-label="([^"]+)"', text
        )
        assert "<script" not in text and "<link" not in text
        assert 13 == text.count("<details>")
        assert "<b>T17</b> resolution: breached → met." in text
        assert "+50.00 EUR" in text

    @pytest.mark.parametrize(("width", "name"), [(1200, "laptop"), (390, "phone")])
    def test_opens_offline_in_chromium(
        self, page: Path, tmp_path: Path, width: int, name: str
    ) -> None:
        from browser import open_offline
        from test_report_html import _browser_or_skip

        _browser_or_skip()
        shot = tmp_path / f"{name}.png"

        seen = open_offline(page, shot, width=width, height=900)

        assert [] == seen.console
        assert [] == [r for r in seen.resources if not r.startswith("file:")]
        assert ["attainment current and proposed"] == [c["label"] for c in seen.charts]
        (chart,) = seen.charts
        assert chart["width"] > 100 and chart["height"] > 50, chart
        assert chart["shapes"] > 10 and chart["text"] > 0, chart
        assert seen.width <= width
        assert shot.stat().st_size > 10_000
