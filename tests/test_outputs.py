"""CI-gate outputs: SARIF (official schema, GitHub's rules), GitHub annotations, JSON, JUnit."""

from __future__ import annotations

import json
import shutil
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
        assert res["partialFingerprints"]["doalint/v1"]
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
            r["partialFingerprints"]["doalint/v1"] for r in data["runs"][0]["results"]}


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
