"""JSON edits of :mod:`doalint.fixes.syntax` (offsets in, :class:`Edit` objects out).

The container an edit touches is checked with the standard library's parser (strict JSON: a
template's placeholders or directives in it, and the answer is None) and walked with its scanner;
nothing else of the file is read.
"""

from __future__ import annotations

import json
import re
from json.decoder import JSONDecodeError, scanstring
from typing import Any, Optional

from doalint.fixes.syntax import intrinsic
from doalint.fixes.text import Edit, first_on_line, indent_at, line_end, line_start, newline_of, next_line

_WS = re.compile(r"[ \t\n\r]*")
_COLON = re.compile(r'"([ \t]*):([ \t]*)(?=["\[{0-9tfn-])')
_scan = json.scanner.make_scanner(json.JSONDecoder())


def _load(text: str, start: int, end: int) -> tuple[bool, Any]:
    try:
        return True, json.loads(text[start:end])
    except (JSONDecodeError, ValueError, RecursionError):
        return False, None


def _value_end(text: str, pos: int) -> int:
    if text[pos] == '"':
        return scanstring(text, pos + 1, True)[1]
    return _scan(text, pos)[1]


def _entries(text: str, start: int, end: int, opener: str):
    """The entries of the object or array at [start, end): (parsed value, [(entry start, key end
    or -1, value start, value end)]), or None when the text there is not that container."""
    closer = "}" if opener == "{" else "]"
    if end - start < 2 or text[start] != opener or text[end - 1] != closer:
        return None
    ok, parsed = _load(text, start, end)
    if not ok:
        return None
    ws = _WS.match
    out = []
    pos = ws(text, start + 1).end()
    if text[pos] == closer:
        return parsed, out
    while True:
        if opener == "{":
            key_end = scanstring(text, pos + 1, True)[1]
            vstart = ws(text, ws(text, key_end).end() + 1).end()
        else:
            key_end, vstart = -1, pos
        vend = _value_end(text, vstart)
        out.append((pos, key_end, vstart, vend))
        pos = ws(text, vend).end()
        if text[pos] == ",":
            pos = ws(text, pos + 1).end()
            continue
        return parsed, out


def _unit(text: str) -> str:
    """The file's indentation unit: that of its first indented line (a tab, or spaces), else two
    spaces."""
    for i, line in enumerate(text[:200_000].splitlines()):
        if i > 2000:
            break
        stripped = line.lstrip(" \t")
        if stripped and len(stripped) < len(line):
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else lead
    return "  "


def _colon(text: str, entries) -> str:
    """The key separator as written: that of the container's first member, else the file's first,
    else ``": "``."""
    for kstart, kend, vstart, _ in entries[:1]:
        sep = text[kend:vstart]
        if "\n" not in sep and "\r" not in sep:
            return sep
    m = _COLON.search(text)
    return f"{m.group(1)}:{m.group(2)}" if m else ": "


def _dump(value: Any, colon: str, multiline: bool, unit: str, base: str, nl: str, item_sep: str = ", ") -> str:
    if not multiline or not isinstance(value, (dict, list, tuple)) or not value:
        return json.dumps(value, ensure_ascii=False, separators=(item_sep, colon), allow_nan=False)
    out = json.dumps(value, ensure_ascii=False, indent=unit, separators=(",", colon), allow_nan=False)
    return out.replace("\n", nl + base)


def _one_line_seps(text: str, start: int, end: int, entries, colon: str) -> str:
    """The separator between members of a one-line container: as written, else by the colon."""
    if len(entries) >= 2:
        sep = text[entries[0][3]:entries[1][0]]
        if "\n" not in sep:
            return sep
    inner = text[start + 1:end - 1]
    return ", " if (" " in colon or inner.startswith(" ")) else ","


def _opens_lines(text: str, end: int) -> bool:
    """Whether an empty container ending at ``end`` may open onto lines of its own: the file has
    several lines and only a comma follows it on its line."""
    rest = text[end:line_end(text, end)].strip(" \t")
    return rest in ("", ",") and _multiline(text, 0, len(text.rstrip(" \t\r\n")))


def _multiline(text: str, start: int, end: int) -> bool:
    return "\n" in text[start:end] or "\r" in text[start:end]


def replace_value(text: str, start: int, end: int, value: Any) -> Optional[Edit]:
    if start == end or text[start] in " \t\r\n" or text[end - 1] in " \t\r\n":
        return None
    ok, old = _load(text, start, end)
    if not ok or intrinsic(old):
        return None
    if not (isinstance(value, (dict, list, tuple)) and value):
        return Edit(start, end, json.dumps(value, ensure_ascii=False, allow_nan=False))
    entries = []
    if isinstance(old, (dict, list)) and old:
        entries = _entries(text, start, end, text[start])[1]
    colon = _colon(text, entries if isinstance(old, dict) else [])
    # a container written over lines: as the file indents; an empty one or a scalar that ends its
    # line in a file of several lines opens onto lines too; anything else stays on its line
    if _multiline(text, start, end) or (not (isinstance(old, (dict, list)) and old) and _opens_lines(text, end)):
        return Edit(start, end, _dump(value, colon, True, _unit(text), indent_at(text, start), newline_of(text)))
    sep = _one_line_seps(text, start, end, entries, colon)
    return Edit(start, end, _dump(value, colon, False, "", "", "", sep))


def insert_member(text: str, start: int, end: int, key: str, value: Any) -> Optional[list[Edit]]:
    got = _entries(text, start, end, "{")
    if got is None:
        return None
    parsed, entries = got
    if key in parsed or intrinsic(parsed):
        return None
    colon = _colon(text, entries)
    nl = newline_of(text)
    unit = _unit(text)
    key_text = json.dumps(key, ensure_ascii=False)
    if not entries:
        if not _multiline(text, start, end) and not _opens_lines(text, end):
            sep = ", " if " " in colon else ","
            return [Edit(start, end, "{" + key_text + colon + _dump(value, colon, False, "", "", "", sep) + "}")]
        base = indent_at(text, start)
        member = key_text + colon + _dump(value, colon, True, unit, base + unit, nl)
        return [Edit(start + 1, end - 1, nl + base + unit + member + nl + base)]
    last_end = entries[-1][3]
    if not _multiline(text, start, end):
        sep = _one_line_seps(text, start, end, entries, colon)
        return [Edit(last_end, last_end, sep + key_text + colon + _dump(value, colon, False, "", "", "", sep))]
    own = next((e for e in entries if first_on_line(text, e[0])), None)
    indent = indent_at(text, own[0]) if own is not None else indent_at(text, start) + unit
    member = key_text + colon + _dump(value, colon, True, unit, indent, nl)
    return [Edit(last_end, last_end, "," + nl + indent + member)]


def _remove(text: str, start: int, end: int, entries, i: int) -> list[Edit]:
    """Remove entry ``i`` of the container at [start, end) with its separator, and its whole
    line(s) when it stands on lines of its own; the only entry leaves ``{}`` / ``[]``."""
    a, b = entries[i][0], entries[i][3]
    n = len(entries)
    if n == 1:
        return [Edit(start + 1, end - 1, "")]
    if first_on_line(text, a):
        if i < n - 1:
            after = _WS.match(text, b).end()
            if (text[after] == "," and not _multiline(text, b, after)
                    and not text[after + 1:line_end(text, after)].strip(" \t")):
                return [Edit(line_start(text, a), next_line(text, after), "")]
        elif not text[b:line_end(text, b)].strip(" \t"):
            comma = text.index(",", entries[i - 1][3], a)
            return [Edit(comma, comma + 1, ""), Edit(line_start(text, a), next_line(text, b), "")]
    if i < n - 1:
        return [Edit(a, entries[i + 1][0], "")]
    return [Edit(entries[i - 1][3], b, "")]


def delete_member(text: str, parent, key, val) -> Optional[list[Edit]]:
    got = _entries(text, parent[0], parent[1], "{")
    if got is None:
        return None
    parsed, entries = got
    if intrinsic(parsed):
        return None
    for i, (kstart, kend, vstart, vend) in enumerate(entries):
        if kstart == key[0]:
            if (kend, vstart, vend) != (key[1], val[0], val[1]):
                return None
            return _remove(text, parent[0], parent[1], entries, i)
    return None


def delete_item(text: str, lst, item) -> Optional[list[Edit]]:
    got = _entries(text, lst[0], lst[1], "[")
    if got is None:
        return None
    for i, (s, _, _, e) in enumerate(got[1]):
        if s == item[0]:
            if e != item[1]:
                return None
            return _remove(text, lst[0], lst[1], got[1], i)
    return None
