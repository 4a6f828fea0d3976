"""AWS API shapes, read straight from botocore's model data.

``import botocore`` is not needed (and is not done): the package's data folder
is found with importlib's spec lookup and its ``service-2.json(.gz)`` read as
JSON, which takes milliseconds. The walker checks what botocore's own
ParamValidator checks (unknown keys, types, required members) and also enums,
ranges and list lengths, which ParamValidator leaves to the service.
"""

from __future__ import annotations

import importlib.util
import json
from functools import lru_cache
from pathlib import Path as FsPath
from typing import Any, Callable, Iterator, Optional

from doalint.source import Path, format_path


class ShapeDataMissing(Exception):
    pass


@lru_cache(maxsize=None)
def botocore_data_dir() -> FsPath:
    spec = importlib.util.find_spec("botocore")
    if spec is None or not spec.submodule_search_locations:
        raise ShapeDataMissing("botocore is not installed; doalint needs its API models")
    return FsPath(list(spec.submodule_search_locations)[0]) / "data"


def _model_file(service: str) -> FsPath:
    base = botocore_data_dir() / service
    versions = sorted(p for p in base.iterdir() if p.is_dir()) if base.is_dir() else []
    if not versions:
        raise ShapeDataMissing(f"botocore has no model for {service!r}")
    plain = versions[-1] / "service-2.json"
    return plain if plain.is_file() else versions[-1] / "service-2.json.gz"


def _read_model(model: FsPath) -> dict:
    import gzip

    raw = model.read_bytes()
    return json.loads(gzip.decompress(raw) if model.suffix == ".gz" else raw)


_CACHE_FORMAT = 1


class _Shapes(dict):
    """A service's shapes by name, read on demand. The whole model (the ECS one is 1.5 MB of JSON
    once unpacked) is parsed only when a shape is asked for that the cache does not hold; the cache
    (``shapes/<service>.json`` in doalint's cache folder) keeps the shapes reached from each shape
    asked for so far, with the model file's path, size and time: a different botocore means a new
    cache. Any trouble with the cache means reading the model."""

    def __init__(self, service: str) -> None:
        super().__init__()
        self.model = _model_file(service)
        st = self.model.stat()
        self.key = [_CACHE_FORMAT, str(self.model), st.st_size, st.st_mtime_ns]
        self.full: Optional[dict] = None
        from doalint.yamlfile import cache_dir

        folder = cache_dir()
        self.cache = folder / "shapes" / f"{service}.json" if folder is not None else None
        if self.cache is not None:
            try:
                data = json.loads(self.cache.read_bytes())
                if data["key"] == self.key and isinstance(data["shapes"], dict):
                    self.update(data["shapes"])
            except Exception:  # absent, truncated, foreign: the model is read when needed
                pass

    def __missing__(self, name: str) -> dict:
        if self.full is None:
            self.full = _read_model(self.model)["shapes"]
        shapes = self.full
        if name not in shapes:
            raise KeyError(name)
        stack = [name]
        while stack:  # the shape and every shape it reaches
            n = stack.pop()
            if n in self or n not in shapes:
                continue
            shape = _lean(shapes[n])
            self[n] = shape
            refs = [m["shape"] for m in shape.get("members", {}).values()]
            refs += [shape[k]["shape"] for k in ("member", "key", "value") if k in shape]
            stack.extend(r for r in refs if r not in self)
        self._save()
        return self[name]

    def _save(self) -> None:
        if self.cache is not None:
            from doalint.yamlfile import store

            store(self.cache, json.dumps({"key": self.key, "shapes": dict(self)}).encode("utf-8"))


def _lean(shape: dict) -> dict:
    """A shape without its documentation (most of the model's bytes; no check reads it)."""
    out = {k: v for k, v in shape.items() if k != "documentation"}
    if "members" in out:
        out["members"] = {m: {k: v for k, v in d.items() if k != "documentation"} for m, d in out["members"].items()}
    return out


@lru_cache(maxsize=None)
def service_model(service: str) -> dict:
    """The service's model as botocore has it: only ``shapes`` (read on demand: see _Shapes)."""
    return {"shapes": _Shapes(service)}


def members(service: str, shape: str) -> dict[str, str]:
    """member name -> member shape name, for a structure shape."""
    return {k: v["shape"] for k, v in service_model(service)["shapes"][shape].get("members", {}).items()}


_TYPE_WORDS = {
    "structure": "an object",
    "map": "an object",
    "list": "a list",
    "string": "a string",
    "integer": "an integer",
    "long": "an integer",
    "boolean": "a boolean (true or false)",
    "double": "a number",
    "float": "a number",
    "timestamp": "a timestamp",
    "blob": "a string",
}


def describe(value: Any) -> str:
    """How a value reads in a message: ``the string 'x'``, ``a list``, ``null``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the string {shown!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _type_ok(kind: str, value: Any) -> bool:
    if kind in ("structure", "map"):
        return isinstance(value, dict)
    if kind == "list":
        return isinstance(value, list)
    if kind in ("string", "blob"):
        return isinstance(value, str)
    if kind in ("integer", "long"):
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in ("double", "float"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "timestamp":
        return isinstance(value, (str, int, float)) and not isinstance(value, bool)
    return True


def suggest(word: str, choices) -> Optional[str]:
    """The closest of ``choices`` to ``word`` (case-insensitive first), or None."""
    choices = list(choices)
    lower = {c.lower(): c for c in choices}
    if word.lower() in lower:
        return lower[word.lower()]
    import difflib

    got = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return got[0] if got else None


def validate(
    service: str,
    shape_name: str,
    value: Any,
    *,
    check_required: bool = True,
    hints: Optional[dict[str, str]] = None,
    also_allowed: Optional[dict[str, str]] = None,
    base: Path = (),
    unknown_keys: bool = True,
    holds: Optional[Callable[[Path], bool]] = None,
) -> Iterator[tuple[Path, str]]:
    """Yield (path, message) for every way ``value`` departs from the shape.

    ``also_allowed`` maps extra top-level keys to the shape they are checked
    against (describe output that also carries request-only keys such as ``tags``).
    ``holds``: for a fragment, whether it can hold a path; required members it cannot hold
    are not demanded.
    """
    shapes = service_model(service)["shapes"]
    hints = hints or {}
    # An explicit stack instead of recursion: input depth is bounded by the
    # loaders, but the walk should not depend on that.
    stack: list[tuple[str, Any, Path]] = [(shape_name, value, tuple(base))]
    while stack:
        name, val, path = stack.pop()
        shape = shapes[name]
        kind = shape["type"]
        if not _type_ok(kind, val):
            yield path, f"{format_path(path)}: expected {_TYPE_WORDS.get(kind, kind)}, found {describe(val)}"
            continue
        if kind == "structure":
            members = shape.get("members", {})
            for key in sorted(val, key=str):
                if key in members:
                    stack.append((members[key]["shape"], val[key], path + (key,)))
                    continue
                if path == tuple(base) and also_allowed and key in also_allowed:
                    stack.append((also_allowed[key], val[key], path + (key,)))
                    continue
                if not unknown_keys:
                    continue
                kpath = path + (key,)
                hint = hints.get(key)
                guess = suggest(key, members)
                if hint:
                    tail = f"; {hint}"
                elif guess:
                    tail = f"; did you mean {guess!r}?"
                else:
                    tail = ""
                yield kpath, f"{format_path(kpath)}: unknown key ({name} has no such member){tail}"
            if check_required:
                for req in shape.get("required", []):
                    if req not in val and (holds is None or holds(path + (req,))):
                        yield path, f"{format_path(path + (req,))}: required key is missing"
        elif kind == "list":
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None and len(val) < lo:
                yield path, f"{format_path(path)}: needs at least {lo} item(s), has {len(val)}"
            if hi is not None and len(val) > hi:
                yield path, f"{format_path(path)}: allows at most {hi} item(s), has {len(val)}"
            member = shape["member"]["shape"]
            for i in range(len(val) - 1, -1, -1):
                stack.append((member, val[i], path + (i,)))
        elif kind == "map":
            vshape = shape["value"]["shape"]
            for key in sorted(val, key=str):
                stack.append((vshape, val[key], path + (key,)))
        elif kind == "string":
            enum = shape.get("enum")
            if enum and val not in enum:
                guess = suggest(val, enum)
                tail = f"; did you mean {guess!r}?" if guess else ""
                allowed = ", ".join(enum) if len(enum) <= 12 else ", ".join(enum[:12]) + ", ..."
                yield path, f"{format_path(path)}: {val!r} is not one of {allowed}{tail}"
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None and len(val) < lo:
                yield path, f"{format_path(path)}: must be at least {lo} character(s) long"
            if hi is not None and len(val) > hi:
                yield path, f"{format_path(path)}: must be at most {hi} characters long"
        elif kind in ("integer", "long", "double", "float"):
            lo, hi = shape.get("min"), shape.get("max")
            if lo is not None and val < lo:
                yield path, f"{format_path(path)}: {val} is below the minimum {lo}"
            if hi is not None and val > hi:
                yield path, f"{format_path(path)}: {val} is above the maximum {hi}"


def coerce(service: str, shape_name: str, value: Any) -> Any:
    """``value`` with scalars converted to the types the shape wants, as CloudFormation does
    ("30" for an integer, 512 for a string, "true" for a boolean). Other values are kept."""
    shapes = service_model(service)["shapes"]

    def walk(name: str, val: Any, depth: int) -> Any:
        if depth > 60:
            return val
        shape = shapes[name]
        kind = shape["type"]
        if kind == "structure" and isinstance(val, dict):
            members = shape.get("members", {})
            return {k: (walk(members[k]["shape"], v, depth + 1) if k in members else v) for k, v in val.items()}
        if kind == "list" and isinstance(val, list):
            return [walk(shape["member"]["shape"], v, depth + 1) for v in val]
        if kind == "map" and isinstance(val, dict):
            return {k: walk(shape["value"]["shape"], v, depth + 1) for k, v in val.items()}
        if type(val) is str:  # not a Ref or other str subclass
            if kind in ("integer", "long"):
                try:
                    return int(val)
                except ValueError:
                    return val
            if kind in ("double", "float"):
                try:
                    return float(val)
                except ValueError:
                    return val
            if kind == "boolean" and val.lower() in ("true", "false"):
                return val.lower() == "true"
        if kind == "string" and isinstance(val, (int, float)) and not isinstance(val, bool):
            return str(int(val)) if float(val).is_integer() else str(val)
        if kind == "string" and isinstance(val, bool):
            return str(val).lower()
        return val

    return walk(shape_name, value, 0)
