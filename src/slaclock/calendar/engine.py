"""The indexed engine: a calendar's open intervals as tables of integer UTC microseconds with
their accumulated open time, so add, subtract and elapsed are binary searches.

This module is the hot path of every deadline. `Engine.deadline` repeats the window lookup
inline (instead of calling `Window.pos` and `Window.at`) because it runs once per deadline a
host computes; `BusinessCalendar.add` is its facade. Everything else here calls the shared
lookups.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from threading import Lock
from typing import TYPE_CHECKING

from .._kernel.instants import EPOCH, MAX_YEAR, MIN_YEAR, US, from_us, to_us, year_of, year_start
from .._kernel.intervals import Span, clip
from .._kernel.memo import Memo
from ..errors import CalendarError
from .compile import spans as compile_spans

if TYPE_CHECKING:
    from .model import BusinessCalendar

__all__ = ["EMPTY_YEARS_LIMIT", "WINDOW_YEARS", "Engine", "Window", "duration_us"]

#: What `Engine.last_duration` holds before any duration has been converted: no argument is it.
_NO_DURATION = object()

#: A calendar that finds no open time in this many consecutive years is treated as empty.
EMPTY_YEARS_LIMIT = 10


class Window:
    """The open intervals of consecutive UTC years in one table, with the open time
    accumulated before each: one year's table, or the engine's window of joined years, for
    add and elapsed without year logic.

    Accumulated open time counts from a fixed origin (a year's table: its own start; the
    window: the opening of the first year it was built for, earlier years getting negative
    values), so a value read from one window stays valid in every later, wider one.
    """

    __slots__ = ("cend", "cum", "ends", "first", "hi", "high", "last", "lo", "low", "starts")

    def __init__(
        self,
        first: int,
        last: int,
        starts: list[int],
        ends: list[int],
        cum: list[int],
        cend: list[int],
        low: int,
    ) -> None:
        self.first = first
        self.last = last
        self.lo = year_start(first)
        self.hi = year_start(last + 1)
        self.starts = starts
        self.ends = ends
        self.cum = cum
        self.cend = cend
        self.low = low  # open time before ``lo`` (from the origin)
        self.high = cend[-1] if cend else low  # open time before ``hi``

    @classmethod
    def year(cls, y: int, spans: Sequence[Span]) -> Window:
        """The table of one UTC year, from its open intervals (clipped to the year)."""
        cum: list[int] = []
        cend: list[int] = []
        acc = 0
        for s, e in spans:
            cum.append(acc)
            acc += e - s
            cend.append(acc)
        return cls(y, y, [s for s, _ in spans], [e for _, e in spans], cum, cend, 0)

    def pos(self, t: int) -> int:
        """Open time from the origin to an instant inside the table."""
        i = bisect_right(self.starts, t) - 1
        if i < 0:
            return self.low
        if t >= self.ends[i]:
            return self.cend[i]
        return self.cum[i] + t - self.starts[i]

    def at(self, c: int) -> int:
        """The earliest instant at which ``pos`` reaches ``c`` (``low < c <= high``)."""
        j = bisect_left(self.cend, c)
        return self.starts[j] + c - self.cum[j]


#: The most consecutive UTC years one window joins; instants beyond take the per-year path.
WINDOW_YEARS = 64
_GROW = Lock()  # windows grow rarely: one lock for all engines keeps them picklable


class Engine:
    """Lazy interval tables for one calendar, per UTC year and joined in a window.

    Safe to share between threads: a year is built at most a few times under a race, and
    every build gives the same table; a window grows under a lock and is replaced whole, so
    readers always see a consistent one.
    """

    __slots__ = (
        "_last",
        "business_days",
        "calendar",
        "day_steps",
        "days",
        "last_duration",
        "shared",
        "window",
        "years",
        "zone",
    )

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar
        self.zone: tzinfo = calendar.zone
        self.years: dict[int, Window] = {}
        self.days: dict[date, list[Span]] = {}
        self.business_days: dict[int, list[date]] = {}
        # (opening instant, business days) -> the same local time that many business days later.
        self.day_steps: Memo[tuple[int, int], int] = Memo()
        # The last table used, with its bounds: one tuple, so threads never see a mix.
        self._last: tuple[int, int, int, Window | None] = (0, 0, 0, None)
        self.window: Window | None = None
        # The last duration `BusinessCalendar.add` converted: hosts pass one budget over and over.
        self.last_duration: tuple[object, int] = (_NO_DURATION, 0)
        # Deadlines of starts in closed time, by the window position they fall due at.
        self.shared: Memo[int, datetime] = Memo()

    def deadline(self, start: datetime, duration: timedelta) -> datetime:
        """`BusinessCalendar.add`: the instant at which `duration` of open time has elapsed
        after `start`, in the calendar's zone (a negative duration counts backwards)."""
        # Inlined once, here: the conversions and the window lookup run per deadline.
        if type(start) is datetime:
            try:
                delta = start - EPOCH  # to_us, inline
                s = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
            except TypeError:
                s = to_us(start, "start")  # raises the error that names the argument
        else:
            s = to_us(start, "start")
        last = self.last_duration  # one tuple: threads never see a mix
        if duration is last[0]:
            d = last[1]
        else:
            d = duration_us(duration, "duration")
            self.last_duration = (duration, d)
        if d > 0:
            w = self.window
            if w is not None and w.lo <= s < w.hi:
                starts = w.starts
                i = bisect_right(starts, s) - 1
                closed = i < 0 or s >= w.ends[i]
                if closed:
                    # Every start in one closed period (a night, a weekend) counts from the
                    # same opening, so a budget gives them one deadline: remember it by the
                    # open time it falls at.
                    c = (w.low if i < 0 else w.cend[i]) + d
                    found = self.shared.get(c)
                    if found is not None:
                        return found
                else:
                    c = w.cum[i] + s - starts[i] + d
                if c <= w.high:
                    j = bisect_left(w.cend, c)
                    due = starts[j] + c - w.cum[j]
                    seconds, micro = divmod(due, 1_000_000)
                    value = datetime.fromtimestamp(seconds, self.zone)
                    if micro:
                        value = value.replace(microsecond=micro)
                    if closed:
                        self.shared.put(c, value)
                    return value
            return from_us(self.add(s, d), self.zone)
        if d == 0:
            return start.astimezone(self.zone)
        return from_us(self.subtract(s, -d), self.zone)

    def table(self, t: int) -> tuple[int, Window]:
        """The UTC year of an instant and its table."""
        lo, hi, y, found = self._last
        if found is not None and lo <= t < hi:
            return y, found
        y = year_of(t)
        found = self.year(y)
        self._last = (year_start(y), year_start(y + 1), y, found)
        return y, found

    def year(self, y: int) -> Window:
        table = self.years.get(y)
        if table is None:
            if not 1 < y <= MAX_YEAR:
                raise CalendarError(
                    f"business time reaches the year {y}, outside the years calendars support"
                )
            lo, hi = year_start(y), year_start(y + 1)
            table = Window.year(y, clip(compile_spans(self.calendar, lo, hi), lo, hi))
            self.years[y] = table
        return table

    def reach(self, first: int, last: int) -> Window | None:
        """The window, grown to cover the UTC years ``first..last``; None when that would
        join more than `WINDOW_YEARS` years (the caller then takes the per-year path)."""
        w = self.window
        if w is not None and w.first <= first and last <= w.last:
            return w
        lo_year = first if w is None else min(first, w.first)
        hi_year = last if w is None else max(last, w.last)
        if hi_year - lo_year >= WINDOW_YEARS or lo_year < MIN_YEAR or hi_year > MAX_YEAR:
            return None
        # Build the years outside the lock (building may consult other engines).
        tables = {y: self.year(y) for y in range(lo_year, hi_year + 1)}
        with _GROW:
            w = self.window
            if w is None:
                starts: list[int] = []
                ends: list[int] = []
                cum: list[int] = []
                cend: list[int] = []
                low = 0
                first_built, last_built = lo_year, lo_year - 1
            else:
                if w.first <= lo_year and hi_year <= w.last:
                    return w
                # Another thread may have grown the window since this one chose its years:
                # join from the window as it is now, building whatever is still missing.
                if max(hi_year, w.last) - min(lo_year, w.first) >= WINDOW_YEARS:
                    return None
                starts, ends, cum, cend = list(w.starts), list(w.ends), list(w.cum), list(w.cend)
                low = w.low
                first_built, last_built = w.first, w.last
            acc = cend[-1] if cend else low
            for y in range(last_built + 1, hi_year + 1):
                table = tables.get(y) or self.year(y)
                starts.extend(table.starts)
                ends.extend(table.ends)
                cum.extend(acc + c for c in table.cum)
                cend.extend(acc + c for c in table.cend)
                acc += table.high
            for y in range(first_built - 1, lo_year - 1, -1):
                table = tables.get(y) or self.year(y)
                low -= table.high
                starts[:0] = table.starts
                ends[:0] = table.ends
                cum[:0] = [low + c for c in table.cum]
                cend[:0] = [low + c for c in table.cend]
            w = Window(
                min(lo_year, first_built), max(hi_year, last_built), starts, ends, cum, cend, low
            )
            self.window = w
            return w

    def empty_error(self, y: int, direction: str) -> CalendarError:
        return CalendarError(
            f"calendar {self.calendar.label} has no open time in the {EMPTY_YEARS_LIMIT} years"
            f" {direction} {y}; check its hours, closures and recurring rules"
        )

    def add(self, s: int, d: int) -> int:
        """The earliest instant at which ``d`` (> 0) of open time has elapsed after ``s``."""
        w = self.window
        if w is None or not w.lo <= s < w.hi:
            w = self.reach(year_of(s), year_of(s))
        if w is not None:
            # `w.pos(s) + d`, inline (every deadline passes here).
            starts = w.starts
            i = bisect_right(starts, s) - 1
            if i < 0:
                c = w.low + d
            elif s >= w.ends[i]:
                c = w.cend[i] + d
            else:
                c = w.cum[i] + s - starts[i] + d
            if c <= w.high:
                j = bisect_left(w.cend, c)  # `w.at(c)`, inline
                return starts[j] + c - w.cum[j]
            empty = 0
            while w is not None and c > w.high:
                total = w.high
                w = self.reach(w.first, w.last + 1)
                if w is not None:
                    empty = empty + 1 if w.high == total else 0
                    if empty >= EMPTY_YEARS_LIMIT:
                        raise self.empty_error(w.last, "up to")
            if w is not None:
                return w.at(c)
        return self._add_years(s, d)

    def _add_years(self, s: int, d: int) -> int:
        """`add` over the per-year tables: any horizon, no window."""
        y, yr = self.table(s)
        target = yr.pos(s) + d
        empty = 0
        while target > yr.high:
            target -= yr.high
            y += 1
            yr = self.year(y)
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self.empty_error(y, "up to")
        j = bisect_left(yr.cend, target)
        return yr.starts[j] + target - yr.cum[j]

    def subtract(self, e: int, d: int) -> int:
        """The latest instant from which ``d`` (> 0) of open time elapses up to ``e``."""
        w = self.window
        if w is None or not w.lo <= e < w.hi:
            w = self.reach(year_of(e), year_of(e))
        if w is not None:
            c = w.pos(e) - d
            empty = 0
            while w is not None and c < w.low:
                total = w.low
                w = self.reach(w.first - 1, w.last)
                if w is not None:
                    empty = empty + 1 if w.low == total else 0
                    if empty >= EMPTY_YEARS_LIMIT:
                        raise self.empty_error(w.first, "back to")
            if w is not None:
                j = bisect_right(w.cum, c) - 1
                return w.starts[j] + c - w.cum[j]
        return self._subtract_years(e, d)

    def _subtract_years(self, e: int, d: int) -> int:
        """`subtract` over the per-year tables."""
        y, yr = self.table(e)
        target = yr.pos(e) - d
        empty = 0
        while target < 0:
            y -= 1
            yr = self.year(y)
            target += yr.high
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self.empty_error(y, "back to")
        j = bisect_right(yr.cum, target) - 1
        return yr.starts[j] + target - yr.cum[j]

    def elapsed(self, a: int, b: int) -> int:
        """Open time from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        w = self.window
        # One chained test for the usual call (`a <= b`, both inside the window).
        if w is None or not w.lo <= a <= b < w.hi:
            if a > b:
                return -self.elapsed(b, a)
            w = self.reach(year_of(a), year_of(b))
            if w is None:
                return self._elapsed_years(a, b)
        starts = w.starts
        i = bisect_right(starts, a) - 1
        if i < 0:
            pa = w.low
        elif a >= w.ends[i]:
            pa = w.cend[i]
        else:
            pa = w.cum[i] + a - starts[i]
        i = bisect_right(starts, b) - 1
        if i < 0:
            return w.low - pa
        if b >= w.ends[i]:
            return w.cend[i] - pa
        return w.cum[i] + b - starts[i] - pa

    def _elapsed_years(self, a: int, b: int) -> int:
        """`elapsed` over the per-year tables."""
        if a > b:
            return -self._elapsed_years(b, a)
        ya, yr = self.table(a)
        if b < year_start(ya + 1):
            return yr.pos(b) - yr.pos(a)
        yb = year_of(b)
        first = self.year(ya)
        acc = first.high - first.pos(a)
        for y in range(ya + 1, yb):
            acc += self.year(y).high
        return acc + self.year(yb).pos(b)

    def next_open(self, t: int) -> int:
        w = self.window
        if w is not None and w.lo <= t < w.hi:
            starts = w.starts
            i = bisect_right(starts, t) - 1
            if i >= 0 and t < w.ends[i]:
                return t
            if i + 1 < len(starts):
                return starts[i + 1]
        y, yr = self.table(t)
        i = bisect_right(yr.starts, t) - 1
        if i >= 0 and t < yr.ends[i]:
            return t
        i += 1
        empty = 0
        while i >= len(yr.starts):
            y += 1
            yr = self.year(y)
            i = 0
            empty = empty + 1 if yr.high == 0 else 0
            if empty >= EMPTY_YEARS_LIMIT:
                raise self.empty_error(y, "up to")
        return yr.starts[i]

    def next_close(self, t: int) -> int:
        start = self.next_open(t)
        y = year_of(start)
        yr = self.year(y)
        i = bisect_right(yr.starts, start) - 1
        end = yr.ends[i]
        first = y
        # An open run that crosses a UTC new year is split in two tables; join it again.
        while end == year_start(y + 1):
            if y - first >= EMPTY_YEARS_LIMIT:
                raise CalendarError(
                    f"calendar {self.calendar.label} stays open without a break for more than"
                    f" {EMPTY_YEARS_LIMIT} years after {from_us(start, self.calendar.zone)}"
                    " (a 24x7 calendar never closes)"
                )
            y += 1
            yr = self.year(y)
            if not yr.starts or yr.starts[0] != end:
                break
            end = yr.ends[0]
        return end

    def spans(self, a: int, b: int) -> list[Span]:
        """The open intervals inside ``[a, b)``, joined across year tables."""
        out: list[Span] = []
        if a >= b:
            return out
        for y in range(year_of(a), year_of(b - 1) + 1):
            yr = self.year(y)
            i = max(bisect_right(yr.starts, a) - 1, 0)
            while i < len(yr.starts) and yr.starts[i] < b:
                s, e = max(yr.starts[i], a), min(yr.ends[i], b)
                if s < e:
                    if out and out[-1][1] == s:
                        out[-1] = (out[-1][0], e)
                    else:
                        out.append((s, e))
                i += 1
        return out


# --------------------------------------------------------------------------- the calendar


def duration_us(value: timedelta, argument: str) -> int:
    """A timedelta as whole microseconds; anything else is an error naming `argument`."""
    if not isinstance(value, timedelta):
        raise TypeError(
            f"{argument} must be a datetime.timedelta, got {type(value).__name__} {value!r}"
        )
    return value // US
