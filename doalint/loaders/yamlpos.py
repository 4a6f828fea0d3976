"""YAML loading that keeps positions and never constructs objects.

PyYAML's composer gives a node tree with marks; this module turns nodes into
plain data itself: only null, bool, int, float and str are resolved, every
other tag is kept as data (short-form CloudFormation tags become their long
form, e.g. ``!Ref X`` -> ``{"Ref": "X"}``). Aliases are shared, not copied, and
their expanded size is bounded (a document's values and keys, an alias counted at each use) so
that a huge document or an alias bomb is a parse error rather
than an hour of CPU.
"""

from __future__ import annotations

import gc
from typing import Any, Optional

import yaml

from doalint.loaders.errors import ParseError
from doalint.loaders.jsonpos import Duplicate
from doalint.source import Path, SourceMap, Span

try:  # libyaml is much faster when present
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the build of PyYAML
    _Loader = yaml.SafeLoader

_T = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS = {
    _T + "null": _CONSTRUCTOR.construct_yaml_null,
    _T + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _T + "int": _CONSTRUCTOR.construct_yaml_int,
    _T + "float": _CONSTRUCTOR.construct_yaml_float,
}
# CloudFormation short forms whose long form is not "Fn::<name>".
_SHORT_TAGS = {"!Ref": "Ref", "!Condition": "Condition"}

MAX_NODES = 200_000


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _span(node: yaml.Node) -> Span:
    s, e = node.start_mark, node.end_mark
    return Span(s.line + 1, s.column + 1, e.line + 1, e.column + 1)


class _Builder:
    def __init__(self, max_depth: int, text: str = "") -> None:
        self.smap = SourceMap()
        self.dups: list[Duplicate] = []
        self.max_depth = max_depth
        self.sizes: dict[int, int] = {}
        self.text = text
        self._lines: Optional[list[str]] = None

    def placeholder(self, node: yaml.Node) -> Optional[str]:
        """A Go/Jinja/mustache placeholder written as a plain value (``name: {{ .Name }}``) is a
        flow mapping to YAML; it is the token as written (a placeholder, DOA003)."""
        if not node.flow_style or not node.value or not isinstance(node.value[0][0], yaml.MappingNode):
            return None
        s, e = node.start_mark, node.end_mark
        if s.line != e.line:
            return None
        if self._lines is None:
            self._lines = self.text.split("\n")
        token = self._lines[s.line][s.column : e.column] if s.line < len(self._lines) else ""
        if token.startswith("!"):  # a tag's mark is the node's (``Value: !Sub {{ .x }}``)
            token = token[token.find("{{"):] if "{{" in token else ""
        return token if token.startswith("{{") and token.endswith("}}") else None

    def size(self, node: yaml.Node, depth: int = 0) -> int:
        """Expanded node count (aliases counted at each use), memoised."""
        key = id(node)
        got = self.sizes.get(key)
        if got is not None:
            return got
        if depth > self.max_depth:
            raise ParseError(f"nesting deeper than {self.max_depth} levels", *_at(node))
        self.sizes[key] = 1  # a recursive alias counts once; value() rejects it
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += self.size(k, depth + 1) + self.size(v, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            for v in node.value:
                total += self.size(v, depth + 1)
        self.sizes[key] = total
        return total

    def value(self, node: yaml.Node, path: Path, active: set[int]) -> Any:
        self.smap.values[path] = _span(node)
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode):
            val = self.scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            if id(node) in active:
                raise ParseError("recursive YAML alias", *_at(node))
            active.add(id(node))
            val = [self.value(v, path + (i,), active) for i, v in enumerate(node.value)]
            active.discard(id(node))
        elif isinstance(node, yaml.MappingNode) and node.flow_style and self.placeholder(node) is not None:
            val = self.placeholder(node)
        else:
            if id(node) in active:
                raise ParseError("recursive YAML alias", *_at(node))
            active.add(id(node))
            val = self.mapping(node, path, active)
            active.discard(id(node))
        if tag.startswith("!") and not tag.startswith("!!"):
            name = _SHORT_TAGS.get(tag) or "Fn::" + tag[1:]
            if tag == "!GetAtt" and isinstance(val, str) and "." in val:
                val = val.split(".", 1)
            return {name: val}
        return val

    def scalar(self, node: yaml.ScalarNode) -> Any:
        construct = _SCALARS.get(node.tag)
        if construct is not None and not node.style:
            try:
                return construct(node)
            except (ValueError, TypeError, yaml.YAMLError):
                return node.value
        return node.value

    def key_text(self, node: yaml.Node) -> str:
        if isinstance(node, yaml.ScalarNode):
            val = self.scalar(node)
            if val is None:
                return "null" if node.value in ("", "~", "null") else node.value
            if isinstance(val, bool):
                return node.value
            return str(val)
        if isinstance(node, yaml.MappingNode) and self.placeholder(node) is not None:
            return self.placeholder(node)
        return f"<complex key at line {node.start_mark.line + 1}>"

    def mapping(self, node: yaml.MappingNode, path: Path, active: set[int]) -> dict:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.tag == _T + "merge":
                sources = vnode.value if isinstance(vnode, yaml.SequenceNode) else [vnode]
                for src in sources:
                    if isinstance(src, yaml.MappingNode):
                        for k, v in self.mapping(src, path, active).items():
                            out.setdefault(k, v)
                continue
            key = self.key_text(knode)
            kpath = path + (key,)
            kspan = _span(knode)
            if key in out and kpath in self.smap.keys:
                self.dups.append(Duplicate(kpath, kspan, self.smap.keys[kpath]))
            self.smap.keys[kpath] = kspan
            out[key] = self.value(vnode, kpath, active)
        return out


def parse_yaml(text: str, max_depth: int = 100) -> list[tuple[Any, SourceMap, list[Duplicate]]]:
    """Parse every document of a YAML stream.

    Returns one (value, source map, duplicates) per document; raises
    :class:`ParseError` with the line and column of the fault.
    """
    loader = _Loader(text)
    docs = []
    # The cyclic garbage collector is paused while the node tree grows: it would walk the whole
    # tree again at each of its rounds (two thirds of the time of a big file). Whatever garbage
    # the parse leaves is collected once it runs again.
    paused = gc.isenabled()
    if paused:
        gc.disable()
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            b = _Builder(max_depth, text)
            total = b.size(node)
            if total > MAX_NODES:  # keys and values, each use of an alias counted again
                written = len(b.sizes)  # the nodes as written: fewer when aliases repeat some
                raise ParseError(
                    f"document has more than {MAX_NODES} values (keys included) once its aliases are "
                    f"expanded ({total}, from {written} written; an alias bomb?)" if written < total else
                    f"document has more than {MAX_NODES} values (keys included): {total}; doalint reads "
                    f"documents of up to {MAX_NODES}",
                    *_at(node),
                )
            docs.append((b.value(node, (), set()), b.smap, b.dups))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        msg = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if mark is None:
            raise ParseError(msg) from None
        raise ParseError(msg, mark.line + 1, mark.column + 1) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ParseError(f"nesting deeper than {max_depth} levels") from None
    finally:
        loader.dispose()
        if paused:
            gc.enable()
    return docs
