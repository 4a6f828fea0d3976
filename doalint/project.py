"""The project: every document of one run, indexed by the names that documents use to refer
to each other (service names, task definition families, target group names, alarm names,
role names), whatever their format or file. Rules across documents (DOA9xx) read it.

Everything here is keyed by content, never by file order, so the same files give the same
relations however they are ordered or split across folders.
"""

from __future__ import annotations

import os
import re
from typing import Any, Iterable, Iterator, Optional

from doalint.document import Document
from doalint.record import field, record

_TG_ARN = re.compile(r"targetgroup/([^/]+)")
_TD_ARN = re.compile(r"task-definition/(.+)$")
_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::[^:]*:role/(?:.*/)?([^/]+)$")


def target_group_name(arn_or_name: Optional[str]) -> Optional[str]:
    if not arn_or_name:
        return None
    m = _TG_ARN.search(arn_or_name)
    if m:
        return m.group(1)
    return None if arn_or_name.startswith("arn:") else arn_or_name


def family_revision(task_definition: Optional[str]) -> tuple[Optional[str], Optional[str]]:
    if not task_definition:
        return None, None
    text = task_definition.strip()
    m = _TD_ARN.search(text)
    if m:
        text = m.group(1)
    family, _, revision = text.partition(":")
    return (family or None), (revision or None)


def role_name(arn: Optional[str]) -> Optional[str]:
    if not arn:
        return None
    m = _ROLE_ARN.match(arn.strip())
    if m:
        return m.group(1)
    return None if arn.startswith("arn:") or "." in arn else arn.strip()


def called(doc: Document, noun: str, name: Any, own: bool = False) -> str:
    """How a message names a document: ``service product-service``; when its name is not known
    (an unresolved value, a placeholder, a fragment without one), ``the service`` for the document
    the finding is about (its address already heads the message), else its label (a Terraform or
    CloudFormation address), never ``None``."""
    if isinstance(name, str) and name:
        return f"{noun} {name}"
    if own:
        return f"the {noun}"
    return doc.label or f"a {noun}"


@record
class Project:
    documents: list[Document]
    profile: Any
    complete: bool = False
    by_kind: dict[str, list[Document]] = field(default_factory=dict)

    _families: dict = field(default_factory=dict)
    _revisions: Optional[dict] = None

    def __post_init__(self) -> None:
        for d in sorted(self.documents, key=_doc_order):
            if d.model is not None:
                self.by_kind.setdefault(d.kind, []).append(d)
        for d in self.of("ecs-task-definition"):  # an index, so that relations stay linear
            self._families.setdefault(d.model.family, []).append(d)

    def of(self, kind: str) -> list[Document]:
        return self.by_kind.get(kind, [])

    # --- task definitions and services --------------------------------------------------
    def task_definitions(self, family: Optional[str], revision: Optional[str] = None) -> list[Document]:
        if not family:
            return []
        docs = self._families.get(family, [])
        if not (revision and revision.isdigit()):
            return list(docs)
        if self._revisions is None:  # an index, so that many revisions of a family stay linear
            self._revisions = {}
            for i, d in enumerate(self.of("ecs-task-definition")):
                rev = d.model.revision
                key = (d.model.family, str(rev) if rev is not None else None)
                self._revisions.setdefault(key, []).append((i, d))
        found = self._revisions.get((family, revision), []) + self._revisions.get((family, None), [])
        return [d for _, d in sorted(found, key=lambda x: x[0])]

    def task_definition_of(self, service_doc: Document) -> Optional[Document]:
        """The task definition a service runs, when the run has it (the only one of its family,
        or the one of its revision)."""
        managed = service_doc.meta.get("task_definition_managed")
        family, revision = (managed, None) if managed else family_revision(service_doc.model.taskDefinition)
        found = self.task_definitions(family, revision)
        # several documents of the family and nothing to tell them apart: which one the service
        # runs is not known, and a relation check would depend on which file came first
        return found[0] if len(found) == 1 else None

    def services(self) -> list[Document]:
        return self.of("ecs-service")

    def target_groups(self) -> dict[str, Document]:
        out: dict[str, Document] = {}
        for d in self.of("elbv2-target-group"):
            m = d.model
            name = getattr(m, "Name", None) or target_group_name(getattr(m, "TargetGroupArn", None))
            if name:
                out.setdefault(name, d)
        return out

    def alarms(self) -> dict[str, Document]:
        return {d.model.AlarmName: d for d in self.of("cloudwatch-alarm") if getattr(d.model, "AlarmName", None)}


class Projects:
    """Which project a file belongs to: documents are related only inside one project.

    A project is the folder of the nearest configuration (``.doalint.yaml``, ``.doalint.yml``, a
    ``pyproject.toml`` with ``[tool.doalint]``) above the file, or the nearest repository root
    (a folder holding ``.git``), whichever comes first going up; else the outermost path given on
    the command line that holds the file (a file given: its folder). Documents that are not files
    (an AWS account's resources, text) are one project."""

    def __init__(self, given: Iterable[str] = ()) -> None:
        self.given = [os.path.abspath(g) for g in given]
        self._marked: dict[str, Optional[str]] = {}  # folder -> its project's folder, if marked above

    def of(self, file: str) -> str:
        """The project's folder ("" for documents that are not files)."""
        path = os.path.abspath(file)
        if not os.path.isfile(path):
            return ""
        folder = os.path.dirname(path)
        marked = self._marked_root(folder)
        if marked is not None:
            return marked
        holders = [g for g in self.given if path == g or path.startswith(g.rstrip(os.sep) + os.sep)]
        if not holders:
            return folder
        outer = min(holders, key=len)
        return outer if os.path.isdir(outer) else os.path.dirname(outer)

    def _marked_root(self, folder: str) -> Optional[str]:
        seen = []
        d = folder
        while d not in self._marked:
            seen.append(d)
            if _is_project_root(d):
                self._marked[d] = d
                break
            parent = os.path.dirname(d)
            if parent == d:
                self._marked[d] = None
                break
            d = parent
        found = self._marked[d]
        for s in seen:
            self._marked[s] = found
        return found

    def split(self, documents: list[Document]) -> list[list[Document]]:
        """The documents by project, projects in the order of their folders."""
        groups: dict[str, list[Document]] = {}
        for d in documents:
            groups.setdefault(self.of(d.file), []).append(d)
        return [groups[k] for k in sorted(groups)]


def _is_project_root(folder: str) -> bool:
    """A folder that holds a doalint configuration (doalint.config.config_in) or a repository."""
    from doalint.config import config_in
    from doalint.errors import UsageError

    if os.path.exists(os.path.join(folder, ".git")):
        return True
    try:
        return config_in(folder) is not None
    except UsageError:  # an unreadable pyproject.toml: not this folder's configuration
        return False


def _doc_order(d: Document):
    """A content order for documents (file order and folders must not matter)."""
    return (d.kind, d.service or "", d.label or "", d.address or "", str(d.base), d.file, d.unit)


def iter_container_ports(task_doc: Document) -> Iterator[tuple[int, Any, int, int]]:
    """(container index, container, mapping index, containerPort) of a task definition."""
    for i, c in task_doc.model.containers():
        for j, pm in enumerate(c.portMappings):
            if pm is not None and pm.containerPort is not None:
                yield i, c, j, pm.containerPort
