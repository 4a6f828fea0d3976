"""Rule registration: the one way to write a rule.

A rule is a function of a module under ``doalint.checks`` decorated with
:func:`rule`. It receives the document's typed model and a :class:`Context`
and yields :class:`Violation` objects: a path into the document and a message.
It never computes positions, severities or suppressions; the engine does.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Optional

from doalint.source import Path


@dataclass(frozen=True)
class Related:
    """Another place a finding involves (same file unless ``file`` is set)."""

    path: Path
    message: str
    file: Optional[str] = None


@dataclass(frozen=True)
class Violation:
    path: Path
    message: str
    related: tuple[Related, ...] = ()


@dataclass
class Context:
    profile: Any  # doalint.profile.Profile
    doc: Any  # doalint.document.Document
    service: Any = None  # the catalog entry of the document's service, if any
    facts: Any = None  # doalint.facts.AwsFacts
    options: dict = field(default_factory=dict)


RuleFn = Callable[[Any, Context], Iterable[Violation]]


@dataclass(frozen=True)
class RuleImpl:
    id: str
    kinds: tuple[str, ...]
    fn: RuleFn
    needs_service: bool


REGISTRY: dict[str, RuleImpl] = {}


def rule(rule_id: str, *, kinds: Iterable[str], needs_service: bool = True) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the implementation of ``rule_id`` for documents of ``kinds``.

    ``needs_service``: the rule compares against the document's catalog entry, so it
    is skipped (and DOA010 reported) for services the profile does not know.
    """

    def deco(fn: RuleFn) -> RuleFn:
        if rule_id in REGISTRY:
            raise RuntimeError(f"rule {rule_id} is implemented twice")
        REGISTRY[rule_id] = RuleImpl(rule_id, tuple(kinds), fn, needs_service)
        return fn

    return deco


_loaded = False


def load_rules() -> dict[str, RuleImpl]:
    """Import every module under doalint.checks (rules are discovered, not listed)."""
    global _loaded
    if not _loaded:
        import doalint.checks as pkg

        for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            importlib.import_module(info.name)
        _loaded = True
    return REGISTRY


def rules_for(kind: str) -> list[RuleImpl]:
    return [r for r in load_rules().values() if kind in r.kinds]
