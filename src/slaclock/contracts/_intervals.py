"""Half-open intervals of integer microseconds since the epoch, and their set algebra.

A set of intervals is kept *normal*: sorted, each non-empty, none touching or overlapping
another. Every operation takes normal sets and returns a normal set, so lengths add up
exactly (a window and its complement always sum to the whole period).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

__all__ = [
    "Interval",
    "Intervals",
    "complement",
    "from_us",
    "intersect",
    "length",
    "normalise",
    "to_us",
    "union",
]

Interval = tuple[int, int]
Intervals = tuple[Interval, ...]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(value: datetime) -> int:
    """An aware instant as integer microseconds since the epoch (exact, no floats)."""
    delta = value - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_us(us: int, zone: object = UTC) -> datetime:
    """The instant `us` microseconds after the epoch, in `zone` (a tzinfo)."""
    moment = _EPOCH + timedelta(microseconds=us)
    return moment.astimezone(zone)  # type: ignore[arg-type]


def normalise(spans: Iterable[Interval]) -> Intervals:
    """Sort, drop empty spans and merge overlapping or touching ones."""
    out: list[list[int]] = []
    for a, b in sorted(s for s in spans if s[0] < s[1]):
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1][1] = b
        else:
            out.append([a, b])
    return tuple((a, b) for a, b in out)


def union(*sets: Sequence[Interval]) -> Intervals:
    """Every instant in any of the sets."""
    return normalise(span for s in sets for span in s)


def intersect(left: Sequence[Interval], right: Sequence[Interval]) -> Intervals:
    """Every instant in both sets (a merge walk over two normal sets)."""
    out: list[Interval] = []
    i = j = 0
    while i < len(left) and j < len(right):
        a = max(left[i][0], right[j][0])
        b = min(left[i][1], right[j][1])
        if a < b:
            out.append((a, b))
        if left[i][1] < right[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def complement(spans: Sequence[Interval], within: Interval) -> Intervals:
    """The instants of `within` that are in none of `spans`."""
    lo, hi = within
    out: list[Interval] = []
    cursor = lo
    for a, b in spans:
        a, b = max(a, lo), min(b, hi)
        if a >= b:
            continue
        if cursor < a:
            out.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < hi:
        out.append((cursor, hi))
    return tuple(out)


def length(spans: Iterable[Interval]) -> int:
    """The total length in microseconds."""
    return sum(b - a for a, b in spans)
