"""The statement section of the HTML report: is the customer owed compensation, and why.

The report layer does not know contracts; it draws any value shaped like a contract statement
(`StatementFigures`, which `slaclock.contracts.Statement` is). Every figure is shown as the
statement gives it, character for character, so the page says what the statement's JSON says:
per customer and period, availability per service in its window, the ticket objectives, the
tier, base and weight behind each credit, the caps, earn-back and the total owed, with the
ledger of the calculation.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

__all__ = [
    "CapFigures",
    "EarnBackFigures",
    "ObjectiveFigures",
    "StatementFigures",
    "StepFigures",
    "statement_section",
    "statements_html",
]

STATEMENT_CSS = """
section.statement { border: 1px solid var(--line); border-radius: 8px; padding: .6rem .8rem;
  margin: .75rem 0; }
section.statement h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
section.statement .owed { font-size: 1.3rem; font-weight: 600; }
section.statement .owed.zero { color: #1a7f37; } section.statement .owed.some { color: #d1242f; }
"""


class ObjectiveFigures(Protocol):
    """One objective's line of a statement."""

    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def service(self) -> str | None: ...
    @property
    def window(self) -> str | None: ...
    @property
    def target(self) -> str: ...
    @property
    def level_exact(self) -> str | None: ...
    @property
    def level(self) -> str | None: ...
    @property
    def met(self) -> bool: ...
    @property
    def downtime_seconds(self) -> str | None: ...
    @property
    def window_seconds(self) -> str | None: ...
    @property
    def excluded_seconds(self) -> str | None: ...
    @property
    def met_tickets(self) -> int | None: ...
    @property
    def decided_tickets(self) -> int | None: ...
    @property
    def tier(self) -> str | None: ...
    @property
    def base(self) -> str | None: ...
    @property
    def weight(self) -> str | None: ...
    @property
    def credit(self) -> str: ...


class CapFigures(Protocol):
    """A limit on a period's credit."""

    @property
    def name(self) -> str: ...
    @property
    def limit(self) -> str: ...
    @property
    def binding(self) -> bool: ...


class EarnBackFigures(Protocol):
    """The earn-back state of a period's credit."""

    @property
    def period(self) -> str: ...
    @property
    def amount(self) -> str: ...
    @property
    def state(self) -> str: ...
    @property
    def reason(self) -> str: ...


class StepFigures(Protocol):
    """One line of the calculation."""

    @property
    def what(self) -> str: ...
    @property
    def value(self) -> str: ...


class StatementFigures(Protocol):
    """What a contract's customer is owed for one period (`slaclock.contracts.Statement`)."""

    @property
    def contract(self) -> str: ...
    @property
    def customer(self) -> str | None: ...
    @property
    def period(self) -> str: ...
    @property
    def start(self) -> str: ...
    @property
    def end(self) -> str: ...
    @property
    def timezone(self) -> str: ...
    @property
    def currency(self) -> str: ...
    @property
    def fees(self) -> Mapping[str, str]: ...
    @property
    def objectives(self) -> Sequence[ObjectiveFigures]: ...
    @property
    def per_breach(self) -> str: ...
    @property
    def subtotal(self) -> str: ...
    @property
    def caps(self) -> Sequence[CapFigures]: ...
    @property
    def credit(self) -> str: ...
    @property
    def earn_back(self) -> Sequence[EarnBackFigures]: ...
    @property
    def returned(self) -> str: ...
    @property
    def total_owed(self) -> str: ...
    @property
    def ledger(self) -> Sequence[StepFigures]: ...


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _cell(field: str, value: object, css: str = "", title: str | None = None) -> str:
    """A cell that carries the name of the statement field it shows (``data-field``)."""
    shown = "—" if value is None else value
    klass = f' class="{css}"' if css else ""
    tip = f' title="{_e(title)}"' if title else ""
    return f'<td{klass} data-field="{field}"{tip}>{_e(shown)}</td>'


def _table(head: Sequence[str], rows: Iterable[str], left: int = 1) -> str:
    heads = "".join(
        f'<th class="k">{_e(h)}</th>' if n < left else f"<th>{_e(h)}</th>"
        for n, h in enumerate(head)
    )
    return (
        f'<div class="scroll"><table><thead><tr>{heads}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _objective_row(o: ObjectiveFigures) -> str:
    verdict = "hit" if o.met else "miss"
    if o.kind == "availability":
        measured = f"{o.downtime_seconds} s down of {o.window_seconds} s in the window"
        if o.excluded_seconds and o.excluded_seconds != "0":
            measured += f", {o.excluded_seconds} s excluded"
    else:
        measured = f"{o.met_tickets} of {o.decided_tickets}"
    return (
        f'<tr data-objective="{_e(o.name)}">'
        + _cell("name", o.name, "k")
        + _cell("service", o.service, "k")
        + _cell("window", o.window, "k")
        + _cell("target", o.target)
        + _cell("level", o.level or "n/a", verdict, o.level_exact)
        + _cell("met", "met" if o.met else "missed", verdict)
        + f'<td class="why">{_e(measured)}</td>'
        + _cell("tier", o.tier, "k")
        + _cell("base", o.base)
        + _cell("weight", o.weight)
        + _cell("credit", o.credit)
        + "</tr>"
    )


def _cap_label(name: str) -> str:
    # The yearly cap is shown as the room it leaves: the cap less this year's earlier credits.
    return "cap per year (room left this year)" if name == "per year" else f"cap {name}"


def statement_section(s: StatementFigures) -> str:
    """One statement as an HTML ``<section>``: objectives, credits, caps, earn-back, total."""
    who = s.customer or s.contract
    owed_zero = s.total_owed.split()[0] in ("0", "0.00")
    objectives = _table(
        (
            "objective",
            "service",
            "window",
            "target",
            "measured",
            "",
            "how",
            "tier reached",
            "base",
            "weight",
            "credit",
        ),
        (_objective_row(o) for o in s.objectives),
        left=3,
    )
    totals = [
        ("per-breach ticket credits", "per_breach", s.per_breach),
        ("subtotal", "subtotal", s.subtotal),
        *((_cap_label(c.name), f"cap:{c.name}", c.limit) for c in s.caps),
        ("credit for the period", "credit", s.credit),
        ("returned by earn-back", "returned", s.returned),
        ("total owed", "total_owed", s.total_owed),
    ]
    binds = {f"cap:{c.name}" for c in s.caps if c.binding}
    total_rows = (
        f'<tr><td class="k">{_e(what)}{" (binds)" if field in binds else ""}</td>'
        + _cell(field, value)
        + "</tr>"
        for what, field, value in totals
    )
    earn = ""
    if s.earn_back:
        earn = "<h4>Earn-back</h4>" + _table(
            ("period", "amount", "state", "why"),
            (
                f'<tr data-earn-back="{_e(e.period)}">'
                + _cell("period", e.period, "k")
                + _cell("amount", e.amount)
                + _cell("state", e.state)
                + f'<td class="why">{_e(e.reason)}</td></tr>'
                for e in s.earn_back
            ),
        )
    steps = "".join(f"<li>{_e(x.what)}: {_e(x.value)}</li>" for x in s.ledger)
    fees = ", ".join(f"{k} {v}" for k, v in s.fees.items())
    return (
        f'<section class="statement" data-contract="{_e(s.contract)}"'
        f' data-period="{_e(s.period)}">'
        f"<h3>{_e(who)} — {_e(s.period)} (contract {_e(s.contract)})</h3>"
        f'<p class="rules">{_e(s.start)} to {_e(s.end)} ({_e(s.timezone)}); fees {_e(fees)}.'
        " A level meets its target on the exact figure (hover for it), never on the rounded"
        " one shown.</p>"
        f'<p>Owed: <span class="owed {"zero" if owed_zero else "some"}"'
        f' data-field="total_owed">{_e(s.total_owed)}</span></p>'
        f"{objectives}"
        + _table(("", "amount"), total_rows)
        + earn
        + f"<details><summary>How this was calculated</summary><ol>{steps}</ol></details>"
        "</section>"
    )


def statements_html(statements: Iterable[StatementFigures]) -> str:
    """Statements grouped per customer, each customer's in period order."""
    by_customer: dict[str, list[StatementFigures]] = {}
    for s in statements:
        by_customer.setdefault(s.customer or s.contract, []).append(s)
    parts = []
    for customer in sorted(by_customer):
        ordered = sorted(by_customer[customer], key=lambda s: (s.start, s.contract))
        parts.append("".join(statement_section(s) for s in ordered))
    return "".join(parts)
