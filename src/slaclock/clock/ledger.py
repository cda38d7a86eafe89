"""The ledger: every period of every cycle of a metric, with whether it counted and why, so a
support lead can defend a deadline with it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from .._kernel.instants import from_us
from .._typing import LedgerKind
from ..budgets import format_timedelta
from ..calendar import BusinessCalendar
from ..calendar.engine import Engine
from ..calendar.reasons import closed_reason
from .measure import Measure
from .wait import Waiting

__all__ = ["LedgerEntry", "dt", "iso", "ledger_rows", "seconds"]


def dt(us: int | None, zone: tzinfo) -> datetime | None:
    return None if us is None else from_us(us, zone)


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def seconds(us: int) -> float:
    return us / 1_000_000


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """One line of a metric's explanation: a period or a moment, and why it counted or not."""

    start: datetime
    end: datetime | None
    kind: LedgerKind
    business_seconds: float
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "start": self.start.isoformat(),
            "end": iso(self.end),
            "kind": self.kind,
            "business_seconds": self.business_seconds,
            "reason": self.reason,
        }


def ledger_rows(
    measures: list[Measure], marks: list[tuple[int, str]], now: int, zone: tzinfo
) -> Iterator[LedgerEntry]:
    rows: list[tuple[int, int, LedgerEntry]] = []
    for m in measures:
        cycle = m.cycle
        calendar = m.target.calendar
        engine = calendar.engine
        waiting = m.engine if isinstance(m.engine, Waiting) else None
        runs, holds = m.runs, m.holds  # extended to `now` by the measure
        label = m.target.metric.replace("_", " ")
        if len(measures) > 1:
            label += f" (cycle {cycle.number})"
        rows.append(
            (
                cycle.start,
                0,
                LedgerEntry(
                    from_us(cycle.start, zone),
                    None,
                    "event",
                    0.0,
                    f"{label} started ({m.target.describe()})",
                ),
            )
        )
        for a, b in runs:
            if waiting is not None and a < waiting.begins:
                cut = min(b, waiting.begins)
                rows.append(
                    (
                        a,
                        1,
                        LedgerEntry(
                            from_us(a, zone), from_us(cut, zone), "closed", 0.0, _waiting(m)
                        ),
                    )
                )
                if b <= cut:
                    continue
                a = cut
            for kind, s, e, secs, why in _split(engine, calendar, a, b):
                rows.append(
                    (s, 1, LedgerEntry(from_us(s, zone), from_us(e, zone), kind, secs, why))
                )
        for a, b, why in holds:
            secs = seconds(m.engine.elapsed(a, b))
            rows.append(
                (
                    a,
                    1,
                    LedgerEntry(
                        from_us(a, zone),
                        from_us(b, zone),
                        "paused",
                        secs,
                        f"{why}: {format_timedelta(timedelta(seconds=secs))} of business"
                        " time not counted",
                    ),
                )
            )
        for a, b in m.moves:
            rows.append(
                (
                    b,
                    1,
                    LedgerEntry(
                        from_us(b, zone),
                        None,
                        "event",
                        0.0,
                        f"{label}: deadline moved"
                        f" {format_timedelta(timedelta(microseconds=b - a))} later, the"
                        f" wall-clock length of the pause (pause_accounting: {m.accounting})",
                    ),
                )
            )
        if m.breached_at is not None:
            rows.append(
                (
                    m.breached_at,
                    2,
                    LedgerEntry(
                        from_us(m.breached_at, zone),
                        None,
                        "event",
                        0.0,
                        f"{label} breached: budget used up",
                    ),
                )
            )
        if cycle.end is not None:
            rows.append(
                (
                    cycle.end,
                    3,
                    LedgerEntry(
                        from_us(cycle.end, zone), None, "event", 0.0, f"{label} {cycle.outcome}"
                    ),
                )
            )
    first = measures[0].cycle.start if measures else now
    for t, text in marks:
        if first <= t <= now and not text.startswith("ticket created"):
            rows.append((t, 2, LedgerEntry(from_us(t, zone), None, "event", 0.0, text)))
    rows.sort(key=lambda r: (r[0], r[1]))
    for _, _, entry in rows:
        yield entry


def _waiting(m: Measure) -> str:
    """Why a target with a wait (``after``) did not count yet."""
    target = m.target
    wait = format_timedelta(target.after or timedelta(0))
    return (
        f"waiting: {target.metric.replace('_', ' ')} counts from the first open instant of"
        f" calendar {target.after_calendar_name!r} after {wait} of its open time (after)"
    )


#: A counted stretch longer than this is shown in detail for `_DETAIL` at each end only, with
#: the open time in between in one row, so that a ledger grows with the ticket's events, not
#: with the days it stays open.
_LONG = 21 * 86_400_000_000
_DETAIL = 7 * 86_400_000_000
_DAY = 86_400_000_000

_Row = tuple[Literal["counted", "closed"], int, int, float, str]


def _split(engine: Engine, calendar: BusinessCalendar, a: int, b: int) -> Iterator[_Row]:
    """The rows of a counted stretch ``[a, b)``: its open periods and the closed ones between
    them; for a stretch over `_LONG`, the first and last `_DETAIL` of them and one row for
    the open time in between."""
    if b - a <= _LONG:
        yield from _detail(engine, calendar, a, b)
        return
    # The detailed ends stop at whole open periods, so the middle row starts at a closing
    # and ends at an opening.
    head = [span for span in engine.spans(a, a + _DETAIL) if span[1] < a + _DETAIL]
    tail = [span for span in engine.spans(b - _DETAIL, b) if span[0] > b - _DETAIL]
    middle_start = head[-1][1] if head else a
    middle_end = tail[0][0] if tail else b
    yield from _detail(engine, calendar, a, middle_start)
    counted = engine.elapsed(middle_start, middle_end)
    days = (middle_end - middle_start) // _DAY
    if counted == middle_end - middle_start:
        why = "open hours"
    else:
        hours = format_timedelta(timedelta(microseconds=counted))
        why = (
            f"open hours over {days:,} days, {hours} counted; the closed time in between"
            " (nights, weekends, holidays) not counted"
        )
    yield "counted", middle_start, middle_end, seconds(counted), why
    yield from _detail(engine, calendar, middle_end, b)


def _detail(engine: Engine, calendar: BusinessCalendar, a: int, b: int) -> Iterator[_Row]:
    cursor = a
    for s, e in engine.spans(a, b):
        if s > cursor:
            yield "closed", cursor, s, 0.0, closed_reason(calendar, cursor, s)
        yield "counted", s, e, seconds(e - s), "open hours"
        cursor = e
    if cursor < b:
        yield "closed", cursor, b, 0.0, closed_reason(calendar, cursor, b)
