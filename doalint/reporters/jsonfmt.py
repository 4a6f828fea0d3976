"""Machine-readable findings (``--format json``), schema version 1."""

from __future__ import annotations

import json

from doalint import __version__
from doalint.engine.findings import Report
from doalint.reporters import DEFAULT_OPTIONS, RenderOptions
from doalint.source import format_path, pointer

SCHEMA_VERSION = 1


def as_dict(report: Report, baseline_used: bool = False) -> dict:
    active = report.active
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "doalint", "version": __version__},
        "findings": [
            {
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity,
                "file": f.file,
                "line": f.line or None,
                "column": f.col or None,
                "end_line": f.end_line or None,
                "end_column": f.end_col or None,
                "resource": f.file if not f.line else None,
                "message": f.message,
                "path": format_path(f.path) if f.path else "",
                "pointer": "/" + pointer(f.path) if f.path else "",
                "document": f.document,
                "kind": f.kind,
                "related": [
                    {"file": r.file, "line": r.line or None, "column": r.col or None, "message": r.message}
                    for r in f.related
                ],
                "fingerprint": f.fingerprint,
                "suppressed": (
                    {"kind": f.suppression.kind, "justification": f.suppression.justification,
                     "source": f.suppression.source}
                    if f.suppression is not None else None
                ),
                "baseline": ("unchanged" if f.fingerprint in report.baselined else "new") if baseline_used else None,
                **({"fix": fix_dict(f.fix)} if f.fix is not None and f.fix.edits else {}),
            }
            for f in report.findings
        ],
        "skipped": [{"file": s.file, "reason": s.reason} for s in report.skipped],
        "internal_errors": [{"file": e.file, "rule": e.rule, "error": e.error} for e in report.internal_errors],
        "summary": {
            "source": "aws" if report.live else "files",
            "files": report.files,
            "documents": report.documents,
            "findings": len(active),
            "waived": sum(1 for f in report.findings if f.suppression is not None),
            "baselined": len(report.baselined),
            "fixed": report.fixed,
            "internal_errors": len(report.internal_errors),
            "by_severity": {
                s: sum(1 for f in active if f.severity == s) for s in ("error", "warning", "note")
            },
        },
    }


def fix_dict(fix) -> dict:
    """A finding's fix: what it does, whether --fix applies it without --unsafe-fixes, and its edits
    (replace the text from start to end, 1-based, the end exclusive, columns in Unicode code points)."""
    return {
        "description": fix.description,
        "applicability": "safe" if fix.safe else "unsafe",
        "edits": [{"file": e.file, "start": {"line": e.line, "column": e.col},
                   "end": {"line": e.end_line, "column": e.end_col}, "text": e.text} for e in fix.edits],
    }


class JsonReporter:
    """``--format json``: :func:`as_dict`, indented, characters as they are."""

    name = "json"

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        return json.dumps(as_dict(report, options.baseline_used), indent=2, ensure_ascii=False) + "\n"


REPORTER = JsonReporter()
