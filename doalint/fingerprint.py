"""Stable finding identities, for SARIF partialFingerprints and the baseline.

A fingerprint is built from the rule, the file's path relative to the project
root, the YAML document index and the finding's path inside the document (or
its resource address): never from line numbers, so inserting lines above a
finding keeps it, while moving the offending value to another key changes it.
Several findings of one rule at the same path are told apart by their order.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from functools import lru_cache
from pathlib import Path as FsPath

from doalint.engine.findings import Finding
from doalint.source import pointer

VERSION = "doalint/v1"


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


def assign(findings: list[Finding]) -> list[Finding]:
    """The findings with their fingerprints set (order kept)."""
    seen: dict[str, int] = {}
    out = []
    for f in findings:
        base = "\x1f".join((f.rule, relative_uri(f.file), str(f.unit), "/" + pointer(f.path)))
        n = seen.get(base, 0)
        seen[base] = n + 1
        digest = hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()[:32]
        out.append(dataclasses.replace(f, fingerprint=digest))
    return out
