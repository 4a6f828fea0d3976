"""Every rule's fixtures produce exactly the findings their expect.yaml lists.

``fixtures/rules/<ID>/expect.yaml`` maps each file of the folder (Terraform
fixtures sit in subfolders, one module each: ``bad-tf/main.tf``) to the exact
list of ``RULE@LINE:COL`` it must produce (line and column 1-based, as the text
report writes ``file:line:col``): a bad fixture that triggers exactly its rule
(at the position given), a good fixture that produces nothing. Extra findings
(false positives) and missing ones (false negatives) both fail.

A fixture set (an entry ending in ``/``: a folder linted together) lists
``RULE@FILE:LINE:COL``, FILE relative to the set's folder; a finding on a
deployed resource (drift) has no position and is ``RULE@ARN``. An entry without
a column (the old ``RULE@LINE`` and ``RULE@FILE:LINE``) is refused with a
message saying so.
"""

from __future__ import annotations

import os
import re

import pytest
import yaml

from conftest import FIXTURES

RULE_DIRS = sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir() and p.name.startswith("DOA"))


_IN_FILE = re.compile(r"(?P<rule>DOA\d{3})@(?P<line>\d+):(?P<col>\d+)")
_IN_SET = re.compile(r"(?P<rule>DOA\d{3})@(?P<file>.+):(?P<line>\d+):(?P<col>\d+)")
_ON_ARN = re.compile(r"(?P<rule>DOA\d{3})@(?P<arn>arn:.+)")


def parse_entry(name: str, entry: str) -> tuple:
    """One finding of expect.yaml's list for ``name`` as the tuple the test compares: (rule, line,
    col) for a file, (rule, file, line, col) for a fixture set (``name`` ends in /), (rule, arn)
    for a set's finding on a deployed resource. Anything else raises ValueError saying what to write."""
    where = "RULE@FILE:LINE:COL" if name.endswith("/") else "RULE@LINE:COL"
    m = (_IN_SET if name.endswith("/") else _IN_FILE).fullmatch(str(entry))
    if m is None and name.endswith("/"):
        arn = _ON_ARN.fullmatch(str(entry))
        if arn:
            return arn["rule"], arn["arn"]
    if m is None:
        old = re.fullmatch(r"DOA\d{3}@.*\D.*:\d+" if name.endswith("/") else r"DOA\d{3}@\d+", str(entry))
        why = "states no column" if old else "is not of the form"
        raise ValueError(f"expect.yaml, {name}: {entry!r} {why}: write {where} "
                         "(1-based, the text report's file:line:col)")
    if int(m["line"]) < 1 or int(m["col"]) < 1:
        raise ValueError(f"expect.yaml, {name}: {entry!r}: line and column are 1-based, "
                         "as the text report's file:line:col")
    if name.endswith("/"):
        return m["rule"], m["file"], int(m["line"]), int(m["col"])
    return m["rule"], int(m["line"]), int(m["col"])


def parse_expect(folder) -> dict[str, list[tuple]]:
    """A rule folder's expect.yaml: each entry -> its findings, sorted tuples (see parse_entry)."""
    expect = yaml.safe_load((folder / "expect.yaml").read_text())
    return {name: sorted(parse_entry(name, e) for e in wanted)
            for name, wanted in expect.items()}


def positions(report, target=None) -> list[tuple]:
    """A report's findings as sorted tuples of the form parse_entry gives; ``target`` is the folder
    of a fixture set (findings then name their file relative to it)."""
    if target is None:
        return sorted((f.rule, f.line, f.col) for f in report.findings)
    return sorted((f.rule, f.file) if f.file.startswith("arn:") else
                  (f.rule, os.path.relpath(os.path.abspath(f.file), target), f.line, f.col) for f in report.findings)


def _cases():
    for d in RULE_DIRS:
        expect = yaml.safe_load((d / "expect.yaml").read_text())
        for name, wanted in sorted(expect.items()):
            yield pytest.param(d, name, wanted, id=f"{d.name}/{name}")


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
    wanted = sorted(parse_entry(name, e) for e in wanted)
    report = lint_case(linter, folder, name)
    assert not report.internal_errors
    if name.endswith("/"):
        # a fixture set: findings are RULE@FILE:LINE:COL (RULE@ARN on a deployed resource)
        assert positions(report, folder / name) == wanted
        # (sets also hold single-document fixtures that need a configuration: only DOA9xx relate documents;
        # DOA904's other side is an alarm that does not exist: it relates only an alarm of a close name)
        assert all(f.related for f in report.findings if f.rule.startswith("DOA9") and (
                   f.rule not in ("DOA904", "DOA950", "DOA960") or f.rule == "DOA960" and "has drifted" in f.message)), \
            "a finding across documents carries the other side as a related location"
        return
    assert positions(report) == wanted


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
    """Each rule folder lists all its files, has a bad fixture of its own rule and a good one, and
    states each finding's column (parse_expect refuses an entry without one)."""
    expect = parse_expect(folder)
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
        assert {x[0] for x in expect[n]} == {folder.name}, f"{n} must trigger exactly {folder.name}"
    for n in good:
        assert expect[n] == []


def test_expect_entries_without_a_column_are_refused():
    """The old forms RULE@LINE and RULE@FILE:LINE fail with a message saying what to write, so a new
    fixture cannot state a line alone; the new forms parse to what the test compares."""
    with pytest.raises(ValueError, match=r"^expect.yaml, bad.json: 'DOA101@3' states no column: write "
                                         r"RULE@LINE:COL \(1-based, the text report's file:line:col\)$"):
        parse_entry("bad.json", "DOA101@3")
    with pytest.raises(ValueError, match=r"^expect.yaml, bad-set/: 'DOA901@service.tf:31' states no column: "
                                         r"write RULE@FILE:LINE:COL "):
        parse_entry("bad-set/", "DOA901@service.tf:31")
    # a set's position in a single file's list, and a file's position in a set's list
    with pytest.raises(ValueError, match=r"'DOA901@service.tf:31:5' is not of the form: write RULE@LINE:COL "):
        parse_entry("bad.json", "DOA901@service.tf:31:5")
    with pytest.raises(ValueError, match=r"'DOA101@3:5' is not of the form: write RULE@FILE:LINE:COL "):
        parse_entry("bad-set/", "DOA101@3:5")
    with pytest.raises(ValueError, match=r"'DOA101@3:0': line and column are 1-based"):
        parse_entry("bad.json", "DOA101@3:0")
    with pytest.raises(ValueError, match=r"'DOA101@0:3': line and column are 1-based"):
        parse_entry("bad.json", "DOA101@0:3")
    with pytest.raises(ValueError, match="is not of the form"):
        parse_entry("bad.json", "DOA101@arn:aws:ecs:eu-west-1:123456789012:service/c/s")
    assert parse_entry("bad.json", "DOA101@3:5") == ("DOA101", 3, 5)
    assert parse_entry("bad-set/", "DOA901@declared/a:b.json:31:5") == ("DOA901", "declared/a:b.json", 31, 5)
    assert parse_entry("bad-set/", "DOA960@arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x") == \
        ("DOA960", "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:x")


def test_every_rule_function_has_fixtures():
    from doalint.engine.registry import load_rules

    have = {d.name for d in RULE_DIRS}
    # DOA002 and DOA010 are covered by tests of their own (test_input_rules.py).
    missing = sorted(set(load_rules()) - have - {"DOA002", "DOA010"})
    assert not missing, f"rules without fixtures/rules/<ID>: {missing}"
