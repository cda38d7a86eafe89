"""Half-open ``[start, end)`` interval arithmetic on integers (UTC microseconds).

An interval list here is always *normal*: sorted, each interval non-empty, and no two
intervals overlapping or touching (touching ones are merged). No time zones live here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Span = tuple[int, int]

__all__ = ["Span", "clip", "intersect", "normalize", "subtract", "total", "union"]


def normalize(spans: Iterable[Span]) -> list[Span]:
    """Sort, drop empty spans, and merge overlapping or touching ones.

    >>> normalize([(5, 7), (1, 3), (3, 4), (6, 9), (10, 10)])
    [(1, 4), (5, 9)]
    """
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def union(*lists: Sequence[Span]) -> list[Span]:
    """The union of normal interval lists.

    >>> union([(1, 3)], [(2, 5), (7, 8)])
    [(1, 5), (7, 8)]
    """
    return normalize(span for spans in lists for span in spans)


def intersect(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The intersection of two normal interval lists.

    >>> intersect([(1, 5), (7, 9)], [(4, 8)])
    [(4, 5), (7, 8)]
    """
    out: list[Span] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Sequence[Span], b: Sequence[Span]) -> list[Span]:
    """The parts of ``a`` not covered by ``b`` (both normal).

    >>> subtract([(1, 10)], [(2, 3), (5, 6), (9, 12)])
    [(1, 2), (3, 5), (6, 9)]
    """
    out: list[Span] = []
    j = 0
    for start, end in a:
        cur = start
        while j < len(b) and b[j][1] <= cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cur:
                out.append((cur, b[k][0]))
            cur = max(cur, b[k][1])
            if cur >= end:
                break
            k += 1
        if cur < end:
            out.append((cur, end))
    return out


def clip(spans: Sequence[Span], lo: int, hi: int) -> list[Span]:
    """The parts of a normal list inside ``[lo, hi)``.

    >>> clip([(1, 4), (6, 9)], 2, 7)
    [(2, 4), (6, 7)]
    """
    return [(max(s, lo), min(e, hi)) for s, e in spans if e > lo and s < hi]


def total(spans: Iterable[Span]) -> int:
    """The summed length of the spans.

    >>> total([(1, 4), (6, 9)])
    6
    """
    return sum(e - s for s, e in spans)
