"""A compliance report as one self-contained HTML file, with charts drawn by matplotlib.

Every chart is an inline SVG (text kept as text, so it stays small and sharp on any screen);
the page loads nothing from the network: no scripts, fonts or style sheets from elsewhere.
It needs the optional extra ``slaclock[report]`` (matplotlib).

Charts: attainment per period against the target line; the distribution of business time used
per metric against each priority's target; breaches by priority and by customer. Tables: the
figures per group, tickets at risk now, and the worst breaches with their ledgers.
"""

from __future__ import annotations

import html
import io
import re
from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from ..budgets import BusinessTime
from .model import BreachCount, ReportData
from .statement_html import STATEMENT_CSS, StatementFigures, statements_html
from .tables import hours

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from .aggregate import ComplianceReport

__all__ = ["html_report"]

#: Ledger lines shown per worst ticket; the JSON report has them all.
_LEDGER_ROWS = 40
_US = timedelta(microseconds=1)
_COLOURS = ("#1f6feb", "#d1242f", "#2da44e", "#9a6700", "#8250df", "#57606a", "#bf3989")
_CSS = """
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); }
p.rules { color: var(--muted); margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr));
  gap: .75rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem; }
.card b { display: block; font-size: 1.5rem; }
.card.miss b { color: #d1242f; } .card.hit b { color: #1a7f37; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr));
  gap: 1rem; }
figure.chart { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: .5rem; }
figure.chart svg { width: 100%; height: auto; display: block; }
figure.chart figcaption { color: var(--muted); font-size: .85rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: .85rem; width: 100%; }
th, td { padding: .25rem .5rem; border-bottom: 1px solid var(--line); text-align: right;
  white-space: nowrap; }
th.k, td.k { text-align: left; }
td.miss { color: #d1242f; font-weight: 600; } td.hit { color: #1a7f37; }
details { border: 1px solid var(--line); border-radius: 8px; padding: .4rem .6rem;
  margin: .4rem 0; }
summary { cursor: pointer; }
td.why { text-align: left; white-space: normal; }
footer { color: var(--muted); font-size: .8rem; margin-top: 2rem; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _figure(width: float = 5.2, height: float = 3.0) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d1d9e0", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _svg(figure: Figure, label: str) -> str:
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "slaclock"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    # Drop the fixed size so the chart follows the width of the page (the viewBox stays).
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", text, count=1)
    return text.replace("<svg", f'<svg role="img" aria-label="{_e(label)}"', 1)


def _chart(figure: Figure, label: str, caption: str) -> str:
    return (
        f'<figure class="chart">{_svg(figure, label)}'
        f"<figcaption>{_e(caption)}</figcaption></figure>"
    )


def _trend_chart(data: ReportData) -> str | None:
    if not data.trend:
        return None
    periods = sorted({p.period for p in data.trend})
    figure, axes = _figure()
    by_metric: dict[str, dict[str, float]] = defaultdict(dict)
    for point in data.trend:
        if point.attainment_percent is not None:
            by_metric[point.metric][point.period] = point.attainment_percent
    for n, (metric, values) in enumerate(sorted(by_metric.items())):
        xs = [periods.index(p) for p in sorted(values)]
        ys = [values[p] for p in sorted(values)]
        axes.plot(xs, ys, marker="o", color=_COLOURS[n % len(_COLOURS)], label=metric)
    target = data.rules.attainment_target_percent
    axes.axhline(target, color="#57606a", linestyle="--", linewidth=1, label=f"target {target:g}%")
    axes.set_xticks(range(len(periods)), periods, rotation=45 if len(periods) > 6 else 0)
    axes.set_ylabel("attainment %")
    lowest = min([target, *(v for vs in by_metric.values() for v in vs.values())])
    axes.set_ylim(max(0.0, lowest - 5), 100.5)
    axes.legend(fontsize=8, loc="lower left")
    return _chart(
        figure,
        "attainment per period",
        f"Attainment per {data.rules.period} (met ÷ decided) against the {target:g}% target.",
    )


def _distribution_chart(metric: str, series: dict[str, tuple[list[int], list[int]]]) -> str:
    import numpy as np

    figure, axes = _figure()
    everything = [s for samples, _ in series.values() for s in samples]
    budgets = [b for _, targets in series.values() for b in targets]
    upper = max(float(np.percentile(everything, 99)), max(budgets, default=0)) * 1.15 / 3.6e9
    upper = max(upper, 1e-3)
    bins = [float(b) for b in np.linspace(0, upper, 41)]
    for n, (priority, (samples, targets)) in enumerate(sorted(series.items())):
        colour = _COLOURS[n % len(_COLOURS)]
        values = np.minimum(np.array(samples, dtype=float) / 3.6e9, upper)
        axes.hist(values, bins=bins, histtype="step", linewidth=1.4, color=colour, label=priority)
        for budget in targets:
            axes.axvline(budget / 3.6e9, color=colour, linestyle="--", linewidth=1)
    axes.set_xlabel("business hours used (last bin: that or more)")
    axes.set_ylabel("cycles")
    axes.legend(fontsize=8, title="priority (dashed: target)", title_fontsize=8)
    return _chart(
        figure,
        f"distribution of {metric} times",
        f"{metric.replace('_', ' ')}: business time used by cycles met (on time or late),"
        " per priority, against each priority's target.",
    )


def _bar_chart(rows: Sequence[BreachCount], label: str, caption: str) -> str:
    values = sorted({r.value for r in rows})
    metrics = sorted({r.metric for r in rows})
    breached = {(r.metric, r.value): r.breached for r in rows}
    figure, axes = _figure(5.2, max(2.4, 0.32 * len(values) * max(1, len(metrics) / 2) + 1))
    height = 0.8 / max(1, len(metrics))
    for n, metric in enumerate(metrics):
        ys = [i + n * height for i in range(len(values))]
        axes.barh(
            ys,
            [breached.get((metric, v), 0) for v in values],
            height=height,
            color=_COLOURS[n % len(_COLOURS)],
            label=metric,
        )
    axes.set_yticks([i + height * (len(metrics) - 1) / 2 for i in range(len(values))], values)
    axes.invert_yaxis()
    axes.grid(axis="y", visible=False)
    axes.grid(axis="x", color="#d1d9e0", linewidth=0.6)
    from matplotlib.ticker import MaxNLocator

    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlabel("breached tickets")
    axes.legend(fontsize=8)
    return _chart(figure, label, caption)


def _top_customers(rows: list[BreachCount], limit: int = 15) -> list[BreachCount]:
    totals: dict[str, int] = defaultdict(int)
    for r in rows:
        totals[r.value] += r.breached
    keep = {v for v, _ in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]}
    return [r for r in rows if r.value in keep]


def _cards(data: ReportData) -> str:
    by_metric: dict[str, list[Any]] = defaultdict(list)
    for group in data.groups:
        by_metric[group.key.get("metric", "all metrics")].append(group)
    cards = []
    for metric, groups in sorted(by_metric.items()):
        met = sum(g.met for g in groups)
        breached = sum(g.breached for g in groups)
        decided = sum(g.decided for g in groups)
        if data.rules.open_tickets == "count_as_met":
            met += sum(g.running + g.paused for g in groups)
        share = 100 * met / decided if decided else None
        target = data.rules.attainment_target_percent
        # Display only: the exact decision per group is in the table below.
        kind = "" if share is None else ("hit" if met * 100 >= target * decided else "miss")
        shown = "—" if share is None else f"{share:.2f}%"
        cards.append(
            f'<div class="card {kind}"><span>{_e(metric.replace("_", " "))}</span>'
            f"<b>{shown}</b><span>{met:,} met of {decided:,} decided;"
            f" {breached:,} breached</span></div>"
        )
    return f'<div class="cards">{"".join(cards)}</div>'


def _groups_table(data: ReportData) -> str:
    head = "".join(f'<th class="k">{_e(k)}</th>' for k in data.by)
    head += "".join(
        f"<th>{h}</th>"
        for h in (
            "tickets",
            "met",
            "breached",
            "running",
            "paused",
            "cancelled",
            "attainment",
            "median",
            "p90",
            "p95",
            "max",
            "mean",
            "target",
            "at risk",
            "worst overrun",
        )
    )
    rows = []
    for g in data.groups:
        used = g.time_used
        mark = "" if g.meets_target is None else ("hit" if g.meets_target else "miss")
        shown = "—" if g.attainment_percent is None else f"{g.attainment_percent:.2f}%"
        targets = ", ".join(used.targets) or "—"
        cells = "".join(f'<td class="k">{_e(g.key[k])}</td>' for k in data.by)
        cells += "".join(
            f"<td>{v}</td>"
            for v in (g.tickets, g.met, g.breached, g.running, g.paused, g.cancelled)
        )
        cells += f'<td class="{mark}" title="{_e(g.attainment or "")}">{shown}</td>'
        cells += "".join(
            f"<td>{hours(v)}</td>"
            for v in (
                used.median_seconds,
                used.p90_seconds,
                used.p95_seconds,
                used.max_seconds,
                used.mean_seconds,
            )
        )
        cells += f"<td>{_e(targets)}</td><td>{g.at_risk}</td>"
        cells += f"<td>{hours(g.overrun.max_seconds)}</td>"
        rows.append(f"<tr>{cells}</tr>")
    return (
        f'<div class="scroll"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _at_risk(data: ReportData) -> str:
    if not data.at_risk:
        return "<p>No running ticket is past the warning threshold.</p>"
    rows = "".join(
        f'<tr><td class="k">{_e(r.ticket or "?")}</td><td class="k">{_e(r.metric)}</td>'
        f'<td class="k">{_e(r.priority)}</td>'
        f'<td class="k">{_e(", ".join(f"{k}={v}" for k, v in r.attributes.items()))}</td>'
        f"<td>{r.percent_used:.2f}%</td><td>{hours(r.elapsed_seconds)}</td>"
        f"<td>{hours(r.budget_seconds)}</td><td>{_e(r.due_at or '—')}</td></tr>"
        for r in data.at_risk
    )
    return (
        '<div class="scroll"><table><thead><tr><th class="k">ticket</th><th class="k">metric</th>'
        '<th class="k">priority</th><th class="k">attributes</th><th>used</th><th>elapsed</th>'
        f"<th>budget</th><th>due</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _worst(data: ReportData) -> str:
    if not data.worst:
        return "<p>No breaches.</p>"
    parts = []
    for w in data.worst:
        attrs = ", ".join(f"{k}={v}" for k, v in w.attributes.items())
        lines = w.ledger
        if len(lines) > _LEDGER_ROWS:  # keep the page small: closed hours are the filler
            lines = [line for line in lines if line.kind != "closed"]
        hidden = len(w.ledger) - min(len(lines), _LEDGER_ROWS)
        lines = lines[:_LEDGER_ROWS]
        more = (
            f'<p class="rules">{hidden} more ledger lines (closed hours first) are in the JSON'
            " report.</p>"
            if hidden
            else ""
        )
        ledger = "".join(
            f'<tr><td class="k">{_e(line.start)}</td><td class="k">{_e(line.end or "")}</td>'
            f'<td class="k">{_e(line.kind)}</td><td>{hours(line.business_seconds)}</td>'
            f'<td class="why">{_e(line.reason)}</td></tr>'
            for line in lines
        )
        parts.append(
            f"<details><summary><b>{_e(w.ticket or '?')}</b> {_e(w.metric)} {_e(w.priority)}"
            f" ({_e(w.policy)}{', ' + _e(attrs) if attrs else ''}):"
            f" {hours(w.overrun_seconds)} past a {hours(w.budget_seconds)} budget,"
            f" breached {_e(w.breached_at or '—')}</summary>"
            '<div class="scroll"><table><thead><tr><th class="k">from</th><th class="k">to</th>'
            '<th class="k">kind</th><th>business time</th><th class="k">why</th></tr></thead>'
            f"<tbody>{ledger}</tbody></table></div>{more}</details>"
        )
    return "".join(parts)


def html_report(
    result: ComplianceReport,
    *,
    title: str = "SLA compliance report",
    statements: Sequence[StatementFigures] = (),
) -> str:
    """The report as one self-contained HTML page (needs ``slaclock[report]``).

    `statements` (contract statements, `slaclock.contracts.Statement`) add a section per
    customer and period: is the customer owed compensation, and why.

    Raises:
        ImportError: matplotlib is not installed; the message says which extra brings it.
    """
    try:
        import matplotlib  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the HTML report draws its charts with matplotlib: pip install 'slaclock[report]'"
        ) from exc
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("slaclock")
    except PackageNotFoundError:  # pragma: no cover - a source tree
        __version__ = "0+unknown"

    data = result.to_data()
    rules = data.rules
    charts = []
    trend = _trend_chart(data)
    if trend is not None:
        charts.append(trend)
    series: dict[str, dict[str, tuple[list[int], list[int]]]] = defaultdict(dict)
    for key, cell in result._grouped(("metric", "priority")):
        if cell.samples:
            fixed = [t.time // _US for t in cell.targets if isinstance(t, BusinessTime)]
            series[key["metric"]][key["priority"]] = (list(cell.samples), sorted(fixed))
    for metric in sorted(series):
        charts.append(_distribution_chart(metric, series[metric]))
    if data.breaches_by_priority:
        charts.append(
            _bar_chart(
                data.breaches_by_priority,
                "breaches by priority",
                "Breached tickets per priority and metric.",
            )
        )
    if data.breaches_by_customer:
        customer = data.customer_attribute or "customer"
        charts.append(
            _bar_chart(
                _top_customers(data.breaches_by_customer),
                f"breaches by {customer}",
                f"Breached tickets per {customer} (the 15 with the most) and metric.",
            )
        )
    placed = (
        f"a ticket counts in the {rules.period} its metric was decided (met, breached,"
        " cancelled), an open one in the one it was created"
        if rules.period_by == "decided"
        else f"a ticket counts in the {rules.period} it was created"
    )
    open_rule = (
        "running and paused tickets are left out of attainment until decided"
        if rules.open_tickets == "exclude"
        else "running and paused tickets count as met so far"
    )
    owed = ""
    if statements:
        owed = "<h2>Statements: is the customer owed compensation, and why</h2>" + statements_html(
            statements
        )
    body = f"""<h1>{_e(title)}</h1>
<p class="rules">Evaluated at {_e(data.now or "—")}: {data.tickets:,} tickets.
Periods are {_e(rules.period or "not used")} in {_e(rules.timezone)}; {_e(placed)};
{_e(open_rule)}. Attainment target {rules.attainment_target_percent:g}%; at risk means running
with at least {rules.warn_at_percent:g}% of the budget used.</p>
{_cards(data)}
<h2>Charts</h2>
<div class="charts">{"".join(charts)}</div>
<h2>Figures by {_e(", ".join(data.by) or "nothing")}</h2>
{_groups_table(data)}
<h2>At risk now</h2>
{_at_risk(data)}
<h2>Worst breaches</h2>
{_worst(data)}
{owed}
<footer>slaclock {_e(__version__)}. Business times are shown as hours and minutes of open
time; percentiles are nearest-rank over exact samples; a ✓/✗ is decided on the exact
fraction, never on the rounded figure shown.</footer>"""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_CSS}{STATEMENT_CSS if statements else ""}</style></head>
<body>
{body}
</body></html>
"""
