"""Stable finding identities, for SARIF partialFingerprints and the baseline.

A fingerprint is built from the finding's content: the rule, the file's path
relative to the project root, the YAML document index, the finding's path inside
the document by stable keys, and its message. Never from line numbers, so
inserting lines above a finding keeps it. A list item is named by its ``name``
(``Name``, ``containerName``, ``Sid``, ``Key``, ...) or, a string, by itself,
when that is unique in its list (``environment[name=REDIS_PASSWORD]``), else by
its index: adding an item above it keeps the finding, and removing one finding
while adding another in its place shows one new and one fixed, never a match.
The message holds the value judged, so a changed value is another finding.
Several findings alike in all of that are told apart by their order.

Version 1 (``legacy``) was rule + file + document + path by index + order: a
new finding could take a fixed one's place. Baselines of that version are still
matched by it (doalint.baseline).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path as FsPath

from doalint import record as records
from doalint.digest import sha256_hex
from doalint.engine.findings import Finding
from doalint.source import pointer

VERSION = "doalint/v2"


@lru_cache(maxsize=None)
def project_root(start: str = "") -> FsPath:
    """The nearest folder at or above ``start`` (default: the working directory) holding
    ``.git``; the working directory itself when there is none."""
    here = FsPath(start or os.getcwd()).resolve()
    for d in (here, *here.parents):
        if (d / ".git").exists():
            return d
    return here


def relative_uri(file: str) -> str:
    """``file`` relative to the project root, with forward slashes (not yet percent-encoded).
    A deployed resource's ARN is its own identity and stays as it is."""
    if file.startswith("arn:"):
        return file
    p = FsPath(file)
    absolute = p if p.is_absolute() else FsPath(os.getcwd()) / p
    try:
        return FsPath(os.path.relpath(absolute, project_root())).as_posix()
    except ValueError:
        return absolute.as_posix()


# keys that name a list item (an environment variable, a container, a statement, a tag)
_NAMES = ("name", "Name", "containerName", "Sid", "Key", "key", "Id", "sourceVolume", "ParameterKey")
_MISSING = object()


def _item(items: list, i: int) -> str:
    """How the ``i``-th item of ``items`` is named in a fingerprint: by a key that is unique in the
    list, or by itself (a string unique in the list), else by its index."""
    item = items[i]
    if isinstance(item, dict):
        for key in _NAMES:
            v = item.get(key)
            if isinstance(v, str) and v:
                if sum(1 for o in items if isinstance(o, dict) and o.get(key) == v) == 1:
                    return f"[{key}={v}]"
                break
    elif isinstance(item, str) and items.count(item) == 1:
        return f"[={item}]"
    return f"[{i}]"


def _stable(path, value) -> str:
    """``path`` walked through ``value``, list indexes replaced by item names; a part that cannot be
    walked (no value, another shape) stays as it is."""
    out = []
    for part in path:
        if isinstance(part, int) and isinstance(value, list) and 0 <= part < len(value):
            out.append(_item(value, part))
            value = value[part]
            continue
        out.append(f"[{part}]" if isinstance(part, int) else f".{part}")
        value = value.get(part, _MISSING) if isinstance(value, dict) else _MISSING
    return "".join(out)


def _values(docs) -> dict:
    """(file, unit) -> [(base, data)] of the run's documents, longest base first."""
    out: dict = {}
    for d in docs or ():
        file = getattr(d, "file", None)
        if file is not None and not getattr(d, "moved", None) and getattr(d, "scope", None) is None:
            out.setdefault((file, d.unit), []).append((tuple(d.base), d.data))
    for v in out.values():
        v.sort(key=lambda bd: -len(bd[0]))
    return out


def _where(f: Finding, values: dict) -> str:
    path = tuple(f.path)
    for base, data in values.get((f.file, f.unit), ()):
        if path[:len(base)] == base:
            return "".join(f".{p}" if isinstance(p, str) else f"[{p}]" for p in base) + \
                _stable(path[len(base):], data)
    return _stable(path, _MISSING)


def assign(findings: list[Finding], docs=None) -> list[Finding]:
    """The findings with their fingerprints set (order kept). ``docs``: the run's documents, whose
    values name the list items of the findings' paths."""
    values = _values(docs)
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = "\x1f".join((f.rule, relative_uri(f.file), str(f.unit), _where(f, values), f.message))
        n = seen.get(base, 0)
        seen[base] = n + 1
        digest = sha256_hex(f"{base}\x1f{n}".encode("utf-8", "surrogatepass"))[:32]
        out.append(records.replace(f, fingerprint=digest))
    return out


def legacy(findings: list[Finding]) -> list[str]:
    """The findings' fingerprints as version 1 made them (rule, file, document, path by index and
    order): what a baseline of version 1 holds."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = "\x1f".join((f.rule, relative_uri(f.file), str(f.unit), "/" + pointer(f.path)))
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append(sha256_hex(f"{base}\x1f{n}".encode("utf-8", "surrogatepass"))[:32])
    return out
