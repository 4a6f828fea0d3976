"""SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.

Valid against the OASIS schema and shaped for GitHub's ingestion rules: one run,
a descriptor for every rule that ran (stable order) with short and full
descriptions and the explain text as help, results with repository-relative
URIs under %SRCROOT%, regions, partialFingerprints that survive line moves,
logical and related locations, and suppressions for waived findings.
"""

from __future__ import annotations

import json
from typing import Optional
from urllib.parse import quote

from doalint import __version__
from doalint.catalog import Catalog
from doalint.engine.findings import Finding, Report
from doalint.fingerprint import VERSION as FP_VERSION
from doalint.fingerprint import relative_uri
from doalint.reporters import DEFAULT_OPTIONS, RenderOptions, resource_path
from doalint.source import format_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/doa-market/doalint"
_PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}
# GitHub maps security-severity to critical (>= 9.0), high (7.0-8.9), medium (4.0-6.9), low.
_SECURITY_SEVERITY = {"error": "8.0", "warning": "5.5", "note": "3.0"}
_PRECISION = {"input": "very-high"}


def _uri(file: str) -> str:
    rel = relative_uri(file)
    try:  # a file name that is not UTF-8 (read with surrogate escapes): its own bytes, percent-encoded
        raw = rel.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # any other lone surrogate
        raw = rel.encode("utf-8", "surrogatepass")
    return quote(raw, safe="/")


def _region(line: int, col: int, end_line: int, end_col: int) -> dict:
    if (end_line, end_col) < (line, col):
        end_line, end_col = line, col
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def rule_descriptor(entry, profile) -> dict:
    from doalint.explain import render_markdown, render_text

    data = entry.data
    tags = list(data.get("tags", []))
    security = bool(data.get("security")) or "security" in tags
    if security and "security" not in tags:
        tags.append("security")
    props: dict = {
        "tags": tags,
        "precision": next((v for t, v in _PRECISION.items() if t in tags), "high"),
        "problem.severity": _PROBLEM_SEVERITY[entry.severity],
    }
    if security:
        props["security-severity"] = _SECURITY_SEVERITY[entry.severity]
    what = " ".join(data["explain"]["what"].split())
    desc = {
        "id": entry.id,
        "name": entry.name,
        "shortDescription": {"text": data["title"][:1024]},
        "fullDescription": {"text": what if len(what) <= 1024 else what[:1021] + "..."},
        "help": {"text": render_text(entry, profile), "markdown": render_markdown(entry, profile)},
        "defaultConfiguration": {"level": entry.severity},
        "properties": props,
    }
    url = next((r["url"] for r in data["explain"].get("references", []) if r.get("url")), None)
    if url:
        desc["helpUri"] = url
    return desc


def _external_descriptor(ext) -> dict:
    """A rule reported by another tool (checkov): what that tool says about it."""
    help_text = f"{ext.title}\n\nReported by checkov (doalint check --with-checkov)."
    desc = {
        "id": ext.id,
        "name": ext.name,
        "shortDescription": {"text": ext.title[:1024]},
        "fullDescription": {"text": ext.title[:1024]},
        "help": {"text": help_text + (f" {ext.url}" if ext.url else ""),
                 "markdown": f"**{ext.title}**\n\nReported by checkov." + (f" [Guideline]({ext.url})" if ext.url else "")},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["checkov"], "precision": "medium", "problem.severity": "warning"},
    }
    if ext.url.startswith("https://"):
        desc["helpUri"] = ext.url
    return desc


def _result(f: Finding, index: int, baseline: Optional[set[str]]) -> dict:
    res: dict = {
        "ruleId": f.rule,
        "ruleIndex": index,
        "level": f.severity,
        "message": {"text": f.message},
        "locations": [_location(f)],
        "partialFingerprints": {FP_VERSION: f.fingerprint},
    }
    if f.related:
        res["relatedLocations"] = [_related(i + 1, r) for i, r in enumerate(f.related)]
    if f.suppression is not None:
        sup = {"kind": f.suppression.kind, "status": "accepted", "justification": f.suppression.justification}
        if f.suppression.source:
            sup["properties"] = {"source": f.suppression.source}
        res["suppressions"] = [sup]
    if baseline is not None:
        res["baselineState"] = "unchanged" if f.fingerprint in baseline else "new"
    if f.fix is not None and f.fix.edits:
        res["fixes"] = [_fix(f.fix)]
    return res


def _fix(fix) -> dict:
    """A SARIF fix: the edits grouped by file, each a deleted region (empty for an insertion) and the
    text put in its place; whether it is safe to apply unreviewed, as a property."""
    changes: dict = {}
    for e in fix.edits:
        changes.setdefault(e.file, []).append({
            "deletedRegion": _region(e.line, e.col, e.end_line, e.end_col),
            "insertedContent": {"text": e.text},
        })
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": {"uri": _uri(file), "uriBaseId": "%SRCROOT%"}, "replacements": reps}
                            for file, reps in changes.items()],
        "properties": {"applicability": "safe" if fix.safe else "unsafe"},
    }


def _location(f: Finding) -> dict:
    if not f.line:  # a deployed resource (scan-aws): its ARN, no file and no region
        return {"logicalLocations": [_resource(f.file), _logical(f, f.file)]}
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(f.file), "uriBaseId": "%SRCROOT%"},
            "region": _region(f.line, f.col, f.end_line, f.end_col),
        },
        "logicalLocations": [_logical(f)],
    }


def _related(index: int, r) -> dict:
    out: dict = {"id": index, "message": {"text": r.message}}
    if not r.line:
        where = resource_path(r.path)
        out["logicalLocations"] = [_resource(r.file),
                                   {"fullyQualifiedName": f"{r.file}: {where}", "kind": "member"}]
        return out
    out["physicalLocation"] = {
        "artifactLocation": {"uri": _uri(r.file), "uriBaseId": "%SRCROOT%"},
        "region": _region(r.line, r.col, r.line, r.col),
    }
    return out


def _resource(arn: str) -> dict:
    part = arn.split(":", 5)[-1]  # the ARN's resource: service/cluster/name, alarm:name, ...
    name = part.rsplit("/", 1)[-1] if "/" in part else part.split(":", 1)[-1]
    return {"name": name or arn, "fullyQualifiedName": arn, "kind": "resource"}


def _logical(f: Finding, resource: str = "") -> dict:
    where = format_path(f.path) if f.path else "(document)"
    owner = resource or f.document
    loc = {"fullyQualifiedName": f"{owner}: {where}" if owner else where, "kind": "member"}
    if f.path:
        loc["name"] = str(f.path[-1])
    return loc


def _invocation(report: Report, index: dict) -> dict:
    """The run's invocation: unsuccessful when a rule or a loader step failed (an internal error),
    each failure a toolExecutionNotification of level error, so that nothing left unchecked passes
    for clean."""
    out: dict = {"executionSuccessful": not report.internal_errors}
    notes = []
    for e in report.internal_errors:
        note: dict = {"level": "error",
                      "message": {"text": f"{e.file}: internal error in {e.rule}: {e.error} (please report this)"}}
        if not e.file.startswith(("(", "arn:")):
            note["locations"] = [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.file),
                                                                            "uriBaseId": "%SRCROOT%"}}}]
        if e.rule in index:
            note["associatedRule"] = {"id": e.rule, "index": index[e.rule]}
        notes.append(note)
    if notes:
        out["toolExecutionNotifications"] = notes
    return out


def as_dict(report: Report, catalog: Catalog, profile, category: Optional[str] = None,
            baseline_used: bool = False) -> dict:
    ran = sorted(report.rules_run | {f.rule for f in report.findings})
    entries = [catalog.entries[r] for r in ran if r in catalog.entries]
    descriptors = [rule_descriptor(e, profile) for e in entries]
    for rid in ran:
        ext = report.external_rules.get(rid)
        if ext is not None and rid not in catalog.entries:
            descriptors.append(_external_descriptor(ext))
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    run: dict = {
        "tool": {
            "driver": {
                "name": "doalint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": descriptors,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [
            _result(f, index[f.rule], report.baselined if baseline_used else None) for f in report.findings
        ],
    }
    run["invocations"] = [_invocation(report, index)]
    if category:
        run["automationDetails"] = {"id": category}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


class SarifReporter:
    """``--format sarif``: :func:`as_dict`, indented, characters as they are. Its rules are described
    from the options' catalog and profile (by default the bundled ones)."""

    name = "sarif"

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        catalog, profile = options.catalog, options.profile
        if catalog is None:
            from doalint.catalog import default_catalog

            catalog = default_catalog()
        if profile is None:
            from doalint.profile import load_profile

            profile = load_profile()
        data = as_dict(report, catalog, profile, options.sarif_category, options.baseline_used)
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


REPORTER = SarifReporter()
