"""Reading files into parsed values with source maps."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path as FsPath
from typing import Any, Iterator, Optional

from doalint.errors import UsageError
from doalint.loaders.errors import ParseError
from doalint.source import SourceMap

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
SCANNED_SUFFIXES = (".json", ".yaml", ".yml", ".tf", ".tfvars")
EXCLUDED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".terraform", ".venv", "venv", "__pycache__",
     ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".doalint_cache"}
)


@dataclass
class Unit:
    """One parsed document of a file (YAML streams may hold several)."""

    value: Any
    smap: SourceMap
    duplicates: list = field(default_factory=list)


@dataclass
class Loaded:
    file: str
    units: list[Unit] = field(default_factory=list)
    error: Optional[ParseError] = None
    text: str = ""  # kept for YAML files, whose comments may hold suppressions


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise ParseError("binary file (contains NUL bytes), not JSON or YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ParseError(f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", line, col) from None


def parse_text(text: str, file: str) -> list[Unit]:
    """Parse text as JSON or YAML, chosen by the file name or by sniffing."""
    from doalint.loaders.jsonpos import parse_json

    lower = file.lower()
    stripped = text.lstrip()
    if lower.endswith(".json") or (not lower.endswith((".yaml", ".yml")) and stripped[:1] in ("{", "[")):
        value, smap, dups = parse_json(text)
        return [Unit(value, smap, dups)]
    from doalint.loaders.yamlpos import parse_yaml

    return [Unit(v, m, d) for v, m, d in parse_yaml(text)]


def load_file(path: FsPath, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    import stat

    out = Loaded(display)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a FIFO or a device would block or never end
            raise ParseError("not a regular file; not read")
        size = st.st_size
        if size > max_bytes:
            raise ParseError(f"file is {size} bytes, above the {max_bytes}-byte limit; not parsed")
        raw = path.read_bytes()
        text = _decode(raw)
        out.units = parse_text(text, display)
        if display.lower().endswith((".yaml", ".yml")) :
            out.text = text
    except ParseError as exc:
        out.error = exc
    except OSError as exc:
        out.error = ParseError(f"cannot read the file: {exc.strerror or exc}")
    return out


def display_path(path: FsPath) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path.as_posix()
    if rel.startswith(".."):
        return path.as_posix()
    return FsPath(rel).as_posix()


def iter_files(paths: list[str], notes: Optional[list] = None) -> Iterator[FsPath]:
    """Files named directly, and the scannable files below named directories, sorted.
    Symbolic links to directories are not followed, nor links to files outside the directory
    given; ``notes`` receives (path, reason) for what was passed over."""
    seen: set[str] = set()
    for raw in paths:
        p = FsPath(raw)
        if not p.exists() and not p.is_symlink():
            raise UsageError(f"{raw}: no such file or directory")
        if p.is_dir():
            root = p.resolve()
            found: list[FsPath] = []
            for dirpath, dirnames, filenames in os.walk(p, followlinks=False):
                if notes is not None:
                    for d in dirnames:
                        if os.path.islink(os.path.join(dirpath, d)):
                            notes.append((FsPath(dirpath) / d, "a symbolic link to a directory: not followed"))
                dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS)
                for name in filenames:
                    if not name.lower().endswith(SCANNED_SUFFIXES):
                        continue
                    f = FsPath(dirpath) / name
                    try:
                        if not f.is_file():  # FIFOs, sockets, devices, dangling links
                            continue
                    except OSError:
                        continue
                    if f.is_symlink():
                        try:
                            target = f.resolve(strict=True)
                        except (OSError, RuntimeError):
                            continue
                        if root not in target.parents:
                            if notes is not None:
                                notes.append((f, "a symbolic link out of the checked directory: not followed"))
                            continue
                    found.append(f)
            for f in sorted(found):
                key = os.path.normpath(f)
                if key not in seen:
                    seen.add(key)
                    yield f
        else:
            key = os.path.normpath(p)
            if key not in seen:
                seen.add(key)
                yield p
