"""The baseline: today's findings recorded by fingerprint, so CI can fail on new ones only.

A baseline is JSON: ``{"version": 2, "tool": "doalint", "findings": [{fingerprint,
rule, file, path, message, related?}, ...]}``; the fingerprints decide whether a
finding is known, the rest is there for the reader of the file and its diffs and
to tell what a run covered.

A run judges only the entries it covered (``covers``): their file was read (and
parsed) and their rule ran for it, and for a finding across documents, the other
files it relates were read too; or their file is gone from the paths checked.
Only those count as "fixed", only those are pruned, and ``write`` replaces only
those: a hook that checks the staged files, or a run with ``--select``, never
loses the entries of the files and rules it did not check.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from doalint.engine.findings import Finding, Report
from doalint.errors import UsageError
from doalint.fingerprint import legacy, project_root, relative_uri
from doalint.source import format_path

# 2: fingerprints by content (doalint.fingerprint); 1: by path and order, still matched (``legacy``)
VERSION = 2
LEGACY = 1


class Entries(dict):
    """A baseline's entries by fingerprint, and the version of its fingerprints."""

    version = VERSION


def read(path: Path, quiet: bool = False) -> Entries:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline {path}: no such file (create it with 'doalint baseline write')") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"baseline {path}: cannot read it ({exc})") from None
    if (not isinstance(data, dict) or data.get("version") not in (VERSION, LEGACY)
            or not isinstance(data.get("findings"), list)):
        raise UsageError(f"baseline {path}: not a doalint baseline of version {VERSION} (or {LEGACY})")
    out = Entries()
    out.version = data["version"]
    if out.version == LEGACY and not quiet:
        print(f"doalint: baseline {path} is of version 1, whose fingerprints let a new finding take the place "
              "of a fixed one; it is still matched, but re-write it with 'doalint baseline write'",
              file=sys.stderr)
    for entry in data["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            out[entry["fingerprint"]] = entry
    return out


def _found(report: Report, entries: Entries) -> dict[str, str]:
    """The fingerprints of the report's findings as ``entries`` write them -> the findings' own."""
    if getattr(entries, "version", VERSION) == LEGACY:
        return dict(zip(legacy(report.findings), (f.fingerprint for f in report.findings)))
    return {f.fingerprint: f.fingerprint for f in report.findings}


def _entry(f: Finding) -> dict:
    out = {
        "fingerprint": f.fingerprint,
        "rule": f.rule,
        "file": relative_uri(f.file),
        "path": format_path(f.path) if f.path else "",
        "message": f.message,
    }
    related = sorted({relative_uri(r.file) for r in f.related} - {out["file"]})
    if related:  # a finding across documents: judged only when these were read too (covers)
        out["related"] = related
    return out


def covers(report: Report):
    """covered(entry) -> whether the run of ``report`` judged that entry (see the module's docstring)."""
    external = set(report.external_rules)  # checkov's checks ran for every file read
    rules = {relative_uri(f): set(r) | external for f, r in report.covered.items()}
    read = set(rules) | {relative_uri(d.file) for d in report.docs if getattr(d, "file", None)}
    given = [relative_uri(p) for p in report.paths]
    root = project_root()

    def gone(file: str) -> bool:  # deleted from the paths checked: its findings are fixed
        return (not file.startswith("arn:")
                and any(g == "." or file == g or file.startswith(g.rstrip("/") + "/") for g in given)
                and not (root / file).exists())

    def covered(entry: dict) -> bool:
        file, rule = entry.get("file", ""), entry.get("rule", "")
        if not (rule in rules.get(file, ()) or gone(file)):
            return False
        return all(r in read or gone(r) for r in entry.get("related", ()) if isinstance(r, str))

    return covered


def _dump(path: Path, entries: list[dict], version: int = VERSION) -> None:
    entries = sorted(entries, key=lambda e: (e.get("file", ""), e.get("rule", ""), e.get("path", ""),
                                             e["fingerprint"]))
    text = json.dumps({"version": version, "tool": "doalint", "findings": entries}, indent=2, ensure_ascii=False)
    _atomic_write(path, text + "\n")


def _atomic_write(path: Path, text: str) -> None:
    """The baseline written atomically (doalint.atomic): a failed write leaves the old one whole."""
    from doalint.atomic import write_text

    try:
        write_text(path, text)
    except OSError as exc:
        raise UsageError(f"baseline {path}: cannot write it ({exc.strerror or exc})") from None


def write(path: Path, findings: list[Finding], report: Report | None = None) -> int:
    """Record ``findings``; with the ``report`` of their run, an existing baseline keeps the entries
    that run did not cover (other files, other rules). Returns the number of entries written."""
    entries = {f.fingerprint: _entry(f) for f in findings}
    if report is not None and path.exists():
        covered = covers(report)
        try:
            old = read(path, quiet=True)
        except UsageError:
            old = Entries()  # not a baseline doalint can read: replaced whole
        if old.version == LEGACY:  # its fingerprints are not comparable: every entry is replaced
            dropped = sum(1 for e in old.values() if not covered(e))
            if dropped:
                print(f"doalint: {path} was of version 1: {dropped} entr{'y' if dropped == 1 else 'ies'} of files "
                      "or rules this run did not check dropped (write the baseline of the whole project)",
                      file=sys.stderr)
            old = Entries()
        for fp, e in old.items():
            if fp not in entries and not covered(e):
                entries[fp] = e
    _dump(path, list(entries.values()))
    return len(entries)


def apply(report: Report, entries: dict[str, dict]) -> None:
    """Mark the report's findings that the baseline knows; count the entries now fixed (those the
    run covered and did not find)."""
    found = _found(report, entries)
    report.baselined = {found[fp] for fp in entries if fp in found}
    covered = covers(report)
    report.fixed = sum(1 for fp, e in entries.items() if fp not in found and covered(e))


def prune(path: Path, report: Report) -> tuple[int, int]:
    """Drop the entries the run of ``report`` covered and no longer found; (kept, dropped)."""
    entries = read(path)
    found = _found(report, entries)
    covered = covers(report)
    kept = [e for fp, e in entries.items() if fp in found or not covered(e)]
    if len(kept) < len(entries):
        _dump(path, kept, entries.version)
    return len(kept), len(entries) - len(kept)
