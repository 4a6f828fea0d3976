"""Terraform's JSON syntax (``*.tf.json``, what CDKTF and other generators write), read into the
same syntax tree as native ``.tf`` files, with every node at its place in the JSON text.

Terraform interprets a JSON file with the provider's schema: the same JSON object may be a map
argument (``tags``) or a nested block (``network_configuration``). doalint has no schemas, so an
object (or a list of objects) under a key is read as both, an argument and block(s) of that name:
each mapper asks for what it knows the key to be. Strings are templates (``"${var.cpu}"``), parsed
by the HCL parser where they stand in the file; a key ``"//"`` is a comment.
"""

from __future__ import annotations

from typing import Any

from doalint.loaders.errors import LineIndex, ParseError
from doalint.source import Path
from doalint.terraform import hcl

COMMENT = "//"
# top-level block types: how many labels their JSON nests before the body
_LABELS = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1,
           "locals": 0, "terraform": 0}


def parse(text: str) -> hcl.Body:
    """Parse one .tf.json file; raises ParseError with line and column."""
    from doalint.loaders.jsonpos import parse_json

    if text.startswith("\ufeff"):
        text = " " + text[1:]  # keep offsets: the BOM's place becomes a blank
    value, smap, _ = parse_json(text)
    if not isinstance(value, dict):
        raise ParseError("a Terraform JSON file holds one object (block types as keys)", 1, 1)
    return _Reader(text, smap).file(value)


class _Reader:
    def __init__(self, text: str, smap) -> None:
        self.text, self.smap = text, smap
        self.starts = LineIndex(text).starts

    def _off(self, line: int, col: int) -> int:
        return self.starts[line - 1] + col - 1

    def value_at(self, path: Path) -> tuple[int, int]:
        s = self.smap.values.get(path)
        if s is None:
            return 0, 0
        return self._off(s.line, s.col), self._off(s.end_line, s.end_col)

    def key_at(self, path: Path) -> tuple[int, int]:
        s = self.smap.keys.get(path)
        if s is None:
            return self.value_at(path)
        return self._off(s.line, s.col), self._off(s.end_line, s.end_col)

    # --- blocks ---------------------------------------------------------------------------
    def file(self, value: dict) -> hcl.Body:
        body = hcl.Body()
        for btype, inner in value.items():
            if btype == COMMENT or btype not in _LABELS:
                continue
            self._labelled(body, btype, _LABELS[btype], inner, (btype,), [])
        return body

    def _labelled(self, body: hcl.Body, btype: str, labels_left: int, value: Any, path: Path, labels: list) -> None:
        """``{"label": {"label": BODY}}``: one level per label, then a body or a list of bodies. At
        every level an array of such objects stands for their union (``"resource": [{...}, {...}]``,
        valid in Terraform's JSON syntax)."""
        if labels_left and isinstance(value, list):
            for i, item in enumerate(value):
                self._labelled(body, btype, labels_left, item, path + (i,), labels)
            return
        if labels_left:
            if isinstance(value, dict):
                for label, inner in value.items():
                    if label != COMMENT:
                        self._labelled(body, btype, labels_left - 1, inner, path + (label,), labels + [label])
            return
        for sub, item in self._bodies(value, path):
            _, end = self.value_at(sub)
            key_start, _ = self.key_at(path)
            body.blocks.append(hcl.Block(btype, list(labels), self.body(item, sub), key_start, end))

    @staticmethod
    def _bodies(value: Any, path: Path) -> list[tuple[Path, dict]]:
        if isinstance(value, dict):
            return [(path, value)]
        if isinstance(value, list):
            return [(path + (i,), v) for i, v in enumerate(value) if isinstance(v, dict)]
        return []

    def body(self, value: dict, path: Path) -> hcl.Body:
        body = hcl.Body()
        for key, item in value.items():
            if key == COMMENT:
                continue
            at = path + (key,)
            start, end = self.key_at(at)
            body.attributes[key] = hcl.Attribute(key, self.expr(item, at), start, end)
            # an object, or a list of objects, may be a nested block: read it as that too
            if isinstance(item, dict) or (isinstance(item, list) and item and all(isinstance(x, dict) for x in item)):
                for sub, inner in self._bodies(item, at):
                    _, block_end = self.value_at(sub)
                    body.blocks.append(hcl.Block(key, [], self.body(inner, sub), start, block_end))
        return body

    # --- expressions ----------------------------------------------------------------------
    def expr(self, value: Any, path: Path) -> hcl.Node:
        start, end = self.value_at(path)
        if isinstance(value, str):
            return self._template(value, start, end)
        if isinstance(value, list):
            return hcl.TupleExpr(start, end, [self.expr(v, path + (i,)) for i, v in enumerate(value)])
        if isinstance(value, dict):
            items = []
            for k, v in value.items():
                if k == COMMENT:
                    continue
                ks, ke = self.key_at(path + (k,))
                items.append(hcl.ObjectItem(hcl.Literal(ks, ke, k), self.expr(v, path + (k,)), k))
            return hcl.ObjectExpr(start, end, items)
        return hcl.Literal(start, end, value)

    def _template(self, value: str, start: int, end: int) -> hcl.Node:
        """A JSON string is a template: ``"${var.cpu}"``, ``"/ecs/${local.service}"``. Parsed by the HCL
        parser at its place in the file, so interpolations keep their positions; a string HCL reads
        differently than JSON (an escape only JSON has) is its JSON value, a literal."""
        if "${" not in value and "%{" not in value:
            return hcl.Literal(start, end, value)
        parser = hcl.Parser(self.text)
        parser.i = start
        try:
            node = parser.template()
        except ParseError:
            return hcl.Literal(start, end, value)
        if parser.i != end:
            return hcl.Literal(start, end, value)
        return node
