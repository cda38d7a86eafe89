"""A review as one self-contained HTML page: current and proposed side by side.

Same rules as the report page (`htmlpage`): inline SVG charts drawn by matplotlib, no
scripts, nothing fetched. One chart (attainment per group under each set), the comparison
table, credits where contracts were compared, and every listed flipped verdict with both
ledgers next to each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .htmlpage import _CSS, _chart, _e, _figure
from .model import LedgerLine
from .review import FlippedVerdict, ReviewData, ReviewResult, SideFigures
from .tables import hours

__all__ = ["html_review"]

_LEDGER_ROWS = 30
_SIDE_CSS = """
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
  gap: .75rem; }
.pair h3 { font-size: .95rem; margin: .4rem 0; }
td.up { color: #1a7f37; } td.down { color: #d1242f; }
"""


def _label(key: Mapping[str, str]) -> str:
    return " · ".join(key.values()) or "all"


def _attainment_chart(data: ReviewData) -> str | None:
    rows = [r for r in data.rows if r.current.decided or r.proposed.decided]
    if not rows:
        return None
    figure, axes = _figure(6.4, max(2.2, 0.42 * len(rows) + 1.0))
    labels = [_label(r.key) for r in rows]
    ys = list(range(len(rows)))
    before = [r.current.attainment_percent or 0.0 for r in rows]
    after = [r.proposed.attainment_percent or 0.0 for r in rows]
    axes.barh([y + 0.2 for y in ys], before, height=0.38, color="#57606a", label=data.current_name)
    axes.barh([y - 0.2 for y in ys], after, height=0.38, color="#1f6feb", label=data.proposed_name)
    axes.axvline(data.rules.attainment_target_percent, color="#d1242f", linewidth=1)
    axes.set_yticks(ys, labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("attainment (%)")
    axes.grid(axis="x", color="#d1d9e0", linewidth=0.6)
    figure.legend(fontsize=8, loc="outside upper center", ncol=2, frameon=False)
    return _chart(
        figure,
        "attainment current and proposed",
        "Attainment per group under each policy set; the red line is the target.",
    )


def _cell(side: SideFigures) -> str:
    shown = "—" if side.attainment_percent is None else f"{side.attainment_percent:.2f}%"
    mark = "" if side.meets_target is None else ("hit" if side.meets_target else "miss")
    return (
        f"<td>{side.met}</td><td>{side.breached}</td><td>{side.open}</td>"
        f'<td class="{mark}" title="{_e(side.attainment or "")}">{shown}</td>'
    )


def _table(data: ReviewData) -> str:
    head = "".join(f'<th class="k">{_e(k)}</th>' for k in data.by)
    per_side = "<th>met</th><th>breached</th><th>open</th><th>attainment</th>"
    rows = []
    for r in data.rows:
        change = r.attainment_change_points
        kind = "" if not change else ("up" if change > 0 else "down")
        shown = "—" if change is None else f"{change:+.2f}"
        cells = "".join(f'<td class="k">{_e(v)}</td>' for v in r.key.values())
        rows.append(
            f"<tr>{cells}{_cell(r.current)}{_cell(r.proposed)}"
            f'<td class="{kind}">{shown}</td><td>{r.breaches_change:+d}</td></tr>'
        )
    span = len(data.by)
    return (
        '<div class="scroll"><table><thead>'
        f'<tr><th colspan="{span}"></th><th colspan="4">{_e(data.current_name)}</th>'
        f'<th colspan="4">{_e(data.proposed_name)}</th><th colspan="2">change</th></tr>'
        f"<tr>{head}{per_side}{per_side}<th>points</th><th>breaches</th></tr>"
        f"</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def _ledger(lines: Sequence[LedgerLine]) -> str:
    shown = (
        [line for line in lines if line.kind != "closed"] if len(lines) > _LEDGER_ROWS else lines
    )
    body = "".join(
        f'<tr><td class="k">{_e(line.start)}</td><td class="k">{_e(line.kind)}</td>'
        f'<td>{hours(line.business_seconds)}</td><td class="why">{_e(line.reason)}</td></tr>'
        for line in shown[:_LEDGER_ROWS]
    )
    if not body:
        return "<p>No ledger: the metric does not run under this set.</p>"
    return (
        '<div class="scroll"><table><thead><tr><th class="k">from</th><th class="k">kind</th>'
        f'<th>business time</th><th class="k">why</th></tr></thead><tbody>{body}</tbody>'
        "</table></div>"
    )


def _flip(f: FlippedVerdict, names: tuple[str, str]) -> str:
    sides = "".join(
        f"<div><h3>{_e(name)}: {_e(side.verdict)} ({_e(side.policy or 'no policy')},"
        f" {_e(side.priority or '—')}, target {_e(side.target or '—')})</h3>"
        f"{_ledger(side.ledger)}</div>"
        for name, side in zip(names, (f.current, f.proposed), strict=True)
    )
    return (
        f"<details><summary><b>{_e(f.ticket or '?')}</b> {_e(f.metric)}:"
        f" {_e(f.current.verdict)} → {_e(f.proposed.verdict)}. {_e(f.reason)}</summary>"
        f'<div class="pair">{sides}</div></details>'
    )


def _credits(rows: Sequence[Mapping[str, str | None]]) -> str:
    body = "".join(
        f'<tr><td class="k">{_e(r["contract"])}</td><td class="k">{_e(r["period"])}</td>'
        f"<td>{_e(r['current_owed'] or '—')}</td><td>{_e(r['proposed_owed'] or '—')}</td>"
        f"<td>{_e(r['change'] or '—')}</td></tr>"
        for r in rows
    )
    return (
        '<div class="scroll"><table><thead><tr><th class="k">contract</th>'
        '<th class="k">period</th><th>owed now</th><th>owed under the proposal</th>'
        f"<th>change</th></tr></thead><tbody>{body}</tbody></table></div>"
    )


def html_review(
    result: ReviewResult,
    *,
    credits: Sequence[Mapping[str, str | None]] = (),
    title: str = "SLA review: current and proposed",
) -> str:
    """The review as one self-contained HTML page (needs ``slaclock[report]``).

    `credits` are rows with ``contract``, ``period``, ``current_owed``, ``proposed_owed``
    and ``change`` (as `slaclock.contracts.review.CreditChange` dumps them).
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the HTML review draws its charts with matplotlib: pip install 'slaclock[report]'"
        ) from exc
    data = result.to_data()
    names = (data.current_name, data.proposed_name)
    chart = _attainment_chart(data)
    listed = len(data.flips)
    flips = "".join(_flip(f, names) for f in data.flips) or "<p>No verdict changes.</p>"
    more = (
        f'<p class="rules">{data.flips_total - listed:,} more flipped verdicts are counted but'
        " not listed.</p>"
        if data.flips_total > listed
        else ""
    )
    cards = (
        f'<div class="cards"><div class="card"><span>tickets</span><b>{data.tickets:,}</b>'
        "<span>evaluated under both sets</span></div>"
        f'<div class="card hit"><span>now met</span><b>{data.flips_to_met:,}</b>'
        "<span>listed verdicts that become met</span></div>"
        f'<div class="card miss"><span>now breached</span><b>{data.flips_to_breached:,}</b>'
        "<span>listed verdicts that become breached</span></div></div>"
    )
    credit_part = f"<h2>Credits</h2>{_credits(credits)}" if credits else ""
    body = f"""<h1>{_e(title)}</h1>
<p class="rules">Every ticket evaluated at {_e(data.now or "—")} under
<b>{_e(names[0])}</b> and under <b>{_e(names[1])}</b>. Attainment is met ÷ decided
(rule: {_e(data.rules.open_tickets)}); target {data.rules.attainment_target_percent:g}%.</p>
{cards}
<h2>Attainment side by side</h2>
<div class="charts">{chart or ""}</div>
{_table(data)}
{credit_part}
<h2>Flipped verdicts ({data.flips_total:,})</h2>
{flips}{more}
<footer>A verdict flips when it differs between the two sets and one of them is met or
breached. A ✓/✗ is decided on the exact fraction, never on the rounded figure.</footer>"""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}{_SIDE_CSS}</style></head>
<body>
{body}
</body></html>
"""
