"""What a policy means for the walk (its metrics, what each status pauses, its targets per
priority), computed once per policy and shared by every ticket evaluated under it."""

from __future__ import annotations

from collections.abc import Mapping

from .._kernel.memo import Memo
from ..errors import PolicyError
from ..policy.model import BUILTIN_METRICS, Options, SlaPolicy, Target

__all__ = ["Plan", "plan_for"]


_DEFAULTS = Options()
_NONE: dict[str, str] = {}
_SHOWN = (
    "breach_at",
    "due_on_close",
    "met_due",
    "paused_due",
    "reported_start",
    "resolved_due",
)


class Plan:
    """What a policy means for the walk, computed once per policy and shared by tickets."""

    __slots__ = (
        "_holds",
        "_targets",
        "accounting",
        "answered",
        "arm_at_creation",
        "disarm_update",
        "found",
        "has_custom",
        "held",
        "met_by",
        "met_by_pause",
        "met_by_resolve",
        "met_on",
        "metrics",
        "policy",
        "reply_first",
        "round_pauses",
        "round_start",
        "shown",
        "started",
        "updates",
        "waits",
        "zone",
    )

    def __init__(self, policy: SlaPolicy) -> None:
        self.policy = policy
        options = policy.options
        self.accounting = options.pause_accounting
        # The options that change how a deadline, a start or a breach is shown: passed to
        # each measure only when one of them is not the default.
        self.shown: Options | None = None
        if any(getattr(options, key) != getattr(_DEFAULTS, key) for key in _SHOWN):
            self.shown = options
        self.round_start = options.start_rounding == "minute"
        self.round_pauses = options.pause_rounding == "minute"
        self.reply_first = options.next_response_arming == "after_first_reply"
        self.arm_at_creation = options.next_response_arming == "from_creation"
        self.met_by = frozenset(options.first_response_met_by)
        self.met_by_pause = "pause" in self.met_by
        self.met_by_resolve = "resolve" in self.met_by
        self.met_on = frozenset(options.first_response_statuses)
        self.disarm_update = options.periodic_update_disarm == "customer_message"
        # A priority's targets, boxed in a 1-tuple so that "none" is remembered too.
        self._targets: Memo[str, tuple[Mapping[str, Target] | None]] = Memo(limit=1024)
        #: The targets `targets` found so far (a priority with none is not listed): what
        #: every ticket reads for its priority, without a call.
        self.found: Memo[str, Mapping[str, Target]] = Memo(limit=1024)
        self.zone = policy.calendar.zone
        names: set[str] = set()
        for targets in policy.targets.values():
            names.update(targets)
        self.metrics = tuple(n for n in BUILTIN_METRICS if n in names) + tuple(policy.metrics)
        # The metrics every ticket starts with at its creation, and whether it also arms a
        # next response then (next_response_arming: from_creation).
        self.started = tuple(n for n in ("first_response", "resolution") if n in names)
        self.arm_at_creation = self.arm_at_creation and "next_response" in names
        # The metrics a public agent reply meets, and whether one starts an update period.
        self.answered = tuple(n for n in ("first_response", "next_response") if n in names)
        self.updates = "periodic_update" in names
        self.waits = "next_response" in names  # customer messages arm it
        self.has_custom = bool(policy.metrics)
        self._holds: dict[str | None, dict[str, str]] = {}
        #: `holds` by status, as far as asked: the walk reads it at every status change.
        self.held: dict[str | None, dict[str, str]] = {}

    def holds(self, status: str | None) -> dict[str, str]:
        """For a status: the metrics whose clock it holds, each with the reason shown in the
        ledger (none under ``pause_accounting: hide``, where a pause holds no time)."""
        found = self.held.get(status)
        if found is None:
            found = _NONE if self.accounting == "hide" else self.pauses(status)
            self.held[status] = found
        return found

    def pauses(self, status: str | None) -> dict[str, str]:
        """For a status: the metrics it pauses, each with the reason shown in the ledger."""
        found = self._holds.get(status)
        if found is None:
            paused = self.policy.paused_metrics(status)
            found = {}
            if paused is not None:
                reason = f"paused: status {status!r}"
                if self.round_pauses:
                    reason += " (pause_rounding: from and to whole minutes)"
                for name in self.metrics:
                    if "*" in paused or name in paused:
                        found[name] = reason
            self._holds[status] = found
        return found

    def targets(self, priority: str) -> Mapping[str, Target] | None:
        """A priority's targets (None: none, when the policy allows that)."""
        boxed = self._targets.get(priority)
        if boxed is None:
            boxed = self._targets.put(priority, (self.policy.targets_for(priority),))
        found = boxed[0]
        if found is not None:
            self.found.put(priority, found)
        elif self.policy.options.unknown_priority == "error":
            raise PolicyError(
                f"policy {self.policy.name!r} has no targets for priority {priority!r} and no"
                f" '*'; add targets for {priority!r} or '*', or set unknown_priority: no_targets"
            )
        return found


_PLANS: Memo[SlaPolicy, Plan] = Memo(limit=256)


#: The policy whose plan was asked for last, with its plan: one tuple, so threads never see a
#: mix. A batch asks for the same policy ticket after ticket, and hashing it costs a call.
_last: tuple[SlaPolicy | None, Plan | None] = (None, None)


def plan_for(policy: SlaPolicy) -> Plan:
    """The plan of a policy, remembered (equal policies share one)."""
    global _last
    last, plan = _last
    if policy is last and plan is not None:
        return plan
    found = _PLANS.get(policy)
    if found is None:
        found = _PLANS.put(policy, Plan(policy))
    _last = (policy, found)
    return found
