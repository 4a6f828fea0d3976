"""Checking what a cluster runs: the collected resources go through the same detectors, models and
rules as files (single-document and across documents); findings are located by ARN."""

from __future__ import annotations

from doalint.document import Document
from doalint.engine.findings import Report, Skipped
from doalint.frontend import Read
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


def read(live: Live) -> list[Read]:
    """Each collected resource as a doalint.frontend.Read of one document (its ARN as the file)."""
    from doalint.kinds import detect

    positions = ResourcePositions()
    out = []
    for item in live.docs:
        found = [f for f in detect(item.value) if f.kind == item.kind]
        one = Read(item.arn)
        out.append(one)
        if not found:
            one.skipped.append(Skipped(item.arn, f"the API's answer is not a {item.kind} doalint recognises"))
            continue
        for f in found:
            # paths are the resource's own (deploymentConfiguration.maximumPercent), not the
            # wrapper's the API answered with ({"services": [...]}); keys the wrapper holds beside
            # the document (RoleName beside PolicyDocument) stay known as such, at the top level
            moved = {k: (k,) for k in (f.moved or {})}
            doc = Document(item.arn, f.kind, f.data, positions, (), moved, f.variant, source="aws")
            doc.meta = {**item.meta, "live": True}
            doc.unit = item.unit
            one.items.append(doc)
    return out


def notes(live: Live) -> list[Skipped]:
    """What the collection passed over, and why."""
    return [Skipped(where, why) for where, why in live.notes]


def scan(linter, live: Live) -> Report:
    """The report of a live scan: the collected resources linted as documents."""
    report = Report(live=True)
    linter.lint_reads(read(live), report)
    report.skipped += notes(live)
    return linter.finish(report)
