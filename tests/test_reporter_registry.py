"""The output formats behind one interface: the registry's names are exactly the formats the
command line takes, each name gives a reporter of that name that renders any report from one
RenderOptions, the CLI writes each format through it (to standard output and to --output files
alike), and a run imports only the reporter it writes."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, run_cli
from doalint import reporters
from doalint.engine.findings import Finding, Report, Skipped
from doalint.reporters import RenderOptions

CLI_FORMATS = ("text", "json", "sarif", "github", "junit")


def _small_report() -> Report:
    """One finding in one file, a clean file, and a file passed over."""
    return Report(
        findings=[Finding("DOA101", "network-mode-not-awsvpc", "error", "svc/task.json", 3, 3, 3, 25,
                          "networkMode is 'bridge'", fingerprint="fp1")],
        checked_files=["svc/task.json", "svc/good.json", "notes.yaml"],
        skipped=[Skipped("notes.yaml", "not a document kind")],
        files=3, documents=2, rules_run={"DOA101"},
    )


# --- the registry ---------------------------------------------------------------------------------


def test_the_registry_names_exactly_the_formats_the_cli_takes_in_its_order():
    from doalint.cli import FORMATS, check, scan_aws

    assert reporters.NAMES == CLI_FORMATS
    assert FORMATS == CLI_FORMATS
    for command in (check, scan_aws):
        [fmt] = [p for p in command.params if p.name == "fmt"]
        assert tuple(fmt.type.choices) == CLI_FORMATS
        assert fmt.default == "text"


def test_each_name_gives_a_reporter_of_that_name():
    for name in CLI_FORMATS:
        reporter = reporters.get(name)
        assert reporter.name == name
        assert reporters.get(name) is reporter  # one object per format


def test_an_unknown_name_is_refused_with_the_known_ones():
    with pytest.raises(ValueError) as err:
        reporters.get("xml")
    assert str(err.value) == "unknown output format 'xml' (one of text, json, sarif, github, junit)"


def test_the_cli_refuses_a_format_the_registry_does_not_have():
    code, out, err = run_cli("check", "--format", "xml", str(FIXTURES / "rules" / "DOA101" / "good.json"))
    assert code == 2 and out == ""
    assert "'xml' is not one of 'text', 'json', 'sarif', 'github', 'junit'" in err


# --- every reporter renders a small report ---------------------------------------------------------


def test_text_renders_a_small_report():
    out = reporters.get("text").render(_small_report(), RenderOptions())
    assert out == ("svc/task.json:3:3: DOA101 [error] networkMode is 'bridge'\n"
                   "Found 1 finding (1 error) in 1 file; checked 2 documents in 2 files (1 file passed over).\n")


def test_github_renders_a_small_report():
    assert reporters.get("github").render(_small_report(), RenderOptions()) == (
        "::error file=svc/task.json,line=3,col=3,endLine=3,endColumn=25,title=DOA101 network-mode-not-awsvpc::"
        "networkMode is 'bridge'\n")


def test_junit_renders_a_small_report():
    assert reporters.get("junit").render(_small_report(), RenderOptions()) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="doalint" tests="3" failures="1" errors="0" skipped="1">\n'
        '  <testsuite name="doalint" tests="3" failures="1" errors="0" skipped="1">\n'
        '    <testcase classname="svc/task.json" name="DOA101 network-mode-not-awsvpc at 3:3">\n'
        '      <failure type="DOA101" message="networkMode is \'bridge\'">'
        "svc/task.json:3:3: DOA101 [error] networkMode is 'bridge'</failure>\n"
        "    </testcase>\n"
        '    <testcase classname="svc/good.json" name="no findings"/>\n'
        '    <testcase classname="notes.yaml" name="not checked">\n'
        '      <skipped message="not a document kind"/>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n")


def test_json_renders_a_small_report_and_marks_the_baseline_only_when_one_was_used():
    from doalint.reporters.jsonfmt import as_dict

    report = _small_report()
    plain = reporters.get("json").render(report, RenderOptions())
    assert plain == json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
    [finding] = json.loads(plain)["findings"]
    assert (finding["rule"], finding["line"], finding["baseline"]) == ("DOA101", 3, None)
    [finding] = json.loads(reporters.get("json").render(report, RenderOptions(baseline_used=True)))["findings"]
    assert finding["baseline"] == "new"


def test_sarif_renders_a_small_report_with_the_options_catalog_profile_and_category(project, monkeypatch):
    from doalint.catalog import default_catalog
    from doalint.profile import load_profile
    from doalint.reporters.sarif import as_dict

    monkeypatch.chdir(project)
    catalog, profile = default_catalog(), load_profile()
    options = RenderOptions(catalog=catalog, profile=profile, sarif_category="ci/x", baseline_used=True)
    out = reporters.get("sarif").render(_small_report(), options)
    assert out == json.dumps(as_dict(_small_report(), catalog, profile, "ci/x", True), indent=2,
                             ensure_ascii=False) + "\n"
    [run] = json.loads(out)["runs"]
    assert [d["id"] for d in run["tool"]["driver"]["rules"]] == ["DOA101"]
    assert [(r["ruleId"], r["baselineState"]) for r in run["results"]] == [("DOA101", "new")]
    assert run["automationDetails"] == {"id": "ci/x"}


def test_sarif_without_a_catalog_or_profile_describes_the_rules_from_the_bundled_ones(project, monkeypatch):
    from doalint.catalog import default_catalog
    from doalint.profile import load_profile

    monkeypatch.chdir(project)
    bundled = RenderOptions(catalog=default_catalog(), profile=load_profile())
    sarif = reporters.get("sarif")
    assert sarif.render(_small_report(), RenderOptions()) == sarif.render(_small_report(), bundled)
    run = json.loads(sarif.render(_small_report(), RenderOptions()))["runs"][0]
    assert "automationDetails" not in run and "baselineState" not in run["results"][0]


def test_each_reporter_reads_only_its_own_options():
    """Options meant for another format change nothing: colour, quiet and the rest are the text's;
    the SARIF category is SARIF's; the baseline state is the JSON's, SARIF's and the text's."""
    report = _small_report()
    text_only = RenderOptions(color=True, statistics=True, verbose=True, show_waived=True, quiet=True,
                              source=lambda f: ["x"] * 5, sarif_category="c")
    for name in ("json", "github", "junit"):
        reporter = reporters.get(name)
        assert reporter.render(report, text_only) == reporter.render(report, RenderOptions()), name
    for name in ("github", "junit"):
        reporter = reporters.get(name)
        assert reporter.render(report, RenderOptions(baseline_used=True)) == reporter.render(report), name
    assert reporters.get("text").render(report, RenderOptions(sarif_category="c")) == \
        reporters.get("text").render(report)


# --- the CLI writes every format through the registry ---------------------------------------------


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit"])
def test_the_cli_writes_the_same_format_to_stdout_and_to_an_output_file(tmp_path, fmt):
    bad = FIXTURES / "rules" / "DOA101" / "bad.json"
    target = tmp_path / "out"
    code, out, err = run_cli("check", "--isolated", "-j", "1", "--format", fmt, "--output", f"{fmt}:{target}",
                             str(bad))
    assert code == 1, err
    assert out == target.read_text(encoding="utf-8")
    assert "DOA101" in out


def test_the_cli_colours_and_quiets_the_terminal_text_but_never_a_text_file(tmp_path):
    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / "task.json")
    code, out, err = run_cli("check", "--isolated", "-j", "1", "-q", "--color", "always", "--output", "out.txt",
                             "task.json", cwd=tmp_path)
    assert code == 1, err
    message = "networkMode is 'bridge'; the standard requires 'awsvpc'"
    assert out == f"\x1b[1mtask.json:3:3:\x1b[0m \x1b[1;31mDOA101\x1b[0m \x1b[31m[error]\x1b[0m {message}\n"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == (
        f"task.json:3:3: DOA101 [error] {message}\n"
        "Found 1 finding (1 error) in 1 file; checked 1 document in 1 file (1 fixable with --fix --unsafe-fixes).\n")


# --- start-up stays lean --------------------------------------------------------------------------

PROBE = """
import sys
from doalint.cli import run
code = run({args!r})
names = ("text", "jsonfmt", "sarif", "github", "junit")
print("CODE:%d" % code)
print("LOADED:" + ",".join(n for n in names if "doalint.reporters." + n in sys.modules))
print("JSONSCHEMA:%s" % ("jsonschema" in sys.modules))
"""


def _loaded(*args: str) -> tuple[str, str, str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(args=list(args))], capture_output=True, text=True)
    lines = dict(line.split(":", 1) for line in proc.stdout.splitlines() if line[:4] in ("CODE", "LOAD", "JSON"))
    assert "CODE" in lines, proc.stdout + proc.stderr
    return lines["CODE"], lines["LOADED"], lines["JSONSCHEMA"]


def test_a_text_run_imports_only_the_text_reporter():
    path = str(FIXTURES / "rules" / "DOA101" / "bad.json")
    assert _loaded("check", "--isolated", "-j", "1", path) == ("1", "text", "False")


def test_a_sarif_run_imports_only_the_sarif_reporter():
    path = str(FIXTURES / "rules" / "DOA101" / "bad.json")
    assert _loaded("check", "--isolated", "-j", "1", "--format", "sarif", path) == ("1", "sarif", "False")
