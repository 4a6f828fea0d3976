"""A JSON parser that keeps the position of every key and value.

The standard library's decoder throws positions away, so this is a small
iterative parser (no recursion: deeply nested input cannot exhaust the stack).
String bodies are decoded by the standard library's fast ``scanstring``.
Duplicate keys are recorded rather than silently dropped, because AWS tooling
keeps the last one and the author usually meant the first.
"""

from __future__ import annotations

import re
from json.decoder import JSONDecodeError, scanstring
from typing import Any

from doalint.loaders.errors import LineIndex, ParseError
from doalint.source import Path, SourceMap, Span

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


def parse_json(text: str, max_depth: int = 100, template: bool = False) -> tuple[Any, SourceMap, list[Duplicate]]:
    """Parse ``text``; return (value, source map, duplicate keys).

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
