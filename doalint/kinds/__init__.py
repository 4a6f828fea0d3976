"""Document kinds: what doalint recognises, how, and what it checks it against.

Each area (ECS, auto scaling, CodeDeploy, ...) is a module of this package that
registers its kinds with :func:`register` and its detectors with :func:`detector`.
Modules are discovered, so adding an area touches no shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from doalint.source import Path


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Found:
    kind: str
    data: Any
    base: Path = ()
    variant: str = "input"
    moved: Optional[dict] = None


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
        for info in pkgutil.iter_modules(__path__, __name__ + "."):
            importlib.import_module(info.name)


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


def detect(value: Any) -> list[Found]:
    _load()
    for _, fn in _DETECTORS:
        found = fn(value)
        if found:
            return found
    return []
