"""YAML edits of :mod:`doalint.fixes.syntax` (offsets in, :class:`Edit` objects out).

The node an edit touches is read again on its own: the text of its lines from the span's start
(the part of its first line before the span blanked, so columns stay) is parsed into events,
which give every member's and item's position, its style (plain, quoted, block, flow), tags and
anchors. Where anchors may be in play (the text holds ``&``), or where the edit needs to know
whether a node stands in block or flow context, the file's events are read up to the node. Every
value written is read back with PyYAML first and must give the value asked for.

Refused (None): a tagged node (``!Ref X``, ``!!str``), an alias, an anchored node or a node inside
one (changing it changes the places that use it), a block scalar (``|``, ``>``), a
CloudFormation intrinsic mapping, a mapping with a merge key (``<<``) when deleting, a text with
the line breaks YAML has and doalint's columns do not count (NEL, LS, PS).
"""

from __future__ import annotations

import re
from typing import Any, Optional

import yaml

from doalint.fixes.syntax import same
from doalint.fixes.text import Edit, first_on_line, line_end, line_start, line_starts, newline_of, next_line
from doalint.loaders.errors import LineIndex

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BREAKS = ("\x85", "\u2028", "\u2029")
_INTRINSIC_KEYS = ("Ref", "Condition")


class _Node:
    __slots__ = ("kind", "start", "end", "cend", "style", "flow", "anchor", "tag", "value", "items", "pending")

    def __init__(self, kind: str, start: int, end: int, anchor, tag) -> None:
        self.kind, self.start, self.end, self.cend = kind, start, end, end
        self.anchor, self.tag = anchor, tag
        self.style = None
        self.flow = False
        self.value = None
        self.items: list = []
        self.pending = None


def _tree(text: str, start: int, end: int) -> Optional[_Node]:
    """The node written at [start, end), read on its own; None when that text is not one node
    starting at ``start``. ``cend`` of a node: the end of its content (a block collection's end
    mark lies at the next token, past comments and blank lines)."""
    if start >= end:
        return None
    base = line_start(text, start)
    snippet = " " * (start - base) + text[start:end]
    starts = LineIndex(snippet).starts
    root = None
    stack: list[_Node] = []

    def at(mark) -> int:
        if mark.line >= len(starts):  # the end of a text without a final line end: the line after it
            return base + len(snippet)
        return base + starts[mark.line] + mark.column

    try:
        for ev in yaml.parse(snippet, Loader=_Loader):
            cls = ev.__class__
            if cls is yaml.DocumentStartEvent:
                if root is not None:
                    return None
                continue
            if cls in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
                continue
            if cls in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                node = stack.pop()
                node.end = at(ev.end_mark)
                if node.flow:
                    node.cend = node.end
                elif node.items:
                    last = node.items[-1]
                    node.cend = (last[1] if node.kind == "map" else last).cend
                else:
                    node.cend = node.start
                continue
            if cls is yaml.ScalarEvent:
                node = _Node("scalar", at(ev.start_mark), at(ev.end_mark), ev.anchor, ev.tag)
                node.style = ev.style or None
                node.value = ev.value
            elif cls is yaml.AliasEvent:
                node = _Node("alias", at(ev.start_mark), at(ev.end_mark), ev.anchor, None)
            else:
                node = _Node("map" if cls is yaml.MappingStartEvent else "seq", at(ev.start_mark), -1,
                             ev.anchor, ev.tag)
                node.flow = bool(ev.flow_style)
            if stack:
                parent = stack[-1]
                if parent.kind == "seq":
                    parent.items.append(node)
                elif parent.pending is None:
                    parent.pending = node
                else:
                    parent.items.append((parent.pending, node))
                    parent.pending = None
            elif root is None:
                root = node
            else:
                return None
            if cls in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                stack.append(node)
    except (yaml.YAMLError, IndexError, RecursionError):
        return None
    if root is None or root.start != start or root.end > end or stack:
        return None
    return root


def _context(text: str, off: int) -> Optional[tuple[bool, bool]]:
    """For the node starting at ``off``: (whether it or a collection holding it has an anchor,
    whether it stands in flow context), from the file's events read up to it; None when no node
    starts there or the text does not parse."""
    starts = line_starts(text)
    stack: list[tuple[Any, bool]] = []
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            cls = ev.__class__
            if cls is yaml.DocumentStartEvent:
                stack = []
                continue
            if cls in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                stack.pop()
                continue
            if not isinstance(ev, yaml.NodeEvent):
                continue
            mark = ev.start_mark
            pos = starts[mark.line] + mark.column if mark.line < len(starts) else len(text)
            if pos > off:
                return None
            if pos == off and cls is not yaml.AliasEvent:
                return (bool(ev.anchor) or any(a for a, _ in stack), any(f for _, f in stack))
            if cls in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
                stack.append((ev.anchor, bool(ev.flow_style)))
    except (yaml.YAMLError, IndexError, RecursionError):
        return None
    return None


def _has_anchor(node: _Node) -> bool:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.anchor:
            return True
        for item in n.items:
            stack.extend(item if isinstance(item, tuple) else (item,))
    return False


def _is_intrinsic(node: _Node) -> bool:
    if node.kind != "map" or len(node.items) != 1:
        return False
    key = node.items[0][0]
    return key.kind == "scalar" and isinstance(key.value, str) and (
        key.value in _INTRINSIC_KEYS or key.value.startswith("Fn::"))


def _keys(node: _Node) -> set:
    return {k.value for k, _ in node.items if k.kind == "scalar"}


# --- writing values ----------------------------------------------------------------------------

# Plain texts another YAML reader (1.1 or 1.2) takes for something else than a string.
_OTHER_TYPE = re.compile(
    r"~|null|Null|NULL|[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?0[xXoObB][0-9a-fA-F_]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=")
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


def _load(doc: str) -> tuple[bool, Any]:
    try:
        return True, yaml.load(doc, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return False, None


def _plain_ok(s: str, flow: bool, key: bool = False) -> bool:
    """Whether ``s`` may be written as a plain scalar (a value, or a key with ``key``) and read
    back as this string, in block context (and in flow context with ``flow``)."""
    if not s or s != s.strip(" ") or _NON_PRINTABLE.search(s) or any(c in s for c in "\t\n\r\x85"):
        return False
    if s[0] in "!&*|>'\"%@`#,[]{}" or (s[0] in "-?:" and (len(s) == 1 or s[1] == " ")):
        return False
    if ": " in s or " #" in s or s.endswith(":") or _OTHER_TYPE.fullmatch(s):
        return False
    if flow and any(c in s for c in ",[]{}"):
        return False
    if key:
        ok, got = _load(f"{s}: 1")
        return ok and isinstance(got, dict) and list(got) == [s]
    ok, got = _load(f"k: {s}")
    if not (ok and isinstance(got, dict) and got.get("k") == s and type(got["k"]) is str):
        return False
    if flow:
        ok, got = _load(f"[{s}]")
        return ok and got == [s]
    return True


def _dq(s: str) -> str:
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif o < 0x20 or 0x7F <= o <= 0x9F or 0xD800 <= o <= 0xDFFF or c in "\u2028\u2029\ufeff\ufffe\uffff":
            out.append(f"\\u{o:04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _sq(s: str) -> Optional[str]:
    if _NON_PRINTABLE.search(s) or any(c in s for c in "\n\r\x85"):
        return None
    return "'" + s.replace("'", "''") + "'"


def _float(v: float) -> str:
    r = repr(v)
    mantissa, e, exp = r.partition("e")
    if e and "." not in mantissa:
        r = mantissa + ".0e" + exp
    return r


def _string(s: str, quote: Optional[str], flow: bool, key: bool = False) -> str:
    """A string as a scalar: in the ``quote`` style (``'`` or ``"``), else plain when it may be,
    else double-quoted."""
    if quote == "'":
        return _sq(s) or _dq(s)
    if quote == '"' or not _plain_ok(s, flow, key):
        return _dq(s)
    return s


def _scalar(v: Any, quote: Optional[str] = None, flow: bool = True) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        return _float(v)
    return _string(v, quote, flow)


def _flow(v: Any, quote: Optional[str] = None, kquote: Optional[str] = None) -> str:
    """``v`` in flow style (scalars as :func:`_scalar`, in flow context)."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{_string(k, kquote, True, True)}: {_flow(x, quote, kquote)}"
                               for k, x in v.items()) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_flow(x, quote, kquote) for x in v) + "]"
    return _scalar(v, quote, True)


def _block(v: Any, layout: tuple[int, int], quote=None, kquote=None) -> list[str]:
    """The lines of a non-empty dict or list in block style, from column 0."""
    unit, seq_off = layout
    lines: list[str] = []
    if isinstance(v, dict):
        for k, x in v.items():
            kt = _string(k, kquote, False, True)
            if isinstance(x, (dict, list, tuple)) and x:
                lines.append(kt + ":")
                pad = " " * (unit if isinstance(x, dict) else seq_off)
                lines += [pad + ln for ln in _block(x, layout, quote, kquote)]
            else:
                lines.append(f"{kt}: {_flow(x, quote, kquote) if isinstance(x, (dict, list, tuple)) else _scalar(x, quote, False)}")
        return lines
    for x in v:
        if isinstance(x, (dict, list, tuple)) and x:
            sub = _block(x, layout, quote, kquote)
            lines.append("- " + sub[0])
            lines += ["  " + ln for ln in sub[1:]]
        else:
            lines.append(f"- {_flow(x, quote, kquote) if isinstance(x, (dict, list, tuple)) else _scalar(x, quote, False)}")
    return lines


_OPENS = re.compile(r"""(?:"[^"]*"|'[^']*'|[^\s#'"{\[&*!|>][^#]*?)[ \t]*:[ \t]*(?:#.*)?""")


def _layout(text: str) -> tuple[int, int]:
    """(indentation unit, offset of a block sequence's dashes under its key) as the file has
    them; 2 and the unit when it shows none."""
    unit = seq_off = None
    opened = None  # the column of the key of the line before, when that line opens a block
    for n, line in enumerate(text[:200_000].splitlines()):
        if n > 5000:
            break
        body = line.lstrip(" ")
        if not body or body.startswith("#"):
            continue
        ind = len(line) - len(body)
        if opened is not None:
            if body == "-" or body.startswith("- "):
                if seq_off is None and ind >= opened:
                    seq_off = ind - opened
            elif unit is None and ind > opened:
                unit = ind - opened
        if unit is not None and seq_off is not None:
            break
        rest = body
        while rest == "-" or rest.startswith("- "):
            rest = rest[1:].lstrip(" ")
        opened = len(line) - len(rest) if _OPENS.fullmatch(rest.rstrip()) else None
    unit = unit or 2
    return unit, unit if seq_off is None else seq_off


def _verify(piece: str, value: Any, key: Optional[str] = None, block: bool = False) -> bool:
    """Whether ``piece`` reads back as ``value``: an inline value (after ``k: ``), with ``block``
    the lines of a block collection, with ``key`` the lines of ``key: value`` (from column 0)."""
    if key is None and not block:
        ok, got = _load("k: " + piece)
        return ok and isinstance(got, dict) and list(got) == ["k"] and same(got["k"], value)
    ok, got = _load(piece)
    if not ok:
        return False
    if key is not None:
        return isinstance(got, dict) and list(got) == [key] and same(got[key], value)
    return same(got, value)


def _after(text: str, end: int) -> int:
    """Where the line(s) of a node whose content ends at ``end`` end: past the line end after it
    (a block scalar's content already ends at a line start)."""
    if end > 0 and text[end - 1] in "\r\n":
        return end
    return next_line(text, end)


def _line_break_before(text: str, off: int) -> int:
    """The offset of the line end just before the line starting at ``off``."""
    if off >= 2 and text[off - 2:off] == "\r\n":
        return off - 2
    return off - 1


def _cut_lines(text: str, first: int, end: int) -> Edit:
    """Remove the whole lines from the one holding ``first`` to the one where content ending at
    ``end`` ends; a last line without a line end takes the line end before it."""
    a, b = line_start(text, first), _after(text, end)
    if b == len(text) and not text.endswith(("\n", "\r")) and a > 0:
        a = _line_break_before(text, a)
    return Edit(a, b, "")


def _back_to_indicator(text: str, start: int) -> int:
    """The offset just after the ``:`` or ``-`` that introduces the node at ``start`` when only
    blanks and line ends stand between, else ``start``."""
    p = start
    while p > 0 and text[p - 1] in " \t\r\n":
        p -= 1
    return p if p > 0 and text[p - 1] in ":-" and p < start else start


def _bad(text: str) -> bool:
    return any(b in text for b in _BREAKS)


def _str_in_place(text: str, start: int, s: str, quote, ctx) -> str:
    """A string written at ``start`` in ``quote`` style (None: plain when it may be); flow or block
    context looked up when it matters."""
    if quote:
        return _string(s, quote, True)
    if _plain_ok(s, True):
        return s
    if _plain_ok(s, False):
        ctx = ctx or _context(text, start)
        if ctx is not None and not ctx[1]:
            return s
    return _dq(s)


# --- the operations ----------------------------------------------------------------------------


def replace_value(text: str, start: int, end: int, value: Any) -> Optional[Edit]:
    if _bad(text):
        return None
    ctx = None
    if "&" in text:
        ctx = _context(text, start)
        if ctx is None or ctx[0]:
            return None
    if start == end:  # an empty value (null): after its ``key:`` or ``-``
        p = start
        while p > 0 and text[p - 1] == " ":
            p -= 1
        if not p or text[p - 1] not in ":-":
            return None
        if isinstance(value, str):
            new = _str_in_place(text, start, value, None, ctx)
        else:
            new = _flow(value)
        if not _verify(new, value):
            return None
        return Edit(start, start, (" " if p == start else "") + new)
    node = _tree(text, start, end)
    if node is None or node.kind == "alias" or node.anchor or node.tag or node.style in ("|", ">"):
        return None
    if node.kind != "scalar" and (_has_anchor(node) or _is_intrinsic(node)):
        return None
    block = node.kind != "scalar" and not node.flow
    stop = node.end
    if block:  # to the end of its last line: a comment there goes with what it was about
        stop = node.cend
        if not (stop > 0 and text[stop - 1] in "\r\n"):
            rest = text[stop:line_end(text, stop)].strip(" \t")
            if not rest or rest.startswith("#"):
                stop = line_end(text, stop)
    if isinstance(value, (dict, list, tuple)) and value and block:
        col = start - line_start(text, start)
        nl = newline_of(text)
        unit, seq_off = _layout(text)
        lines = _block(value, (unit, seq_off))
        if not _verify("\n".join(lines), value, block=True):
            return None
        if isinstance(value, dict) and node.kind == "seq" and first_on_line(text, start):
            # a mapping stands deeper than its key; a sequence's dashes may stand at the key's column
            p = _back_to_indicator(text, start)
            key_col = len(_LEAD.match(text, line_start(text, p - 1)).group(0)) if p != start else -1
            if key_col < 0 or text[p - 1] != ":" or col <= key_col:
                pad = " " * ((key_col if key_col >= 0 and text[p - 1] == ":" else col) + unit)
                return Edit(line_start(text, start), stop, nl.join(pad + ln for ln in lines))
        return Edit(start, stop, lines[0] + "".join(nl + " " * col + ln for ln in lines[1:]))
    if isinstance(value, (dict, list, tuple)) and value:
        new = _flow(value)
    elif isinstance(value, str):
        new = _str_in_place(text, start, value, node.style if node.kind == "scalar" else None, ctx)
    else:
        new = _flow(value)
    if not _verify(new, value):
        return None
    if block:
        p = _back_to_indicator(text, start)
        if p != start:
            return Edit(p, stop, " " + new)
    return Edit(start, stop, new)


def _member_lines(key: str, value: Any, layout, quote, kquote) -> list[str]:
    return _block({key: value}, layout, quote, kquote)


def insert_member(text: str, start: int, end: int, key: str, value: Any) -> Optional[list[Edit]]:
    if _bad(text):
        return None
    node = _tree(text, start, end)
    if node is None or node.kind != "map" or node.anchor or node.tag or _is_intrinsic(node) or key in _keys(node):
        return None
    ctx = None
    if "&" in text:
        ctx = _context(text, start)
        if ctx is None or ctx[0]:
            return None
    last = node.items[-1] if node.items else None
    quote = last[1].style if last and last[1].kind == "scalar" and last[1].style in ("'", '"') else None
    kquote = last[0].style if last and last[0].style in ("'", '"') else None
    nl = newline_of(text)
    if node.flow:
        member = f"{_string(key, kquote, True, True)}: {_flow(value, quote, kquote)}"
        if not _verify("{" + member + "}", {key: value}):
            return None
        if last is not None:
            sep = ", "
            if len(node.items) >= 2:
                written = text[node.items[0][1].cend:node.items[1][0].start]
                if written.strip(" ") == ",":
                    sep = written
            return [Edit(last[1].cend, last[1].cend, sep + member)]
        return _into_empty_flow(text, start, end, key, value, ctx, quote, kquote) or [
            Edit(start + 1, end - 1, member)]
    layout = _layout(text)
    lines = _member_lines(key, value, layout, quote, kquote)
    if not _verify(nl.join(lines), value, key):
        return None
    col = " " * (start - line_start(text, start))
    cend = node.cend
    if cend > 0 and text[cend - 1] in "\r\n":
        return [Edit(cend, cend, "".join(col + ln + nl for ln in lines))]
    pos = next_line(text, cend)
    if pos == len(text) and not text.endswith(("\n", "\r")):
        return [Edit(pos, pos, "".join(nl + col + ln for ln in lines))]
    return [Edit(pos, pos, "".join(col + ln + nl for ln in lines))]


_KEY_PREFIX = re.compile(r"( *(?:- +)*)(?:\"[^\"]*\"|'[^']*'|[^\s#'\"{\[&*!|>][^#]*?)[ \t]*:[ \t]+")
_DASHES = re.compile(r" *(?:- +)+")
_LEAD = re.compile(r" *(?:- +)*")


def _into_empty_flow(text, start, end, key, value, ctx, quote, kquote) -> Optional[list[Edit]]:
    """``key: value`` into an empty ``{}`` standing in block context: written in block style
    (after its key, on lines of their own; after a ``-``, on its line); None when it is not."""
    ctx = ctx or _context(text, start)
    if ctx is None or ctx[1]:
        return None
    rest = text[end:line_end(text, end)].strip(" \t")
    if rest and not rest.startswith("#"):
        return None
    nl = newline_of(text)
    layout = _layout(text)
    lines = _member_lines(key, value, layout, quote, kquote)
    if not _verify(nl.join(lines), value, key):
        return None
    unit = layout[0]
    ls = line_start(text, start)
    prefix = text[ls:start]
    m = _KEY_PREFIX.fullmatch(prefix)
    if m:
        colon = ls + len(prefix.rstrip(" \t"))
        pad = " " * (len(m.group(1)) + unit)
        return [Edit(colon, end, "".join(nl + pad + ln for ln in lines))]
    if _DASHES.fullmatch(prefix) or not prefix.strip(" "):
        col = " " * len(prefix)
        return [Edit(start, end, lines[0] + "".join(nl + col + ln for ln in lines[1:]))]
    return None


def _remove_flow(start: int, end: int, entries, i: int) -> list[Edit]:
    """Remove entry ``i`` ((start, content end)) of a flow collection at [start, end)."""
    if len(entries) == 1:
        return [Edit(start + 1, end - 1, "")]
    if i < len(entries) - 1:
        return [Edit(entries[i][0], entries[i + 1][0], "")]
    return [Edit(entries[i - 1][1], entries[i][1], "")]


def _empty(text: str, start: int, cend: int, empty: str) -> list[Edit]:
    """The only member or item of a block collection at ``start`` removed: ``{}`` or ``[]`` after
    its key (or in its place)."""
    stop = cend
    tail = ""
    if cend > start and text[cend - 1] in "\r\n":
        stop = _line_break_before(text, cend)
        tail = text[stop:cend]
    p = _back_to_indicator(text, start)
    if p != start and text[p - 1] == ":":
        return [Edit(p, stop, " " + empty + tail)]
    return [Edit(start, stop, empty + tail)]


def delete_member(text: str, parent, key, val) -> Optional[list[Edit]]:
    if _bad(text):
        return None
    start, end = parent
    node = _tree(text, start, end)
    if node is None or node.kind != "map" or node.anchor or node.tag or _is_intrinsic(node):
        return None
    if any(k.kind == "scalar" and k.value == "<<" and not k.style for k, _ in node.items):
        return None  # a merged mapping: its key from the merge would come back
    if "&" in text:
        ctx = _context(text, start)
        if ctx is None or ctx[0]:
            return None
    for i, (k, v) in enumerate(node.items):
        if k.start == key[0]:
            break
    else:
        return None
    if (k.end, v.start) != (key[1], val[0]) or v.anchor:
        return None
    if node.flow:
        return _remove_flow(start, end, [(k.start, v.cend) for k, v in node.items], i)
    if len(node.items) == 1:
        return _empty(text, start, node.cend, "{}")
    if first_on_line(text, k.start):
        return [_cut_lines(text, k.start, v.cend)]
    if i != 0:
        return None
    return _pull_up(text, k.start, v.cend, node.items[1][0].start)


def _dash(text: str, item_start: int) -> int:
    p = item_start
    while p > 0 and text[p - 1] in " \t\r\n":
        p -= 1
    return p - 1 if p > 0 and text[p - 1] == "-" else -1


def delete_item(text: str, lst, item) -> Optional[list[Edit]]:
    if _bad(text):
        return None
    start, end = lst
    node = _tree(text, start, end)
    if node is None or node.kind != "seq" or node.anchor or node.tag:
        return None
    if "&" in text:
        ctx = _context(text, start)
        if ctx is None or ctx[0]:
            return None
    for i, it in enumerate(node.items):
        if it.start == item[0]:
            break
    else:
        return None
    if it.anchor:
        return None
    if node.flow:
        return _remove_flow(start, end, [(x.start, x.cend) for x in node.items], i)
    dash = _dash(text, it.start)
    if dash < 0:
        return None
    if len(node.items) == 1:
        return _empty(text, start, node.cend, "[]")
    if first_on_line(text, dash):
        return [_cut_lines(text, dash, it.cend)]
    if i != 0:
        return None
    return _pull_up(text, dash, it.cend, _dash(text, node.items[1].start))


def _pull_up(text: str, first: int, cend: int, nxt: int) -> list[Edit]:
    """Remove the first entry of a collection that starts on the line of a ``-`` (``- a: 1`` or
    ``- - a``): the next entry comes up in its place; with comments between them, the entry goes
    and the ``-`` stays alone on its line."""
    if not text[_after(text, cend):nxt].strip(" \t\r\n"):
        return [Edit(first, nxt, "")]
    a = first
    while a > 0 and text[a - 1] == " ":
        a -= 1
    stop = cend if not (cend > 0 and text[cend - 1] in "\r\n") else _line_break_before(text, cend)
    return [Edit(a, line_end(text, stop), "")]
