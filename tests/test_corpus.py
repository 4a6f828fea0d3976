"""The real-world corpus (../shared/corpus): every file gets a result with no traceback, and every
finding (file, line, column, rule) and every skipped file or document (with its reason) is recorded,
so that a finding that appears, disappears or moves shows up in review. Regenerate the record with
DOALINT_UPDATE_CORPUS=1 after reading the change and judging it right."""

from __future__ import annotations

import json
import os

import pytest

from conftest import ROOT, SHARED

CORPUS = SHARED / "corpus" / "files"
RECORD = ROOT / "tests" / "corpus_record.json"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


def _rel(path: str) -> str:
    return os.path.relpath(os.path.abspath(path.split(" (", 1)[0]), CORPUS).replace(os.sep, "/") + (
        " (" + path.split(" (", 1)[1] if " (" in path else "")


def corpus_result(linter) -> dict:
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    report = linter.lint_paths([str(p) for p in files])
    assert not report.internal_errors, report.internal_errors[:3]
    seen = {os.path.abspath(f) for f in report.checked_files}
    skipped = {os.path.abspath(s.file.split(" (", 1)[0]) for s in report.skipped}
    missing = [str(p) for p in files if os.path.abspath(p) not in seen | skipped]
    assert not missing, f"files neither checked nor listed as skipped with a reason: {missing[:5]}"
    findings: dict[str, list[str]] = {}
    for f in report.findings:
        findings.setdefault(_rel(f.file), []).append(f"{f.line}:{f.col} {f.rule}")
    return {
        "files": len(files),
        "documents": report.documents,
        "findings": {k: sorted(v, key=lambda s: (int(s.split(":")[0]), s)) for k, v in sorted(findings.items())},
        "skipped": sorted(f"{_rel(s.file)}: {s.reason}" for s in report.skipped),
    }


def test_every_corpus_file_gets_a_result_and_the_findings_are_as_recorded(linter):
    got = corpus_result(linter)
    if os.environ.get("DOALINT_UPDATE_CORPUS"):
        RECORD.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    want = json.loads(RECORD.read_text())
    for key in ("files", "documents", "skipped"):
        assert got[key] == want[key], f"corpus {key} changed: review, then DOALINT_UPDATE_CORPUS=1"
    changed = {k: (want["findings"].get(k), got["findings"].get(k))
               for k in set(got["findings"]) | set(want["findings"])
               if got["findings"].get(k) != want["findings"].get(k)}
    assert not changed, f"corpus findings changed in {len(changed)} files (review, then DOALINT_UPDATE_CORPUS=1): " \
        + "; ".join(f"{k}: {w} -> {g}" for k, (w, g) in sorted(changed.items())[:5])
