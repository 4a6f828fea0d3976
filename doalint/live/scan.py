"""Checking what a cluster runs: the collected resources go through the same detectors, models and
rules as files (single-document and across documents); findings are located by ARN."""

from __future__ import annotations

from doalint.document import Document
from doalint.engine.findings import Report, Skipped
from doalint.live.collect import Live
from doalint.source import Path, Span

NO_POSITION = Span(0, 0, 0, 0)


class ResourcePositions:
    """A deployed resource has no lines: every path is found, at line 0. Reporters show the ARN
    and the path instead of a line and column (SARIF: a logical location, no physical one)."""

    __slots__ = ()
    values: dict = {}
    keys: dict = {}

    def locate(self, path: Path) -> tuple[Span, Path]:
        return NO_POSITION, tuple(path)


def documents(linter, live: Live, report: Report) -> None:
    """Lint each collected resource as a document of ``report`` (without finishing the report)."""
    from doalint.kinds import detect

    positions = ResourcePositions()
    for item in live.docs:
        report.files += 1
        report.checked_files.append(item.arn)
        found = [f for f in detect(item.value) if f.kind == item.kind]
        if not found:
            report.skipped.append(Skipped(item.arn, f"the API's answer is not a {item.kind} doalint recognises"))
            continue
        for f in found:
            # paths are the resource's own (deploymentConfiguration.maximumPercent), not the
            # wrapper's the API answered with ({"services": [...]}); keys the wrapper holds beside
            # the document (RoleName beside PolicyDocument) stay known as such, at the top level
            moved = {k: (k,) for k in (f.moved or {})}
            doc = Document(item.arn, f.kind, f.data, positions, (), moved, f.variant)
            doc.meta = {**item.meta, "live": True}
            linter._lint_document(doc, report, item.unit)
    report.skipped += [Skipped(where, why) for where, why in live.notes]


def scan(linter, live: Live) -> Report:
    report = Report(live=True)
    documents(linter, live, report)
    return linter._finish(report)
