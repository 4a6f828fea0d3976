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

# the official OASIS SARIF 2.1.0 schema: ../shared's copy when present, else the one vendored in tests/schemas
SARIF_SCHEMA_NAME = "sarif-schema-2.1.0.json"
VENDORED_SARIF_SCHEMA = ROOT / "tests" / "schemas" / SARIF_SCHEMA_NAME
SARIF_SCHEMA = (SHARED / "schemas" / SARIF_SCHEMA_NAME if (SHARED / "schemas" / SARIF_SCHEMA_NAME).is_file()
                else VENDORED_SARIF_SCHEMA)


def _sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text())
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


EXAMPLE = str(FIXTURES / "example")


def _sarif(*args, code=1):
    """The SARIF of a run; every caller's input has findings, so the run exits 1 unless told."""
    got, out, err = run_cli("check", *args, "--format", "sarif")
    assert got == code, (got, err)
    return json.loads(out)


def test_sarif_of_the_example_project_is_valid_with_format_checking():
    data = _sarif(EXAMPLE, "--sarif-category", "doalint/example")
    validator = _sarif_validator()
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, errors[:3]
    # the format checker really checks uri formats (the uri package is installed with the test extras)
    assert not validator.is_valid({**data, "$schema": "not a uri"})


def test_the_vendored_sarif_schema_is_the_official_one():
    """tests/schemas holds the OASIS schema, so the SARIF checks above never depend on ../shared."""
    import hashlib

    # byte for byte the OASIS file (sarif-spec e0583813964ec43cea53b6b531b402866095ed1f; tests/schemas/README.md)
    assert hashlib.sha256(VENDORED_SARIF_SCHEMA.read_bytes()).hexdigest() == \
        "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
    schema = json.loads(VENDORED_SARIF_SCHEMA.read_text())
    assert schema["id"] == "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(schema)
    shared = SHARED / "schemas" / SARIF_SCHEMA_NAME
    if shared.is_file():  # the two copies never drift apart
        assert VENDORED_SARIF_SCHEMA.read_bytes() == shared.read_bytes()


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
    first = run_cli("check", EXAMPLE, "--format", "sarif")
    assert first[0] == 1 and len(json.loads(first[1])["runs"][0]["results"]) == 26
    assert first == run_cli("check", EXAMPLE, "--format", "sarif")


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
    out = github.REPORTER.render(Report(findings=[f]))
    assert out == (
        "::error file=services/a%2Cb/svc.json,line=3,col=5,endLine=3,endColumn=9,"
        "title=DOA202 deployment-circuit-breaker::rollback is false: 100%25 of%0Athe deploy%0D%0Astays\n"
    )
    note = Finding("DOA010", "x", "note", "c:d.json", 1, 1, 1, 1, "m")
    assert github.REPORTER.render(Report(findings=[note])).startswith("::notice file=c%3Ad.json,")


def test_github_format_through_the_cli():
    code, out, _ = run_cli("check", EXAMPLE, "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 26 and all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines)
    assert lines[0] == ("::error file=fixtures/example/bad/coupon-service.template.yaml,line=16,col=11,endLine=16,"
                        "endColumn=25,title=DOA205 awsvpc-configuration-exposed::Resources/Service: assignPublicIp is "
                        "'ENABLED', so every task gets a public IP address reachable from the internet past the load "
                        "balancer; the standard requires 'DISABLED'")


def test_json_output_matches_its_schema():
    schema = json.loads((ROOT / "doalint" / "schemas" / "report-v1.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    code, out, _ = run_cli("check", EXAMPLE, str(FIXTURES / "seed"), "--format", "json")
    assert code == 1
    data = json.loads(out)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["summary"]["findings"] > 0


def _junit_cases(xml_text):
    """(classname, name, outcome, message or None) of every test case, in order; and the suite's counts."""
    root = ET.fromstring(xml_text)
    [suite] = root.findall("testsuite")
    counts = {k: int(suite.get(k)) for k in ("tests", "failures", "errors", "skipped")}
    assert counts == {k: int(root.get(k)) for k in counts}  # testsuites repeats the suite's counts
    cases = []
    for tc in suite.findall("testcase"):
        [outcome] = list(tc) or [None]
        cases.append((tc.get("classname"), tc.get("name"), outcome.tag if outcome is not None else "passed",
                      outcome.get("message") if outcome is not None else None))
    return cases, counts


def test_junit_output_of_a_known_tree(tmp_path):
    """A file with two findings, a clean one and one passed over: one case per finding (its rule, name,
    position and message), one passing case, one skipped case, and the counts that go with them."""
    td = json.loads((FIXTURES / "rules" / "DOA101" / "bad.json").read_text())
    td["containerDefinitions"][0]["healthCheck"]["interval"] = 10
    (tmp_path / "bad.json").write_text(json.dumps(td, indent=2))
    shutil.copy(FIXTURES / "rules" / "_base" / "task-definition.json", tmp_path / "good.json")
    (tmp_path / "notes.yaml").write_text("title: release notes\nitems: [a, b]\n")
    code, out, err = run_cli("check", "--isolated", "--format", "junit", ".", cwd=tmp_path)
    assert code == 1, err
    cases, counts = _junit_cases(out)
    interval_line = json.dumps(td, indent=2).splitlines().index('        "interval": 10,') + 1
    assert cases == [
        ("bad.json", "DOA101 network-mode-not-awsvpc at 3:3", "failure",
         "networkMode is 'bridge'; the standard requires 'awsvpc'"),
        ("bad.json", f"DOA112 health-check-not-standard at {interval_line}:9", "failure",
         "healthCheck.interval is 10; the standard requires 30"),
        ("good.json", "no findings", "passed", None),
        ("notes.yaml", "not checked", "skipped", "not a document kind doalint checks (keys: items, title)"),
    ]
    assert counts == {"tests": 4, "failures": 2, "errors": 0, "skipped": 1}
    failure = ET.fromstring(out).find("testsuite/testcase/failure")
    assert failure.get("type") == "DOA101"
    assert failure.text == "bad.json:3:3: DOA101 [error] networkMode is 'bridge'; the standard requires 'awsvpc'"


def test_junit_output_of_the_example_has_a_case_per_finding_and_per_clean_file():
    code, out, _ = run_cli("check", EXAMPLE, "--format", "junit")
    assert code == 1
    cases, counts = _junit_cases(out)
    code, js, _ = run_cli("check", EXAMPLE, "--format", "json")
    assert code == 1
    findings = json.loads(js)["findings"]
    assert len(findings) == 26
    failed = sorted(c for c in cases if c[2] == "failure")
    assert failed == sorted((f["file"], f"{f['rule']} {f['name']} at {f['line']}:{f['column']}", "failure",
                             f["message"]) for f in findings)
    clean = [c for c in cases if c[2] == "passed"]
    assert all(name == "no findings" and message is None for _, name, _, message in clean)
    assert not {file for file, *_ in clean} & {f["file"] for f in findings}
    assert all("/example/bad/" not in file for file, *_ in clean)
    assert len(clean) == json.loads(js)["summary"]["files"] - len({f["file"] for f in findings})
    assert counts == {"tests": len(cases), "failures": 26, "errors": 0, "skipped": 0}
    assert len(cases) == 26 + len(clean)


def test_several_outputs_in_one_pass(tmp_path):
    sarif, junit, js = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "out.data"
    code, out, err = run_cli("check", EXAMPLE, "--output", str(sarif), "--output", str(junit),
                             "--output", f"json:{js}", "--color", "never")
    assert code == 1, err
    assert out.splitlines()[-1].startswith("Found ")
    assert out.splitlines()[-1].startswith("Found 26 findings ")
    sarif_data = json.loads(sarif.read_text())
    assert sarif_data["version"] == "2.1.0" and len(sarif_data["runs"][0]["results"]) == 26
    cases, counts = _junit_cases(junit.read_text())
    assert counts["failures"] == 26 and counts["tests"] == len(cases)
    js_data = json.loads(js.read_text())
    assert js_data["version"] == 1 and len(js_data["findings"]) == 26
    # the three files report the same findings
    assert sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
                  for r in sarif_data["runs"][0]["results"]) == sorted((f["rule"], f["line"]) for f in js_data["findings"])
    assert sorted(name for _, name, outcome, _ in cases if outcome == "failure") == sorted(
        f"{f['rule']} {f['name']} at {f['line']}:{f['column']}" for f in js_data["findings"])
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
    from doalint import record as records

    from doalint.engine import registry

    registry.load_rules()

    def boom(model, ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover

    monkeypatch.setitem(registry.REGISTRY, "DOA101", records.replace(registry.REGISTRY["DOA101"], fn=boom))


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
    assert not sorted(_sarif_validator().iter_errors(data), key=str)

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
    assert code == 0
    [invocation] = json.loads(out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is True and "toolExecutionNotifications" not in invocation
    code, out, _ = run_cli("check", "--isolated", "--format", "json", str(FIXTURES / "rules" / "_base" / "service.json"))
    assert code == 0
    assert json.loads(out)["internal_errors"] == [] and json.loads(out)["summary"]["documents"] == 1


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
        p = _doalint("check", "--isolated", "--format", fmt, "tree", cwd=tmp_path)
        assert p.returncode == 1 and b"Traceback" not in p.stderr and b"internal error" not in p.stderr, p.stderr
        text = p.stdout.decode("utf-8")  # valid UTF-8
        if fmt == "json":
            assert [(f["rule"], f["file"]) for f in json.loads(text)["findings"]] == [("DOA101", "tree/td-\udcff.json")]
        if fmt == "sarif":
            [res] = json.loads(text)["runs"][0]["results"]
            assert res["ruleId"] == "DOA101"
            assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "tree/td-%FF.json"
        if fmt == "junit":
            cases, _ = _junit_cases(p.stdout)
            assert [(c[0], c[2]) for c in cases] == [("tree/td-\\udcff.json", "failure")]
        if fmt in ("text", "github"):
            assert "DOA101" in text and "td-\\udcff.json" in text
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
        written = (tmp_path / "b.json").read_bytes()
        assert [e["rule"] for e in json.loads(written)["findings"]] == ["DOA101"]
        from doalint import record as records

        from doalint.engine import registry

        registry.load_rules()

        def boom(model, ctx):
            raise RuntimeError("boom")
            yield  # pragma: no cover

        monkeypatch.setitem(registry.REGISTRY, "DOA101", records.replace(registry.REGISTRY["DOA101"], fn=boom))
        code, out, _ = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", "task.json",
                               cwd=tmp_path)
        assert code == 2 and json.loads(out)["summary"]["fixed"] == 0
        code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", "task.json", cwd=tmp_path)
        assert (code, out) == (0, "Kept 1 entry, removed 0 fixed.\n"), err
        assert (tmp_path / "b.json").read_bytes() == written  # the entry of the rule that raised stays
    finally:
        project_root.cache_clear()


def _baseline_check(folder, *extra):
    code, out, err = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", "task.json", *extra,
                             cwd=folder)
    summary = json.loads(out)["summary"]
    # DOA109 is an error: a new one fails the run, a baselined one does not
    assert code == (1 if summary["findings"] else 0), (code, err)
    return summary, err


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


# --- the baseline: prune keeps what is still found, the file is validated, odd entries are passed over ---

def _three_findings(project):
    """task.json with DOA101, DOA112 and DOA114; other.json with DOA109; the baseline b.json of both."""
    td = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    td["networkMode"] = "bridge"
    td["containerDefinitions"][0]["healthCheck"]["interval"] = 10
    del td["containerDefinitions"][0]["stopTimeout"]
    (project / "task.json").write_text(json.dumps(td, indent=2))
    shutil.copy(FIXTURES / "rules" / "DOA109" / "bad-password-name.json", project / "other.json")
    code, out, err = run_cli("baseline", "write", "--isolated", "task.json", "other.json", "--output", "b.json",
                             cwd=project)
    assert (code, out) == (0, "Wrote 4 finding(s) to b.json.\n"), err
    return td


def _entries(path):
    return [(e["rule"], e["file"], e["path"]) for e in json.loads(path.read_text())["findings"]]


def test_prune_drops_only_the_fixed_entries_and_counts_them(project):
    td = _three_findings(project)
    base = project / "b.json"
    before = {e["rule"]: e for e in json.loads(base.read_text())["findings"]}
    assert _entries(base) == [("DOA109", "other.json", "containerDefinitions[0].environment[4].name"),
                              ("DOA101", "task.json", "networkMode"),
                              ("DOA112", "task.json", "containerDefinitions[0].healthCheck.interval"),
                              ("DOA114", "task.json", "containerDefinitions[0].stopTimeout")]
    # nothing fixed: nothing removed, the file untouched
    written = base.read_bytes()
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 4 entries, removed 0 fixed.\n"), err
    assert base.read_bytes() == written
    # the health check fixed: its entry goes, the other three stay as they were
    td["containerDefinitions"][0]["healthCheck"]["interval"] = 30
    (project / "task.json").write_text(json.dumps(td, indent=2))
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 3 entries, removed 1 fixed.\n"), err
    data = json.loads(base.read_text())
    assert data["version"] == 2 and data["findings"] == [before["DOA109"], before["DOA101"], before["DOA114"]]
    # two more fixed in one run, one of them by deleting its file: one entry left
    (project / "other.json").unlink()
    td["networkMode"] = "awsvpc"
    (project / "task.json").write_text(json.dumps(td, indent=2))
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 1 entry, removed 2 fixed.\n"), err
    assert json.loads(base.read_text())["findings"] == [before["DOA114"]]
    code, out, err = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", ".", cwd=project)
    summary = json.loads(out)["summary"]
    assert code == 0 and (summary["findings"], summary["baselined"], summary["fixed"]) == (0, 1, 0), err


@pytest.mark.parametrize("content,why", [
    ('[]', "not a doalint baseline of version 2 (or 1)"),  # not an object
    ('"findings"', "not a doalint baseline of version 2 (or 1)"),
    ('{"tool": "doalint", "findings": []}', "not a doalint baseline of version 2 (or 1)"),  # no version
    ('{"version": 3, "tool": "doalint", "findings": []}', "not a doalint baseline of version 2 (or 1)"),
    ('{"version": "2", "tool": "doalint", "findings": []}', "not a doalint baseline of version 2 (or 1)"),
    ('{"version": 2, "tool": "doalint"}', "not a doalint baseline of version 2 (or 1)"),  # no findings
    ('{"version": 2, "tool": "doalint", "findings": {"a": {}}}', "not a doalint baseline of version 2 (or 1)"),
    ('{"version": 2, "tool": "doalint", "findings": null}', "not a doalint baseline of version 2 (or 1)"),
    ('{"version": 2, "findings": [', "cannot read it"),  # not JSON
    (b'{"version": 2, "findings": ["\xff"]}', "cannot read it"),  # not UTF-8
])
def test_a_malformed_baseline_is_a_usage_error_in_check_and_prune(project, content, why):
    _three_findings(project)
    base = project / "b.json"
    if isinstance(content, bytes):
        base.write_bytes(content)
    else:
        base.write_text(content)
    before = base.read_bytes()
    for args in (("check", "--isolated", "--baseline", "b.json", "task.json"),
                 ("baseline", "prune", "--isolated", "--baseline", "b.json", "task.json")):
        code, out, err = run_cli(*args, cwd=project)
        assert code == 2 and out == "", (args, out, err)
        assert err.startswith("doalint: error: baseline b.json: ") and why in err, (args, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert base.read_bytes() == before  # prune never rewrites a file it cannot read
    code, _, err = run_cli("check", "--isolated", "--baseline", "nope.json", "task.json", cwd=project)
    assert code == 2 and "baseline nope.json: no such file (create it with 'doalint baseline write')" in err


def test_baseline_entries_that_are_not_entries_are_passed_over(project):
    """An entry that is not an object, or whose fingerprint is not a string, is no entry: it matches
    nothing, is never counted fixed, and the next prune that rewrites the file drops it."""
    _three_findings(project)
    base = project / "b.json"
    data = json.loads(base.read_text())
    real = data["findings"]
    junk = ["junk", 7, None, ["a"], {"rule": "DOA101", "file": "task.json"},  # no fingerprint
            {"fingerprint": 5, "rule": "DOA101", "file": "task.json", "path": "networkMode"},
            {"fingerprint": None, "rule": "DOA114", "file": "task.json", "path": ""}]
    data["findings"] = junk[:3] + real + junk[3:]
    base.write_text(json.dumps(data))
    written = base.read_bytes()
    code, out, err = run_cli("check", "--isolated", "--baseline", "b.json", "--format", "json", ".", cwd=project)
    summary = json.loads(out)["summary"]
    assert code == 0 and (summary["findings"], summary["baselined"], summary["fixed"]) == (0, 4, 0), err
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 4 entries, removed 0 fixed.\n"), err
    assert base.read_bytes() == written  # nothing removed: the file is left as it was
    (project / "other.json").unlink()  # one fixed: the file is rewritten with the real entries only
    code, out, err = run_cli("baseline", "prune", "--isolated", "--baseline", "b.json", ".", cwd=project)
    assert (code, out) == (0, "Kept 3 entries, removed 1 fixed.\n"), err
    assert json.loads(base.read_text())["findings"] == real[1:]
