"""Minimal, format-preserving text edits of JSON, YAML and HCL (Terraform) files.

Given a file's text, its format and spans from doalint's own source maps
(:class:`doalint.source.Span`: 1-based lines and character columns, the end exclusive), each
function returns the :class:`doalint.fixes.text.Edit` objects (offsets into the text) that make one
change in the file's own style, touching nothing else, or None where it cannot do so faithfully
(the text at the span is an expression, a tag, an alias or an anchored node, a CloudFormation
intrinsic, a heredoc; the value cannot be written in the format). An edit never leaves text that
does not parse: when unsure, None.

``fmt`` is ``"json"``, ``"yaml"`` (``"yml"``) or ``"hcl"`` (``"terraform"``, ``"tf"``). Values are
None, bool, int, float (finite), str, and dicts (str keys) and lists of them.

The text must be the text the spans were taken from: as doalint decodes a file (UTF-8, a byte
order mark removed).
"""

from __future__ import annotations

import math
from typing import Any, Optional

from doalint.fixes.text import Edit, line_starts, offset

_FORMATS = {"json": "json", "yaml": "yaml", "yml": "yaml", "hcl": "hcl", "terraform": "hcl", "tf": "hcl"}


def _module(fmt: str):
    kind = _FORMATS.get(str(fmt).lower())
    if kind is None:
        raise ValueError(f"unknown format {fmt!r} (json, yaml or hcl)")
    if kind == "json":
        from doalint.fixes import json_ as mod
    elif kind == "yaml":
        from doalint.fixes import yaml_ as mod
    else:
        from doalint.fixes import hcl_ as mod
    return mod


def span_offsets(text: str, span) -> Optional[tuple[int, int]]:
    """(start, end) offsets of a span (line, col, end_line, end_col), or None when it is not a
    range of ``text``."""
    if span is None:
        return None
    try:
        line, col, end_line, end_col = span[:4]
        start = offset(text, line, col)
        if end_line == len(line_starts(text)) + 1 and end_col == 1:
            end = len(text)  # PyYAML's end of a text without a final line end: the line after it
        else:
            end = offset(text, end_line, end_col)
    except (ValueError, TypeError):
        return None
    return (start, end) if start <= end else None


def writable(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is data a file can hold as written: None, bool, int, finite float, str,
    and dicts (str keys) and lists (or tuples) of them, nested at most 64 deep."""
    if depth > 64:
        return False
    if value is None or isinstance(value, (bool, str)):
        return True
    if isinstance(value, int):
        try:
            str(int(value))
        except ValueError:  # beyond Python's digit limit
            return False
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and writable(v, depth + 1) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(writable(v, depth + 1) for v in value)
    return False


def same(a: Any, b: Any) -> bool:
    """Equal data with equal types (1, 1.0 and True differ), tuples read as lists."""
    if isinstance(a, tuple):
        a = list(a)
    if isinstance(b, tuple):
        b = list(b)
    if type(a) is not type(b):
        if isinstance(a, int) and isinstance(b, int) and not isinstance(a, bool) and not isinstance(b, bool):
            return int(a) == int(b)
        if isinstance(a, str) and isinstance(b, str):
            return str(a) == str(b)
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def intrinsic(value: Any) -> bool:
    """A CloudFormation intrinsic function as data: a mapping of one key, ``Ref``, ``Condition``
    or ``Fn::...``."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    (key,) = value
    return isinstance(key, str) and (key in ("Ref", "Condition") or key.startswith("Fn::"))


def replace_value(fmt: str, text: str, span, value: Any) -> Optional[Edit]:
    """The edit that writes ``value`` in place of the value at ``span`` (the source map's span of
    the current value), in the file's style, or None (see the module's documentation)."""
    mod = _module(fmt)
    where = span_offsets(text, span)
    if where is None or not writable(value):
        return None
    return mod.replace_value(text, where[0], where[1], value)


def insert_member(fmt: str, text: str, parent_span, key: str, value: Any, *,
                  as_block: Optional[bool] = None) -> Optional[list[Edit]]:
    """The edits adding ``key: value`` to the mapping (JSON object, YAML mapping, HCL block body or
    object) whose value span is ``parent_span``, after its last member, or None. None too when the
    mapping already has ``key`` (replace its value instead).

    HCL: a dict ``value`` is written as a nested block ``key { ... }`` in a block body (a list of
    dicts as one block each), unless ``as_block`` is False (an attribute ``key = { ... }``); in an
    object expression it is always an object."""
    mod = _module(fmt)
    where = span_offsets(text, parent_span)
    if where is None or not isinstance(key, str) or not writable(value):
        return None
    if mod.__name__.endswith("hcl_"):
        return mod.insert_member(text, where[0], where[1], key, value, as_block)
    return mod.insert_member(text, where[0], where[1], key, value)


def delete_member(fmt: str, text: str, parent_span, key_span, value_span) -> Optional[list[Edit]]:
    """The edits removing the member whose key and value spans are given from the mapping at
    ``parent_span`` (an HCL nested block: both spans at its type name), with its separator, and
    its whole line(s) when it stands on lines of its own; or None."""
    mod = _module(fmt)
    parent, key, val = span_offsets(text, parent_span), span_offsets(text, key_span), span_offsets(text, value_span)
    if key is None or val is None:
        return None
    if parent is None and not mod.__name__.endswith("hcl_"):
        return None
    return mod.delete_member(text, parent, key, val)


def delete_item(fmt: str, text: str, list_span, item_span) -> Optional[list[Edit]]:
    """The edits removing the item at ``item_span`` from the list at ``list_span`` (for an HCL
    nested block, ``item_span`` at its type name; ``list_span`` may then be None), with its
    separator and its whole line(s) when it stands on lines of its own; or None."""
    mod = _module(fmt)
    lst, item = span_offsets(text, list_span), span_offsets(text, item_span)
    if item is None:
        return None
    if lst is None and not mod.__name__.endswith("hcl_"):
        return None
    return mod.delete_item(text, lst, item)
