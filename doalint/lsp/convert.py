"""doalint's findings, explanations and fixes in the protocol's terms.

doalint counts lines and columns from 1, columns in characters (code points), the end exclusive.
The protocol counts from 0, columns in the code units of the position encoding agreed at
``initialize`` (UTF-16 unless the client offers another): a character outside the Basic
Multilingual Plane is two UTF-16 units. Lines end at ``\\n``, ``\\r\\n`` or a lone ``\\r`` in both.
"""

from __future__ import annotations

import json
import re
from typing import Callable, Iterable, Optional

from lsprotocol import types

SOURCE = "doalint"
FIX_ALL = "source.fixAll.doalint"
SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warning": types.DiagnosticSeverity.Warning,
    "note": types.DiagnosticSeverity.Information,
}
# What an inline suppression says until its author writes why (a suppression needs a reason: DOA013).
REASON_PLACEHOLDER = "TODO: say why this is accepted"

_LINE_END = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as the protocol and doalint count them, without their ends."""
    return _LINE_END.split(text)


class Positions:
    """Converts doalint's positions in one text to the protocol's (and back)."""

    def __init__(self, lines: list[str], units: Callable[[str], int]) -> None:
        self.lines = lines
        self.units = units  # the number of code units of a string in the agreed encoding

    def position(self, line: int, col: int) -> types.Position:
        """1-based ``line`` and character ``col`` -> 0-based line and code units; clamped to the
        text (a position past the end of a line is its end; past the last line, the text's end)."""
        if not self.lines:
            return types.Position(line=0, character=0)
        row = max(line, 1) - 1
        if row >= len(self.lines):
            row = len(self.lines) - 1
            return types.Position(line=row, character=self.units(self.lines[row]))
        text = self.lines[row]
        chars = min(max(col, 1) - 1, len(text))
        return types.Position(line=row, character=self.units(text[:chars]))

    def range(self, line: int, col: int, end_line: int, end_col: int) -> types.Range:
        start = self.position(line, col)
        end = self.position(end_line, end_col)
        if (end.line, end.character) < (start.line, start.character):
            end = start
        return types.Range(start=start, end=end)

    def offset_of(self, pos: types.Position) -> tuple[int, int]:
        """A protocol position -> doalint's 1-based (line, character column)."""
        if not self.lines:
            return 1, 1
        row = min(max(pos.line, 0), len(self.lines) - 1)
        text = self.lines[row]
        units = 0
        for i, ch in enumerate(text):
            if units >= pos.character:
                return row + 1, i + 1
            units += self.units(ch)
        return row + 1, len(text) + 1


def catalog_url(entry) -> Optional[str]:
    """The page that documents a rule: the entry's own ``url`` when the catalog gives one, else its
    first reference with an address (SARIF's helpUri is the same)."""
    url = getattr(entry, "url", None)
    if isinstance(url, str) and url:
        return url
    try:
        refs = entry.data.get("explain", {}).get("references") or []
    except Exception:
        return None
    return next((r["url"] for r in refs if isinstance(r, dict) and r.get("url")), None)


def diagnostic(finding, where: Positions, related: Callable[[str], Optional[tuple[str, Positions]]],
               url: Optional[str], related_support: bool = True) -> types.Diagnostic:
    """The diagnostic of one finding. ``related(file)``: (uri, Positions) of a file that a related
    location names, or None when it is not a file that can be shown."""
    rng = where.range(finding.line, finding.col, finding.end_line, finding.end_col)
    infos = []
    extra = []
    for r in finding.related:
        found = related(r.file)
        if found is None:
            extra.append(f"{r.file}:{r.line}:{r.col}: {r.message}")
            continue
        uri, pos = found
        at = pos.position(r.line, r.col)
        infos.append(types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=types.Range(start=at, end=at)), message=r.message))
    message = finding.message
    if not related_support:  # the client cannot show them apart: they go in the message
        extra = [f"{r.location.uri}:{r.location.range.start.line + 1}: {r.message}" for r in infos] + extra
        infos = []
    if extra:
        message += "\n" + "\n".join(extra)
    return types.Diagnostic(
        range=rng,
        message=message,
        severity=SEVERITY.get(finding.severity, types.DiagnosticSeverity.Warning),
        code=finding.rule,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        related_information=infos or None,
    )


def contains(rng: types.Range, pos: types.Position) -> bool:
    """``pos`` is in ``rng``, both ends included (a cursor just after a value still points at it)."""
    p = (pos.line, pos.character)
    return (rng.start.line, rng.start.character) <= p <= (rng.end.line, rng.end.character)


def overlaps(a: types.Range, b: types.Range) -> bool:
    """The ranges share a position (ends included: an empty range touches what it stands at)."""
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and \
        (b.start.line, b.start.character) <= (a.end.line, a.end.character)


# --- hover ------------------------------------------------------------------------------------------

_VALUE_WIDTH = 240  # a profile value longer than this (a whole service catalog) is cut in a hover


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_WIDTH else text[: _VALUE_WIDTH - 3] + "..."


def _fence(text: str, fmt: str) -> list[str]:
    ticks = "```"
    while ticks in text:  # (a fence longer than any run of backticks inside)
        ticks += "`"
    return [f"{ticks}{fmt}", text.rstrip("\n"), ticks]


def hover_markdown(entry, profile, finding) -> str:
    """What a hover on a finding says: the finding, then the rule's explanation (what it checks, why,
    the profile's values it reads, what to write instead), from the catalog as ``doalint explain``
    shows it."""
    from doalint.explain import as_dict

    d = as_dict(entry, profile)
    out = [f"**{entry.id}** `{entry.name}` ({finding.severity}): {d['title']}", "", finding.message, "",
           "**What it checks.** " + " ".join(d["what"].split()), "",
           "**Why it matters.** " + " ".join(d["why"].split()), ""]
    options = d["options"]
    if options["text"] or options["values"]:
        out.append(f"**Profile** ({options['profile']})" if options["values"] else "**Options**")
        if options["text"]:
            out += ["", " ".join(options["text"].split())]
        if options["values"]:
            out.append("")
            out += [f"- `{key}` = `{_short(value)}`" for key, value in options["values"].items()]
        out.append("")
    fix = d["use_instead"]
    out.append("**How to fix**: write instead")
    out += _fence(fix.get("text", ""), fix.get("format", ""))
    url = catalog_url(entry)
    more = f"`doalint explain {entry.id}`"
    out += ["", f"[Documentation]({url}) · {more}" if url else more]
    return "\n".join(out)


def hover_text(entry, profile, finding) -> str:
    """The hover for a client that shows plain text only."""
    from doalint.explain import render_text

    return f"{finding.message}\n\n{render_text(entry, profile)}"


# --- edits ------------------------------------------------------------------------------------------

def text_edit(edit, where: Positions) -> types.TextEdit:
    """A doalint.fixes.TextEdit (1-based, character columns) as the protocol's."""
    return types.TextEdit(range=where.range(edit.line, edit.col, edit.end_line, edit.end_col), new_text=edit.text)


def without_overlaps(fixes: Iterable) -> list:
    """The fixes that can be applied together: in order, each fix whose edits touch none of those
    already taken (a fix is taken whole or not at all)."""
    taken: list = []
    spans: list[tuple] = []
    for fix in fixes:
        mine = [(e.file, (e.line, e.col), (e.end_line, e.end_col)) for e in fix.edits]
        clash = any(f == g and a < d and c < b or f == g and a == b == c == d
                    for f, a, b in mine for g, c, d in spans)
        if not clash:
            taken.append(fix)
            spans += mine
    return taken
