"""JSON parsing that keeps the position of every key and value.

The standard library's decoder throws positions away. :func:`parse_json` reads a file with it
all the same (it is fast) and finds a position only when a finding asks for one
(:class:`LazySourceMap`); what it cannot read as the rules here want (an error, a duplicate key,
NaN, deep nesting, a template) goes to :func:`parse_json_eager`, a small iterative parser (no
recursion: deeply nested input cannot exhaust the stack) that records every span as it reads.
String bodies are decoded by the standard library's fast ``scanstring`` either way.
Duplicate keys are recorded rather than silently dropped, because AWS tooling
keeps the last one and the author usually meant the first.
"""

from __future__ import annotations

import gc
import json
import re
import sys
from bisect import bisect_right
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from doalint.loaders.errors import LineIndex, ParseError
from doalint.source import Path, PathElem, SourceMap, Span

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = {"true": True, "false": False, "null": None}
# Template files (``*.json.tpl``, envsubst and Go templates) before they are rendered: directives
# stand where whitespace may (Terraform ``%{ if x }``, Jinja ``{% if %}`` and ``{# #}``, Go
# ``{{ range }}``/``{{ end }}``, Handlebars ``{{#if}}``), and a bare placeholder where a value
# belongs (``"cpu": ${cpu}``, ``"desiredCount": {{COUNT}}``, ``<PORT>``, ``$COUNT``).
DIRECTIVE = re.compile(
    r"%\{[^}\n]*\}|\{%.*?%\}|\{#.*?#\}"
    r"|\{\{-?\s*(?:(?:if|else|end|range|with|define|template|block|break|continue)\b|[#/^!]|\$[A-Za-z_]\w*\s*:?=).*?\}\}"
)


class Duplicate:
    __slots__ = ("path", "span", "first")

    def __init__(self, path: Path, span: Span, first: Span) -> None:
        self.path, self.span, self.first = path, span, first


class _End:
    __slots__ = ("end_",)

    def __init__(self, end: int) -> None:
        self.end_ = end

    def end(self) -> int:
        return self.end_


def bare_placeholder(text: str, pos: int) -> int:
    """The end of a placeholder token standing at ``pos`` (``${...}`` with balanced braces, as in
    ``${jsonencode({a = 1})}``; ``{{ x }}``, ``<X>``, ``$X``), or -1."""
    if text.startswith("${", pos):
        depth, i, n = 0, pos + 1, len(text)
        while i < n:
            c = text[i]
            if c == "\n":
                return -1
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        return -1
    from doalint.placeholders import BARE_VALUE

    m = BARE_VALUE.match(text, pos)
    return m.end() if m else -1


def parse_json_eager(text: str, max_depth: int = 100, template: bool = False) -> tuple[Any, SourceMap, list[Duplicate]]:
    """Parse ``text`` with the position-keeping parser; return (value, source map with every span
    built, duplicate keys). :func:`parse_json` gives the same, with spans built on demand.
    Arguments and errors as :func:`parse_json`'s. The cyclic garbage collector is paused during
    the parse (it would walk the growing spans and values again and again, for nothing)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        return _parse_positions(text, max_depth, template)
    finally:
        if paused:
            gc.enable()


def _parse_positions(text: str, max_depth: int, template: bool) -> tuple[Any, SourceMap, list[Duplicate]]:
    """:func:`parse_json_eager`'s parse.

    ``template``: the text is a template not yet rendered: template directives are read as
    whitespace, a bare placeholder where a value belongs is that value as a string of the token
    as written (``"{{COUNT}}"``), and a trailing comma (left by a directive) is accepted. A
    duplicate key with a directive between its two definitions is taken for two branches of a
    conditional, not recorded.

    Raises :class:`ParseError` with the line and column of the fault.
    """
    idx = LineIndex(text)
    smap = SourceMap()
    dups: list[Duplicate] = []
    n = len(text)
    ws = _WS.match
    directives: list[int] = []
    tpl = directives if template else None  # what _read_key needs to know of template mode
    if template:
        plain_ws = ws
        directive = DIRECTIVE.match

        def ws(text: str, pos: int) -> _End:  # type: ignore[misc]
            while True:
                pos = plain_ws(text, pos).end()
                m = directive(text, pos)
                if m is None:
                    return _End(pos)
                directives.append(pos)
                pos = m.end()

    def span(a: int, b: int) -> Span:
        la, ca = idx.position(a)
        lb, cb = idx.position(b)
        return Span(la, ca, lb, cb)

    def fail(msg: str, pos: int) -> ParseError:
        line, col = idx.position(min(pos, n))
        return ParseError(msg, line, col)

    def read_string(pos: int) -> tuple[str, int]:
        try:
            return scanstring(text, pos + 1, True)
        except JSONDecodeError as exc:
            raise fail(exc.msg, exc.pos) from None

    # Each frame: [container, path, start offset, pending key, pending key span]
    stack: list[list[Any]] = []
    root: Any = None
    pos = ws(text, 0).end()
    if pos >= n:
        raise fail("empty document: expected a JSON value", pos)

    while True:
        # --- read one value at pos (or open a container) ---
        if pos >= n:
            raise fail("unexpected end of file", pos)
        ch = text[pos]
        frame = stack[-1] if stack else None
        path: Path
        if frame is None:
            path = ()
        elif isinstance(frame[0], list):
            path = frame[1] + (len(frame[0]),)
        else:
            path = frame[1] + (frame[3],)
        start = pos
        end = bare_placeholder(text, pos) if template and ch in "{$<" else -1
        if end > 0:  # a placeholder where a value belongs: the token as written
            value = text[pos:end]
            pos = end
        elif ch == "{" or ch == "[":
            if len(stack) >= max_depth:
                raise fail(f"nesting deeper than {max_depth} levels", pos)
            container: Any = {} if ch == "{" else []
            stack.append([container, path, start, None, None])
            pos = ws(text, pos + 1).end()
            close = "}" if ch == "{" else "]"
            if pos < n and text[pos] == close:
                pos += 1
                value = container
                stack.pop()
            elif ch == "{":
                pos = _read_key(text, pos, stack[-1], smap, dups, read_string, span, fail, ws, tpl)
                continue
            else:
                continue
        elif ch == '"':
            value, pos = read_string(pos)
        elif ch == "-" or "0" <= ch <= "9":
            m = _NUMBER.match(text, pos)
            if not m:
                raise fail("invalid number", pos)
            s = m.group(0)
            if not (m.group(1) or m.group(2)) and len(s.lstrip("-")) > 4300:  # Python's int() limit
                raise fail(f"a number of {len(s.lstrip('-'))} digits; doalint reads integers of up to 4300", pos)
            value = float(s) if (m.group(1) or m.group(2)) else int(s)
            pos = m.end()
        else:
            for word, lit in _LITERALS.items():
                if text.startswith(word, pos):
                    value = lit
                    pos += len(word)
                    break
            else:
                end = bare_placeholder(text, pos) if template else -1
                if end < 0:
                    found = text[pos : pos + 12].split("\n")[0]
                    raise fail(f"expected a JSON value, found {found!r}", pos)
                value = text[pos:end]
                pos = end
        smap.values[path] = span(start, pos)

        # --- attach the value and read separators, closing containers ---
        while True:
            if not stack:
                root = value
                pos = ws(text, pos).end()
                if pos < n:
                    raise fail("extra data after the JSON value", pos)
                return root, smap, dups
            frame = stack[-1]
            container = frame[0]
            if isinstance(container, list):
                container.append(value)
            else:
                container[frame[3]] = value
            pos = ws(text, pos).end()
            if pos >= n:
                raise fail("unexpected end of file: a bracket is not closed", pos)
            ch = text[pos]
            if ch == ",":
                pos = ws(text, pos + 1).end()
                close = "]" if isinstance(container, list) else "}"
                if template and pos < n and text[pos] == close:
                    ch = close  # a trailing comma (a directive's branch left out): closes as written
                elif isinstance(container, dict):
                    pos = _read_key(text, pos, frame, smap, dups, read_string, span, fail, ws, tpl)
                    break
                elif pos < n and text[pos] == "]":
                    raise fail("trailing comma before ']'", pos)
                else:
                    break
            close = "]" if isinstance(container, list) else "}"
            if ch == close:
                pos += 1
                stack.pop()
                smap.values[frame[1]] = span(frame[2], pos)
                value = container
                continue
            expected = "',' or ']'" if close == "]" else "',' or '}'"
            raise fail(f"expected {expected}, found {ch!r}", pos)


def _read_key(text, pos, frame, smap, dups, read_string, span, fail, ws, directives=None) -> int:
    """Read a key and its ':'; return the position of the value. ``directives``: in template
    mode, the offsets of the directives read so far."""
    n = len(text)
    if pos >= n:
        raise fail("unexpected end of file: expected a key", pos)
    if text[pos] != '"':
        if text[pos] == "}":
            raise fail("trailing comma before '}'", pos)
        raise fail(f"expected a double-quoted key, found {text[pos]!r}", pos)
    key, end = read_string(pos)
    kspan = span(pos, end)
    kpath = frame[1] + (key,)
    if key in frame[0]:
        first = smap.keys[kpath]
        between = directives is not None and any(
            (first.line, first.col) < span(d, d)[:2] < (kspan.line, kspan.col) for d in directives)
        if not between:
            dups.append(Duplicate(kpath, kspan, first))
    smap.keys[kpath] = kspan
    frame[3] = key
    pos = ws(text, end).end()
    if pos >= n or text[pos] != ":":
        raise fail("expected ':' after the key", pos)
    return ws(text, pos + 1).end()


# --- The fast path: the standard library's parser, positions on demand ---------------------------


class _Refused(Exception):
    """The text holds something the standard library reads and the position-keeping parser
    refuses or reads otherwise (NaN, a duplicate key): that parser must read it."""


def _refuse_constant(name: str) -> Any:
    raise _Refused(name)


def _pairs(pairs: list) -> dict:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Refused("duplicate key")
    return out


def _int_within_limit(s: str) -> int:
    if len(s.lstrip("-")) > 4300:
        raise _Refused("long integer")
    return int(s)


def _deeper_than(value: Any, max_depth: int) -> bool:
    """Whether ``value`` nests more than ``max_depth`` containers (the root one counted)."""
    level = [value] if type(value) in (dict, list) else []
    depth = 0
    while level:
        depth += 1
        if depth > max_depth:
            return True
        nxt: list = []
        for c in level:
            nxt.extend(v for v in (c.values() if type(c) is dict else c) if type(v) in (dict, list))
        level = nxt
    return False


def parse_json(text: str, max_depth: int = 100, template: bool = False) -> tuple[Any, SourceMap, list[Duplicate]]:
    """Parse ``text``; return (value, source map, duplicate keys).

    ``template``: the text is a template not yet rendered: template directives are read as
    whitespace, a bare placeholder where a value belongs is that value as a string of the token
    as written (``"{{COUNT}}"``), and a trailing comma (left by a directive) is accepted. A
    duplicate key with a directive between its two definitions is taken for two branches of a
    conditional, not recorded.

    Raises :class:`ParseError` with the line and column of the fault.

    Plain JSON without duplicate keys (nearly every file) is read by the standard library's
    parser and its source map finds positions when asked (:class:`LazySourceMap`); anything else
    (an error, a duplicate key, NaN, nesting past ``max_depth``, a template's own syntax) by
    :func:`parse_json_eager`, so that values, spans, duplicates and error messages are the same
    either way.
    """
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_refuse_constant,
            parse_int=None if sys.get_int_max_str_digits() == 4300 else _int_within_limit)
    except (ValueError, RecursionError, _Refused):
        return parse_json_eager(text, max_depth, template)
    if (text.count("{") + text.count("[") > max_depth) and _deeper_than(value, max_depth):
        return parse_json_eager(text, max_depth, template)
    return value, LazySourceMap(text, max_depth, template), []


class LazySourceMap(SourceMap):
    """The source map of a JSON text the standard library has parsed (valid, without duplicate
    keys, NaN or nesting past the limit): :meth:`locate` walks the text to the one path asked,
    passing over the values before it with the standard library's scanner; ``values`` and
    ``keys`` are built in full (by :func:`parse_json_eager`) the first time they are read. Its
    answers are the eager map's."""

    __slots__ = ("_text", "_max_depth", "_template", "_eager", "_found", "_progress", "_starts", "_anchors",
                 "_skip")

    def __init__(self, text: str, max_depth: int = 100, template: bool = False) -> None:
        self._text, self._max_depth, self._template = text, max_depth, template
        self._eager: SourceMap | None = None
        # path -> (key start, key end, value start); key start -1 for a list item and the root
        self._found: dict[Path, tuple[int, int, int]] = {}
        # container path -> [offset of its next member (-1: all read), members read, value to pass over first]
        self._progress: dict[Path, list[int]] = {}
        self._starts: list[int] | None = None
        self._anchors: list[tuple[int, int]] | None = None
        self._skip: Any = None

    def __getstate__(self):
        return (self._text, self._max_depth, self._template)

    def __setstate__(self, state) -> None:
        LazySourceMap.__init__(self, *state)

    def _full(self) -> SourceMap:
        if self._eager is None:
            self._eager = parse_json_eager(self._text, self._max_depth, self._template)[1]
        return self._eager

    @property  # type: ignore[override]
    def values(self) -> dict[Path, Span]:  # noqa: D401 - the eager map's
        return self._full().values

    @property  # type: ignore[override]
    def keys(self) -> dict[Path, Span]:
        return self._full().keys

    def locate(self, path: Path) -> tuple[Span, Path]:
        if self._eager is not None:
            return self._eager.locate(path)
        p = tuple(path)
        text = self._text
        root = self._found.get(())
        if root is None:
            root = self._found[()] = (-1, -1, _WS.match(text, 0).end())
        entry, at, depth = root, (), 0
        for elem in p:
            child = self._child(at, entry[2], elem)
            if child is None:
                break
            at, entry = child
            depth += 1
        if entry[0] >= 0:  # a mapping member: its key
            return self._span(entry[0], entry[1]), p[:depth]
        start = entry[2]
        end = len(text.rstrip(" \t\n\r")) if not depth else self._value_end(start)
        return self._span(start, end), p[:depth]

    # -- walking the text --

    def _value_end(self, pos: int) -> int:
        if self._text[pos] == '"':
            return scanstring(self._text, pos + 1, True)[1]
        if self._skip is None:
            self._skip = json.scanner.make_scanner(json.JSONDecoder())
        return self._skip(self._text, pos)[1]

    def _child(self, at: Path, start: int, elem: Any):
        """The member ``elem`` of the container at path ``at`` whose value starts at ``start``:
        (its path, its entry), or None when there is none."""
        text = self._text
        opener = text[start]
        if opener == "[":
            if isinstance(elem, float) and elem.is_integer():
                elem = int(elem)
            elif not isinstance(elem, int):
                return None
            elem = int(elem)  # True is 1, as in a dict of paths
            if elem < 0:
                return None
        elif opener != "{" or not isinstance(elem, str):
            return None
        key = at + (elem,)
        got = self._found.get(key)
        if got is not None:
            return key, got
        prog = self._progress.get(at)
        if prog is None:
            pos = _WS.match(text, start + 1).end()
            prog = self._progress[at] = [-1 if text[pos] in "]}" else pos, 0, -1]
        ws = _WS.match
        while prog[0] >= 0:
            if prog[2] >= 0:  # the value of the member last found: passed over now
                after = ws(text, self._value_end(prog[2])).end()
                prog[2] = -1
                if text[after] != ",":
                    prog[0] = -1
                    break
                prog[0] = ws(text, after + 1).end()
            pos = prog[0]
            if opener == "[":
                name: PathElem = prog[1]
                entry = (-1, -1, pos)
            else:
                name, kend = scanstring(text, pos + 1, True)
                entry = (pos, kend, ws(text, ws(text, kend).end() + 1).end())
            prog[1] += 1
            prog[2] = entry[2]
            self._found[at + (name,)] = entry
            if name == elem:
                return key, entry
        return None

    def _span(self, a: int, b: int) -> Span:
        return Span(*self._position(a), *self._position(b))

    def _position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``, as :class:`LineIndex` gives them. The first few
        are counted from the nearest offset already placed (a few findings in a big file need
        no index of its lines); from the ``_COUNTED``-th on, or in a text with a lone CR, from
        an index of line starts."""
        starts = self._starts
        if starts is None:
            text = self._text
            anchors = self._anchors  # (offset, line) pairs, sorted; None before the first
            if anchors is None:
                anchors = self._anchors = [] if _lone_cr(text) else [(0, 1)]
            if not anchors or len(anchors) > _COUNTED:
                starts = self._starts = _line_starts(text) if anchors else LineIndex(text).starts
            else:
                i = bisect_right(anchors, (offset, 1 << 62))
                at, line = anchors[i - 1]
                line += text.count("\n", at, offset)
                anchors.insert(i, (offset, line))
                return line, offset - text.rfind("\n", 0, offset)
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1


_COUNTED = 64


def _lone_cr(text: str) -> bool:
    """Whether ``text`` has a CR that is not the start of a CRLF (an old Mac line end)."""
    return "\r" in text and text.count("\r") != text.count("\r\n")


def _line_starts(text: str) -> list[int]:
    """:class:`LineIndex`'s line starts of a text without a lone CR, from the lengths of its
    lines (no loop in Python)."""
    from itertools import accumulate

    starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
    starts.pop()
    return starts
