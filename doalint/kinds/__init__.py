"""Document kinds: what doalint recognises, how, and what it checks it against.

Each area (ECS, auto scaling, CodeDeploy, ...) is a module of this package that
registers its kinds with :func:`register` and its detectors with :func:`detector`.
Modules are discovered, so adding an area touches no shared file.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, Callable, Optional

from doalint.record import field, record
from doalint.source import Path


@record(frozen=True)
class Kind:
    id: str
    title: str
    model: Callable[[], type]  # lazy: models import pydantic
    api_service: Optional[str]  # botocore service name (None: no API shape to check)
    input_shape: Optional[str]  # for create/register documents
    output_shape: Optional[str]  # for describe output
    name_key: Optional[str]  # the key holding the document's own name
    candidates: Callable[[Any], list[str]]  # names that may be its catalog service
    has_service: bool = True
    shape_hints: dict[str, str] = field(default_factory=dict)  # unknown key -> hint for DOA002
    # DOA002 for kinds botocore has no shape for (or that need more than one shape):
    # called with the Document, yields (path, message). None: botocore's input/output shape.
    validate: Optional[Callable[[Any], Any]] = None
    # a regex of ${...} forms that are this kind's own syntax (IAM policy variables such as
    # ${aws:username}), not template placeholders left unrendered (DOA003)
    literal_placeholders: Optional[str] = None
    # for Terraform/CloudFormation documents, whose keys doalint maps itself: the top-level keys
    # whose value is written in the API's own shape (container_definitions JSON) -> that shape
    embedded_shapes: dict[str, str] = field(default_factory=dict)
    # whether a document of this kind says outright that it belongs to a service (DOA010 is only
    # for those): None means its name always does; an alarm does only through its ServiceName
    claims_service: Optional[Callable[[Any], bool]] = None

    def name_of(self, model: Any) -> Optional[str]:
        return getattr(model, self.name_key, None) if self.name_key else None


@record(frozen=True)
class Found:
    kind: str
    data: Any
    base: Path = ()
    variant: str = "input"
    moved: Optional[dict] = None
    scope: Any = None  # a fragment's doalint.document.Scope (None: a whole document)
    # a fragment whose name a tool keeps beside it (ecspresso's config): called with the file's
    # path, gives (name, where it was read) or None; see :func:`detect`
    name_beside: Optional[Callable[[str], Optional[tuple[str, str]]]] = None
    notes: Optional[dict] = None  # document path -> where a value the file does not hold came from

    def document(self, file: str, smap: Any):
        """The :class:`doalint.document.Document` of this find in ``file``."""
        from doalint.document import Document

        meta = {"notes": dict(self.notes)} if self.notes else {}
        return Document(file, self.kind, self.data, smap, self.base, dict(self.moved or {}), self.variant,
                        meta=meta, scope=self.scope)

    def named(self, file: str) -> "Found":
        """This find with the name its tool keeps beside ``file``, when there is one."""
        from doalint.record import replace

        got = self.name_beside(file) if self.name_beside and isinstance(self.data, dict) else None
        key = KINDS[self.kind].name_key
        if not got or not key:
            return self
        name, source = got
        scope = self.scope
        if scope is not None:
            scope = replace(scope, lacks=tuple(q for q in scope.lacks if q != (key,)))
        return replace(self, data={**self.data, key: name}, scope=scope, name_beside=None,
                       notes={**(self.notes or {}), (key,): f"{key} {name!r} comes from {source}"})


Detector = Callable[[Any], list[Found]]
_KINDS: dict[str, Kind] = {}
_DETECTORS: list[tuple[int, Detector]] = []
_loaded = False


def register(*kinds: Kind) -> None:
    for k in kinds:
        _KINDS[k.id] = k


def detector(order: int) -> Callable[[Detector], Detector]:
    """Register a detector; lower ``order`` runs first (wrappers before bare shapes)."""

    def deco(fn: Detector) -> Detector:
        _DETECTORS.append((order, fn))
        _DETECTORS.sort(key=lambda x: x[0])
        return fn

    return deco


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        from doalint.modules import submodules

        for name, _ in submodules(sys.modules[__name__]):
            importlib.import_module(name)


class _Kinds(dict):
    """KINDS behaves as a dict of every registered kind, loading areas on first use."""

    def _all(self) -> dict[str, Kind]:
        _load()
        return _KINDS

    def __getitem__(self, key):
        return self._all()[key]

    def __contains__(self, key):
        return key in self._all()

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._all())

    def items(self):
        return self._all().items()

    def keys(self):
        return self._all().keys()

    def values(self):
        return self._all().values()

    def get(self, key, default=None):
        return self._all().get(key, default)


KINDS: dict[str, Kind] = _Kinds()


def detect(value: Any, file: Optional[str] = None) -> list[Found]:
    """What ``value`` (one YAML document or JSON value of ``file``) holds. With the file's path,
    a fragment whose name its tool keeps beside the file gets that name."""
    _load()
    for _, fn in _DETECTORS:
        found = fn(value)
        if found:
            return [f.named(file) for f in found] if file is not None else found
    return []
