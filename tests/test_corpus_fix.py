"""`doalint check --fix` on a copy of the real-world corpus (../shared/corpus) breaks no file: every file
still parses as it did, gains no finding, and changes only where a fix wrote: a changed line keeps its
indentation and key (only the value after it changes, and the padding terraform fmt aligns), new lines are insertions, nothing is deleted,
and a second `--fix` changes nothing."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from collections import Counter

import pytest

from conftest import SHARED
from conftest import run_cli as _run_cli

CORPUS = SHARED / "corpus"

pytestmark = pytest.mark.skipif(not (CORPUS / "MANIFEST.tsv").is_file(), reason="../shared/corpus not present")

# what stands before the value on a line: indentation and key (JSON/YAML `key:`, HCL `name =`), or a
# YAML list item's dash
_HEAD = re.compile(r'^\s*(?:-\s+)?(?:"[^"]*"|[^\s:=]+)\s*[:=]')


def _run(*args, cwd):
    from doalint import fingerprint

    fingerprint.project_root.cache_clear()
    try:
        return _run_cli(*args, cwd=cwd)
    finally:
        fingerprint.project_root.cache_clear()


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _keys(report: str) -> Counter:
    return Counter((f["rule"], f["file"]) for f in json.loads(report)["findings"])


def test_fix_on_the_corpus_breaks_no_file(tmp_path):
    work = tmp_path / "corpus"
    shutil.copytree(CORPUS / "files", work)
    originals = {p: p.read_bytes() for p in work.rglob("*") if p.is_file()}
    code, before, _ = _run("check", "--format", "json", "--exit-zero", ".", cwd=work)
    assert code == 0
    code, out, err = _run("check", "--fix", ".", cwd=work)
    assert code in (0, 1), err
    fixed = int(re.search(r"^(\d+) fixed \(\d+ remaining\)\.$", out, re.M).group(1))
    assert fixed >= 200  # (the corpus has about 250: a drop means fixes stopped being made)
    code, after, _ = _run("check", "--format", "json", "--exit-zero", ".", cwd=work)
    gained = _keys(after) - _keys(before)
    assert not gained, gained  # no new finding of any rule, DOA001 (a file that stopped parsing) included
    changed = 0
    for path, raw in originals.items():
        now = path.read_bytes()
        if now == raw:
            continue
        changed += 1
        old, new = raw.decode("utf-8-sig").splitlines(), now.decode("utf-8-sig").splitlines()
        assert raw.startswith(b"\xef\xbb\xbf") == now.startswith(b"\xef\xbb\xbf"), path
        assert (b"\r\n" in raw) == (b"\r\n" in now), path  # line ends kept
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if tag in ("equal", "insert"):
                continue
            assert tag == "replace", (path, tag, old[i1:i2])  # a safe fix deletes nothing
            assert i2 - i1 <= j2 - j1, (path, old[i1:i2], new[j1:j2])
            for a, b in zip(old[i1:i2], new[j1:j2]):
                head = _HEAD.match(a)
                if head is None:  # a line without a key: a list item or a closing bracket gaining a comma
                    assert b.startswith(a.rstrip()) or b.rstrip(",") == a.rstrip(","), (path, a, b)
                else:  # the same indentation and key; the space before `=` may change (terraform fmt's alignment)
                    other = _HEAD.match(b)
                    assert other is not None and _indent(a) == _indent(b), (path, a, b)
                    assert re.sub(r"\s+", "", head.group(0)) == re.sub(r"\s+", "", other.group(0)), (path, a, b)
    assert changed >= 50
    code, out, _ = _run("check", "--diff", ".", cwd=work)
    assert (code, out) == (0, ""), out[:2000]  # a second --fix would change nothing
