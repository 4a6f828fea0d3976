"""Every rule's fixtures produce exactly the findings their expect.yaml lists.

``fixtures/rules/<ID>/expect.yaml`` maps each file of the folder (Terraform
fixtures sit in subfolders, one module each: ``bad-tf/main.tf``) to the exact
list of ``RULE@LINE`` it must produce: a bad fixture that triggers exactly its
rule (at the line given), a good fixture that produces nothing. Extra findings
(false positives) and missing ones (false negatives) both fail.
"""

from __future__ import annotations

import os

import pytest
import yaml

from conftest import FIXTURES, rule_lines

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir() and p.name.startswith("DOA"))


def _cases():
    for d in RULE_DIRS:
        expect = yaml.safe_load((d / "expect.yaml").read_text())
        for name, wanted in sorted(expect.items()):
            yield pytest.param(d, name, sorted(wanted), id=f"{d.name}/{name}")


def lint_case(linter, folder, name):
    """The report of one entry of a rule folder's expect.yaml: a file, or a fixture set (a folder
    whose documents are linted together; a .doalint.yaml in it is its configuration; a deployed/
    folder in it makes it a drift set)."""
    if not name.endswith("/"):
        return linter.lint_paths([str(folder / name)])
    target = folder / name
    config_file = target / ".doalint.yaml"
    if config_file.is_file():
        from doalint.config import load
        from doalint.engine.runner import Linter
        from doalint.profile import load_profile

        config = load(config_file)
        linter = Linter(load_profile(config.profile) if config.profile else linter.profile, config=config)
    if (target / "deployed").is_dir():
        return _drift(linter, target)
    return linter.lint_paths([str(target)])


@pytest.mark.parametrize("folder,name,wanted", list(_cases()))
def test_fixture_exact_findings(linter, folder, name, wanted):
    report = lint_case(linter, folder, name)
    assert not report.internal_errors
    if name.endswith("/"):
        # a fixture set: findings are RULE@FILE:LINE
        target = folder / name
        got = sorted(f"{f.rule}@{f.file}" if f.file.startswith("arn:") else
                     f"{f.rule}@{os.path.relpath(os.path.abspath(f.file), target)}:{f.line}" for f in report.findings)
        assert got == wanted
        # (sets also hold single-document fixtures that need a configuration: only DOA9xx relate documents;
        # DOA904's other side is an alarm that does not exist: it relates only an alarm of a close name)
        assert all(f.related for f in report.findings if f.rule.startswith("DOA9") and (
                   f.rule not in ("DOA904", "DOA950", "DOA960") or f.rule == "DOA960" and "has drifted" in f.message)), \
            "a finding across documents carries the other side as a related location"
        return
    assert rule_lines(report) == wanted


_ARN_KEYS = ("AlarmArn", "serviceArn", "taskDefinitionArn", "TargetGroupArn", "PolicyARN", "ScalableTargetARN",
             "clusterArn", "Arn")


def _drift(linter, target):
    """A drift fixture set: the files of declared/ against the resources of deployed/ (describe
    output, one resource a file, located by the ARN it holds)."""
    import json

    from doalint.kinds import detect
    from doalint.live.collect import Live, LiveDoc
    from doalint.live.drift import scan_and_compare

    live = Live("ap-northeast-2", "doa-market-cluster", "123456789012")
    for f in sorted((target / "deployed").glob("*.json")):
        value = json.loads(f.read_text())
        (found,) = detect(value)
        arn = next(found.data[k] for k in _ARN_KEYS if k in found.data)
        live.add(LiveDoc(arn, found.kind, value))
    return scan_and_compare(linter, live, [str(target / "declared")])


@pytest.mark.parametrize("folder", RULE_DIRS, ids=lambda p: p.name)
def test_fixture_folder_is_complete(folder):
    """Each rule folder lists all its files, has a bad fixture of its own rule and a good one."""
    expect = yaml.safe_load((folder / "expect.yaml").read_text())
    files = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "expect.yaml"}
    sets = [k for k in expect if k.endswith("/")]
    covered = {f for f in files if any(f.startswith(k) for k in sets)}
    assert files - covered == set(expect) - set(sets), "expect.yaml must list exactly the files of the folder"
    for k in sets:
        assert (folder / k).is_dir() and len([p for p in (folder / k).rglob("*") if p.is_file() and not p.name.startswith(".")]) >= 2
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
