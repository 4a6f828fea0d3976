"""How messages show values: as the user wrote them in JSON, YAML or HCL, never in Python's
form (no ``None``, no ``['a']`` or ``{'k': 1}``, no ``1.0`` for a number written ``1``, no
``Unknown(...)``). Strings keep the house style of messages (``'value'``, as ``repr`` quotes them).
"""

from __future__ import annotations

import json
from typing import Any, Iterable


def number(value: Any) -> str:
    """``90`` for 90 and 90.0 (models read some integers as floats), ``0.5`` for 0.5."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _plain(value: Any) -> Any:
    """``value`` with everything JSON cannot write turned into what the user wrote."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    text = getattr(value, "text", None)  # an unknown value: the expression or placeholder as written
    if isinstance(text, str):
        return f"${{{text}}}" if not text.startswith(("${", "{{", "<", "!")) else text
    inner = getattr(value, "value", None)  # jsonencode(x): x
    if inner is not None and inner is not value:
        return _plain(inner)
    return str(value)


def value(v: Any, limit: int = 80) -> str:
    """One value for a message: ``'text'``, ``3``, ``true``, ``null``, ``["a", "b"]``,
    ``{"k": 1}`` (cut at ``limit`` characters), an unknown as the expression written."""
    if isinstance(v, str):
        return repr(str(v))
    text = getattr(v, "text", None)
    if isinstance(text, str) and not isinstance(v, (dict, list)):
        return f"`{text}`"
    if v is None:
        return "null"
    if isinstance(v, (bool, int, float)):
        return number(v)
    shown = json.dumps(_plain(v), ensure_ascii=False)
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


def json_list(items: Iterable[Any]) -> str:
    """``["FARGATE"]``: a list as JSON and HCL write it."""
    return json.dumps([_plain(i) for i in items], ensure_ascii=False)
