"""Shared contract files for the contract tests."""

from __future__ import annotations

import textwrap

import pytest

from slaclock.contracts import ContractSet

OCTOBER_BERLIN = textwrap.dedent(
    """\
    calendars:
      business-hours:
        timezone: Europe/Berlin
        hours: {mon-fri: ["08:00-18:00"]}
    services:
      shop: {name: Web shop, fee: 12000 EUR}
      backup: {name: Nightly backup, fee: 3000 EUR}
    contracts:
      - name: standard
        abstract: true
        period: month
        timezone: Europe/Berlin
        objectives:
          - {name: shop-business-hours, service: shop, availability: 99.5%, window: business-hours}
          - name: shop-other-hours
            service: shop
            availability: 98%
            window: {not: business-hours}
        exclusions:
          planned: {notice: 48h, max_per_period: 4h}
          customer_caused: true
        credits:
          at_risk: 15%
          tiers:
            shop-business-hours:
              - {below: 99.5%, credit: 5%}
              - {below: 99%, credit: 10%}
              - {below: 97%, credit: 25%}
            shop-other-hours: [{below: 98%, credit: 2%}]
      - name: acme
        extends: standard
        customer: ACME GmbH
        services: [shop, backup]
        match: {customer: acme}
    """
)


@pytest.fixture
def october() -> ContractSet:
    return ContractSet.from_yaml(OCTOBER_BERLIN, source="october.yaml")
