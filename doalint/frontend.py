"""What a front end hands the engine, and where the engine finds the front ends.

A front end (JSON/YAML files: doalint.loaders.documents; Terraform; CloudFormation; the live account)
turns its input into one :class:`Read` per file (or deployed resource): the documents found there, the
problems of the input itself (DOA001 a file or template that does not parse, DOA003 a value it cannot
resolve, DOA004 a key written twice, DOA013 a suppression entry without a reason), what it passed over
and why, and the suppression directives written in it (inline comments are found by the engine in
``text``; CloudFormation Metadata entries are :class:`MetadataIgnore`). A front end never judges and
never calls the engine; the engine alone runs the rules, places findings and applies suppressions.

The engine does not import a front end: it asks :func:`front_end` for one by name, and the module is
imported only when a run needs it (a run of JSON files never imports the Terraform parser).
"""

from __future__ import annotations

import importlib
from typing import Any, Optional

from doalint.record import field, record
from doalint.source import Path, Span


@record(frozen=True)
class Problem:
    """A finding about the input itself, found while reading it."""

    rule: str
    span: Span
    message: str
    path: Path = ()  # where in the file's value, if it has one (none: the file did not parse)
    unit: int = 0  # the YAML document (or resource) of the file it is in
    related: tuple = ()  # of doalint.engine.findings.RelatedLocation
    document: str = ""  # the resource it is about, as suppressions scoped to a resource name it


@record
class MetadataIgnore:
    """A CloudFormation ``Metadata: {doalint: {ignore: [{rule, reason}]}}`` entry: on a resource
    (``scope``: its address, ``Resources/Name``) or on the whole template (``scope`` None)."""

    scope: Optional[str]
    rule: str
    reason: str
    span: Span
    used: bool = False


@record
class Read:
    """What a front end read of one file (or one deployed resource)."""

    file: str  # as findings name it
    text: str = ""  # the file's text, for inline suppression comments ("" when it has none)
    smaps: list = field(default_factory=list)  # the source maps those comments are placed with
    items: list = field(default_factory=list)  # doalint.document.Document and Problem, in the order found
    ran: set = field(default_factory=set)  # rules of the front end's own that checked the file (DOA004)
    skipped: list = field(default_factory=list)  # doalint.engine.findings.Skipped: what was passed over
    errors: list = field(default_factory=list)  # doalint.engine.findings.InternalError: a bug in a mapper
    ignores: list = field(default_factory=list)  # MetadataIgnore
    # units (indexes into smaps) whose documents were mapped from the file (a CloudFormation template):
    # their findings carry the documents' paths, not the file's, so an inline comment covers the findings
    # that stand on the lines of its key
    by_lines: set = field(default_factory=set)


@record(frozen=True)
class Options:
    """What a front end may know of the run: the profile (mappers fill in its defaults), the size limit
    and which files the configuration excludes."""

    profile: Any
    max_bytes: int
    excluded: Any = None  # excluded(display path) -> bool

    def is_excluded(self, display: str) -> bool:
        return bool(self.excluded and self.excluded(display))


# name -> module; each module has ``read(...)`` returning Read objects (see the module)
FRONT_ENDS = {
    "files": "doalint.loaders.documents",
    "terraform": "doalint.terraform.loader",
    "cloudformation": "doalint.cloudformation.loader",
    "aws": "doalint.live.scan",
}


def front_end(name: str):
    """The front end module registered as ``name``, imported on first use."""
    return importlib.import_module(FRONT_ENDS[name])


def claims_file(name: str) -> str:
    """The front end that reads a file of this name, when it is not the JSON/YAML one ("terraform"
    for .tf, .tf.json, .tfvars and .tfvars.json), else ""."""
    from doalint.terraform import file_kind  # (the package's init only: no parser)

    return "terraform" if file_kind(name) else ""


def claims_value(value: Any) -> str:
    """The front end that reads a parsed JSON/YAML document as a whole ("cloudformation" for a
    template), else "" (the document is one of doalint's kinds, or nothing doalint checks)."""
    if isinstance(value, dict) and ("AWSTemplateFormatVersion" in value or "Resources" in value):
        if front_end("cloudformation").is_template(value):
            return "cloudformation"
    return ""
