"""The JSON text of statuses, written directly (`TicketStatus.to_json` without ledgers or
cycles): the pieces a batch writes for every ticket, remembered where tickets share them."""

from __future__ import annotations

from datetime import datetime, tzinfo
from json.encoder import encode_basestring

from .._kernel.instants import iso_us
from .._kernel.memo import Memo
from ..budgets import format_duration
from ..policy.model import Target

__all__ = [
    "duration_text",
    "heads",
    "iso_into",
    "json_text",
    "now_text",
    "seconds_text",
    "whys",
]

json_text = encode_basestring  # a str as JSON, as json.dumps(..., ensure_ascii=False) writes it

#: (metric, id of its target) -> (the target, its summary's JSON text before and after the
#: state); the target is kept to tell a reused id apart.
heads: Memo[tuple[str, int], tuple[Target | None, str, str]] = Memo(limit=1024)
#: A ticket's reasons -> their JSON text (tickets chosen alike share their reasons' text).
whys: Memo[tuple[str, ...], str] = Memo(limit=1024)
#: The evaluated instant last written and its ISO text: a batch writes the same `now` for
#: every ticket. One tuple, replaced whole, so threads never see half of it.
_last_now: tuple[datetime | None, str] = (None, "")
_DURATIONS: dict[object, str] = {}


def now_text(now: datetime) -> str:
    """``now.isoformat()``, remembered for the last instant asked."""
    global _last_now
    seen = _last_now
    if seen[0] is not now:
        seen = _last_now = (now, now.isoformat())
    return seen[1]


def iso_into(isos: dict[int, str], us: int, zone: tzinfo) -> str:
    """An instant's JSON text (quoted), remembered in a ticket's `isos`."""
    text = isos[us] = f'"{iso_us(us, zone)}"'
    return text


def seconds_text(us: int) -> str:
    """``json.dumps(us / 1_000_000)``: whole seconds (the usual case) written as integers,
    which is cheaper than a float's shortest repr and the same text below 10**16 s.

    >>> seconds_text(90_000_000), seconds_text(1_500_000), seconds_text(-60_000_000)
    ('90.0', '1.5', '-60.0')
    """
    if us % 1_000_000:
        return repr(us / 1_000_000)
    return f"{us // 1_000_000}.0"


def duration_text(target: Target) -> str:
    """A target's budget as written (remembered: a batch writes the same few budgets)."""
    budget = target.budget
    text = _DURATIONS.get(budget)
    if text is None:
        text = format_duration(budget)
        if len(_DURATIONS) < 1024:
            _DURATIONS[budget] = text
    return text
