"""The only module that imports ``holidays``: public-holiday dates for a region and year."""

from __future__ import annotations

import sys
import warnings
from datetime import date
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from ..errors import CalendarError, HolidayDataWarning

__all__ = ["check_region", "data_version", "holiday_dates", "holiday_names"]

if TYPE_CHECKING:
    import holidays


@lru_cache(maxsize=1)
def _package() -> ModuleType:
    """The ``holidays`` package, imported when a holiday region is first used: it takes tens
    of milliseconds, which a calendar without public holidays should not pay.

    Some releases announce their 1.0 on import with a warning meant for whoever pins the
    package; slaclock pins it, so that notice is not passed on to slaclock's users.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"\s*This is a future version incompatibility warning")
        import holidays

    return holidays


def data_version() -> str:
    """The version of the ``holidays`` package whose data is in use."""
    return str(getattr(_package(), "__version__", "unknown"))


@lru_cache(maxsize=256)
def _entity(
    country: str, subdiv: str | None, categories: tuple[str, ...], language: str | None
) -> holidays.HolidayBase:
    try:
        entity: holidays.HolidayBase = _package().country_holidays(
            country,
            subdiv=subdiv,
            categories=categories or None,
            language=language,
        )
        return entity
    except NotImplementedError as exc:
        supported = _package().list_supported_countries()
        if country not in supported:
            raise CalendarError(
                f"unknown holiday country {country!r}; use an ISO 3166-1 alpha-2 code that"
                f" the holidays package {data_version()} supports, e.g. 'DE', 'US', 'GB'"
            ) from exc
        subdivs = ", ".join(supported[country])
        raise CalendarError(
            f"unknown subdivision {subdiv!r} of holiday country {country!r};"
            f" known subdivisions: {subdivs}"
        ) from exc
    except ValueError as exc:
        raise CalendarError(
            f"holiday country {country!r}: {exc} (categories given: {list(categories)})"
        ) from exc


def check_region(
    country: str, subdiv: str | None, categories: tuple[str, ...], language: str | None
) -> None:
    """Raise `CalendarError` unless the region, categories and language are known."""
    entity = _entity(country, subdiv, categories, language)
    supported = tuple(getattr(entity, "supported_languages", ()) or ())
    if language is not None and supported and language not in supported:
        raise CalendarError(
            f"holiday country {country!r} has no names in language {language!r};"
            f" supported languages: {', '.join(supported)}"
        )


def _warn(message: str) -> None:
    """Warn from the first frame outside slaclock, like ``warnings.warn`` with the caller's
    stack level: the message names the cause (a region and a side of its data) but no year,
    so under the default filter a caller sees one warning per cause, not one per year a
    long stretch of business time crosses."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("slaclock."):
        frame = frame.f_back
    warnings.warn_explicit(
        message,
        HolidayDataWarning,
        frame.f_code.co_filename,
        frame.f_lineno,
        module=frame.f_globals.get("__name__"),
        registry=frame.f_globals.setdefault("__warningregistry__", {}),
    )


def _year(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    language: str | None,
    year: int,
) -> dict[date, str]:
    entity = _entity(country, subdiv, categories, language)
    start = int(getattr(entity, "start_year", 1))
    end = int(getattr(entity, "end_year", 9999))
    if not start <= year <= end:
        side = f"before {start}" if year < start else f"after {end}"
        _warn(
            f"holiday data for {country}{'-' + subdiv if subdiv else ''} covers {start}–{end}"
            f" (holidays {data_version()}); years {side} have no public holidays in it, so"
            " every weekday of those years counts as a working day"
        )
        return {}
    if language is None:
        # The package would otherwise name holidays in the machine's locale (LANG), and the
        # names reach ledgers: the same inputs must give the same output everywhere.
        language = getattr(entity, "default_language", None)
    return _in_range(country, subdiv, categories, language, year)


@lru_cache(maxsize=4096)
def _in_range(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    language: str | None,
    year: int,
) -> dict[date, str]:
    fresh = _package().country_holidays(
        country,
        subdiv=subdiv,
        categories=categories or None,
        language=language,
        years=year,
    )
    return {d: str(name) for d, name in sorted(fresh.items())}


def holiday_dates(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    language: str | None,
    year: int,
) -> frozenset[date]:
    """The public-holiday dates of one year for a region."""
    return frozenset(_year(country, subdiv, categories, language, year))


def holiday_names(
    country: str,
    subdiv: str | None,
    categories: tuple[str, ...],
    language: str | None,
    year: int,
) -> dict[date, str]:
    """The holidays of one year with their names, in date order."""
    return dict(_year(country, subdiv, categories, language, year))
