"""The JSON/YAML front end: a loaded file (doalint.loaders.load_file) -> its documents and problems.

Each parsed document of the file is recognised as one of doalint's kinds (doalint.kinds.detect) or,
when it is a CloudFormation template, handed to that front end; anything else is passed over with the
reason. Problems of the file itself: DOA001 (it does not parse) and DOA004 (a key written twice).
"""

from __future__ import annotations

from doalint.engine.findings import RelatedLocation, Skipped
from doalint.frontend import Options, Problem, Read, claims_value, front_end
from doalint.loaders import Loaded
from doalint.loaders.errors import NotRead
from doalint.source import Span, format_path

PARSE_ERROR = "DOA001"
DUPLICATE_KEY = "DOA004"


def read(loaded: Loaded, options: Options) -> Read:
    out = Read(loaded.file, text=loaded.text, smaps=[u.smap for u in loaded.units])
    if isinstance(loaded.error, NotRead):  # a template not JSON/YAML until rendered, Jsonnet
        out.skipped.append(Skipped(loaded.file, loaded.error.message))
    elif loaded.error is not None:
        e = loaded.error
        out.items.append(Problem(PARSE_ERROR, Span(e.line, e.col, e.line, e.col), e.message))
    elif not loaded.units:
        out.skipped.append(Skipped(loaded.file, "empty: the file holds no YAML document"))
    else:
        _units(loaded, options, out)
    return out


def _units(loaded: Loaded, options: Options, out: Read) -> None:
    from doalint.kinds import detect

    for index, unit in enumerate(loaded.units):
        if claims_value(unit.value) == "cloudformation":
            out.by_lines.add(index)
            _duplicates(loaded.file, unit, index, out)
            front_end("cloudformation").read(loaded.file, index, unit.value, unit.smap, options, out)
            continue
        found = detect(unit.value, loaded.file)
        where = f" (document {index + 1})" if len(loaded.units) > 1 else ""
        if not found:
            out.skipped.append(Skipped(loaded.file + where, _unrecognised(unit.value)))
            continue
        _duplicates(loaded.file, unit, index, out)
        for f in found:
            doc = f.document(loaded.file, unit.smap)
            doc.unit = index
            doc.source = unit.format
            out.items.append(doc)


def _duplicates(file: str, unit, index: int, out: Read) -> None:
    out.ran.add(DUPLICATE_KEY)
    for dup in unit.duplicates:
        out.items.append(Problem(
            DUPLICATE_KEY, dup.span,
            f"{format_path(dup.path)}: duplicate key; the value at line {dup.first.line} is"
            " silently replaced by this one",
            path=dup.path, unit=index,
            related=(RelatedLocation(file, dup.first.line, dup.first.col, "first definition", dup.path),),
        ))


def _unrecognised(value) -> str:
    if isinstance(value, dict):
        keys = ", ".join(sorted(map(str, value))[:5])
        return f"not a document kind doalint checks (keys: {keys or 'none'})"
    return f"not a document kind doalint checks (top level is {type(value).__name__})"

