"""Hypothesis strategies for the SLA clock: random policies and random ticket timelines.

Policies are small policy-file dicts (one policy) that `PolicySet.from_dict` loads and
`clock_oracle` reads: a weekday calendar with a lunch break in Europe/Berlin or
America/New_York (with or without German holidays), a night desk, or 24x7; targets for
P1..P3 (or ``*``) with budgets of 15 minutes to 16 hours; random pause statuses, scoped
pause rules, warning thresholds, priority-change and reopen options, and sometimes a custom
"group clock" (an OLA that runs while group ``network`` holds the ticket) or a "handling" clock
that its pause/resume conditions hold while group ``vendor`` has the ticket.

Timelines start on a whole minute near one of a few anchor dates (DST changes, Easter and
Christmas holidays, a UTC new year, ordinary weeks), and hold up to 12 more events on whole
minutes within three days, written in random zones, sometimes with repeated ids and in
shuffled order. ``now`` lies within four days of creation (sometimes before later events).

One case in four is drawn in "edges" mode (`edge_clock_cases`): created on an opening or a
closing, budgets that run out exactly on one, and an event or ``now`` exactly at a deadline.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Any, get_args
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from slaclock import BusinessCalendar, SlaclockError
from slaclock._typing import EventType
from slaclock.clock import evaluate
from slaclock.config import PolicySet
from slaclock.events import TicketEvent

E = TicketEvent

ANCHORS = (
    date(2026, 3, 5),  # New York springs forward on Sunday 8 March
    date(2026, 3, 26),  # Berlin springs forward on Sunday 29 March
    date(2026, 4, 2),  # Good Friday 3 April, Easter Monday 6 April
    date(2026, 4, 30),  # Labour Day, Friday 1 May
    date(2026, 10, 22),  # Berlin falls back on Sunday 25 October
    date(2026, 10, 29),  # New York falls back on Sunday 1 November
    date(2026, 11, 23),  # an ordinary Monday
    date(2026, 11, 27),  # an ordinary Friday
    date(2026, 12, 23),  # Christmas
    date(2026, 12, 30),  # a UTC new year (the engine splits its tables there)
)

CALENDARS: dict[str, Any] = {
    "berlin": {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
    },
    "berlin-holidays": {
        "timezone": "Europe/Berlin",
        "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
        "holidays": {"country": "DE"},
    },
    "new-york": {
        "timezone": "America/New_York",
        "hours": {"mon-fri": ["08:00-12:00", "13:00-17:00"]},
    },
    "night-desk": {"timezone": "America/New_York", "hours": {"mon-fri": ["22:00-06:00"]}},
}
BUILTIN = ("first_response", "next_response", "periodic_update", "resolution")
STATUSES = ("open", "in_progress", "waiting_on_customer", "pending", "on_hold")
PAUSE_STATUSES = ("waiting_on_customer", "pending")
PRIORITIES = ("P1", "P2", "P3")
GROUPS = ("network", "desk", "vendor")
OLA = "ola_network"
#: A custom metric held by pause/resume conditions while a vendor has the ticket.
HANDLING = "handling"
HANDLING_METRIC = {
    "start": {"event": ["created", "reopened"]},
    "stop": {"event": "resolved"},
    "pause": {"event": "assigned", "group": "vendor"},
    "resume": {"event": "assigned", "not": {"group": "vendor"}},
}
ZONES = ("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "America/Los_Angeles")
MINUTES_PER_DAY = 1440


@dataclass(frozen=True)
class ClockCase:
    """A policy file (as a dict), a ticket's events in input order, and the instant asked."""

    config: dict[str, Any]
    events: tuple[TicketEvent, ...]
    now: datetime

    @cached_property
    def policies(self) -> PolicySet:
        return PolicySet.from_dict(self.config)

    @property
    def policy(self) -> dict[str, Any]:
        (policy,) = self.config["policies"]
        return dict(policy)

    def with_events(self, events: list[TicketEvent] | tuple[TicketEvent, ...]) -> ClockCase:
        return replace(self, events=tuple(events))


def budget_text(minutes: int, style: int) -> str:
    """``90m``, or ``1h30m`` / ``2h`` (the same budget written with hours)."""
    hours, rest = divmod(minutes, 60)
    if style == 0 or hours == 0:
        return f"{minutes}m"
    return f"{hours}h{rest}m" if rest else f"{hours}h"


budgets = st.one_of(
    st.sampled_from((15, 30, 60, 120, 240, 480, 960)),
    st.integers(15, 960),
)


@st.composite
def policy_configs(
    draw: st.DrawFn,
    *,
    pause_on: bool = False,
    sticky: bool | None = None,
    handling: bool | None = None,
    options: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A policy file dict with one policy (see the module docstring).

    `pause_on` forces at least one policy-wide pause status; `sticky` fixes sticky_breach;
    `handling` adds (or leaves out) the "handling" metric; `options` are set as given.
    """
    calendar = draw(
        st.sampled_from(
            ("berlin", "berlin", "berlin-holidays", "new-york", "new-york", "night-desk", "24x7")
        )
    )
    metrics = draw(st.lists(st.sampled_from(BUILTIN), min_size=1, max_size=4, unique=True))
    names = list(metrics)
    policy: dict[str, Any] = {"name": "desk", "calendar": calendar}
    if draw(st.integers(0, 3)) == 0:
        policy["metrics"] = {
            OLA: {"start": {"group": "network"}, "stop": {"not": {"group": "network"}}}
        }
        names.append(OLA)
    if handling if handling is not None else draw(st.integers(0, 3)) == 0:
        policy.setdefault("metrics", {})[HANDLING] = HANDLING_METRIC
        names.append(HANDLING)
    last = draw(st.sampled_from(("P3", "P3", "*")))
    targets: dict[str, Any] = {}
    for priority in ("P1", "P2", last):
        entries: dict[str, Any] = {}
        for name in names:
            text = budget_text(draw(budgets), draw(st.integers(0, 1)))
            kind = draw(st.integers(0, 11))
            if priority == "P1" and kind == 0:
                entries[name] = {"within": text, "calendar": "24x7"}
            elif kind == 1:
                # A wait on the policy's calendar (or on 24x7), then the budget in real time
                # or on the policy's calendar (Request Tracker's business-then-real levels).
                entries[name] = {
                    "within": text,
                    "calendar": draw(st.sampled_from(("24x7", calendar))),
                    "after": draw(st.sampled_from(("0m", "0m", "15m", "1h", "2h30m"))),
                }
                if draw(st.integers(0, 3)) == 0:
                    entries[name]["after_calendar"] = "24x7"
            else:
                entries[name] = text
        if priority == "P1" and draw(st.integers(0, 4)) == 0:
            entries["calendar"] = "24x7"
        targets[priority] = entries
    policy["targets"] = targets
    statuses = draw(st.lists(st.sampled_from(PAUSE_STATUSES), max_size=2, unique=True))
    if pause_on and not statuses:
        statuses = [draw(st.sampled_from(PAUSE_STATUSES))]
    if statuses:
        policy["pause_on"] = statuses
    if draw(st.booleans()):
        scope = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        policy["pause"] = [{"statuses": ["on_hold"], "metrics": scope}]
    warn = draw(st.lists(st.sampled_from((0.25, 0.5, 0.75, 0.9)), max_size=3, unique=True))
    if warn:
        policy["warn_at"] = warn
    for key, choices in (
        ("priority_change", ("retarget", "keep", "restart")),
        ("reopen", ("resume", "new_cycle", "restart")),
    ):
        choice = draw(st.sampled_from((None, *choices)))
        if choice is not None:
            policy[key] = choice
    if draw(st.integers(0, 3)) == 0:
        policy["pause_accounting"] = draw(st.sampled_from(("wall", "wall", "hide", "hold_added")))
    flag = sticky if sticky is not None else draw(st.sampled_from((None, None, True, False)))
    if flag is not None:
        policy["sticky_breach"] = flag
    if draw(st.integers(0, 2)) == 0:
        policy.update(draw(peer_options()))
    policy.update(options or {})
    if refused(policy):
        if "paused_due" in (options or {}) or "resolved_due" in (options or {}):
            policy["pause_accounting"] = "business"  # keep the value asked for
        else:
            policy["paused_due"] = "none"
            policy["resolved_due"] = "as_paused"
    if effective(policy).get("selection") == "on_change" and draw(st.integers(0, 3)):
        # A policy the ticket can leave and come back to (priorities, customer_tier).
        policy["match"] = draw(st.sampled_from(MATCHES))
    used = {calendar} - {"24x7"}
    return {"calendars": {k: CALENDARS[k] for k in sorted(used)}, "policies": [policy]}


#: The options of peer presets, each with its values (the default first).
PEER_OPTIONS: dict[str, tuple[Any, ...]] = {
    "breach_at": ("after_due", "at_due"),
    "start_rounding": ("none", "minute"),
    "due_on_close": ("at_close", "next_open"),
    "met_due": ("kept", "cleared"),
    "paused_due": ("none", "projected", "frozen"),
    "reported_start": ("created", "first_open"),
    "first_response_met_by": ((), ("pause",), ("resolve",), ("pause", "resolve")),
    "pause_rounding": ("none", "minute"),
    "selection": ("at_creation", "on_change"),
    "next_response_arming": ("any_message", "after_first_reply", "from_creation"),
    "first_response_statuses": ((), ("in_progress",), ("on_hold", "pending")),
    "periodic_update_disarm": ("never", "customer_message"),
    "resolved_due": ("as_paused", "projected"),
    "pause_accounting": ("business", "hide", "hold_added"),
}
#: Presets whose options the day-free budgets of these policies can use (servicenow's
#: ``day_means`` changes no budget written in hours and minutes).
PRESET_NAMES = ("zendesk", "jira", "servicenow", "zammad", "frappe", "erpnext", "rt", "otrs")


@st.composite
def peer_options(draw: st.DrawFn) -> dict[str, Any]:
    """A preset and/or some of the options presets set, never a refused combination."""
    out: dict[str, Any] = {}
    if draw(st.booleans()):
        out["preset"] = draw(st.sampled_from(PRESET_NAMES))
    for key, values in PEER_OPTIONS.items():
        if draw(st.integers(0, 2)) == 0:
            value = draw(st.sampled_from(values))
            out[key] = list(value) if isinstance(value, tuple) else value
    return out


#: ``match`` rules that a priority change or an ``attribute_changed`` event can make hold or
#: fail (created events carry no attributes; `event_of` sets or removes ``customer_tier``).
MATCHES: tuple[dict[str, Any], ...] = (
    {"priority": ["P1", "P2"]},
    {"priority": "P3"},
    {"customer_tier": "gold"},
    {"priority": ["P1", "P3"], "customer_tier": "gold"},
)


def effective(policy: dict[str, Any]) -> dict[str, Any]:
    """A policy dict's options with its preset's values under what it writes itself."""
    from slaclock.policy.presets import PRESETS

    return {**(PRESETS[policy["preset"]].settings if "preset" in policy else {}), **policy}


@st.composite
def pauses_inside_minutes(draw: st.DrawFn, events: list[TicketEvent]) -> list[TicketEvent]:
    """The timeline with some status changes moved 1 to 59 seconds into their minute (the
    copies of one event, which share its id, alike): the instants ``pause_rounding: minute``
    cuts back to the whole minute."""
    moved: dict[object, int] = {}
    out = []
    for index, event in enumerate(events):
        if event.type != "status_changed":
            out.append(event)
            continue
        key = event.id if event.id is not None else ("index", index)
        if key not in moved:
            moved[key] = draw(st.sampled_from((0, 0, 1, 30, 59)) | st.integers(0, 59))
        # Moved in UTC: adding to a local time loses its fold (the second 02:30 of a night
        # the clocks go back would become the first), and so the instant.
        at = (event.at.astimezone(UTC) + timedelta(seconds=moved[key])).astimezone(event.at.tzinfo)
        out.append(replace(event, at=at))
    return out


def refused(policy: dict[str, Any]) -> bool:
    """Whether a policy combines options slaclock refuses (paused_due 'projected' or
    'frozen', or resolved_due 'projected', with wall or hold_added accounting), its preset's
    values included."""
    from slaclock.policy.presets import PRESETS

    values = {**(PRESETS[policy["preset"]].settings if "preset" in policy else {}), **policy}
    accounting = values.get("pause_accounting")
    shown = values.get("paused_due")
    projects = shown in ("projected", "frozen") or values.get("resolved_due") == "projected"
    return projects and accounting in ("wall", "hold_added")


# --------------------------------------------------------------------------- timelines

KINDS = (
    "status_changed",
    "status_changed",
    "status_changed",
    "agent_replied",
    "agent_replied",
    "internal_note",
    "customer_replied",
    "customer_replied",
    "priority_changed",
    "assigned",
    "resolved",
    "resolved",
    "reopened",
    "reopened",
    "closed",
    "attribute_changed",
)

# Quarter hours line events up with opening hours and budgets, so that a budget used up
# exactly at a reply, a pause or `now` (the "in time at the deadline" edge) comes up often.
offsets = st.one_of(
    st.integers(0, 3 * MINUTES_PER_DAY),
    st.integers(0, 3 * MINUTES_PER_DAY // 15).map(lambda q: 15 * q),
    st.sampled_from((0, 1, 14, 15, 16, 30, 59, 60, 61, 120, 240, 480, 1440, 2880)),
)


def event_of(kind: str, at: datetime, data: st.DataObject | st.DrawFn) -> TicketEvent:
    draw = data.draw if isinstance(data, st.DataObject) else data
    if kind == "status_changed":
        return E.status_changed(at, draw(st.sampled_from(STATUSES)))
    if kind == "agent_replied":
        return E.agent_replied(at, public=True)
    if kind == "internal_note":
        return E.agent_replied(at, public=False)
    if kind == "customer_replied":
        return E.customer_replied(at)
    if kind == "priority_changed":
        return E.priority_changed(at, draw(st.sampled_from(PRIORITIES)))
    if kind == "assigned":
        return E.assigned(at, group=draw(st.sampled_from(GROUPS)))
    if kind == "attribute_changed":
        return E.attribute_changed(at, {"customer_tier": draw(st.sampled_from(("gold", None)))})
    return TicketEvent(kind, at)


def in_zone(at: datetime, zone: str) -> datetime:
    return at.astimezone(ZoneInfo(zone))


created_minutes = st.one_of(
    st.integers(0, 2 * MINUTES_PER_DAY),
    st.integers(0, 2 * MINUTES_PER_DAY // 15).map(lambda q: 15 * q),
)


@st.composite
def created_events(draw: st.DrawFn, *, status: str | None = None) -> TicketEvent:
    anchor = draw(st.sampled_from(ANCHORS))
    base = datetime(anchor.year, anchor.month, anchor.day, tzinfo=UTC)
    at = base + timedelta(minutes=draw(created_minutes))
    kw: dict[str, Any] = {}
    if status is not None:
        kw["status"] = status
    elif draw(st.integers(0, 3)) == 0:
        kw["status"] = draw(st.sampled_from(STATUSES))
    if draw(st.integers(0, 3)) == 0:
        kw["group"] = draw(st.sampled_from(GROUPS))
    return E.created(
        in_zone(at, draw(st.sampled_from(ZONES))), draw(st.sampled_from(PRIORITIES)), **kw
    )


@st.composite
def timelines(
    draw: st.DrawFn,
    *,
    max_events: int = 12,
    kinds: tuple[str, ...] = KINDS,
    created: TicketEvent | None = None,
    messy: bool = True,
) -> list[TicketEvent]:
    """A created event and 0..max_events more (repeated ids and shuffled when `messy`).

    One timeline in four puts its events on a few instants (many at the same instant, the
    creation's among them); one in three numbers some events with ``seq``.
    """
    first = created if created is not None else draw(created_events())
    count = draw(st.one_of(st.integers(0, max_events), st.integers(max_events // 2, max_events)))
    instants = offsets if draw(st.integers(0, 3)) else st.sampled_from((0, 30, 60))
    minutes = sorted(draw(st.lists(instants, min_size=count, max_size=count)))
    events = [first]
    for offset in minutes:
        at = in_zone(first.at + timedelta(minutes=offset), draw(st.sampled_from(ZONES)))
        events.append(event_of(draw(st.sampled_from(kinds)), at, draw))
    if draw(st.integers(0, 2)) == 0:
        numbered = draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
        seqs = draw(st.permutations(range(len(events))))
        events = [
            replace(e, seq=seq) if flag else e
            for e, flag, seq in zip(events, numbered, seqs, strict=True)
        ]
    if messy and draw(st.booleans()):
        events = [replace(e, id=f"e{i}") for i, e in enumerate(events)]
        for i in draw(st.lists(st.integers(0, len(events) - 1), max_size=3)):
            copy = replace(events[i], at=in_zone(events[i].at, draw(st.sampled_from(ZONES))))
            events.insert(draw(st.integers(0, len(events))), copy)
    if messy and draw(st.integers(0, 3)) == 0:
        events = draw(st.permutations(events))
    return events


now_minutes = st.one_of(
    st.integers(0, 4 * MINUTES_PER_DAY),
    st.integers(0, 4 * MINUTES_PER_DAY // 15).map(lambda q: 15 * q),
)


@st.composite
def instants_after(draw: st.DrawFn, events: list[TicketEvent]) -> datetime:
    """``now``: on whole minutes within four days of creation, or on an event's instant."""
    created = next(e for e in events if e.type == "created")
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.sampled_from(events)).at
    else:
        at = created.at + timedelta(minutes=draw(now_minutes))
    return in_zone(at, draw(st.sampled_from(ZONES)))


@st.composite
def clock_cases(
    draw: st.DrawFn,
    *,
    max_events: int = 12,
    pause_on: bool = False,
    sticky: bool | None = None,
    messy: bool = True,
) -> ClockCase:
    """A random policy, a random timeline and a random ``now``; one case in four in "edges"
    mode (`edge_clock_cases`)."""
    if draw(st.integers(0, 3)) == 0:
        return draw(edge_clock_cases(max_events=max_events, pause_on=pause_on, sticky=sticky))
    config = draw(policy_configs(pause_on=pause_on, sticky=sticky))
    events = draw(timelines(max_events=max_events, messy=messy))
    return ClockCase(config, tuple(events), draw(instants_after(events)))


# --------------------------------------------------------------------------- edges


def calendar_edges(cal: BusinessCalendar, start: datetime, days: int = 4) -> list[datetime]:
    """The instants at which `cal` opens or closes in the `days` days after `start`."""
    end = start + timedelta(days=days)
    found = [t for span in cal.open_intervals(start, end) for t in span]
    return [t for t in found if start < t < end]


def deadlines_of(case: ClockCase) -> list[datetime]:
    """Every deadline the engine gives the case's metrics, four days after creation."""
    created = next(e for e in case.events if e.type == "created")
    try:
        status = evaluate(case.policies, case.events, created.at + timedelta(days=4))
    except SlaclockError:
        return []
    found = {m.due_at for m in status.metrics} | {m.breached_at for m in status.metrics}
    return sorted(t for t in found if t is not None)


@st.composite
def edge_clock_cases(
    draw: st.DrawFn, *, max_events: int = 12, pause_on: bool = False, sticky: bool | None = None
) -> ClockCase:
    """A clock case aimed at the edges where SLA arguments happen: the ticket often created
    on an opening or a closing, the budgets often running out exactly on an opening or a
    closing, and one event (a pause, a public reply, a resolve, a customer message, a
    priority change) or ``now`` put exactly on a deadline the engine gives."""
    config = draw(policy_configs(pause_on=pause_on, sticky=sticky))
    (policy,) = config["policies"]
    created = draw(created_events())
    cal = PolicySet.from_dict(config).calendars.get(policy["calendar"])
    if cal is not None and draw(st.booleans()):
        ahead = calendar_edges(cal, created.at - timedelta(days=1))
        if ahead:
            at = draw(st.sampled_from(ahead[:6]))
            created = replace(created, at=in_zone(at, draw(st.sampled_from(ZONES))))
    if cal is not None and draw(st.booleans()):
        ahead = calendar_edges(cal, created.at)
        if ahead:
            minutes = cal.elapsed(created.at, draw(st.sampled_from(ahead))) // timedelta(minutes=1)
            if 1 <= minutes <= 960:
                text = budget_text(minutes, draw(st.integers(0, 1)))
                for entries in policy["targets"].values():
                    for name, value in entries.items():
                        if name != "calendar" and isinstance(value, str):
                            entries[name] = text
    events = draw(timelines(max_events=max_events, created=created, messy=False))
    case = ClockCase(config, tuple(events), draw(instants_after(events)))
    deadlines = deadlines_of(case)
    if not deadlines:
        return case
    at = in_zone(draw(st.sampled_from(deadlines)), draw(st.sampled_from(ZONES)))
    kind = draw(st.sampled_from(EDGE_KINDS))
    if kind == "now":
        return replace(case, now=at)
    if kind == "pause":
        status = draw(st.sampled_from((*PAUSE_STATUSES, "on_hold")))
        extra = E.status_changed(at, status)
    else:
        extra = event_of(kind, at, draw)
    later = draw(st.sampled_from((at, case.now, at + timedelta(hours=1))))
    return ClockCase(config, (*events, extra), max(later, case.now))


#: What the edges mode puts exactly on a deadline.
EDGE_KINDS = ("now", "pause", "agent_replied", "resolved", "customer_replied", "priority_changed")


def pause_status(config: dict[str, Any]) -> str:
    """A status that pauses every metric of the case's policy."""
    (policy,) = config["policies"]
    return str(policy["pause_on"][0])


def shuffled(events: list[TicketEvent], seed: int) -> list[TicketEvent]:
    out = list(events)
    random.Random(seed).shuffle(out)
    return out


# --------------------------------------------------------------------------- fuzzing

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
)
json_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=2),
    st.dictionaries(st.text(max_size=4), _scalars, max_size=2),
)

at_texts = st.one_of(
    st.datetimes(
        min_value=datetime(2026, 11, 20),  # noqa: DTZ001 - bounds for naive draws
        max_value=datetime(2026, 12, 5),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Kolkata")]),
    ).map(datetime.isoformat),
    st.datetimes().map(datetime.isoformat),  # naive, any year
    # Aware instants stay near the evaluated years: business time over centuries is right
    # but slow (a table a year), and out-of-range years are the sampled texts below.
    st.datetimes(
        min_value=datetime(2025, 1, 1),  # noqa: DTZ001
        max_value=datetime(2028, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ).map(datetime.isoformat),
    st.sampled_from(
        (
            "2026-11-23T10:00:00+01:00",
            "2026-11-23T10:00:00Z",
            "2026-11-23T10:00",
            "2026-11-23",
            "2026-13-01T00:00+01:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "2026-11-23T25:00+01:00",
            "",
            "now",
        )
    ),
    st.text(max_size=30),
    json_values,
)

_FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "type": st.one_of(
        st.sampled_from(
            (
                *get_args(EventType),
                "Created",
                "deleted",
            )
        ),
        json_values,
    ),
    "at": at_texts,
    "id": st.one_of(st.sampled_from(("a", "b", "c", "1")), json_values),
    "priority": st.one_of(st.sampled_from(("P1", "P2", "P3", "P9", "")), json_values),
    "status": st.one_of(st.sampled_from(STATUSES), json_values),
    "public": st.one_of(st.booleans(), json_values),
    "group": st.one_of(st.sampled_from(GROUPS), json_values),
    "assignee": json_values,
    "attributes": st.one_of(
        st.dictionaries(st.text(max_size=5), json_values, max_size=3), json_values
    ),
    "ticket": json_values,
    "seq": st.one_of(st.integers(-2, 2**64), json_values),
    "extra": json_values,
}


_field_names = st.lists(st.sampled_from(sorted(_FIELD_VALUES)), unique=True, max_size=6)
_odds = st.integers(0, 15)
_drop = st.sampled_from((None, None, None, None, "type", "at"))


@st.composite
def event_dicts(draw: st.DrawFn) -> Any:
    """A JSON value meant as an event: mostly an object with plausible and implausible fields."""
    if draw(_odds) == 0:
        return draw(json_values)
    out = {"type": draw(_FIELD_VALUES["type"]), "at": draw(at_texts)}
    for key in draw(_field_names):
        out[key] = draw(_FIELD_VALUES[key])
    dropped = draw(_drop)
    if dropped is not None:
        del out[dropped]
    return out
