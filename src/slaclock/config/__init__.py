"""Policy files: `PolicySet` (a file's resolved content, with selection) and how files are
read (`sources`), shaped (`schema`, pydantic), checked (`problems`), resolved (`resolve`),
and written back (`dump`)."""

from __future__ import annotations

from .policy_set import PolicySet, load_policies, policy_schema

__all__ = ["PolicySet", "load_policies", "policy_schema"]
