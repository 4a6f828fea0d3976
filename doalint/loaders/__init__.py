"""Reading files into parsed values with source maps."""

from __future__ import annotations

import os
import re
from pathlib import Path as FsPath
from typing import Any, Iterator, Optional

from doalint.errors import UsageError
from doalint.loaders.errors import NotRead, ParseError
from doalint.record import field, record
from doalint.source import SourceMap

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Template files: Terraform ``templatefile`` sources, envsubst and Go/Jinja templates
# (``task-def.json.tpl``, Terraform's ``x.json.tftpl``, ``service.yaml.tmpl``, ``x.tpl.json``, ``x.j2``), and
# ``x.template`` (envsubst's habit, and CloudFormation's JSON templates). They are read with their
# placeholders as unknown values (see parse_text).
TEMPLATE_SUFFIXES = (".tpl", ".tmpl", ".tftpl", ".template", ".j2", ".jinja", ".jinja2")
JSONNET_SUFFIXES = (".jsonnet", ".libsonnet")
SCANNED_SUFFIXES = (".json", ".yaml", ".yml", ".tf", ".tfvars") + TEMPLATE_SUFFIXES
JSONNET_REASON = ("Jsonnet: not read (a program: its values depend on ecspresso's external variables and "
                  "native functions, and an evaluated result keeps no line numbers)")
# Files that are never AWS deployment files, by name: passed over in a scan and when named (pre-commit
# names every staged file), so that a big lockfile is not a DOA001. Each with the reason --verbose shows.
# OpenAPI/Swagger documents are not listed: their names are free, and a file under another name is
# read anyway (and passed over as another kind).
_LOCKFILE = "a lockfile"
_MANIFEST = "a package manifest"
_JS_PROJECT = "a TypeScript or JavaScript project file"
_EDITOR = "an editor or formatter setting"
_TOOL = "a CI or tool configuration"
WELL_KNOWN_NAMES = {
    "package-lock.json": _LOCKFILE, "npm-shrinkwrap.json": _LOCKFILE, "yarn.lock": _LOCKFILE,
    "pnpm-lock.yaml": _LOCKFILE, "composer.lock": _LOCKFILE, "pipfile.lock": _LOCKFILE,
    "poetry.lock": _LOCKFILE, "gemfile.lock": _LOCKFILE, "cargo.lock": _LOCKFILE, "deno.lock": _LOCKFILE,
    "bun.lock": _LOCKFILE, "flake.lock": _LOCKFILE,
    "package.json": _MANIFEST, "composer.json": _MANIFEST, "bower.json": _MANIFEST,
    "jsconfig.json": _JS_PROJECT, "lerna.json": _JS_PROJECT, "nx.json": _JS_PROJECT, "turbo.json": _JS_PROJECT,
    ".pre-commit-config.yaml": _TOOL, ".pre-commit-hooks.yaml": _TOOL, ".gitlab-ci.yml": _TOOL,
    ".travis.yml": _TOOL, "bitbucket-pipelines.yml": _TOOL, "renovate.json": _TOOL, "codecov.yml": _TOOL,
    ".yamllint": _TOOL, ".yamllint.yaml": _TOOL, ".yamllint.yml": _TOOL, "mkdocs.yml": _TOOL,
    ".readthedocs.yaml": _TOOL, ".readthedocs.yml": _TOOL, ".markdownlint.json": _TOOL,
    ".doalint.yaml": "doalint's configuration", ".doalint.yml": "doalint's configuration",
    ".doalint-baseline.json": "doalint's baseline",
}
_COMPOSE = "a Docker Compose file"
EDITOR_DIRS = frozenset({".vscode", ".idea"})


def well_known(path: FsPath) -> Optional[str]:
    """Why ``path`` is a file that is never an AWS deployment file (a lockfile, a package manifest,
    an editor setting, a CI workflow, a Docker Compose file...), or None."""
    name = path.name.lower()
    why = WELL_KNOWN_NAMES.get(name)
    if why:
        return why
    if name.endswith(".lock.json"):
        return _LOCKFILE
    if name.startswith("tsconfig") and name.endswith(".json"):
        return _JS_PROJECT
    if name.startswith((".eslintrc", ".prettierrc", ".stylelintrc", ".babelrc")):
        return _EDITOR
    if name.endswith(".min.json"):
        return "minified JSON"
    if name.endswith((".yml", ".yaml")) and (name.startswith(("docker-compose", "compose.", "compose-"))):
        return _COMPOSE
    parts = [p.lower() for p in path.parts[:-1]]
    if EDITOR_DIRS & set(parts):
        return _EDITOR
    if name.endswith((".yml", ".yaml")) and len(parts) >= 2 and parts[-2:] == [".github", "workflows"]:
        return _TOOL
    return None


EXCLUDED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", ".terraform", ".venv", "venv", "__pycache__",
     ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".doalint_cache"}
)


@record
class Unit:
    """One parsed document of a file (YAML streams may hold several)."""

    value: Any
    smap: SourceMap
    duplicates: list = field(default_factory=list)
    format: str = "yaml"  # "json" when the text was read as JSON


@record
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


def template_name(file: str) -> Optional[str]:
    """For a template file, the name it renders to (``x.json.tpl`` and ``x.tpl.json`` ->
    ``x.json``, ``x.tmpl`` -> ``x``); None for any other file."""
    lower = file.lower()
    for suffix in TEMPLATE_SUFFIXES:
        if lower.endswith(suffix):
            return lower[: -len(suffix)]
        if suffix in (".tpl", ".tmpl", ".tftpl"):  # not x.template.yaml: CloudFormation's own naming
            for ext in (".json", ".yaml", ".yml"):
                if lower.endswith(suffix + ext):
                    return lower[: -len(suffix + ext)] + ext
    return None


def parse_text(text: str, file: str) -> list[Unit]:
    """Parse text as JSON or YAML, chosen by the file name or by sniffing.

    A template file (:func:`template_name`) is read as a template: placeholders are values,
    directives are passed over (see :func:`doalint.loaders.jsonpos.parse_json`); one that cannot
    be read so is :class:`NotRead`, not an error. Any other JSON file whose strict parse fails
    at a placeholder or a directive is read the same way; a YAML file that fails and has lines
    that are template directives (``{{ range . }}``, ``{% if x %}``) is read with those lines
    blank (every branch kept). A Jsonnet file is :class:`NotRead`."""
    from doalint.loaders.jsonpos import parse_json

    lower = file.lower()
    if lower.endswith(JSONNET_SUFFIXES):
        raise NotRead(JSONNET_REASON)
    rendered = template_name(lower)
    if rendered is not None:
        try:
            units = _parse_template(text, rendered)
        except ParseError as exc:
            raise NotRead(f"a template that is not JSON or YAML until rendered (line {exc.line}, column "
                          f"{exc.col}: {exc.message}): not read", exc.line, exc.col) from None
        if units and not any(isinstance(u.value, (dict, list)) for u in units):
            raise NotRead("a template of plain text (no JSON or YAML mapping or list): not read")
        return units
    stripped = text.lstrip()
    if lower.endswith(".json") or (not lower.endswith((".yaml", ".yml")) and stripped[:1] in ("{", "[")):
        try:
            value, smap, dups = parse_json(text)
        except ParseError as exc:
            if not _at_template_token(text, exc):
                raise
            from doalint.loaders.jsonpos import parse_json_eager  # not JSON: the standard library cannot read it

            value, smap, dups = parse_json_eager(text, template=True)
        return [Unit(value, smap, dups, "json")]
    from doalint.loaders.yamlpos import parse_yaml

    try:
        return [Unit(v, m, d) for v, m, d in parse_yaml(text)]
    except ParseError:
        blanked = _blank_directive_lines(text)
        if blanked is None:
            raise
    try:
        return _yaml_template(*blanked)
    except ParseError as exc:
        raise ParseError(f"{exc.message} (the file is a template: its lines of template directives, such as "
                         "`{% if %}` or `{{ range }}`, were read as blank)", exc.line, exc.col) from None


def _parse_template(text: str, rendered: str) -> list[Unit]:
    from doalint.loaders.jsonpos import parse_json

    blanked = _blank_directive_lines(text)
    first = (blanked[0] if blanked else text).lstrip()[:1]
    if rendered.endswith(".json") or (not rendered.endswith((".yaml", ".yml")) and first in ("{", "[")):
        value, smap, dups = parse_json(text, template=True)
        return [Unit(value, smap, dups, "json")]
    if blanked is None:
        blanked = (text, [])
    return _yaml_template(*blanked)


def _yaml_template(text: str, blank_lines: list[int]) -> list[Unit]:
    """YAML with its directive lines blanked: a duplicate key with a blanked line between its two
    definitions is two branches of a conditional, not a duplicate."""
    from bisect import bisect_left

    from doalint.loaders.yamlpos import parse_yaml

    units = []
    for v, m, d in parse_yaml(text):
        kept = []
        for dup in d:
            i = bisect_left(blank_lines, dup.first.line)
            if not (i < len(blank_lines) and blank_lines[i] < dup.span.line):
                kept.append(dup)
        units.append(Unit(v, m, kept))
    return units


def _blank_directive_lines(text: str) -> Optional[tuple[str, list[int]]]:
    """The text with each line that holds only template directives (and ``{{ ... }}`` actions)
    made blank, and the numbers of the lines changed; None when there is none. A line that
    starts with directives and goes on with content (``{% if x %}DependsOn: A{% endif %}``)
    keeps its content, moved to the line's indentation (its columns shift, its line does not)."""
    from doalint.loaders.jsonpos import DIRECTIVE

    lines = text.split("\n")
    changed: list[int] = []
    for i, line in enumerate(lines):
        cr = "\r" if line.endswith("\r") else ""
        raw = line[:-1] if cr else line
        body = raw.strip()
        if not body or body[0] not in "{%":
            continue
        if _DIRECTIVE_LINE.fullmatch(body):
            lines[i] = " " * len(raw) + cr
            changed.append(i + 1)
            continue
        pos = 0
        while True:
            m = DIRECTIVE.match(body, pos)
            if m is None:
                break
            pos = m.end()
        if pos:
            rest = _TRAILING.sub("", body[pos:]).strip()
            indent = len(raw) - len(raw.lstrip())
            moved = " " * indent + rest
            lines[i] = moved + " " * (len(raw) - len(moved)) + cr
            changed.append(i + 1)
    if not changed:
        return None
    return "\n".join(lines), changed


# Template directives and actions: Terraform %{ }, Jinja {% %} and {# #}, Go/Jinja {{ }} (none
# reaching past its own closing delimiter).
_TOKEN = r"%\{[^}\n]*\}|\{%(?:(?!%\}).)*%\}|\{#(?:(?!#\}).)*#\}|\{\{(?:(?!\}\}).)*\}\}"
_DIRECTIVE_LINE = re.compile(rf"(?:\s*(?:{_TOKEN}))+\s*")
_TRAILING = re.compile(r"(?:\s*(?:%\{[^}\n]*\}|\{%(?:(?!%\}).)*%\}|\{#(?:(?!#\}).)*#\}))+\s*$")


def _at_template_token(text: str, exc: ParseError) -> bool:
    """The strict JSON parse failed at a placeholder or a template directive (for ``{{X}}`` the
    parser opened an object at the first brace and failed at the second)."""
    from doalint.loaders.errors import LineIndex
    from doalint.loaders.jsonpos import DIRECTIVE, bare_placeholder

    starts = LineIndex(text).starts
    if not 1 <= exc.line <= len(starts):
        return False
    off = starts[exc.line - 1] + exc.col - 1
    for at in (off, off - 1):
        if 0 <= at < len(text) and (bare_placeholder(text, at) > 0 or DIRECTIVE.match(text, at)):
            return at == off or text[at] == "{"
    return False


def too_big(size: int, max_bytes: int) -> str:
    """The DOA001 message of a file above the size limit."""
    return (f"file is {size} bytes, above the {max_bytes}-byte limit; not parsed (not a deployment file? "
            "list it under `exclude` in .doalint.yaml; or raise `max-file-size`)")


# Unsaved editor buffers (the language server): real path -> bytes read instead of the file's
# (see overlay). Empty outside a language server.
_OVERLAY: dict[str, bytes] = {}


class overlay:
    """``with overlay({path: bytes, ...}):`` every read of one of those files (by its real path)
    returns the given bytes instead of what is on disk: an editor's unsaved buffers, linted with the
    files of their project as they are on disk. Not for worker processes (run with jobs=1)."""

    def __init__(self, buffers: dict) -> None:
        self.buffers = {os.path.realpath(p): bytes(b) for p, b in buffers.items()}

    def __enter__(self):
        self.saved = dict(_OVERLAY)
        _OVERLAY.update(self.buffers)
        return self

    def __exit__(self, *exc) -> None:
        _OVERLAY.clear()
        _OVERLAY.update(self.saved)


def read_regular(path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, a regular file of at most ``max_bytes``: every file doalint reads comes
    through here. A FIFO or a device (a link to ``/dev/zero``) would block or never end; it is opened
    without blocking, checked on the open descriptor, and at most ``max_bytes`` are read. Raises
    ParseError (not a regular file, too big) or OSError. A file of an active :class:`overlay` is
    read from there."""
    import stat

    if _OVERLAY:
        raw = _OVERLAY.get(os.path.realpath(path))
        if raw is not None:
            if len(raw) > max_bytes:
                raise ParseError(too_big(len(raw), max_bytes))
            return raw

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ParseError("not a regular file; not read")
        if st.st_size > max_bytes:
            raise ParseError(too_big(st.st_size, max_bytes))
        with os.fdopen(fd, "rb", closefd=False) as fh:
            raw = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew while read
        raise ParseError(too_big(len(raw), max_bytes))
    return raw


def decoded(raw: bytes) -> Optional[str]:
    """``raw`` decoded as doalint reads a file (UTF-8, a byte-order mark dropped), or None when it is
    not text."""
    try:
        return _decode(raw)
    except ParseError:
        return None


def read_text(path, max_bytes: int = DEFAULT_MAX_BYTES) -> Optional[str]:
    """The text of file ``path`` as doalint reads it (read_regular, then decoded), or None when it
    cannot be read or is not text: what a fix is written against."""
    try:
        raw = read_regular(path, max_bytes)
    except (OSError, ParseError):
        return None
    return decoded(raw)


def load_file(path: FsPath, display: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    try:
        raw = read_regular(path, max_bytes)
    except ParseError as exc:
        return Loaded(display, error=exc)
    except OSError as exc:
        return Loaded(display, error=ParseError(f"cannot read the file: {exc.strerror or exc}"))
    return load_bytes(raw, display, max_bytes)


def load_bytes(raw: bytes, display: str, max_bytes: int = DEFAULT_MAX_BYTES, sniffed_yaml: bool = False) -> Loaded:
    """A file's bytes (read from disk, or standard input under ``display``) decoded and parsed.
    The text is kept where comments may hold suppressions: a YAML file, a template, and with
    ``sniffed_yaml`` a file whose name says no format and whose text is read as YAML."""
    out = Loaded(display)
    try:
        if len(raw) > max_bytes:
            raise ParseError(too_big(len(raw), max_bytes))
        text = _decode(raw)
        out.units = parse_text(text, display)
        lower = display.lower()
        if lower.endswith((".yaml", ".yml")) or template_name(display) is not None or (
                sniffed_yaml and not lower.endswith(".json") and text.lstrip()[:1] not in ("{", "[")):
            out.text = text  # YAML comments (and a YAML template's) may hold suppressions
    except ParseError as exc:
        out.error = exc
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
    given; well-known files that are never deployment files (:func:`well_known`) are passed over, in
    a scan and when named; ``notes`` receives (path, reason) for what was passed over."""
    seen: set[str] = set()  # real paths: the same file named twice, or reached by a link, is read once
    once: dict[FsPath, bool] = {}
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
                        if notes is not None and name.lower().endswith(JSONNET_SUFFIXES):
                            notes.append((FsPath(dirpath) / name, JSONNET_REASON))
                        continue
                    f = FsPath(dirpath) / name
                    why = well_known(f)
                    if why:
                        if notes is not None:
                            notes.append((f, why))
                        continue
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
            # a file is read once, by its first name: the files themselves before the links to them
            for f in sorted(found, key=lambda f: (f.is_symlink(), f)):
                key = os.path.realpath(f)
                if key not in seen:
                    seen.add(key)
                    once[f] = True
                elif f.is_symlink() and notes is not None:
                    notes.append((f, "a symbolic link to a file checked under another name: not read twice"))
            yield from sorted(once)
            once.clear()
        else:
            key = os.path.realpath(p)
            why = well_known(FsPath(os.path.abspath(p)))
            if why:
                if notes is not None:
                    notes.append((p, why))
                continue
            if key not in seen:
                seen.add(key)
                yield p
