"""Hypothesis strategies: random business calendars, and instants and durations to ask them.

Random calendars are small (a few intervals a day) in zones with DST and historic rule
changes, with lunch breaks, night shifts, partial closures, closed dates, openings, unions
and intersections across zones. Their exceptions cluster around an `anchor` date, and the
instants drawn for a calendar cluster around that date, the zones' DST transitions, UTC new
year (where the engine splits its tables) and the hours' own boundaries, so that the odd
cases come up often. One scenario in four is drawn in "edges" mode (`on_edges`): its instants
sit on the calendar's own openings and closings and its durations run out exactly on one.

Building a calendar's interval tables costs more than the tests themselves, so three in four
cases come from a pool of calendars built once from fixed seeds (with the same builders,
driven by `random.Random` instead of Hypothesis), whose tables stay warm for the whole run;
and equal calendars share one instance (calendars are immutable and hashable).
"""

from __future__ import annotations

import random
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from calendar_oracle import RULE_PREDICATES, wall_instant
from hypothesis import assume
from hypothesis import strategies as st

from slaclock import (
    BusinessCalendar,
    CalendarError,
    Closure,
    HolidayRegion,
    Opening,
    WorkingHours,
)

T = TypeVar("T")
H = 3600
DAY_S = 86_400
US = timedelta(microseconds=1)

#: Zones with DST, historic rule changes, odd offsets, DST at midnight, 30-minute DST.
ZONES = (
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "America/Sao_Paulo",  # DST at midnight until 2019, none since
    "Asia/Tehran",  # DST at midnight until 2022, none since
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",  # +12:45/+13:45, transitions at 02:45
    "Asia/Kolkata",
)

FIRST_YEAR = 2019
LAST_YEAR = 2031
LO = datetime(FIRST_YEAR, 1, 1, tzinfo=UTC)
HI = datetime(LAST_YEAR + 1, 1, 1, tzinfo=UTC)

#: Wall times at which DST transitions happen somewhere in ZONES, and midnight.
INTERESTING_TIMES = (
    0,
    30 * 60,
    H,
    H + 30 * 60,
    2 * H - 1,
    2 * H,
    2 * H + 15 * 60,
    2 * H + 30 * 60,
    2 * H + 45 * 60,
    3 * H,
    3 * H + 45 * 60,
    4 * H,
    23 * H,
    23 * H + 30 * 60,
)
LENGTHS = (15 * 60, 30 * 60, H, 2 * H, 3 * H, 4 * H, 8 * H, 12 * H)
RULES = tuple(sorted(RULE_PREDICATES))

#: Holiday regions whose data covers every year the tests reach (no HolidayDataWarning).
REGIONS = (
    ("Europe/Berlin", HolidayRegion("DE", "BE")),
    ("America/New_York", HolidayRegion("US", "NY")),
    ("Australia/Sydney", HolidayRegion("AU", "NSW")),
    ("America/Sao_Paulo", HolidayRegion("BR")),
    ("Pacific/Chatham", HolidayRegion("NZ")),
)

PRESET_HOURS = (
    WorkingHours.weekdays("09:00", "17:00"),
    WorkingHours.always(),
    WorkingHours.parse({"mon-fri": ["22:00-06:00"]}),
    WorkingHours.parse({"mon-fri": ["09:00-12:30", "13:30-17:30"], "sat": ["10:00-14:00"]}),
    WorkingHours.parse({"daily": ["01:00-03:30"]}),
    WorkingHours.parse({"mon": ["18:00-24:00"], "tue": ["00:00-06:00", "20:00-02:30"]}),
    WorkingHours.parse({"sun": ["23:00-07:00"], "mon-fri": ["08:00-20:00"]}),
    WorkingHours.parse({"daily": ["02:00-02:30", "23:30-00:15"]}),
)
BROAD_HOURS = (WorkingHours.always(), WorkingHours.parse({"daily": ["06:00-22:00"]}))


# --------------------------------------------------------------------------- shared caches

_CALENDARS: dict[BusinessCalendar, BusinessCalendar] = {}


def shared(cal: BusinessCalendar) -> BusinessCalendar:
    """The cached instance equal to `cal` (whose interval tables may already be built)."""
    if len(_CALENDARS) > 5000:
        _CALENDARS.clear()
    return _CALENDARS.setdefault(cal, cal)


@cache
def zone_transitions(key: str) -> list[datetime]:
    """The UTC instants in 2018–2032 at which zone `key` changes its UTC offset."""
    zone = ZoneInfo(key)

    def offset(t: datetime) -> timedelta | None:
        return t.astimezone(zone).utcoffset()

    out: list[datetime] = []
    t = datetime(FIRST_YEAR - 1, 1, 1, tzinfo=UTC)
    step = timedelta(days=1)
    while t < datetime(LAST_YEAR + 2, 1, 1, tzinfo=UTC):
        if offset(t) != offset(t + step):
            lo, hi = 0, DAY_S  # seconds after t: the offset differs at hi, not at lo
            while hi - lo > 1:
                mid = (lo + hi) // 2
                lo, hi = (mid, hi) if offset(t + timedelta(seconds=mid)) == offset(t) else (lo, mid)
            out.append(t + timedelta(seconds=hi))
        t += step
    return out


@cache
def transitions(zones: tuple[str, ...]) -> list[datetime]:
    """The UTC instants in 2018–2032 at which one of `zones` changes its UTC offset."""
    return sorted(t for key in zones for t in zone_transitions(key))


# --------------------------------------------------------------------------- sources


class Source(Protocol):
    """Where the builders get their choices: Hypothesis (shrinkable) or a seeded RNG."""

    def integer(self, lo: int, hi: int) -> int: ...


@dataclass(frozen=True)
class Drawn:
    draw: st.DrawFn

    def integer(self, lo: int, hi: int) -> int:
        return self.draw(st.integers(lo, hi))


@dataclass(frozen=True)
class Seeded:
    rng: random.Random

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


def pick(src: Source, items: Sequence[T]) -> T:
    """One of `items`; Hypothesis shrinks towards the first."""
    return items[src.integer(0, len(items) - 1)]


def chance(src: Source, one_in: int) -> bool:
    return src.integer(0, one_in - 1) == 0


# --------------------------------------------------------------------------- calendars


def wall_time(src: Source) -> int:
    """A wall time: one where some zone changes offset, a quarter hour, or any second."""
    kind = src.integer(0, 2)
    if kind == 0:
        return pick(src, INTERESTING_TIMES)
    if kind == 1:
        return src.integer(0, 95) * 900
    return src.integer(0, DAY_S - 1)


def length(src: Source) -> int:
    return pick(src, LENGTHS) if src.integer(0, 1) else src.integer(1, 16 * H)


def day_pattern(src: Source) -> tuple[list[tuple[int, int]], int]:
    """Up to three disjoint intervals in a day (split shifts, lunch breaks), and how far the
    last one should run past midnight (0: not at all, -1: up to the next day's opening)."""
    spans: list[tuple[int, int]] = []
    t = wall_time(src)
    for _ in range(pick(src, (1, 1, 2, 2, 3, 0))):
        end = min(t + length(src), DAY_S)
        spans.append((t, end))
        t = end + length(src)
        if t >= DAY_S:
            break
    return spans, pick(src, (0, 0, 0, H, 6 * H, DAY_S, -1))


def working_hours(src: Source) -> WorkingHours:
    """A preset, or two random day patterns spread over the week, some running past
    midnight (night shifts)."""
    if src.integer(0, 1):
        return pick(src, PRESET_HOURS)
    patterns = [day_pattern(src), day_pattern(src)]
    mask = src.integer(0, 127)
    chosen = [patterns[(mask >> weekday) & 1] for weekday in range(7)]
    days = [list(spans) for spans, _ in chosen]
    if not any(days):
        days[mask % 7] = [(9 * H, 17 * H)]
    for weekday, (_, past) in enumerate(chosen):
        # A night shift: the day's last interval runs past midnight, at most up to the next
        # day's first opening (touching it is fine) and at most 24 hours long.
        spans = days[weekday]
        if not spans or not past:
            continue
        start, _ = spans[-1]
        following = days[(weekday + 1) % 7]
        limit = min(following[0][0] if following else DAY_S, start)
        if limit >= 1:
            spans[-1] = (start, DAY_S + (limit if past < 0 else min(past, limit)))
    return WorkingHours(tuple(tuple(d) for d in days))


def wall_span(src: Source) -> tuple[int, int]:
    """A (start, end) wall span of at most a day, often the whole day; an end at or before
    the start runs past midnight."""
    if src.integer(0, 1):
        return 0, DAY_S
    start, end = wall_time(src), wall_time(src)
    return start, end + DAY_S if end <= start else end


def exceptions(
    src: Source, anchor: date, most: int
) -> tuple[frozenset[date], tuple[Closure, ...], tuple[Opening, ...]]:
    """Up to `most` closed dates, closures and openings near `anchor` (recurring closures
    anywhere)."""

    def near() -> date:
        return anchor + timedelta(days=src.integer(-4, 30))

    closed = frozenset(near() for _ in range(src.integer(0, most)))
    shut = []
    for _ in range(src.integer(0, most)):
        start, end = wall_span(src)
        if chance(src, 4):
            rule = pick(src, RULES)
            if rule == "FREQ=DAILY":
                end = min(end, start + 4 * H)
            # Mostly anchored a while before `anchor`: without an anchor the engine expands
            # a rule from 1900 on every table build, which is slow (FREQ=DAILY most of all).
            since = None
            if rule == "FREQ=DAILY" or not chance(src, 4):
                since = anchor - timedelta(days=src.integer(0, 120))
            shut.append(Closure(rrule=rule, start=start, end=end, anchor=since))
        elif chance(src, 4):
            # Over a range: from a wall time on one date to a wall time on a later one.
            first = near()
            last = first + timedelta(days=src.integer(1, 4))
            stop = pick(src, (DAY_S, wall_time(src) or DAY_S))
            shut.append(Closure(date=first, start=start, until=last, end=stop))
        else:
            shut.append(Closure(date=near(), start=start, end=end))
    extra = tuple(Opening(near(), (wall_span(src),)) for _ in range(src.integer(0, most)))
    return closed, tuple(shut), extra


def own_calendar(src: Source, anchor: date, *, most: int = 2) -> BusinessCalendar:
    hours = working_hours(src)
    zone, region = pick(src, ZONES), None
    if chance(src, 10):
        zone, region = pick(src, REGIONS)
    closed, shut, extra = exceptions(src, anchor, most)
    fold = pick(src, ("earlier", "earlier", "earlier", "later"))
    return shared(
        BusinessCalendar(
            zone,
            hours,
            holidays=region,
            closed_dates=closed,
            closures=shut,
            openings=extra,
            on_fold=fold,  # type: ignore[arg-type]
        )
    )


def combined_calendar(src: Source, anchor: date) -> BusinessCalendar | None:
    """A union or intersection of two or three calendars, or the complement of one (None
    when an intersection or a complement is rejected as never open)."""
    mode = pick(src, ("union", "intersection", "complement"))
    parts = [own_calendar(src, anchor, most=pick(src, (0, 1)))]
    if mode == "intersection" and src.integer(0, 1):
        # Broad hours in some zone, so that the parts usually overlap.
        parts.append(shared(BusinessCalendar(pick(src, ZONES), pick(src, BROAD_HOURS))))
    elif mode != "complement":  # a complement has one part
        parts.append(own_calendar(src, anchor, most=pick(src, (0, 1))))
    if mode != "complement" and chance(src, 4):
        parts.append(own_calendar(src, anchor, most=0))
    closed, shut, extra = exceptions(src, anchor, pick(src, (0, 1)))
    try:
        return shared(
            BusinessCalendar(
                pick(src, ZONES),
                mode=mode,  # type: ignore[arg-type]
                parts=tuple(parts),
                closed_dates=closed,
                closures=shut,
                openings=extra,
            )
        )
    except CalendarError:
        return None


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    """A calendar, the date its exceptions cluster around, and the largest duration worth
    asking it about."""

    cal: BusinessCalendar
    anchor: date
    max_duration: timedelta

    @property
    def zones(self) -> tuple[str, ...]:
        return tuple(sorted({c.timezone for c in _leaves(self.cal)} | {self.cal.timezone}))

    @property
    def boundaries(self) -> tuple[tuple[str, int], ...]:
        """Wall times at which some part of the calendar opens or closes, with their zones."""
        out = {
            (c.timezone, t) for c in _leaves(self.cal) for d in c.hours.days for s in d for t in s
        }
        return tuple(sorted(out | {(self.cal.timezone, 0)}))

    def transitions(self) -> list[datetime]:
        """The DST transitions of the case's zones within half a year of its anchor."""
        moments = transitions(self.zones)
        middle = datetime.combine(self.anchor, time(), UTC)
        lo = bisect_left(moments, middle - timedelta(days=183))
        return moments[lo : bisect_right(moments, middle + timedelta(days=183))]


def _leaves(cal: BusinessCalendar) -> list[BusinessCalendar]:
    return [cal] if cal.mode == "own" else [c for p in cal.parts for c in _leaves(p)]


def make_case(src: Source, combined: bool = True) -> Case | None:
    """A random calendar around a random anchor date, or None when it is unusable (never
    open near its anchor, or an intersection rejected as never open)."""
    anchor = date(FIRST_YEAR, 1, 1) + timedelta(days=src.integer(0, (HI - LO).days - 1))
    if combined and chance(src, 4):
        cal = combined_calendar(src, anchor)
    else:
        cal = own_calendar(src, anchor)
    if cal is None:
        return None
    # Only sizes the durations (a calendar with little open time gets small ones, so that no
    # example walks for years); the answers under test never come from here. Measured after
    # the dated exceptions, so that a calendar open only on an extra opening day is dropped.
    lo = datetime.combine(anchor + timedelta(days=40), time(), UTC)
    week = cal.elapsed(lo, lo + timedelta(days=28)) / 4
    if not week:
        return None
    return Case(cal, anchor, max(min(6 * week, timedelta(hours=300)), timedelta(minutes=1)))


POOL_SIZE = 64


@cache
def pooled_case(seed: int) -> Case:
    """Case number `seed` of the warm pool (the same on every run)."""
    rng = random.Random(seed)
    while (case := make_case(Seeded(rng))) is None:
        pass
    return case


def draw_case(draw: st.DrawFn, combined: bool = True) -> Case:
    src = Drawn(draw)
    if src.integer(0, 3):
        return pooled_case(src.integer(0, POOL_SIZE - 1) + (0 if combined else 1000))
    case = make_case(src, combined)
    assume(case is not None)
    assert case is not None
    return case


# --------------------------------------------------------------------------- instants


def nudge(src: Source) -> timedelta:
    return pick(src, (0, 1, -1)) * US


def offset(src: Source) -> timedelta:
    """Up to six hours either way: whole minutes, microseconds, or a hair."""
    kind = src.integer(0, 2)
    if kind == 0:
        return timedelta(minutes=src.integer(-6 * 60, 6 * 60))
    if kind == 1:
        return src.integer(-6 * H * 10**6, 6 * H * 10**6) * US
    return nudge(src)


def draw_instant(src: Source, case: Case, near: datetime | None = None) -> datetime:
    """An instant for `case`: mostly within 40 days of `near` when given; else often near
    its anchor, a DST transition, a boundary of its hours or UTC new year, and sometimes
    anywhere in 2019–2031. Given in a random zone (with fold=1 where the wall time repeats)."""
    kind = src.integer(0, 9)
    moments = case.transitions()
    if near is not None and kind <= 7:
        t = near.astimezone(UTC) + src.integer(-40 * DAY_S * 10**6, 40 * DAY_S * 10**6) * US
    elif kind == 0 or (kind <= 2 and not moments):
        t = LO + src.integer(0, (HI - LO) // US - 1) * US
    elif kind <= 2:
        t = pick(src, moments) + offset(src)
    elif kind <= 5:
        key, seconds = pick(src, case.boundaries)
        zone = ZoneInfo(key)
        if moments and src.integer(0, 1):
            day = pick(src, moments).astimezone(zone).date() + timedelta(days=src.integer(-1, 1))
        else:
            day = case.anchor + timedelta(days=src.integer(-4, 30))
        fold = pick(src, ("earlier", "later"))
        t = wall_instant(day, seconds, zone, "shift", fold) + nudge(src)
    elif kind <= 7:
        t = datetime.combine(case.anchor, time(), UTC) + timedelta(
            seconds=src.integer(-3 * DAY_S, 35 * DAY_S), microseconds=pick(src, (0, 1, 999_999))
        )
    else:
        # The engine keeps one table per UTC year: cross its new year.
        year = case.anchor.year + kind - 8
        t = datetime(year, 1, 1, tzinfo=UTC) + offset(src) * src.integer(1, 12)
    return t.astimezone(ZoneInfo(pick(src, ZONES)))


NICE = tuple(timedelta(minutes=m) for m in (1, 15, 30, 60, 90, 120, 240, 480, 1440, 2400))


def draw_duration(src: Source, case: Case, *, allow_zero: bool = True) -> timedelta:
    """A duration up to a few weeks of the calendar's open time (at most 300 hours): a round
    value, whole minutes or any number of microseconds."""
    top = case.max_duration
    kind = src.integer(0, 3)
    if kind == 0:
        value = min(pick(src, NICE), top)
    elif kind == 1:
        value = timedelta(minutes=src.integer(0, top // timedelta(minutes=1)))
    else:
        value = src.integer(0, top // US) * US
    return max(value, timedelta(0) if allow_zero else US)


Scenario = tuple[Case, list[datetime], list[timedelta]]


@st.composite
def scenarios(
    draw: st.DrawFn,
    instants: int = 1,
    durations: int = 1,
    *,
    allow_zero: bool = True,
    combined: bool = True,
) -> Scenario:
    """A case with `instants` instants (the later ones mostly within 40 days of the first)
    and `durations` durations to ask it."""
    case = draw_case(draw, combined)
    src = Drawn(draw)
    first = draw_instant(src, case)
    moments = [first] + [draw_instant(src, case, near=first) for _ in range(instants - 1)]
    spans = [draw_duration(src, case, allow_zero=allow_zero) for _ in range(durations)]
    if src.integer(0, 3) == 0:
        moments, spans = on_edges(src, case, moments, spans, allow_zero=allow_zero)
    return case, moments, spans


# --------------------------------------------------------------------------- edges

EDGE_WINDOW = timedelta(days=8)


def edges_after(cal: BusinessCalendar, start: datetime) -> list[datetime]:
    """The instants at which `cal` opens or closes in the eight days after `start` (the
    window's own ends, where it clips an open period, are not edges)."""
    end = start + EDGE_WINDOW
    found = [t for span in cal.open_intervals(start, end) for t in span]
    return [t for t in found if start < t < end]


def on_edges(
    src: Source,
    case: Case,
    moments: list[datetime],
    spans: list[timedelta],
    *,
    allow_zero: bool = True,
) -> tuple[list[datetime], list[timedelta]]:
    """The "edges" mode of `scenarios`: the first instant often moved onto an opening or a
    closing, later instants onto the edges after it, and durations that run out exactly on
    one of those edges (where an SLA argument happens: due at closing time, or at opening)."""
    first = moments[0]
    ahead = edges_after(case.cal, first)
    if ahead and src.integer(0, 1):
        first = pick(src, ahead[:6])
        ahead = edges_after(case.cal, first)
    if not ahead:
        return moments, spans
    zone = ZoneInfo(pick(src, ZONES))
    out = [first.astimezone(zone)]
    for t in moments[1:]:
        out.append(pick(src, ahead).astimezone(zone) if src.integer(0, 1) else t)
    budgets = []
    for span in spans:
        to_edge = case.cal.elapsed(first, pick(src, ahead))
        usable = timedelta(0) <= to_edge <= case.max_duration and (
            allow_zero or to_edge > timedelta(0)
        )
        budgets.append(to_edge if usable and src.integer(0, 2) else span)
    return out, budgets


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    """A random calendar, own hours or combined, without asking it anything."""
    src = Drawn(draw)
    anchor = date(FIRST_YEAR, 1, 1) + timedelta(days=src.integer(0, (HI - LO).days - 1))
    cal = combined_calendar(src, anchor) if chance(src, 4) else own_calendar(src, anchor)
    assume(cal is not None)
    assert cal is not None
    return cal
