"""An HCL2 (native syntax) parser that keeps the position of every attribute and value.

Terraform's own parser is Go; the Python ones either drop attribute positions or
shadow each other's module name (checkov's fork installs ``hcl2`` too). This one
covers the language Terraform configurations use: bodies of attributes and
blocks, literals, templates with interpolation and directives, heredocs, tuples,
objects, traversals and splats, function calls, operators, conditionals and
for-expressions. It builds an AST of small node classes; nothing is evaluated
here (see :mod:`doalint.terraform.evaluate`).
"""

from __future__ import annotations

import re
from typing import Any, Optional, Union

from doalint.loaders.errors import LineIndex, ParseError
from doalint.record import field, record

MAX_DEPTH = 100


@record
class Node:
    start: int  # character offsets into the file's text
    end: int


@record
class Literal(Node):
    value: Any


@record
class BigNumber(Node):
    """An integer literal longer than Python converts (4,300 digits): Terraform reads it, doalint
    cannot (DOA003)."""

    digits: int


@record
class Template(Node):
    parts: list  # str or Node
    directives: bool = False  # %{ if }/%{ for } inside: not evaluated statically
    heredoc: bool = False


@record
class TupleExpr(Node):
    items: list


@record
class ObjectItem:
    key: Node  # Literal for bare or quoted names, any expression for (expr) keys
    value: Node
    key_name: Optional[str]  # the key as written, when it is a plain name or a literal string


@record
class ObjectExpr(Node):
    items: list[ObjectItem]


@record
class Variable(Node):
    name: str


@record
class GetAttr(Node):
    obj: Node
    name: str


@record
class Index(Node):
    obj: Node
    key: Node


@record
class Splat(Node):
    obj: Node
    each: list  # the traversal applied to each element: ("attr", name) / ("index", node)


@record
class Call(Node):
    name: str
    args: list
    expand: bool = False  # f(args...)


@record
class Unary(Node):
    op: str
    operand: Node


@record
class Binary(Node):
    op: str
    left: Node
    right: Node


@record
class Conditional(Node):
    cond: Node
    then: Node
    other: Node


@record
class ForExpr(Node):
    key_var: Optional[str]
    value_var: str
    collection: Node
    key: Optional[Node]  # object for: key => value
    value: Node
    cond: Optional[Node]
    group: bool = False


@record
class Attribute:
    name: str
    expr: Node
    start: int  # the name's offset
    name_end: int


@record
class Block:
    type: str
    labels: list[str]
    body: "Body"
    start: int
    end: int


@record
class Body:
    attributes: dict[str, Attribute] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    duplicates: list[tuple[Attribute, Attribute]] = field(default_factory=list)  # (again, first)


Expr = Union[Node]

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")
_BINARY = [  # lowest precedence first
    ("||",),
    ("&&",),
    ("==", "!="),
    ("<=", ">=", "<", ">"),
    ("+", "-"),
    ("*", "/", "%"),
]
_OPS = [(op, level) for level, ops in enumerate(_BINARY) for op in ops]  # longer ones first per level
_OP_FIRST = frozenset(op[0] for op, _ in _OPS)
_BLANKS = re.compile(r"[ \t\r]*").match
_BLANKS_NL = re.compile(r"[ \t\r\n]*").match
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


class Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.n = len(text)
        self.i = 0
        self.depth = 0
        self.lines = LineIndex(text)

    # --- errors and whitespace ------------------------------------------------------
    def fail(self, msg: str, pos: Optional[int] = None) -> ParseError:
        line, col = self.lines.position(min(self.i if pos is None else pos, self.n))
        return ParseError(msg, line, col)

    def skip(self, newlines: bool) -> None:
        """Skip blanks and comments; newlines too when ``newlines``."""
        s, n = self.s, self.n
        blanks = _BLANKS_NL if newlines else _BLANKS
        i = self.i
        while True:
            i = blanks(s, i).end()
            if i < n:
                c = s[i]
                if c == "#" or (c == "/" and s.startswith("//", i)):
                    j = s.find("\n", i)
                    i = n if j < 0 else j
                    continue
                if c == "/" and s.startswith("/*", i):
                    j = s.find("*/", i + 2)
                    if j < 0:
                        self.i = i
                        raise self.fail("unterminated /* comment")
                    i = j + 2
                    continue
            self.i = i
            return

    def peek(self, tok: str) -> bool:
        return self.s.startswith(tok, self.i)

    def expect(self, tok: str, what: str = "") -> None:
        if not self.peek(tok):
            found = self.s[self.i : self.i + 10].split("\n")[0] or "end of file"
            raise self.fail(f"expected {tok!r}{what}, found {found!r}")
        self.i += len(tok)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH} levels")

    # --- bodies -------------------------------------------------------------------
    def parse_file(self) -> Body:
        body = self.body(top=True)
        self.skip(True)
        if self.i < self.n:
            raise self.fail(f"unexpected {self.s[self.i]!r}")
        return body

    def body(self, top: bool = False) -> Body:
        body = Body()
        while True:
            self.skip(True)
            if self.i >= self.n or (not top and self.peek("}")):
                return body
            m = _IDENT.match(self.s, self.i)
            if not m:
                raise self.fail(f"expected an attribute or a block, found {self.s[self.i]!r}")
            name, start = m.group(0), self.i
            self.i = m.end()
            self.skip(False)
            if self.peek("=") and not self.peek("=="):
                self.i += 1
                self.skip(False)
                expr = self.expression()
                attr = Attribute(name, expr, start, m.end())
                if name in body.attributes:
                    body.duplicates.append((attr, body.attributes[name]))  # Terraform: "Attribute redefined"
                    # the first stays: the second is reported (DOA004)
                else:
                    body.attributes[name] = attr
                self.end_of_item()
                continue
            labels = []
            while True:
                self.skip(False)
                if self.peek('"'):
                    lit = self.template()
                    if not isinstance(lit, Literal):
                        raise self.fail("a block label cannot hold an interpolation", lit.start)
                    labels.append(lit.value)
                elif (lm := _IDENT.match(self.s, self.i)) is not None:
                    labels.append(lm.group(0))
                    self.i = lm.end()
                else:
                    break
            self.expect("{", " to open the block" if labels or name else "")
            self.enter()
            inner = self.body()
            self.depth -= 1
            self.skip(True)
            self.expect("}", " to close the block")
            body.blocks.append(Block(name, labels, inner, start, self.i))
            self.end_of_item()

    def end_of_item(self) -> None:
        self.skip(False)
        if self.i >= self.n or self.peek("\n") or self.peek("}"):
            return
        raise self.fail(f"expected a new line after the item, found {self.s[self.i]!r}")

    # --- expressions ----------------------------------------------------------------
    def expression(self) -> Node:
        self.enter()
        start = self.i
        cond = self.binary(0)
        self.skip(False)
        if self.peek("?"):
            self.i += 1
            self.skip(True)
            then = self.expression()
            self.skip(True)
            self.expect(":", " in the conditional")
            self.skip(True)
            other = self.expression()
            cond = Conditional(start, self.i, cond, then, other)
        self.depth -= 1
        return cond

    def binary(self, level: int) -> Node:
        """Operators of ``level`` (an index into _BINARY) and tighter, by precedence climbing:
        one call per operand, not one per precedence level."""
        start = self.i
        left = self.unary()
        s = self.s
        while True:
            save = self.i
            self.skip(False)
            op = None
            if self.i < self.n and s[self.i] in _OP_FIRST and not s.startswith("<<", self.i):
                # "<<" opens a heredoc, it is no operator
                op, op_level = next(((o, lv) for o, lv in _OPS if s.startswith(o, self.i)), (None, 0))
            if op is None or op_level < level:
                self.i = save
                return left
            self.i += len(op)
            self.skip(True)
            right = self.binary(op_level + 1)
            left = Binary(start, self.i, op, left, right)

    def unary(self) -> Node:
        self.skip(False)
        if self.peek("!") or (self.peek("-") and not self.peek("->")):
            start, op = self.i, self.s[self.i]
            self.i += 1
            self.enter()
            operand = self.unary()
            self.depth -= 1
            return Unary(start, self.i, op, operand)
        return self.postfix(self.primary())

    def postfix(self, node: Node) -> Node:
        while True:
            if self.peek(".*") or self.peek("[*]"):
                self.i += 2 if self.peek(".*") else 3
                rest = self.splat_rest()
                node = Splat(node.start, self.i, node, rest)  # the span ends after the traversal
            elif self.peek(".") and not self.peek(".."):
                self.i += 1
                m = _IDENT.match(self.s, self.i) or re.compile(r"[0-9]+").match(self.s, self.i)
                if not m:
                    raise self.fail("expected an attribute name after '.'")
                self.i = m.end()
                name = m.group(0)
                node = (Index(node.start, self.i, node, Literal(m.start(), m.end(), int(name)) if len(name) <= 4300
                                  else BigNumber(m.start(), m.end(), len(name)))
                        if name.isdigit() else GetAttr(node.start, self.i, node, name))
            elif self.peek("["):
                self.i += 1
                self.skip(True)
                key = self.expression()
                self.skip(True)
                self.expect("]", " after the index")
                node = Index(node.start, self.i, node, key)
            else:
                return node

    def splat_rest(self) -> list:
        rest = []
        while True:
            if self.peek(".") and not self.peek(".*") and not self.peek(".."):
                self.i += 1
                m = _IDENT.match(self.s, self.i)
                if not m:
                    raise self.fail("expected an attribute name after '.'")
                rest.append(("attr", m.group(0)))
                self.i = m.end()
            elif self.peek("[") and not self.peek("[*]"):
                self.i += 1
                self.skip(True)
                key = self.expression()
                self.skip(True)
                self.expect("]")
                rest.append(("index", key))
            else:
                return rest

    def primary(self) -> Node:
        self.skip(False)
        if self.i >= self.n:
            raise self.fail("expected an expression, found the end of the file")
        c, start = self.s[self.i], self.i
        if c == '"':
            return self.template()
        if c == "<" and self.peek("<<"):
            return self.heredoc()
        if c.isdigit():
            m = _NUMBER.match(self.s, self.i)
            self.i = m.end()
            text = m.group(0)
            if not (m.group(1) or m.group(2)) and len(text) > 4300:
                return BigNumber(start, self.i, len(text))
            value = float(text) if (m.group(1) or m.group(2)) else int(text)
            return Literal(start, self.i, value)
        if c == "[":
            return self.tuple_or_for()
        if c == "{":
            return self.object_or_for()
        if c == "(":
            self.i += 1
            self.skip(True)
            inner = self.expression()
            self.skip(True)
            self.expect(")", " to close the parenthesis")
            inner.start, inner.end = start, self.i
            return inner
        m = _IDENT.match(self.s, self.i)
        if not m:
            raise self.fail(f"expected an expression, found {c!r}")
        name = m.group(0)
        self.i = m.end()
        if name in ("true", "false"):
            return Literal(start, self.i, name == "true")
        if name == "null":
            return Literal(start, self.i, None)
        if self.peek("::") and _IDENT.match(self.s, self.i + 2):  # provider::ns::fn
            m2 = re.compile(r"(::[A-Za-z_][A-Za-z0-9_-]*)+").match(self.s, self.i)
            name += m2.group(0)
            self.i = m2.end()
        if self.peek("("):
            return self.call(name, start)
        return Variable(start, self.i, name)

    def call(self, name: str, start: int) -> Call:
        self.i += 1
        args, expand = [], False
        self.enter()
        while True:
            self.skip(True)
            if self.peek(")"):
                self.i += 1
                break
            args.append(self.expression())
            self.skip(True)
            if self.peek("..."):
                self.i += 3
                expand = True
                self.skip(True)
            if self.peek(","):
                self.i += 1
                continue
            self.expect(")", f" to close the call to {name}()")
            break
        self.depth -= 1
        return Call(start, self.i, name, args, expand)

    def _for_head(self):
        """After 'for': the variable names, 'in' and the collection, up to ':'."""
        names = []
        while True:
            self.skip(True)
            m = _IDENT.match(self.s, self.i)
            if not m:
                raise self.fail("expected a variable name in the for expression")
            names.append(m.group(0))
            self.i = m.end()
            self.skip(True)
            if self.peek(","):
                self.i += 1
                continue
            break
        if len(names) > 2:
            raise self.fail("a for expression takes one or two variable names")
        if not (self.peek("in") and not _IDENT.match(self.s, self.i + 2)):
            raise self.fail("expected 'in' in the for expression")
        self.i += 2
        self.skip(True)
        collection = self.expression()
        self.skip(True)
        self.expect(":", " in the for expression")
        self.skip(True)
        key_var, value_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        return key_var, value_var, collection

    def _for_tail(self):
        self.skip(True)
        if re.match(r"if\b", self.s[self.i : self.i + 3]):
            self.i += 2
            self.skip(True)
            return self.expression()
        return None

    def tuple_or_for(self) -> Node:
        start = self.i
        self.i += 1
        self.skip(True)
        self.enter()
        if re.match(r"for\b", self.s[self.i : self.i + 4]):
            self.i += 3
            key_var, value_var, coll = self._for_head()
            value = self.expression()
            cond = self._for_tail()
            self.skip(True)
            self.expect("]", " to close the for expression")
            self.depth -= 1
            return ForExpr(start, self.i, key_var, value_var, coll, None, value, cond)
        items = []
        while True:
            self.skip(True)
            if self.peek("]"):
                self.i += 1
                break
            items.append(self.expression())
            self.skip(True)
            if self.peek(","):
                self.i += 1
                continue
            self.expect("]", " or ',' in the list")
            break
        self.depth -= 1
        return TupleExpr(start, self.i, items)

    def object_or_for(self) -> Node:
        start = self.i
        self.i += 1
        self.skip(True)
        self.enter()
        if re.match(r"for\b", self.s[self.i : self.i + 4]):
            self.i += 3
            key_var, value_var, coll = self._for_head()
            key = self.expression()
            self.skip(True)
            self.expect("=>", " in the object for expression")
            self.skip(True)
            value = self.expression()
            self.skip(False)
            group = False
            if self.peek("..."):
                self.i += 3
                group = True
            cond = self._for_tail()
            self.skip(True)
            self.expect("}", " to close the for expression")
            self.depth -= 1
            return ForExpr(start, self.i, key_var, value_var, coll, key, value, cond, group)
        items: list[ObjectItem] = []
        while True:
            self.skip(True)
            if self.peek("}"):
                self.i += 1
                break
            kstart = self.i
            m = _IDENT.match(self.s, self.i)
            if m and not self.s.startswith("(", m.end()):
                self.i = m.end()
                name = m.group(0)
                key: Node = Literal(kstart, self.i, name)
                # a bare key that is a traversal (var.x = ...) is an expression key in HCL
                if self.peek(".") or self.peek("["):
                    key = self.postfix(Variable(kstart, self.i, name))
                    name = None
            else:
                key = self.expression()
                name = key.value if isinstance(key, Literal) and isinstance(key.value, str) else None
            self.skip(False)
            if self.peek("=") and not self.peek("=="):
                self.i += 1
            elif self.peek(":"):
                self.i += 1
            else:
                raise self.fail("expected '=' or ':' after the object key")
            self.skip(True)
            value = self.expression()
            items.append(ObjectItem(key, value, name))
            self.skip(False)
            if self.peek(","):
                self.i += 1
        self.depth -= 1
        return ObjectExpr(start, self.i, items)

    # --- templates ------------------------------------------------------------------
    def template(self) -> Node:
        start = self.i
        self.i += 1
        parts, buf, directives = [], [], False
        s, n = self.s, self.n
        while True:
            if self.i >= n or s[self.i] == "\n":
                raise self.fail("unterminated string", start)
            c = s[self.i]
            if c == '"':
                self.i += 1
                break
            if c == "\\":
                nxt = s[self.i + 1 : self.i + 2]
                if nxt in _ESCAPES:
                    buf.append(_ESCAPES[nxt])
                    self.i += 2
                elif nxt == "u" and re.match(r"[0-9A-Fa-f]{4}", s[self.i + 2 : self.i + 6]):
                    buf.append(chr(int(s[self.i + 2 : self.i + 6], 16)))
                    self.i += 6
                elif nxt == "U" and re.match(r"[0-9A-Fa-f]{8}", s[self.i + 2 : self.i + 10]):
                    buf.append(chr(int(s[self.i + 2 : self.i + 10], 16)))
                    self.i += 10
                else:
                    raise self.fail(f"invalid escape \\{nxt}")
                continue
            if s.startswith("$${", self.i) or s.startswith("%%{", self.i):
                buf.append(s[self.i + 1 : self.i + 3])
                self.i += 3
                continue
            if s.startswith("${", self.i) or s.startswith("%{", self.i):
                if buf:
                    parts.append("".join(buf))
                    buf = []
                node, is_directive = self.interpolation()
                directives = directives or is_directive
                parts.append(node)
                continue
            buf.append(c)
            self.i += 1
        if buf or not parts:
            parts.append("".join(buf))
        if len(parts) == 1 and isinstance(parts[0], str):
            return Literal(start, self.i, parts[0])
        return Template(start, self.i, parts, directives)

    def interpolation(self) -> tuple[Node, bool]:
        directive = self.s[self.i] == "%"
        start = self.i
        self.i += 2
        if self.peek("~"):
            self.i += 1
        self.skip(True)
        if directive:  # %{ if x } ... %{ endif }: keep the raw text, evaluation gives up
            depth = 1
            while self.i < self.n and depth:
                if self.s[self.i] == "{":
                    depth += 1
                elif self.s[self.i] == "}":
                    depth -= 1
                self.i += 1
            if depth:
                raise self.fail("unterminated %{ directive", start)
            return Literal(start, self.i, self.s[start : self.i]), True
        self.enter()
        expr = self.expression()
        self.depth -= 1
        self.skip(True)
        if self.peek("~"):
            self.i += 1
        self.expect("}", " to close the interpolation")
        return expr, False

    def heredoc(self) -> Node:
        start = self.i
        m = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n").match(self.s, self.i)
        if not m:
            raise self.fail("invalid heredoc opener (expected <<MARKER and a new line)")
        indent, marker = bool(m.group(1)), m.group(2)
        body_start = m.end()
        end_re = re.compile(r"^[ \t]*" + re.escape(marker) + r"[ \t]*\r?$", re.M)
        em = end_re.search(self.s, body_start)
        if not em:
            raise self.fail(f"heredoc {marker} is not closed", start)
        raw = self.s[body_start : em.start()]
        self.i = em.end()
        cut = 0
        if indent:
            lines = raw.split("\n")
            widths = [len(ln) - len(ln.lstrip(" \t")) for ln in lines if ln.strip()]
            cut = min(widths) if widths else 0
            raw = "\n".join(ln[cut:] for ln in lines)
        # the content is a template whose quotes are plain characters
        sub = Parser(raw)
        sub.depth = self.depth
        try:
            node = sub._raw_template()
        except ParseError as exc:
            first_line, _ = self.lines.position(body_start)
            raise ParseError(exc.message, exc.line + first_line - 1, exc.col + cut) from None
        node.start, node.end = start, self.i
        if isinstance(node, Template):
            node.heredoc = True
        else:
            node = Template(start, self.i, [node.value], heredoc=True)
        node.body_offset = body_start  # type: ignore[attr-defined]
        node.body_indent = cut  # type: ignore[attr-defined]  # columns stripped from each line (<<-)
        return node

    def _raw_template(self) -> Node:
        parts, buf, directives = [], [], False
        while self.i < self.n:
            if self.s.startswith("$${", self.i) or self.s.startswith("%%{", self.i):
                buf.append(self.s[self.i + 1 : self.i + 3])
                self.i += 3
            elif self.s.startswith("${", self.i) or self.s.startswith("%{", self.i):
                if buf:
                    parts.append("".join(buf))
                    buf = []
                node, d = self.interpolation()
                directives = directives or d
                parts.append(node)
            else:
                buf.append(self.s[self.i])
                self.i += 1
        if buf or not parts:
            parts.append("".join(buf))
        if len(parts) == 1 and isinstance(parts[0], str):
            return Literal(0, self.i, parts[0])
        return Template(0, self.i, parts, directives)


def parse(text: str) -> Body:
    """Parse one .tf file; raises ParseError with line and column. Inside
    ``doalint.terraform.parse_cache()`` a text parsed before is not parsed again."""
    import doalint.terraform as tf

    cache = tf.PARSE_CACHE
    if cache is not None:
        hit = cache.get(text)
        if hit is not None:
            if isinstance(hit, ParseError):
                raise hit.with_traceback(None)
            return hit
    try:
        body = _parse(text)
    except ParseError as exc:
        if cache is not None:
            cache.put(text, exc)
        raise
    if cache is not None:
        cache.put(text, body)
    return body


def _parse(text: str) -> Body:
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return Parser(text).parse_file()
    except RecursionError:
        raise ParseError(f"nesting deeper than {MAX_DEPTH} levels") from None
