"""Output formats, exactly: the text each reporter writes for a known report, character for
character (GitHub workflow commands, JUnit XML), including the cases a file run seldom shows:
findings on a deployed resource (no line: the ARN and a path instead), internal errors about a file,
about the rules across documents or about a resource, odd spans, and an empty report."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from doalint.engine.findings import Finding, InternalError, Report, Skipped

SERVICE_ARN = "arn:aws:ecs:ap-northeast-2:123456789012:service/doa-market-cluster/product-service"
ALARM_ARN = "arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:product-service-high-cpu"


def _finding(rule="DOA101", name="network-mode-not-awsvpc", severity="error", file="bad.json", span=(3, 3, 3, 25),
             message="networkMode is 'bridge'", **kw) -> Finding:
    return Finding(rule, name, severity, file, *span, message, **kw)


# --- GitHub workflow commands ---------------------------------------------------------------------


def test_github_findings_on_deployed_resources_name_the_arn_and_path_in_the_message():
    """A finding without a line (a deployed resource) is an annotation without file properties: its
    title is the rule, its message starts with the ARN and the path in the resource ("(the
    resource)" for the resource as a whole). Every finding gets one, before and after file findings."""
    report = Report(findings=[
        _finding("DOA960", "drift", "error", SERVICE_ARN, (0, 0, 0, 0), "desiredCount: declared 3, deployed 5",
                 path=("desiredCount",)),
        _finding("DOA010", "unknown-service", "note", ALARM_ARN, (0, 0, 0, 0), "not in the catalog, 100%\nsure"),
        _finding(),
    ])
    from doalint.reporters import github

    assert github.REPORTER.render(report) == (
        f"::error title=DOA960 drift::{SERVICE_ARN} at desiredCount: desiredCount: declared 3, deployed 5\n"
        f"::notice title=DOA010 unknown-service::{ALARM_ARN} at (the resource): not in the catalog, 100%25%0Asure\n"
        "::error file=bad.json,line=3,col=3,endLine=3,endColumn=25,title=DOA101 network-mode-not-awsvpc::"
        "networkMode is 'bridge'\n"
    )


def test_github_title_of_a_resource_finding_is_escaped_as_a_property():
    from doalint.reporters import github

    report = Report(findings=[_finding("DOA960", "drift,odd: name", "warning", SERVICE_ARN, (0, 0, 0, 0), "m")])
    assert github.REPORTER.render(report) == (
        f"::warning title=DOA960 drift%2Codd%3A name::{SERVICE_ARN} at (the resource): m\n")


def test_github_end_of_an_annotation_never_precedes_its_start():
    """endLine is at least the line; on one line endColumn is at least the column, while a span over
    several lines keeps its own end column (which may be left of the start column)."""
    from doalint.reporters import github

    def props(span):
        line = github.REPORTER.render(Report(findings=[_finding(span=span)]))
        return line.split(" ", 1)[1].split(",title=")[0]

    assert props((3, 10, 5, 2)) == "file=bad.json,line=3,col=10,endLine=5,endColumn=2"
    assert props((3, 10, 3, 4)) == "file=bad.json,line=3,col=10,endLine=3,endColumn=10"
    assert props((3, 10, 3, 12)) == "file=bad.json,line=3,col=10,endLine=3,endColumn=12"
    assert props((3, 10, 1, 4)) == "file=bad.json,line=3,col=10,endLine=3,endColumn=10"


def test_github_internal_errors_name_a_file_only_when_there_is_one():
    """An internal error about a file annotates the file; one about the rules across documents
    ("(project)", "(drift)") or about a deployed resource (an ARN) has no file property."""
    from doalint.reporters import github

    report = Report(internal_errors=[
        InternalError("(drift)", "DOA960", "KeyError: 'x'"),
        InternalError(SERVICE_ARN, "DOA201", "TypeError: odd"),
        InternalError("services/a,b:c.json", "DOA101", "ValueError: 50%"),
    ])
    assert github.REPORTER.render(report) == (
        "::error title=doalint internal error::internal error in DOA960: KeyError: 'x' (please report this)\n"
        "::error title=doalint internal error::internal error in DOA201: TypeError: odd (please report this)\n"
        "::error file=services/a%2Cb%3Ac.json,title=doalint internal error::"
        "internal error in DOA101: ValueError: 50%25 (please report this)\n"
    )


def test_github_an_empty_report_writes_nothing():
    from doalint.reporters import github

    assert github.REPORTER.render(Report()) == ""


# --- JUnit XML ------------------------------------------------------------------------------------


def _mixed_report() -> Report:
    """A run of every outcome: an internal error on a file, a finding in a file, two on a deployed
    resource (on a path, and on the resource as a whole), a clean file and one passed over."""
    return Report(
        findings=[
            _finding(message="networkMode is 'bridge' & <x>"),
            _finding("DOA960", "drift", "error", SERVICE_ARN, (0, 0, 0, 0), "desiredCount: declared 3, deployed 5",
                     path=("desiredCount",)),
            _finding("DOA010", "unknown-service", "note", SERVICE_ARN, (0, 0, 0, 0), "not in the catalog"),
        ],
        checked_files=["bad.json", "good.json", "notes.yaml", "broken.json", SERVICE_ARN],
        skipped=[Skipped("notes.yaml", "not a document kind doalint checks (keys: items, title)")],
        internal_errors=[InternalError("broken.json", "DOA101", "KeyError: 'x'")],
    )


JUNIT = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="doalint" tests="6" failures="3" errors="1" skipped="1">
  <testsuite name="doalint" tests="6" failures="3" errors="1" skipped="1">
    <testcase classname="broken.json" name="internal error in DOA101">
      <error type="internal-error" message="internal error in DOA101: KeyError: 'x' (please report this)">\
broken.json: internal error in DOA101: KeyError: 'x' (please report this)</error>
    </testcase>
    <testcase classname="bad.json" name="DOA101 network-mode-not-awsvpc at 3:3">
      <failure type="DOA101" message="networkMode is 'bridge' &amp; &lt;x&gt;">\
bad.json:3:3: DOA101 [error] networkMode is 'bridge' &amp; &lt;x&gt;</failure>
    </testcase>
    <testcase classname="{SERVICE_ARN}" name="DOA960 drift at desiredCount">
      <failure type="DOA960" message="desiredCount: declared 3, deployed 5">\
{SERVICE_ARN} at desiredCount: DOA960 [error] desiredCount: declared 3, deployed 5</failure>
    </testcase>
    <testcase classname="{SERVICE_ARN}" name="DOA010 unknown-service at (the resource)">
      <failure type="DOA010" message="not in the catalog">\
{SERVICE_ARN} at (the resource): DOA010 [note] not in the catalog</failure>
    </testcase>
    <testcase classname="good.json" name="no findings"/>
    <testcase classname="notes.yaml" name="not checked">
      <skipped message="not a document kind doalint checks (keys: items, title)"/>
    </testcase>
  </testsuite>
</testsuites>
"""


def test_junit_of_every_outcome_is_exact():
    """Each case as CI systems read it: errors first, then failures (a file's line:col, or a
    resource's path), passing files, skipped files; the counts on both levels."""
    from doalint.reporters import junit

    out = junit.REPORTER.render(_mixed_report())
    assert out == JUNIT
    root = ET.fromstring(out.encode())  # well-formed, and its declared encoding is the one used
    assert [tc.get("name") for tc in root.iter("testcase")][-2:] == ["no findings", "not checked"]


def test_junit_of_an_empty_run_is_an_empty_suite():
    from doalint.reporters import junit

    assert junit.REPORTER.render(Report()) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="doalint" tests="0" failures="0" errors="0" skipped="0">\n'
        '  <testsuite name="doalint" tests="0" failures="0" errors="0" skipped="0">\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )
