"""JUnit XML for CI systems that show test reports: a test case per checked file
that passed, one per finding (a failure), one per internal error (an error: what it was about was
not checked, and its file has no passing case), and one per file passed over (skipped: another kind
of file, an empty one)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from doalint.engine.findings import Report
from doalint.reporters import DEFAULT_OPTIONS, RenderOptions, passed_over, resource_path


class JunitReporter:
    """``--format junit``: a JUnit XML test report."""

    name = "junit"

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        findings = report.active
        with_findings = {f.file for f in findings}
        skipped = passed_over(report)
        reasons = {s.file: s.reason for s in report.skipped}
        broken = {e.file for e in report.internal_errors}  # not (fully) checked: no passing case
        clean = [f for f in report.checked_files if f not in with_findings and f not in reasons and f not in broken]
        errors = len(report.internal_errors)
        tests = len(findings) + len(clean) + len(skipped) + errors
        out = ['<?xml version="1.0" encoding="UTF-8"?>']
        out.append(f'<testsuites name="doalint" tests="{tests}" failures="{len(findings)}" errors="{errors}" '
                   f'skipped="{len(skipped)}">')
        out.append(f'  <testsuite name="doalint" tests="{tests}" failures="{len(findings)}" errors="{errors}" '
                   f'skipped="{len(skipped)}">')
        for e in report.internal_errors:
            out.append(f"    <testcase classname={quoteattr(e.file)} name={quoteattr(f'internal error in {e.rule}')}>")
            text = f"internal error in {e.rule}: {e.error} (please report this)"
            body = escape(f"{e.file}: {text}")
            out.append(f"      <error type=\"internal-error\" message={quoteattr(text)}>{body}</error>")
            out.append("    </testcase>")
        for f in findings:
            at = f"{f.line}:{f.col}" if f.line else resource_path(f.path)
            name = f"{f.rule} {f.name} at {at}"
            out.append(f"    <testcase classname={quoteattr(f.file)} name={quoteattr(name)}>")
            where = f"{f.file}:{f.line}:{f.col}" if f.line else f"{f.file} at {at}"
            body = escape(f"{where}: {f.rule} [{f.severity}] {f.message}")
            out.append(f"      <failure type={quoteattr(f.rule)} message={quoteattr(f.message)}>{body}</failure>")
            out.append("    </testcase>")
        for file in clean:
            out.append(f"    <testcase classname={quoteattr(file)} name=\"no findings\"/>")
        for file in skipped:
            out.append(f"    <testcase classname={quoteattr(file)} name=\"not checked\">")
            out.append(f"      <skipped message={quoteattr(reasons[file])}/>")
            out.append("    </testcase>")
        out.append("  </testsuite>")
        out.append("</testsuites>")
        return "\n".join(out) + "\n"


REPORTER = JunitReporter()
