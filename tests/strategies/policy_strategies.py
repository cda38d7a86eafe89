"""Generators of policy files (plain data, as a file holds them) for Hypothesis: calendars,
budgets, match rules, custom-metric conditions, targets, options and versions. Every file they
build is valid; the fuzz suite mutates them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, get_args

from hypothesis import strategies as st

from slaclock._typing import EventType
from slaclock.budgets import format_timedelta
from slaclock.policy import BUILTIN_METRICS

ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "UTC")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SPANS = (
    ["09:00-17:00"],
    ["08:30-12:00", "13:00-17:30"],
    ["22:00-06:00"],
    ["00:00-24:00"],
    ["07:00-15:00", "16:00-19:45:30"],
)
REGIONS = (
    {"country": "DE", "subdiv": "BE"},
    {"country": "US"},
    {"country": "GB", "subdiv": "ENG"},
    {"country": "JP"},
)
CLOSURES = (
    {"date": "2026-12-24", "from": "12:00"},
    {"date": "2026-05-01"},
    {"date": "2027-01-02", "from": "10:00", "to": "11:30", "reason": "inventory"},
    {"rrule": "FREQ=MONTHLY;BYDAY=1FR", "from": "15:00", "to": "17:00"},
    {"rrule": "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=15", "start": "2026-01-01"},
)
STATUSES = ("pending", "waiting_on_customer", "waiting_on_vendor", "on_hold")
EVENTS = get_args(EventType)
PRIORITIES = ("P1", "P2", "P3", "*")
scalars = st.one_of(
    st.sampled_from(("gold", "silver", "eu", "vpn")), st.integers(0, 500), st.booleans()
)
names = st.from_regex(r"\A[a-z][a-z0-9_\-]{0,8}\Z")
fractions = st.integers(1, 99).map(lambda n: n / 100)


@st.composite
def own_calendars(draw: st.DrawFn) -> dict[str, Any]:
    days = draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True))
    spec: dict[str, Any] = {
        "timezone": draw(st.sampled_from(ZONES)),
        "hours": dict.fromkeys(days, draw(st.sampled_from(SPANS))),
    }
    if draw(st.booleans()):
        spec["holidays"] = draw(st.sampled_from(REGIONS))
    if draw(st.booleans()):
        spec["dates_closed"] = draw(
            st.lists(
                st.dates(date(2026, 1, 1), date(2027, 12, 31)).map(str),
                max_size=3,
                unique=True,
            )
        )
    if draw(st.booleans()):
        spec["closures"] = draw(st.lists(st.sampled_from(CLOSURES), max_size=2, unique_by=str))
    if draw(st.booleans()):
        spec["openings"] = [{"date": "2026-12-27", "hours": ["10:00-14:00"]}]
    if draw(st.booleans()):
        spec["on_gap"] = "raise"
    if draw(st.booleans()):
        spec["on_fold"] = draw(st.sampled_from(("later", "raise")))
    return spec


@st.composite
def calendar_sections(draw: st.DrawFn) -> dict[str, Any]:
    own = draw(st.lists(own_calendars(), min_size=1, max_size=3))
    calendars: dict[str, Any] = {f"cal{i}": spec for i, spec in enumerate(own)}
    if draw(st.booleans()):
        calendars["always"] = "24x7"
    if len(own) > 1 and draw(st.booleans()):
        parts = draw(st.lists(st.sampled_from(sorted(calendars)), min_size=2, unique=True))
        union: dict[str, Any] = {"union": parts}
        if draw(st.booleans()):
            union["timezone"] = draw(st.sampled_from(ZONES))
        calendars["sun"] = union
    return calendars


@st.composite
def budgets(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(("short", "iso", "days", "close", "same")))
    if kind == "short":
        return format_timedelta(timedelta(seconds=draw(st.integers(1, 200 * 3600))))
    if kind == "iso":
        return f"PT{draw(st.integers(1, 100))}H{draw(st.integers(0, 59))}M"
    days = draw(st.integers(1, 20))
    suffix = {"days": "", "close": " at close", "same": " same time"}[kind]
    return f"{days} business day{'s' if days > 1 else ''}{suffix}"


match_values = st.one_of(
    scalars,
    st.lists(scalars, min_size=1, max_size=3),
    st.lists(scalars, min_size=1, max_size=3).map(lambda v: {"in": v}),
    st.lists(scalars, min_size=1, max_size=3).map(lambda v: {"not_in": v}),
    st.booleans().map(lambda b: {"exists": b}),
)


def _one_or_more(pool: tuple[str, ...], most: int | None = None) -> st.SearchStrategy[Any]:
    choice = st.sampled_from(pool)
    return st.one_of(choice, st.lists(choice, min_size=1, max_size=most, unique=True))


CONDITION_FIELDS = tuple(
    (key, _one_or_more(pool))
    for key, pool in (
        ("status", STATUSES),
        ("group", ("L1", "L2", "network-team")),
        ("assignee", ("ada", "bob")),
        ("priority", ("P1", "P2")),
    )
)
EVENT_FIELD = _one_or_more(EVENTS, 3)
ATTRIBUTES = st.dictionaries(names, match_values, min_size=1, max_size=2)
coin = st.booleans()
quarter = st.integers(0, 3).map(lambda n: n == 0)
fifth = st.integers(0, 4).map(lambda n: n == 0)


@st.composite
def conditions(draw: st.DrawFn, depth: int = 2) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if draw(coin):
        spec["event"] = draw(EVENT_FIELD)
        if spec["event"] == "agent_replied" and draw(coin):
            spec["public"] = draw(coin)
    for key, values in CONDITION_FIELDS:
        if draw(quarter):
            spec[key] = draw(values)
    if draw(quarter):
        spec["attributes"] = draw(ATTRIBUTES)
    if depth > 0:
        for key in ("not", "any", "all"):
            if draw(fifth):
                inner = conditions(depth - 1)
                spec[key] = draw(inner if key == "not" else st.lists(inner, min_size=1, max_size=2))
    if not spec:
        spec["status"] = draw(st.sampled_from(STATUSES))
    return spec


@st.composite
def metric_sections(draw: st.DrawFn) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name in draw(st.lists(st.sampled_from(("ola", "l3-ola", "vendor")), unique=True)):
        spec: dict[str, Any] = {
            "start": draw(st.one_of(conditions(), st.lists(conditions(1), min_size=1, max_size=2))),
            "stop": draw(conditions()),
        }
        if draw(st.booleans()):
            spec["pause"] = draw(conditions(1))
            if draw(st.booleans()):
                spec["resume"] = draw(conditions(1))
        for key in ("reset", "cancel"):
            if draw(st.integers(0, 2)) == 0:
                spec[key] = draw(conditions(1))
        if draw(st.booleans()):
            spec["description"] = f"the {name} clock"
        found[name] = spec
    return found


@st.composite
def target_sections(
    draw: st.DrawFn, metrics: list[str], calendars: list[str], required: bool
) -> dict[str, Any]:
    priorities = draw(
        st.lists(st.sampled_from(PRIORITIES), min_size=1 if required else 0, unique=True)
    )
    targets: dict[str, Any] = {}
    for priority in priorities:
        chosen = draw(st.lists(st.sampled_from(metrics), min_size=1, max_size=3, unique=True))
        entry: dict[str, Any] = {}
        for metric in chosen:
            text = draw(budgets())
            if draw(st.integers(0, 3)) == 0:
                entry[metric] = {"within": text, "calendar": draw(st.sampled_from(calendars))}
            else:
                entry[metric] = text
        if draw(st.integers(0, 3)) == 0:
            entry["calendar"] = draw(st.sampled_from(calendars))
        targets[priority] = entry
    return targets


@st.composite
def option_fields(draw: st.DrawFn) -> dict[str, Any]:
    choices: dict[str, st.SearchStrategy[Any]] = {
        "priority_change": st.sampled_from(("retarget", "restart", "keep")),
        "reopen": st.sampled_from(("resume", "new_cycle", "restart")),
        "sticky_breach": st.booleans(),
        "day_means": st.sampled_from(("same_time", "close", "24h", "hours")),
        "unknown_priority": st.sampled_from(("error", "no_targets")),
        "pause_accounting": st.sampled_from(("business", "wall", "hide", "hold_added")),
        "preset": st.sampled_from(
            ("zendesk", "jira", "servicenow", "zammad", "frappe", "erpnext", "rt", "otrs")
        ),
        "breach_at": st.sampled_from(("after_due", "at_due")),
        "start_rounding": st.sampled_from(("none", "minute")),
        "due_on_close": st.sampled_from(("at_close", "next_open")),
        "met_due": st.sampled_from(("kept", "cleared")),
        "paused_due": st.sampled_from(("none", "projected", "frozen")),
        "reported_start": st.sampled_from(("created", "first_open")),
        "first_response_met_by": st.lists(st.sampled_from(("pause", "resolve")), unique=True),
        "pause_rounding": st.sampled_from(("none", "minute")),
        "selection": st.sampled_from(("at_creation", "on_change")),
        "next_response_arming": st.sampled_from(
            ("any_message", "after_first_reply", "from_creation")
        ),
        "first_response_statuses": st.lists(st.sampled_from(("replied", "solved")), unique=True),
        "periodic_update_disarm": st.sampled_from(("never", "customer_message")),
        "resolved_due": st.sampled_from(("as_paused", "projected")),
    }
    keys = draw(st.lists(st.sampled_from(sorted(choices)), unique=True))
    fields = {key: draw(choices[key]) for key in keys}
    # Never a refused pair (paused_due 'projected' with wall accounting), also not through a
    # preset or a parent: each side, where drawn, rules the other out explicitly.
    if fields.get("pause_accounting") in ("wall", "hold_added"):
        fields["paused_due"] = "none"
        fields["resolved_due"] = "as_paused"
    elif fields.get("paused_due") in ("projected", "frozen") or (
        fields.get("resolved_due") == "projected"
    ):
        fields["pause_accounting"] = "business"
    if fields.get("day_means") == "hours" or draw(st.integers(0, 4)) == 0:
        minutes = draw(st.integers(1, 24 * 4)) * 15
        fields["hours_per_day"] = format_timedelta(timedelta(minutes=minutes))
    return fields


@st.composite
def policy_files(draw: st.DrawFn) -> dict[str, Any]:
    calendars = draw(calendar_sections())
    calendar_names = [*calendars, "24x7"]
    count = draw(st.integers(1, 4))
    policies: list[dict[str, Any]] = []
    available: list[set[str]] = []  # custom metrics each policy has, its own or inherited
    for i in range(count):
        p: dict[str, Any] = {"name": f"p{i}"}
        parent = draw(st.none() | st.integers(0, i - 1)) if i else None
        if parent is not None:
            p["extends"] = f"p{parent}"
        custom = draw(metric_sections()) if draw(st.integers(0, 2)) == 0 else {}
        if custom:
            p["metrics"] = custom
        inherited = available[parent] if parent is not None else set()
        available.append({*inherited, *custom})
        metrics = sorted({*BUILTIN_METRICS, *available[i]})
        if parent is None or draw(st.booleans()):
            p["calendar"] = draw(st.sampled_from(calendar_names))
        p["abstract"] = draw(st.integers(0, 3)) == 0
        targets = draw(target_sections(metrics, calendar_names, required=parent is None))
        if targets:
            p["targets"] = targets
        if draw(st.booleans()):
            p["match"] = draw(
                st.dictionaries(
                    st.sampled_from(("tier", "region", "priority", "service")),
                    match_values,
                    min_size=1,
                    max_size=3,
                )
            )
        if draw(st.booleans()):
            p["pause_on"] = draw(st.lists(st.sampled_from(STATUSES), min_size=1, unique=True))
        if draw(st.booleans()):
            p["pause"] = [
                {
                    "statuses": draw(
                        st.lists(st.sampled_from(STATUSES), min_size=1, max_size=2, unique=True)
                    ),
                    "metrics": draw(
                        st.lists(st.sampled_from(metrics), min_size=1, max_size=2, unique=True)
                    ),
                }
            ]
        if draw(st.booleans()):
            p["warn_at"] = draw(st.lists(fractions, max_size=3))
        if draw(st.booleans()):
            p["description"] = f"policy number {i}"
        p.update(draw(option_fields()))
        policies.append(p)
    if draw(st.booleans()):
        # Two versions of one policy, back to back; nothing extends them.
        switch = draw(st.dates(date(2025, 1, 1), date(2028, 12, 31)))
        base: dict[str, Any] = {"calendar": draw(st.sampled_from(calendar_names))}
        base["targets"] = draw(target_sections(sorted(BUILTIN_METRICS), calendar_names, True))
        policies.append({"name": "versioned", **base, "effective_until": str(switch)})
        policies.append({"name": "versioned", **base, "effective_from": str(switch)})
    data: dict[str, Any] = {"calendars": calendars, "policies": policies}
    if draw(st.booleans()):
        data["effective_by"] = draw(st.sampled_from(("created", "now")))
    return data


# Values a careless or hostile writer puts anywhere in a policy file.
HOSTILE_VALUES: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [
            None,
            [],
            {},
            "",
            " ",
            0,
            -1,
            True,
            1.5,
            float("inf"),
            "x" * 300,
            "9" * 40,
            "99999999999999 business days",
            "PT" + "9" * 30 + "H",
            "0001-01-01",
            "9999-12-31",
            {"not": None},
            {"in": []},
            {"categories": 5},
            "FREQ=YEARLY;BYMONTH=8",
            "24x7",
            ["09:00-17:00"],
            {"union": ["a", "b"]},
        ]
    ),
    st.integers(),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=4), max_size=2),
    st.text(max_size=12),
)


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """`data` with one place changed: a value replaced, a key dropped or added."""
    if not isinstance(data, dict | list) or not data or draw(st.integers(0, 3)) == 0:
        return draw(HOSTILE_VALUES)
    keys = list(data) if isinstance(data, dict) else list(range(len(data)))
    key = draw(st.sampled_from(keys))
    out: Any = dict(data) if isinstance(data, dict) else list(data)
    action = draw(st.integers(0, 9))
    if action == 0 and isinstance(out, dict):
        del out[key]
    elif action == 1 and isinstance(out, dict):
        out[draw(st.sampled_from(["extra", "", "not", "in", "calendar", "*"]))] = draw(
            HOSTILE_VALUES
        )
    else:
        out[key] = draw(mutated(out[key]))
    return out
