"""A slow, obviously correct reference model of `BusinessCalendar`.

Nothing here imports the engine's helpers (`_intervals`, `_clocktime`, `_Engine`): the model
reads a calendar's public fields (zone, weekly hours, holidays, closed dates, closures,
openings, combine mode and parts) and recomputes everything with plain `datetime` arithmetic
on aware UTC datetimes, walking local calendar days one at a time:

1. each local day contributes the intervals of its weekday's hours, resolved with zoneinfo
   (a wall time in a DST gap shifts forward by the gap; one in a fold takes the earlier or
   later instant as ``on_fold`` says), unless the day is a holiday or a closed date: a closed
   date removes the intervals that *start* on it (so a night shift starting on it), not the
   tail of the previous day's night shift;
2. a union or intersection combines its parts' intervals instead (a complement is open
   wherever its one part is not), and its own holidays and closed dates remove the whole
   local day, 00:00 to 24:00;
3. closures subtract their wall-clock span on each date they apply to (a closure over a
   range shuts from its start on its first date to its end on its last);
4. extra openings add their intervals, winning over everything else;
5. a date that no instant has as its wall-clock date (Pacific/Apia skipped 30 December 2011)
   contributes nothing: its hours, closures and openings are lost, not moved.

Queries then walk the resulting intervals one by one. Every instant the model computes with
or returns is in UTC. The model is exact for any window: it
looks at three spare local days on either side, more than any interval can reach.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr

from slaclock import BusinessCalendar, Closure

Run = tuple[datetime, datetime]

ONE_DAY = timedelta(days=1)
MARGIN = timedelta(days=3)
WINDOW = timedelta(days=21)
#: How far the model walks before it gives up (the engine gives up after 10 empty years).
HORIZON = timedelta(days=366 * 12)
TINY = timedelta(microseconds=1)


class OracleError(Exception):
    """The model found no answer (no open time within its horizon, or a boundary to raise on)."""


# --------------------------------------------------------------------------- wall time


def wall_instant(day: date, seconds: int, zone: ZoneInfo, on_gap: str, on_fold: str) -> datetime:
    """The UTC instant of local `day` + `seconds` (which may run past midnight) in `zone`."""
    naive = datetime.combine(day, time()) + timedelta(seconds=seconds)
    first = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    second = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    if first == second:
        return first
    happens = [u for u in (first, second) if u.astimezone(zone).replace(tzinfo=None) == naive]
    if len(happens) == 2:  # a fold: the wall time happens twice
        if on_fold == "raise":
            raise OracleError(f"{naive} happens twice in {zone}")
        return min(happens) if on_fold == "earlier" else max(happens)
    assert not happens, f"{naive} in {zone} is neither plain, a gap nor a fold"
    # A gap: the wall time never happens. Move it forward by the gap's length, which lands
    # after the transition where the wall time exists once.
    if on_gap == "raise":
        raise OracleError(f"{naive} does not exist in {zone}")
    gap = abs(first - second)
    shifted = (naive + gap).replace(tzinfo=zone)
    assert shifted.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive + gap
    return shifted.astimezone(UTC)


@cache
def date_exists(day: date, zone: ZoneInfo) -> bool:
    """Whether any instant shows `day` on the wall clock: every quarter hour from a day
    before to a day after, looked at one by one."""
    lo = datetime.combine(day - ONE_DAY, time(), UTC)
    return any(
        (lo + timedelta(minutes=15 * i)).astimezone(zone).date() == day for i in range(4 * 24 * 3)
    )


def utc(t: datetime) -> datetime:
    """The instant in UTC. Arithmetic and comparisons of two datetimes in the same zone work
    on wall time and ignore `fold`, so the model never does either outside UTC."""
    return t.astimezone(UTC)


def local_day(t: datetime, zone: ZoneInfo) -> date:
    return t.astimezone(zone).date()


def days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


# --------------------------------------------------------------------------- interval lists


def merge(runs: list[Run]) -> list[Run]:
    """Sorted, non-empty, with overlapping or touching runs joined."""
    out: list[Run] = []
    for start, end in sorted(r for r in runs if r[0] < r[1]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def cut(runs: list[Run], holes: list[Run]) -> list[Run]:
    """The parts of `runs` outside every hole."""
    out = list(runs)
    for h0, h1 in holes:
        if h0 >= h1:
            continue
        kept: list[Run] = []
        for r0, r1 in out:
            if r1 <= h0 or h1 <= r0:
                kept.append((r0, r1))
                continue
            if r0 < h0:
                kept.append((r0, h0))
            if h1 < r1:
                kept.append((h1, r1))
        out = kept
    return merge(out)


def overlap(a: list[Run], b: list[Run]) -> list[Run]:
    """The instants in both lists."""
    return merge([(max(a0, b0), min(a1, b1)) for a0, a1 in a for b0, b1 in b])


def clip(runs: list[Run], lo: datetime, hi: datetime) -> list[Run]:
    return merge([(max(r0, lo), min(r1, hi)) for r0, r1 in runs])


# --------------------------------------------------------------------------- rules

#: Recurrence rules the strategies use, each with an obvious predicate on dates.
RULE_PREDICATES: dict[str, Callable[[date], bool]] = {
    "FREQ=MONTHLY;BYDAY=1SA": lambda d: d.weekday() == 5 and d.day <= 7,
    "FREQ=MONTHLY;BYDAY=-1FR": lambda d: d.weekday() == 4 and (d + timedelta(7)).month != d.month,
    "FREQ=WEEKLY;BYDAY=WE": lambda d: d.weekday() == 2,
    "FREQ=WEEKLY;BYDAY=SA,SU": lambda d: d.weekday() >= 5,
    "FREQ=MONTHLY;BYMONTHDAY=15": lambda d: d.day == 15,
    "FREQ=MONTHLY;BYMONTHDAY=1": lambda d: d.day == 1,
    "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24": lambda d: (d.month, d.day) == (12, 24),
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=31": lambda d: (d.month, d.day) == (3, 31),
    "FREQ=DAILY": lambda d: True,
}


@cache
def _rule_dates(text: str, anchor: date | None, year: int) -> frozenset[date]:
    # Only for rules outside RULE_PREDICATES (hand-written example tests).
    start = anchor or date(1900, 1, 1)
    rule = rrulestr(text, dtstart=datetime.combine(start, time()))
    lo = datetime(year, 1, 1)  # noqa: DTZ001
    hi = datetime(year, 12, 31, 23, 59, 59)  # noqa: DTZ001
    return frozenset(d.date() for d in rule.between(lo, hi, inc=True))


def closure_applies(closure: Closure, day: date) -> bool:
    if closure.date is not None:
        return closure.date == day
    assert closure.rrule is not None
    predicate = RULE_PREDICATES.get(closure.rrule)
    if predicate is not None:
        # A rule starts at its anchor (when it has one) and has no dates before it.
        return predicate(day) and (closure.anchor is None or closure.anchor <= day)
    return day in _rule_dates(closure.rrule, closure.anchor, day.year)


def closure_spans(closure: Closure, day: date) -> list[tuple[int, int]]:
    """The wall-clock seconds a closure shuts on `day`: a range closure shuts every day
    from its first to its last, from its start on the first and until its end on the last."""
    if closure.until is None:
        return [(closure.start, closure.end)] if closure_applies(closure, day) else []
    assert closure.date is not None
    if not closure.date <= day <= closure.until:
        return []
    start = closure.start if day == closure.date else 0
    return [(start, closure.end if day == closure.until else 24 * 3600)]


@cache
def holiday_dates(
    country: str, subdiv: str | None, categories: tuple[str, ...], year: int
) -> frozenset[date]:
    table = holidays.country_holidays(
        country, subdiv=subdiv, categories=categories or None, years=year
    )
    return frozenset(table)


def closed_days(cal: BusinessCalendar, first: date, last: date) -> set[date]:
    closed = {d for d in cal.closed_dates if first <= d <= last}
    if cal.holidays is not None:
        region = cal.holidays
        for year in range(first.year, last.year + 1):
            closed |= {
                d
                for d in holiday_dates(region.country, region.subdiv, region.categories, year)
                if first <= d <= last
            }
    return closed


# --------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class Oracle:
    """The reference answers for one calendar."""

    cal: BusinessCalendar

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.cal.timezone)

    def _wall(self, day: date, seconds: int) -> datetime:
        return wall_instant(day, seconds, self.zone, self.cal.on_gap, self.cal.on_fold)

    def _own_day(self, day: date) -> list[Run]:
        """The intervals the weekly hours give a local date."""
        if not date_exists(day, self.zone):
            return []
        return merge(
            [
                (self._wall(day, s), self._wall(day, e))
                for s, e in self.cal.hours.days[day.weekday()]
            ]
        )

    def _opening_day(self, day: date) -> list[Run]:
        if not date_exists(day, self.zone):
            return []
        return merge(
            [
                (self._wall(day, s), self._wall(day, e))
                for opening in self.cal.openings
                if opening.date == day
                for s, e in opening.hours
            ]
        )

    def runs(self, lo: datetime, hi: datetime) -> list[Run]:
        """Every open interval inside ``[lo, hi)``, clipped to it."""
        cal = self.cal
        lo, hi = utc(lo), utc(hi)
        first = local_day(lo, self.zone) - MARGIN
        last = local_day(hi, self.zone) + MARGIN
        days = list(days_between(first, last))
        closed = closed_days(cal, first, last)
        if cal.mode == "own":
            base = merge([r for day in days if day not in closed for r in self._own_day(day)])
        else:
            pieces = [Oracle(part).runs(lo - MARGIN, hi + MARGIN) for part in cal.parts]
            base = pieces[0]
            if cal.mode == "complement":
                # Open exactly where the part is not, inside the window the part was asked about.
                base = cut([(lo - MARGIN, hi + MARGIN)], base)
            for piece in pieces[1:]:
                base = merge(base + piece) if cal.mode == "union" else overlap(base, piece)
            base = cut(base, [(self._wall(d, 0), self._wall(d + ONE_DAY, 0)) for d in closed])
        holes = [
            (self._wall(day, start), self._wall(day, end))
            for day in days
            if date_exists(day, self.zone)
            for c in cal.closures
            for start, end in closure_spans(c, day)
        ]
        base = cut(base, holes)
        base = merge(base + [r for day in days for r in self._opening_day(day)])
        return clip(base, lo, hi)

    # ------------------------------------------------------------------ walking

    def after(self, start: datetime) -> Iterator[Run]:
        """Open time from `start` on, in order, window by window (a run that spans two
        windows comes in two pieces)."""
        start = lo = utc(start)
        while lo - start < HORIZON:
            yield from self.runs(lo, lo + WINDOW)
            lo += WINDOW
        raise OracleError(f"no open time within {HORIZON} after {start}")

    def before(self, end: datetime) -> Iterator[Run]:
        """Open time before `end`, latest first, window by window."""
        end = hi = utc(end)
        while end - hi < HORIZON:
            yield from reversed(self.runs(hi - WINDOW, hi))
            hi -= WINDOW
        raise OracleError(f"no open time within {HORIZON} before {end}")

    def whole_run(self, t: datetime) -> Run:
        """The open run containing `t`, or the next one, from its (clipped) start to its end."""
        pieces = self.after(t)
        start, end = next(pieces)
        for r0, r1 in pieces:
            if r0 != end:
                break
            end = r1
        return start, end

    # ------------------------------------------------------------------ answers

    def is_open(self, t: datetime) -> bool:
        t = utc(t)
        return any(r0 <= t < r1 for r0, r1 in self.runs(t - ONE_DAY, t + ONE_DAY))

    def elapsed(self, a: datetime, b: datetime) -> timedelta:
        a, b = utc(a), utc(b)
        if b < a:
            return -self.elapsed(b, a)
        return sum((r1 - r0 for r0, r1 in self.runs(a, b)), timedelta())

    def add(self, start: datetime, duration: timedelta) -> datetime:
        if duration < timedelta():
            return self.subtract(start, -duration)
        if duration == timedelta():
            return utc(start)
        left = duration
        for r0, r1 in self.after(start):
            if left <= r1 - r0:
                return r0 + left
            left -= r1 - r0
        raise AssertionError("unreachable")  # pragma: no cover

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        if duration < timedelta():
            return self.add(end, -duration)
        if duration == timedelta():
            return utc(end)
        left = duration
        for r0, r1 in self.before(end):
            if left <= r1 - r0:
                return r1 - left
            left -= r1 - r0
        raise AssertionError("unreachable")  # pragma: no cover

    def next_open(self, t: datetime) -> datetime:
        return next(self.after(t))[0]

    def next_close(self, t: datetime) -> datetime:
        return self.whole_run(t)[1]

    # ------------------------------------------------------------------ business days

    def day_runs(self, day: date) -> list[Run]:
        """The open time that belongs to a local date: for own hours, what the date's own
        weekly hours and openings still give after every exception; for a union or
        intersection, the open time between its local midnights."""
        midnight = wall_instant(day, 0, self.zone, "shift", "earlier")
        following = wall_instant(day + ONE_DAY, 0, self.zone, "shift", "earlier")
        if self.cal.mode != "own":
            return self.runs(midnight, following)
        mine = self._opening_day(day)
        if day not in closed_days(self.cal, day, day):
            mine = merge(mine + self._own_day(day))
        if not mine:
            return []
        everything = self.runs(min(midnight, mine[0][0]), max(following, mine[-1][1]))
        return overlap(everything, mine)

    def is_business_day(self, day: date) -> bool:
        return bool(self.day_runs(day))

    def day_of(self, t: datetime) -> date:
        """The business day an open instant belongs to (a night shift's start day)."""
        t = utc(t)
        day = local_day(t, self.zone)
        for candidate in (day, day - ONE_DAY):
            if any(r0 <= t < r1 for r0, r1 in self.day_runs(candidate)):
                return candidate
        raise AssertionError(f"{t} belongs to no business day")

    def step(self, day: date, count: int) -> date:
        while count > 0:
            day += ONE_DAY
            if self.is_business_day(day):
                count -= 1
        return day

    def add_business_days(self, start: datetime, days: int) -> datetime:
        t = self.next_open(start)
        if days == 0:
            return t
        day = self.day_of(t)
        wall = t.astimezone(self.zone).replace(tzinfo=None) - datetime.combine(day, time())
        target = self.step(day, days)
        whole = wall - timedelta(microseconds=wall.microseconds)
        result = self._wall(target, int(whole.total_seconds())) + (wall - whole)
        spans = self.day_runs(target)
        return min(max(result, spans[0][0]), spans[-1][1])

    def close_of_business_day(self, at: datetime, days: int) -> datetime:
        day = self.day_of(self.next_open(at))
        return self.day_runs(self.step(day, days))[-1][1]
