"""Long tickets' ledgers (sized by events, not days) and the summary JSON form."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from clock_strategies import ClockCase, clock_cases
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock import PolicySet, TicketEvent, evaluate
from slaclock._kernel.instants import from_us, iso_us, to_us

BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = PolicySet.from_dict(
    {
        "calendars": {
            "office": {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
        },
        "policies": [
            {
                "name": "long",
                "calendar": "office",
                "pause_on": ["pending"],
                "targets": {"*": {"resolution": "50000h"}},
            }
        ],
    }
)


def berlin(day: str, time: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=BERLIN)


class TestLongLedgers:
    """A ticket created Monday 2 March 2026, 09:00, on a Mon-Fri 09:00-17:00 calendar without
    holidays, evaluated thirteen weeks later, Monday 1 June, 09:00 (the clocks go forward on
    29 March; business time is the same 8 hours a day either side)."""

    NOW = berlin("2026-06-01", "09:00")
    EVENTS = (TicketEvent.created(berlin("2026-03-02", "09:00"), "P2"),)

    def test_the_first_and_last_week_in_detail_the_rest_in_one_row(self) -> None:
        resolution = evaluate(OFFICE, self.EVENTS, self.NOW).metric("resolution")
        rows = [(e.kind, e.start, e.end, e.business_seconds) for e in resolution.ledger]
        hour = 3600.0
        # The first week: Mon 2 - Fri 6 March, five days of 8 h and four nights.
        head = []
        for day in ("02", "03", "04", "05", "06"):
            head.append(("counted", berlin(f"2026-03-{day}", "09:00"), None, 8 * hour))
        # The middle: Fri 6 March 17:00 to Tue 26 May 09:00; 11 weeks (9 March - 22 May) of
        # 40 h and Monday 25 May, 8 h: 448 h.
        middle = ("counted", berlin("2026-03-06", "17:00"), berlin("2026-05-26", "09:00"))
        # The last week: the open periods after Mon 25 May 09:00 (7 days before now), that is
        # Tue 26 - Fri 29 May, then closed until now.
        tail = []
        for day in ("26", "27", "28", "29"):
            tail.append(("counted", berlin(f"2026-05-{day}", "09:00"), None, 8 * hour))

        counted = [(k, s, None, b) for k, s, _, b in rows if k == "counted"]
        assert head == counted[:5]
        assert (*middle, 448 * hour) == rows[10][:4]
        assert tail == counted[-4:]
        assert 10 == len(counted)  # 5 in the first week, the middle, 4 in the last
        assert ("closed", berlin("2026-05-29", "17:00"), self.NOW, 0.0) == rows[-1]
        assert 1 + 9 + 1 + 8 == len(rows)  # started; head 5+4; middle; tail 4+3+1

    def test_the_long_ledger_adds_up(self) -> None:
        resolution = evaluate(OFFICE, self.EVENTS, self.NOW).metric("resolution")
        counted = sum(e.business_seconds for e in resolution.ledger if e.kind == "counted")

        assert (timedelta(hours=13 * 40), 13 * 40 * 3600.0) == (resolution.elapsed, counted)

    def test_the_middle_row_says_what_it_holds(self) -> None:
        resolution = evaluate(OFFICE, self.EVENTS, self.NOW).metric("resolution")

        assert resolution.ledger[10].reason == (
            "open hours over 80 days, 448h counted; the closed time in between (nights,"
            " weekends, holidays) not counted"
        )

    def test_rows_do_not_grow_with_the_years_open(self) -> None:
        def rows(years: int) -> int:
            now = self.EVENTS[0].at + timedelta(days=365 * years)
            return len(evaluate(OFFICE, self.EVENTS, now).metric("resolution").ledger)

        assert rows(1) == rows(10)
        assert rows(10) < 30

    def test_events_keep_their_rows(self) -> None:
        # A pause in the middle of a long stretch splits it: each stretch shows its ends.
        events = (
            *self.EVENTS,
            TicketEvent.status_changed(berlin("2026-04-15", "10:00"), "pending"),
            TicketEvent.status_changed(berlin("2026-04-15", "12:00"), "open"),
        )
        ledger = evaluate(OFFICE, events, self.NOW).metric("resolution").ledger

        paused = [e for e in ledger if e.kind == "paused"]
        assert [(berlin("2026-04-15", "10:00"), berlin("2026-04-15", "12:00"), 7200.0)] == [
            (e.start, e.end, e.business_seconds) for e in paused
        ]
        assert 2 == sum(1 for e in ledger if e.reason.startswith("open hours over"))


class TestSummaryJson:
    @settings(max_examples=200)
    @given(clock_cases())
    def test_the_written_summary_is_the_dict_as_json(self, case: ClockCase) -> None:
        status = evaluate(case.policies, case.events, case.now)
        expected = json.dumps(status.to_dict(ledger=False, cycles=False), ensure_ascii=False)

        assert expected == status.to_json(ledger=False, cycles=False)

    @settings(max_examples=200)
    @given(clock_cases())
    def test_the_summary_is_the_full_form_less_the_cycle_list(self, case: ClockCase) -> None:
        status = evaluate(case.policies, case.events, case.now)
        full = status.to_dict(ledger=False)
        summary = status.to_dict(ledger=False, cycles=False)
        for metric in full["metrics"].values():
            cycles = metric.pop("cycles")
            metric["cycle"] = cycles[-1]["number"] if cycles else None

        assert full == summary


class TestIsoText:
    @settings(max_examples=2000)
    @given(
        st.integers(-2_000_000_000_000_000, 4_000_000_000_000_000),
        st.sampled_from(
            [
                ZoneInfo("Europe/Berlin"),
                ZoneInfo("America/St_Johns"),
                ZoneInfo("Australia/Lord_Howe"),
                ZoneInfo("Asia/Kathmandu"),
                ZoneInfo("Europe/Amsterdam"),  # +00:19:32 until 1937
                UTC,
            ]
        ),
    )
    def test_the_text_is_the_datetimes_isoformat(self, us: int, zone: tzinfo) -> None:
        assert from_us(us, zone).isoformat() == iso_us(us, zone)

    @settings(max_examples=2000)
    @given(
        st.sampled_from(
            [
                ("Europe/Berlin", "2026-03-29T01:00Z"),
                ("Europe/Berlin", "2026-10-25T01:00Z"),
                ("Australia/Lord_Howe", "2026-04-04T15:00Z"),  # half an hour back
                ("Pacific/Apia", "2011-12-30T10:00Z"),  # a whole day skipped
                ("America/St_Johns", "2026-11-01T04:30Z"),
            ]
        ),
        st.integers(-3 * 86_400_000_000, 3 * 86_400_000_000),
    )
    def test_the_text_around_an_offset_change(self, case: tuple[str, str], shift: int) -> None:
        # Days with a change are looked up by the hour, the others by the day: both sides.
        name, change = case
        us = to_us(datetime.fromisoformat(change), "change") + shift
        zone = ZoneInfo(name)

        assert from_us(us, zone).isoformat() == iso_us(us, zone)

    def test_the_hour_of_a_dst_change(self) -> None:
        # 2026-10-25 in Berlin: the clocks go back at 01:00Z, so 02:30 happens twice.
        berlin = ZoneInfo("Europe/Berlin")
        before = to_us(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "t")
        after = to_us(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "t")

        assert ("2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00") == (
            iso_us(before, berlin),
            iso_us(after, berlin),
        )
