"""ruff-style text: ``path:line:col: DOA202 [error] message``, then a summary."""

from __future__ import annotations

from collections import Counter

from doalint.engine.findings import Report
from doalint.reporters import DEFAULT_OPTIONS, RenderOptions, checked_files, passed_over, resource_path

_COLORS = {"error": "31", "warning": "33", "note": "36"}


def _c(text: str, code: str, color: bool) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if color else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _where(file: str, line: int, col: int, path) -> str:
    """``file:line:col:``; a deployed resource (line 0) by its ARN and the path in it."""
    if line:
        return f"{file}:{line}:{col}:"
    return f"{file} at {resource_path(path)}:"


def source_lines(f, lines: list[str], color: bool = False) -> list[str]:
    """The finding's line of source, numbered, with a caret under its column and an underline to the
    end of its span on that line (as ruff and checkov show them); [] when the line is not there."""
    if not f.line or f.line > len(lines):
        return []
    text = lines[f.line - 1].rstrip("\r\n")
    start = min(max(f.col, 1), len(text) + 1)
    if f.end_line == f.line and f.end_col > start:
        end = min(f.end_col, len(text) + 1)
    elif f.end_line > f.line:  # the span goes on below: underline to the end of this line
        end = max(start + 1, len(text.rstrip()) + 1)
    else:
        end = start + 1
    width = len(str(f.line))
    pad = "".join(ch if ch == "\t" else " " for ch in text[: start - 1])  # keep tabs: the caret stays aligned
    mark = _c("^" * max(1, end - start), "1;" + _COLORS[f.severity], color)
    bar = _c("|", "2", color)
    return [f"{' ' * width} {bar}", f"{_c(str(f.line), '2', color)} {bar} {text}", f"{' ' * width} {bar} {pad}{mark}"]


class TextReporter:
    """``--format text``: a line per finding (its source line under it with --show-source, its
    related locations indented), internal errors, statistics, and a summary line."""

    name = "text"

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        """``options.source``: for --show-source, a function from a finding's file to its lines (None
        when it cannot be read): each finding with a line is followed by that line, marked."""
        color, statistics, verbose, quiet = options.color, options.statistics, options.verbose, options.quiet
        show_waived, baseline_used, source = options.show_waived, options.baseline_used, options.source
        lines: list[str] = []
        if verbose:
            for s in report.skipped:
                lines.append(_c(f"{s.file}: skipped: {s.reason}", "2", color))
        active = report.active
        shown = report.findings if show_waived else active
        for f in shown:
            loc = _c(_where(f.file, f.line, f.col, f.path), "1", color)
            rule = _c(f.rule, "1;" + _COLORS[f.severity], color)
            sev = _c(f"[{f.severity}]", _COLORS[f.severity], color)
            tail = ""
            if f.suppression is not None:
                tail = _c(f"  (waived: {f.suppression.justification})", "2", color)
            elif f.fingerprint in report.baselined:
                tail = _c("  (baselined)", "2", color)
            lines.append(f"{loc} {rule} {sev} {f.message}{tail}")
            if source is not None and f.line:
                lines += source_lines(f, source(f.file) or [], color)
            for r in f.related:
                lines.append(f"    {_where(r.file, r.line, r.col, r.path)} {r.message}")
        for e in report.internal_errors:
            lines.append(f"{e.file}: internal error in rule {e.rule}: {e.error} (please report this)")
        if statistics and active:
            counts = Counter((f.rule, f.name, f.severity) for f in active)
            lines.append("")
            for (rule, name, sev), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"{n:>5}  {rule}  [{sev}]  {name}")
        unit = "resource" if report.live else "file"
        files = _plural(checked_files(report), unit)
        docs = _plural(report.documents, "document")
        extra = []
        over = len(passed_over(report))
        if over:
            extra.append(f"{_plural(over, unit)} passed over")
        waived = sum(1 for f in report.findings if f.suppression is not None)
        if waived:
            extra.append(f"{waived} waived")
        if active:
            by = Counter(f.severity for f in active)
            parts = ", ".join(_plural(by[s], s) for s in ("error", "warning", "note") if by[s])
            nfiles = len({f.file for f in active})
            where = _plural(nfiles, unit)
            if report.live and any(f.line for f in active):  # --compare: files and resources
                where = f"{nfiles} {'file or resource' if nfiles == 1 else 'files and resources'}"
            summary = (f"Found {_plural(len(active), 'finding')} ({parts}) in {where}; "
                       f"checked {docs} in {files}")
        elif report.internal_errors:  # something was not checked: never "All checks passed"
            summary = f"No findings, but not every check ran: {docs} in {files}"
        else:
            summary = f"All checks passed: {docs} in {files}"
        if report.internal_errors:
            errors = _plural(len(report.internal_errors), "internal error")
            extra.insert(0, f"{errors}: not every check ran" if active else errors)
        if baseline_used:
            extra.insert(0, f"{len(active)} new, {len(report.baselined)} baselined, {report.fixed} fixed")
        fixes = _fixable(active, options)
        if fixes:
            extra.append(fixes)
        if not quiet:
            if options.fixed is not None and (options.fixed or active):
                lines.append(f"{options.fixed} fixed ({len(active)} remaining).")
            lines.append(summary + (f" ({'; '.join(extra)})" if extra else "") + ".")
        if not lines:
            return ""
        if verbose and report.skipped:
            lines.append(f"Passed over {_plural(len(report.skipped), 'file')}: other kinds, empty files, "
                         "links not followed.")
        return "\n".join(lines) + "\n"


def _fixable(active, options: RenderOptions) -> str:
    """How many findings ``doalint check --fix`` would fix (the summary's "N fixable with --fix"), or ""."""
    safe = sum(1 for f in active if f.fix is not None and f.fix.edits and f.fix.safe)
    unsafe = sum(1 for f in active if f.fix is not None and f.fix.edits and not f.fix.safe)
    if options.unsafe_fixes or not safe:
        total = safe + unsafe if options.unsafe_fixes else unsafe
        return f"{total} fixable with --fix --unsafe-fixes" if total else ""
    return f"{safe} fixable with --fix" + (f", {unsafe} more with --unsafe-fixes" if unsafe else "")


REPORTER = TextReporter()
