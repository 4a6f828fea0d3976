"""Reading doalint's own YAML data files (profile, catalog, config) with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doalint.errors import UsageError
from doalint.loaders.errors import ParseError
from doalint.source import SourceMap


def read_yaml(path: Path, what: str) -> tuple[Any, SourceMap]:
    from doalint.loaders.yamlpos import parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what} {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path}: cannot read it ({exc})") from None
    try:
        docs = parse_yaml(text)
    except ParseError as exc:
        raise UsageError(f"{what} {path}:{exc.line}:{exc.col}: {exc.message}") from None
    if len(docs) != 1:
        raise UsageError(f"{what} {path}: expected one YAML document, found {len(docs)}")
    value, smap, _ = docs[0]
    return value, smap


def schema_errors(value: Any, smap: SourceMap, schema: dict, path: Path, what: str) -> None:
    """Validate ``value`` against a JSON Schema; raise one UsageError naming key and line."""
    import jsonschema

    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(value), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not errors:
        return
    err = errors[0]
    loc = tuple(err.absolute_path)
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set((err.schema.get("properties") or {}).keys())
        extra = sorted(k for k in err.instance if k not in allowed)
        if extra:
            loc = loc + (extra[0],)
            msg = f"unknown key {extra[0]!r}"
        else:
            msg = err.message
    else:
        msg = err.message
    span, _ = smap.locate(loc)
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise UsageError(f"{what} {path}:{span.line}:{span.col}: {dotted}: {msg}{more}")
