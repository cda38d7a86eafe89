"""Reading ``services:`` and ``contracts:`` from a policy file into resolved `Contract` values.

Problems are collected, not raised one at a time: a `PolicyFileError` lists each with its
path in the file (``contracts[1].credits.tiers.shop-business-hours[1].below``) and, for YAML,
its line. Inheritance (``extends``) is flattened here; a problem found in an inherited value
names the contract entry that wrote it.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from ..budgets import BusinessTime, parse_duration
from ..calendar import BusinessCalendar
from ..config import PolicySet
from ..config.calendars import collect_calendars
from ..config.contract_specs import (
    AllWindowSpec,
    AnyWindowSpec,
    ContractFileSpec,
    ContractSpec,
    NotWindowSpec,
    WindowSpec,
)
from ..config.problems import dedupe, is_union_tag, pydantic_message
from ..errors import DurationError, PolicyFileError, Problem
from ._source import Lines, parse_text, render_path
from .inherit import OWN, Reporter, flatten
from .terms import (
    AllOf,
    AnyOf,
    CalendarWindow,
    Contract,
    Credits,
    Exclusions,
    Not,
    Objective,
    PerBreach,
    Service,
    Tier,
    Window,
    parse_money,
    parse_percent,
)
from .versions import check_versions, instant

__all__ = ["ContractFile", "load_contract_file", "read_contract_file"]

_ALWAYS = ("24x7", "24/7", "always")
_TOP = ("calendars", "policies", "effective_by", "services", "contracts")
_DAWN = datetime(1, 1, 2, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class ContractFile:
    """What a policy file says about contracts, resolved."""

    contracts: tuple[Contract, ...]
    services: Mapping[str, Service]
    calendars: Mapping[str, BusinessCalendar]
    policies: PolicySet | None
    source: str


class _Out(Reporter):
    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message, self.lines.line(path)))


def load_contract_file(path: str | Path) -> ContractFile:
    """Read a ``.yaml``/``.yml``, ``.json`` or ``.toml`` policy file's contracts."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        problem = Problem("", f"cannot read the file: {exc.strerror}")
        raise PolicyFileError(str(file), [problem]) from None
    return read_contract_file(text, suffix=file.suffix.lower(), source=str(file))


def read_contract_file(
    text: str | Mapping[str, Any], *, suffix: str = ".yaml", source: str = "<contracts>"
) -> ContractFile:
    """Resolve a policy file's content (text of the kind `suffix` names, or a mapping)."""
    if isinstance(text, Mapping):
        data, lines = text, Lines()
    else:
        data, lines = parse_text(text, suffix, source)
    out = _Out(lines)
    for key in data:
        if key not in _TOP:
            close = difflib.get_close_matches(str(key), _TOP, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"use {', '.join(_TOP)}"
            out.add(str(key), f"unknown top-level key {key!r}; {hint}")
    if out.problems:
        raise PolicyFileError(source, out.problems)
    try:
        spec = ContractFileSpec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            loc = [p for p in error["loc"] if not is_union_tag(p)]
            out.add(render_path(loc), pydantic_message(error, loc))
        raise PolicyFileError(source, dedupe(out.problems)) from None
    calendars = collect_calendars(data.get("calendars") or {}, out.add)
    # The policies read the same calendars: with a broken one, their problems would repeat.
    policies = None if out.problems else _policies(data, source, out)
    services = _services(spec, out)
    contracts = _contracts(spec, services, calendars, out)
    if out.problems:
        raise PolicyFileError(source, out.problems)
    return ContractFile(tuple(contracts), services, calendars, policies, source)


# --------------------------------------------------------------------------- policies


def _policies(data: Mapping[str, Any], source: str, out: _Out) -> PolicySet | None:
    if not data.get("policies"):
        return None
    part = {k: data[k] for k in ("calendars", "policies", "effective_by") if k in data}
    try:
        return PolicySet.from_dict(part, source=source)
    except PolicyFileError as exc:
        for problem in exc.problems:
            out.add(problem.path, problem.message)
        return None


def _services(spec: ContractFileSpec, out: _Out) -> dict[str, Service]:
    services: dict[str, Service] = {}
    for key, s in spec.services.items():
        try:
            fee = parse_money(s.fee)
        except ValueError as exc:
            out.add(f"services.{key}.fee", str(exc))
            continue
        services[key] = Service(key, s.name or key, fee)
    return services


# --------------------------------------------------------------------------- contracts


def _contracts(
    spec: ContractFileSpec,
    services: Mapping[str, Service],
    calendars: Mapping[str, BusinessCalendar],
    out: _Out,
) -> list[Contract]:
    found: list[Contract] = []
    for i, item in enumerate(flatten(spec.contracts, out)):
        c = spec.contracts[i]
        if item is None or c.abstract:
            continue
        contract = _contract(i, c, item[0], item[1], services, calendars, out)
        if contract is not None:
            found.append(contract)
    check_versions(found, spec, out)
    return found


def _contract(
    i: int,
    c: ContractSpec,
    f: dict[str, Any],
    at: dict[str, str],
    services: Mapping[str, Service],
    calendars: Mapping[str, BusinessCalendar],
    out: _Out,
) -> Contract | None:
    here = f"contracts[{i}]"
    before = len(out.problems)
    zone_name = f.get("timezone")
    zone: ZoneInfo | None = None
    if zone_name is None:
        out.add(here, "no 'timezone': periods start at midnight in it; write or inherit one")
    else:
        try:
            zone = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            out.add(at["timezone"], f"unknown time zone {zone_name!r}; use an IANA name")
    objectives_raw: list[dict[str, Any]] = f.get("objectives", [])
    if not objectives_raw:
        out.add(here, "a contract needs at least one objective; write or inherit 'objectives'")
    credits_raw: dict[str, Any] = f.get("credits", {})
    tiers_raw: dict[str, list[dict[str, str]]] = credits_raw.get("tiers", {})

    # The contract's services: as listed, else those its objectives name, else all.
    listed = f.get("services")
    named = [o["service"] for o in objectives_raw if o.get("service")]
    named += [k for k in credits_raw.get("weights", {}) if k in services]
    keys = list(listed) if listed is not None else list(dict.fromkeys(named)) or list(services)
    own: dict[str, Service] = {}
    for k, key in enumerate(keys):
        if key in services:
            own[key] = services[key]
        elif listed is not None:
            out.add(f"{at['services']}[{k}]", _unknown("service", key, services))
    currencies = sorted({s.fee.currency for s in own.values()})
    if len(currencies) > 1:
        mix = ", ".join(f"{s.key} in {s.fee.currency}" for s in own.values())
        out.add(
            at.get("services", here),
            f"a statement is in one currency, but the services mix currencies ({mix});"
            " split the contract by currency",
        )
    currency = currencies[0] if currencies else "EUR"

    objectives: list[Objective] = []
    for o in objectives_raw:
        where = at[f"objective:{o['name']}"]
        tiers = _tiers(tiers_raw.get(o["name"], []), at.get(f"tiers:{o['name']}", ""), out)
        made = _objective(o, where, own, calendars, tiers, out)
        if made is not None:
            objectives.append(made)
            for k, tier in enumerate(made.tiers):
                if tier.below > made.target:
                    out.add(
                        f"{at[f'tiers:{made.name}']}[{k}].below",
                        f"a tier below {tier.below_text} lies above the target"
                        f" {made.target_text}, so a met objective would earn a credit; start"
                        " the tiers at the target or under it",
                    )
    names = {o["name"] for o in objectives_raw}
    for key in tiers_raw:
        if key not in names:
            out.add(at[f"tiers:{key}"], _unknown("objective", key, names))

    exclusions = _exclusions(f.get("exclusions", {}), at, out)
    credits = _credits(credits_raw, at, own, objectives_raw, currency, out)
    effective = [instant(f.get(k), zone) for k in OWN[3:]]
    if effective[0] and effective[1] and effective[1] <= effective[0]:
        out.add(at["effective_until"], "effective_until must come after effective_from")
    if len(out.problems) > before or zone is None:
        return None
    match = {
        k: tuple(v) if isinstance(v, list) else (v,) for k, v in (f.get("match") or {}).items()
    }
    return Contract(
        name=c.name,
        services=own,
        currency=currency,
        period=f.get("period", "month"),
        timezone=zone.key,
        objectives=tuple(objectives),
        exclusions=exclusions,
        credits=credits,
        customer=f.get("customer"),
        match=match,
        effective_from=effective[0],
        effective_until=effective[1],
        open_tickets=f.get("open_tickets", "exclude"),
    )


def _unknown(what: str, name: str, known: Mapping[str, object] | set[str]) -> str:
    listed = ", ".join(sorted(known)) or "none"
    return f"unknown {what} {name!r}; defined: {listed}"


def _percent(value: object, path: str, out: _Out) -> Fraction | None:
    try:
        return parse_percent(value)
    except ValueError as exc:
        out.add(path, str(exc))
        return None


def _objective(
    o: dict[str, Any],
    at: str,
    services: Mapping[str, Service],
    calendars: Mapping[str, BusinessCalendar],
    tiers: tuple[Tier, ...],
    out: _Out,
) -> Objective | None:
    name = o["name"]
    kinds = [k for k in ("availability", "attainment", "share") if k in o]
    if len(kinds) != 1:
        out.add(
            at, f"objective {name!r} needs exactly one of 'availability', 'attainment' or 'share'"
        )
        return None
    if "availability" in o:
        service = o.get("service")
        if service is None:
            out.add(at, f"availability objective {name!r} needs a 'service'")
            return None
        if service not in services:
            out.add(f"{at}.service", _unknown("service", service, services))
        target = _percent(o["availability"], f"{at}.availability", out)
        window = _window(o.get("window", "24x7"), f"{at}.window", calendars, out)
        if target is None or window is None or service not in services:
            return None
        return Objective(
            name, "availability", target, o["availability"], service, window, tiers=tiers
        )
    tickets = o.get("tickets") or {}
    if "attainment" in o:
        if not tickets.get("metric"):
            out.add(at, f"attainment objective {name!r} needs 'tickets: {{metric: ...}}'")
            return None
        target = _percent(o["attainment"], f"{at}.attainment", out)
        if target is None:
            return None
        return Objective(
            name,
            "tickets",
            target,
            o["attainment"],
            o.get("service"),
            metric=tickets["metric"],
            priorities=_priorities(tickets.get("priority")),
            tiers=tiers,
        )
    if not tickets.get("attribute"):
        out.add(at, f"share objective {name!r} needs 'tickets: {{attribute: ...}}' (the rating)")
        return None
    share = o["share"]
    target = _percent(share["target"], f"{at}.share.target", out)
    at_least = Fraction(str(share["at_least"]))
    scale = share.get("of")
    if scale is not None and not 0 < at_least <= Fraction(str(scale)):
        out.add(f"{at}.share.at_least", f"must lie on the scale up to {scale}, got {at_least}")
        return None
    if target is None:
        return None
    return Objective(
        name,
        "rating",
        target,
        share["target"],
        o.get("service"),
        priorities=_priorities(tickets.get("priority")),
        tiers=tiers,
        attribute=tickets["attribute"],
        at_least=at_least,
    )


def _priorities(value: str | list[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


def _window(
    spec: WindowSpec | dict[str, Any],
    at: str,
    calendars: Mapping[str, BusinessCalendar],
    out: _Out,
) -> Window | None:
    if isinstance(spec, dict):
        spec = cast(
            WindowSpec,
            NotWindowSpec.model_validate(spec)
            if "not_" in spec
            else AnyWindowSpec.model_validate(spec)
            if "any" in spec
            else AllWindowSpec.model_validate(spec),
        )
    if isinstance(spec, str):
        if spec.strip().lower() in _ALWAYS:
            return CalendarWindow(spec, None)
        if spec not in calendars:
            out.add(at, _unknown("calendar", spec, calendars))
            return None
        return CalendarWindow(spec, calendars[spec])
    if isinstance(spec, NotWindowSpec):
        inner = _window(spec.not_, f"{at}.not", calendars, out)
        return None if inner is None else Not(inner)
    parts_spec = spec.any if isinstance(spec, AnyWindowSpec) else spec.all
    key = "any" if isinstance(spec, AnyWindowSpec) else "all"
    parts = [_window(p, f"{at}.{key}[{k}]", calendars, out) for k, p in enumerate(parts_spec)]
    if any(p is None for p in parts):
        return None
    made = tuple(p for p in parts if p is not None)
    return AnyOf(made) if key == "any" else AllOf(made)


def _tiers(raw: list[dict[str, str]], at: str, out: _Out) -> tuple[Tier, ...]:
    tiers: list[Tier] = []
    for k, t in enumerate(raw):
        below = _percent(t["below"], f"{at}[{k}].below", out)
        credit = _percent(t["credit"], f"{at}[{k}].credit", out)
        if below is None or credit is None:
            continue
        if tiers and below >= tiers[-1].below:
            out.add(
                f"{at}[{k}].below",
                f"tiers go from the mildest to the worst, so each 'below' must be lower than"
                f" the one before; got {t['below']} after {tiers[-1].below_text}",
            )
        elif tiers and credit < tiers[-1].credit:
            out.add(
                f"{at}[{k}].credit",
                f"a worse tier cannot credit less; got {t['credit']} after {tiers[-1].credit_text}",
            )
        tiers.append(Tier(below, credit, t["below"], t["credit"]))
    return tuple(tiers)


def _wall(value: str | None, path: str, out: _Out) -> timedelta | None:
    if value is None:
        return None
    try:
        parsed = parse_duration(value)
    except DurationError as exc:
        out.add(path, str(exc))
        return None
    if not isinstance(parsed, BusinessTime):
        out.add(path, f"expected a length of time such as '48h', got {value!r}")
        return None
    return parsed.time


def _exclusions(raw: dict[str, Any], at: dict[str, str], out: _Out) -> Exclusions:
    planned = raw.get("planned")
    notice = allowance = None
    if planned is not None:
        where = at["exclusions.planned"]
        notice = _wall(planned["notice"], f"{where}.notice", out)
        allowance = _wall(planned.get("max_per_period"), f"{where}.max_per_period", out)
    return Exclusions(
        planned_notice=notice,
        planned_allowance=allowance,
        customer_caused=raw.get("customer_caused", True),
        force_majeure=raw.get("force_majeure", True),
        excluded_time=raw.get("excluded_time", "removed"),
    )


def _credits(
    raw: dict[str, Any],
    at: dict[str, str],
    services: Mapping[str, Service],
    objectives: list[dict[str, Any]],
    currency: str,
    out: _Out,
) -> Credits:
    def share(key: str) -> Fraction | None:
        return None if key not in raw else _percent(raw[key], at[f"credits.{key}"], out)

    cap = raw.get("cap") or {}
    caps = {
        k: _percent(cap[k], f"{at['credits.cap']}.{k}", out) if k in cap else None
        for k in ("per_period", "per_year")
    }
    weights: dict[str, Fraction] = {}
    if "weights" in raw:
        where = at["credits.weights"]
        names = {o["name"] for o in objectives}
        for key, value in raw["weights"].items():
            w = _percent(value, f"{where}.{key}", out)
            if key not in services and key not in names:
                out.add(
                    f"{where}.{key}", _unknown("service or objective", key, {*services, *names})
                )
            if w is not None:
                weights[key] = w
        total = sum(weights.values(), Fraction(0))
        if len(weights) == len(raw["weights"]) and total != 1:
            out.add(where, f"weights must sum to 100%, got {float(total * 100):g}%")
        for o in objectives:
            tiered = o["name"] in raw.get("tiers", {})
            service = o.get("service")
            if (
                tiered
                and service is not None
                and o["name"] not in weights
                and service not in weights
            ):
                out.add(
                    where,
                    f"objective {o['name']!r} has tiers but its service {service!r} has no"
                    " weight; weigh the service or the objective itself",
                )
    per_breach: list[PerBreach] = []
    for k, item in enumerate(raw.get("per_breach", [])):
        path = f"{at['credits.per_breach']}[{k}].amount"
        try:
            amount = parse_money(item["amount"])
        except ValueError as exc:
            out.add(path, str(exc))
            continue
        if amount.currency != currency:
            out.add(path, f"amount in {amount.currency}, but the contract's fees are in {currency}")
        tickets = item["tickets"]
        per_breach.append(
            PerBreach(tickets["metric"], _priorities(tickets.get("priority")), amount)
        )
    return Credits(
        at_risk=share("at_risk"),
        weights=weights,
        per_period=caps["per_period"],
        per_year=caps["per_year"],
        earn_back=(raw.get("earn_back") or {}).get("periods"),
        per_breach=tuple(per_breach),
    )
