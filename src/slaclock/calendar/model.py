"""Business calendars: when a support team is open, and business-time arithmetic over it.

A `BusinessCalendar` is a time zone, weekly working hours, and exceptions: public holidays
(from the ``holidays`` package), closed dates, partial-day and recurring closures, and extra
openings. Calendars combine by union (follow-the-sun teams) and intersection (provider hours
∩ customer hours), also across time zones.

Arithmetic runs on UTC instants; wall time is consulted only to decide open or closed. The
value lives here; its year tables are compiled in `compile`, indexed in `engine`, and
business days are stepped in `days`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any, get_args

from .._kernel.instants import from_us, to_us, zone_for
from .._typing import CombineMode, OnFold, OnGap
from ..errors import CalendarError
from .compile import check_complement, check_probe
from .days import (
    add_business_days_us,
    business_days_between_us,
    close_of_business_day_us,
    day_spans,
)
from .engine import Engine, duration_us
from .parts import Closure, HolidayRegion, Opening, WorkingHours
from .reasons import closed_reason, named_days
from .spec import calendar_from_config

__all__ = ["BusinessCalendar"]


def _check_days(days: object) -> None:
    if not isinstance(days, int) or isinstance(days, bool):
        raise CalendarError(f"days must be a whole number, got {days!r}")


def _check_choice(value: str, allowed: tuple[str, ...], field: str) -> None:
    if value not in allowed:
        raise CalendarError(
            f"{field} must be one of {', '.join(repr(a) for a in allowed)}, got {value!r}"
        )


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    """When a team is open: a time zone, weekly hours and their exceptions.

    Build one from Python (`BusinessCalendar.weekdays`, `BusinessCalendar.always`, or the
    fields below), from a configuration mapping (`BusinessCalendar.from_config`), or by
    combining calendars with ``|`` (union) and ``&`` (intersection).

    Exceptions apply in this order: weekly hours; minus public holidays and closed dates
    (the whole local day, including a night shift that starts on it); minus closures; plus
    extra openings, which win over everything else.

    Working-hour boundaries in a DST gap shift forward by the gap (``on_gap="shift"``) and in
    a DST fold take the earlier instant (``on_fold="earlier"``); ``"raise"`` makes either an
    error instead.

    >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
    >>> start = datetime.fromisoformat("2024-05-03T16:00+02:00")  # a Friday
    >>> berlin.add(start, timedelta(hours=2)).isoformat()
    '2024-05-06T10:00:00+02:00'
    """

    timezone: str
    hours: WorkingHours = field(default_factory=WorkingHours)
    holidays: HolidayRegion | None = None
    closed_dates: frozenset[date] = frozenset()
    closures: tuple[Closure, ...] = ()
    openings: tuple[Opening, ...] = ()
    on_gap: OnGap = "shift"
    on_fold: OnFold = "earlier"
    mode: CombineMode = "own"
    parts: tuple[BusinessCalendar, ...] = ()
    name: str | None = field(default=None, compare=False)
    _zone: tzinfo = field(init=False, repr=False, compare=False)
    #: The indexed tables behind the calendar, in integer UTC microseconds: what the clock
    #: computes on. Built lazily; safe to share between threads.
    engine: Engine = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        zone = zone_for(self.timezone)
        object.__setattr__(self, "timezone", getattr(zone, "key", str(self.timezone)))
        object.__setattr__(self, "_zone", zone)
        object.__setattr__(self, "closed_dates", frozenset(self.closed_dates))
        object.__setattr__(self, "closures", tuple(self.closures))
        object.__setattr__(self, "openings", tuple(self.openings))
        object.__setattr__(self, "parts", tuple(self.parts))
        _check_choice(self.on_gap, get_args(OnGap), "on_gap")
        _check_choice(self.on_fold, get_args(OnFold), "on_fold")
        _check_choice(self.mode, get_args(CombineMode), "mode")
        if self.mode == "own":
            if self.parts:
                raise CalendarError("a calendar with its own hours takes no parts")
            if self.hours.is_empty:
                raise CalendarError(
                    f"calendar {self.label} has no opening hours on any weekday, so no deadline"
                    " could ever fall due; add hours such as {'mon-fri': ['09:00-17:00']}"
                    " or use '24x7'"
                )
        else:
            if not self.parts:
                raise CalendarError(f"a {self.mode} of calendars needs at least one calendar")
            if self.mode == "complement" and len(self.parts) != 1:
                raise CalendarError(
                    f"a complement takes exactly one calendar, got {len(self.parts)}"
                )
            if not self.hours.is_empty:
                raise CalendarError(
                    f"a {self.mode} of calendars takes its hours from its parts; drop 'hours'"
                )
        object.__setattr__(self, "engine", Engine(self))
        if self.mode == "intersection":
            check_probe(self)
        elif self.mode == "complement":
            check_complement(self)

    # ------------------------------------------------------------------ constructors

    @classmethod
    def weekdays(
        cls, start: str, end: str, *, tz: str, holidays: HolidayRegion | None = None
    ) -> BusinessCalendar:
        """Open Monday to Friday between `start` and `end` (wall clock in `tz`).

        >>> BusinessCalendar.weekdays("09:00", "17:00", tz="America/New_York").timezone
        'America/New_York'
        """
        return cls(tz, WorkingHours.weekdays(start, end), holidays=holidays)

    @classmethod
    def always(cls, tz: str = "UTC") -> BusinessCalendar:
        """Open around the clock (24x7); `tz` only sets the zone results come back in."""
        return cls(tz, WorkingHours.always())

    @classmethod
    def from_config(
        cls,
        spec: Mapping[str, Any] | str,
        *,
        name: str | None = None,
        known: Mapping[str, BusinessCalendar] | None = None,
        field: str = "calendar",
    ) -> BusinessCalendar:
        """A calendar from the ``calendars:`` shape of a policy file.

        ``spec`` is ``"24x7"`` or a mapping with ``timezone``, ``hours``, ``holidays``,
        ``dates_closed``, ``closures``, ``openings``, ``on_gap``, ``on_fold``; or
        ``{"union": [...]}`` / ``{"intersection": [...]}`` whose items are calendar names in
        ``known`` or nested specs. Errors name the path given in ``field``.

        >>> cal = BusinessCalendar.from_config({
        ...     "timezone": "Europe/Berlin",
        ...     "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
        ...     "holidays": {"country": "DE", "subdiv": "BE"},
        ...     "closures": [{"date": "2026-12-24", "from": "12:00"}],
        ... })
        >>> cal.is_open(datetime.fromisoformat("2026-12-24T12:30+01:00"))
        False
        """
        return calendar_from_config(cls, spec, name=name, known=known or {}, field=field)

    # ------------------------------------------------------------------ algebra

    def __or__(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when either calendar is open (results in the left calendar's zone)."""
        return self.union(other)

    def __and__(self, other: BusinessCalendar) -> BusinessCalendar:
        """Open when both calendars are open (results in the left calendar's zone)."""
        return self.intersection(other)

    def __invert__(self) -> BusinessCalendar:
        """Open exactly when this calendar is closed (same zone)."""
        return self.complement()

    def complement(self, *, tz: str | None = None) -> BusinessCalendar:
        """Open exactly when this calendar is closed: the other shift, or "other hours" of a
        service window. ``cal | ~cal`` is open around the clock; ``cal & ~cal`` is refused
        as never open, and so is the complement of a 24x7 calendar.

        >>> office = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> (~office).is_open(datetime.fromisoformat("2026-12-05T12:00+01:00"))  # Saturday
        True
        """
        return BusinessCalendar(tz or self.timezone, mode="complement", parts=(self,))

    def union(self, *others: BusinessCalendar, tz: str | None = None) -> BusinessCalendar:
        """Open whenever any of the calendars is open (follow-the-sun teams)."""
        return BusinessCalendar(tz or self.timezone, mode="union", parts=(self, *others))

    def intersection(self, *others: BusinessCalendar, tz: str | None = None) -> BusinessCalendar:
        """Open only when all the calendars are open (provider hours ∩ customer hours)."""
        return BusinessCalendar(tz or self.timezone, mode="intersection", parts=(self, *others))

    # ------------------------------------------------------------------ business time

    @property
    def zone(self) -> tzinfo:
        """The calendar's time zone."""
        return self._zone

    @property
    def label(self) -> str:
        """A short name for messages."""
        return repr(self.name) if self.name else f"in {self.timezone}"

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The deadline: the earliest instant at which `duration` of open time has elapsed
        after `start`.

        A start outside opening hours begins counting at the next opening; a budget that runs
        out exactly at closing time is due at closing time; ``add(t, timedelta(0)) == t``.
        A negative duration counts backwards, as `subtract` does.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.add(datetime.fromisoformat("2024-05-03T08:00+02:00"), timedelta(hours=8))
        datetime.datetime(2024, 5, 3, 17, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/Berlin'))
        """
        return self.engine.deadline(start, duration)

    def subtract(self, end: datetime, duration: timedelta) -> datetime:
        """The latest start: the latest instant ``s <= end`` with
        ``elapsed(s, end) == duration``.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.subtract(datetime.fromisoformat("2024-05-06T10:00+02:00"),
        ...                 timedelta(hours=2)).isoformat()
        '2024-05-03T16:00:00+02:00'
        """
        e = to_us(end, "end")
        d = duration_us(duration, "duration")
        if d > 0:
            return from_us(self.engine.subtract(e, d), self._zone)
        if d == 0:
            return end.astimezone(self._zone)
        return from_us(self.engine.add(e, -d), self._zone)

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """The open time between two instants; negative when `end` is before `start`.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.elapsed(datetime.fromisoformat("2024-05-03T16:00+02:00"),
        ...                datetime.fromisoformat("2024-05-06T10:00+02:00"))
        datetime.timedelta(seconds=7200)
        """
        a = to_us(start, "start")
        b = to_us(end, "end")
        return timedelta(microseconds=self.engine.elapsed(a, b))

    def is_open(self, at: datetime) -> bool:
        """Whether the calendar is open at an instant (intervals are half-open: a closing
        instant is closed)."""
        t = to_us(at, "at")
        return self.engine.next_open(t) == t

    def next_open(self, at: datetime) -> datetime:
        """`at` itself when open, otherwise the next opening."""
        return from_us(self.engine.next_open(to_us(at, "at")), self._zone)

    def next_close(self, at: datetime) -> datetime:
        """The end of the open period containing `at`, or of the next one when closed."""
        return from_us(self.engine.next_close(to_us(at, "at")), self._zone)

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open periods between two instants, clipped to them, in the calendar's zone.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> [(a.strftime("%a %H:%M"), b.strftime("%H:%M")) for a, b in berlin.open_intervals(
        ...     datetime.fromisoformat("2024-05-03T12:00+02:00"),
        ...     datetime.fromisoformat("2024-05-07T00:00+02:00"))]
        [('Fri 12:00', '17:00'), ('Mon 09:00', '17:00')]
        """
        a = to_us(start, "start")
        b = to_us(end, "end")
        for s, e in self.engine.spans(a, b):
            yield from_us(s, self._zone), from_us(e, self._zone)

    # ------------------------------------------------------------------ business days

    def is_business_day(self, day: date) -> bool:
        """Whether a local date has open time that belongs to it."""
        return bool(day_spans(self, day))

    def add_business_days(self, start: datetime, days: int) -> datetime:
        """The same local time `days` business days later (earlier, for a negative `days`).

        A start outside opening hours first moves to the next opening (counting back: to the
        last closing before it). The result keeps the wall-clock time, clamped into the open
        span of the target day (its first opening to its last closing), so a shorter day
        does not push it into the next one.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.add_business_days(datetime.fromisoformat("2024-05-03T16:30+02:00"),
        ...                          1).isoformat()
        '2024-05-06T16:30:00+02:00'
        >>> berlin.add_business_days(datetime.fromisoformat("2024-05-06T16:30+02:00"),
        ...                          -1).isoformat()
        '2024-05-03T16:30:00+02:00'
        """
        _check_days(days)
        return from_us(add_business_days_us(self, to_us(start, "start"), days), self._zone)

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """The whole business days from `start` to `end`: the largest ``n`` with
        ``add_business_days(start, n) <= end``, negative when `end` is before `start`.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.business_days_between(datetime.fromisoformat("2024-05-03T16:30+02:00"),
        ...                              datetime.fromisoformat("2024-05-07T16:00+02:00"))
        1
        """
        return business_days_between_us(self, to_us(start, "start"), to_us(end, "end"))

    def close_of_business_day(self, at: datetime, days: int = 0) -> datetime:
        """The closing time of the `days`-th business day after the one `at` falls in.

        ``days=0`` is the close of the current business day (or of the next one when `at` is
        past its close or on a closed day); ``days=1`` the close of the following one, and
        ``days=-1`` of the one before.

        >>> berlin = BusinessCalendar.weekdays("09:00", "17:00", tz="Europe/Berlin")
        >>> berlin.close_of_business_day(datetime.fromisoformat("2024-05-03T18:00+02:00"),
        ...                              0).isoformat()
        '2024-05-06T17:00:00+02:00'
        """
        _check_days(days)
        return from_us(close_of_business_day_us(self, to_us(at, "at"), days), self._zone)

    # ------------------------------------------------------------------ description

    def holidays_between(self, first: date, last: date) -> dict[date, str]:
        """The public holidays (with names) and closed dates in ``[first, last]``.

        A part's holiday counts for a union only on a day the union has no open time.
        """
        return named_days(self, first, last)

    def why_closed(self, start: datetime, end: datetime) -> str:
        """Why the calendar is closed from `start` to `end`: the holidays, closed dates and
        closures in that stretch by name, or ``"outside working hours"``.

        >>> cal = BusinessCalendar.from_config({
        ...     "timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]},
        ...     "closures": [{"date": "2026-12-23", "from": "13:00", "reason": "team party"}],
        ... })
        >>> cal.why_closed(datetime.fromisoformat("2026-12-23T13:00+01:00"),
        ...                datetime.fromisoformat("2026-12-24T09:00+01:00"))
        'calendar closed (closure: 2026-12-23 13:00-24:00 team party)'
        """
        return closed_reason(self, to_us(start, "start"), to_us(end, "end"))
