"""The only module that imports ``holidays``: public-holiday dates for a region and year."""

from __future__ import annotations

import importlib.util
import sys
import warnings
from datetime import date
from functools import lru_cache
from pathlib import Path
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

    _countries_one_by_one()
    return holidays


class _CountriesPackage(ModuleType):
    """``holidays.countries`` before its ``__init__`` has run. That ``__init__`` imports
    every country (about 250 modules, tens of milliseconds) to re-export their classes;
    ``holidays`` itself finds a country through its registry and imports the country's own
    module, which needs only the package's path. So the package starts as this module with
    the path alone, and a country asked for imports just its module. The first time anything
    else is read from it (``from holidays.countries import France``, ``dir``), the real
    ``__init__`` runs in it, so other users of ``holidays`` in the process see the package
    as it always is."""

    def __getattr__(self, name: str) -> object:
        if (name.startswith("__") and name != "__all__") or self.__dict__.get("_complete"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        self.__dict__["_complete"] = True
        spec = self.__spec__
        if spec is None or spec.loader is None:  # pragma: no cover - set when installed
            raise AttributeError(name)
        spec.loader.exec_module(self)
        return getattr(self, name)

    def __dir__(self) -> list[str]:
        if not self.__dict__.get("_complete"):
            self.__getattr__("__all__")
        return list(self.__dict__)


def _countries_one_by_one() -> None:
    """Install `_CountriesPackage` as ``holidays.countries`` unless the package is already
    imported (then it is complete, and nothing needs doing)."""
    name = "holidays.countries"
    if name in sys.modules:
        return
    parent = sys.modules["holidays"]
    found = [Path(p) / "countries" for p in getattr(parent, "__path__", ())]
    init = next((d / "__init__.py" for d in found if (d / "__init__.py").is_file()), None)
    if init is None:  # pragma: no cover - a holidays without a countries package
        return
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    if spec is None or spec.loader is None:  # pragma: no cover
        return
    module = _CountriesPackage(name)
    module.__spec__ = spec
    module.__loader__ = spec.loader
    module.__file__ = str(init)
    module.__path__ = [str(init.parent)]
    module.__package__ = name
    sys.modules[name] = module
    vars(parent)["countries"] = module  # as the import system sets a subpackage


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
