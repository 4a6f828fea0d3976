"""Rule registration: the one way to write a rule.

A rule is a module under ``doalint.checks.<area>`` named after its ID (``doa201_launch_type.py``)
that declares ``RULE = Rule("DOA201", needs_service=False)`` and defines ``check(model, ctx)``.
``check`` receives the document's typed model and a :class:`Context` and yields :class:`Violation`
objects: a path into the document and a message. It never computes positions, severities or
suppressions; the engine does. (A declaration rather than a decorator keeps ``check`` a plain
function, which the mutation tool can mutate: see benchmarks/README.md.)

Which documents ``check`` receives is said once, by the rule's catalog entry
(``rules/catalog/DOA201-<name>.yaml``, doalint.catalog): ``kinds: [ecs-service]``, or ``kinds:
[project]`` for a rule across documents (it receives the run's Project), ``kinds: [drift]`` for one
between the files and an account, or ``kinds: []`` with ``applies_to: every-kind`` (or
``every-kind-naming-a-service``). Registering a module whose ID has no catalog entry, whose entry
names no kind, an unknown kind, or a kind its area package does not declare in ``KINDS``, raises.
(The checkov checks folded in by ``--with-checkov`` are not rules of this registry: they bring
their own metadata, doalint.integrations.checkov.ExternalRule, and no kinds.)
"""

from __future__ import annotations

import importlib
from typing import Any, Callable, Iterable, Optional

from doalint.modules import submodules
from doalint.record import field, record
from doalint.source import Path


@record(frozen=True)
class Related:
    """Another place a finding involves: a path in the same document, or in ``doc`` (another
    document of the run, for rules across documents)."""

    path: Path
    message: str
    file: Optional[str] = None
    doc: Any = None


@record(frozen=True)
class Violation:
    path: Path
    message: str
    related: tuple[Related, ...] = ()
    doc: Any = None  # rules across documents: the document the path is in
    # judged from the literal parts of a partly templated value (Context.partial): reported although
    # the value as a whole is unknown (DOA003)
    literal: bool = False
    fix: Any = None  # a doalint.fixes.Fix: its ops in the same paths as ``path``


@record
class Context:
    profile: Any  # doalint.profile.Profile
    doc: Any  # doalint.document.Document
    service: Any = None  # the catalog entry of the document's service, if any
    facts: Any = None  # doalint.facts.AwsFacts
    options: dict = field(default_factory=dict)

    def partial(self, *path):
        """The doalint.placeholders.Template of a partly templated string at ``path`` (a document
        path), or None: the value is then known (in the model) or wholly unknown."""
        if self.doc is None:
            return None
        return self.doc.partials.get(tuple(path))


RuleFn = Callable[[Any, Context], Iterable[Violation]]


@record(frozen=True)
class RuleImpl:
    id: str
    kinds: tuple[str, ...]
    fn: RuleFn
    needs_service: bool


REGISTRY: dict[str, RuleImpl] = {}

# The kind of rules across documents: they receive the run's Project (doalint.project) instead of
# one document's model, and each Violation names its document.
PROJECT = "project"
# The kind of rules between files and a live account (scan-aws --compare): they receive a
# doalint.live.drift.Drift, pairs of declared and deployed documents.
DRIFT = "drift"


@record(frozen=True)
class Rule:
    """A rule module's declaration: its ID and ``needs_service``: the rule compares against the
    document's catalog entry, so it is skipped (and DOA010 reported) for services the profile does
    not know. The document kinds its ``check`` receives come from the rule's catalog entry."""

    id: str
    needs_service: bool = True


def kinds_of(entry: Any) -> tuple[str, ...]:
    """The document kinds the rule of catalog ``entry`` (a doalint.catalog.Entry) receives: the kinds
    it lists, or with ``applies_to`` every document kind (``every-kind``) or every kind whose
    documents name a service (``every-kind-naming-a-service``). An entry that gives neither or both,
    names a kind no detector produces, or mixes ``project``/``drift`` with other kinds is a mistake
    in the catalog: RuntimeError."""
    from doalint.kinds import KINDS

    where = f"rule catalog entry {entry.id} ({entry.path.name})"
    listed, applies = entry.kinds, entry.applies_to
    if applies is not None:
        if listed:
            raise RuntimeError(f"{where}: lists kinds and applies_to: {applies}; give one")
        if applies == "every-kind":
            return tuple(KINDS)
        if applies == "every-kind-naming-a-service":
            return tuple(k for k, v in KINDS.items() if v.has_service)
        raise RuntimeError(f"{where}: applies_to: {applies} is not every-kind or every-kind-naming-a-service")
    if not listed:
        raise RuntimeError(f"{where}: names no document kind (kinds: [...], or applies_to: every-kind)")
    unknown = [k for k in listed if k not in KINDS and k not in (PROJECT, DRIFT)]
    if unknown:
        raise RuntimeError(f"{where}: no detector produces the kind {unknown[0]!r}")
    across = [k for k in listed if k in (PROJECT, DRIFT)]
    if across and len(listed) > 1:
        raise RuntimeError(f"{where}: a {across[0]} rule has that one kind")
    return tuple(listed)


def _register(module: Any, area_kinds: Optional[tuple[str, ...]] = None) -> None:
    from doalint.catalog import default_catalog

    decl = getattr(module, "RULE", None)
    if not isinstance(decl, Rule):
        return  # a helper module of the area
    known = REGISTRY.get(decl.id)
    if known is not None:
        if known.fn is module.check:
            return
        raise RuntimeError(f"rule {decl.id} is implemented twice")
    entry = default_catalog().entries.get(decl.id)
    if entry is None:
        raise RuntimeError(f"rule {decl.id} ({module.__name__}) has no catalog entry: its document kinds, "
                           f"severity and text belong in rules/catalog/{decl.id}-<name>.yaml")
    kinds = kinds_of(entry)
    if area_kinds is not None:
        outside = [k for k in kinds if k not in area_kinds]
        if outside:  # rules_for would never import the module for those documents
            raise RuntimeError(f"rule {decl.id} applies to {outside[0]!r} (rules/catalog/{entry.path.name}), "
                               f"which its area {module.__name__.rsplit('.', 1)[0]} does not list in KINDS")
    REGISTRY[decl.id] = RuleImpl(decl.id, kinds, module.check, decl.needs_service)


_areas: Optional[dict[str, Any]] = None  # area package name -> module
_imported: set[str] = set()


def _area_packages() -> dict[str, Any]:
    global _areas
    if _areas is None:
        import doalint.checks as pkg

        _areas = {
            name: importlib.import_module(name)
            for name, ispkg in submodules(pkg)
            if ispkg
        }
    return _areas


def _import_area(name: str, area: Any) -> None:
    if name not in _imported:
        area_kinds = getattr(area, "KINDS", None)
        for module, _ in submodules(area):
            _register(importlib.import_module(module), area_kinds)
        _imported.add(name)  # only once all registered: a mistake raises again on the next call


def load_rules() -> dict[str, RuleImpl]:
    """Import every rule module under doalint.checks (rules are discovered, not listed)."""
    for name, area in _area_packages().items():
        _import_area(name, area)
    return REGISTRY


def rules_for(kind: str) -> list[RuleImpl]:
    """The rules for one document kind, importing only the areas that declare it.

    Each area package (``doalint.checks.<area>``) names its kinds in ``KINDS``
    (None: every kind), so a run over task definitions never imports service rules;
    each rule's own kinds come from its catalog entry (see :func:`kinds_of`).
    """
    for name, area in _area_packages().items():
        kinds = getattr(area, "KINDS", None)
        if kinds is None or kind in kinds:
            _import_area(name, area)
    return sorted((r for r in REGISTRY.values() if kind in r.kinds), key=lambda r: r.id)
