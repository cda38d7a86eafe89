"""Availability in a window: outages classified, merged, and measured exactly.

For one service and one period: every outage is clipped to the period and classified
(counted, or excluded as planned maintenance with notice, customer-caused or force majeure).
Planned maintenance beyond the period's allowance counts as downtime, the earliest maintenance
using the allowance first. Overlapping outages then merge instant by instant: an instant inside
an exclusion is excluded; otherwise the larger impact wins.

Availability = (window − excluded − downtime) ÷ (window − excluded), an exact fraction, where
downtime is Σ length × impact inside the window. With ``excluded_time: up`` excluded time
stays in the window and counts as up time: (window − downtime) ÷ window.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from . import _intervals as iv
from .outages import Outage
from .terms import Contract, Objective

__all__ = ["Availability", "Segment", "classify", "measure"]

_MICROSECOND = timedelta(microseconds=1)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of one service's outage time after merging: counted or excluded, and why."""

    start: int
    end: int
    impact: Fraction
    counted: bool
    kind: str
    reason: str


def _treatment(contract: Contract, outage: Outage) -> tuple[bool, str]:
    ex = contract.exclusions
    if outage.kind == "unplanned":
        return True, "unplanned"
    if outage.kind == "planned":
        if ex.planned_notice is None:
            return True, "planned, but this contract excludes no planned maintenance"
        if outage.announced_at is None:
            return True, "planned, but never announced"
        notice = outage.start - outage.announced_at
        if notice < ex.planned_notice:
            return (
                True,
                f"planned, announced {_hours(notice)} ahead (< {_hours(ex.planned_notice)})",
            )
        return False, f"planned, announced {_hours(notice)} ahead"
    if outage.kind == "customer_caused":
        if ex.customer_caused:
            return False, "customer-caused"
        return True, "customer-caused, but this contract does not exclude it"
    if ex.force_majeure:
        return False, "force majeure"
    return True, "force majeure, but this contract does not exclude it"


def _hours(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    h, rest = divmod(seconds, 3600)
    m = rest // 60
    return f"{h}h{m:02d}m" if m else f"{h}h"


def classify(
    contract: Contract, outages: Iterable[Outage], service: str, lo: int, hi: int
) -> tuple[Segment, ...]:
    """The service's outage time in [lo, hi) as merged, classified segments in time order."""
    pieces: list[tuple[int, int, Fraction, bool, str, str]] = []
    planned: list[tuple[int, int, Fraction, str]] = []
    for o in outages:
        if o.service != service:
            continue
        a, b = max(iv.to_us(o.start), lo), min(iv.to_us(o.end), hi)
        if a < b:
            counted, reason = _treatment(contract, o)
            if o.kind == "planned" and not counted:
                planned.append((a, b, o.impact, reason))
            else:
                pieces.append((a, b, o.impact, counted, o.kind, reason))
    pieces += _allowance(contract, planned)
    if not pieces:
        return ()
    cuts = sorted({p[0] for p in pieces} | {p[1] for p in pieces})
    merged: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        live = [p for p in pieces if p[0] <= a and b <= p[1]]
        if not live:
            continue
        # An instant inside an exclusion stays excluded whatever else happened then (so more
        # downtime can never lower the level); otherwise the larger impact wins. Ties break by
        # name, so the result does not depend on the order outages were given in.
        best = max(live, key=lambda p: (not p[3], p[2], p[4], p[5]))
        seg = Segment(a, b, best[2], best[3], best[4], best[5])
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.end == a
            and (last.impact, last.counted, last.kind, last.reason)
            == (seg.impact, seg.counted, seg.kind, seg.reason)
        ):
            merged[-1] = Segment(last.start, b, seg.impact, seg.counted, seg.kind, seg.reason)
        else:
            merged.append(seg)
    return tuple(merged)


def _allowance(
    contract: Contract, planned: Sequence[tuple[int, int, Fraction, str]]
) -> list[tuple[int, int, Fraction, bool, str, str]]:
    """Announced maintenance split into the part the period's allowance covers (excluded) and
    the rest (counted). The allowance covers the earliest maintenance time first; overlapping
    maintenance uses it once."""
    allowance = contract.exclusions.planned_allowance
    if allowance is None:
        return [(a, b, i, False, "planned", why) for a, b, i, why in planned]
    left = _us(allowance)
    allowed: list[iv.Interval] = []
    for a, b in iv.normalise((a, b) for a, b, _, _ in planned):
        take = min(left, b - a)
        if take > 0:
            allowed.append((a, a + take))
        left -= take
    over = f"planned, over the {_hours(allowance)} allowance per period"
    out: list[tuple[int, int, Fraction, bool, str, str]] = []
    for a, b, impact, why in planned:
        for x, y in iv.intersect(((a, b),), allowed):
            out.append((x, y, impact, False, "planned", why))
        for x, y in iv.complement(allowed, (a, b)):
            out.append((x, y, impact, True, "planned", over))
    return out


def _us(delta: timedelta) -> int:
    return delta // _MICROSECOND


@dataclass(frozen=True, slots=True)
class Availability:
    """The figures of one availability objective in one period (integer microseconds)."""

    window_us: int
    excluded_us: int
    downtime_us: Fraction
    level: Fraction

    @property
    def agreed_us(self) -> int:
        """The agreed service time: the window less excluded time (ITIL's AST)."""
        return self.window_us - self.excluded_us


def measure(
    contract: Contract, objective: Objective, segments: Sequence[Segment], lo: int, hi: int
) -> Availability:
    """An availability objective's exact level over [lo, hi)."""
    assert objective.window is not None
    window = objective.window.spans(lo, hi)
    total = iv.length(window)
    excluded = 0
    downtime = Fraction(0)
    for s in segments:
        inside = iv.length(iv.intersect(window, ((s.start, s.end),)))
        if s.counted:
            downtime += inside * s.impact
        else:
            excluded += inside
    if contract.exclusions.excluded_time == "up":
        base, excluded = total, 0
    else:
        base = total - excluded
    level = Fraction(1) if base == 0 else (base - downtime) / base
    return Availability(total, excluded, downtime, level)
