"""GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,endLine=..,endColumn=..,title=T::message``. In the
message, ``%``, CR and LF are escaped; in property values also ``:`` and ``,``.
"""

from __future__ import annotations

from doalint.engine.findings import Report
from doalint.reporters import DEFAULT_OPTIONS, RenderOptions, resource_path

_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    """``--format github``: a workflow command per finding and per internal error."""

    name = "github"

    def render(self, report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
        lines = []
        for f in report.active:
            if not f.line:  # a deployed resource: no file to annotate, the ARN goes in the message
                where = resource_path(f.path)
                title = escape_property(f"{f.rule} {f.name}")
                message = escape_data(f"{f.file} at {where}: {f.message}")
                lines.append(f"::{_COMMAND[f.severity]} title={title}::{message}")
                continue
            props = [
                f"file={escape_property(f.file)}",
                f"line={f.line}",
                f"col={f.col}",
                f"endLine={max(f.end_line, f.line)}",
                f"endColumn={f.end_col if f.end_line > f.line else max(f.end_col, f.col)}",
                f"title={escape_property(f'{f.rule} {f.name}')}",
            ]
            lines.append(f"::{_COMMAND[f.severity]} {','.join(props)}::{escape_data(f.message)}")
        for e in report.internal_errors:  # not checked: an error annotation, never a silent pass
            text = escape_data(f"internal error in {e.rule}: {e.error} (please report this)")
            where = "" if e.file.startswith(("(", "arn:")) else f"file={escape_property(e.file)},"
            lines.append(f"::error {where}title=doalint internal error::{text}")
        return "\n".join(lines) + ("\n" if lines else "")


REPORTER = GithubReporter()
