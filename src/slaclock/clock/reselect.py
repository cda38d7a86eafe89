"""Choosing a ticket's policy again as the ticket changes (``selection: on_change``).

By default a ticket's policy is chosen once, from its created event. A policy that says
``selection: on_change`` holds a ticket only while it matches: after each change of the
ticket's priority or attributes the policy set chooses again (first match, in file order, with
the ticket's values as they now are). The policy then chosen applies from the ticket's
creation, as if it had been chosen then: its calendar, pauses, options and targets over the
whole timeline. A ticket that no policy matches any more has no metrics, and the explanation
says which change left it. A ticket under no policy is chosen again after each change when any
policy of the set says ``on_change`` (one of them may match it now); a policy with the default
``selection: at_creation`` keeps a ticket it holds.

>>> from datetime import datetime
>>> from slaclock import PolicySet, TicketEvent
>>> from slaclock.clock import evaluate
>>> policies = PolicySet.from_dict({
...     "calendars": {"office": {"timezone": "Europe/Berlin",
...                              "hours": {"mon-fri": ["09:00-17:00"]}}},
...     "policies": [{"name": "urgent", "calendar": "office", "selection": "on_change",
...                   "match": {"priority": "high"},
...                   "targets": {"*": {"first_response": "1h"}}}],
... })
>>> t = datetime.fromisoformat
>>> status = evaluate(policies, [
...     TicketEvent.created(t("2026-11-23T10:00+01:00"), "high"),
...     TicketEvent.priority_changed(t("2026-11-23T10:20+01:00"), "low"),
... ], now=t("2026-11-23T10:30+01:00"))
>>> status.metrics
()
>>> for line in status.reasons:  # doctest: +NORMALIZE_WHITESPACE
...     print(line)
policy 'urgent' chosen: priority='high' is in ['high']
priority changed high -> low at 2026-11-23T10:20:00+01:00: the policy is chosen again
  (policy 'urgent' says selection: on_change)
policy 'urgent' skipped: priority='low' is not in ['high']
no policy matched, so the ticket has no SLA targets
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from .._kernel.instants import from_us
from ..config.policy_set import PolicySet
from ..events.model import TicketEvent
from ..events.timeline import Timeline
from ..policy.model import SlaPolicy
from ..policy.selection import Selection

__all__ = ["Chooser", "reselect"]


class Chooser:
    """The ticket's policy as its events come in, under ``selection: on_change``.

    `feed` takes the events after the created one, in order, and says whether the policy
    changed; `policy` and `reasons` are the choice so far, with why.
    """

    __slots__ = ("attributes", "created", "policies", "policy", "priority", "reasons", "versions")

    def __init__(
        self,
        policies: PolicySet,
        created: TicketEvent,
        policy: SlaPolicy | None,
        reasons: Selection | tuple[str, ...],
        versions: datetime,
    ) -> None:
        """`policy` and `reasons`: the choice at creation; `versions`: the instant that picks
        the version of an effective-dated policy under ``effective_by: now``."""
        self.policies = policies
        self.created = created
        self.policy = policy
        self.reasons = reasons
        self.versions = versions
        self.priority = str(created.priority)
        self.attributes: Mapping[str, object] = created.attributes or {}

    def feed(self, event: TicketEvent, t: int) -> bool:
        """Apply one event (at `t`, UTC microseconds); True when the ticket's policy changed."""
        kind = event.type
        if kind == "priority_changed":
            new = str(event.priority)
            if new == self.priority:
                return False
            what = f"priority changed {self.priority} -> {new}"
            self.priority = new
        elif kind == "attribute_changed":
            attributes = dict(self.attributes)
            for key, value in (event.attributes or {}).items():
                if value is None:
                    attributes.pop(key, None)
                else:
                    attributes[key] = value
            if attributes == self.attributes:
                return False
            shown = ", ".join(f"{k}={v!r}" for k, v in (event.attributes or {}).items())
            what = f"attributes changed ({shown})"
            self.attributes = attributes
        else:
            return False
        current = self.policy
        if current is not None and current.options.selection != "on_change":
            return False
        selection = self.policies.select(
            priority=self.priority,
            attributes=self.attributes,
            created_at=self.created.at,
            now=self.versions,
        )
        chosen = selection.policy
        if chosen == current:
            return False
        held = current if current is not None else chosen
        assert held is not None  # `chosen == current` above when both are None
        when = from_us(t, held.calendar.zone).isoformat()
        why = (
            f"policy {current.name!r} says selection: on_change"
            if current is not None
            else "a policy of the set says selection: on_change"
        )
        lines = [f"{what} at {when}: the policy is chosen again ({why})", *selection.reasons]
        if chosen is not None:
            lines.append(f"policy {chosen.name!r} applies from the ticket's creation")
        before = self.reasons
        listed = before.reasons if isinstance(before, Selection) else before
        self.reasons = (*listed, *lines)
        self.policy = chosen
        return True


def reselect(
    policies: PolicySet,
    timeline: Timeline,
    versions: datetime,
    now_us: int,
    policy: SlaPolicy | None,
    reasons: Selection | tuple[str, ...],
) -> tuple[SlaPolicy | None, Selection | tuple[str, ...]]:
    """The ticket's policy at `now_us` and why, from the choice at creation and the changes
    up to `now_us` (unchanged when no policy of the set says ``selection: on_change``)."""
    if not policies.reselects:
        return policy, reasons
    chooser = Chooser(policies, timeline.created, policy, reasons, versions)
    for event, at in zip(timeline.events[1:], timeline.instants[1:], strict=True):
        if at > now_us:
            break
        chooser.feed(event, at)
    return chooser.policy, chooser.reasons
