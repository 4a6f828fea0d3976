"""Checking CloudFormation templates: each supported resource becomes a document of its kind.

A resource's Properties are resolved (intrinsic functions), renamed into the API's key names
where CloudFormation's differ, and coerced to the API's types; every key keeps the position of
the property it comes from, so findings point at the property's line and name the resource by
its logical ID (``Resources/ProductService``).
"""

from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Optional

from doalint.cloudformation.template import is_template  # noqa: F401  (doalint.frontend.claims_value)
from doalint.document import Document
from doalint.record import field, record
from doalint.source import Path, SourceMap
from doalint.values import Ref, Undefined, Unknown

CFN_MAPPERS: dict[str, tuple[str, Callable]] = {}


def cfn_mapper(resource_type: str, kind: str):
    def deco(fn):
        CFN_MAPPERS[resource_type] = (kind, fn)
        return fn

    return deco


@record
class CfnDoc:
    kind: str
    data: Any
    paths: dict  # document path -> template path (for positions)
    meta: dict = field(default_factory=dict)
    root: Optional[Path] = None  # template path the document's root stands at


class Resource:
    """One resource of a template, as mappers read it."""

    def __init__(self, template, logical: str, smap: SourceMap) -> None:
        self.template = template
        self.logical = logical
        self.raw = template.resources[logical]
        self.type = self.raw.get("Type")
        self.base: Path = ("Resources", logical, "Properties")
        props = self.raw.get("Properties")
        self.props = template.resolve(props, self.base)[0] if props is not None else {}
        self.smap = smap
        self.names: dict = {}  # API name -> CloudFormation name, where they differ but in case

    @property
    def address(self) -> str:
        return f"Resources/{self.logical}"

    def view(self, value: Any = None, base: Optional[Path] = None, *, camel: bool = False,
             renames: Optional[dict] = None, keep: Iterable[str] = ()) -> tuple[Any, dict]:
        """(value with keys renamed, {document path: template path}).

        ``camel``: PascalCase keys become the API's camelCase (``ContainerDefinitions`` ->
        ``containerDefinitions``); ``renames`` maps CloudFormation names that differ otherwise;
        keys under a key named in ``keep`` are data (log driver options), not property names.
        """
        value = self.props if value is None else value
        base = self.base if base is None else base
        renames = renames or {}
        # (the API's names of the renamed properties, for a fix that inserts one: doalint.fixes.resolve)
        self.names.update({api: cfn for cfn, api in renames.items()})
        keep = set(keep)
        paths: dict = {(): base}

        def name(k: str) -> str:
            if k in renames:
                return renames[k]
            return k[:1].lower() + k[1:] if camel and k[:1].isupper() else k

        def walk(v: Any, out: Path, src: Path, raw_keys: bool) -> Any:
            if isinstance(v, dict) and not isinstance(v, (Unknown,)):
                res = {}
                for k, x in v.items():
                    nk = k if raw_keys else name(k)
                    paths[out + (nk,)] = src + (k,)
                    res[nk] = walk(x, out + (nk,), src + (k,), nk in keep or k in keep)
                return res
            if isinstance(v, list):
                items = []
                for i, x in enumerate(v):
                    paths[out + (i,)] = src + (i,)
                    items.append(walk(x, out + (i,), src + (i,), False))
                return items
            return v

        return walk(value, (), base, False), paths


def _spans(smap: SourceMap, paths: dict, root_key: Path) -> SourceMap:
    out = SourceMap()
    key_span = smap.keys.get(root_key)
    if key_span is not None:
        out.keys[()] = key_span
        out.values[()] = smap.values.get(root_key, key_span)
    for doc_path, tpl_path in paths.items():
        if not doc_path:
            continue
        k = smap.keys.get(tpl_path)
        v = smap.values.get(tpl_path)
        if k is None and v is None:
            span, _ = smap.locate(tpl_path)
            k = v = span
        if k is not None:
            out.keys[doc_path] = k
        if v is not None:
            out.values[doc_path] = v
    return out


def _anchor(path: Path) -> Path:
    """Where the value of a function at ``path`` stands: a known ``Fn::If``'s branch stands where the
    ``!If`` does; what is inside another function stands at the function."""
    out: list = []
    i = 0
    while i < len(path):
        seg = path[i]
        if seg == "Fn::If" and i + 1 < len(path) and isinstance(path[i + 1], int):
            i += 2
            continue
        if isinstance(seg, str) and seg.startswith("Fn::"):
            break
        out.append(seg)
        i += 1
    return tuple(out)


def _defaults(template, smap: SourceMap, item: CfnDoc) -> dict:
    """{document path: [(span of the default, parameter name, its template path)]} for each value of
    the document that comes from a parameter's Default (a ``!Ref``, or a ``!Sub``, ``!Join``,
    ``!Select``, ``!FindInMap`` ... over one): findings stay at the ``!Ref`` and relate the default
    (doalint.engine.runner). A value that is an object is not recorded: what is in it has its own
    positions."""
    used = getattr(template, "defaults_used", None)
    if not used:
        return {}
    by_anchor: dict = {}
    for at, names in used.items():
        by_anchor.setdefault(_anchor(at), set()).update(names)
    out: dict = {}
    for doc_path, tpl_path in item.paths.items():
        names = by_anchor.get(_anchor(tpl_path))
        if not names or isinstance(_value_at(item.data, doc_path), dict):
            continue
        entries = []
        for name in sorted(names):
            at = ("Parameters", name, "Default")
            span = smap.values.get(at) or smap.keys.get(at)
            if span is not None:
                entries.append((span, name, at))
        if entries:
            out[doc_path] = entries
    return out


def _value_at(data: Any, path: Path) -> Any:
    for seg in path:
        if isinstance(data, dict) and seg in data:
            data = data[seg]
        elif isinstance(data, list) and isinstance(seg, int) and 0 <= seg < len(data):
            data = data[seg]
        else:
            return None
    return data


def _scan(value: Any) -> tuple[list, list]:
    unresolved, opaque = [], []
    stack = [((), value)]
    while stack:
        p, v = stack.pop()
        if isinstance(v, Undefined):
            opaque.append(p)  # a name the template lacks: DOA001 says so
        elif isinstance(v, Unknown):
            unresolved.append((p, v.text))
        elif isinstance(v, Ref):
            if v.opaque:
                opaque.append(p)
        elif isinstance(v, dict):
            stack.extend((p + (k,), x) for k, x in v.items())
        elif isinstance(v, list):
            stack.extend((p + (i,), x) for i, x in enumerate(v))
    return unresolved, opaque


_loaded = False


def _load_mappers() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        import importlib

        import doalint.cloudformation.mappers as pkg
        from doalint.modules import submodules

        for name, _ in submodules(pkg):
            importlib.import_module(name)


def read(file: str, unit_index: int, value: dict, smap: SourceMap, options, out) -> None:
    """Read one template (a document of ``file``) into ``out`` (a doalint.frontend.Read): a document
    for each resource doalint checks, DOA001 for a format error, DOA003 for Properties it cannot
    resolve, the resources passed over and why, and the Metadata suppression entries."""
    from doalint.cloudformation.template import SAM, Template, format_errors
    from doalint.engine.findings import InternalError, Skipped
    from doalint.errors import UsageError
    from doalint.frontend import Problem

    _load_mappers()
    template = Template(value, options.profile)
    for path, message in format_errors(template):
        span, _ = smap.locate(path)
        out.items.append(Problem("DOA001", span, f"template format error: {message}", path=path, unit=unit_index))
    for logical, raw in template.resources.items():
        if not isinstance(raw, dict):
            continue
        rtype = raw.get("Type")
        if rtype == "AWS::CloudFormation::Stack":
            out.skipped.append(Skipped(f"{file} (Resources/{logical})", "a nested stack: check its own template"))
            continue
        if isinstance(rtype, str) and rtype.startswith(SAM + "::"):
            # the SAM transform changes only these: the template's other resources are plain ones
            out.skipped.append(Skipped(f"{file} (Resources/{logical})",
                                       f"a SAM resource ({rtype}): the SAM transform turns it into other "
                                       "resources at deployment; not checked"))
            continue
        entry = CFN_MAPPERS.get(rtype) if isinstance(rtype, str) else None
        if entry is None:
            continue
        condition = raw.get("Condition")
        if isinstance(condition, str) and template.condition(condition) is False:
            out.skipped.append(Skipped(f"{file} (Resources/{logical})",
                                       f"its Condition {condition} is false with the parameters' defaults"))
            continue
        kind, fn = entry
        try:
            res = Resource(template, logical, smap)
            if not isinstance(res.props, dict):
                # Properties: !ImportValue x, or an !If on an unknown condition: nothing to read
                at = ("Resources", logical, "Properties")
                span, _ = smap.locate(at)
                shown = res.props.text if isinstance(res.props, Unknown) else "not a mapping"
                out.items.append(Problem(
                    "DOA003", span, f"Resources/{logical}: Properties is `{shown}`, which doalint cannot resolve "
                    "statically; the resource was not checked", path=at, unit=unit_index, document=res.address))
                continue
            produced = list(fn(res))
        except UsageError:
            raise
        except Exception as exc:
            if os.environ.get("DOALINT_DEBUG"):
                raise
            out.errors.append(InternalError(file, f"cloudformation:{rtype}", f"{type(exc).__name__}: {exc}"))
            continue
        for item in produced:
            root_key = item.root or ("Resources", logical)
            doc = Document(file, item.kind or kind, item.data, _spans(smap, item.paths, root_key),
                           source="cloudformation")
            doc.address = res.address
            doc.unresolved_values, doc.opaque = _scan(item.data)
            doc.meta = item.meta
            defaults = _defaults(template, smap, item)
            if defaults:
                doc.meta = {**item.meta, "defaults": defaults}
            if res.names:
                doc.meta = {**doc.meta, "names": dict(res.names)}
            props = smap.values.get(res.base if item.root is None else item.root)
            if props is not None:  # (where a fix inserts at the document's root: its root's span is the resource's)
                doc.meta = {**doc.meta, "properties": props}
            doc.unit = unit_index
            out.items.append(doc)
    _metadata_suppressions(template, smap, unit_index, out)


def _metadata_suppressions(template, smap, unit: int, out) -> None:
    """``Metadata: {doalint: {ignore: [{rule: DOA202, reason: "..."}]}}`` on a resource (its
    findings) or on the template (every finding of the file). A reason is required (DOA013)."""
    from doalint.frontend import MetadataIgnore, Problem
    from doalint.source import Span

    def problem(span, message: str) -> None:
        out.items.append(Problem("DOA013", Span(span.line, span.col, span.line, span.col), message))

    def collect(meta: Any, scope: Optional[str], base: Path) -> None:
        if not isinstance(meta, dict):
            return
        cfg = meta.get("doalint")
        items = cfg.get("ignore") if isinstance(cfg, dict) else None
        if not isinstance(items, list):
            return
        for i, item in enumerate(items):
            path = base + ("doalint", "ignore", i)
            span, _ = smap.locate(path)
            if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
                problem(span, "a doalint ignore entry needs a rule and a reason")
                continue
            reason = item.get("reason")
            if not isinstance(reason, str) or not reason.strip():
                problem(span, f"suppression of {item['rule']} has no reason; add reason: \"why\"")
                continue
            out.ignores.append(MetadataIgnore(scope, item["rule"], reason.strip(), span))

    collect(template.value.get("Metadata"), None, ("Metadata",))
    for logical, raw in template.resources.items():
        if isinstance(raw, dict):
            collect(raw.get("Metadata"), f"Resources/{logical}", ("Resources", logical, "Metadata"))


def coerce(kind_service: str, shape: str, data: Any) -> Any:
    from doalint.shapes import coerce as _coerce

    return _coerce(kind_service, shape, data)


