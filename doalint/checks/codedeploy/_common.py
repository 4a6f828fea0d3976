"""Helpers shared by the CodeDeploy rules."""

from __future__ import annotations


def listing(names) -> str:
    """'a', 'a' and 'b', 'a', 'b' and 'c'."""
    shown = [repr(n) for n in names]
    if not shown:
        return "nothing"
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
