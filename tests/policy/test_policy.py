"""Policies: loading, inheritance, selection, effective dating, targets, pauses and metrics."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from slaclock.budgets import BusinessDays, BusinessTime, parse_duration
from slaclock.calendar import BusinessCalendar
from slaclock.config import PolicySet, load_policies, policy_schema
from slaclock.config.schema import PolicySpec
from slaclock.errors import PolicyError, PolicyFileError
from slaclock.policy import (
    BUILTIN_METRICS,
    Condition,
    ConditionContext,
    MatchRule,
    Options,
    Selector,
    SlaPolicy,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "policies.yaml"

OFFICE = {"timezone": "Europe/Berlin", "hours": {"mon-fri": ["09:00-17:00"]}}
NIGHT = {"timezone": "America/New_York", "hours": {"mon-fri": ["22:00-06:00"]}}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def budget(text: str) -> BusinessTime:
    value = parse_duration(text)
    assert isinstance(value, BusinessTime)
    return value


def policy(name: str = "std", **fields: Any) -> dict[str, Any]:
    fields.setdefault("calendar", "office")
    if "extends" not in fields:
        fields.setdefault("targets", {"*": {"first_response": "4h"}})
    return {"name": name, **fields}


def load(*policies: dict[str, Any], **top: Any) -> PolicySet:
    calendars = top.pop("calendars", {"office": OFFICE})
    return PolicySet.from_dict({"calendars": calendars, "policies": list(policies), **top})


def only(*policies: dict[str, Any], **top: Any) -> SlaPolicy:
    return load(*policies, **top).policies[0]


def budgets(p: SlaPolicy, priority: str) -> dict[str, object]:
    targets = p.targets_for(priority)
    assert targets is not None
    return {metric: target.budget for metric, target in targets.items()}


# =========================================================================== loading

CONTENT: dict[str, Any] = {
    "calendars": {
        "office": {
            "timezone": "Europe/Berlin",
            "hours": {"mon-fri": ["09:00-12:30", "13:30-17:30"]},
            "dates_closed": ["2026-12-31"],
            "closures": [{"date": "2026-12-24", "from": "12:00"}],
        },
        "always": "24x7",
    },
    "policies": [
        {
            "name": "enterprise",
            "match": {"customer_tier": "enterprise"},
            "calendar": "office",
            "pause_on": ["waiting_on_customer"],
            "warn_at": [0.5, 0.75],
            "targets": {
                "P1": {"first_response": "15m", "resolution": "4h", "calendar": "always"},
                "P2": {"first_response": "1h", "resolution": "1 business day"},
            },
        },
        {
            "name": "standard",
            "calendar": "office",
            "pause_on": ["waiting_on_customer", "pending"],
            "targets": {"*": {"first_response": "4h", "resolution": "3 business days"}},
        },
    ],
}

YAML_TEXT = """\
calendars:
  office:
    timezone: Europe/Berlin
    hours:
      mon-fri: ["09:00-12:30", "13:30-17:30"]
    dates_closed: [2026-12-31]
    closures:
      - {date: 2026-12-24, from: "12:00"}
  always: 24x7
policies:
  - name: enterprise
    match: {customer_tier: enterprise}
    calendar: office
    pause_on: [waiting_on_customer]
    warn_at: [0.5, 0.75]
    targets:
      P1: {first_response: 15m, resolution: 4h, calendar: always}
      P2: {first_response: 1h, resolution: 1 business day}
  - name: standard
    calendar: office
    pause_on: [waiting_on_customer, pending]
    targets:
      "*": {first_response: 4h, resolution: 3 business days}
"""

TOML_TEXT = """\
[calendars]
always = "24x7"

[calendars.office]
timezone = "Europe/Berlin"
hours = { mon-fri = ["09:00-12:30", "13:30-17:30"] }
dates_closed = [2026-12-31]
closures = [{ date = 2026-12-24, from = "12:00" }]

[[policies]]
name = "enterprise"
match = { customer_tier = "enterprise" }
calendar = "office"
pause_on = ["waiting_on_customer"]
warn_at = [0.5, 0.75]

[policies.targets.P1]
first_response = "15m"
resolution = "4h"
calendar = "always"

[policies.targets.P2]
first_response = "1h"
resolution = "1 business day"

[[policies]]
name = "standard"
calendar = "office"
pause_on = ["waiting_on_customer", "pending"]
targets = { "*" = { first_response = "4h", resolution = "3 business days" } }
"""


class TestLoadingFormats:
    @pytest.mark.parametrize(
        "read",
        [
            pytest.param(lambda: PolicySet.from_yaml(YAML_TEXT), id="yaml"),
            pytest.param(lambda: PolicySet.from_json(json.dumps(CONTENT)), id="json"),
            pytest.param(lambda: PolicySet.from_toml(TOML_TEXT), id="toml"),
        ],
    )
    def test_every_format_gives_the_same_set(self, read: Any) -> None:
        expected = PolicySet.from_dict(CONTENT)

        actual = read()

        assert expected == actual

    def test_the_content_is_what_was_written(self) -> None:
        policies = PolicySet.from_dict(CONTENT)

        enterprise = policies.get("enterprise")
        p1 = enterprise.targets["P1"]
        assert [p.name for p in policies.policies] == ["enterprise", "standard"]
        assert p1["resolution"].budget == budget("4h")
        assert p1["resolution"].calendar_name == "always"
        assert enterprise.targets["P2"]["resolution"].budget == BusinessDays(1, "same_time")
        assert enterprise.calendar == policies.calendars["office"]

    @pytest.mark.parametrize(
        ("suffix", "text"),
        [
            pytest.param(".yaml", YAML_TEXT, id="yaml"),
            pytest.param(".yml", YAML_TEXT, id="yml"),
            pytest.param(".json", json.dumps(CONTENT), id="json"),
            pytest.param(".toml", TOML_TEXT, id="toml"),
            pytest.param(".YAML", YAML_TEXT, id="upper-case-suffix"),
        ],
    )
    def test_load_policies_picks_the_reader_by_suffix(
        self, tmp_path: Path, suffix: str, text: str
    ) -> None:
        file = tmp_path / f"policies{suffix}"
        file.write_text(text, encoding="utf-8")
        expected = PolicySet.from_dict(CONTENT)

        actual = load_policies(file)

        assert expected == actual

    def test_python_objects_validate_like_files(self) -> None:
        spec = PolicySpec.model_validate(CONTENT["policies"][0])

        assert spec.name == "enterprise"
        assert spec.targets is not None
        assert spec.targets["P1"]["calendar"] == "always"

    def test_specs_are_frozen(self) -> None:
        spec = PolicySpec.model_validate(CONTENT["policies"][1])

        with pytest.raises(ValueError, match="frozen"):
            spec.name = "other"  # type: ignore[misc]

    def test_yaml_is_loaded_safely(self) -> None:
        text = YAML_TEXT.replace("name: standard", "name: !!python/object/apply:os.system ['true']")

        with pytest.raises(PolicyFileError, match="not valid YAML"):
            PolicySet.from_yaml(text)

    def test_a_calendar_outside_the_file_is_the_24x7_alias(self) -> None:
        p = only(policy(calendar="24x7"), calendars={})

        assert p.calendar == BusinessCalendar.always()


# =========================================================================== inheritance

CORPORATE = {
    "name": "corporate",
    "abstract": True,
    "calendar": "office",
    "match": {"region": "eu"},
    "effective_from": "2026-01-01",
    "pause_on": ["waiting_on_customer"],
    "warn_at": [0.5, 0.75],
    "reopen": "new_cycle",
    "targets": {
        "P1": {"first_response": "1h", "next_response": "2h", "resolution": "8h"},
        "*": {"first_response": "4h", "resolution": "3 business days"},
    },
}
CUSTOMER = {
    "name": "acme",
    "extends": "corporate",
    "match": {"customer": "acme"},
    "warn_at": [0.9],
    "targets": {"P1": {"first_response": "30m"}, "P2": {"first_response": "2h"}},
}
SERVICE = {
    "name": "acme-network",
    "extends": "acme",
    "match": {"customer": "acme", "service": "network"},
    "calendar": "night",
    "priority_change": "keep",
    "targets": {"P1": {"resolution": {"within": "4h", "calendar": "24x7"}}},
}


def three_levels() -> PolicySet:
    return load(SERVICE, CUSTOMER, CORPORATE, calendars={"office": OFFICE, "night": NIGHT})


class TestInheritance:
    def test_targets_merge_per_priority_and_metric(self) -> None:
        service = three_levels().get("acme-network")

        expected = {
            "first_response": budget("30m"),  # from the customer
            "next_response": budget("2h"),  # from corporate
            "resolution": budget("4h"),  # the service's own
        }
        assert expected == budgets(service, "P1")

    def test_a_new_priority_in_the_child_joins_the_parents(self) -> None:
        customer = three_levels().get("acme")

        actual = sorted(customer.targets)

        expected = ["*", "P1", "P2"]
        assert expected == actual

    def test_the_lineage_names_every_level(self) -> None:
        service = three_levels().get("acme-network")

        actual = service.lineage

        expected = ("corporate", "acme", "acme-network")
        assert expected == actual

    def test_options_and_settings_are_inherited_unless_overridden(self) -> None:
        service = three_levels().get("acme-network")

        assert service.options.reopen == "new_cycle"  # corporate
        assert service.options.priority_change == "keep"  # its own
        assert service.warn_at == (0.9,)  # the customer's list replaces corporate's
        assert service.pause_rules[0].statuses == frozenset({"waiting_on_customer"})

    def test_match_is_not_inherited(self) -> None:
        customer = three_levels().get("acme")

        actual = customer.match

        expected = (MatchRule("customer", "in", ("acme",)),)
        assert expected == actual

    def test_effective_dates_are_not_inherited(self) -> None:
        customer = three_levels().get("acme")

        assert customer.effective_from is None
        assert customer.effective_until is None

    def test_abstract_is_not_inherited(self) -> None:
        policies = three_levels()

        actual = {p.name: p.abstract for p in policies.policies}

        expected = {"acme-network": False, "acme": False, "corporate": True}
        assert expected == actual

    def test_an_abstract_base_is_never_selected(self) -> None:
        policies = three_levels()

        selection = policies.select(
            priority="P3",
            attributes={"region": "eu"},
            created_at=datetime.fromisoformat("2026-11-23T10:00+01:00"),
        )

        assert selection.policy is None

    def test_dated_policies_need_an_instant_to_select(self) -> None:
        policies = three_levels()

        with pytest.raises(PolicyError, match="needs created_at"):
            policies.select(priority="P3", attributes={"region": "eu"})

    def test_the_child_calendar_applies_to_inherited_targets(self) -> None:
        service = three_levels().get("acme-network")

        targets = service.targets_for("P3")
        assert targets is not None
        actual = {metric: t.calendar_name for metric, t in targets.items()}

        expected = {"first_response": "night", "resolution": "night"}
        assert expected == actual

    def test_a_per_metric_calendar_is_kept(self) -> None:
        service = three_levels().get("acme-network")

        actual = service.targets["P1"]["resolution"].calendar_name

        expected = "24x7"
        assert expected == actual

    def test_a_child_may_appear_before_its_parent(self) -> None:
        names = [p.name for p in three_levels().policies]

        expected = ["acme-network", "acme", "corporate"]
        assert expected == names

    def test_custom_metrics_merge_by_name(self) -> None:
        parent = policy(
            "base",
            abstract=True,
            metrics={"ola": {"start": {"group": "L2"}, "stop": {"event": "resolved"}}},
        )
        child = policy(
            "child",
            extends="base",
            metrics={"l3": {"start": {"group": "L3"}, "stop": {"event": "resolved"}}},
            targets={"*": {"ola": "2h", "l3": "4h"}},
        )

        actual = sorted(load(parent, child).get("child").metrics)

        expected = ["l3", "ola"]
        assert expected == actual

    def test_day_means_is_applied_where_the_target_is_used(self) -> None:
        parent = policy("base", abstract=True, targets={"*": {"resolution": "2 business days"}})
        child = policy("child", extends="base", day_means="24h")

        actual = budgets(load(parent, child).get("child"), "P3")

        expected = {"resolution": budget("48h")}
        assert expected == actual


# =========================================================================== selection


def ladder() -> PolicySet:
    return load(
        policy("vip", match={"customer": "acme", "vip": True}),
        policy("acme", match={"customer": "acme"}),
        policy("fallback"),
    )


class TestSelection:
    def test_first_match_wins(self) -> None:
        selection = ladder().select(priority="P2", attributes={"customer": "acme", "vip": True})

        assert selection.policy is not None
        assert selection.policy.name == "vip"

    def test_the_explanation_says_why_earlier_policies_were_skipped(self) -> None:
        selection = ladder().select(priority="P2", attributes={"customer": "acme"})

        expected = (
            "policy 'vip' skipped: vip is absent (wanted True)",
            "policy 'acme' chosen: customer='acme' is in ['acme']",
        )
        assert expected == selection.reasons
        assert "\n".join(expected) == selection.explain()

    def test_a_policy_without_match_is_the_fallback(self) -> None:
        selection = ladder().select(priority="P2", attributes={"customer": "globex"})

        assert selection.policy is not None
        assert selection.policy.name == "fallback"
        assert selection.reasons[-1] == (
            "policy 'fallback' chosen: it has no match conditions (a fallback)"
        )

    def test_no_match_gives_no_policy_and_says_so(self) -> None:
        policies = load(policy("acme", match={"customer": "acme"}))

        selection = policies.select(priority="P2", attributes={})

        assert selection.policy is None
        assert selection.reasons == (
            "policy 'acme' skipped: customer is absent (wanted 'acme')",
            "no policy matched, so the ticket has no SLA targets",
        )

    @pytest.mark.parametrize(
        ("match", "attributes", "expected"),
        [
            pytest.param({"tier": "gold"}, {"tier": "gold"}, True, id="scalar-equal"),
            pytest.param({"tier": "gold"}, {"tier": "silver"}, False, id="scalar-differs"),
            pytest.param({"tier": "gold"}, {}, False, id="scalar-absent"),
            pytest.param({"tier": ["gold", "silver"]}, {"tier": "silver"}, True, id="list"),
            pytest.param({"tier": ["gold", "silver"]}, {"tier": "bronze"}, False, id="list-out"),
            pytest.param({"tier": {"in": ["gold"]}}, {"tier": "gold"}, True, id="in"),
            pytest.param({"tier": {"in": ["gold"]}}, {"tier": "bronze"}, False, id="in-out"),
            pytest.param({"region": {"not_in": ["EU"]}}, {"region": "US"}, True, id="not-in"),
            pytest.param({"region": {"not_in": ["EU"]}}, {"region": "EU"}, False, id="not-in-hit"),
            pytest.param({"region": {"not_in": ["EU"]}}, {}, True, id="not-in-absent"),
            pytest.param({"contract": {"exists": True}}, {"contract": "c1"}, True, id="exists"),
            pytest.param({"contract": {"exists": True}}, {}, False, id="exists-absent"),
            pytest.param(
                {"contract": {"exists": True}}, {"contract": None}, False, id="exists-none"
            ),
            pytest.param({"contract": {"exists": False}}, {}, True, id="not-exists"),
            pytest.param({"seats": 100}, {"seats": 100}, True, id="number"),
            pytest.param({"seats": 100}, {"seats": 100.0}, True, id="int-equals-float"),
            pytest.param({"seats": 100}, {"seats": "100"}, False, id="number-is-not-text"),
            pytest.param({"vip": True}, {"vip": True}, True, id="bool"),
            pytest.param({"vip": True}, {"vip": 1}, False, id="one-is-not-true"),
            pytest.param({"vip": 1}, {"vip": True}, False, id="true-is-not-one"),
            pytest.param({"a": 1, "b": 2}, {"a": 1, "b": 2}, True, id="all-keys-hold"),
            pytest.param({"a": 1, "b": 2}, {"a": 1, "b": 3}, False, id="one-key-fails"),
        ],
    )
    def test_match_operators(
        self, match: dict[str, Any], attributes: dict[str, object], expected: bool
    ) -> None:
        p = only(policy(match=match))

        actual, _ = p.matches("P3", attributes)

        assert expected == actual

    @pytest.mark.parametrize(
        ("priority", "expected"),
        [
            pytest.param("P1", "urgent", id="listed"),
            pytest.param("P2", "urgent", id="listed-second"),
            pytest.param("P3", "rest", id="not-listed"),
        ],
    )
    def test_match_on_priority(self, priority: str, expected: str) -> None:
        policies = load(
            policy("urgent", match={"priority": ["P1", "P2"]}),
            policy("rest"),
        )

        selection = policies.select(priority=priority, attributes={})

        assert selection.policy is not None
        assert expected == selection.policy.name

    def test_the_ticket_priority_wins_over_an_attribute_named_priority(self) -> None:
        policies = load(policy("urgent", match={"priority": "P1"}))

        selection = policies.select(priority="P3", attributes={"priority": "P1"})

        assert selection.policy is None

    @settings(max_examples=300, deadline=None)
    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["P1", "P2", "P3"]),
                st.dictionaries(
                    st.sampled_from(["seats", "vip", "tier", "other"]),
                    st.sampled_from([True, False, 1, 0, 1.0, 100, 100.0, "100", "gold", None])
                    | st.lists(st.integers(0, 2), max_size=2),
                    max_size=4,
                ),
            ),
            min_size=1,
            max_size=20,
        )
    )
    def test_remembered_selections_equal_fresh_ones(
        self, tickets: list[tuple[str, dict[str, object]]]
    ) -> None:
        # select() remembers its choices by the matched attributes' values and types; one
        # set serving many tickets must still choose exactly as a first look would.
        policies = load(
            policy("vip", match={"vip": True}),
            policy("big", match={"seats": 100}),
            policy("p1", match={"priority": "P1", "tier": {"not_in": ["gold"]}}),
            policy("one", match={"vip": 1}),
            policy("fallback"),
        )
        for priority, attributes in tickets:
            expected = Selector(policies.policies).select(priority, attributes, None)

            actual = policies.select(priority=priority, attributes=attributes)

            assert expected == actual

    def test_get_names_the_known_policies_when_one_is_missing(self) -> None:
        with pytest.raises(PolicyError, match="no policy named 'nope'; defined: vip, acme"):
            ladder().get("nope")


# =========================================================================== effective dating


def versions(**top: Any) -> PolicySet:
    return load(
        policy(
            "gold",
            match={"tier": "gold"},
            effective_until="2026-07-01",
            targets={"*": {"resolution": "8h"}},
        ),
        policy(
            "gold",
            match={"tier": "gold"},
            effective_from="2026-07-01",
            targets={"*": {"resolution": "4h"}},
        ),
        policy("standard"),
        **top,
    )


def chosen_resolution(selection: Any) -> object:
    assert selection.policy is not None
    return selection.policy.targets["*"]["resolution"].budget


class TestEffectiveDating:
    @pytest.mark.parametrize(
        ("created", "expected"),
        [
            pytest.param("2026-03-01T10:00+01:00", "8h", id="before"),
            pytest.param("2026-06-30T23:59:59+02:00", "8h", id="last-second-of-old"),
            pytest.param("2026-07-01T00:00+02:00", "4h", id="midnight-berlin-is-new"),
            pytest.param("2026-06-30T22:00+00:00", "4h", id="same-instant-in-utc"),
            pytest.param("2026-06-30T21:59:59+00:00", "8h", id="utc-second-before"),
            pytest.param("2027-01-01T10:00+01:00", "4h", id="long-after"),
        ],
    )
    def test_the_version_is_picked_by_creation(self, created: str, expected: str) -> None:
        selection = versions().select(
            priority="P2",
            attributes={"tier": "gold"},
            created_at=at(created),
            now=at("2026-12-01T10:00+01:00"),
        )

        actual = chosen_resolution(selection)

        assert budget(expected) == actual

    def test_a_date_means_midnight_in_the_policy_calendar_zone(self) -> None:
        old, new = versions().policies[:2]

        assert at("2026-07-01T00:00+02:00") == old.effective_until
        assert at("2026-07-01T00:00+02:00") == new.effective_from

    def test_an_aware_datetime_is_taken_as_given(self) -> None:
        p = only(policy(effective_from="2026-07-01T08:00:00-04:00"))

        actual = p.effective_from

        assert at("2026-07-01T14:00+02:00") == actual

    def test_effective_by_now_picks_the_version_in_effect_now(self) -> None:
        policies = versions(effective_by="now")

        selection = policies.select(
            priority="P2",
            attributes={"tier": "gold"},
            created_at=at("2026-03-01T10:00+01:00"),
            now=at("2026-08-01T10:00+02:00"),
        )

        assert budget("4h") == chosen_resolution(selection)

    def test_the_chosen_version_is_named_in_the_explanation(self) -> None:
        selection = versions().select(
            priority="P2", attributes={"tier": "gold"}, created_at=at("2026-08-01T10:00+02:00")
        )

        expected = (
            "policy 'gold' (version effective from 2026-07-01T00:00:00+02:00) chosen:"
            " tier='gold' is in ['gold']"
        )
        assert (expected,) == selection.reasons

    def test_a_policy_not_yet_in_effect_is_skipped_with_a_reason(self) -> None:
        policies = load(
            policy("new", effective_from="2026-07-01", match={"tier": "gold"}),
            policy("standard"),
        )

        selection = policies.select(
            priority="P2", attributes={"tier": "gold"}, created_at=at("2026-06-01T10:00+02:00")
        )

        assert selection.policy is not None
        assert selection.policy.name == "standard"
        assert selection.reasons[0] == (
            "policy 'new' skipped: no version of it is in effect at 2026-06-01T10:00:00+02:00"
        )

    def test_versions_that_touch_do_not_overlap(self) -> None:
        policies = versions()

        actual = [(p.name, p.effective_from is None) for p in policies.policies]

        expected = [("gold", True), ("gold", False), ("standard", True)]
        assert expected == actual

    def test_three_versions_in_any_order(self) -> None:
        policies = load(
            policy("p", effective_from="2027-01-01", targets={"*": {"resolution": "1h"}}),
            policy("p", effective_until="2026-01-01", targets={"*": {"resolution": "3h"}}),
            policy(
                "p",
                effective_from="2026-01-01",
                effective_until="2027-01-01",
                targets={"*": {"resolution": "2h"}},
            ),
        )

        picked = [
            chosen_resolution(policies.select(priority="P1", attributes={}, created_at=at(created)))
            for created in ("2025-06-01T10:00Z", "2026-06-01T10:00Z", "2027-06-01T10:00Z")
        ]

        assert [budget("3h"), budget("2h"), budget("1h")] == picked

    def test_in_effect_is_half_open(self) -> None:
        p = only(policy(effective_from="2026-01-01", effective_until="2026-02-01"))

        actual = [
            p.in_effect(at(t))
            for t in (
                "2025-12-31T23:59:59+01:00",
                "2026-01-01T00:00+01:00",
                "2026-02-01T00:00+01:00",
            )
        ]

        expected = [False, True, False]
        assert expected == actual


# =========================================================================== targets


class TestTargets:
    def test_p1_runs_around_the_clock_and_the_rest_in_business_hours(self) -> None:
        p = only(
            policy(
                targets={
                    "P1": {"first_response": "15m", "resolution": "4h", "calendar": "always"},
                    "*": {"first_response": "4h", "resolution": "3 business days"},
                }
            ),
            calendars={"office": OFFICE, "always": "24x7"},
        )

        actual = {
            prio: {m: t.calendar_name for m, t in targets.items()}
            for prio, targets in p.targets.items()
        }

        expected = {
            "P1": {"first_response": "always", "resolution": "always"},
            "*": {"first_response": "office", "resolution": "office"},
        }
        assert expected == actual
        assert p.targets["P1"]["resolution"].calendar.is_open(at("2026-11-29T03:00+01:00"))

    def test_a_metric_may_carry_its_own_calendar(self) -> None:
        p = only(
            policy(
                targets={
                    "P1": {
                        "first_response": {"within": "15m", "calendar": "24x7"},
                        "resolution": "4h",
                    }
                }
            )
        )

        actual = {m: (t.budget, t.calendar_name) for m, t in p.targets["P1"].items()}

        expected = {
            "first_response": (budget("15m"), "24x7"),
            "resolution": (budget("4h"), "office"),
        }
        assert expected == actual

    @pytest.mark.parametrize("alias", ["24x7", "24/7", "always"])
    def test_24x7_needs_no_calendar_entry(self, alias: str) -> None:
        p = only(policy(targets={"P1": {"resolution": {"within": "4h", "calendar": alias}}}))

        actual = p.targets["P1"]["resolution"].calendar

        assert BusinessCalendar.always() == actual

    @pytest.mark.parametrize(
        ("priority", "expected"),
        [
            pytest.param("P1", {"resolution": budget("4h")}, id="own-targets"),
            pytest.param("P7", {"resolution": budget("2h")}, id="wildcard"),
        ],
    )
    def test_targets_for_a_priority_fall_back_to_the_wildcard(
        self, priority: str, expected: dict[str, object]
    ) -> None:
        p = only(policy(targets={"P1": {"resolution": "4h"}, "*": {"resolution": "2h"}}))

        actual = budgets(p, priority)

        assert expected == actual

    def test_no_targets_for_a_priority_is_none(self) -> None:
        p = only(policy(targets={"P1": {"resolution": "4h"}}))

        assert p.targets_for("P3") is None
        assert p.options.unknown_priority == "error"

    def test_describe(self) -> None:
        p = only(policy(targets={"P1": {"resolution": "90m"}}))

        actual = p.targets["P1"]["resolution"].describe()

        expected = "resolution: 1h30m (calendar 'office')"
        assert expected == actual

    def test_every_builtin_metric_takes_a_target(self) -> None:
        p = only(policy(targets={"*": dict.fromkeys(BUILTIN_METRICS, "1h")}))

        actual = sorted(p.targets["*"])

        assert sorted(BUILTIN_METRICS) == actual


class TestDayMeans:
    @pytest.mark.parametrize(
        ("options", "text", "expected"),
        [
            pytest.param({}, "2 business days", BusinessDays(2, "same_time"), id="default"),
            pytest.param(
                {"day_means": "close"}, "2 business days", BusinessDays(2, "close"), id="close"
            ),
            pytest.param(
                {"day_means": "same_time"}, "2d", BusinessDays(2, "same_time"), id="bare-d"
            ),
            pytest.param({"day_means": "close"}, "P3D", BusinessDays(3, "close"), id="iso"),
            pytest.param({"day_means": "24h"}, "3 business days", budget("72h"), id="24h-to-time"),
            pytest.param({"day_means": "24h"}, "2d", budget("48h"), id="24h-bare-d"),
            pytest.param(
                {"day_means": "hours", "hours_per_day": "8h"},
                "3 business days",
                budget("24h"),
                id="hours-per-day",
            ),
            pytest.param(
                {"day_means": "hours", "hours_per_day": "7h30m"},
                "2 days",
                budget("15h"),
                id="hours-per-day-with-minutes",
            ),
            pytest.param(
                {"day_means": "24h"},
                "2 business days at close",
                BusinessDays(2, "close"),
                id="inline-meaning-wins",
            ),
            pytest.param(
                {"day_means": "close"},
                "1 business day same time",
                BusinessDays(1, "same_time"),
                id="inline-same-time-wins",
            ),
            pytest.param({"day_means": "24h"}, "4h", budget("4h"), id="time-untouched"),
        ],
    )
    def test_what_a_day_means(self, options: dict[str, str], text: str, expected: object) -> None:
        p = only(policy(targets={"*": {"resolution": text}}, **options))

        actual = p.targets["*"]["resolution"].budget

        assert expected == actual

    def test_hours_per_day_is_kept_as_an_option(self) -> None:
        p = only(policy(day_means="hours", hours_per_day="8h"))

        actual = p.options

        assert Options(day_means="hours", hours_per_day=timedelta(hours=8)) == actual


class TestOptions:
    def test_defaults(self) -> None:
        p = only(policy())

        expected = Options(
            priority_change="retarget",
            reopen="resume",
            pause_accounting="business",
            sticky_breach=True,
            day_means="same_time",
            hours_per_day=None,
            unknown_priority="error",
        )
        assert expected == p.options

    @pytest.mark.parametrize(
        ("key", "value"),
        [
            pytest.param("priority_change", "retarget", id="priority-retarget"),
            pytest.param("priority_change", "restart", id="priority-restart"),
            pytest.param("priority_change", "keep", id="priority-keep"),
            pytest.param("reopen", "resume", id="reopen-resume"),
            pytest.param("reopen", "new_cycle", id="reopen-new-cycle"),
            pytest.param("reopen", "restart", id="reopen-restart"),
            pytest.param("pause_accounting", "business", id="pause-business"),
            pytest.param("pause_accounting", "wall", id="pause-wall"),
            pytest.param("sticky_breach", True, id="sticky"),
            pytest.param("sticky_breach", False, id="not-sticky"),
            pytest.param("day_means", "same_time", id="day-same-time"),
            pytest.param("day_means", "close", id="day-close"),
            pytest.param("day_means", "24h", id="day-24h"),
            pytest.param("unknown_priority", "error", id="unknown-error"),
            pytest.param("unknown_priority", "no_targets", id="unknown-no-targets"),
        ],
    )
    def test_every_alternative_is_accepted(self, key: str, value: object) -> None:
        fields: dict[str, Any] = {key: value}
        p = only(policy(**fields))

        actual = getattr(p.options, key)

        assert value == actual


class TestWarnAt:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            pytest.param([0.5, 0.75], (0.5, 0.75), id="in-order"),
            pytest.param([0.9, 0.5], (0.5, 0.9), id="sorted"),
            pytest.param([0.5, 0.5, 0.8], (0.5, 0.8), id="deduplicated"),
            pytest.param([0.01, 0.99], (0.01, 0.99), id="near-the-ends"),
            pytest.param([], (), id="none"),
        ],
    )
    def test_thresholds(self, given: list[float], expected: tuple[float, ...]) -> None:
        p = only(policy(warn_at=given))

        actual = p.warn_at

        assert expected == actual


# =========================================================================== pauses


class TestPauseRules:
    def test_pause_on_pauses_every_metric(self) -> None:
        p = only(policy(pause_on=["waiting_on_customer", "pending"]))

        actual = [p.paused_metrics(s) for s in ("pending", "waiting_on_customer", "open", None)]

        expected = [frozenset({"*"}), frozenset({"*"}), None, None]
        assert expected == actual

    def test_a_pause_rule_may_name_its_metrics(self) -> None:
        p = only(
            policy(
                pause_on=["waiting_on_customer"],
                pause=[{"statuses": ["waiting_on_vendor"], "metrics": ["resolution"]}],
            )
        )

        actual = p.paused_metrics("waiting_on_vendor")

        assert frozenset({"resolution"}) == actual
        assert p.pause_rules[1].applies_to("resolution")
        assert not p.pause_rules[1].applies_to("first_response")

    def test_rules_for_one_status_add_up(self) -> None:
        p = only(
            policy(
                pause=[
                    {"statuses": ["pending"], "metrics": ["resolution"]},
                    {"statuses": ["pending", "on_hold"], "metrics": ["next_response"]},
                ]
            )
        )

        actual = p.paused_metrics("pending")

        assert frozenset({"resolution", "next_response"}) == actual

    def test_an_all_metrics_rule_wins(self) -> None:
        p = only(
            policy(
                pause_on=["pending"],
                pause=[{"statuses": ["pending"], "metrics": ["resolution"]}],
            )
        )

        actual = p.paused_metrics("pending")

        assert frozenset({"*"}) == actual

    def test_a_pause_rule_may_name_a_custom_metric(self) -> None:
        p = only(
            policy(
                metrics={"ola": {"start": {"group": "L2"}, "stop": {"event": "resolved"}}},
                pause=[{"statuses": ["pending"], "metrics": ["ola"]}],
                targets={"*": {"ola": "2h"}},
            )
        )

        actual = p.paused_metrics("pending")

        assert frozenset({"ola"}) == actual


# =========================================================================== custom metrics


def ctx(
    event: str | None = None,
    *,
    public: bool | None = None,
    status: str | None = "open",
    group: str | None = None,
    assignee: str | None = None,
    priority: str | None = "P2",
    attributes: Mapping[str, object] | None = None,
) -> ConditionContext:
    return ConditionContext(event, public, status, group, assignee, priority, attributes or {})


def condition(spec: object) -> Condition:
    p = only(
        policy(
            metrics={"m": {"start": spec, "stop": {"event": "resolved"}}},
            targets={"*": {"m": "1h"}},
        )
    )
    return p.metrics["m"].start


class TestCustomMetrics:
    def test_an_ola_runs_while_a_group_holds_the_ticket(self) -> None:
        p = only(
            policy(
                metrics={
                    "l2-ola": {
                        "description": "time L2 holds the ticket",
                        "start": {"group": "L2"},
                        "pause": {"not": {"group": "L2"}},
                        "stop": {"event": "resolved"},
                    }
                },
                targets={"*": {"l2-ola": "4h", "resolution": "2 business days"}},
            )
        )

        ola = p.metrics["l2-ola"]
        assert ola.description == "time L2 holds the ticket"
        assert ola.start.holds(ctx("assigned", group="L2"))
        assert not ola.start.holds(ctx("assigned", group="L1"))
        assert ola.pause is not None
        assert ola.pause.holds(ctx("assigned", group="L1"))
        assert not ola.pause.holds(ctx("assigned", group="L2"))
        assert ola.stop.holds(ctx("resolved", group="L2"))
        assert p.targets["*"]["l2-ola"].budget == budget("4h")

    @pytest.mark.parametrize(
        ("spec", "context", "expected"),
        [
            pytest.param({"event": "created"}, ctx("created"), True, id="event"),
            pytest.param({"event": "created"}, ctx("assigned"), False, id="other-event"),
            pytest.param(
                {"event": ["resolved", "closed"]}, ctx("closed"), True, id="event-in-list"
            ),
            pytest.param(
                {"event": "agent_replied", "public": True},
                ctx("agent_replied", public=True),
                True,
                id="public-reply",
            ),
            pytest.param(
                {"event": "agent_replied", "public": True},
                ctx("agent_replied", public=False),
                False,
                id="internal-note",
            ),
            pytest.param({"status": "pending"}, ctx(status="pending"), True, id="status"),
            pytest.param(
                {"status": ["pending", "on_hold"]}, ctx(status="open"), False, id="status-out"
            ),
            pytest.param({"group": "L2"}, ctx(group="L2"), True, id="group"),
            pytest.param({"group": "L2"}, ctx(group=None), False, id="no-group"),
            pytest.param({"assignee": "ada"}, ctx(assignee="ada"), True, id="assignee"),
            pytest.param({"priority": ["P1"]}, ctx(priority="P1"), True, id="priority"),
            pytest.param(
                {"attributes": {"service": "vpn"}},
                ctx(attributes={"service": "vpn"}),
                True,
                id="attribute",
            ),
            pytest.param(
                {"attributes": {"service": {"not_in": ["vpn"]}}},
                ctx(attributes={"service": "vpn"}),
                False,
                id="attribute-not-in",
            ),
            pytest.param(
                {"attributes": {"vendor_case": {"exists": True}}},
                ctx(attributes={}),
                False,
                id="attribute-exists",
            ),
            pytest.param({"not": {"group": "L2"}}, ctx(group="L1"), True, id="not"),
            pytest.param({"not": {"group": "L2"}}, ctx(group="L2"), False, id="not-holds"),
            pytest.param(
                {"any": [{"group": "L2"}, {"status": "escalated"}]},
                ctx(status="escalated"),
                True,
                id="any",
            ),
            pytest.param(
                {"any": [{"group": "L2"}, {"status": "escalated"}]},
                ctx(group="L1"),
                False,
                id="any-none",
            ),
            pytest.param(
                {"all": [{"group": "L2"}, {"status": "open"}]},
                ctx(group="L2", status="open"),
                True,
                id="all",
            ),
            pytest.param(
                {"all": [{"group": "L2"}, {"status": "open"}]},
                ctx(group="L2", status="pending"),
                False,
                id="all-one-fails",
            ),
            pytest.param(
                [{"event": "created"}, {"status": "new"}],
                ctx(status="new"),
                True,
                id="list-means-any",
            ),
            pytest.param(
                {"event": "assigned", "group": "L2"},
                ctx("assigned", group="L3"),
                False,
                id="every-field-must-hold",
            ),
        ],
    )
    def test_condition_holds(self, spec: object, context: ConditionContext, expected: bool) -> None:
        cond = condition(spec)

        actual = cond.holds(context)

        assert expected == actual

    @pytest.mark.parametrize(
        ("spec", "expected"),
        [
            pytest.param({"group": "L2"}, True, id="group"),
            pytest.param({"status": "pending", "attributes": {"x": 1}}, True, id="state-only"),
            pytest.param({"not": {"group": "L2"}}, True, id="not-state"),
            pytest.param({"event": "assigned"}, False, id="event"),
            pytest.param({"not": {"event": "assigned"}}, False, id="not-event"),
            pytest.param({"any": [{"group": "L2"}, {"event": "created"}]}, False, id="any-event"),
            pytest.param({"all": [{"group": "L2"}, {"status": "open"}]}, True, id="all-state"),
        ],
    )
    def test_state_conditions_hold_over_time(self, spec: object, expected: bool) -> None:
        actual = condition(spec).is_state

        assert expected == actual

    def test_every_condition_kind_is_kept(self) -> None:
        p = only(
            policy(
                metrics={
                    "vendor": {
                        "start": {"status": "waiting_on_vendor"},
                        "stop": {"event": ["resolved", "closed"]},
                        "pause": {"status": "pending"},
                        "resume": {"status": "waiting_on_vendor"},
                        "reset": {"event": "reopened"},
                        "cancel": {"event": "priority_changed", "priority": "P4"},
                    }
                },
                targets={"*": {"vendor": "1 business day"}},
            )
        )

        m = p.metrics["vendor"]
        assert m.name == "vendor"
        assert m.resume is not None and m.resume.statuses == frozenset({"waiting_on_vendor"})
        assert m.reset is not None and m.reset.events == frozenset({"reopened"})
        assert m.cancel is not None and m.cancel.priorities == frozenset({"P4"})


# =========================================================================== schema


def _properties(schema: dict[str, Any], name: str) -> set[str]:
    return set(schema["$defs"][name]["properties"])


class TestSchema:
    def test_top_level(self) -> None:
        schema = policy_schema()

        assert {"calendars", "policies", "effective_by", "services", "contracts"} == set(
            schema["properties"]
        )
        assert schema["required"] == ["policies"]
        assert schema["additionalProperties"] is False

    def test_every_policy_field_is_in_the_schema(self) -> None:
        schema = policy_schema()

        expected = {f.alias or name for name, f in PolicySpec.model_fields.items()}
        assert expected == _properties(schema, "PolicySpec")

    def test_aliases_are_the_written_names(self) -> None:
        schema = policy_schema()

        assert "not" in _properties(schema, "ConditionSpec")
        assert "in" in _properties(schema, "MatchOpSpec")

    def test_the_schema_is_json(self) -> None:
        schema = policy_schema()

        actual = json.loads(json.dumps(schema))

        assert schema == actual

    def test_the_example_file_fits_the_schema(self) -> None:
        data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
        schema = json.loads(json.dumps(policy_schema()))
        # YAML reads dates as date objects; in JSON they are strings.
        instance = json.loads(json.dumps(data, default=str))
        try:
            import jsonschema
        except ImportError:  # a structural check where the validator is not installed
            allowed = _properties(schema, "PolicySpec")
            unknown = {key for p in instance["policies"] for key in p} - allowed
            assert set() == unknown
            assert set(instance) <= set(schema["properties"])
        else:
            jsonschema.validate(instance, schema)


# =========================================================================== dumping


class TestToDict:
    def test_a_dumped_set_loads_back_equal(self) -> None:
        policies = load_policies(EXAMPLE)

        actual = PolicySet.from_dict(policies.to_dict())

        assert policies == actual

    @pytest.mark.parametrize(
        ("dump", "read"),
        [
            pytest.param(yaml.safe_dump, PolicySet.from_yaml, id="yaml"),
            pytest.param(json.dumps, PolicySet.from_json, id="json"),
        ],
    )
    def test_a_dump_survives_a_file(self, dump: Any, read: Any) -> None:
        policies = three_levels()

        actual = read(dump(policies.to_dict()))

        assert policies == actual

    def test_inheritance_is_flattened(self) -> None:
        dumped = three_levels().to_dict()

        service = dumped["policies"][0]
        assert "extends" not in service
        assert service["targets"]["P1"]["next_response"] == "2h"
        assert service["targets"]["P1"]["resolution"] == {"within": "4h", "calendar": "24x7"}

    def test_defaults_are_left_out(self) -> None:
        dumped = load(policy()).to_dict()

        actual = dumped["policies"][0]

        expected = {
            "name": "std",
            "calendar": "office",
            "targets": {"*": {"first_response": "4h"}},
        }
        assert expected == actual


# =========================================================================== the example file


@pytest.fixture(scope="module")
def example() -> PolicySet:
    return load_policies(EXAMPLE)


class TestExampleFile:
    def test_it_loads_in_file_order(self, example: PolicySet) -> None:
        names = [p.name for p in example.policies]

        expected = ["corporate-defaults", "acme-network", "acme", "standard", "standard"]
        assert expected == names

    def test_calendars(self, example: PolicySet) -> None:
        calendars = example.calendars

        assert sorted(calendars) == [
            "always",
            "berlin-office",
            "follow-the-sun",
            "new-york-night-desk",
        ]
        berlin = calendars["berlin-office"]
        assert not berlin.is_open(at("2026-12-24T12:30+01:00"))  # partial closure
        assert berlin.is_open(at("2026-12-23T12:00+01:00"))
        assert not berlin.is_open(at("2026-12-31T10:00+01:00"))  # closed date
        assert not berlin.is_open(at("2026-04-03T10:00+02:00"))  # Good Friday
        assert not berlin.is_open(at("2026-05-01T10:00+02:00"))  # Labour Day, a Friday
        assert not berlin.is_open(at("2026-11-06T15:30+01:00"))  # first Friday: all-hands
        assert berlin.is_open(at("2026-11-13T15:30+01:00"))
        assert not berlin.is_open(at("2026-11-24T13:00+01:00"))  # lunch
        follow = calendars["follow-the-sun"]
        assert follow.is_open(at("2026-11-24T05:00+01:00"))  # New York's night
        assert not berlin.is_open(at("2026-11-24T05:00+01:00"))

    def test_a_network_ticket_of_acme_gets_the_service_override(self, example: PolicySet) -> None:
        selection = example.select(
            priority="P1",
            attributes={"customer": "acme", "service": "vpn"},
            created_at=at("2026-11-24T10:00+01:00"),
        )

        p = selection.policy
        assert p is not None
        assert p.name == "acme-network"
        assert p.lineage == ("corporate-defaults", "acme", "acme-network")
        assert {m: t.calendar_name for m, t in p.targets["P1"].items()} == {
            "first_response": "always",
            "next_response": "always",
            "resolution": "always",
            "network-team-ola": "always",
        }
        assert budgets(p, "P1") == {
            "first_response": budget("15m"),
            "next_response": budget("1h"),
            "resolution": budget("4h"),
            "network-team-ola": budget("2h"),
        }
        assert p.targets["P2"]["network-team-ola"].calendar_name == "berlin-office"
        assert p.targets["P2"]["resolution"].calendar_name == "follow-the-sun"

    def test_the_ola_metric(self, example: PolicySet) -> None:
        ola = example.get("acme-network").metrics["network-team-ola"]

        assert ola.start.holds(ctx("assigned", group="network-team"))
        assert ola.pause is not None and ola.pause.holds(ctx("assigned", group="service-desk"))
        assert ola.stop.holds(ctx("resolved"))

    def test_pause_rules(self, example: PolicySet) -> None:
        network = example.get("acme-network")

        assert network.paused_metrics("waiting_on_customer") == frozenset({"*"})
        assert network.paused_metrics("waiting_on_vendor") == frozenset({"resolution"})
        assert network.paused_metrics("pending") is None

    def test_options_and_warnings(self, example: PolicySet) -> None:
        acme, corporate = example.get("acme"), example.get("corporate-defaults")

        assert acme.options.reopen == "new_cycle"
        assert acme.warn_at == (0.5, 0.8)
        assert corporate.warn_at == (0.5, 0.75, 0.9)
        assert corporate.abstract

    def test_other_customers_get_the_standard_version_of_their_creation_date(
        self, example: PolicySet
    ) -> None:
        def resolution(created: str) -> object:
            selection = example.select(
                priority="P2", attributes={"customer": "globex"}, created_at=at(created)
            )
            assert selection.policy is not None
            assert selection.policy.name == "standard"
            return selection.policy.targets["P2"]["resolution"].budget

        assert resolution("2026-05-04T10:00+02:00") == BusinessDays(2, "same_time")
        assert resolution("2026-07-01T10:00+02:00") == BusinessDays(1, "same_time")

    def test_the_wildcard_uses_close_of_day(self, example: PolicySet) -> None:
        standard = example.get("standard")

        assert budgets(standard, "P4") == {
            "first_response": BusinessDays(1, "same_time"),
            "resolution": BusinessDays(5, "close"),
        }
