"""Bad input: each problem is reported with its place (file, line, path) and a way out."""

from __future__ import annotations

import textwrap
from datetime import datetime

import pytest

from slaclock.contracts import ContractSet, Outage, read_outages
from slaclock.errors import NaiveDatetimeError, PolicyError, PolicyFileError

from .helpers import base_file

SHOP = '"service": "shop"'


def _problems(exc: pytest.ExceptionInfo[PolicyFileError]) -> list[tuple[str, int | None, str]]:
    return [(p.path, p.line, p.message) for p in exc.value.problems]


class TestOutageLines:
    def test_end_before_start(self) -> None:
        lines = [
            f'{{{SHOP}, "start": "2026-11-03T10:00:00+01:00", "end": "2026-11-03T11:00:00+01:00"}}',
            f'{{{SHOP}, "start": "2026-11-03T10:00:00+01:00", "end": "2026-11-03T09:00:00+01:00"}}',
        ]

        with pytest.raises(PolicyFileError) as exc:
            read_outages(lines, source="outages.jsonl")

        [(path, line, message)] = _problems(exc)
        assert ("end", 2) == (path, line)
        assert "ends (2026-11-03T09:00:00+01:00) before or when it starts" in message
        assert "outages.jsonl:2: end: the outage ends" in str(exc.value)

    def test_naive_time(self) -> None:
        line = f'{{{SHOP}, "start": "2026-11-03T10:00:00", "end": "2026-11-03T11:00:00+01:00"}}'

        with pytest.raises(PolicyFileError) as exc:
            read_outages([line], source="outages.jsonl")

        [(path, line_no, message)] = _problems(exc)
        assert ("start", 1) == (path, line_no)
        assert "has no time zone" in message

    def test_unknown_service(self) -> None:
        line = (
            '{"service": "shopp", "start": "2026-11-03T10:00:00Z", "end": "2026-11-03T11:00:00Z"}'
        )

        with pytest.raises(PolicyFileError) as exc:
            read_outages(["", line], source="o.jsonl", services=["shop", "backup"])

        assert [("service", 2, "unknown service 'shopp'; defined: backup, shop")] == _problems(exc)

    @pytest.mark.parametrize(
        ("extra", "field", "words"),
        [
            pytest.param('"impact": 0', "impact", "more than 0 and at most 1", id="impact-zero"),
            pytest.param('"impact": 1.5', "impact", "more than 0 and at most 1", id="impact-over"),
            pytest.param('"kind": "sabotage"', "kind", "unknown kind 'sabotage'", id="kind"),
            pytest.param('"colour": "red"', "colour", "unknown key", id="unknown-key"),
        ],
    )
    def test_bad_fields(self, extra: str, field: str, words: str) -> None:
        line = (
            f'{{{SHOP}, "start": "2026-11-03T10:00:00Z", "end": "2026-11-03T11:00:00Z", {extra}}}'
        )

        with pytest.raises(PolicyFileError) as exc:
            read_outages([line])

        [(path, _, message)] = _problems(exc)
        assert field == path
        assert words in message

    def test_unknown_service_from_python(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")
        outage = Outage("mail", start, start.replace(hour=11))

        with pytest.raises(PolicyError, match="unknown service 'mail'"):
            ContractSet.from_dict(base_file()).statement("acme", "2026-11", [outage])

    def test_python_outage_checks(self) -> None:
        start = datetime.fromisoformat("2026-11-03T10:00+01:00")
        with pytest.raises(NaiveDatetimeError, match="start: needs a time zone"):
            Outage("shop", datetime(2026, 11, 3, 10), start)  # noqa: DTZ001 - deliberately naive
        with pytest.raises(ValueError, match="end: the outage ends"):
            Outage("shop", start, start)


YAML = textwrap.dedent(
    """\
    services:
      shop: {fee: 12000 EUR}
      backup: {fee: 3000 USD}
    contracts:
      - name: ok
        timezone: Europe/Berlin
        objectives: [{name: up, service: shop, availability: 99.5%}]
      - name: acme
        timezone: Europe/Berlin
        objectives:
          - {name: up, service: shop, availability: 99.5%}
        credits:
          tiers:
            up:
              - {below: 99%, credit: 5%}
              - {below: 99.5%, credit: 10%}
    """
)


class TestContractFiles:
    def test_tiers_out_of_order(self) -> None:
        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_yaml(YAML, source="c.yaml")

        [(path, line, message)] = _problems(exc)
        assert ("contracts[1].credits.tiers.up[1].below", 16) == (path, line)
        assert "each 'below' must be lower than the one before; got 99.5% after 99%" in message
        assert "c.yaml:16: contracts[1].credits.tiers.up[1].below:" in str(exc.value)

    def test_weights_must_sum_to_100(self) -> None:
        data = base_file(weights={"shop": "60%", "backup": "30%"})

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        assert [("contracts[0].credits.weights", None, "weights must sum to 100%, got 90%")] == (
            _problems(exc)
        )

    @pytest.mark.parametrize(
        ("where", "path"),
        [
            pytest.param("availability", "contracts[0].objectives[0].availability", id="target"),
            pytest.param("at_risk", "contracts[0].credits.at_risk", id="at-risk"),
        ],
    )
    def test_percentage_over_100(self, where: str, path: str) -> None:
        data = base_file()
        if where == "availability":
            data["contracts"][0]["objectives"][0]["availability"] = "100.5%"
        else:
            data["contracts"][0]["credits"]["at_risk"] = "120%"

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        [(found, _, message)] = _problems(exc)
        assert path == found
        assert "a percentage cannot be over 100%" in message

    def test_currency_mix(self) -> None:
        text = YAML.replace("{below: 99.5%, credit: 10%}", "{below: 98%, credit: 10%}").replace(
            "name: acme\n", "name: acme\n    services: [shop, backup]\n"
        )

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_yaml(text, source="c.yaml")

        [(path, line, message)] = _problems(exc)
        assert ("contracts[1].services", 9) == (path, line)
        assert "mix currencies (shop in EUR, backup in USD)" in message

    def test_unknown_calendar_in_a_window(self) -> None:
        data = base_file()
        data["contracts"][0]["objectives"][0]["window"] = {"not": "office"}

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        assert [
            (
                "contracts[0].objectives[0].window.not",
                None,
                "unknown calendar 'office'; defined: none",
            )
        ] == _problems(exc)

    def test_unknown_service_in_an_objective(self) -> None:
        data = base_file()
        data["contracts"][0]["objectives"][1]["service"] = "mail"

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        assert [
            ("contracts[0].objectives[1].service", None, "unknown service 'mail'; defined: shop")
        ] == _problems(exc)

    def test_a_number_instead_of_a_percentage(self) -> None:
        data = base_file()
        data["contracts"][0]["objectives"][0]["availability"] = 99.5

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        [(path, _, message)] = _problems(exc)
        assert "contracts[0].objectives[0].availability" == path
        assert "got the number 99.5" in message

    def test_problem_in_an_inherited_value_names_where_it_was_written(self) -> None:
        text = textwrap.dedent(
            """\
            services:
              shop: {fee: 100 EUR}
            contracts:
              - name: base
                abstract: true
                timezone: Europe/Berlin
                objectives: [{name: up, service: shop, availability: 99.5%}]
                credits:
                  tiers: {up: [{below: 99%, credit: 5%}, {below: 99.5%, credit: 10%}]}
              - name: acme
                extends: base
            """
        )

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_yaml(text)

        assert ["contracts[0].credits.tiers.up[1].below"] == [p for p, _, _ in _problems(exc)]

    def test_extends_unknown_and_cycle(self) -> None:
        data = base_file()
        data["contracts"][0]["extends"] = "acme"

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        assert "cycle" in _problems(exc)[0][2]

    def test_unknown_key(self) -> None:
        data = base_file()
        data["contracts"][0]["objectivs"] = []

        with pytest.raises(PolicyFileError) as exc:
            ContractSet.from_dict(data)

        assert "contracts[0].objectivs" == _problems(exc)[0][0]


def test_unknown_top_level_key() -> None:
    data = base_file()
    data["contract"] = data.pop("contracts")

    with pytest.raises(PolicyFileError) as exc:
        ContractSet.from_dict(data)

    assert [("contract", None, "unknown top-level key 'contract'; did you mean 'contracts'?")] == (
        _problems(exc)
    )


def test_tier_above_the_target() -> None:
    data = base_file()
    data["contracts"][0]["credits"]["tiers"]["shop"][0]["below"] = "99.9%"

    with pytest.raises(PolicyFileError) as exc:
        ContractSet.from_dict(data)

    [(path, _, message)] = _problems(exc)
    assert "contracts[0].credits.tiers.shop[0].below" == path
    assert "a tier below 99.9% lies above the target 99.5%" in message


def test_versions_share_period_and_zone() -> None:
    data = base_file()
    first = data["contracts"][0]
    first["effective_until"] = "2027-01-01"
    second = {**first, "effective_from": "2027-01-01", "period": "quarter"}
    del second["effective_until"]
    data["contracts"].append(second)

    with pytest.raises(PolicyFileError) as exc:
        ContractSet.from_dict(data)

    assert ["contracts[1]"] == [p for p, _, _ in _problems(exc)]
    assert "must share 'period' and 'timezone'" in _problems(exc)[0][2]


def test_a_float_impact_means_the_decimal_written() -> None:
    start = datetime.fromisoformat("2026-11-03T10:00+01:00")

    outage = Outage("shop", start, start.replace(hour=11), impact=0.1)  # type: ignore[arg-type]

    assert (1, 10) == outage.impact.as_integer_ratio()
