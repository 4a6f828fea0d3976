"""Helpers shared by the CodeDeploy rules."""

from __future__ import annotations

# Documents that describe a deployment group (RULES.md: DOA401-DOA403 apply to them).
GROUP_KINDS = ("codedeploy-deployment-group", "codedeploy-deployment-settings")


def listing(names) -> str:
    """'a', 'a' and 'b', 'a', 'b' and 'c'."""
    shown = [repr(n) for n in names]
    if not shown:
        return "nothing"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
