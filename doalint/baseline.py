"""The baseline: today's findings recorded by fingerprint, so CI can fail on new ones only.

A baseline is JSON: ``{"version": 1, "tool": "doalint", "findings": [{fingerprint,
rule, file, path, message}, ...]}``; only the fingerprints decide, the rest is
there for the reader of the file and its diffs.
"""

from __future__ import annotations

import json
from pathlib import Path

from doalint.engine.findings import Finding, Report
from doalint.errors import UsageError
from doalint.fingerprint import relative_uri
from doalint.source import format_path

VERSION = 1


def read(path: Path) -> dict[str, dict]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"baseline {path}: no such file (create it with 'doalint baseline write')") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"baseline {path}: cannot read it ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise UsageError(f"baseline {path}: not a doalint baseline of version {VERSION}")
    out = {}
    for entry in data["findings"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            out[entry["fingerprint"]] = entry
    return out


def _entry(f: Finding) -> dict:
    return {
        "fingerprint": f.fingerprint,
        "rule": f.rule,
        "file": relative_uri(f.file),
        "path": format_path(f.path) if f.path else "",
        "message": f.message,
    }


def _dump(path: Path, entries: list[dict]) -> None:
    entries = sorted(entries, key=lambda e: (e.get("file", ""), e.get("rule", ""), e.get("path", ""),
                                             e["fingerprint"]))
    text = json.dumps({"version": VERSION, "tool": "doalint", "findings": entries}, indent=2, ensure_ascii=False)
    try:
        path.write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"baseline {path}: cannot write it ({exc.strerror or exc})") from None


def write(path: Path, findings: list[Finding]) -> int:
    entries = {f.fingerprint: _entry(f) for f in findings}
    _dump(path, list(entries.values()))
    return len(entries)


def apply(report: Report, entries: dict[str, dict]) -> None:
    """Mark the report's findings that the baseline knows; count the entries now fixed."""
    found = {f.fingerprint for f in report.findings}
    report.baselined = found & set(entries)
    report.fixed = len(set(entries) - found)


def prune(path: Path, current: set[str]) -> tuple[int, int]:
    entries = read(path)
    kept = [e for fp, e in entries.items() if fp in current]
    _dump(path, kept)
    return len(kept), len(entries) - len(kept)
