from __future__ import annotations

from typing import Optional

from doalint.record import field, record
from doalint.source import Path

SEVERITY_RANK = {"note": 0, "warning": 1, "error": 2}


@record(frozen=True)
class RelatedLocation:
    file: str
    line: int
    col: int
    message: str
    path: Path = ()


@record(frozen=True)
class Suppression:
    """Why a finding is waived: an inline comment ("inSource") or a config waiver ("external")."""

    kind: str
    justification: str
    source: str = ""  # where the suppression is written: "file:line"


@record(frozen=True)
class Finding:
    rule: str
    name: str
    severity: str
    file: str
    line: int
    col: int
    end_line: int
    end_col: int
    message: str
    path: Path = ()  # absolute path in the file's value
    document: str = ""  # "task definition product-service"
    kind: str = ""
    related: tuple[RelatedLocation, ...] = field(default_factory=tuple)
    unit: int = 0  # index of the YAML document within its file
    suppression: Optional[Suppression] = None
    fingerprint: str = ""  # stable identity across line moves (see doalint.fingerprint)
    fix: Optional[object] = None  # a doalint.fixes.Fix with its edits, when the finding can be fixed

    def sort_key(self):
        return (self.file, self.line, self.col, self.rule, self.message)


@record
class Skipped:
    file: str
    reason: str


@record
class InternalError:
    file: str
    rule: str
    error: str


@record
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    documents: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    internal_errors: list[InternalError] = field(default_factory=list)
    rules_run: set[str] = field(default_factory=set)
    checked_files: list[str] = field(default_factory=list)
    external_rules: dict = field(default_factory=dict)  # rule ID -> ExternalRule (checkov)
    docs: list = field(default_factory=list, repr=False)  # every Document of the run (rules across documents)

    @property
    def active(self) -> list[Finding]:
        """Findings that count: not waived, not baselined."""
        return [f for f in self.findings if f.suppression is None and f.fingerprint not in self.baselined]

    # suppressions written in files, kept until the rules across documents have run: inline
    # comments (file -> doalint.suppress.Inline) and CloudFormation Metadata entries
    inline: dict = field(default_factory=dict, repr=False)
    metadata_ignores: dict = field(default_factory=dict, repr=False)
    live: bool = False  # a scan of an AWS account: "files" are resources, findings have no lines
    baselined: set[str] = field(default_factory=set)  # fingerprints matched by --baseline
    fixed: int = 0  # baseline entries no longer found
    # what the run covered, so that a partial run judges only that (baseline fixed/prune, waivers):
    # file -> the rule IDs run for it (doalint.engine.runner.Linter._coverage); files given; files
    # that did not parse (their other rules did not run)
    covered: dict = field(default_factory=dict, repr=False)
    paths: list = field(default_factory=list, repr=False)
    unparsed: set = field(default_factory=set, repr=False)

    def failing(self, fail_level: str) -> bool:
        threshold = SEVERITY_RANK[fail_level]
        return any(SEVERITY_RANK[f.severity] >= threshold for f in self.active)
