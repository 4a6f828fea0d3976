"""A document: one thing of a known kind found in a file."""

from __future__ import annotations

from typing import Any, Optional

from doalint.record import field, record
from doalint.source import Path, SourceMap


@record(frozen=True)
class Scope:
    """What a fragment holds of its kind's whole document: a bare scaling policy configuration,
    a list of container definitions, a service definition whose name a deployment tool supplies.

    ``at``: where the fragment's value sits in the whole document (the document's data is the
    fragment wrapped in these keys; positions map back to the file as written). ``lacks``: members
    a fragment of this form leaves to something else (ecspresso supplies ``serviceName``).
    Findings about paths the fragment does not hold are not reported, and DOA002 demands no
    required member outside it: the fragment cannot hold them."""

    what: str  # how a note names the form: "a list of container definitions"
    at: Path = ()
    lacks: tuple = ()  # of Path
    # the tool that reads the fragment also takes the members of the kind's describe output
    # (ecspresso reads a service definition as describe-services output): DOA002 allows them
    output_keys: bool = False

    def holds(self, path: Path) -> bool:
        p = tuple(path)
        n = len(self.at)
        if p[:n] != self.at and p != self.at[: len(p)]:  # neither in nor above the fragment
            return False
        return not any(p[: len(q)] == q for q in self.lacks)


@record
class Document:
    file: str  # the path as the user gave it (relative when possible)
    kind: str  # e.g. "ecs-task-definition"
    data: Any  # the raw value the model is built from
    smap: SourceMap
    base: Path = ()  # where ``data`` sits in the file's value
    # Keys of ``data`` that sit elsewhere in the file (describe-task-definition keeps
    # ``tags`` beside the ``taskDefinition`` wrapper): first key -> absolute path.
    moved: dict[str, Path] = field(default_factory=dict)
    variant: str = "input"  # "input" (what a create/register call takes) or "output" (describe output)
    label: str = ""  # how messages name it: "task definition product-service"
    model: Any = None
    model_input: Any = None  # the data the model was built from (unresolved values removed)
    dropped: list[Path] = field(default_factory=list)  # values of the wrong type (DOA002)
    unresolved: list[Path] = field(default_factory=list)  # template placeholders (DOA003)
    service: Optional[str] = None  # the catalog service this document belongs to, if any
    # Terraform (and later CloudFormation): the resource's address, names the document in messages
    address: Optional[str] = None
    # values the loader could not resolve, as (path, expression): reported as DOA003
    unresolved_values: list = field(default_factory=list)
    # references to other resources of the module (known to Terraform, not to doalint):
    # rules stay quiet about them, as about unresolved values, but they are not DOA003
    opaque: list[Path] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    # partly templated strings (doalint.placeholders.Template) by document path: unknown as values,
    # but rules may judge their literal parts (a literal ":latest" tag after a placeholder)
    partials: dict = field(default_factory=dict)
    unit: int = 0  # index of the YAML document (or Terraform resource) within its file
    # where the document was read: "json" or "yaml" (a file in the API's shape), "terraform",
    # "cloudformation" (a resource mapped onto the API's shape), "aws" (the live account)
    source: str = "json"
    scope: Optional[Scope] = None  # a fragment's (None: a whole document)

    def absolute(self, path: Path) -> Path:
        if path and isinstance(path[0], str) and path[0] in self.moved:
            return self.moved[path[0]] + tuple(path[1:])
        if self.scope is not None and self.scope.at:  # the fragment's keys are not in the file
            n = len(self.scope.at)
            return self.base + tuple(path)[n:] if tuple(path[:n]) == self.scope.at else self.base
        return self.base + tuple(path)

    def holds(self, path: Path) -> bool:
        """Whether ``path`` is one this document can hold (always, unless it is a fragment)."""
        return self.scope is None or self.scope.holds(path)
