"""Output formats. A finding on a deployed resource (scan-aws) has no line: its ``file`` is the
resource's ARN, and every format names the path inside the resource instead."""

from __future__ import annotations

from doalint.source import Path, format_path


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
