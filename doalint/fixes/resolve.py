"""From a rule's fix (operations on document paths) to text edits of the file that holds the document.

The engine calls :func:`resolve` for each finding whose violation carries a fix, with the document and
the file's text. A ``Set`` of a value written as a literal in this file becomes a replacement of that
literal (in the file's own syntax: doalint.fixes.syntax); a ``Set`` of a missing key becomes an
insertion into the nearest mapping the file writes, the missing levels nested; a ``Delete`` removes
the member or list item with its separator. Where the edit cannot be written without touching
something else (the value is an expression, a reference, a YAML alias; the document was mapped from
Terraform and the key is missing there, whose name and nesting the API path does not say), there is
no fix: None.
"""

from __future__ import annotations

from typing import Any, Optional

from doalint.fixes import Delete, Fix, Set, TextEdit

# Terraform's AWS provider writes some of the API's enumerations as booleans.
_TF_BOOL_ENUMS = {"ENABLED": True, "DISABLED": False}


def file_format(doc, text: str) -> Optional[str]:
    """The syntax of the file a document was read from: "json", "yaml", "hcl", or None (an account)."""
    if doc.source == "aws":
        return None
    name = doc.file.lower()
    if doc.source == "terraform":
        return "hcl" if name.endswith((".tf", ".tfvars")) else "json" if name.endswith(".json") else None
    if ".json" in name:
        return "json"
    if name.endswith((".yaml", ".yml")) or ".yaml." in name or ".yml." in name:
        return "yaml"
    return "json" if text.lstrip()[:1] in ("{", "[") else "yaml"


def resolve(fix: Fix, doc, text: str, read=None) -> Optional[Fix]:
    """``fix`` (its ops absolute paths in ``doc``'s file) with its edits, or None. ``read(file)``: another
    file's text (a Terraform variable's default is written in another file of the module)."""
    fmt = file_format(doc, text)
    if fmt is None or not text:
        return None
    from doalint.fixes import syntax
    from doalint.fixes.text import position

    edits: list = []  # (file, its text, Edit)
    shared = ""  # an edit of a value other resources may use too (a parameter's default): unsafe
    for op in fix.ops:
        got = _delete(syntax, fmt, doc, text, op.path) if isinstance(op, Delete) else \
            _set(syntax, fmt, doc, text, op.path, op.value)
        if got:
            edits += [(doc.file, text, e) for e in got]
            continue
        if isinstance(op, Set):
            got = _parameter_default(syntax, fmt, doc, text, op.path, op.value)
            if got:
                edits += [(doc.file, text, e) for e in got]
                shared = " (in the parameter's default, which other resources may use)"
                continue
            if fmt == "hcl" and read is not None:
                found = _variable_default(syntax, doc, text, op.path, op.value, read)
                if found:
                    name, file, other, edit = found
                    edits.append((file, other, edit))
                    shared = f" (in variable {name}'s default, which other resources may use)"
                    continue
        return None
    out = []
    for file, body, e in edits:
        line, col = position(body, e.start)
        end_line, end_col = position(body, e.end)
        out.append(TextEdit(file, line, col, end_line, end_col, e.text))
    if shared:
        return Fix(fix.description + shared, fix.ops, False, out)
    return fix.with_edits(out)


def _variable_default(syntax, doc, text: str, path, value, read):
    """A Terraform value written as ``var.NAME`` whose value is the variable's default (no tfvars file
    sets it): (name, the default's file, its text, the edit of the default), or None. Unsafe: every
    resource that uses the variable changes with it, and a caller of the module may pass its own."""
    origin = ((doc.meta or {}).get("origins") or {}).get(tuple(path))
    if origin is None or isinstance(value, dict):
        return None
    name, file, span = origin
    other = text if file == doc.file else read(file)
    if not other:
        return None
    value = _hcl_value(other, span, value)
    if value is None:
        return None
    edit = syntax.replace_value("hcl", other, span, value)
    return (name, file, other, edit) if edit is not None else None


def _parameter_default(syntax, fmt: str, doc, text: str, path, value) -> Optional[list]:
    """A CloudFormation value that is a parameter's Default (a plain ``!Ref``): the edit of that
    Default. Unsafe, since every resource that refers to the parameter changes with it, and any stack
    that passes the parameter keeps its own value."""
    if doc.source != "cloudformation" or isinstance(value, (dict, list)):
        return None
    entries = ((doc.meta or {}).get("defaults") or {}).get(tuple(path))
    span = doc.smap.values.get(tuple(path))
    if not entries or len(entries) != 1 or span is None:
        return None
    from doalint.fixes.text import offset

    written = text[offset(text, span.line, span.col):offset(text, span.end_line, span.end_col)]
    if not (written.startswith("!Ref") or '"Ref"' in written or "Ref:" in written):
        return None  # (a !Sub, !Join ... over the parameter: its default is not the value)
    default_span, _, _ = entries[0]
    edit = syntax.replace_value(fmt, text, default_span, value)
    return [edit] if edit is not None else None


def _value_at(doc, path):
    """The file's value at absolute ``path`` as far as the document holds it (its data is relative)."""
    rel = tuple(path)[len(doc.base):] if tuple(path[: len(doc.base)]) == tuple(doc.base) else None
    if rel is None:
        return None
    v: Any = doc.data
    for k in rel:
        if isinstance(v, dict) and k in v:
            v = v[k]
        elif isinstance(v, list) and isinstance(k, int) and 0 <= k < len(v):
            v = v[k]
        else:
            return None
    return v


def _set(syntax, fmt: str, doc, text: str, path, value) -> Optional[list]:
    values = doc.smap.values
    span = values.get(tuple(path))
    slot = (doc.meta or {}).get("slots", {}).get(tuple(path)) if fmt == "hcl" else None
    if span is not None and slot is None:
        if fmt == "hcl":
            value = _hcl_value(text, span, value)
            if value is None:
                return None
        edit = syntax.replace_value(fmt, text, span, _named_value(doc, value))
        return [edit] if edit is not None else None
    if fmt == "hcl":
        # a missing argument or block: where the Terraform mapper would have read it (its name, its
        # block; a block's arguments by their API names)
        if slot is None:
            return None
        tf_name, parent, names = slot
        if names is None:
            if isinstance(value, (dict, list)):
                return None  # (an argument the provider writes in another form)
            return syntax.insert_member(fmt, text, parent, tf_name, value)
        blocks = value if isinstance(value, list) else [value]
        if not blocks or not all(isinstance(b, dict) and set(b) <= set(names) for b in blocks):
            return None
        renamed = [{names[k]: v for k, v in b.items()} for b in blocks]
        return syntax.insert_member(fmt, text, parent, tf_name, renamed if isinstance(value, list) else renamed[0],
                                    as_block=True)
    missing: list = []
    anc = tuple(path)
    while anc and anc not in values:
        missing.insert(0, anc[-1])
        anc = anc[:-1]
    parent = values.get(anc)
    wrap = False  # a resource without Properties: the property goes into a new Properties mapping
    if doc.source == "cloudformation" and anc == ():
        parent = (doc.meta or {}).get("properties")  # (the root's span is the resource's)
        if parent is None and not doc.data and values.get(()) is not None and doc.address:
            parent, wrap = values[()], True
    if parent is None or any(not isinstance(k, str) for k in missing):
        return None
    if not isinstance(_value_at(doc, anc), dict):
        return None  # (a list, or a value the document does not hold as a mapping)
    names = [_name(doc, k) for k in missing]
    nested = _named_value(doc, value)
    for k in reversed(names[1:]):
        nested = {k: nested}
    if wrap:
        return syntax.insert_member(fmt, text, parent, "Properties", {names[0]: nested})
    return syntax.insert_member(fmt, text, parent, names[0], nested)


def _delete(syntax, fmt: str, doc, text: str, path) -> Optional[list]:
    path = tuple(path)
    values, keys = doc.smap.values, doc.smap.keys
    if not path:
        return None
    parent = values.get(path[:-1])
    if isinstance(path[-1], int):
        item = values.get(path)
        if item is None or (parent is None and fmt != "hcl"):
            return None  # (in Terraform a repeated block has no list of its own: its span is the block's)
        return syntax.delete_item(fmt, text, parent, item)
    if parent is None:
        return None
    key, val = keys.get(path), values.get(path)
    if key is None or val is None:
        return None
    return syntax.delete_member(fmt, text, parent, key, val)


def _named_value(doc, value):
    """``value`` with its mapping keys as the file writes them (_name)."""
    if isinstance(value, dict):
        return {_name(doc, k): _named_value(doc, v) for k, v in value.items()}
    if isinstance(value, list):
        return [_named_value(doc, v) for v in value]
    return value


def _name(doc, key: str) -> str:
    """The key as the file writes it: CloudFormation names the API's members in PascalCase, but for
    the properties its mapper renamed (``ClusterSettings`` for ``settings``)."""
    if doc.source != "cloudformation":
        return key
    renamed = (doc.meta or {}).get("names", {}).get(key)
    if renamed:
        return renamed
    return key[0].upper() + key[1:] if key[:1].islower() else key


def _hcl_value(text: str, span, value):
    """The value as Terraform writes it where the literal at ``span`` stands: the AWS provider takes
    a boolean where the API takes ENABLED/DISABLED. None when the file's literal has another type."""
    from doalint.fixes.text import offset

    try:
        old = text[offset(text, span.line, span.col):offset(text, span.end_line, span.end_col)].strip()
    except ValueError:
        return None
    if old in ("true", "false"):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value in _TF_BOOL_ENUMS:
            return _TF_BOOL_ENUMS[value]
        return None
    if old.startswith('"'):
        return value if isinstance(value, str) else None
    if old.startswith("["):
        return value if isinstance(value, list) else None
    if old[:1].isdigit() or old[:1] == "-":
        if isinstance(value, str) and value.isdigit():
            return int(value)  # (an API attribute's text value, a number in the provider's argument)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    return None
