"""Reporters, value for value, in-process: the SARIF log (rule descriptors of doalint's catalog and of
checkov's checks, results on files and on deployed resources, related and logical locations,
suppressions, baseline states, the invocation), the text output (colours, tails, summaries,
--show-source's marked lines) and the JSON output, each for a report built here with every case a
real run can produce."""

from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import SARIF_SCHEMA
from doalint.engine.findings import Finding, InternalError, RelatedLocation, Report, Skipped, Suppression
from doalint.reporters import RenderOptions

SERVICE_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:service/doa-market-cluster/product-service"
ALARM_ARN = "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:product:cpu-high"  # a colon in its name
BUCKET_ARN = "arn:aws:s3:::doa-market-assets"  # no region, no account, no resource type
NAMELESS_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:service/doa-market-cluster/"


def _finding(rule, severity, file, span, message, **kw) -> Finding:
    return Finding(rule, kw.pop("name", rule.lower() + "-name"), severity, file, *span, message, **kw)


@pytest.fixture
def project(project, monkeypatch):
    """The project root (conftest's) as the working directory: file URIs are relative to it."""
    monkeypatch.chdir(project)
    return project


# --- SARIF: rule descriptors ----------------------------------------------------------------------

LONG_TITLE = "".join(str(i % 10) for i in range(1100))  # longer than SARIF's 1024 for a description
WHAT_1024 = " ".join(f"w{i:04d}" for i in range(170)) + " abcd"  # 1024 characters
assert len(WHAT_1024) == 1024


def _entry(rid: str, name: str, severity: str, title: str, what: str, **extra) -> dict:
    explain = {"what": what, "why": "Because.", "example": {"format": "json", "text": "{}\n"},
               "use_instead": {"format": "json", "text": "{\"a\": 1}\n"}}
    explain.update(extra.pop("explain", {}))
    return {"id": rid, "title": title, "severity": severity, "kinds": ["ecs-task-definition"],
            "standard": "§Test", "explain": explain, **extra}


@pytest.fixture
def catalog(tmp_path):
    """A catalog of three rules (JSON is YAML): a security rule without the tag, a long title and a
    description of exactly 1024 characters (written over several lines), and no references; a rule
    without tags, a description of 1025 characters and a reference without a link; an input rule
    tagged security with references, the first without a link."""
    from doalint.catalog import Catalog

    folder = tmp_path / "catalog"
    folder.mkdir()
    entries = {
        "DOA901-secret-rule": _entry("DOA901", "secret-rule", "error", LONG_TITLE,
                                     WHAT_1024.replace(" w0100 ", "\n   w0100  \n"), tags=["ecs"], security=True),
        "DOA902-plain-rule": _entry("DOA902", "plain-rule", "note", "Plain rule", WHAT_1024 + "e",
                                    explain={"references": [{"title": "A book, no link"}]}),
        "DOA903-input-rule": _entry("DOA903", "input-rule", "warning", "Input rule", "Checks  that\n  the thing.",
                                    tags=["input", "security"],
                                    explain={"references": [{"title": "no link"},
                                                            {"title": "Guide", "url": "https://example.com/guide"},
                                                            {"title": "Other", "url": "https://example.com/other"}]}),
    }
    for stem, data in entries.items():
        (folder / f"{stem}.yaml").write_text(json.dumps(data, ensure_ascii=False, indent=1))
    return Catalog(folder)


def test_rule_descriptors_carry_title_description_tags_precision_severity_and_help_link(catalog, profile):
    """Titles and descriptions are cut to 1024 characters (a description with "..."), white space
    in a description is one space; a rule marked security gets the tag and a security-severity; an
    input rule's precision is very-high, any other's high; the first reference with a link is the
    help URI, and a rule without one (no references, none with a link) has none."""
    from doalint.explain import render_markdown, render_text
    from doalint.reporters.sarif import rule_descriptor

    e1, e2, e3 = (catalog.entries[i] for i in ("DOA901", "DOA902", "DOA903"))
    assert rule_descriptor(e1, profile) == {
        "id": "DOA901",
        "name": "secret-rule",
        "shortDescription": {"text": LONG_TITLE[:1024]},
        "fullDescription": {"text": WHAT_1024},
        "help": {"text": render_text(e1, profile), "markdown": render_markdown(e1, profile)},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["ecs", "security"], "precision": "high", "problem.severity": "error",
                       "security-severity": "8.0"},
    }
    assert rule_descriptor(e2, profile) == {
        "id": "DOA902",
        "name": "plain-rule",
        "shortDescription": {"text": "Plain rule"},
        "fullDescription": {"text": WHAT_1024[:1021] + "..."},
        "help": {"text": render_text(e2, profile), "markdown": render_markdown(e2, profile)},
        "defaultConfiguration": {"level": "note"},
        "properties": {"tags": [], "precision": "high", "problem.severity": "recommendation"},
    }
    assert rule_descriptor(e3, profile) == {
        "id": "DOA903",
        "name": "input-rule",
        "shortDescription": {"text": "Input rule"},
        "fullDescription": {"text": "Checks that the thing."},
        "help": {"text": render_text(e3, profile), "markdown": render_markdown(e3, profile)},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["input", "security"], "precision": "very-high", "problem.severity": "warning",
                       "security-severity": "5.5"},
        "helpUri": "https://example.com/guide",
    }
    assert "What it checks" in rule_descriptor(e1, profile)["help"]["text"]


# --- SARIF: a run of every case -------------------------------------------------------------------


def _checkov_rules() -> dict:
    from doalint.integrations.checkov import ExternalRule

    return {
        "CKV_AWS_1": ExternalRule("CKV_AWS_1", "ensure-long", LONG_TITLE, "https://docs.example.com/ckv1"),
        "CKV_AWS_2": ExternalRule("CKV_AWS_2", "no-guideline", "Short title"),
        "CKV_AWS_3": ExternalRule("CKV_AWS_3", "plain-http", "Plain http", "http://example.com/ckv3"),
        # checkov's word on a rule doalint has: doalint's own descriptor wins
        "DOA901": ExternalRule("DOA901", "not-this", "Not this one", "https://example.com/no"),
    }


def _every_case_report() -> Report:
    return Report(
        findings=[
            _finding("DOA901", "error", "services/task.json", (3, 5, 3, 20), "environment holds a secret",
                     path=("containerDefinitions", 0, "environment"), document="task definition product-service",
                     fingerprint="fp1",
                     related=(RelatedLocation("services/other.json", 7, 2, "declared here"),
                              RelatedLocation(SERVICE_ARN, 0, 0, "deployed here", ("desiredCount",)),
                              RelatedLocation(ALARM_ARN, 0, 0, "the alarm"),
                              RelatedLocation(NAMELESS_ARN, 0, 0, "no name"))),
            # an end before the start: the region ends where it starts
            _finding("DOA902", "note", "services/task.json", (10, 8, 9, 1), "odd span", fingerprint="fp2",
                     suppression=Suppression("inSource", "accepted risk", "services/task.json:9")),
            _finding("DOA903", "warning", SERVICE_ARN, (0, 0, 0, 0), "desiredCount: declared 3, deployed 5",
                     path=("desiredCount",), document="service product-service", fingerprint="fp3",
                     suppression=Suppression("external", "known drift")),
            _finding("DOA903", "warning", ALARM_ARN, (0, 0, 0, 0), "alarm missing", fingerprint="fp4"),
            _finding("DOA903", "warning", BUCKET_ARN, (0, 0, 0, 0), "bucket", path=("Policy", "Statement", 1),
                     fingerprint="fp5"),
            _finding("CKV_AWS_1", "warning", "infra/main.tf", (12, 1, 12, 1), "checkov says so", fingerprint="fp6"),
        ],
        rules_run={"DOA901", "CKV_AWS_2", "CKV_AWS_3"},
        external_rules=_checkov_rules(),
        internal_errors=[
            InternalError("(project)", "DOA901", "KeyError: 'x'"),
            InternalError(SERVICE_ARN, "DOA999", "TypeError: odd"),
            InternalError("infra/main.tf", "CKV_AWS_1", "ValueError: v"),
        ],
        baselined={"fp4", "fp6"},
    )


def _phys(uri: str, region: dict | None = None) -> dict:
    loc: dict = {"artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"}}
    if region is not None:
        loc["region"] = region
    return loc


def _region(line, col, end_line, end_col) -> dict:
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


def _resource(name: str, arn: str) -> dict:
    return {"name": name, "fullyQualifiedName": arn, "kind": "resource"}


EXPECTED_RESULTS = [
    {
        "ruleId": "DOA901", "ruleIndex": 0, "level": "error", "message": {"text": "environment holds a secret"},
        "locations": [{
            "physicalLocation": _phys("services/task.json", _region(3, 5, 3, 20)),
            "logicalLocations": [{"fullyQualifiedName": "task definition product-service: "
                                                        "containerDefinitions[0].environment",
                                  "kind": "member", "name": "environment"}],
        }],
        "partialFingerprints": {"doalint/v2": "fp1"},
        "relatedLocations": [
            {"id": 1, "message": {"text": "declared here"},
             "physicalLocation": _phys("services/other.json", _region(7, 2, 7, 2))},
            {"id": 2, "message": {"text": "deployed here"},
             "logicalLocations": [_resource("product-service", SERVICE_ARN),
                                  {"fullyQualifiedName": f"{SERVICE_ARN}: desiredCount", "kind": "member"}]},
            {"id": 3, "message": {"text": "the alarm"},
             "logicalLocations": [_resource("product:cpu-high", ALARM_ARN),
                                  {"fullyQualifiedName": f"{ALARM_ARN}: (the resource)", "kind": "member"}]},
            {"id": 4, "message": {"text": "no name"},
             "logicalLocations": [_resource(NAMELESS_ARN, NAMELESS_ARN),
                                  {"fullyQualifiedName": f"{NAMELESS_ARN}: (the resource)", "kind": "member"}]},
        ],
        "baselineState": "new",
    },
    {
        "ruleId": "DOA902", "ruleIndex": 1, "level": "note", "message": {"text": "odd span"},
        "locations": [{"physicalLocation": _phys("services/task.json", _region(10, 8, 10, 8)),
                       "logicalLocations": [{"fullyQualifiedName": "(document)", "kind": "member"}]}],
        "partialFingerprints": {"doalint/v2": "fp2"},
        "suppressions": [{"kind": "inSource", "status": "accepted", "justification": "accepted risk",
                          "properties": {"source": "services/task.json:9"}}],
        "baselineState": "new",
    },
    {
        "ruleId": "DOA903", "ruleIndex": 2, "level": "warning",
        "message": {"text": "desiredCount: declared 3, deployed 5"},
        "locations": [{"logicalLocations": [
            _resource("product-service", SERVICE_ARN),
            {"fullyQualifiedName": f"{SERVICE_ARN}: desiredCount", "kind": "member", "name": "desiredCount"}]}],
        "partialFingerprints": {"doalint/v2": "fp3"},
        "suppressions": [{"kind": "external", "status": "accepted", "justification": "known drift"}],
        "baselineState": "new",
    },
    {
        "ruleId": "DOA903", "ruleIndex": 2, "level": "warning", "message": {"text": "alarm missing"},
        "locations": [{"logicalLocations": [
            _resource("product:cpu-high", ALARM_ARN),
            {"fullyQualifiedName": f"{ALARM_ARN}: (document)", "kind": "member"}]}],
        "partialFingerprints": {"doalint/v2": "fp4"},
        "baselineState": "unchanged",
    },
    {
        "ruleId": "DOA903", "ruleIndex": 2, "level": "warning", "message": {"text": "bucket"},
        "locations": [{"logicalLocations": [
            _resource("doa-market-assets", BUCKET_ARN),
            {"fullyQualifiedName": f"{BUCKET_ARN}: Policy.Statement[1]", "kind": "member", "name": "1"}]}],
        "partialFingerprints": {"doalint/v2": "fp5"},
        "baselineState": "new",
    },
    {
        "ruleId": "CKV_AWS_1", "ruleIndex": 3, "level": "warning", "message": {"text": "checkov says so"},
        "locations": [{"physicalLocation": _phys("infra/main.tf", _region(12, 1, 12, 1)),
                       "logicalLocations": [{"fullyQualifiedName": "(document)", "kind": "member"}]}],
        "partialFingerprints": {"doalint/v2": "fp6"},
        "baselineState": "unchanged",
    },
]

EXPECTED_CHECKOV_DESCRIPTORS = [
    {
        "id": "CKV_AWS_1", "name": "ensure-long",
        "shortDescription": {"text": LONG_TITLE[:1024]},
        "fullDescription": {"text": LONG_TITLE[:1024]},
        "help": {"text": f"{LONG_TITLE}\n\nReported by checkov (doalint check --with-checkov). "
                         "https://docs.example.com/ckv1",
                 "markdown": f"**{LONG_TITLE}**\n\nReported by checkov. [Guideline](https://docs.example.com/ckv1)"},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["checkov"], "precision": "medium", "problem.severity": "warning"},
        "helpUri": "https://docs.example.com/ckv1",
    },
    {
        "id": "CKV_AWS_2", "name": "no-guideline",
        "shortDescription": {"text": "Short title"},
        "fullDescription": {"text": "Short title"},
        "help": {"text": "Short title\n\nReported by checkov (doalint check --with-checkov).",
                 "markdown": "**Short title**\n\nReported by checkov."},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["checkov"], "precision": "medium", "problem.severity": "warning"},
    },
    {  # a guideline that is not https is named in the help, but is no help URI
        "id": "CKV_AWS_3", "name": "plain-http",
        "shortDescription": {"text": "Plain http"},
        "fullDescription": {"text": "Plain http"},
        "help": {"text": "Plain http\n\nReported by checkov (doalint check --with-checkov). http://example.com/ckv3",
                 "markdown": "**Plain http**\n\nReported by checkov. [Guideline](http://example.com/ckv3)"},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["checkov"], "precision": "medium", "problem.severity": "warning"},
    },
]

EXPECTED_INVOCATION = {
    "executionSuccessful": False,
    "toolExecutionNotifications": [
        {"level": "error",
         "message": {"text": "(project): internal error in DOA901: KeyError: 'x' (please report this)"},
         "associatedRule": {"id": "DOA901", "index": 0}},
        {"level": "error",
         "message": {"text": f"{SERVICE_ARN}: internal error in DOA999: TypeError: odd (please report this)"}},
        {"level": "error",
         "message": {"text": "infra/main.tf: internal error in CKV_AWS_1: ValueError: v (please report this)"},
         "locations": [{"physicalLocation": _phys("infra/main.tf")}],
         "associatedRule": {"id": "CKV_AWS_1", "index": 3}},
    ],
}


def test_sarif_of_every_case_is_exact_and_valid(project, catalog, profile):
    """doalint's rules first (sorted), then checkov's checks that ran and are not doalint's; results
    on files have a region (an end before the start is clamped) and a logical location named by the
    document and path; results on deployed resources have two logical locations, the resource named
    by the last part of its ARN and the member; related locations are numbered from 1; suppressions
    carry their source; a baseline marks each result new or unchanged; internal errors make the run
    unsuccessful, with a file location only for a file."""
    from doalint import __version__
    from doalint.reporters import sarif

    data = sarif.as_dict(_every_case_report(), catalog, profile, "doalint/ci", baseline_used=True)
    [run] = data["runs"]
    driver = run["tool"]["driver"]
    assert [d["id"] for d in driver["rules"]] == ["DOA901", "DOA902", "DOA903", "CKV_AWS_1", "CKV_AWS_2",
                                                   "CKV_AWS_3"]
    assert driver["rules"][0] == sarif.rule_descriptor(catalog.entries["DOA901"], profile)
    assert driver["rules"][3:] == EXPECTED_CHECKOV_DESCRIPTORS
    assert {k: v for k, v in driver.items() if k != "rules"} == {
        "name": "doalint", "version": __version__, "semanticVersion": __version__,
        "informationUri": "https://github.com/doa-market/doalint"}
    assert run["results"] == EXPECTED_RESULTS
    assert run["invocations"] == [EXPECTED_INVOCATION]
    assert run["automationDetails"] == {"id": "doalint/ci"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert data["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and data["version"] == "2.1.0"
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text()))
    assert not sorted(validator.iter_errors(data), key=str)


def test_sarif_without_a_baseline_or_category_has_no_baseline_state_nor_automation_details(project, catalog,
                                                                                           profile):
    """The defaults: no baseline was used, so no result has a baselineState (not even "new"), and
    no category gives no automationDetails; a run without internal errors was successful."""
    from doalint.reporters import sarif

    report = _every_case_report()
    report.internal_errors = []
    rendered = sarif.REPORTER.render(report, RenderOptions(catalog=catalog, profile=profile))
    for data in (sarif.as_dict(report, catalog, profile), json.loads(rendered)):
        [run] = data["runs"]
        assert [r.get("baselineState") for r in run["results"]] == [None] * 6
        assert "automationDetails" not in run
        assert run["invocations"] == [{"executionSuccessful": True}]


def test_sarif_render_is_indented_json_with_characters_as_they_are(project, catalog, profile):
    """render writes the log as as_dict builds it, indented by two, non-ASCII text unescaped, with a
    final newline; with a baseline, every result has its state."""
    from doalint.reporters import sarif

    report = Report(findings=[_finding("DOA901", "error", "서비스/task.json", (1, 1, 1, 2), "값이 틀림",
                                       fingerprint="fp1")], baselined={"fp1"})
    out = sarif.REPORTER.render(report, RenderOptions(catalog=catalog, profile=profile, sarif_category="cat",
                                                        baseline_used=True))
    assert out == json.dumps(sarif.as_dict(report, catalog, profile, "cat", True), indent=2,
                             ensure_ascii=False) + "\n"
    assert out.startswith('{\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",\n  "version"')
    assert '"text": "값이 틀림"' in out
    assert '"uri": "%EC%84%9C%EB%B9%84%EC%8A%A4/task.json"' in out
    assert json.loads(out)["runs"][0]["results"][0]["baselineState"] == "unchanged"


def test_sarif_uri_of_a_file_name_that_is_not_utf8(project, catalog, profile):
    """A name read with surrogate escapes is percent-encoded as its own bytes; any other lone
    surrogate as its UTF-8 form; "/" is kept."""
    from doalint.reporters import sarif

    report = Report(findings=[_finding("DOA901", "error", "dir/a\udcffb.json", (1, 1, 1, 1), "m",
                                       related=(RelatedLocation("dir/c\ud800d.json", 2, 3, "r"),))])
    [res] = sarif.as_dict(report, catalog, profile)["runs"][0]["results"]
    assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/a%FFb.json"
    assert res["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "dir/c%ED%A0%80d.json"


# --- text: --show-source's marked line ------------------------------------------------------------

SOURCE = ["{", '  "image": "fooX"  \r', "\tkey: 1", "abcdef", "abc   ", "name: ABX"]


def _marked(line, col, end_line, end_col, severity="error", lines=SOURCE, **kw):
    from doalint.reporters.text import source_lines

    return source_lines(Finding("DOA101", "n", severity, "f.json", line, col, end_line, end_col, "m"), lines, **kw)


def test_show_source_underlines_the_span_on_the_findings_line():
    """The line as it is (its line break, even a CRLF's, cut; trailing blanks kept), a caret under
    the column and carets to the end of the span on that line, never past the line's end."""
    assert _marked(2, 5, 2, 12) == ["  |", '2 |   "image": "fooX"  ', "  |     ^^^^^^^"]
    assert _marked(2, 5, 2, 200) == ["  |", '2 |   "image": "fooX"  ', "  |     " + "^" * 15]
    # a column past the line's end: the caret just after its last character
    assert _marked(2, 100, 2, 200) == ["  |", '2 |   "image": "fooX"  ', "  |" + " " * 20 + "^"]
    assert _marked(6, 7, 6, 10) == ["  |", "6 | name: ABX", "  |       ^^^"]


def test_show_source_of_a_span_going_on_below_underlines_to_the_end_of_the_line():
    """Up to the last character that is not blank, at least one caret."""
    assert _marked(4, 1, 6, 2) == ["  |", "4 | abcdef", "  | ^^^^^^"]
    assert _marked(4, 3, 5, 1) == ["  |", "4 | abcdef", "  |   ^^^^"]
    assert _marked(5, 2, 6, 1) == ["  |", "5 | abc   ", "  |  ^^"]
    assert _marked(5, 3, 7, 1) == ["  |", "5 | abc   ", "  |   ^"]


def test_show_source_of_an_empty_or_backward_span_is_one_caret():
    assert _marked(5, 5, 5, 5) == ["  |", "5 | abc   ", "  |     ^"]
    assert _marked(4, 4, 4, 2, "note") == ["  |", "4 | abcdef", "  |    ^"]


def test_show_source_keeps_tabs_before_the_caret_so_it_stays_aligned():
    assert _marked(3, 3, 3, 5, "warning") == ["  |", "3 | \tkey: 1", "  | \t ^^"]


def test_show_source_shows_nothing_for_a_line_that_is_not_there():
    assert _marked(6, 1, 6, 2, lines=SOURCE[:5]) == []
    assert _marked(5, 1, 5, 2, lines=SOURCE[:5]) == ["  |", "5 | abc   ", "  | ^"]
    assert _marked(0, 0, 0, 0) == []


def test_show_source_in_colour():
    """The gutter dim, the carets bold in the severity's colour; no colour unless asked."""
    assert _marked(10, 1, 10, 3, lines=SOURCE + ["x"] * 3 + ["abc"], color=True) == [
        "   \x1b[2m|\x1b[0m",
        "\x1b[2m10\x1b[0m \x1b[2m|\x1b[0m abc",
        "   \x1b[2m|\x1b[0m \x1b[1;31m^^\x1b[0m",
    ]
    assert _marked(5, 3, 5, 3, "warning", color=True)[2] == "  \x1b[2m|\x1b[0m   \x1b[1;33m^\x1b[0m"


# --- text: the whole output -----------------------------------------------------------------------


def _text_report() -> Report:
    """Findings of three severities (the first a note, so that the statistics' order is not the
    findings'), one with related locations on a resource and in a file, one waived, one baselined;
    a file passed over; an internal error; a baseline with fixed entries."""
    return Report(
        findings=[
            _finding("DOA303", "note", "a.json", (1, 1, 1, 2), "a note", name="note-rule", fingerprint="n1"),
            _finding("DOA101", "error", "bad.json", (2, 3, 2, 9), "networkMode is 'bridge'", name="net-mode",
                     fingerprint="e1",
                     related=(RelatedLocation(SERVICE_ARN, 0, 0, "deployed", ("desiredCount",)),
                              RelatedLocation(SERVICE_ARN, 0, 0, "whole"),
                              RelatedLocation("a.json", 4, 5, "here"))),
            _finding("DOA202", "warning", "bad.json", (3, 1, 3, 4), "waived one", name="warn-rule", fingerprint="w1",
                     suppression=Suppression("inSource", "accepted risk", "bad.json:1")),
            _finding("DOA202", "warning", "bad.json", (4, 1, 4, 4), "baselined one", name="warn-rule",
                     fingerprint="b1"),
            _finding("DOA202", "warning", "a.json", (2, 1, 2, 2), "warned", name="warn-rule", fingerprint="w2"),
        ],
        files=4, documents=5,
        skipped=[Skipped("notes.yaml", "not a document kind doalint checks")],
        checked_files=["a.json", "bad.json", "notes.yaml", "broken.json"],
        internal_errors=[InternalError("broken.json", "DOA101", "KeyError: 'x'")],
        baselined={"b1"}, fixed=2,
    )


_SOURCES = {"bad.json": ["{", '  "networkMode": "bridge",']}
RELATED_TEXT = (
    f"    {SERVICE_ARN} at desiredCount: deployed\n"
    f"    {SERVICE_ARN} at (the resource): whole\n"
    "    a.json:4:5: here\n"
)


def test_text_with_every_option_in_colour_is_exact():
    """--verbose (skip notes, dim, and the closing line), --show-waived (waived and baselined
    findings, with their tails), --show-source, --statistics (by count, then rule), a baseline
    (new, baselined, fixed first in the summary's parentheses), colours for location, rule and
    severity."""
    from doalint.reporters import text

    out = text.REPORTER.render(_text_report(), RenderOptions(color=True, statistics=True, verbose=True,
                                                             show_waived=True, baseline_used=True,
                                                             source=_SOURCES.get))
    assert out == (
        "\x1b[2mnotes.yaml: skipped: not a document kind doalint checks\x1b[0m\n"
        "\x1b[1ma.json:1:1:\x1b[0m \x1b[1;36mDOA303\x1b[0m \x1b[36m[note]\x1b[0m a note\n"
        "\x1b[1mbad.json:2:3:\x1b[0m \x1b[1;31mDOA101\x1b[0m \x1b[31m[error]\x1b[0m networkMode is 'bridge'\n"
        "  \x1b[2m|\x1b[0m\n"
        '\x1b[2m2\x1b[0m \x1b[2m|\x1b[0m   "networkMode": "bridge",\n'
        "  \x1b[2m|\x1b[0m   \x1b[1;31m^^^^^^\x1b[0m\n"
        + RELATED_TEXT +
        "\x1b[1mbad.json:3:1:\x1b[0m \x1b[1;33mDOA202\x1b[0m \x1b[33m[warning]\x1b[0m waived one"
        "\x1b[2m  (waived: accepted risk)\x1b[0m\n"
        "\x1b[1mbad.json:4:1:\x1b[0m \x1b[1;33mDOA202\x1b[0m \x1b[33m[warning]\x1b[0m baselined one"
        "\x1b[2m  (baselined)\x1b[0m\n"
        "\x1b[1ma.json:2:1:\x1b[0m \x1b[1;33mDOA202\x1b[0m \x1b[33m[warning]\x1b[0m warned\n"
        "broken.json: internal error in rule DOA101: KeyError: 'x' (please report this)\n"
        "\n"
        "    1  DOA101  [error]  net-mode\n"
        "    1  DOA202  [warning]  warn-rule\n"
        "    1  DOA303  [note]  note-rule\n"
        "Found 3 findings (1 error, 1 warning, 1 note) in 2 files; checked 5 documents in 3 files "
        "(3 new, 1 baselined, 2 fixed; 1 internal error: not every check ran; 1 file passed over; 1 waived).\n"
        "Passed over 1 file: other kinds, empty files, links not followed.\n"
    )


def test_text_with_every_option_without_colour_has_the_same_tails():
    from doalint.reporters import text

    out = text.REPORTER.render(_text_report(), RenderOptions(statistics=True, verbose=True, show_waived=True,
                                                             baseline_used=True))
    assert out.splitlines()[:8] == [
        "notes.yaml: skipped: not a document kind doalint checks",
        "a.json:1:1: DOA303 [note] a note",
        "bad.json:2:3: DOA101 [error] networkMode is 'bridge'",
        *RELATED_TEXT.splitlines(),
        "bad.json:3:1: DOA202 [warning] waived one  (waived: accepted risk)",
        "bad.json:4:1: DOA202 [warning] baselined one  (baselined)",
    ]


def test_text_by_default_shows_only_the_findings_that_count():
    """No skip notes, no waived or baselined finding, no source, no statistics, no baseline counts."""
    from doalint.reporters import text

    assert text.REPORTER.render(_text_report()) == (
        "a.json:1:1: DOA303 [note] a note\n"
        "bad.json:2:3: DOA101 [error] networkMode is 'bridge'\n"
        + RELATED_TEXT +
        "a.json:2:1: DOA202 [warning] warned\n"
        "broken.json: internal error in rule DOA101: KeyError: 'x' (please report this)\n"
        "Found 3 findings (1 error, 1 warning, 1 note) in 2 files; checked 5 documents in 3 files "
        "(1 internal error: not every check ran; 1 file passed over; 1 waived).\n"
    )


def test_text_quiet_shows_findings_without_a_summary_and_nothing_for_a_clean_run():
    from doalint.reporters import text

    assert text.REPORTER.render(Report(files=2, documents=2), RenderOptions(quiet=True)) == ""
    assert text.REPORTER.render(Report(files=2, documents=2)) == "All checks passed: 2 documents in 2 files.\n"
    assert text.REPORTER.render(_text_report(), RenderOptions(quiet=True)).splitlines()[-1] == (
        "broken.json: internal error in rule DOA101: KeyError: 'x' (please report this)")


def test_text_summary_of_a_scan_of_an_account_counts_resources():
    """A scan counts resources; with --compare, findings in files and on resources are counted
    together ("1 file or resource", "2 files and resources")."""
    from doalint.reporters import text

    a, b = SERVICE_ARN, SERVICE_ARN.replace("product", "order")
    on_resources = [_finding("DOA960", "error", a, (0, 0, 0, 0), "m"),
                    _finding("DOA960", "note", b, (0, 0, 0, 0), "m2", path=("x",))]
    in_file = _finding("DOA960", "error", "svc.json", (2, 1, 2, 2), "m")

    def summary(findings):
        return text.REPORTER.render(Report(findings=findings, files=3, documents=3, live=True)).splitlines()[-1]

    assert summary(on_resources) == ("Found 2 findings (1 error, 1 note) in 2 resources; "
                                     "checked 3 documents in 3 resources.")
    assert summary([in_file]) == "Found 1 finding (1 error) in 1 file or resource; checked 3 documents in 3 resources."
    assert summary([in_file, on_resources[1]]) == ("Found 2 findings (1 error, 1 note) in 2 files and resources; "
                                                   "checked 3 documents in 3 resources.")
    assert text.REPORTER.render(Report(files=1, documents=1, live=True)) == (
        "All checks passed: 1 document in 1 resource.\n")


def test_text_internal_errors_without_findings_never_read_as_passed():
    from doalint.reporters import text

    report = Report(files=1, documents=1, internal_errors=[InternalError("(project)", "DOA601", "E")])
    out = text.REPORTER.render(report)
    assert out == ("(project): internal error in rule DOA601: E (please report this)\n"
                   "No findings, but not every check ran: 1 document in 1 file (1 internal error).\n")


# --- JSON -----------------------------------------------------------------------------------------


def _json_report(live: bool = False) -> Report:
    return Report(
        findings=[
            _finding("DOA109", "error", "svc/task.json", (4, 7, 6, 2), "환경 변수 DB_PASSWORD holds a secret",
                     name="secret-in-env", path=("containerDefinitions", 0, "environment", "a/b~c"),
                     document="task definition product-service", kind="ecs-task-definition", fingerprint="f1",
                     related=(RelatedLocation("svc/other.json", 3, 9, "declared here"),
                              RelatedLocation(SERVICE_ARN, 0, 0, "deployed", ("desiredCount",)))),
            _finding("DOA960", "warning", SERVICE_ARN, (0, 0, 0, 0), "drift", name="drift", path=("desiredCount",),
                     fingerprint="f2", suppression=Suppression("external", "known", "doalint.toml:3")),
            _finding("DOA010", "note", SERVICE_ARN, (0, 0, 0, 0), "whole", name="unknown", fingerprint="f3"),
            _finding("DOA101", "error", "svc/task.json", (1, 1, 1, 2), "baselined", name="net", fingerprint="f4"),
            _finding("DOA102", "note", "svc/task.json", (2, 1, 2, 2), "a note", name="n2", fingerprint="f5"),
        ],
        files=3, documents=4, live=live,
        skipped=[Skipped("notes.yaml", "not a document kind")],
        internal_errors=[InternalError("(project)", "DOA601", "KeyError: 'x'")],
        baselined={"f4"}, fixed=1,
    )


def _json_finding(rule, name, severity, file, line, column, end_line, end_column, message, **kw) -> dict:
    out = {"rule": rule, "name": name, "severity": severity, "file": file, "line": line, "column": column,
           "end_line": end_line, "end_column": end_column, "resource": None if line else file, "message": message,
           "path": "", "pointer": "", "document": "", "kind": "", "related": [], "fingerprint": "",
           "suppressed": None, "baseline": None}
    out.update(kw)
    return out


JSON_FINDINGS = [
    _json_finding("DOA109", "secret-in-env", "error", "svc/task.json", 4, 7, 6, 2,
                  "환경 변수 DB_PASSWORD holds a secret", path="containerDefinitions[0].environment.a/b~c",
                  pointer="/containerDefinitions/0/environment/a~1b~0c", document="task definition product-service",
                  kind="ecs-task-definition", fingerprint="f1", baseline="new",
                  related=[{"file": "svc/other.json", "line": 3, "column": 9, "message": "declared here"},
                           {"file": SERVICE_ARN, "line": None, "column": None, "message": "deployed"}]),
    _json_finding("DOA960", "drift", "warning", SERVICE_ARN, None, None, None, None, "drift", path="desiredCount",
                  pointer="/desiredCount", fingerprint="f2", baseline="new",
                  suppressed={"kind": "external", "justification": "known", "source": "doalint.toml:3"}),
    _json_finding("DOA010", "unknown", "note", SERVICE_ARN, None, None, None, None, "whole", fingerprint="f3",
                  baseline="new"),
    _json_finding("DOA101", "net", "error", "svc/task.json", 1, 1, 1, 2, "baselined", fingerprint="f4",
                  baseline="unchanged"),
    _json_finding("DOA102", "n2", "note", "svc/task.json", 2, 1, 2, 2, "a note", fingerprint="f5", baseline="new"),
]


def test_json_of_every_case_is_exact():
    """Lines and columns (null on a deployed resource, which is named as the resource), the path
    in dotted and JSON-pointer forms (escaped), related locations, the waiver, the baseline state,
    skipped files, internal errors and a summary counting only the findings that count."""
    from doalint import __version__
    from doalint.reporters import jsonfmt

    assert jsonfmt.as_dict(_json_report(), baseline_used=True) == {
        "version": 1,
        "tool": {"name": "doalint", "version": __version__},
        "findings": JSON_FINDINGS,
        "skipped": [{"file": "notes.yaml", "reason": "not a document kind"}],
        "internal_errors": [{"file": "(project)", "rule": "DOA601", "error": "KeyError: 'x'"}],
        "summary": {"source": "files", "files": 3, "documents": 4, "findings": 3, "waived": 1, "baselined": 1,
                    "fixed": 1, "internal_errors": 1, "by_severity": {"error": 1, "warning": 0, "note": 2}},
    }


def test_json_without_a_baseline_has_no_baseline_states_and_a_scan_is_from_aws():
    from doalint.reporters import jsonfmt

    rendered = jsonfmt.REPORTER.render(_json_report(live=True))
    for data in (jsonfmt.as_dict(_json_report(live=True)), json.loads(rendered)):
        assert [f["baseline"] for f in data["findings"]] == [None] * 5
        assert data["summary"]["source"] == "aws"


def test_json_render_is_indented_with_characters_as_they_are():
    from doalint.reporters import jsonfmt

    out = jsonfmt.REPORTER.render(_json_report(), RenderOptions(baseline_used=True))
    assert out == json.dumps(jsonfmt.as_dict(_json_report(), True), indent=2, ensure_ascii=False) + "\n"
    assert out.startswith('{\n  "version": 1,\n  "tool": {\n    "name": "doalint",')
    assert '"message": "환경 변수 DB_PASSWORD holds a secret"' in out
    assert json.loads(out)["findings"] == JSON_FINDINGS
