"""Output formats: one interface, a registry by name, and what the formats share.

Every format is a :class:`Reporter`: a ``name`` (the one ``--format`` and ``--output`` take) and
``render(report, options) -> str``, ``options`` being one :class:`RenderOptions` whatever the format
(each reads the fields it needs and leaves the others). :func:`get` finds a reporter by name and
imports its module only then: a run that writes text never loads the SARIF or JUnit code.

A finding on a deployed resource (scan-aws) has no line: its ``file`` is the resource's ARN, and
every format names the path inside the resource instead."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Callable, Optional, Protocol

from doalint.record import record
from doalint.source import Path, format_path

if TYPE_CHECKING:
    from doalint.engine.findings import Report


@record(frozen=True)
class RenderOptions:
    """What a reporter may need besides the report. The defaults are those of a plain run."""

    catalog: Any = None  # sarif: the rule descriptors (default: the bundled catalog)
    profile: Any = None  # sarif: the option values in each rule's help (default: the bundled profile)
    sarif_category: Optional[str] = None  # sarif: runAutomationDetails.id (GitHub's category)
    baseline_used: bool = False  # json, sarif: each finding's baseline state; text: the counts
    color: bool = False  # text: ANSI colours
    statistics: bool = False  # text: a count of findings per rule
    verbose: bool = False  # text: the files passed over
    show_waived: bool = False  # text: also the waived and baselined findings
    quiet: bool = False  # text: findings only, no summary line
    source: Optional[Callable[[str], Optional[list[str]]]] = None  # text: a file's lines (--show-source)
    fixed: Optional[int] = None  # text: the fixes --fix applied (None: not a --fix run)
    unsafe_fixes: bool = False  # text: count the unsafe fixes as fixable too


DEFAULT_OPTIONS = RenderOptions()


class Reporter(Protocol):
    """An output format."""

    name: str

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        """The whole output for ``report``."""
        ...


# name -> the module (of this package) whose REPORTER it is; in the order the CLI lists them
_MODULES = {"text": "text", "json": "jsonfmt", "sarif": "sarif", "github": "github", "junit": "junit"}
NAMES: tuple[str, ...] = tuple(_MODULES)


def get(name: str) -> Reporter:
    """The reporter called ``name`` (one of :data:`NAMES`); its module is imported now."""
    module = _MODULES.get(name)
    if module is None:
        raise ValueError(f"unknown output format {name!r} (one of {', '.join(NAMES)})")
    return importlib.import_module(f"{__name__}.{module}").REPORTER


def resource_path(path: Path) -> str:
    """Where in a deployed resource a finding is: its path, or the resource as a whole."""
    return format_path(path) if path else "(the resource)"


def passed_over(report) -> list[str]:
    """The files of the run that were read but not checked (another kind of file, an empty one, a
    template not read): each has a skip note of its own and no finding. They are no checked file
    in a summary, nor a passing test case."""
    with_findings = {f.file for f in report.findings}
    whole = {s.file: s.reason for s in report.skipped}
    return [f for f in report.checked_files if f in whole and f not in with_findings]


def checked_files(report) -> int:
    """How many files the run really checked (read, and not passed over)."""
    return report.files - len(passed_over(report))
