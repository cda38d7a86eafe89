"""What each key of a policy file means, with examples: the descriptions an editor shows
while a file is typed (from the JSON Schema that `policy_schema` builds).

One table, by shape and key, kept beside the shapes rather than inside them so that the
shapes stay short to read; a test checks that every key of every shape has an entry here
and that no entry names a key that does not exist.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FIELD_DOCS"]

_DURATION = "a duration: '15m', '4h', '1h30m', 'PT4H', '2 business days', '1 business day at close'"
_PERCENT = "a percentage written with its sign, e.g. '99.5%'"
_CONDITION = "a condition (or a list of conditions, any of which holds)"

#: ``{shape: {key: (description, examples)}}``, keys as written in a file.
FIELD_DOCS: dict[str, dict[str, tuple[str, list[Any]]]] = {
    "PolicyFileSpec": {
        "calendars": (
            "business calendars by name; policies and targets name them",
            [{"office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}}],
        ),
        "policies": (
            "policies in the order they are matched: the first whose match holds is chosen",
            [[{"name": "standard", "calendar": "office", "targets": {"*": {"resolution": "8h"}}}]],
        ),
        "effective_by": (
            "which instant picks the version of an effective-dated policy: the ticket's"
            " creation (default) or the evaluation's now",
            ["created"],
        ),
        "services": (
            "services the contracts measure, by name, with their fee per period",
            [{"shop": {"name": "Web shop", "fee": "12000 EUR"}}],
        ),
        "contracts": (
            "service agreements above the tickets: objectives, credits, earn-back",
            [[{"name": "acme", "customer": "ACME", "services": ["shop"]}]],
        ),
    },
    "PolicySpec": {
        "name": ("the policy's name (letters, digits, '_', '-', '.')", ["enterprise"]),
        "description": ("a line for people reading the file", ["Enterprise customers"]),
        "extends": ("a policy whose settings this one inherits", ["corporate-defaults"]),
        "abstract": ("only extended, never chosen for a ticket", [True]),
        "match": (
            "ticket attributes that must hold for this policy to be chosen; none: every ticket",
            [{"customer_tier": "enterprise"}, {"region": {"in": ["EU", "UK"]}}],
        ),
        "calendar": ("the calendar the targets count business time in", ["office", "24x7"]),
        "pause_on": ("statuses that pause every metric", [["waiting_on_customer", "pending"]]),
        "pause": (
            "statuses that pause some metrics only",
            [[{"statuses": ["pending"], "metrics": ["resolution"]}]],
        ),
        "warn_at": ("shares of a budget at which to warn, each in (0, 1)", [[0.5, 0.75]]),
        "targets": (
            "budgets per priority ('*' for every priority) and metric; a row may name its"
            " own calendar",
            [{"P1": {"first_response": "15m", "resolution": "4h", "calendar": "24x7"}}],
        ),
        "metrics": (
            "custom metrics by name: when their clock starts, pauses, resumes and stops",
            [{"handover": {"start": {"event": "assigned"}, "stop": {"event": "agent_replied"}}}],
        ),
        "priority_change": (
            "when the priority changes: retarget (default), restart or keep",
            ["retarget"],
        ),
        "reopen": ("when a ticket reopens: resume (default), new_cycle or restart", ["resume"]),
        "pause_accounting": (
            "how a pause counts: business (default: held business time not counted), wall"
            " (held wall-clock time added to the deadline), hide (the deadline is hidden"
            " while the clock counts on) or hold_added (ERPNext: the unpaused deadline plus"
            " the wall-clock length of each hold; it may fall in closed time)",
            ["business"],
        ),
        "preset": (
            "a peer preset whose options this policy takes (an option written here wins):"
            " zendesk, jira, servicenow, zammad, frappe, erpnext, rt or otrs;"
            " `slaclock presets` lists what each sets",
            ["zammad"],
        ),
        "breach_at": (
            "when a target breaches: after_due (default: once more than the budget is used)"
            " or at_due (at the due instant itself)",
            ["after_due"],
        ),
        "start_rounding": (
            "where a cycle's clock starts: none (default: at its event) or minute (the whole"
            " minute of its event)",
            ["none"],
        ),
        "due_on_close": (
            "a budget that runs out exactly at closing time: at_close (default) or next_open",
            ["at_close"],
        ),
        "met_due": (
            "the deadline of a met target: kept (default) or cleared (shown empty)",
            ["kept"],
        ),
        "paused_due": (
            "the deadline while paused: none (default: empty), projected (now + the"
            " business time left) or frozen (as it stood when the hold began)",
            ["none"],
        ),
        "reported_start": (
            "the start reported: created (default) or first_open (the first open instant at"
            " or after it; deadlines unchanged)",
            ["created"],
        ),
        "first_response_met_by": (
            "what else gives an unanswered ticket its first response: pause (entering a"
            " paused status) and resolve (resolving or closing it)",
            [["pause", "resolve"]],
        ),
        "pause_rounding": (
            "where a hold of the clock (a pause, a resolved period before a reopen) begins and"
            " ends: none (default: at its event) or minute (at the start of that whole minute)",
            ["none"],
        ),
        "selection": (
            "when the ticket's policy is chosen: at_creation (default: once) or on_change"
            " (again after each change of priority or attributes; the policy then chosen"
            " applies from the ticket's creation, and a ticket no policy matches has no"
            " targets)",
            ["at_creation"],
        ),
        "next_response_arming": (
            "which customer messages start a next-response wait: any_message (default),"
            " after_first_reply (those before the first public agent reply are answered by it)"
            " or from_creation (also a wait from the creation until the first public agent"
            " reply)",
            ["any_message"],
        ),
        "first_response_statuses": (
            "statuses whose entry gives an unanswered ticket its first response (ERPNext's"
            " fulfilment statuses); none by default",
            [["replied"]],
        ),
        "periodic_update_disarm": (
            "what ends a running periodic update besides the next public agent reply: never"
            " (default) or customer_message (armed only while staff spoke last)",
            ["never"],
        ),
        "resolved_due": (
            "the deadline of a target a resolve or close stopped unmet: as_paused (default:"
            " as any held target) or projected (the resolve + the business time left)",
            ["as_paused"],
        ),
        "sticky_breach": ("a breach stays a breach when met late (default true)", [True]),
        "day_means": (
            "what a bare day ('2d', 'P2D') means in this policy's budgets",
            ["same_time"],
        ),
        "hours_per_day": ("the business hours of a day, with day_means: hours", ["8h"]),
        "unknown_priority": (
            "a ticket whose priority has no row and there is no '*' row: error or no_targets",
            ["error"],
        ),
        "effective_from": (
            "first instant (or date, midnight in the policy's zone) this version applies",
            ["2026-01-01"],
        ),
        "effective_until": ("the instant this version stops applying", ["2027-01-01"]),
    },
    "TargetValueSpec": {
        "within": (_DURATION, ["4h"]),
        "calendar": ("the calendar this target counts in", ["24x7"]),
        "after": (
            "a wait before the budget counts: this much open time of the policy's calendar"
            " (or after_calendar), then its first open instant; 0m waits for the first"
            " business minute",
            ["0m"],
        ),
        "after_calendar": ("the calendar the wait (after) is counted on", ["office"]),
    },
    "PauseRuleSpec": {
        "statuses": ("statuses that pause", [["pending"]]),
        "metrics": ("the metrics they pause (default: all)", [["resolution"]]),
    },
    "MetricSpec": {
        "description": ("a line for people reading the file", ["Time to hand over"]),
        "start": (f"{_CONDITION} that starts the clock", [{"event": "assigned"}]),
        "stop": (f"{_CONDITION} that stops it: met", [{"event": "agent_replied"}]),
        "pause": (
            f"{_CONDITION} that pauses it: while it holds, or until resume",
            [{"status": "pending"}],
        ),
        "resume": (f"{_CONDITION} that ends a pause", [{"event": "customer_replied"}]),
        "reset": (f"{_CONDITION} that starts it again from zero", [{"event": "reopened"}]),
        "cancel": (f"{_CONDITION} that cancels it", [{"event": "closed"}]),
    },
    "ConditionSpec": {
        "event": ("the kind of event that just happened", ["agent_replied"]),
        "public": ("a reply's visibility (with event)", [True]),
        "status": ("the ticket's status after the event", ["pending"]),
        "group": ("the group holding the ticket", ["2nd-level"]),
        "assignee": ("the agent holding the ticket", ["ana"]),
        "priority": ("the ticket's priority", [["P1", "P2"]]),
        "attributes": ("ticket attributes that must hold", [{"tier": "gold"}]),
        "not": ("holds when the condition does not", [{"status": "pending"}]),
        "any": ("holds when any condition does", [[{"status": "new"}, {"status": "open"}]]),
        "all": ("holds when every condition does", [[{"group": "l2"}, {"public": True}]]),
    },
    "MatchOpSpec": {
        "in": ("the attribute is one of these", [["EU", "UK"]]),
        "not_in": ("the attribute is none of these", [["test"]]),
        "exists": ("the attribute is set (true) or not (false)", [True]),
    },
    "ServiceSpec": {
        "name": ("the service's display name", ["Web shop"]),
        "fee": ("the fee per measurement period, with its currency", ["12000 EUR"]),
    },
    "NotWindowSpec": {"not": ("a window: this is open when it is closed", ["office"])},
    "AnyWindowSpec": {"any": ("windows: open when any is", [["office", "night-desk"]])},
    "AllWindowSpec": {"all": ("windows: open when all are", [["office", "shop-hours"]])},
    "TicketsSpec": {
        "metric": ("the metric whose verdicts count (for attainment)", ["resolution"]),
        "attribute": ("a rating attribute recorded on tickets (for share)", ["csat"]),
        "priority": ("only tickets of these priorities", [["P1", "P2"]]),
    },
    "ShareSpec": {
        "at_least": ("the lowest rating that counts as good", [4]),
        "of": ("the top of the rating scale", [5]),
        "target": (f"the share of rated tickets to reach: {_PERCENT}", ["90%"]),
    },
    "ObjectiveSpec": {
        "name": ("the objective's name", ["shop-availability"]),
        "description": ("a line for people reading the file", ["Shop up in office hours"]),
        "service": ("the service measured", ["shop"]),
        "availability": (f"the availability promised: {_PERCENT}", ["99.5%"]),
        "window": ("the calendar (or window) the availability is measured in", ["office"]),
        "tickets": (
            "the tickets an attainment or share objective looks at",
            [{"metric": "resolution"}],
        ),
        "attainment": (f"the share of tickets meeting their target: {_PERCENT}", ["95%"]),
        "share": ("a share of rated tickets", [{"at_least": 4, "of": 5, "target": "90%"}]),
    },
    "PlannedSpec": {
        "notice": (
            f"how long ahead maintenance must be announced: {_DURATION}",
            ["5 business days"],
        ),
        "max_per_period": ("the most planned time excluded per period", ["4h"]),
    },
    "ExclusionsSpec": {
        "planned": ("announced maintenance that leaves the window", [{"notice": "48h"}]),
        "customer_caused": ("outages the customer caused leave the window", [True]),
        "force_majeure": ("force majeure leaves the window", [True]),
        "excluded_time": ("excluded time leaves the window (removed) or counts as up", ["removed"]),
    },
    "TierSpec": {
        "below": (f"the level below which the tier applies: {_PERCENT}", ["99.5%"]),
        "credit": (f"the share of the fee credited: {_PERCENT}", ["10%"]),
    },
    "CapSpec": {
        "per_period": (f"the most credited in a period: {_PERCENT}", ["30%"]),
        "per_year": (f"the most credited in a year: {_PERCENT}", ["15%"]),
    },
    "EarnBackSpec": {"periods": ("periods in a row that must meet the objective (1 to 12)", [3])},
    "PerBreachSpec": {
        "tickets": ("the tickets whose breaches are credited", [{"metric": "resolution"}]),
        "amount": ("the amount per breached ticket, with its currency", ["50 EUR"]),
    },
    "CreditsSpec": {
        "at_risk": (f"the share of the fee at risk: {_PERCENT}", ["20%"]),
        "tiers": (
            "credit tiers per objective, worst reached applies",
            [{"shop-availability": [{"below": "99.5%", "credit": "10%"}]}],
        ),
        "weights": ("weights of the objectives in the credit", [{"shop-availability": "60%"}]),
        "cap": ("the most that can be credited", [{"per_period": "30%"}]),
        "earn_back": ("a credit is returned when later periods meet the level", [{"periods": 3}]),
        "per_breach": (
            "a fixed amount per breached ticket",
            [[{"tickets": {"metric": "resolution"}, "amount": "50 EUR"}]],
        ),
    },
    "ContractSpec": {
        "name": ("the contract's name", ["acme-2026"]),
        "description": ("a line for people reading the file", ["ACME, premium support"]),
        "extends": ("a contract whose settings this one inherits", ["standard-terms"]),
        "abstract": ("only extended, never in effect itself", [True]),
        "customer": ("the customer the contract is with", ["ACME"]),
        "match": ("ticket attributes that make a ticket this contract's", [{"customer": "ACME"}]),
        "services": ("the services the contract covers", [["shop"]]),
        "period": ("the measurement period: month or quarter", ["month"]),
        "timezone": ("IANA zone of the periods", ["Europe/Berlin"]),
        "open_tickets": ("running and paused tickets: exclude or count_as_met", ["exclude"]),
        "objectives": (
            "the levels promised",
            [[{"name": "uptime", "service": "shop", "availability": "99.5%"}]],
        ),
        "exclusions": ("outages that leave the measurement", [{"customer_caused": True}]),
        "credits": ("service credits when a level is missed", [{"at_risk": "20%"}]),
        "effective_from": ("first day (or instant) this version applies", ["2026-01-01"]),
        "effective_until": ("the day (or instant) this version stops applying", ["2027-01-01"]),
    },
}
