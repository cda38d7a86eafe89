"""``slaclock review`` and ``slaclock suggest``: revise an SLA with evidence from history.

``review CURRENT PROPOSED EVENTS`` evaluates every ticket under both policy files in one
pass and compares attainment and breaches per group, lists the tickets whose verdict flips
and, when both files carry contracts, the credits owed under each. ``suggest POLICY EVENTS
--share 95%`` gives the targets that share of past tickets met, as a policy snippet.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any, get_args

from .._typing import Period
from ..errors import SlaclockError
from .conventions import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    load_policy_file,
    readable,
    write_output,
)
from .report import DEMO_NOW, batch_error

if TYPE_CHECKING:
    from fractions import Fraction

    from ..contracts.contract_set import ContractSet
    from ..report.review import ReviewData

__all__ = ["add_parsers", "run_review", "run_suggest"]

_USAGE = EXIT_USAGE
_Usage = UsageError


def add_parsers(subparsers: Any) -> None:
    """Register ``review`` and ``suggest`` on the ``slaclock`` command's subparsers."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "review",
        help="back-test a proposed policy file on history: attainment, flips, credits",
        description=(
            "Evaluate every ticket of EVENTS at --now under CURRENT and under PROPOSED (one"
            " pass) and compare attainment and breaches per metric and priority, list the"
            " tickets whose verdict flips with both ledgers, and, when both files have"
            " contracts, the credits owed under each."
        ),
    )
    p.add_argument("current", nargs="?", help="today's policy file (YAML, JSON or TOML)")
    p.add_argument("proposed", nargs="?", help="the proposed policy file (may be the same)")
    p.add_argument("events", nargs="?", help="JSON-lines events file, or - for stdin")
    p.add_argument("--demo", action="store_true", help="the demo policy against a demo proposal")
    p.add_argument(
        "--now",
        metavar="INSTANT",
        help="the instant to evaluate at, with its UTC offset (required unless --demo)",
    )
    p.add_argument(
        "--current-version",
        metavar="DATE",
        help="apply the version of CURRENT in effect at DATE to every ticket",
    )
    p.add_argument(
        "--proposed-version",
        metavar="DATE",
        help="apply the version of PROPOSED in effect at DATE to every ticket",
    )
    p.add_argument(
        "--outages",
        action="append",
        default=[],
        metavar="FILE",
        help="outages (JSON lines) for the contracts' availability objectives (repeatable;"
        " needs contracts in both files)",
    )
    # not report.PERIODS: --help imports no pydantic
    p.add_argument(
        "--period",
        choices=(*get_args(Period), "none"),
        default="none",
        help="also group by this period (default none)",
    )
    p.add_argument(
        "--tz", metavar="ZONE", help="IANA zone of the periods (default: the first calendar's)"
    )
    p.add_argument(
        "--by",
        action="append",
        default=[],
        metavar="DIMENSION",
        help="group by these (default metric and priority; repeat or comma-separate)",
    )
    p.add_argument(
        "--target", metavar="PCT", default="95%", help="attainment target (default 95%%)"
    )
    p.add_argument(
        "--max-flips", type=int, metavar="N", default=1000, help="flipped verdicts listed (1000)"
    )
    p.add_argument(
        "--format",
        choices=("table", "json", "html"),
        default="table",
        help="a table for people (default), one JSON document, or one HTML page",
    )
    p.add_argument("-o", "--output", help="write to this file")
    p.set_defaults(run=run_review)

    s: argparse.ArgumentParser = subparsers.add_parser(
        "suggest",
        help="targets a chosen share of past tickets met, as a policy snippet",
        description=(
            "Evaluate every ticket of EVENTS at --now and give, per policy, metric and"
            " priority, the smallest target (whole minutes) under which at least --share of"
            " the decided tickets would have been met, with the sample size and a warning"
            " when it is small."
        ),
    )
    s.add_argument("policy_file", nargs="?", help="policy file (YAML, JSON or TOML)")
    s.add_argument("events", nargs="?", help="JSON-lines events file, or - for stdin")
    s.add_argument("--demo", action="store_true", help="the embedded demo policy and tickets")
    s.add_argument(
        "--now",
        metavar="INSTANT",
        help="the instant to evaluate at, with its UTC offset (required unless --demo)",
    )
    s.add_argument(
        "--share", metavar="PCT", default="95%", help="share of tickets to meet (default 95%%)"
    )
    s.add_argument(
        "--min-sample", type=int, metavar="N", default=30, help="warn below this many tickets (30)"
    )
    s.add_argument(
        "--format",
        choices=("yaml", "table", "json"),
        default="table",
        help="a table for people with the snippet (default), the policy snippet alone as"
        " YAML, or one JSON document",
    )
    s.add_argument(
        "--write-policy", metavar="FILE", help="also write the whole policy file with them"
    )
    s.set_defaults(run=run_suggest)


def _instant(text: str, option: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise _Usage(
            f"{option}: cannot read {text!r} as an instant; write e.g. 2026-11-30T17:00+01:00"
        ) from None
    if value.tzinfo is None:
        raise _Usage(f"{option}: {text!r} has no UTC offset; add one (e.g. +01:00 or Z)")
    return value


def _lines(path: str, what: str = "events file") -> Iterable[str]:
    if path == "-":
        return sys.stdin
    try:
        from pathlib import Path

        return Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise _Usage(f"{path}: cannot read the {what}: {exc.strerror}") from None


def _demo(name: str) -> str:
    from importlib import resources

    return resources.files("slaclock").joinpath("data", name).read_text(encoding="utf-8")


def _contracts(path: str) -> ContractSet | None:
    """The file's contracts, or None when it has none."""
    from ..contracts.contract_set import load_contracts

    found = load_contracts(path)
    return found if found.contracts else None


def _emit(text: str, output: str | None) -> None:
    if output:
        write_output(output, text)
    else:
        sys.stdout.write(text)


def _fail(exc: _Usage) -> int:
    print(f"slaclock: error: {exc}", file=sys.stderr)
    return _USAGE


def _events_error(exc: SlaclockError, events: str | None) -> int:
    """An events problem, named by file, line and ticket as ``evaluate`` names it."""
    if exc.line is None:
        raise exc
    source = "demo_tickets.jsonl" if events is None else "<stdin>" if events == "-" else events
    print(f"slaclock: error: {batch_error(source, exc)}", file=sys.stderr)
    return EXIT_INVALID


def _review_table(data: ReviewData, credits: list[dict[str, Any]]) -> str:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.2f}%"

    head = [*data.by, "met", "breached", "now", "met", "breached", "proposed", "change"]
    rows = [head]
    for r in data.rows:
        a, b = r.current, r.proposed
        change = r.attainment_change_points
        rows.append(
            [
                *r.key.values(),
                str(a.met),
                str(a.breached),
                pct(a.attainment_percent),
                str(b.met),
                str(b.breached),
                pct(b.attainment_percent),
                "—" if change is None else f"{change:+.2f}",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    out = [
        f"Review at {data.now}: {data.tickets} tickets; {data.current_name} → {data.proposed_name}",
        "",
    ]
    out += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    out += ["", f"Flipped verdicts: {data.flips_total}"]
    for f in data.flips:
        out.append(f"  {f.ticket or '?'} {f.metric}: {f.reason}")
    if data.flips_total > len(data.flips):
        out.append(f"  … {data.flips_total - len(data.flips)} more (raise --max-flips)")
    if credits:
        out += ["", "Credits owed (current → proposed):"]
        for c in credits:
            out.append(
                f"  {c['contract']} {c['period']}: {c['current_owed'] or '—'} →"
                f" {c['proposed_owed'] or '—'} ({c['change'] or 'n/a'})"
            )
    return "\n".join(out) + "\n"


def run_review(args: argparse.Namespace) -> int:
    """Run ``slaclock review``; returns the exit code."""
    from ..config import PolicySet
    from ..contracts.outages import read_outages
    from ..contracts.review import CreditReview
    from ..report.options import ReportOptions
    from ..report.review import as_of, review_jsonl
    from .report import _percent

    try:
        names = ("current", "proposed")
        current_contracts = proposed_contracts = None
        if args.demo:
            current = PolicySet.from_yaml(_demo("demo_policy.yaml"), source="demo_policy.yaml")
            proposed = PolicySet.from_yaml(_demo("demo_proposal.yaml"), source="demo_proposal.yaml")
            lines: Iterable[str] = _demo("demo_tickets.jsonl").splitlines()
            now = _instant(args.now or DEMO_NOW, "--now")
            names = ("demo_policy.yaml", "demo_proposal.yaml")
        else:
            if not (args.current and args.proposed and args.events):
                raise _Usage("give CURRENT and PROPOSED policy files and an EVENTS file")
            if not args.now:
                raise _Usage("--now is required: slaclock never reads the machine's clock")
            now = _instant(args.now, "--now")
            for path in (args.events, *args.outages):
                if path != "-":
                    readable(path, "events file" if path == args.events else "outages file")
            current = load_policy_file(args.current)
            proposed = load_policy_file(args.proposed)
            current_contracts = _contracts(args.current)
            proposed_contracts = _contracts(args.proposed)
            lines = _lines(args.events)
            names = (args.current, args.proposed)
        if args.current_version:
            current = as_of(current, _instant(args.current_version, "--current-version"))
            names = (f"{names[0]} as of {args.current_version}", names[1])
        if args.proposed_version:
            proposed = as_of(proposed, _instant(args.proposed_version, "--proposed-version"))
            names = (names[0], f"{names[1]} as of {args.proposed_version}")
        if not current.policies or not proposed.policies:
            raise _Usage("no policy is in effect at the version date given")
        period = None if args.period == "none" else args.period
        extra = [n.strip() for item in args.by for n in item.split(",") if n.strip()]
        by = extra or ["metric", "priority"]
        if period and "period" not in by:
            by.append("period")
        try:
            options = ReportOptions(
                timezone=args.tz or current.policies[0].calendar.timezone,
                period=period,
                by=tuple(by),
                attainment_target=_percent(args.target, "--target"),
            )
        except ValueError as exc:
            raise _Usage(str(exc)) from None
        credit_review = None
        if args.outages and (current_contracts is None or proposed_contracts is None):
            raise _Usage("--outages needs contracts: in both CURRENT and PROPOSED files")
        if current_contracts is not None and proposed_contracts is not None:
            outages = []
            for path in args.outages:
                outages += read_outages(
                    _lines(path, "outages file"), source=path, services=current_contracts.services
                )
            credit_review = CreditReview(current_contracts, proposed_contracts, outages)
        try:
            result = review_jsonl(
                current,
                proposed,
                lines,
                now,
                options,
                max_flips=args.max_flips,
                names=names,
                sink=None if credit_review is None else credit_review.add,
            )
        except SlaclockError as exc:
            return _events_error(exc, None if args.demo else args.events)
    except _Usage as exc:
        return _fail(exc)
    credits = [] if credit_review is None else credit_review.compare(now)
    rows = [c.model_dump() for c in credits]
    if args.format == "json":
        payload = result.to_data().model_dump(mode="json")
        payload["credits"] = rows
        import json

        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
    elif args.format == "html":
        from ..report.review_html import html_review

        text = html_review(result, credits=rows)
    else:
        text = _review_table(result.to_data(), rows)
    _emit(text, args.output)
    return EXIT_OK


def _share(text: str) -> Fraction:
    from ..report.suggest import parse_share

    try:
        return parse_share(text)
    except ValueError as exc:
        raise _Usage(f"--share: {str(exc).removeprefix('share: ')}") from None


def run_suggest(args: argparse.Namespace) -> int:
    """Run ``slaclock suggest``; returns the exit code."""
    from ..config import PolicySet
    from ..report.suggest import suggest_jsonl

    try:
        share = _share(args.share)
        if args.min_sample < 1:
            raise _Usage(f"--min-sample: must be at least 1, got {args.min_sample}")
        if args.demo:
            policies = PolicySet.from_yaml(_demo("demo_policy.yaml"), source="demo_policy.yaml")
            lines: Iterable[str] = _demo("demo_tickets.jsonl").splitlines()
            now = _instant(args.now or DEMO_NOW, "--now")
        else:
            if not (args.policy_file and args.events):
                raise _Usage("give a policy file and an events file (or --demo)")
            if not args.now:
                raise _Usage("--now is required: slaclock never reads the machine's clock")
            now = _instant(args.now, "--now")
            if args.events != "-":
                readable(args.events, "events file")
            policies = load_policy_file(args.policy_file)
            lines = _lines(args.events)
    except _Usage as exc:
        return _fail(exc)
    try:
        found = suggest_jsonl(policies, lines, now, share, min_sample=args.min_sample)
    except SlaclockError as exc:
        return _events_error(exc, None if args.demo else args.events)
    if args.write_policy:
        import yaml

        text = yaml.safe_dump(found.applied().to_dict(), sort_keys=False, allow_unicode=True)
        _emit(text, args.write_policy)
    if args.format == "json":
        _emit(found.to_data().model_dump_json(indent=2) + "\n", None)
    elif args.format == "yaml":
        _emit(found.snippet(), None)
    else:
        _emit(_suggest_table(found.to_data()), None)
    return EXIT_OK


def _suggest_table(data: Any) -> str:
    from fractions import Fraction

    out = [
        f"Targets met by at least {data.share_percent:g}% of decided tickets"
        f" ({data.tickets} tickets evaluated at {data.now})",
        "",
    ]
    rows = [["policy", "metric", "priority", "now", "attainment", "suggested", "met", "decided"]]
    warnings = []
    for s in data.suggestions:
        now_level = "—"
        if s.current_attainment is not None:
            now_level = f"{float(100 * Fraction(s.current_attainment)):.2f}%"
        rows.append(
            [
                s.policy,
                s.metric,
                s.priority,
                s.current_target or "—",
                now_level,
                s.suggested_target,
                str(s.met),
                str(s.decided),
            ]
        )
        if s.warning:
            warnings.append(f"  {s.policy} {s.metric} {s.priority}: {s.warning}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    if warnings:
        out += ["", "Warnings:", *warnings]
    out += ["", data.snippet.rstrip()]
    return "\n".join(out) + "\n"
