"""IAM policy documents (the IAM JSON policy language, in its own key names).

The policy grammar lets ``Statement`` be one object or a list of them, and
``Action``/``NotAction``/``Resource``/``NotResource`` be one string or a list of
strings. Pydantic unions would report a wrongly typed item under a union tag
rather than under the item's own path, so those members are kept as written and
read through accessors that yield (path, value) pairs of the well-typed items
only; the kind's validator (DOA002) reports the others.
"""

from __future__ import annotations

from typing import Any, Optional

from doalint.models import AwsModel, build
from doalint.source import Path


def _strings(value: Any, key: str) -> list[tuple[Path, str]]:
    """(path, string) for ``value`` when it is a string, or for each string in it when a list."""
    if isinstance(value, str):
        return [((key,), value)]
    if isinstance(value, list):
        return [((key, j), v) for j, v in enumerate(value) if isinstance(v, str)]
    return []


class Statement(AwsModel):
    Sid: Optional[str] = None
    Effect: Optional[str] = None
    Principal: Optional[Any] = None
    NotPrincipal: Optional[Any] = None
    Action: Optional[Any] = None
    NotAction: Optional[Any] = None
    Resource: Optional[Any] = None
    NotResource: Optional[Any] = None
    Condition: Optional[dict[str, Any]] = None

    @property
    def allows(self) -> bool:
        return self.Effect == "Allow"

    def actions(self) -> list[tuple[Path, str]]:
        """(path relative to the statement, action) for each string of ``Action``."""
        return _strings(self.Action, "Action")

    def not_actions(self) -> list[tuple[Path, str]]:
        return _strings(self.NotAction, "NotAction")

    def resources(self) -> list[tuple[Path, str]]:
        """(path relative to the statement, resource) for each string of ``Resource``."""
        return _strings(self.Resource, "Resource")

    @property
    def resource_based(self) -> bool:
        return self.Principal is not None or self.NotPrincipal is not None


class PolicyDocument(AwsModel):
    Version: Optional[str] = None
    Id: Optional[str] = None
    Statement: Optional[Any] = None
    # Set from a get-role-policy/put-role-policy wrapper (the policy's own name), if any.
    PolicyName: Optional[str] = None
    RoleName: Optional[str] = None  # from the wrapper: the role this policy belongs to
    _statements: Optional[list] = None  # (private: not a field) statements(), once computed

    def statements(self) -> list[tuple[Path, Statement]]:
        """(path, statement) for every statement that is an object: ``Statement`` as a
        list (paths ``("Statement", i)``) or as a single object (path ``("Statement",)``)."""
        if self._statements is not None:
            return self._statements
        raw = self.Statement
        items: list[tuple[Path, Any]]
        if isinstance(raw, dict):
            items = [(("Statement",), raw)]
        elif isinstance(raw, list):
            items = [(("Statement", i), s) for i, s in enumerate(raw)]
        else:
            items = []
        out = []
        for path, s in items:
            if isinstance(s, dict):
                model, _ = build(Statement, s)
                if model is not None:
                    out.append((path, model))
        self._statements = out
        return out

    @property
    def resource_based(self) -> bool:
        """A resource-based (or trust) policy: some statement names a Principal."""
        return any(s.resource_based for _, s in self.statements())
