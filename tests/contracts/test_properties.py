"""Properties of availability, credits, earn-back and windows, over generated outages."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slaclock import BusinessCalendar
from slaclock.contracts import ContractSet, Outage, Period, read_outages
from slaclock.contracts import _intervals as iv
from slaclock.contracts.terms import CalendarWindow, Not

from .helpers import base_file

NOVEMBER = Period.parse("2026-11", "month", "Europe/Berlin")
MINUTE = timedelta(minutes=1)
KINDS = ("unplanned", "planned", "customer_caused", "force_majeure")

# mutmut runs each test more than once in one process (scripts/mutation.py): the health check
# for tests run by different executors would stop it, so it is off, as in the mutation profile.
_settings = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors],
)


def _file(**credits: object) -> dict:  # type: ignore[type-arg]
    data = base_file(**credits)
    c = data["contracts"][0]
    c["exclusions"] = {"planned": {"notice": "48h", "max_per_period": "4h"}}
    data["calendars"] = {
        "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["08:00-18:00"]}}
    }
    c["objectives"].append(
        {"name": "shop-office", "service": "shop", "availability": "99.9%", "window": "office"}
    )
    c["credits"]["tiers"]["shop-office"] = [
        {"below": "99.9%", "credit": "3%"},
        {"below": "95%", "credit": "20%"},
    ]
    return data


CONTRACTS = ContractSet.from_dict(_file())
CAPPED = ContractSet.from_dict(_file(cap={"per_period": "4%", "per_year": "6%"}, at_risk="5%"))
EARNING = ContractSet.from_dict(_file(earn_back={"periods": 2}))


@st.composite
def outages(draw: st.DrawFn, months: int = 1) -> Outage:
    start = NOVEMBER.start + draw(st.integers(-3 * 24 * 60, months * 30 * 24 * 60)) * MINUTE
    length = draw(st.integers(1, 36 * 60)) * MINUTE
    kind = draw(st.sampled_from(KINDS))
    announced = start - draw(st.integers(0, 96)) * timedelta(hours=1) if kind == "planned" else None
    impact = Fraction(draw(st.integers(1, 4)), 4)
    service = draw(st.sampled_from(["shop", "backup"]))
    return Outage(service, start, start + length, kind, impact, announced)  # type: ignore[arg-type]


outage_lists = st.lists(outages(), max_size=8)


def _money(text: str) -> Decimal:
    return Decimal(text.split()[0])


def _levels(statement) -> dict[str, Fraction]:  # type: ignore[no-untyped-def]
    return {o.name: Fraction(o.level_exact) for o in statement.objectives}


class TestAvailability:
    @_settings
    @given(outage_lists)
    def test_between_zero_and_one(self, found: list[Outage]) -> None:
        statement = CONTRACTS.statement("acme", "2026-11", found)

        assert all(0 <= level <= 1 for level in _levels(statement).values())

    @_settings
    @given(outage_lists, outages(), st.booleans(), st.integers(0, 7))
    def test_more_downtime_never_helps_the_provider(
        self, found: list[Outage], extra: Outage, over_another: bool, which: int
    ) -> None:
        if over_another and found:
            # Exactly over an existing outage: the case where merging and allowances matter.
            other = found[which % len(found)]
            extra = Outage(other.service, other.start, other.end, "unplanned", extra.impact)
        else:
            extra = Outage(extra.service, extra.start, extra.end, "unplanned", extra.impact)
        before = CONTRACTS.statement("acme", "2026-11", found)
        after = CONTRACTS.statement("acme", "2026-11", [*found, extra])

        for name, level in _levels(after).items():
            assert level <= _levels(before)[name]
        assert _money(after.total_owed) >= _money(before.total_owed)

    @_settings
    @given(outage_lists, st.randoms(use_true_random=False))
    def test_splitting_into_two_files_changes_nothing(self, found: list[Outage], rnd) -> None:  # type: ignore[no-untyped-def]
        lines = [_line(o) for o in found]
        rnd.shuffle(lines)
        cut = rnd.randint(0, len(lines))
        first = read_outages(lines[:cut], source="a.jsonl")
        second = read_outages(lines[cut:], source="b.jsonl")

        whole = CONTRACTS.statement("acme", "2026-11", found)

        assert whole == CONTRACTS.statement("acme", "2026-11", second + first)


def _line(o: Outage) -> str:
    data: dict[str, object] = {
        "service": o.service,
        "start": o.start.isoformat(),
        "end": o.end.isoformat(),
        "kind": o.kind,
        "impact": str(o.impact.numerator / o.impact.denominator),
    }
    if o.announced_at is not None:
        data["announced_at"] = o.announced_at.isoformat()
    return json.dumps(data)


class TestCredits:
    @_settings
    @given(
        st.lists(outages(months=3), max_size=12), st.sampled_from(["2026-11", "2026-12", "2027-01"])
    )
    def test_never_over_the_caps_or_the_amount_at_risk(
        self, found: list[Outage], month: str
    ) -> None:
        statement = CAPPED.statement("acme", month, found)
        fees = Decimal(15000)

        owed = _money(statement.total_owed)
        assert owed <= fees * Decimal("0.04")  # per-period cap (below at risk, 5 %)
        assert owed <= _money(statement.caps[0].limit)
        year = sum(
            (_money(CAPPED.statement("acme", m, found).credit) for m in ("2026-11", "2026-12")),
            Decimal(0),
        )
        assert year <= fees * 12 * Decimal("0.06")

    @_settings
    @given(st.lists(outages(months=3), max_size=12), st.sampled_from(["2026-11", "2027-01"]))
    def test_lines_add_up(self, found: list[Outage], month: str) -> None:
        statement = CAPPED.statement("acme", month, found)

        lines = sum((_money(o.credit) for o in statement.objectives), _money(statement.per_breach))
        assert lines == _money(statement.subtotal)
        limits = [_money(c.limit) for c in statement.caps]
        assert min([lines, *limits]) == _money(statement.credit)

    @_settings
    @given(st.lists(outages(months=4), max_size=12), st.sampled_from(["2027-01", "2027-02"]))
    def test_earn_back_never_makes_a_total_negative(self, found: list[Outage], month: str) -> None:
        statement = EARNING.statement("acme", month, found)

        assert _money(statement.total_owed) >= 0
        assert _money(statement.total_owed) <= _money(statement.credit)
        assert _money(statement.returned_not_offset) >= 0


class TestWindows:
    @_settings
    @given(
        st.sampled_from(["2026-03", "2026-10", "2026-11", "2026-12"]),
        st.sampled_from(["Europe/Berlin", "America/New_York", "Australia/Sydney"]),
        st.integers(0, 22),
        st.integers(1, 24),
    )
    def test_window_and_complement_cover_the_period(
        self, label: str, zone: str, opens: int, hours: int
    ) -> None:
        end = min(opens + hours, 24)
        calendar = BusinessCalendar.weekdays(f"{opens:02d}:00", f"{end:02d}:00", tz=zone)
        window = CalendarWindow("office", calendar)
        lo, hi = Period.parse(label, "month", zone).bounds

        inside = window.spans(lo, hi)
        outside = Not(window).spans(lo, hi)

        assert hi - lo == iv.length(inside) + iv.length(outside)
        assert () == iv.intersect(inside, outside)
        assert ((lo, hi),) == iv.union(inside, outside)


class TestIntervals:
    @given(st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), max_size=10))
    def test_complement_twice_is_the_normal_form(self, spans: list[tuple[int, int]]) -> None:
        normal = iv.normalise(spans)
        within = (0, 100)

        assert iv.intersect(normal, (within,)) == iv.complement(
            iv.complement(normal, within), within
        )
