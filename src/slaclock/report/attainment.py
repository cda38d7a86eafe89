"""Attainment as exact counts: how many of a metric's decided tickets met their target."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

__all__ = ["Attainment"]


@dataclass(frozen=True, slots=True)
class Attainment:
    """`met` of `decided` tickets, under a report's rule for open tickets.

    >>> Attainment(met=37, decided=40).level, Attainment(37, 40).breached
    (Fraction(37, 40), 3)
    """

    met: int
    decided: int

    @property
    def breached(self) -> int:
        """Decided and not met: the breaches."""
        return self.decided - self.met

    @property
    def level(self) -> Fraction | None:
        """met ÷ decided, exact; None when nothing was decided (nothing to measure)."""
        return None if self.decided == 0 else Fraction(self.met, self.decided)
