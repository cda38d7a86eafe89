"""Choosing the calendar engine's path in tests: the window of joined years or the per-year
tables, by the most years one window may join."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from slaclock.calendar import engine as calendar_module


@contextmanager
def window_years(limit: int) -> Iterator[None]:
    """Within the block, windows join at most `limit` years (0: always the per-year path)."""
    saved = calendar_module.WINDOW_YEARS
    calendar_module.WINDOW_YEARS = limit
    try:
        yield
    finally:
        calendar_module.WINDOW_YEARS = saved
