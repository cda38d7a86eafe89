"""The mapping form of one calendar (the shape of a ``calendars:`` entry), read into a
`BusinessCalendar`.

Every error names its path in the file (``calendars.berlin-office.hours.mon-fri[0]``), the
bad value and the way out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..errors import CalendarError
from .notation import DAY_S, format_clock, format_range, parse_clock, parse_date, parse_time_range
from .parts import Closure, HolidayRegion, Opening, WorkingHours, wall_point

if TYPE_CHECKING:
    from .model import BusinessCalendar

__all__ = ["calendar_from_config", "calendar_to_config"]

_KEYS = {
    "timezone",
    "hours",
    "holidays",
    "dates_closed",
    "closures",
    "openings",
    "on_gap",
    "on_fold",
    "union",
    "intersection",
    "not",
}


def _placed(exc: CalendarError, field: str) -> CalendarError:
    """An error of a part, which knows its own key at most, placed under `field`."""
    if exc.path is None:
        # A message that starts by naming the calendar ("calendar 'x' has no ...") needs no
        # place in front of it.
        if not exc.message.startswith(field):
            exc.path = field
    elif exc.path != field and not exc.path.startswith((f"{field}.", f"{field}[")):
        # A key of this calendar (its timezone): shown as "calendars.x: timezone: ...".
        exc.shown_path = f"{field}: {exc.path}"
        exc.path = f"{field}.{exc.path}"
    return exc


def _unknown(spec: Mapping[str, Any], allowed: set[str], field: str) -> None:
    extra = sorted(set(spec) - allowed)
    if extra:
        raise CalendarError.at(
            field, f"unknown key {extra[0]!r}; allowed keys: {', '.join(sorted(allowed))}"
        )


def _as_list(value: object, field: str) -> Sequence[Any]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        raise CalendarError.at(field, f"expected a list, got {value!r}")
    return value


def _holiday_region(spec: object, field: str) -> HolidayRegion:
    if isinstance(spec, str):
        spec = {"country": spec}
    if not isinstance(spec, Mapping):
        raise CalendarError.at(
            field, f"expected {{country: DE, subdiv: BE}} or a country code, got {spec!r}"
        )
    _unknown(spec, {"country", "subdiv", "categories", "language"}, field)
    if "country" not in spec:
        raise CalendarError.at(field, "'country' is required, e.g. {country: DE}")
    categories = spec.get("categories") or ()
    if isinstance(categories, str):
        categories = (categories,)
    if not isinstance(categories, list | tuple) or not all(isinstance(c, str) for c in categories):
        raise CalendarError.at(
            f"{field}.categories",
            f"expected a category or a list of them such as [public, bank], got {categories!r}",
        )
    try:
        return HolidayRegion(
            country=str(spec["country"]),
            subdiv=None if spec.get("subdiv") is None else str(spec["subdiv"]),
            categories=tuple(str(c) for c in categories),
            language=None if spec.get("language") is None else str(spec["language"]),
        )
    except CalendarError as exc:
        raise _placed(exc, field) from None


def _closure(spec: object, field: str) -> Closure:
    if not isinstance(spec, Mapping):
        raise CalendarError.at(
            field, f"expected {{date: 2026-12-24, from: '12:00'}} or {{rrule: ...}}, got {spec!r}"
        )
    _unknown(spec, {"date", "rrule", "from", "to", "start", "reason"}, field)
    reason = None if spec.get("reason") is None else str(spec["reason"])
    if "date" not in spec and "rrule" not in spec:
        return _closure_range(spec, field, reason)
    start = parse_clock(spec["from"], field=f"{field}.from") if "from" in spec else 0
    end = parse_clock(spec["to"], field=f"{field}.to", allow_24=True) if "to" in spec else DAY_S
    if end <= start:
        end += DAY_S
    when = parse_date(spec["date"], f"{field}.date") if "date" in spec else None
    anchor = parse_date(spec["start"], f"{field}.start") if "start" in spec else None
    rule = spec.get("rrule")
    if rule is not None and not isinstance(rule, str):
        raise CalendarError.at(f"{field}.rrule", f"expected an RFC 5545 rule as text, got {rule!r}")
    try:
        return Closure(date=when, rrule=rule, start=start, end=end, anchor=anchor, reason=reason)
    except CalendarError as exc:
        raise _placed(exc, field) from None


def _closure_range(spec: Mapping[str, Any], field: str, reason: str | None) -> Closure:
    """``{from: 2026-12-24, to: 2027-01-01}`` (whole dates) or ``{from: 2026-12-24T12:00,
    to: 2027-01-02T09:00}`` (wall-clock times), or a mix of the two."""
    missing = [key for key in ("from", "to") if key not in spec]
    if missing or "start" in spec:
        raise CalendarError.at(
            field,
            "give 'date' (one day), 'rrule' (recurring) or 'from' and 'to' as dates or wall"
            " times (a range, e.g. {from: 2026-12-24, to: 2027-01-01})",
        )
    wall_point(spec["from"], f"{field}.from", end=False)  # errors name the key
    wall_point(spec["to"], f"{field}.to", end=True)
    try:
        return Closure.between(_point(spec["from"]), _point(spec["to"]), reason=reason)
    except CalendarError as exc:
        raise _placed(exc, field) from None


def _point(value: object) -> date | datetime:
    """A checked `wall_point` value as the date or datetime `Closure.between` takes."""
    if isinstance(value, (date, datetime)):
        return value
    text = str(value).strip()
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def _opening(spec: object, field: str) -> Opening:
    if not isinstance(spec, Mapping) or "date" not in spec or "hours" not in spec:
        raise CalendarError.at(
            field, f"expected {{date: 2026-12-27, hours: ['09:00-13:00']}}, got {spec!r}"
        )
    _unknown(spec, {"date", "hours"}, field)
    hours = spec["hours"]
    if isinstance(hours, str):
        hours = [hours]
    spans = tuple(
        parse_time_range(text, field=f"{field}.hours[{i}]")
        for i, text in enumerate(_as_list(hours, f"{field}.hours"))
    )
    return Opening(parse_date(spec["date"], f"{field}.date"), spans)


def calendar_from_config(
    cls: type[BusinessCalendar],
    spec: Mapping[str, Any] | str,
    *,
    name: str | None = None,
    known: Mapping[str, BusinessCalendar],
    field: str = "calendar",
) -> BusinessCalendar:
    """One calendar from its configuration (see `BusinessCalendar.from_config`)."""
    if isinstance(spec, str):
        if spec.strip().lower() in ("24x7", "24/7", "always"):
            return cls("UTC", WorkingHours.always(), name=name)
        if spec in known:
            return known[spec]
        raise CalendarError.at(
            field, f"expected a calendar mapping, '24x7' or a calendar name, got {spec!r}"
        )
    if not isinstance(spec, Mapping):
        raise CalendarError.at(field, f"expected a calendar mapping or '24x7', got {spec!r}")
    _unknown(spec, _KEYS, field)
    combine = [k for k in ("union", "intersection", "not") if k in spec]
    if len(combine) > 1:
        raise CalendarError.at(field, "give one of 'union', 'intersection' or 'not'")
    try:
        if combine == ["not"]:
            mode = "complement"
            parts = [calendar_from_config(cls, spec["not"], known=known, field=f"{field}.not")]
            timezone = spec.get("timezone", parts[0].timezone)
            if "hours" in spec:
                raise CalendarError.at(
                    field, "a complement takes its hours from its calendar; drop 'hours'"
                )
            hours = WorkingHours()
        elif combine:
            mode = combine[0]
            parts = [
                calendar_from_config(cls, item, known=known, field=f"{field}.{mode}[{i}]")
                for i, item in enumerate(_as_list(spec[mode], f"{field}.{mode}"))
            ]
            if not parts:
                raise CalendarError.at(f"{field}.{mode}", "list at least one calendar")
            timezone = spec.get("timezone", parts[0].timezone)
            if "hours" in spec:
                raise CalendarError.at(
                    field, f"a {mode} takes its hours from its calendars; drop 'hours'"
                )
            hours = WorkingHours()
        else:
            if "timezone" not in spec:
                raise CalendarError.at(
                    field,
                    "'timezone' is required (an IANA name such as 'Europe/Berlin');"
                    " slaclock never guesses a zone",
                )
            if "hours" not in spec:
                raise CalendarError.at(
                    field, "'hours' is required, e.g. {mon-fri: ['09:00-17:00']} or '24x7'"
                )
            timezone = spec["timezone"]
            mode = "own"
            parts = []
            hours = WorkingHours.parse(spec["hours"], field=f"{field}.hours")
        holidays = (
            _holiday_region(spec["holidays"], f"{field}.holidays")
            if spec.get("holidays") is not None
            else None
        )
        closed: set[date] = {
            parse_date(d, f"{field}.dates_closed[{i}]")
            for i, d in enumerate(_as_list(spec.get("dates_closed", []), f"{field}.dates_closed"))
        }
        closures = tuple(
            _closure(c, f"{field}.closures[{i}]")
            for i, c in enumerate(_as_list(spec.get("closures", []), f"{field}.closures"))
        )
        openings = tuple(
            _opening(o, f"{field}.openings[{i}]")
            for i, o in enumerate(_as_list(spec.get("openings", []), f"{field}.openings"))
        )
        return cls(
            timezone=str(timezone),
            hours=hours,
            holidays=holidays,
            closed_dates=frozenset(closed),
            closures=closures,
            openings=openings,
            on_gap=spec.get("on_gap", "shift"),
            on_fold=spec.get("on_fold", "earlier"),
            mode=mode,  # type: ignore[arg-type]
            parts=tuple(parts),
            name=name,
        )
    except CalendarError as exc:
        raise _placed(exc, field) from None


def _format_point(day: date, seconds: int, *, end: bool) -> str:
    if seconds == (DAY_S if end else 0):
        return day.isoformat()
    return f"{day.isoformat()}T{format_clock(seconds)}"


def calendar_to_config(calendar: BusinessCalendar) -> dict[str, Any]:
    """The configuration mapping `calendar_from_config` reads back to an equal calendar."""
    out: dict[str, Any] = {"timezone": calendar.timezone}
    if calendar.mode == "own":
        hours: dict[str, list[str]] = {}
        names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
        for name, day in zip(names, calendar.hours.days, strict=True):
            if day:
                hours[name] = [format_range(span) for span in day]
        out["hours"] = hours
    elif calendar.mode == "complement":
        out["not"] = calendar_to_config(calendar.parts[0])
    else:
        out[calendar.mode] = [calendar_to_config(part) for part in calendar.parts]
    if calendar.holidays is not None:
        region: dict[str, Any] = {"country": calendar.holidays.country}
        if calendar.holidays.subdiv is not None:
            region["subdiv"] = calendar.holidays.subdiv
        if calendar.holidays.categories:
            region["categories"] = list(calendar.holidays.categories)
        if calendar.holidays.language is not None:
            region["language"] = calendar.holidays.language
        out["holidays"] = region
    if calendar.closed_dates:
        out["dates_closed"] = [d.isoformat() for d in sorted(calendar.closed_dates)]
    if calendar.closures:
        closures = []
        for closure in calendar.closures:
            item: dict[str, Any] = {}
            if closure.until is not None and closure.date is not None:
                item["from"] = _format_point(closure.date, closure.start, end=False)
                item["to"] = _format_point(closure.until, closure.end, end=True)
                if closure.reason is not None:
                    item["reason"] = closure.reason
                closures.append(item)
                continue
            if closure.date is not None:
                item["date"] = closure.date.isoformat()
            else:
                item["rrule"] = closure.rrule
            if closure.anchor is not None:
                item["start"] = closure.anchor.isoformat()
            item["from"] = format_clock(closure.start)
            end = closure.end if closure.end <= DAY_S else closure.end - DAY_S
            item["to"] = format_clock(end) if end != DAY_S else "24:00"
            if closure.reason is not None:
                item["reason"] = closure.reason
            closures.append(item)
        out["closures"] = closures
    if calendar.openings:
        out["openings"] = [
            {"date": o.date.isoformat(), "hours": [format_range(s) for s in o.hours]}
            for o in calendar.openings
        ]
    if calendar.on_gap != "shift":
        out["on_gap"] = calendar.on_gap
    if calendar.on_fold != "earlier":
        out["on_fold"] = calendar.on_fold
    return out
