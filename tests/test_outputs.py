"""CI-gate outputs: SARIF (official schema, GitHub's rules), GitHub annotations, JSON, JUnit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import FIXTURES, ROOT, SHARED, run_cli

SARIF_SCHEMA = SHARED / "schemas" / "sarif-schema-2.1.0.json"
EXAMPLE = str(FIXTURES / "example")


def _sarif(*args):
    code, out, err = run_cli("check", *args, "--format", "sarif")
    assert code in (0, 1), err
    return json.loads(out)


@pytest.mark.skipif(not SARIF_SCHEMA.is_file(), reason="../shared/schemas not present")
def test_sarif_of_the_example_project_is_valid_with_format_checking():
    data = _sarif(EXAMPLE, "--sarif-category", "doalint/example")
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, errors[:3]
    # the format checker really checks uri formats (the uri package is installed with the test extras)
    assert not validator.is_valid({**data, "$schema": "not a uri"})


def test_sarif_meets_githubs_ingestion_rules():
    data = _sarif(EXAMPLE, "--sarif-category", "doalint/example")
    assert data["version"] == "2.1.0" and data["$schema"].startswith("https://")
    [run] = data["runs"]
    driver = run["tool"]["driver"]
    assert {"name", "version", "semanticVersion", "informationUri", "rules"} <= set(driver)
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    for r in driver["rules"]:
        assert r["shortDescription"]["text"] and len(r["shortDescription"]["text"]) <= 1024
        assert r["fullDescription"]["text"] and len(r["fullDescription"]["text"]) <= 1024
        assert "What it checks" in r["help"]["text"] and r["help"]["markdown"].startswith("# ")
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
        props = r["properties"]
        assert props["tags"] and props["precision"] and props["problem.severity"]
        if "security" in props["tags"]:
            assert 0 < float(props["security-severity"]) <= 10
        if "helpUri" in r:
            assert r["helpUri"].startswith("https://")
    assert run["automationDetails"]["id"] == "doalint/example"
    assert run["results"]
    for res in run["results"]:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not loc["artifactLocation"]["uri"].startswith("/")
        assert loc["region"]["startLine"] >= 1 and loc["region"]["startColumn"] >= 1
        assert res["partialFingerprints"]["doalint/v2"]
        assert res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]


def test_sarif_is_deterministic():
    first = run_cli("check", EXAMPLE, "--format", "sarif")[1]
    assert first == run_cli("check", EXAMPLE, "--format", "sarif")[1]


def test_sarif_uri_is_percent_encoded(tmp_path, monkeypatch):
    folder = tmp_path / "dir with spaces" / "서비스"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", folder / "task def.json")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    from doalint.fingerprint import project_root

    project_root.cache_clear()
    try:
        data = _sarif(str(folder))
    finally:
        project_root.cache_clear()
    uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "dir%20with%20spaces/%EC%84%9C%EB%B9%84%EC%8A%A4/task%20def.json"


def _fingerprints(path):
    data = _sarif(str(path))
    return {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]):
            r["partialFingerprints"]["doalint/v2"] for r in data["runs"][0]["results"]}


def test_fingerprint_survives_moved_lines_but_not_a_moved_path(tmp_path):
    src = (FIXTURES / "rules" / "DOA101" / "bad.json").read_text()
    f = tmp_path / "task.json"
    f.write_text(src)
    [(key, fp)] = _fingerprints(f).items()
    f.write_text(src.replace("{\n", "{\n\n\n\n", 1))  # three blank lines above the finding
    [(key2, fp2)] = _fingerprints(f).items()
    assert key2[1] == key[1] + 3 and fp2 == fp
    # the same rule at another path (a second container also misnamed) is another finding
    data = json.loads(src)
    data["containerDefinitions"][0]["healthCheck"]["interval"] = 10
    f.write_text(json.dumps(data, indent=2))
    fps = {k[0]: v for k, v in _fingerprints(f).items()}
    assert fps["DOA101"] == fp and fps["DOA112"] != fp


def test_github_annotation_escaping():
    from doalint.engine.findings import Finding, Report
    from doalint.reporters import github

    f = Finding("DOA202", "deployment-circuit-breaker", "error", "services/a,b/svc.json", 3, 5, 3, 9,
                "rollback is false: 100% of\nthe deploy\r\nstays")
    out = github.render(Report(findings=[f]))
    assert out == (
        "::error file=services/a%2Cb/svc.json,line=3,col=5,endLine=3,endColumn=9,"
        "title=DOA202 deployment-circuit-breaker::rollback is false: 100%25 of%0Athe deploy%0D%0Astays\n"
    )
    note = Finding("DOA010", "x", "note", "c:d.json", 1, 1, 1, 1, "m")
    assert github.render(Report(findings=[note])).startswith("::notice file=c%3Ad.json,")


def test_github_format_through_the_cli():
    code, out, _ = run_cli("check", EXAMPLE, "--format", "github")
    assert code == 1
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in out.splitlines())


def test_json_output_matches_its_schema():
    schema = json.loads((ROOT / "doalint" / "schemas" / "report-v1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    code, out, _ = run_cli("check", EXAMPLE, str(FIXTURES / "seed"), "--format", "json")
    data = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["summary"]["findings"] > 0


def test_junit_output():
    code, out, _ = run_cli("check", EXAMPLE, "--format", "junit")
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    failures = suite.findall("testcase/failure")
    assert int(root.get("failures")) == len(failures) > 0
    assert int(root.get("tests")) == len(suite.findall("testcase"))
    assert any(tc.get("name") == "no findings" for tc in suite.findall("testcase"))


def test_several_outputs_in_one_pass(tmp_path):
    sarif, junit, js = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "out.data"
    code, out, err = run_cli("check", EXAMPLE, "--output", str(sarif), "--output", str(junit),
                             "--output", f"json:{js}", "--color", "never")
    assert code == 1, err
    assert out.splitlines()[-1].startswith("Found ")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    ET.fromstring(junit.read_text())
    assert json.loads(js.read_text())["version"] == 1
    code, _, err = run_cli("check", EXAMPLE, "--output", str(tmp_path / "r.unknown"))
    assert code == 2 and "which format" in err


def _with_a_skipped_file(tmp_path):
    shutil.copy(FIXTURES / "rules" / "_base" / "task-definition.json", tmp_path / "task-definition.json")
    (tmp_path / "release-notes.yaml").write_text("title: release notes\nitems: [a, b]\n")  # not a deployment file
    return tmp_path


def test_junit_marks_skipped_files_skipped_not_passed(tmp_path):
    folder = _with_a_skipped_file(tmp_path)
    code, out, err = run_cli("check", "--isolated", "--format", "junit", str(folder))
    assert code == 0, err
    suite = ET.fromstring(out).find("testsuite")
    cases = {tc.get("classname"): tc for tc in suite.findall("testcase")}
    skipped = [c for c in cases if c.endswith("release-notes.yaml")]
    assert skipped and cases[skipped[0]].find("skipped") is not None
    assert int(suite.get("skipped")) == 1
    passed = [c for c, tc in cases.items() if tc.find("skipped") is None and tc.find("failure") is None]
    assert len(passed) == 1 and passed[0].endswith("task-definition.json")


def test_summary_does_not_count_skipped_files_as_checked(tmp_path):
    folder = _with_a_skipped_file(tmp_path)
    code, out, _ = run_cli("check", "--isolated", "--color", "never", str(folder))
    assert code == 0
    assert out.splitlines()[-1] == "All checks passed: 1 document in 1 file (1 file passed over)."


def test_every_rule_has_a_help_uri_and_no_entry_cites_a_file_outside_the_repository():
    from doalint.catalog import default_catalog
    from doalint.profile import load_profile
    from doalint.reporters.sarif import rule_descriptor

    profile = load_profile()
    for entry in default_catalog():
        assert rule_descriptor(entry, profile).get("helpUri", "").startswith("https://"), entry.id
        text = json.dumps(entry.data, ensure_ascii=False)
        assert "RULES.md" not in text, entry.id


@pytest.fixture
def broken_rule(monkeypatch):
    """DOA101 raises: an internal error (a bug in a rule) on every task definition."""
    import dataclasses

    from doalint.engine import registry

    registry.load_rules()

    def boom(model, ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(registry.REGISTRY, "DOA101", dataclasses.replace(registry.REGISTRY["DOA101"], fn=boom))


def test_internal_errors_are_reported_in_every_format(tmp_path, broken_rule):
    shutil.copy(FIXTURES / "rules" / "_base" / "task-definition.json", tmp_path / "task-definition.json")
    target = str(tmp_path / "task-definition.json")
    code, out, err = run_cli("check", "--isolated", "--color", "never", target)
    assert code == 2, (out, err)
    assert "All checks passed" not in out
    assert "internal error in rule DOA101: RuntimeError: boom" in out
    assert out.splitlines()[-1] == "No findings, but not every check ran: 1 document in 1 file (1 internal error)."

    code, out, _ = run_cli("check", "--isolated", "--format", "json", target)
    data = json.loads(out)
    assert code == 2
    schema = json.loads((ROOT / "doalint" / "schemas" / "report-v1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["internal_errors"] == [{"file": target, "rule": "DOA101", "error": "RuntimeError: boom"}]
    assert data["summary"]["internal_errors"] == 1

    code, out, _ = run_cli("check", "--isolated", "--format", "sarif", target)
    assert code == 2
    data = json.loads(out)
    [invocation] = data["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "boom" in note["message"]["text"]
    assert note["associatedRule"]["id"] == "DOA101"
    if SARIF_SCHEMA.is_file():
        schema = json.loads(SARIF_SCHEMA.read_text())
        validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
        assert not sorted(validator.iter_errors(data), key=str)

    code, out, _ = run_cli("check", "--isolated", "--format", "junit", target)
    assert code == 2
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    assert root.get("errors") == suite.get("errors") == "1"
    [error] = suite.findall("testcase/error")
    assert "boom" in error.get("message")
    assert not any(tc.get("name") == "no findings" for tc in suite.findall("testcase"))
    assert int(suite.get("tests")) == len(suite.findall("testcase"))

    code, out, _ = run_cli("check", "--isolated", "--format", "github", target)
    assert code == 2 and out.startswith("::error ") and "boom" in out

    code, out, _ = run_cli("check", "--isolated", "--exit-zero", target)
    assert code == 2  # --exit-zero does not hide what was not checked


def test_a_clean_run_has_no_internal_error_entries():
    code, out, _ = run_cli("check", "--isolated", "--format", "sarif", str(FIXTURES / "rules" / "_base" / "service.json"))
    [invocation] = json.loads(out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True and "toolExecutionNotifications" not in invocation
    code, out, _ = run_cli("check", "--isolated", "--format", "json", str(FIXTURES / "rules" / "_base" / "service.json"))
    assert json.loads(out)["internal_errors"] == []


# --- issue 15: outputs encode safely, are written atomically, never overwrite a checked file; closed pipes ---

def _odd_named_tree(tmp_path):
    """A folder holding a task definition under a file name that is not UTF-8 (its findings name it)."""
    tree = tmp_path / "tree"
    tree.mkdir()
    base = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    base["networkMode"] = "bridge"  # a finding, so the file name is in the output
    with open(os.path.join(os.fsencode(tree), b"td-\xff.json"), "w") as fh:
        fh.write(json.dumps(base))
    return tree


def _doalint(*args, cwd=None, **kw):
    return subprocess.run([sys.executable, "-m", "doalint", *args], cwd=cwd, capture_output=True, **kw)


def test_a_file_name_that_is_not_utf8_is_written_safely_in_every_format(tmp_path):
    tree = _odd_named_tree(tmp_path)
    for fmt in ("json", "sarif", "text", "junit", "github"):
        p = _doalint("check", "--isolated", "--format", fmt, str(tree))
        assert p.returncode == 1 and b"Traceback" not in p.stderr and b"internal error" not in p.stderr, p.stderr
        text = p.stdout.decode("utf-8")  # valid UTF-8
        if fmt == "json":
            assert any(f["file"].endswith("td-\udcff.json") for f in json.loads(text)["findings"])
        if fmt == "sarif":
            json.loads(text)
        if fmt == "junit":
            ET.fromstring(p.stdout)
    old = tmp_path / "old.json"
    old.write_text("{}\n")
    code, _, err = run_cli("check", "--isolated", "--output", f"json:{old}", str(tree))
    assert code == 1, err
    assert any(f["file"].endswith("td-\udcff.json") for f in json.loads(old.read_bytes())["findings"])
    bl = tmp_path / "baseline.json"
    code, _, err = run_cli("baseline", "write", "--isolated", "--output", str(bl), str(tree))
    assert code == 0, err
    code, out, err = run_cli("check", "--isolated", "--baseline", str(bl), str(tree))
    assert code == 0 and "All checks passed" in out, err


def test_a_lone_surrogate_in_a_json_string_is_written_safely(tmp_path):
    td = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    td["containerDefinitions"][0]["environment"].append({"name": "X\ud800", "value": "v"})
    td["unknownKey\ud800"] = 1  # a finding whose path holds it
    (tmp_path / "td.json").write_text(json.dumps(td))  # ensure_ascii: the file holds "\ud800"
    out = tmp_path / "out.sarif"
    for fmt in ("json", "sarif", "text"):
        p = _doalint("check", "--isolated", "--format", fmt, "--output", str(out), "td.json", cwd=tmp_path)
        assert p.returncode == 1 and b"Traceback" not in p.stderr and b"internal error" not in p.stderr, p.stderr
        p.stdout.decode("utf-8")
        assert "unknownKey" in json.dumps(json.loads(out.read_bytes()))


def test_an_output_file_is_replaced_whole_and_keeps_its_permissions(tmp_path, monkeypatch):
    out = tmp_path / "report.json"
    out.write_text("old\n")
    os.chmod(out, 0o640)
    code, _, _ = run_cli("check", "--isolated", "--output", str(out), EXAMPLE)
    assert code == 1 and json.loads(out.read_text())["version"] == 1
    assert os.stat(out).st_mode & 0o777 == 0o640
    out.write_text("old\n")

    def failing(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing)
    code, _, err = run_cli("check", "--isolated", "--output", str(out), EXAMPLE)
    monkeypatch.undo()
    assert code == 2 and "cannot write it (No space left on device)" in err
    assert out.read_text() == "old\n"  # a failed write leaves the old file
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # and no temporary file


def test_an_output_that_would_overwrite_a_checked_file_is_refused(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "example", tree)
    victim = tree / "bad" / "user-service.service.json"
    before = victim.read_bytes()
    code, _, err = run_cli("check", "--isolated", "--output", f"json:{victim}", str(tree))
    assert code == 2 and "is one of the files checked" in err and victim.read_bytes() == before
    code, _, err = run_cli("check", "--isolated", "--output", f"sarif:{victim}", str(victim))
    assert code == 2 and victim.read_bytes() == before
    code, _, err = run_cli("baseline", "write", "--isolated", "--output", str(victim), str(tree))
    assert code == 2 and "is one of the files checked" in err and victim.read_bytes() == before


def test_rules_with_standard_output_closed_is_quiet():
    p = subprocess.run([sys.executable, "-c", "from doalint.cli import main; main()", "rules"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=True,
                       preexec_fn=lambda: os.close(1))
    assert p.stderr == b"" and p.returncode == 1


def test_a_closed_pipe_is_a_quiet_exit_with_the_findings_status():
    for args, expected in ((["check", "--isolated", EXAMPLE], 1),
                           (["check", "--isolated", str(FIXTURES / "rules" / "_base" / "service.json")], 0),
                           (["rules"], 1), (["explain", "DOA101"], 1)):
        p = subprocess.Popen([sys.executable, "-c", "from doalint.cli import main; main()", *args],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.close()  # the reader has gone before the first line is written
        err = p.stderr.read()
        assert p.wait() == expected and err == b"", (args, err)


def test_a_rule_that_raised_fixes_no_baseline_entry(tmp_path, monkeypatch):
    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / "task.json")
    (tmp_path / ".git").mkdir()
    from doalint.fingerprint import project_root

    project_root.cache_clear()
    try:
        code, _, err = run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=tmp_path)
        assert code == 0, err
        assert json.loads((tmp_path / "b.json").read_text())["findings"]
        import dataclasses

        from doalint.engine import registry

        registry.load_rules()

        def boom(model, ctx):
            raise RuntimeError("boom")
            yield  # pragma: no cover

        monkeypatch.setitem(registry.REGISTRY, "DOA101", dataclasses.replace(registry.REGISTRY["DOA101"], fn=boom))
        code, out, _ = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", "task.json",
                               cwd=tmp_path)
        assert code == 2 and json.loads(out)["summary"]["fixed"] == 0
        code, _, _ = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", "task.json", cwd=tmp_path)
        assert json.loads((tmp_path / "b.json").read_text())["findings"]
    finally:
        project_root.cache_clear()


def _baseline_check(folder, *extra):
    code, out, err = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", "task.json", *extra,
                             cwd=folder)
    assert code in (0, 1), err
    return json.loads(out)["summary"], err


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()
    from doalint.fingerprint import project_root

    project_root.cache_clear()
    yield tmp_path
    project_root.cache_clear()


def test_a_new_finding_cannot_take_a_fixed_ones_place_in_the_baseline(project):
    src = (FIXTURES / "rules" / "DOA109" / "bad-password-name.json").read_text()
    task = project / "task.json"
    task.write_text(src)
    assert run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)[0] == 0
    # the same finding, moved down the list by a variable added above it: still known
    task.write_text(src.replace('{"name": "NODE_ENV"', '{"name": "LOG_LEVEL", "value": "info"},\n{"name": "NODE_ENV"'))
    summary, _ = _baseline_check(project)
    assert (summary["findings"], summary["baselined"], summary["fixed"]) == (0, 1, 0)
    # REDIS_PASSWORD removed, STRIPE_SECRET added in its place: one new, one fixed
    task.write_text(src.replace("REDIS_PASSWORD", "STRIPE_SECRET"))
    summary, _ = _baseline_check(project)
    assert (summary["findings"], summary["baselined"], summary["fixed"]) == (1, 0, 1)


def test_a_baseline_of_the_first_format_is_still_matched(project):
    src = (FIXTURES / "rules" / "DOA109" / "bad-password-name.json").read_text()
    (project / "task.json").write_text(src)
    import hashlib

    # as doalint wrote it before fingerprints were content-based: rule, file, document, pointer, ordinal
    base = "\x1f".join(("DOA109", "task.json", "0", "/containerDefinitions/0/environment/4/name"))
    old = hashlib.sha256(f"{base}\x1f0".encode()).hexdigest()[:32]
    (project / "b.json").write_text(json.dumps({"version": 1, "tool": "doalint", "findings": [
        {"fingerprint": old, "rule": "DOA109", "file": "task.json", "path": "", "message": ""}]}))
    summary, err = _baseline_check(project)
    assert (summary["findings"], summary["baselined"], summary["fixed"]) == (0, 1, 0)
    assert "doalint baseline write" in err and "version 1" in err
    # re-written: the current format
    assert run_cli("baseline", "write", "--isolated", "task.json", "--output", "b.json", cwd=project)[0] == 0
    data = json.loads((project / "b.json").read_text())
    assert data["version"] == 2 and data["findings"][0]["fingerprint"] != old
    summary, err = _baseline_check(project)
    assert (summary["findings"], summary["baselined"], summary["fixed"]) == (0, 1, 0) and not err
