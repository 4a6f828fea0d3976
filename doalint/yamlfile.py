"""Reading doalint's own YAML data files (profile, catalog, config) with positions."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from doalint.errors import UsageError
from doalint.loaders.errors import ParseError
from doalint.source import SourceMap, Span


def read_yaml(path: Path, what: str) -> tuple[Any, SourceMap]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"{what} {path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path}: cannot read it ({exc})") from None
    cache = _cache_file(text)
    cached = _read_cache(cache)
    if cached is not None:
        return cached
    from doalint.loaders.yamlpos import parse_yaml

    try:
        docs = parse_yaml(text)
    except ParseError as exc:
        raise UsageError(f"{what} {path}:{exc.line}:{exc.col}: {exc.message}") from None
    if len(docs) != 1:
        raise UsageError(f"{what} {path}: expected one YAML document, found {len(docs)}")
    value, smap, dups = docs[0]
    if dups:  # YAML keeps the last silently: a setting written twice is a mistake
        dup = min(dups, key=lambda d: (d.span.line, d.span.col))
        dotted = ".".join(str(p) for p in dup.path)
        raise UsageError(f"{what} {path}:{dup.span.line}:{dup.span.col}: {dotted}: duplicate key (first at line "
                         f"{dup.first.line})")
    _write_cache(cache, value, smap)
    return value, smap


# doalint reads its own YAML files (profile, AWS facts, rule catalog, .doalint.yaml) on every
# run; PyYAML's import and the parse cost more than the rest of a one-file run's work on
# them. A parsed file is kept in the cache folder under the digest of its text, as JSON (a
# data format only: the cache folder is writable by whoever runs doalint, and nothing read
# from it may do more than give back values). Any trouble with the cache means parsing the
# file again.
_CACHE_FORMAT = b"doalint-yaml-3\n"  # 3: a file with a duplicate key is an error, never cached


def cache_dir() -> Optional[Path]:
    """doalint's cache folder ($XDG_CACHE_HOME/doalint), or None with DOALINT_NO_CACHE."""
    import os

    if os.environ.get("DOALINT_NO_CACHE"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "doalint"


def _cache_path(kind: str, data: bytes) -> Optional[Path]:
    """Where the cache keeps what it knows of ``data`` (by its digest), in the folder ``kind``."""
    from doalint.digest import sha256_hex

    folder = cache_dir()
    if folder is None:
        return None
    return folder / kind / sha256_hex(data)


def _cache_file(text: str) -> Optional[Path]:
    return _cache_path("yaml", _CACHE_FORMAT + text.encode("utf-8", "surrogatepass"))


def _read_cache(cache: Optional[Path]) -> Optional[tuple[Any, SourceMap]]:
    import json

    if cache is None:
        return None
    try:
        data = cache.read_bytes()
    except OSError:
        return None
    if not data.startswith(_CACHE_FORMAT):
        return None
    try:
        value, values, keys = json.loads(data[len(_CACHE_FORMAT):])
        smap = SourceMap()
        smap.values = {tuple(p): Span(*s) for p, s in values}
        smap.keys = {tuple(p): Span(*s) for p, s in keys}
    except Exception:  # a truncated or foreign file: parse the YAML instead
        return None
    return value, smap


def _write_cache(cache: Optional[Path], value: Any, smap: SourceMap) -> None:
    import json

    if cache is None:
        return
    try:
        text = json.dumps([value, [[list(p), list(s)] for p, s in smap.values.items()],
                           [[list(p), list(s)] for p, s in smap.keys.items()]], ensure_ascii=False)
        if json.loads(text)[0] != value:  # a value JSON would change (a date, a number key): not cached
            return
    except (TypeError, ValueError):
        return
    store(cache, _CACHE_FORMAT + text.encode("utf-8", "surrogatepass"))


def store(cache: Path, data: bytes) -> None:
    """Write a cache file so that readers never see half of it (a temporary file renamed); any trouble
    means no cache, never an error."""
    import os

    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, cache)
    except OSError:
        pass


def _import_jsonschema():
    """jsonschema, imported without the optional IRI-format checker (rfc3987-syntax),
    which builds a grammar on import (~0.7 s); doalint's schemas use no IRI formats."""
    import sys

    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def _cache_stamp(text: str) -> Optional[Path]:
    """A file whose existence says this exact schema+document text validated before."""
    return _cache_path("valid", text.encode("utf-8", "surrogatepass"))


def schema_errors(value: Any, smap: SourceMap, schema: dict, path: Path, what: str) -> None:
    """Validate ``value`` against a JSON Schema; raise one UsageError naming key and line.

    A document that validated before (same schema, same content) is not validated
    again: jsonschema's import alone costs more than a small lint run. The cache is
    a folder of empty stamp files under $XDG_CACHE_HOME/doalint (DOALINT_NO_CACHE=1
    turns it off); any trouble with it just means validating again.
    """
    import json

    stamp = _cache_stamp(json.dumps([schema, value], sort_keys=True, default=str))
    try:
        if stamp is not None and stamp.exists():
            return
    except OSError:
        stamp = None
    _validate(value, smap, schema, path, what)
    if stamp is not None:
        try:
            stamp.parent.mkdir(parents=True, exist_ok=True)
            stamp.touch()
        except OSError:
            pass


def _validate(value: Any, smap: SourceMap, schema: dict, path: Path, what: str) -> None:
    jsonschema = _import_jsonschema()

    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(value), key=lambda e: (len(e.absolute_path), str(e.absolute_path)))
    if not errors:
        return
    err = errors[0]
    loc = tuple(err.absolute_path)
    if not loc and not isinstance(value, dict):  # never quote what the file holds: it may be anything
        raise UsageError(f"{what} {path}: not a doalint {what} file (its top level is not a mapping of settings)")
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        allowed = set((err.schema.get("properties") or {}).keys())
        extra = sorted(k for k in err.instance if k not in allowed)
        if extra:
            import difflib

            loc = loc + (extra[0],)
            msg = f"unknown key {extra[0]!r}"
            close = difflib.get_close_matches(extra[0], sorted(allowed), n=1, cutoff=0.6)
            if close:
                msg += f"; did you mean {close[0]!r}?"
        else:
            msg = err.message
    else:
        msg = err.message
        if not isinstance(err.instance, (bool, int, float)) and msg.startswith(repr(err.instance)):
            msg = "the value" + msg[len(repr(err.instance)):]  # named by key and line, not quoted
    span, _ = smap.locate(loc)
    dotted = ".".join(str(p) for p in loc) or "(top level)"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    raise UsageError(f"{what} {path}:{span.line}:{span.col}: {dotted}: {msg}{more}")
