"""Target suggestions from history: the business time a chosen share of tickets was met in.

Which tickets count, per policy, metric and priority (the priority the metric was measured
against, as in reports): every ticket whose metric started, evaluated at `now`. A metric's
*time* is the business time of its longest cycle, since a target must cover each cycle.

- A ticket whose metric ended met (on time or late) has a known time.
- A ticket still open (running or paused, breached or not), or whose metric was cancelled,
  has only a lower bound: it has used that much and may use more. Under a target it has
  already outgrown it is breached; under a larger one it is not decided, so it is left out
  of attainment (the report's default rule, ``open_tickets="exclude"``).

The suggested target at share *s* is the smallest whole number of minutes *T* (at least one)
such that, re-evaluated with *T* as the budget, met ÷ (met + breached) ≥ *s*, where met counts
the known times ≤ *T* and breached every time (known or a lower bound) > *T*. Attainment only
grows with *T*, so the search is exact, and re-evaluating the history under the suggested
policy reproduces the figure. One exception: a ticket whose priority changed while a metric
ran is measured against both priorities' targets (a breach under the first one is sticky), so
its verdict under the suggestions depends on two of them; the guarantee holds for the tickets
whose priority stayed put.

>>> from datetime import datetime
>>> from fractions import Fraction
>>> from slaclock import PolicySet, TicketEvent
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": {"timezone": "Europe/Berlin",
...                              "hours": {"mon-fri": ["09:00-17:00"]}}},
...     "policies": [{"name": "standard", "calendar": "office",
...                   "targets": {"*": {"first_response": "1h"}}}]})
>>> t = datetime.fromisoformat
>>> tickets = [[TicketEvent.created(t("2026-11-02T09:00+01:00"), "P2"),
...             TicketEvent.agent_replied(t(f"2026-11-02T{9 + h}:00+01:00"))]
...            for h in (1, 2, 3, 5)]
>>> found = suggest(policies, tickets, t("2026-12-01T00:00+01:00"), Fraction(3, 4))
>>> s = found.suggestions[0]
>>> s.metric, s.priority, s.current_target, s.suggested_target, s.attainment
('first_response', 'P2', '1h', '3h', '3/4')
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from fractions import Fraction

from pydantic import BaseModel, ConfigDict, Field

from ..budgets import BusinessTime, format_duration, format_timedelta
from ..clock import evaluate_many
from ..config import PolicySet
from ..errors import SlaclockError
from ..events import TicketEvent
from ..policy import SlaPolicy, Target
from .build import TicketStream
from .options import _percent

__all__ = [
    "MIN_SAMPLE",
    "Suggestion",
    "SuggestionResult",
    "Suggestions",
    "parse_share",
    "suggest",
    "suggest_jsonl",
]

#: Below this many decided tickets a suggestion carries a small-sample warning.
MIN_SAMPLE = 30
_MINUTE = 60_000_000


def parse_share(text: str | float | Fraction) -> Fraction:
    """A share as an exact fraction: ``"95%"`` or ``"99.5%"``, or a number in (0, 1].

    >>> parse_share("95%"), parse_share("0.9")
    (Fraction(19, 20), Fraction(9, 10))

    Raises:
        ValueError: not a number, or not above 0 % and at most 100 %.
    """
    raw = str(text).strip()
    percent = raw.endswith("%")
    try:
        value = Fraction(raw.removesuffix("%").strip()) if isinstance(text, str) else None
        if value is None:
            value = Fraction(str(text)) if isinstance(text, float) else Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(
            f"share: cannot read {raw!r} as a share; write a percentage such as 95% or 99.5%"
        ) from None
    if percent:
        value /= 100
    elif value > 1:
        raise ValueError(
            f"share: {raw!r} is more than 1; write a percentage with its sign (95%) or a"
            " fraction (0.95)"
        )
    if not 0 < value <= 1:
        raise ValueError(f"share: {raw!r} is not above 0% and at most 100%; write e.g. 95%")
    return value


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Suggestion(_Frozen):
    """The suggested target of one metric for one priority of one policy."""

    policy: str
    metric: str
    priority: str
    calendar: str = Field(description="the calendar the business time is counted in")
    current_target: str | None
    current_attainment: str | None = Field(description="met ÷ decided under today's targets")
    suggested_target: str = Field(description="whole minutes, '2h45m'")
    suggested_seconds: int
    met: int = Field(description="tickets met within the suggested target")
    decided: int = Field(description="tickets decided under the suggested target")
    attainment: str = Field(description="met ÷ decided under the suggested target, exact")
    attainment_percent: float
    known: int = Field(description="tickets whose metric ended met: a known time")
    lower_bounds: int = Field(description="open or cancelled tickets: time used so far")
    warning: str | None


class Suggestions(_Frozen):
    """Suggested targets at one share, and the policy snippet that sets them."""

    now: str
    share: str = Field(description="the share asked for, exact ('19/20')")
    share_percent: float
    min_sample: int
    tickets: int
    suggestions: list[Suggestion]
    snippet: str = Field(description="YAML to paste over the policies' targets")


class _Times:
    __slots__ = ("bounds", "decided_now", "known", "met_now", "target")

    def __init__(self, target: Target | None) -> None:
        self.known: list[int] = []
        self.bounds: list[int] = []
        self.target = target
        self.met_now = 0
        self.decided_now = 0


def _collect(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
) -> tuple[dict[tuple[str, str, str], _Times], int]:
    groups: dict[tuple[str, str, str], _Times] = {}
    count = 0
    for status in evaluate_many(policies, tickets, now):
        count += 1
        if status.policy is None:
            continue
        for metric in status.metrics:
            current = metric.current
            if metric.state == "pending" or current is None:
                continue
            key = (status.policy.name, metric.metric, current.priority)
            times = groups.get(key)
            if times is None:
                times = groups[key] = _Times(metric.target)
            used = max(c.elapsed_us for c in metric.cycles)
            if current.outcome == "met":
                times.known.append(used)
            else:
                times.bounds.append(used)
            if metric.state == "met":
                times.met_now += 1
                times.decided_now += 1
            elif metric.state == "breached":
                times.decided_now += 1
    return groups, count


def _search(known: list[int], bounds: list[int], share: Fraction) -> tuple[int, int, int]:
    """The smallest whole-minute budget meeting `share`, with met and decided under it."""
    known = sorted(known)
    every = sorted(known + bounds)
    total = len(every)
    for budget in sorted({max(1, -(-t // _MINUTE)) * _MINUTE for t in every}):
        met = bisect_right(known, budget)
        breached = total - bisect_right(every, budget)
        decided = met + breached
        if decided and met * share.denominator >= share.numerator * decided:
            return budget, met, decided
    raise AssertionError("unreachable: the largest budget breaches nothing")  # pragma: no cover


def _warning(decided: int, share: Fraction, min_sample: int) -> str | None:
    notes = []
    if decided < min_sample:
        notes.append(
            f"only {decided} decided ticket{'s' if decided != 1 else ''} (fewer than"
            f" {min_sample}): a guess, review it again"
        )
    if share < 1 and decided * (1 - share) < 1:
        notes.append(
            f"at {_percent(share):g}% of {decided} no ticket may be late: the slowest sets it"
        )
    return "; ".join(notes) or None


def suggest(
    policies: PolicySet | SlaPolicy,
    tickets: Iterable[Iterable[TicketEvent] | tuple[str | None, Iterable[TicketEvent]]],
    now: datetime,
    share: Fraction,
    *,
    min_sample: int = MIN_SAMPLE,
) -> SuggestionResult:
    """Evaluate the history at `now` and suggest, per policy, metric and priority, the
    target met by at least `share` of its decided tickets (see the module docstring)."""
    if not 0 < share <= 1:
        raise ValueError(f"share must be above 0 and at most 1, got {share}")
    policy_set = policies if isinstance(policies, PolicySet) else PolicySet((policies,))
    groups, count = _collect(policy_set, tickets, now)
    found: list[Suggestion] = []
    for (policy, metric, priority), times in sorted(groups.items()):
        if not times.known:
            continue
        budget, met, decided = _search(times.known, times.bounds, share)
        level = Fraction(met, decided)
        target = times.target
        found.append(
            Suggestion(
                policy=policy,
                metric=metric,
                priority=priority,
                calendar=target.calendar_name if target else policy_set.get(policy).calendar_name,
                current_target=None if target is None else format_duration(target.budget),
                current_attainment=None
                if not times.decided_now
                else _fraction(Fraction(times.met_now, times.decided_now)),
                suggested_target=format_timedelta(timedelta(microseconds=budget)),
                suggested_seconds=budget // 1_000_000,
                met=met,
                decided=decided,
                attainment=_fraction(level),
                attainment_percent=_percent(level),
                known=len(times.known),
                lower_bounds=len(times.bounds),
                warning=_warning(decided, share, min_sample),
            )
        )
    return SuggestionResult(policy_set, now, share, min_sample, count, found)


def _fraction(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"


def suggest_jsonl(
    policies: PolicySet | SlaPolicy,
    lines: Iterable[str],
    now: datetime,
    share: Fraction,
    *,
    min_sample: int = MIN_SAMPLE,
) -> SuggestionResult:
    """`suggest` over a JSON-lines stream of events grouped by their ``ticket`` field; an
    error about a ticket names its line."""
    tickets = TicketStream(lines)
    try:
        return suggest(policies, tickets, now, share, min_sample=min_sample)
    except SlaclockError as exc:
        tickets.place(exc)
        raise


class SuggestionResult:
    """Suggestions, the policy set they came from, and the set with them applied."""

    __slots__ = ("min_sample", "now", "policies", "share", "suggestions", "tickets")

    def __init__(
        self,
        policies: PolicySet,
        now: datetime,
        share: Fraction,
        min_sample: int,
        tickets: int,
        suggestions: list[Suggestion],
    ) -> None:
        self.policies = policies
        self.now = now
        self.share = share
        self.min_sample = min_sample
        self.tickets = tickets
        self.suggestions = suggestions

    def applied(self) -> PolicySet:
        """The policy set with every suggested target in place of today's.

        A priority served by the ``"*"`` entry gets its own entry, with the other metrics
        of ``"*"`` unchanged. The suggested budget is counted in the calendar the metric was
        measured in. Of a policy's dated versions, each that has a target for the metric at
        that priority gets the suggestion; a version that dropped the metric is left as it is.
        """
        by_policy: dict[str, list[Suggestion]] = {}
        for s in self.suggestions:
            by_policy.setdefault(s.policy, []).append(s)
        versions: dict[str, list[SlaPolicy]] = {}
        for policy in self.policies.policies:
            versions.setdefault(policy.name, []).append(policy)
        out = []
        for policy in self.policies.policies:
            wanted = by_policy.get(policy.name)
            if not wanted:
                out.append(policy)
                continue
            targets: dict[str, dict[str, Target]] = {p: dict(m) for p, m in policy.targets.items()}
            for s in wanted:
                if s.metric not in (policy.targets_for(s.priority) or {}) and any(
                    s.metric in (other.targets_for(s.priority) or {})
                    for other in versions[policy.name]
                ):
                    continue  # another version of the policy measures it; this one dropped it
                entry = targets.get(s.priority)
                if entry is None:
                    entry = targets[s.priority] = dict(policy.targets_for(s.priority) or {})
                old = entry.get(s.metric)
                calendar = old.calendar if old else policy.calendar
                name = old.calendar_name if old else policy.calendar_name
                budget = BusinessTime(timedelta(seconds=s.suggested_seconds))
                if old is not None and old.after is not None:
                    # A suggested budget keeps the target's wait.
                    entry[s.metric] = replace(old, budget=budget)
                else:
                    entry[s.metric] = Target(s.metric, budget, calendar, name)
            out.append(replace(policy, targets=targets))
        return PolicySet(tuple(out), self.policies.calendars, self.policies.effective_by)

    def snippet(self) -> str:
        """YAML for the ``targets`` of each policy with a suggestion, a comment per target."""
        applied = self.applied()
        lines = [
            f"# Targets met by at least {_percent(self.share):g}% of the decided tickets"
            f" ({self.tickets} evaluated at {self.now.isoformat()}).",
            "# Paste each policy's targets over its own; metrics without a comment are unchanged.",
            "policies:",
        ]
        notes: dict[tuple[str, str, str], Suggestion] = {
            (s.policy, s.priority, s.metric): s for s in self.suggestions
        }
        versions: dict[str, int] = {}
        for policy in applied.policies:
            versions[policy.name] = versions.get(policy.name, 0) + 1
        for policy in applied.policies:
            mine = [s for s in self.suggestions if s.policy == policy.name]
            if not mine:
                continue
            name = f"  - name: {_yaml_text(policy.name)}"
            if versions[policy.name] > 1:  # which dated version these targets are for
                name += f"  # {_version(policy)}"
            lines += [name, "    targets:"]
            for priority in dict.fromkeys(s.priority for s in mine):
                lines.append(f"      {_yaml_text(priority)}:")
                for metric, target in (policy.targets.get(priority) or {}).items():
                    text = format_duration(target.budget)
                    parts = [f"within: {text}"]
                    if target.calendar_name != policy.calendar_name:
                        parts.append(f"calendar: {_yaml_text(target.calendar_name)}")
                    if target.after is not None:
                        parts.append(f"after: {format_timedelta(target.after)}")
                        if target.after_calendar_name != policy.calendar_name:
                            parts.append(
                                f"after_calendar: {_yaml_text(target.after_calendar_name or '')}"
                            )
                    value = text if len(parts) == 1 else "{" + ", ".join(parts) + "}"
                    line = f"        {metric}: {value}"
                    found = notes.get((policy.name, priority, metric))
                    if found is not None:
                        now = found.current_target or "none"
                        share = f"{found.attainment_percent:g}%"
                        line += f"  # {found.met} of {found.decided} met ({share}); now {now}"
                        if found.warning:
                            line += "; small sample"
                    lines.append(line)
        return "\n".join(lines) + "\n"

    def to_data(self) -> Suggestions:
        """The suggestions as a pydantic model."""
        return Suggestions(
            now=self.now.isoformat(),
            share=_fraction(self.share),
            share_percent=_percent(self.share),
            min_sample=self.min_sample,
            tickets=self.tickets,
            suggestions=self.suggestions,
            snippet=self.snippet(),
        )


def _version(policy: SlaPolicy) -> str:
    """A dated version of a policy, as its file gives it."""
    begins, ends = policy.effective_from, policy.effective_until
    parts = []
    if begins is not None:
        parts.append(f"effective_from: {begins.isoformat()}")
    if ends is not None:
        parts.append(f"effective_until: {ends.isoformat()}")
    return ", ".join(parts)


def _yaml_text(text: str) -> str:
    plain = text.replace("-", "").replace("_", "").isalnum() and not text[0].isdigit()
    return text if plain else json.dumps(text)
