"""Suppressions: per-file-ignores, inline comments, CloudFormation Metadata entries and waivers in
the configuration (the baseline, a file of fingerprints, is doalint.baseline).

Inline: ``# doalint: ignore[DOA202] reason`` on the line above a key (it covers the
key and everything under it; above a list item, the whole item) or at the end of
the key's line. Waivers: rule, file glob, optional document path or resource
address, a required reason, optional owner and expiry date.

A waived finding stays in the report with its suppression (SARIF lists it under
``suppressions``) but does not fail the run. A suppression without a reason is
DOA013 and is not applied; an expired waiver is DOA011 and is not applied; one
that matched nothing is DOA012.
"""

from __future__ import annotations

import datetime
import re
from typing import Optional

from doalint import record as records
from doalint.engine.findings import Finding, Suppression
from doalint.record import record
from doalint.source import Path, SourceMap, format_path

EXPIRED = "DOA011"
UNUSED = "DOA012"
NO_REASON = "DOA013"

_INLINE = re.compile(r"(?:#|//)\s*doalint:\s*ignore\[([^\]]*)\]\s*[:\-]?\s*(.*?)\s*$")


@record
class Inline:
    rules: list[str]
    reason: str
    line: int  # the comment's line
    col: int
    target: Optional[Path]  # the key path it covers (None: it covers nothing)
    unit: int = 0
    used: bool = False
    # the lines the target's key and value take (a CloudFormation template's findings have the
    # document's paths, not the template's: they are covered by where they stand)
    lines: Optional[tuple] = None


def scan_inline(text: str, smaps: list[SourceMap], by_lines=()) -> list[Inline]:
    """Find the inline suppressions of a YAML text and the key path each covers; for the units of
    ``by_lines`` (a template whose documents are mapped from it), also the lines it covers."""
    if "doalint:" not in text:
        return []
    lines = text.splitlines()
    by_line: list[dict[int, Path]] = []
    for smap in smaps:
        index: dict[int, Path] = {}
        for path, span in smap.keys.items():
            cur = index.get(span.line)
            if cur is None or len(path) < len(cur):
                index[span.line] = path
        by_line.append(index)
    out: list[Inline] = []
    for n, raw in enumerate(lines, start=1):
        if "doalint:" not in raw:
            continue
        m = _INLINE.search(raw)
        if not m:
            continue
        rules = [r.strip() for r in m.group(1).split(",") if r.strip()]
        comment_only = raw[: m.start()].strip() == ""
        target_line = n
        if comment_only:  # the next line that holds something other than a comment
            target_line = next(
                (k for k in range(n + 1, len(lines) + 1)
                 if lines[k - 1].strip() and not lines[k - 1].lstrip().startswith(("#", "//"))),
                0,
            )
        target, unit = None, 0
        for u, index in enumerate(by_line):
            if target_line in index:
                target, unit = index[target_line], u
                item = lines[target_line - 1].lstrip()
                if comment_only and item.startswith("- ") and len(target) >= 2 and isinstance(target[-2], int):
                    target = target[:-1]  # above "- key: ...": the whole list item
                break
        lines_of = None
        if target is not None and unit in by_lines:
            span = smaps[unit].values.get(target)
            if span is not None:
                last = span.end_line - 1 if span.end_col == 1 and span.end_line > target_line else span.end_line
                lines_of = (target_line, max(target_line, last))
        out.append(Inline(rules, m.group(2), n, m.start() + 1, target, unit, lines=lines_of))
    return out


def per_file_ignored(catalog, ignored: list[str]) -> set[str]:
    """The rule IDs that ``ignored`` (the configuration's per-file-ignores entries for a file, rule IDs
    or names, doalint.config.Config.ignored_here) turn off there: their findings are dropped, not
    marked, for the rules are off for that file."""
    return set(catalog.resolve(ignored, "per-file-ignores")) if ignored else set()


def _rule_matches(wanted: str, finding: Finding) -> bool:
    w = wanted.strip()
    return w.upper() == finding.rule or w.lower() == finding.name


def apply_inline(findings: list[Finding], inlines: list[Inline], file: str, emit) -> list[Finding]:
    """Mark the findings of one file that an inline comment covers; report bad and unused comments."""
    valid = valid_inlines(inlines, file, emit)
    out = mark_inline(findings, valid, file)
    report_unused_inline(valid, file, emit)
    return out


def valid_inlines(inlines: list[Inline], file: str, emit) -> list[Inline]:
    """The comments that can suppress something; those without a reason or a rule are DOA013."""
    valid = []
    for s in inlines:
        if not s.reason:
            emit(NO_REASON, file, s.line, s.col,
                 f"suppression of {', '.join(s.rules) or 'nothing'} has no reason; write why after the brackets "
                 "(e.g. '# doalint: ignore[DOA202] rolled back by CodeDeploy')")
        elif not s.rules:
            emit(NO_REASON, file, s.line, s.col, "suppression names no rule: ignore[DOA202] or ignore[rule-name]")
        else:
            valid.append(s)
    return valid


def mark_inline(findings: list[Finding], valid: list[Inline], file: str) -> list[Finding]:
    out = []
    for f in findings:
        for s in valid:
            if (
                f.suppression is None
                and f.file == file
                and s.target is not None
                and f.unit == s.unit
                and (f.path[: len(s.target)] == s.target or (s.lines and s.lines[0] <= f.line <= s.lines[1]))
                and any(_rule_matches(r, f) for r in s.rules)
            ):
                f = records.replace(f, suppression=Suppression("inSource", s.reason, f"{file}:{s.line}"))
                s.used = True
        out.append(f)
    return out


def report_unused_inline(valid: list[Inline], file: str, emit, ran=None) -> None:
    """DOA012 for the comments that covered nothing. ``ran(rule)``: whether that rule (ID or name, as
    written) ran for the file; a comment none of whose rules ran is not judged (--select)."""
    for s in valid:
        if not s.used and (ran is None or any(ran(r) for r in s.rules)):
            what = format_path(s.target) if s.target else "the line below it"
            emit(UNUSED, file, s.line, s.col,
                 f"suppression of {', '.join(s.rules)} matches no finding at {what}; remove it")


def mark_metadata(findings: list[Finding], entries: list, file: str) -> list[Finding]:
    """Mark the findings of ``file`` that a CloudFormation Metadata ignore entry
    (doalint.frontend.MetadataIgnore) covers: one on a resource covers the findings about that
    resource (the finding's document is the resource's address), one on the template every finding
    of the file."""
    out = []
    for f in findings:
        if f.file == file and f.suppression is None:
            for e in entries:
                if e.scope is not None and f.document != e.scope:
                    continue
                if _rule_matches(e.rule, f):
                    f = records.replace(f, suppression=Suppression("inSource", e.reason, f"{file}:{e.span.line}"))
                    e.used = True
                    break
        out.append(f)
    return out


def report_unused_metadata(entries: list, file: str, emit, ran=None) -> None:
    """DOA012 for the Metadata entries that covered nothing; ``ran``: as for report_unused_inline."""
    for e in entries:
        if not e.used and (ran is None or ran(str(e.rule))):
            emit(UNUSED, file, e.span.line, e.span.col,
                 f"suppression of {e.rule} matches no finding{' of ' + e.scope if e.scope else ''}; remove it")


def _document_matches(waiver_doc: Optional[str], finding: Finding) -> bool:
    if not waiver_doc:
        return True
    want = waiver_doc.strip().lstrip("/")
    dotted = format_path(finding.path)
    slashed = "/".join(str(p) for p in finding.path)
    for candidate in (dotted, slashed, finding.document):
        if candidate == want or candidate.startswith(want + ".") or candidate.startswith(want + "/") \
                or candidate.startswith(want + "["):
            return True
    return False


def apply_waivers(findings: list[Finding], config, catalog, emit, today: Optional[datetime.date] = None,
                  covered: Optional[dict] = None) -> list[Finding]:
    """Mark findings waived by the configuration; report expired and unused waivers.

    ``covered`` (file -> the rule IDs run for it, doalint.engine.runner.Linter._coverage): a waiver is
    judged (expired, unused) only when its rule ran for a file its path matches; a partial run (some
    files, --select) says nothing about the others. None: judge every waiver."""
    from doalint.config import glob_match

    def judged(w, rid: str) -> bool:
        return covered is None or any(
            rid in rules and glob_match(w.path, config.relative(file)) for file, rules in covered.items())

    if not config.waivers:
        return findings
    today = today or datetime.date.today()
    cfg_file = config.shown  # as the user standing here writes it: ../.doalint.yaml
    live = []
    quiet = set()  # waivers this run did not judge: not its to call expired or unused
    for w in config.waivers:
        entry = catalog.get(w.rule)
        if entry is None:
            emit(UNUSED, cfg_file, w.line, w.col, f"waiver names the unknown rule {w.rule!r}")
            continue
        if not judged(w, entry.id):
            quiet.add(id(w))
        if w.expires is not None and w.expires < today:
            if id(w) in quiet:
                continue
            emit(EXPIRED, cfg_file, w.line, w.col,
                 f"waiver of {entry.id} for {w.path!r} expired on {w.expires.isoformat()}"
                 + (f" (owner {w.owner})" if w.owner else "") + "; renew it with a new date or fix the findings")
            continue
        live.append((w, entry.id))
    out = []
    for f in findings:
        if f.suppression is None:
            rel = config.relative(f.file)
            for w, rid in live:
                if f.rule == rid and glob_match(w.path, rel) and _document_matches(w.document, f):
                    who = f" (owner {w.owner})" if w.owner else ""
                    f = records.replace(
                        f, suppression=Suppression("external", w.reason + who, f"{cfg_file}:{w.line}"))
                    w.used = True
                    break
        out.append(f)
    for w, rid in live:
        if not w.used and id(w) not in quiet:
            emit(UNUSED, cfg_file, w.line, w.col,
                 f"waiver of {rid} for {w.path!r} matches no finding; remove it")
    return out
