"""The real-world corpus (../shared/corpus): every file gets a result with no traceback, and the
counts of findings per corpus kind and rule are recorded, so that a change in behaviour shows up
in review. Regenerate the record with DOALINT_UPDATE_CORPUS=1 after checking the change is right."""

from __future__ import annotations

import json
import os
from collections import Counter

import pytest

from conftest import ROOT, SHARED

CORPUS = SHARED / "corpus" / "files"
RECORD = ROOT / "tests" / "corpus_counts.json"

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


def test_every_corpus_file_gets_a_result_and_the_counts_are_as_recorded(linter):
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    report = linter.lint_paths([str(p) for p in files])
    assert not report.internal_errors, report.internal_errors[:3]
    seen = {os.path.abspath(f) for f in report.checked_files}
    missing = [str(p) for p in files if os.path.abspath(p) not in seen]
    assert not missing, f"files without a result: {missing[:5]}"
    counts = Counter()
    for f in report.findings:
        kind = os.path.relpath(os.path.abspath(f.file), CORPUS).split(os.sep)[0]
        counts[f"{kind} {f.rule}"] += 1
    got = {"files": len(files), "documents": report.documents, "findings": dict(sorted(counts.items()))}
    if os.environ.get("DOALINT_UPDATE_CORPUS"):
        RECORD.write_text(json.dumps(got, indent=2) + "\n")
    assert got == json.loads(RECORD.read_text()), "corpus results changed: review, then DOALINT_UPDATE_CORPUS=1"
