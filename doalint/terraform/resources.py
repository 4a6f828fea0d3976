"""Terraform resources mapped onto doalint's document kinds (AWS API key names).

A mapper reads a resource block through a :class:`Builder`, which evaluates each
argument, converts it to the API's form, records where every key and value is
written (so findings point at the attribute's line, or inside ``jsonencode``),
and collects what is unknown (DOA003) or only a reference to another resource
of the module.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional

from doalint.record import field, record
from doalint.source import Path, SourceMap, Span
from doalint.terraform import hcl
from doalint.terraform.module import Module, Resource
from doalint.values import JsonEncoded, Ref, Unknown, as_text, plain


@record
class Mapped:
    kind: str
    data: dict
    smap: SourceMap
    address: str
    unresolved: list[tuple[Path, str]] = field(default_factory=list)
    opaque: list[Path] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
    also: list = field(default_factory=list)  # more documents of the resource (a role's trust policy)


class Builder:
    def __init__(self, res: Resource, module: Module, kind: str, profile=None) -> None:
        self.res, self.module = res, module
        self.ctx_profile = profile
        self.src = res.file
        self.ev = res.file.evaluator
        self.out = Mapped(kind, {}, SourceMap(), res.address)
        block = res.block
        self.block_span = self.span(block.start, block.start + len(block.type))
        self.out.smap.values[()] = self.span(block.start, block.end)
        self.out.smap.keys[()] = self.block_span

    def span(self, a: int, b: int) -> Span:
        la, ca = self.src.lines.position(a)
        lb, cb = self.src.lines.position(b)
        return Span(la, ca, lb, cb)

    # --- reading ------------------------------------------------------------------------
    def value(self, name: str, body: Optional[hcl.Body] = None) -> Any:
        body = body or self.res.block.body
        a = body.attributes.get(name)
        return None if a is None else self.ev.evaluate(a.expr, _env(body))

    def blocks(self, name: str, body: Optional[hcl.Body] = None) -> list[hcl.Block]:
        """The ``name`` blocks of ``body`` in order, with those a ``dynamic "name"`` block generates
        when its for_each is known (:meth:`expand`); ``dynamic`` itself: the dynamic blocks."""
        body = body or self.res.block.body
        env = _env(body)
        out = []
        for b in body.blocks:
            if b.type == name:
                out.append(_bound(b, env, b.type))
            elif b.type == "dynamic" and name != "dynamic" and b.labels[:1] == [name]:
                out += self.expand(b, env) or []
        return out

    def expand(self, dyn: hcl.Block, env: Optional[dict] = None) -> Optional[list[hcl.Block]]:
        """The blocks a ``dynamic`` block generates, when its ``for_each`` is known (a list, a set,
        a map or an object of at most MAX_DYNAMIC elements): its ``content`` block once per
        element, evaluated with ``<label>.key`` / ``.value`` (or the ``iterator``'s name) bound,
        located at the content's attributes. None when not known."""
        each = dyn.body.attributes.get("for_each")
        content = next((c for c in dyn.body.blocks if c.type == "content"), None)
        if each is None or content is None or not dyn.labels:
            return None
        value = self.ev.evaluate(each.expr, env or {})
        if isinstance(value, dict):
            items = list(value.items())
        elif isinstance(value, list):
            items = list(enumerate(value))
        else:
            return None
        if len(items) > MAX_DYNAMIC:
            return None
        it = dyn.body.attributes.get("iterator")
        name = it.expr.name if it is not None and isinstance(it.expr, hcl.Variable) else dyn.labels[0]
        return [_bound(hcl.Block(dyn.labels[0], [], content.body, content.start, content.end),
                       {**(env or {}), name: {"key": k, "value": v}}, "content") for k, v in items]

    def unknown_dynamic(self, name: str, body: Optional[hcl.Body] = None) -> list[hcl.Block]:
        """The ``dynamic "<name>"`` blocks of ``body`` that :meth:`blocks` cannot expand (their
        for_each is not known) and that are not known to generate nothing."""
        body = body or self.res.block.body
        out = []
        for blk in body.blocks:
            if blk.type != "dynamic" or blk.labels[:1] != [name]:
                continue
            if self.expand(blk, _env(body)) is not None:
                continue  # expanded (or over nothing)
            out.append(blk)
        return out

    # --- writing ------------------------------------------------------------------------
    def put(self, path: Path, tf_name: str, convert: Callable[[Any], Any] = lambda v: v,
            body: Optional[hcl.Body] = None, nested: bool = True) -> None:
        """data[path] = convert(value of argument ``tf_name``), with positions."""
        body = body or self.res.block.body
        a = body.attributes.get(tf_name)
        if a is None:
            self.slot(path, tf_name, body)
            return
        value, spans = self.ev.evaluate_located(a.expr, (a.start, a.name_end), _env(body))
        if isinstance(value, JsonEncoded):
            value = value.value
        elif a.expr.__class__ is hcl.Template and getattr(a.expr, "heredoc", False) and convert is json_document:
            self._heredoc_spans(path, a, value)
            spans = {(): spans[()]}
        converted = convert(value)
        self.set(path, converted)
        if a.expr.__class__ is hcl.GetAttr and a.expr.obj.__class__ is hcl.Variable and a.expr.obj.name == "var":
            at = self.module.defaults_at.get(a.expr.name)
            if at is not None:  # (a fix may edit the default: unsafe, others may use the variable)
                self.out.meta.setdefault("origins", {})[path] = (a.expr.name,) + at
        key_span, value_span = spans[()]
        self.out.smap.keys[path] = self.span(*key_span)
        self.out.smap.values[path] = self.span(*value_span)
        if nested:
            for sub, (ks, vs) in spans.items():
                if sub and path + sub not in self.out.smap.values:
                    self.out.smap.keys[path + sub] = self.span(*ks)
                    self.out.smap.values[path + sub] = self.span(*vs)
        self.scan(path, converted)

    def slot(self, path: Path, tf_name: str, body: hcl.Body) -> None:
        """Where argument ``tf_name`` (document path ``path``), absent, would be written: its name and
        the span of the block whose body would hold it (meta["slots"]: a fix inserts it there)."""
        if body is self.res.block.body:
            span = self.out.smap.values[()]
        else:
            owner = _owner(self.res.block.body, body)
            if owner is None or getattr(owner, "keyword", owner.type) != owner.type:
                return  # (a generated block: nowhere to write)
            span = self.span(owner.start, owner.end)
        self.out.meta.setdefault("slots", {})[path] = (tf_name, span, None)

    def block_slot(self, path: Path, tf_block: str, names: dict) -> None:
        """Where a ``tf_block`` block of the resource (document path ``path``: a mapping, or a list of
        mappings for a repeated block), absent and not generated by a ``dynamic`` block, would be
        written; ``names``: its arguments' names by the API's (meta["slots"]: a fix inserts it)."""
        body = self.res.block.body
        if any(b.type in (tf_block, "dynamic") and (b.type == tf_block or b.labels[:1] == [tf_block])
               for b in body.blocks):
            return
        self.out.meta.setdefault("slots", {})[path] = (tf_block, self.out.smap.values[()], dict(names))

    def put_value(self, path: Path, value: Any, at: Optional[tuple[int, int]] = None,
                  refs_ok: bool = False) -> None:
        """data[path] = value, located at ``at`` (offsets). ``refs_ok``: references to other
        resources are the meaning of this value (a security group source), not unknowns."""
        self.set(path, value)
        if at is not None:
            self.out.smap.keys[path] = self.out.smap.values[path] = self.span(*at)
        self.scan(path, value, refs_ok)

    def _heredoc_spans(self, path: Path, attr: hcl.Attribute, value: Any) -> None:
        """JSON written in a heredoc: positions from its own parse, shifted to the file."""
        if not isinstance(value, str):
            return
        from doalint.loaders.errors import ParseError
        from doalint.loaders.jsonpos import parse_json

        try:
            _, smap, _ = parse_json(value)
        except ParseError:
            return
        first_line, _ = self.src.lines.position(getattr(attr.expr, "body_offset", attr.expr.start))
        cut = getattr(attr.expr, "body_indent", 0)  # a <<- heredoc's lines lost that many columns
        for table_name in ("keys", "values"):
            table = getattr(smap, table_name)
            target = getattr(self.out.smap, table_name)
            for sub, s in table.items():
                if sub:
                    target[path + sub] = Span(s.line + first_line - 1, s.col + cut, s.end_line + first_line - 1,
                                              s.end_col + cut)

    def set(self, path: Path, value: Any) -> None:
        cur = self.out.data
        for i, elem in enumerate(path[:-1]):
            nxt = path[i + 1]
            if isinstance(cur, dict):
                cur = cur.setdefault(elem, [] if isinstance(nxt, int) else {})
            else:
                while len(cur) <= elem:
                    cur.append([] if isinstance(nxt, int) else {})
                cur = cur[elem]
        last = path[-1]
        if isinstance(cur, dict):
            cur[last] = value
        else:
            while len(cur) <= last:
                cur.append(None)
            cur[last] = value

    def scan(self, path: Path, value: Any, refs_ok: bool = False) -> None:
        """Record unknowns and references under ``path`` (they are removed by the engine)."""
        stack = [(path, value)]
        while stack:
            p, v = stack.pop()
            if isinstance(v, Unknown):
                self.out.unresolved.append((p, v.text))
            elif isinstance(v, Ref):
                if v.opaque and not refs_ok:
                    self.out.opaque.append(p)
            elif isinstance(v, dict):
                stack.extend((p + (k,), x) for k, x in v.items())
            elif isinstance(v, list):
                stack.extend((p + (i,), x) for i, x in enumerate(v))

    def dynamic(self, name: str, path: Path, body: Optional[hcl.Body] = None) -> bool:
        """A ``dynamic "<name>"`` block of ``body`` whose for_each is not known (one that is known
        is expanded by :meth:`blocks`): its content is unknown at ``path`` (DOA003), so no rule
        calls the block missing. True when there was one."""
        found = False
        for blk in self.unknown_dynamic(name, body):
            self.put_value(path, Unknown(f'dynamic "{name}"'), self.block_at(blk))
            found = True
            if not (path and isinstance(path[-1], int)):
                break  # one value: the first such block stands for it
            path = path[:-1] + (path[-1] + 1,)  # a list of blocks: the next one goes after it
        return found

    def block_at(self, block: hcl.Block) -> tuple[int, int]:
        return block.start, block.start + len(getattr(block, "keyword", block.type))


# a dynamic block generating more blocks than this is not expanded (unknown, DOA003)
MAX_DYNAMIC = 1024


def _owner(root: hcl.Body, body: hcl.Body, depth: int = 0) -> Optional[hcl.Block]:
    """The block of ``root`` (at any depth) whose body is ``body``, or None."""
    if depth > 8:
        return None
    for blk in root.blocks:
        if blk.body is body:
            return blk
        found = _owner(blk.body, body, depth + 1)
        if found is not None:
            return found
    return None


def _env(body: Any) -> dict:
    """The names bound around ``body`` (the iterators of the dynamic blocks it comes from)."""
    return getattr(body, "env", None) or {}


def _bound(block: hcl.Block, env: dict, keyword: str) -> hcl.Block:
    """``block`` evaluated with ``env`` bound (its body and every block in it); ``keyword``: the
    word it is written with (``content`` for a generated block), which locates it."""
    if not env and keyword == block.type:
        return block
    from doalint import record as records

    body = records.replace(block.body)
    body.env = env
    out = records.replace(block, body=body)
    out.keyword = keyword
    return out


# --- converters ---------------------------------------------------------------------------
def text(v: Any) -> Any:
    if isinstance(v, (Unknown, Ref)):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(int(v)) if float(v).is_integer() else str(v)
    return v


def number(v: Any) -> Any:
    if isinstance(v, str) and not isinstance(v, Ref):
        try:
            f = float(v)
            return int(f) if f.is_integer() else f
        except ValueError:
            return v
    return v


def json_document(v: Any) -> Any:
    """A JSON document given as jsonencode(...) (already data), a string or a heredoc."""
    v = as_text(v) if isinstance(v, JsonEncoded) else v
    if isinstance(v, str) and not isinstance(v, Ref):
        try:
            return json.loads(v)
        except json.JSONDecodeError:
            return Unknown("container_definitions (not valid JSON)")
    return plain(v)


def tags_list(v: Any) -> Any:
    if isinstance(v, dict):
        return [{"key": k, "value": text(x)} for k, x in v.items()]
    return v


def boolean(v: Any) -> Any:
    """A bool argument: Terraform converts the strings "true" and "false" to its value."""
    if isinstance(v, str) and not isinstance(v, Ref) and v in ("true", "false"):
        return v == "true"
    return v


def enabled_disabled(v: Any) -> Any:
    """assign_public_ip (a bool, "true"/"false" converted) as the API's ENABLED/DISABLED."""
    v = boolean(v)
    if isinstance(v, bool):
        return "ENABLED" if v else "DISABLED"
    return v


MAPPERS: dict[str, Callable[[Builder], None]] = {}
KIND_OF: dict[str, str] = {}


def mapper(tf_type: str, kind: str):
    def deco(fn):
        MAPPERS[tf_type] = fn
        KIND_OF[tf_type] = kind
        return fn

    return deco


_loaded = False


def _load_mappers() -> None:
    """Import every module of doalint.terraform.mappers (mappers are discovered, not listed)."""
    global _loaded
    if not _loaded:
        _loaded = True
        import importlib

        import doalint.terraform.mappers as pkg
        from doalint.modules import submodules

        for name, _ in submodules(pkg):
            importlib.import_module(name)


def map_resource(res: Resource, module: Module, profile=None) -> list[Mapped]:
    """The documents of a resource: none, its own, and those its mapper adds (``Mapped.also``)."""
    _load_mappers()
    fn = MAPPERS.get(res.type) if res.mode == "resource" else None
    if fn is None:
        return []
    b = Builder(res, module, KIND_OF[res.type], profile)
    fn(b)
    return ([] if b.out.meta.get("skip") else [b.out]) + [m for m in b.out.also if not m.meta.get("skip")]
