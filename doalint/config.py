"""Project configuration: ``.doalint.yaml`` or ``[tool.doalint]`` in ``pyproject.toml``.

Each file has its own: the nearest one at or above its folder, looked for up to the root of its
repository (a folder holding ``.git``), as ruff does (:class:`Nearest`). Validated against
``doalint/schemas/config.schema.json`` with errors that name the key and its
line. Paths in it (profile, baseline, globs) are relative to the file's folder.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from doalint.errors import UsageError
from doalint.record import field, record
from doalint.source import SourceMap, Span

if TYPE_CHECKING:
    import datetime  # (imported where a waiver's date is read: not at start-up)

CONFIG_NAMES = (".doalint.yaml", ".doalint.yml")
SCHEMA = Path(__file__).resolve().parent / "schemas" / "config.schema.json"


@record
class Waiver:
    rule: str  # as written (ID or name)
    path: str
    reason: str
    document: Optional[str] = None
    owner: Optional[str] = None
    expires: Optional[datetime.date] = None
    line: int = 1
    col: int = 1
    used: bool = False


@record
class Config:
    file: Optional[Path] = None  # None: no configuration file
    root: Path = field(default_factory=Path.cwd)  # the folder relative paths start from
    profile: Optional[Path] = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    exclude: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)  # paths or globs: read for DOA9xx, not reported on
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    fail_level: Optional[str] = None
    complete_project: bool = False
    baseline: Optional[Path] = None
    max_file_size: Optional[int] = None
    waivers: list[Waiver] = field(default_factory=list)

    @property
    def shown(self) -> str:
        """The file's path as the user standing in the working directory writes it (``../.doalint.yaml``)."""
        return shown(self.file) if self.file else "config"

    def relative(self, file: str) -> str:
        """``file`` relative to the configuration's folder, with forward slashes."""
        import os

        p = Path(file)
        absolute = p if p.is_absolute() else Path.cwd() / p
        try:
            return Path(os.path.relpath(absolute, self.root)).as_posix()
        except ValueError:
            return absolute.as_posix()

    def excluded(self, file: str) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(file)
        return any(glob_match(g, rel) for g in self.exclude)

    def ignored_here(self, file: str) -> list[str]:
        if not self.per_file_ignores:
            return []
        rel = self.relative(file)
        out: list[str] = []
        for glob, rules in self.per_file_ignores.items():
            if glob_match(glob, rel):
                out += rules
        return out


@lru_cache(maxsize=256)
def _glob_tokens(glob: str) -> tuple:
    """A glob as tokens: ``**/`` (any folders, or none), ``**`` (anything), ``*`` (anything
    but ``/``), ``?`` (one character but ``/``), else a literal character."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            if not out or out[-1] != "**/":  # a run of **/ is one **/
                out.append("**/")
            i += 3
        elif glob.startswith("**", i):
            out.append("**")
            i += 2
        else:
            out.append(glob[i])
            i += 1
    return tuple(out)


@lru_cache(maxsize=1024)
def _text_masks(text: str) -> tuple:
    """``text``'s positions as bits (bit i: before character i): each character's, those before a
    character that is not ``/``, those just after a ``/``."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(text):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    n = len(text)
    slash = masks.get("/", 0)
    return masks, n, ((1 << n) - 1) & ~slash, slash << 1


def _glob_full_match(tokens: tuple, text: str) -> bool:
    """Whether ``tokens`` match the whole of ``text``, or a folder of it (``text`` up to a ``/``): the set of positions reached after each
    token, as the bits of an integer (an NFA run), so the time grows with the glob's length times
    the path's, never exponentially (a regex of many ``**/`` backtracks exponentially)."""
    masks, n, movable, after_slash = _text_masks(text)
    reach = 1
    for tok in tokens:
        if tok == "**":  # anything: every position from the first reached
            low = reach & -reach
            reach = ((1 << (n + 1)) - 1) & ~(low - 1)
        elif tok == "**/":  # nothing, or up to and including a later "/"
            low = reach & -reach
            reach |= after_slash & ~(low - 1)
        elif tok == "*":  # any run of characters but "/": moves of 0..2^k-1 steps after k doublings
            step, can = 1, movable
            while can and step <= n:
                reach |= (reach & can) << step
                can &= can >> step
                step <<= 1
        elif tok == "?":
            reach = (reach & movable) << 1
        else:
            reach = (reach & masks.get(tok, 0)) << 1
        if not reach:
            return False
    return bool((reach >> n) & 1) or bool(reach & (after_slash >> 1))  # the whole, or a folder above it


def glob_match(glob: str, rel: str) -> bool:
    """Match a forward-slash relative path; a glob without '/' matches the file name anywhere,
    and a glob naming a folder matches everything below it. Linear in the glob's length times the
    path's (any number of ``**/``)."""
    glob = glob.strip()
    if glob.startswith("./"):
        glob = glob[2:]
    if "/" not in glob.rstrip("/"):
        glob = "**/" + glob
    tokens = _glob_tokens(glob.rstrip("/"))
    fast = _glob_regex(tokens)
    if fast is not None and len(rel) <= 1024:  # at most two wildcards: backtracking is at worst quadratic
        return fast.match(rel) is not None
    return _glob_full_match(tokens, rel)


@lru_cache(maxsize=256)
def _glob_regex(tokens: tuple) -> Optional[re.Pattern]:
    """The glob as a regex when it has at most two wildcards (C speed for the usual globs); else None."""
    if sum(1 for t in tokens if t in ("*", "**", "**/")) > 2:
        return None
    parts = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]"}
    return re.compile("".join(parts.get(t) or re.escape(t) for t in tokens) + r"(?:/.*)?\Z", re.DOTALL)


def shown(path) -> str:
    """``path`` relative to the working directory (``../.doalint.yaml``), with forward slashes."""
    import os

    try:
        return Path(os.path.relpath(os.path.abspath(path))).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).as_posix()


def config_in(folder: str) -> Optional[Path]:
    """The configuration file of ``folder`` itself (.doalint.yaml, .doalint.yml, or a pyproject.toml
    with [tool.doalint]), or None."""
    import os

    for name in CONFIG_NAMES:
        if os.path.isfile(os.path.join(folder, name)):
            return Path(folder) / name
    pyproject = os.path.join(folder, "pyproject.toml")
    if os.path.isfile(pyproject) and re.search(r"^\[tool\.doalint\]", _read(Path(pyproject)), re.M):
        return Path(pyproject)
    return None


class Nearest:
    """The configuration file of each file: the nearest ``.doalint.yaml``, ``.doalint.yml`` or
    ``pyproject.toml`` with ``[tool.doalint]`` at or above its folder, up to the root of its
    repository (a folder holding ``.git``, looked in last); None when there is none. The
    folders looked at are remembered, so a run of many files walks each folder once."""

    def __init__(self) -> None:
        self._folders: dict[str, Optional[Path]] = {}

    def of(self, file) -> Optional[Path]:
        import os

        return self.of_folder(os.path.dirname(os.path.abspath(file)))

    def of_folder(self, folder: str) -> Optional[Path]:
        import os

        folder = os.path.abspath(folder)
        seen = []
        found: Optional[Path] = None
        d = folder
        while True:
            if d in self._folders:
                found = self._folders[d]
                break
            seen.append(d)
            found = config_in(d)
            parent = os.path.dirname(d)
            if found is not None or os.path.exists(os.path.join(d, ".git")) or parent == d:
                break
            d = parent
        for s in seen:
            self._folders[s] = found
        return found


def discover(start: Optional[Path] = None) -> Optional[Path]:
    """The configuration nearest to ``start`` (default: the working directory), as :class:`Nearest`."""
    return Nearest().of_folder(str(start or Path.cwd()))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"config {path}: cannot read it ({exc})") from None


def _toml_source(path: Path) -> tuple[Any, SourceMap]:
    """[tool.doalint] of a pyproject.toml, with approximate positions (tomllib keeps none):
    each top-level key maps to the line where it is written inside the section."""
    import tomllib

    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        where = f":{m.group(1)}:{m.group(2)}" if m else ""
        raise UsageError(f"config {path}{where}: {exc}") from None
    value = data.get("tool", {}).get("doalint", {})
    smap = SourceMap()
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines) if re.match(r"\s*\[tool\.doalint\]", ln)), 0)
    smap.values[()] = Span(start + 1, 1, start + 1, 1)
    section_re = re.compile(r"\s*\[(?:\[)?tool\.doalint(?:\.([\w-]+))?")
    for i in range(start, len(lines)):
        ln = lines[i]
        m = section_re.match(ln)
        if m and m.group(1):  # [tool.doalint.severity] or [[tool.doalint.waivers]]
            smap.keys.setdefault((m.group(1),), Span(i + 1, 1, i + 1, len(ln) + 1))
            continue
        km = re.match(r"\s*([\w-]+|\"[^\"]+\")\s*=", ln)
        if km:
            key = km.group(1).strip('"')
            smap.keys.setdefault((key,), Span(i + 1, km.start(1) + 1, i + 1, km.end(1) + 1))
    return _dates_to_text(value), smap


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    dates = sys.modules.get("datetime")  # (a date can only come from a parser that imported it)
    if dates is not None and isinstance(value, (dates.date, dates.datetime)):
        return value.isoformat()[:10]
    return value


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def load(path: Path) -> Config:
    from doalint.yamlfile import read_yaml, schema_errors

    path = Path(path)
    if path.name == "pyproject.toml":
        value, smap = _toml_source(path)
    elif not any(ln.strip() and not ln.lstrip().startswith("#") for ln in _read(path).splitlines()):
        value, smap = {}, SourceMap()  # an empty file (or comments only): no settings
    else:
        value, smap = read_yaml(path, "config")
        if value is None:
            value = {}
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    if not isinstance(value, dict):
        raise UsageError(f"config {path}:1:1: not a doalint config file (its top level is not a mapping of settings)")
    schema_errors(value, smap, schema, path, "config")
    root = path.resolve().parent
    cfg = Config(file=path, root=root)
    if "profile" in value:
        cfg.profile = root / value["profile"]
    cfg.select = _as_list(value.get("select"))
    cfg.ignore = _as_list(value.get("ignore"))
    cfg.severity = dict(value.get("severity", {}))
    cfg.exclude = list(value.get("exclude", []))
    cfg.context = list(value.get("context", []))
    cfg.per_file_ignores = {k: _as_list(v) for k, v in value.get("per-file-ignores", {}).items()}
    cfg.fail_level = value.get("fail-level")
    cfg.complete_project = bool(value.get("complete-project", False))
    if "baseline" in value:
        cfg.baseline = root / value["baseline"]
    cfg.max_file_size = value.get("max-file-size")
    for i, w in enumerate(value.get("waivers", [])):
        span, _ = smap.locate(("waivers", i))
        expires = None
        if w.get("expires"):
            import datetime

            try:
                expires = datetime.date.fromisoformat(w["expires"])
            except ValueError:
                espan, _ = smap.locate(("waivers", i, "expires"))
                raise UsageError(
                    f"config {path}:{espan.line}:{espan.col}: waivers.{i}.expires: {w['expires']!r} is not a date"
                ) from None
        cfg.waivers.append(
            Waiver(w["rule"], w["path"], w["reason"].strip(), w.get("document"), w.get("owner"), expires,
                   span.line, span.col)
        )
    return cfg
