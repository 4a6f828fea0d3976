"""What each fixture's findings say, word for word: a snapshot per rule folder under tests/snapshots/.

test_rule_fixtures.py pins which rule fires at which line; this pins the rest of what a user reads:
the column and end of the span, the severity, the document, the path into it, the message, every
related location with its own message, and the fix (its description and text edits) where there is one. A reworded message, a span that moves by a column or a related
location that goes missing fails here, with the difference shown. After a change you have read and
judged right, regenerate with DOALINT_UPDATE_SNAPSHOTS=1 and review the diff of tests/snapshots/.
"""

from __future__ import annotations

import difflib
import os

import pytest
import yaml

from conftest import FIXTURES, ROOT
from test_rule_fixtures import RULE_DIRS, lint_case

SNAPSHOTS = ROOT / "tests" / "snapshots"
UPDATE = bool(os.environ.get("DOALINT_UPDATE_SNAPSHOTS"))
# whole folders linted as one run (their findings relate documents to each other)
PROJECTS = ["example", "seed", "seed-cloudformation", "seed-terraform", "placeholders", "fragments"]


def _where(file: str, base) -> str:
    if file.startswith("arn:"):
        return file
    return os.path.relpath(os.path.abspath(file.partition(" (")[0]), base).replace(os.sep, "/") + (
        " (" + file.partition(" (")[2] if " (" in file else "")


def render(report, base) -> list[str]:
    lines = []
    for f in sorted(report.findings, key=lambda f: (_where(f.file, base), f.line, f.col, f.rule, f.message)):
        where = _where(f.file, base)
        lines.append(f"{where}:{f.line}:{f.col}-{f.end_line}:{f.end_col} {f.rule} [{f.severity}] {f.kind} "
                     f"{f.document!r} at {'/'.join(map(str, f.path)) or '(document)'}")
        lines.append(f"    {f.message}")
        for r in f.related:
            lines.append(f"    related {_where(r.file, base)}:{r.line}:{r.col} at "
                         f"{'/'.join(map(str, r.path)) or '(document)'}: {r.message}")
        if f.fix is not None and f.fix.edits:  # what --fix would write (before its check)
            lines.append(f"    fix [{'safe' if f.fix.safe else 'unsafe'}]: {f.fix.description}")
            for e in f.fix.edits:
                lines.append(f"      {_where(e.file, base)}:{e.line}:{e.col}-{e.end_line}:{e.end_col} <- {e.text!r}")
    for s in sorted(report.skipped, key=lambda s: (_where(s.file, base), s.reason)):
        lines.append(f"skipped {_where(s.file, base)}: {s.reason}")
    return lines


def _rule_snapshot(linter, folder) -> str:
    expect = yaml.safe_load((folder / "expect.yaml").read_text())
    out = []
    for name in sorted(expect):
        report = lint_case(linter, folder, name)
        out.append(f"## {name}")
        out += render(report, folder / name if name.endswith("/") else folder)
    return "\n".join(out) + "\n"


def _project_snapshot(linter, name) -> str:
    folder = FIXTURES / name
    report = linter.lint_paths([str(folder)])
    return "\n".join([f"## {name}/"] + render(report, folder)) + "\n"


def _compare(got: str, snapshot) -> None:
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        if not snapshot.is_file() or snapshot.read_text() != got:
            snapshot.write_text(got)
        return
    assert snapshot.is_file(), f"no snapshot {snapshot.name}: run with DOALINT_UPDATE_SNAPSHOTS=1, then review"
    want = snapshot.read_text()
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "snapshot", "now"))
        pytest.fail(f"{snapshot.name} differs (review, then DOALINT_UPDATE_SNAPSHOTS=1):\n{diff[:6000]}")


@pytest.mark.parametrize("folder", RULE_DIRS, ids=lambda p: p.name)
def test_rule_fixture_messages(linter, folder):
    _compare(_rule_snapshot(linter, folder), SNAPSHOTS / f"{folder.name}.txt")


@pytest.mark.parametrize("name", PROJECTS)
def test_project_fixture_messages(linter, name):
    _compare(_project_snapshot(linter, name), SNAPSHOTS / f"project-{name}.txt")


def test_every_snapshot_belongs_to_a_fixture():
    """A snapshot left behind by a removed fixture folder would never be compared again."""
    want = {f"{d.name}.txt" for d in RULE_DIRS} | {f"project-{n}.txt" for n in PROJECTS}
    have = {p.name for p in SNAPSHOTS.glob("*.txt")}
    assert have == want
