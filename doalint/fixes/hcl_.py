"""HCL (Terraform native syntax) edits of :mod:`doalint.fixes.syntax`.

The expression, block or object an edit touches is read with doalint's own HCL parser
(:mod:`doalint.terraform.hcl`) from the span's start, and nothing else of the file (but to find
heredocs when the file has one). Only literals are replaced: a string without interpolation, a
number, a bool, null, and tuples and objects of them; an expression (``var.x``, ``local.y``,
``"${var.a}-b"``, a function call, a conditional) and a heredoc are left alone (None).

A block is found from its type name (the span doalint's Terraform source maps give a nested block
or a resource's keyword) or from a span covering it; a ``dynamic`` block and a ``content`` block
(which stands for every block a ``dynamic`` one generates) are refused. Attributes aligned on
``=`` as ``terraform fmt`` aligns them (a run of consecutive one-line attributes, the ``=`` one
column after the longest name) stay aligned: a new attribute is padded to the column, and when its
name is longer, or when a deletion leaves the run with a shorter longest name, the run is padded
again.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from doalint.fixes.syntax import same
from doalint.fixes.text import Edit, first_on_line, indent_at, line_end, line_start, newline_of, next_line
from doalint.loaders.errors import LineIndex, ParseError
from doalint.terraform import hcl

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = frozenset({"true", "false", "null", "for", "in", "if", "else", "endif", "endfor"})
_BLANKS = re.compile(r"[ \t]*")
_REFUSED_BLOCKS = ("dynamic", "content")


class _Parser(hcl.Parser):
    """doalint's HCL parser, without the index of line starts it builds for its errors until an
    error needs it."""

    def __init__(self, text: str, at: int = 0) -> None:  # (no super(): no line index)
        self.s = text
        self.n = len(text)
        self.i = at
        self.depth = 0

    @property
    def lines(self):  # type: ignore[override]
        return LineIndex(self.s)


def _literal(node) -> tuple[bool, Any]:
    """(True, value) for a literal expression (no interpolation, no reference, no call, no
    heredoc), else (False, None)."""
    if isinstance(node, hcl.Literal):
        return True, node.value
    if isinstance(node, hcl.Unary) and node.op == "-" and isinstance(node.operand, hcl.Literal) \
            and isinstance(node.operand.value, (int, float)) and not isinstance(node.operand.value, bool):
        return True, -node.operand.value
    if isinstance(node, hcl.TupleExpr):
        out = []
        for item in node.items:
            ok, v = _literal(item)
            if not ok:
                return False, None
            out.append(v)
        return True, out
    if isinstance(node, hcl.ObjectExpr):
        obj = {}
        for item in node.items:
            if item.key_name is None or not isinstance(item.key, hcl.Literal):
                return False, None
            ok, v = _literal(item.value)
            if not ok:
                return False, None
            obj[item.key_name] = v
        return True, obj
    return False, None


def _expression_at(text: str, start: int):
    p = _Parser(text, start)
    try:
        return p.expression()
    except (ParseError, RecursionError, IndexError):
        return None


def _in_heredoc(text: str, start: int, end: int) -> bool:
    """Whether [start, end) lies inside a heredoc of the file (only when the file has ``<<``)."""
    if "<<" not in text:
        return False
    try:
        body = _Parser(text).parse_file()
    except (ParseError, RecursionError):
        return True  # not sure: as if it did
    stack: list = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, hcl.Body):
            stack.extend(a.expr for a in item.attributes.values())
            stack.extend(again.expr for again, _ in item.duplicates)
            stack.extend(b.body for b in item.blocks)
            continue
        if isinstance(item, hcl.Template) and item.heredoc and item.start < end and start < item.end \
                and not (start == item.start and end == item.end):
            return True
        if isinstance(item, hcl.Node):
            for value in vars(item).values():
                if isinstance(value, hcl.Node):
                    stack.append(value)
                elif isinstance(value, list):
                    for v in value:
                        if isinstance(v, hcl.Node):
                            stack.append(v)
                        elif isinstance(v, hcl.ObjectItem):
                            stack.extend((v.key, v.value))
                        elif isinstance(v, tuple):
                            stack.extend(x for x in v if isinstance(x, hcl.Node))
    return False


# --- writing values ----------------------------------------------------------------------------


def _string(s: str) -> str:
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c == "\t":
            out.append("\\t")
        elif o < 0x20 or o == 0x7F or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out).replace("${", "$${").replace("%{", "%%{")


def _scalar(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, float):
        return repr(v)
    return _string(v)


def _key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) and k not in _KEYWORDS else _string(k)


def _aligned(pairs: list[tuple[str, str]], indent: str, sep: str = "=") -> list[str]:
    """``name = value`` lines at ``indent``, the ``=`` of each run of one-line values aligned one
    column after the run's longest name (as terraform fmt writes them)."""
    lines: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(k) for k, _ in run), default=0)
        lines.extend(f"{indent}{k}{' ' * (width - len(k) + 1)}{sep} {v}" for k, v in run)
        run.clear()

    for k, v in pairs:
        if "\n" in v:
            flush()
            lines.append(f"{indent}{k} {sep} {v}")
        else:
            run.append((k, v))
    flush()
    return lines


def _expr(v: Any, multiline: bool, indent: str, unit: str, nl: str, sep: str = "=") -> str:
    """``v`` as an HCL expression; objects (and tuples of objects) on lines of their own with
    ``multiline``, at ``indent``."""
    if isinstance(v, dict):
        if not v:
            return "{}"
        if not multiline:
            return "{ " + ", ".join(f"{_key(k)} {sep} {_expr(x, False, '', unit, nl, sep)}" for k, x in v.items()) + " }"
        inner = indent + unit
        pairs = [(_key(k), _expr(x, True, inner, unit, nl, sep)) for k, x in v.items()]
        return "{" + nl + nl.join(_aligned(pairs, inner, sep)) + nl + indent + "}"
    if isinstance(v, (list, tuple)):
        if not v:
            return "[]"
        if multiline and any(isinstance(x, dict) and x for x in v):
            inner = indent + unit
            return "[" + "".join(nl + inner + _expr(x, True, inner, unit, nl, sep) + "," for x in v) + nl + indent + "]"
        return "[" + ", ".join(_expr(x, False, "", unit, nl, sep) for x in v) + "]"
    return _scalar(v)


def _checked(rendered: str, value: Any) -> bool:
    node = _expression_at(rendered, 0)
    if node is None or node.end != len(rendered):
        return False
    ok, got = _literal(node)
    return ok and same(got, value)


def _body_lines(key: str, value: Any, as_block: Optional[bool], indent: str, unit: str, nl: str) -> Optional[list[str]]:
    """The lines (at ``indent``) writing ``key`` with ``value`` in a block body: a dict as a nested
    block (a list of dicts as one block each) unless ``as_block`` is False, anything else as an
    attribute; None when it cannot be written."""
    if not _NAME.fullmatch(key):
        return None
    blocks = as_block is not False and (
        isinstance(value, dict) or (isinstance(value, (list, tuple)) and value and all(isinstance(x, dict) for x in value)))
    if not blocks:
        rendered = _expr(value, True, indent, unit, nl)
        if not _checked(rendered, value):
            return None
        return [f"{indent}{key} = {rendered}"]
    out: list[str] = []
    for each in ([value] if isinstance(value, dict) else value):
        if not each:
            out.append(f"{indent}{key} {{}}")
            continue
        out.append(f"{indent}{key} {{")
        pairs: list[tuple[str, str]] = []
        inner = indent + unit
        for k, x in each.items():
            nested = isinstance(x, dict) or (isinstance(x, (list, tuple)) and x and all(isinstance(y, dict) for y in x))
            if nested:
                out.extend(_aligned(pairs, inner))
                pairs = []
                sub = _body_lines(k, x, True, inner, unit, nl)
                if sub is None:
                    return None
                out.extend(sub)
                continue
            if not _NAME.fullmatch(k):
                return None
            rendered = _expr(x, True, inner, unit, nl)
            if not _checked(rendered, x):
                return None
            pairs.append((k, rendered))
        out.extend(_aligned(pairs, inner))
        out.append(f"{indent}}}")
    return out


def _unit(text: str) -> str:
    """The file's indentation unit: that of its first indented line, else two spaces."""
    for n, line in enumerate(text[:200_000].splitlines()):
        if n > 5000:
            break
        body = line.lstrip(" \t")
        if body and len(body) < len(line) and not body.startswith(("#", "//", "*")):
            lead = line[: len(line) - len(body)]
            return "\t" if lead.startswith("\t") else lead
    return "  "


# --- containers --------------------------------------------------------------------------------


class _Member:
    """A member of a block body or an object: ``start`` (its name or key), ``name_end``, ``end``
    (after its value or its closing brace), ``sep_at`` (its ``=`` or ``:``, -1 for a block)."""

    __slots__ = ("start", "name_end", "end", "sep_at", "block", "name")

    def __init__(self, text: str, start: int, name_end: int, end: int, block: bool, name: str) -> None:
        self.start, self.name_end, self.end, self.block, self.name = start, name_end, end, block, name
        self.sep_at = -1 if block else _BLANKS.match(text, name_end).end()


class _Container:
    __slots__ = ("kind", "open", "close", "members", "names")

    def __init__(self, kind: str, open_: int, close: int, members: list[_Member], names: set) -> None:
        self.kind, self.open, self.close, self.members, self.names = kind, open_, close, members, names


def _block_at(text: str, start: int) -> Optional[tuple[str, int, int, Any]]:
    """The block whose type name stands at ``start``: (type, offset of ``{``, offset of ``}``,
    body), or None."""
    m = _NAME.match(text, start)
    if not m:
        return None
    p = _Parser(text, m.end())
    try:
        while True:
            p.skip(False)
            if p.peek('"'):
                if not isinstance(p.template(), hcl.Literal):
                    return None
            elif p.peek("{"):
                break
            else:
                lm = _NAME.match(text, p.i)
                if not lm:
                    return None
                p.i = lm.end()
        open_ = p.i
        p.i += 1
        body = p.body()
        p.skip(True)
        if not p.peek("}"):
            return None
        return m.group(0), open_, p.i, body
    except (ParseError, RecursionError, IndexError):
        return None


def _container(text: str, start: int, end: int) -> Optional[_Container]:
    """The block body or object expression at [start, end)."""
    if start >= len(text):
        return None
    if text[start] == "{":
        node = _expression_at(text, start)
        if not isinstance(node, hcl.ObjectExpr) or node.start != start or node.end != end:
            return None
        members = [_Member(text, it.key.start, it.key.end, it.value.end, False, it.key_name or "") for it in node.items]
        if any(text[m.sep_at] not in "=:" for m in members):
            return None
        names = {it.key_name for it in node.items}
        return _Container("object", start, end - 1, members, names)
    found = _block_at(text, start)
    if found is None:
        return None
    kind, open_, close, body = found
    if kind in _REFUSED_BLOCKS:
        return None
    attrs = list(body.attributes.values()) + [again for again, _ in body.duplicates]
    members = [_Member(text, a.start, a.name_end, a.expr.end, False, a.name) for a in attrs]
    members += [_Member(text, b.start, b.start + len(b.type), b.end, True, b.type) for b in body.blocks]
    members.sort(key=lambda m: m.start)
    return _Container("body", open_, close, members, set(body.attributes))


def _line_no(text: str, off: int) -> int:
    from doalint.fixes.text import line_starts
    from bisect import bisect_right

    return bisect_right(line_starts(text), off)


def _ends_line(text: str, off: int) -> tuple[bool, bool]:
    """After ``off``: (only a comma, blanks and a comment stand before the line end, a comma
    stands there)."""
    rest = text[off:line_end(text, off)].strip(" \t")
    comma = rest.startswith(",")
    if comma:
        rest = rest[1:].lstrip(" \t")
    if not rest or rest.startswith(("#", "//")):
        return True, comma
    if rest.startswith("/*") and rest.find("*/") == len(rest) - 2:
        return True, comma
    return False, comma


def _one_line(text: str, m: _Member) -> bool:
    return not m.block and "\n" not in text[m.start:m.end] and "\r" not in text[m.start:m.end]


def _run(text: str, members: list[_Member], i: int, step: int) -> list[_Member]:
    """The one-line attributes on consecutive lines from member ``i`` on, going by ``step``."""
    out: list[_Member] = []
    line = None
    while 0 <= i < len(members):
        m = members[i]
        if not _one_line(text, m) or not first_on_line(text, m.start) or text[m.sep_at] != "=":
            break
        ln = _line_no(text, m.start)
        if line is not None and ln != line + step:
            break
        out.append(m)
        line = ln
        i += step
    return out


def _eq_col(text: str, m: _Member) -> int:
    return m.sep_at - line_start(text, m.start)


def _name_col(text: str, m: _Member) -> int:
    return m.name_end - line_start(text, m.start)


def _fmt_aligned(text: str, run: list[_Member]) -> bool:
    """Whether the run's ``=`` stand one column after its longest name, as terraform fmt puts them."""
    if not run:
        return False
    target = max(_name_col(text, m) for m in run) + 1
    return all(_eq_col(text, m) == target for m in run)


def _pad_edits(text: str, run: list[_Member], col: int) -> list[Edit]:
    """The edits putting the ``=`` of each attribute of ``run`` at column ``col`` (0-based)."""
    out = []
    for m in run:
        want = " " * (col - _name_col(text, m))
        if text[m.name_end:m.sep_at] != want:
            out.append(Edit(m.name_end, m.sep_at, want))
    return out


# --- the operations ----------------------------------------------------------------------------


def replace_value(text: str, start: int, end: int, value: Any) -> Optional[Edit]:
    node = _expression_at(text, start)
    if node is None or node.start != start or node.end != end:
        return None
    ok, _old = _literal(node)
    if not ok or _in_heredoc(text, start, end):
        return None
    multiline = "\n" in text[start:end] or "\r" in text[start:end]
    nl = newline_of(text)
    new = _expr(value, multiline, indent_at(text, start), _unit(text), nl)
    if not _checked(new, value):
        return None
    return Edit(start, end, new)


def insert_member(text: str, start: int, end: int, key: str, value: Any, as_block: Optional[bool]) -> Optional[list[Edit]]:
    c = _container(text, start, end)
    if c is None or key in c.names or _in_heredoc(text, start, end):
        return None
    nl = newline_of(text)
    unit = _unit(text)
    members = c.members
    own = next((m for m in members if first_on_line(text, m.start)), None)
    indent = indent_at(text, own.start) if own is not None else indent_at(text, c.open) + unit
    same_line = _line_no(text, c.open) == _line_no(text, c.close)
    name, sep, attr = key, "=", None  # attr: the value's text when the new member is a one-line attribute
    if c.kind == "object":
        name = _key(key)
        if members:
            sep = text[members[-1].sep_at]
        if members and same_line:  # a one-line object stays on one line
            rendered = _expr(value, False, "", unit, nl, sep)
            if not _checked(rendered, value):
                return None
            between = ", "
            if len(members) >= 2:
                written = text[members[0].end:members[1].start]
                if written.strip(" ") == ",":
                    between = written
            return [Edit(members[-1].end, members[-1].end, f"{between}{name} {sep} {rendered}")]
        rendered = _expr(value, True, indent, unit, nl, sep)
        if not _checked(rendered, value):
            return None
        lines = [f"{indent}{name} {sep} {rendered}"]
        if members and _ends_line(text, members[-1].end)[1]:
            lines[-1] += ","
        if "\n" not in rendered:
            attr = rendered
    else:
        lines = _body_lines(key, value, as_block, indent, unit, nl)
        if lines is None:
            return None
        if any(m.block and m.name == key for m in members) and not lines[0].lstrip().startswith(key + " {"):
            return None  # an attribute named as blocks of the body: Terraform refuses it
        if len(lines) == 1 and not lines[0].endswith("{}") and "\n" not in lines[0]:
            attr = lines[0].split(" = ", 1)[1]
    if not members:
        if same_line:
            base = indent_at(text, c.open)
            return [Edit(c.open + 1, c.close, nl + nl.join(lines) + nl + base)]
        if not first_on_line(text, c.close):
            return None
        at = line_start(text, c.close)
        return [Edit(at, at, nl.join(lines) + nl)]
    last = members[-1]
    if c.kind == "body" and attr is not None and last.block and not same_line:
        # a new argument goes after the body's last argument, before its nested blocks (where
        # Terraform's own style keeps arguments), when that argument ends its line
        args = [m for m in members if not m.block]
        if args and _ends_line(text, args[-1].end)[0]:
            last = args[-1]
    if same_line:
        if c.kind != "body" or len(members) != 1 or last.block or attr is None:
            return None
        # a one-line block (``x { a = 1 }``) opens onto lines of its own, its attributes aligned
        base = indent_at(text, c.open)
        old = text[_BLANKS.match(text, last.sep_at + 1).end():last.end]
        pairs = [(text[last.start:last.name_end], old), (key, attr)]
        return [Edit(c.open + 1, c.close, nl + nl.join(_aligned(pairs, base + unit)) + nl + base)]
    if not _ends_line(text, last.end)[0]:
        if c.kind == "object":  # ``{\n  a = 1 }``: a line of its own before the brace
            return [Edit(last.end, last.end, nl + nl.join(lines))]
        return None
    edits: list[Edit] = []
    if attr is not None and sep == "=":
        run = _run(text, members, members.index(last), -1)
        if run and len({_eq_col(text, m) for m in run}) == 1:
            col = _eq_col(text, run[0])
            need = len(indent) + len(name) + 1
            if need > col:
                edits += _pad_edits(text, run, need)
                col = need
            lines = [f"{indent}{name}{' ' * (col - len(indent) - len(name))}= {attr}" + lines[0][len(f"{indent}{name} = {attr}"):]]
    at = next_line(text, last.end)
    edits.append(Edit(at, at, nl.join(lines) + nl))
    return edits


def _member_of(c: _Container, start: int) -> int:
    for i, m in enumerate(c.members):
        if m.start == start:
            return i
    return -1


def _blank_line(text: str, at: int) -> bool:
    return not text[at:line_end(text, at)].strip(" \t")


def _cut_lines(text: str, start: int, end: int) -> Edit:
    """The lines from the one holding ``start`` to the one holding ``end``, and a blank line after
    them when one stands before them too (a block set apart by blank lines leaves one)."""
    a, b = line_start(text, start), next_line(text, end)
    if a > 0 and b < len(text) and _blank_line(text, line_start(text, a - 1)) and _blank_line(text, b):
        b = next_line(text, b)
    return Edit(a, b, "")


def _cut(text: str, members: list[_Member], i: int) -> list[Edit]:
    """Remove member ``i`` on lines of its own, and pad again the run of aligned attributes it
    leaves when terraform fmt would."""
    m = members[i]
    edits = [_cut_lines(text, m.start, m.end)]
    if not _one_line(text, m) or text[m.sep_at] != "=":
        return edits
    above = _run(text, members, i - 1, -1) if i > 0 else []
    below = _run(text, members, i + 1, 1) if i + 1 < len(members) else []
    if above and _line_no(text, above[0].start) != _line_no(text, m.start) - 1:
        above = []
    if below and _line_no(text, below[0].start) != _line_no(text, m.start) + 1:
        below = []
    rest = above + below
    if rest and _fmt_aligned(text, rest + [m]):
        edits += _pad_edits(text, rest, max(_name_col(text, x) for x in rest) + 1)
    return edits


def delete_member(text: str, parent, key, val) -> Optional[list[Edit]]:
    c = _container(text, parent[0], parent[1]) if parent is not None else None
    if c is None or _in_heredoc(text, parent[0], parent[1]):
        return None
    i = _member_of(c, key[0])
    if i < 0:
        return None
    m = c.members[i]
    if m.block:
        if m.name in _REFUSED_BLOCKS:
            return None
    elif val[1] != m.end:
        return None
    return _remove(text, c, i)


def _remove(text: str, c: _Container, i: int) -> Optional[list[Edit]]:
    members = c.members
    m = members[i]
    ends, comma = _ends_line(text, m.end)
    if first_on_line(text, m.start) and ends:
        edits = _cut(text, members, i)
        if c.kind == "tuple" and i == len(members) - 1 and i > 0 and not comma:
            p = _Parser(text, members[i - 1].end)
            p.skip(True)
            if text[p.i] == ",":
                edits.insert(0, Edit(p.i, p.i + 1, ""))
        return edits
    if len(members) == 1:
        return [Edit(c.open + 1, c.close, "")]
    if c.kind == "body":
        return None
    if i < len(members) - 1:
        return [Edit(m.start, members[i + 1].start, "")]
    return [Edit(members[i - 1].end, m.end, "")]


def delete_item(text: str, lst, item) -> Optional[list[Edit]]:
    if lst is not None and lst[0] < len(text) and text[lst[0]] == "[":
        node = _expression_at(text, lst[0])
        if not isinstance(node, hcl.TupleExpr) or node.end != lst[1] or _in_heredoc(text, lst[0], lst[1]):
            return None
        members = [_Member(text, it.start, it.start, it.end, True, "") for it in node.items]
        c = _Container("tuple", lst[0], lst[1] - 1, members, set())
        i = _member_of(c, item[0])
        if i < 0 or members[i].end != item[1]:
            return None
        return _remove(text, c, i)
    found = _block_at(text, item[0])
    if found is None or found[0] in _REFUSED_BLOCKS or _in_heredoc(text, item[0], item[0] + 1):
        return None
    m = _Member(text, item[0], item[0] + len(found[0]), found[2] + 1, True, found[0])
    if not first_on_line(text, m.start) or not _ends_line(text, m.end)[0]:
        return None
    return [_cut_lines(text, m.start, m.end)]
