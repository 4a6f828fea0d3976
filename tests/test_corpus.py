"""The real-world corpus (../shared/corpus): every file gets a result with no traceback, and every
finding (file, line, column, rule) and every skipped file or document (with its reason) is recorded,
so that a finding that appears, disappears or moves shows up in review. Regenerate the record with
DOALINT_UPDATE_CORPUS=1 after reading the change and judging it right.

Each file is put back at its path in its own repository (MANIFEST.tsv), one repository at a time, as
its users would run doalint: a Terraform module is the files of one folder of one repository, and
documents are related only inside their repository."""

from __future__ import annotations

import csv
import json
import os
import shutil

import pytest

from conftest import ROOT, SHARED

CORPUS = SHARED / "corpus"
RECORD = ROOT / "tests" / "corpus_record.json"

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/corpus not present")


def _manifest() -> dict[str, list[tuple[str, str]]]:
    """repository -> [(corpus path, path in the repository)]"""
    repos: dict[str, list[tuple[str, str]]] = {}
    with open(CORPUS / "MANIFEST.tsv", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            repos.setdefault(row["repo"], []).append((row["local_path"], row["path_in_repo"]))
    return repos


def corpus_result(linter, workdir) -> dict:
    """Lint each repository's corpus files, laid out as in the repository, below ``workdir``."""
    files = documents = 0
    findings: dict[str, list[str]] = {}
    skipped: list[str] = []
    for repo, entries in sorted(_manifest().items()):
        root = workdir / repo.replace("/", "__")
        (root / ".git").mkdir(parents=True)  # the repository's root: one project
        back = {}
        for local, in_repo in entries:
            target = root / in_repo
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(CORPUS / local, target)
            back[os.path.normpath(str(target))] = local
        report = linter.lint_paths(sorted(back))
        assert not report.internal_errors, (repo, report.internal_errors[:3])

        def corpus_path(shown: str) -> str:
            name, _, rest = shown.partition(" (")
            return back[os.path.normpath(os.path.abspath(name))] + (" (" + rest if rest else "")

        seen = {os.path.normpath(os.path.abspath(f)) for f in report.checked_files}
        seen |= {os.path.normpath(os.path.abspath(s.file.partition(" (")[0])) for s in report.skipped}
        missing = [back[f] for f in back if f not in seen]
        assert not missing, f"files neither checked nor listed as skipped with a reason: {missing[:5]}"
        files += len(back)
        documents += report.documents
        for f in report.findings:
            findings.setdefault(corpus_path(f.file), []).append(f"{f.line}:{f.col} {f.rule}")
        skipped += [f"{corpus_path(s.file)}: {s.reason}" for s in report.skipped]
    return {
        "files": files,
        "documents": documents,
        "findings": {k: sorted(v, key=lambda s: (int(s.split(":")[0]), s)) for k, v in sorted(findings.items())},
        "skipped": sorted(skipped),
    }


def test_every_corpus_file_gets_a_result_and_the_findings_are_as_recorded(linter, tmp_path):
    got = corpus_result(linter, tmp_path)
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
