"""The parts a calendar is made of: weekly working hours, a holiday region, closures and
extra openings. Each is a frozen value that checks itself when built."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

from ..errors import CalendarError
from . import holidays as _holidays
from .notation import DAY_S, WEEKDAYS, format_clock, format_range, parse_days, parse_time_range
from .rules import compile_rrule

__all__ = ["Closure", "HolidayRegion", "Opening", "WorkingHours"]

_Date = date  # the classes below have a field called `date`


@dataclass(frozen=True, slots=True)
class WorkingHours:
    """Weekly opening hours: for each weekday (Monday first), wall-clock intervals.

    Each interval is (start, end) in seconds after local midnight. An interval that crosses
    midnight (a night shift) has ``end > 86400`` and belongs to the day it starts on.
    Intervals may not overlap, also across midnight into the next day.

    >>> hours = WorkingHours.parse({"mon-fri": ["09:00-12:30", "13:30-17:30"]})
    >>> hours.describe()["mon"]
    ['09:00-12:30', '13:30-17:30']
    """

    days: tuple[tuple[tuple[int, int], ...], ...] = ((),) * 7

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise CalendarError(f"working hours need 7 weekdays, got {len(self.days)}")
        days = tuple(tuple(sorted(day)) for day in self.days)
        object.__setattr__(self, "days", days)
        week = 7 * DAY_S
        spans: list[tuple[int, int, int]] = []
        for weekday, day in enumerate(days):
            for start, end in day:
                if not (0 <= start < DAY_S and start < end <= start + DAY_S):
                    raise CalendarError(
                        f"working hours on {WEEKDAYS[weekday]}: invalid interval"
                        f" ({start}, {end}) seconds"
                    )
                spans.append((weekday * DAY_S + start, weekday * DAY_S + end, weekday))
        # Overlaps are checked on the cyclic week, so Sunday's night shift meets Monday.
        flat = sorted(
            [(s, e, d) for s, e, d in spans] + [(s + week, e + week, d) for s, e, d in spans]
        )
        for (s1, e1, d1), (s2, e2, d2) in pairwise(flat):
            if s2 < e1:
                a = format_range((s1 - d1 * DAY_S, e1 - d1 * DAY_S))
                b = format_range(((s2 - d2 * DAY_S) % week, (e2 - d2 * DAY_S) % week))
                raise CalendarError(
                    f"working hours overlap: {WEEKDAYS[d1]} {a} and {WEEKDAYS[d2]} {b};"
                    " make the intervals disjoint"
                )

    @classmethod
    def parse(
        cls, spec: Mapping[str, Sequence[str]] | str, *, field: str = "hours"
    ) -> WorkingHours:
        """Working hours from ``{"mon-fri": ["09:00-17:00"], "sat": [...]}`` or ``"24x7"``.

        >>> WorkingHours.parse("24x7").describe()["sun"]
        ['00:00-24:00']
        """
        if isinstance(spec, str):
            if spec.strip().lower() in ("24x7", "24/7", "always"):
                return cls.always()
            raise CalendarError.at(
                field, f"expected a mapping of days to intervals or '24x7', got {spec!r}"
            )
        if not isinstance(spec, Mapping):
            raise CalendarError.at(
                field, f"expected a mapping such as {{'mon-fri': ['09:00-17:00']}}, got {spec!r}"
            )
        days: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        for key, ranges in spec.items():
            where = f"{field}.{key}"
            weekdays = parse_days(str(key), where)
            if isinstance(ranges, str):
                ranges = [ranges]
            if not isinstance(ranges, Sequence):
                raise CalendarError.at(
                    where, f"expected a list of intervals such as ['09:00-17:00'], got {ranges!r}"
                )
            for i, text in enumerate(ranges):
                span = parse_time_range(text, field=f"{where}[{i}]")
                for weekday in weekdays:
                    days[weekday].append(span)
        return cls(tuple(tuple(d) for d in days))

    @classmethod
    def always(cls) -> WorkingHours:
        """Open around the clock, every day."""
        return cls((((0, DAY_S),),) * 7)

    @classmethod
    def weekdays(cls, start: str, end: str) -> WorkingHours:
        """The same hours Monday to Friday.

        >>> WorkingHours.weekdays("09:00", "17:00").describe()["fri"]
        ['09:00-17:00']
        """
        span = parse_time_range(f"{start}-{end}")
        return cls(((span,),) * 5 + ((), ()))

    @property
    def is_empty(self) -> bool:
        """True when no weekday has any open interval."""
        return not any(self.days)

    def describe(self) -> dict[str, list[str]]:
        """The hours as text, weekday by weekday."""
        return {
            name: [format_range(s) for s in day]
            for name, day in zip(WEEKDAYS, self.days, strict=True)
        }


@dataclass(frozen=True, slots=True)
class HolidayRegion:
    """Public holidays of a country (and subdivision) taken from the ``holidays`` package.

    ``categories`` selects holiday categories (``("public",)`` by default in the package);
    ``language`` only affects the names shown in explanations.
    """

    country: str
    subdiv: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "categories", tuple(self.categories))
        _holidays.check_region(self.country, self.subdiv, self.categories, self.language)

    def dates(self, year: int) -> frozenset[date]:
        """The holiday dates of one year (a `HolidayDataWarning` outside the data's range)."""
        return _holidays.holiday_dates(
            self.country, self.subdiv, self.categories, self.language, year
        )

    def names(self, year: int) -> dict[date, str]:
        """The holidays of one year with their names."""
        return _holidays.holiday_names(
            self.country, self.subdiv, self.categories, self.language, year
        )


@dataclass(frozen=True, slots=True)
class Closure:
    """A closure on one date, on the dates of an RFC 5545 recurrence rule, or over a range.

    ``start``/``end`` are wall-clock seconds on that date (default: the whole day); an end
    at or before the start runs past midnight, as in working hours. A rule without a
    ``DTSTART`` is anchored at ``anchor`` (required when the rule's dates depend on it).

    With ``until`` (a later date), the closure runs from ``date`` at ``start`` without a
    break to ``until`` at ``end`` (``end`` then is the time on ``until``; the default is the
    end of that day): `Closure.between` builds one from two dates or wall-clock times.

    >>> Closure(date=date(2026, 12, 24), start=12 * 3600).describe()
    '2026-12-24 12:00-24:00'
    >>> Closure.between(date(2026, 12, 24), date(2027, 1, 1)).describe()
    '2026-12-24 – 2027-01-01'
    """

    date: _Date | None = None
    rrule: str | None = None
    start: int = 0
    end: int = DAY_S
    anchor: _Date | None = None
    reason: str | None = None
    until: _Date | None = None

    def __post_init__(self) -> None:
        if (self.date is None) == (self.rrule is None):
            raise CalendarError("a closure needs exactly one of 'date' or 'rrule'")
        if self.until is not None:
            if self.date is None or self.until <= self.date:
                raise CalendarError(
                    f"closure until {self.until}: give a first date before it"
                    f" (got {self.date or self.rrule})"
                )
            if not (0 <= self.start < DAY_S and 0 < self.end <= DAY_S):
                raise CalendarError(
                    f"closure {self.date} – {self.until}: invalid times"
                    f" ({self.start}, {self.end}) seconds"
                )
            return
        if not (0 <= self.start < DAY_S and self.start < self.end <= self.start + DAY_S):
            raise CalendarError(
                f"closure {self.date or self.rrule}: invalid span ({self.start}, {self.end})"
            )
        if self.rrule is not None:
            compile_rrule(self.rrule, self.anchor)

    @classmethod
    def between(
        cls, first: _Date | datetime, last: _Date | datetime, *, reason: str | None = None
    ) -> Closure:
        """Closed from `first` to `last`, wall-clock times in the calendar's zone: a date as
        `first` means its start, a date as `last` its end (so whole dates are inclusive).

        >>> Closure.between(datetime(2026, 12, 24, 12), datetime(2027, 1, 2, 9)).describe()
        '2026-12-24 12:00 – 2027-01-02 09:00'
        """
        day, start = wall_point(first, "first", end=False)
        until, end = wall_point(last, "last", end=True)
        if (until, end) <= (day, start):
            raise CalendarError(f"closure from {first} to {last}: the end must be later")
        if until == day:
            return cls(date=day, start=start, end=end, reason=reason)
        return cls(date=day, start=start, end=end, until=until, reason=reason)

    def spans_on(self, first: _Date, last: _Date) -> list[tuple[_Date, int, int]]:
        """The closed wall-clock span of each date in ``[first, last]`` it touches."""
        if self.until is None:
            return [(day, self.start, self.end) for day in self.dates_between(first, last)]
        assert self.date is not None  # checked at construction
        out = []
        day = max(first, self.date)
        while day <= min(last, self.until):
            start = self.start if day == self.date else 0
            out.append((day, start, self.end if day == self.until else DAY_S))
            day += timedelta(days=1)
        return out

    def dates_between(self, first: _Date, last: _Date) -> list[_Date]:
        """The dates in ``[first, last]`` on which this closure applies."""
        if self.until is not None:
            return [day for day, _, _ in self.spans_on(first, last)]
        if self.rrule is None:  # a one-date closure (construction requires one of the two)
            return [self.date] if self.date is not None and first <= self.date <= last else []
        return compile_rrule(self.rrule, self.anchor).dates(first, last)

    def describe(self) -> str:
        """The closure as text."""
        if self.until is not None and self.date is not None:
            return f"{format_point(self.date, self.start, end=False)} – " + format_point(
                self.until, self.end, end=True
            )
        what = self.date.isoformat() if self.date else f"rrule {self.rrule}"
        return f"{what} {format_range((self.start, self.end))}"


def wall_point(value: object, field: str, *, end: bool) -> tuple[_Date, int]:
    """A date or naive wall-clock datetime (or its ISO text) as (date, seconds): a date is
    its start, or its end (24:00) when it ends a range."""
    if isinstance(value, str):
        text = value.strip()
        try:
            value = _Date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise CalendarError.at(
                field,
                f"expected a date (2026-12-24) or a wall time (2026-12-24T12:00), got {text!r}",
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            raise CalendarError.at(
                field,
                f"{value.isoformat()} has a UTC offset; give the wall time in the calendar's"
                " zone, such as 2026-12-24T12:00",
            )
        if value.microsecond:
            raise CalendarError.at(field, f"{value.isoformat()}: whole seconds only")
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        if end and seconds == 0:  # midnight ends the day before
            return value.date() - timedelta(days=1), DAY_S
        return value.date(), seconds
    if isinstance(value, _Date):
        return value, DAY_S if end else 0
    raise CalendarError.at(
        field, f"expected a date (2026-12-24) or a wall time (2026-12-24T12:00), got {value!r}"
    )


def format_point(day: _Date, seconds: int, *, end: bool) -> str:
    """`wall_point`'s inverse: a bare date where the time is the day's start (or its end)."""
    if seconds == (DAY_S if end else 0):
        return day.isoformat()
    return f"{day.isoformat()} {format_clock(seconds)}"


@dataclass(frozen=True, slots=True)
class Opening:
    """Extra opening hours on one date (a working Saturday), overriding holidays and closures.

    >>> Opening(date(2026, 12, 27), ((9 * 3600, 13 * 3600),)).describe()
    '2026-12-27 09:00-13:00'
    """

    date: _Date
    hours: tuple[tuple[int, int], ...]

    def __post_init__(self) -> None:
        if not self.hours:
            raise CalendarError(f"opening on {self.date}: give at least one interval")
        for start, end in self.hours:
            if not (0 <= start < DAY_S and start < end <= start + DAY_S):
                raise CalendarError(f"opening on {self.date}: invalid interval ({start}, {end})")

    def describe(self) -> str:
        """The opening as text."""
        return f"{self.date.isoformat()} " + ", ".join(format_range(s) for s in self.hours)


# --------------------------------------------------------------------------- the engine
