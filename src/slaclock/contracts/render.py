"""Statements as text (a table for the terminal) and as an HTML fragment."""

from __future__ import annotations

from ..report.statement_html import statement_section
from .statement import Statement

__all__ = ["render_html", "render_table"]


def render_table(s: Statement) -> str:
    """A statement as plain text: levels, credits, caps, earn-back, total, then the ledger."""
    who = f" ({s.customer})" if s.customer else ""
    out = [
        f"Statement {s.period} — contract {s.contract!r}{who}",
        f"  period {s.start} to {s.end} ({s.timezone}); fees "
        + ", ".join(f"{k} {v}" for k, v in s.fees.items()),
        "",
        f"  {'objective':<24} {'target':>8} {'measured':>10}  {'':6} {'tier':<18} {'credit':>14}",
    ]
    for o in s.objectives:
        level = o.level or "n/a"
        verdict = "met" if o.met else "MISSED"
        out.append(
            f"  {o.name:<24} {o.target:>8} {level:>10}  {verdict:6} {o.tier or '-':<18}"
            f" {o.credit:>14}"
        )
    if s.outages:
        out += ["", "  outages"]
        for g in s.outages:
            treated = "counted" if g.counted else "excluded"
            impact = "" if g.impact == "1" else f", impact {g.impact}"
            out.append(
                f"    {g.service}: {g.start} to {g.end} ({g.minutes} min{impact}): {treated},"
                f" {g.reason}"
            )
    out += ["", f"  subtotal {s.subtotal}"]
    for c in s.caps:
        room = " (room left this year)" if c.name == "per year" else ""
        out.append(f"  cap {c.name}: {c.limit}{room}{' (binds)' if c.binding else ''}")
    out.append(f"  credit for the period {s.credit}")
    for e in s.earn_back:
        out.append(f"  earn-back of {e.period}: {e.amount} {e.state} — {e.reason}")
    if s.returned != f"0.00 {s.currency}":
        out.append(f"  returned by earn-back {s.returned} (not offset: {s.returned_not_offset})")
    out += [f"  TOTAL OWED {s.total_owed}", "", "  how:"]
    out += [f"    {step.what}: {step.value}" for step in s.ledger]
    return "\n".join(out)


def render_html(s: Statement) -> str:
    """A statement as an HTML fragment (a ``<section>``), as the compliance report's HTML
    page shows it (`slaclock.report.htmlpage.html_report` with ``statements=``)."""
    return statement_section(s)
