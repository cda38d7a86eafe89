"""The shape of ``services:`` and ``contracts:`` in a policy file, and its JSON Schema.

The pydantic shapes live with the rest of the policy file's shape (`slaclock.config`), so
the policy file's JSON Schema (`slaclock.policy_schema`) knows them too; for a whole policy
file, prefer that one.
"""

from __future__ import annotations

from typing import Any

from ..config.contract_specs import ContractFileSpec

__all__ = ["contract_schema"]


def contract_schema() -> dict[str, Any]:
    """The JSON Schema of ``services:`` and ``contracts:``, for editors that check YAML.

    >>> sorted(contract_schema()["properties"])
    ['contracts', 'services']
    """
    from ..config.json_schema import described

    return described(ContractFileSpec.model_json_schema(by_alias=True))
