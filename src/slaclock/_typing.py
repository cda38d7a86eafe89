"""Literal aliases shared by signatures."""

from __future__ import annotations

from typing import Literal, TypeAlias

OnGap: TypeAlias = Literal["shift", "raise"]
"""What a working-hours boundary that falls in a DST gap does: shift forward or raise."""

OnFold: TypeAlias = Literal["earlier", "later", "raise"]
"""What a working-hours boundary that falls in a DST fold does."""

CombineMode: TypeAlias = Literal["own", "union", "intersection"]
