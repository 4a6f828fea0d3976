"""JUnit XML for CI systems that show test reports: a test case per checked file
that passed, one per finding (a failure), and one per file passed over (skipped: another kind of
file, an empty one)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from doalint.engine.findings import Report
from doalint.reporters import passed_over, resource_path


def render(report: Report) -> str:
    findings = report.active
    with_findings = {f.file for f in findings}
    skipped = passed_over(report)
    reasons = {s.file: s.reason for s in report.skipped}
    clean = [f for f in report.checked_files if f not in with_findings and f not in reasons]
    tests = len(findings) + len(clean) + len(skipped)
    out = ['<?xml version="1.0" encoding="UTF-8"?>']
    out.append(f'<testsuites name="doalint" tests="{tests}" failures="{len(findings)}" errors="0" '
               f'skipped="{len(skipped)}">')
    out.append(f'  <testsuite name="doalint" tests="{tests}" failures="{len(findings)}" errors="0" '
               f'skipped="{len(skipped)}">')
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
