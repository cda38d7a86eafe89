"""Interval sets for service windows and outages: tuples of half-open spans of integer UTC
microseconds, kept *normal* (sorted, non-empty, none touching or overlapping another), so
lengths add up exactly and a window and its complement always fill the period.

A thin, hashable face on the kernel: the arithmetic is `slaclock._kernel.intervals` and the
datetime bridge is `slaclock._kernel.instants`, both written once for the whole library.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo

from .._kernel import intervals as _kernel
from .._kernel.instants import from_us as _from_us
from .._kernel.instants import to_us as _to_us

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


def to_us(value: datetime) -> int:
    """An aware instant as integer microseconds since the epoch (exact, no floats)."""
    return _to_us(value, "instant")


def from_us(us: int, zone: tzinfo = UTC) -> datetime:
    """The instant `us` microseconds after the epoch, in `zone`."""
    return _from_us(us, zone)


def normalise(spans: Iterable[Interval]) -> Intervals:
    """Sort, drop empty spans and merge overlapping or touching ones."""
    return tuple(_kernel.normalize(spans))


def union(*sets: Sequence[Interval]) -> Intervals:
    """Every instant in any of the sets."""
    return tuple(_kernel.union(*sets))


def intersect(left: Sequence[Interval], right: Sequence[Interval]) -> Intervals:
    """Every instant in both (normal) sets."""
    return tuple(_kernel.intersect(left, right))


def complement(spans: Sequence[Interval], within: Interval) -> Intervals:
    """The instants of `within` that are in none of `spans` (any order, overlaps allowed)."""
    return tuple(_kernel.subtract([within], _kernel.normalize(spans)))


def length(spans: Iterable[Interval]) -> int:
    """The total length in microseconds."""
    return _kernel.total(spans)
