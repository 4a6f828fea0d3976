"""Every rule's fixtures produce exactly the findings their expect.yaml lists.

``fixtures/rules/<ID>/expect.yaml`` maps each file of the folder (Terraform
fixtures sit in subfolders, one module each: ``bad-tf/main.tf``) to the exact
list of ``RULE@LINE`` it must produce: a bad fixture that triggers exactly its
rule (at the line given), a good fixture that produces nothing. Extra findings
(false positives) and missing ones (false negatives) both fail.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import FIXTURES, rule_lines

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir() and p.name.startswith("DOA"))


def _cases():
    for d in RULE_DIRS:
        expect = yaml.safe_load((d / "expect.yaml").read_text())
        for name, wanted in sorted(expect.items()):
            yield pytest.param(d, name, sorted(wanted), id=f"{d.name}/{name}")


@pytest.mark.parametrize("folder,name,wanted", list(_cases()))
def test_fixture_exact_findings(linter, folder, name, wanted):
    report = linter.lint_paths([str(folder / name)])
    assert not report.internal_errors
    assert rule_lines(report) == wanted


@pytest.mark.parametrize("folder", RULE_DIRS, ids=lambda p: p.name)
def test_fixture_folder_is_complete(folder):
    """Each rule folder lists all its files, has a bad fixture of its own rule and a good one."""
    expect = yaml.safe_load((folder / "expect.yaml").read_text())
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "expect.yaml"}
    assert files == set(expect), "expect.yaml must list exactly the files of the folder"
    bad = [n for n in expect if n.startswith("bad")]
    good = [n for n in expect if n.startswith("good")]
    assert bad and good
    for n in bad:
        assert expect[n], f"{n} must trigger something"
        assert {x.split("@")[0] for x in expect[n]} == {folder.name}, f"{n} must trigger exactly {folder.name}"
    for n in good:
        assert expect[n] == []


def test_every_rule_function_has_fixtures():
    from doalint.engine.registry import load_rules

    have = {d.name for d in RULE_DIRS}
    # DOA002 and DOA010 are covered by tests of their own (test_input_rules.py).
    missing = sorted(set(load_rules()) - have - {"DOA002", "DOA010"})
    assert not missing, f"rules without fixtures/rules/<ID>: {missing}"
