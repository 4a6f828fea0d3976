"""The server's engine side: configurations and linters kept in memory, and lint passes over the open
buffers together with the files of their projects on disk.

A pass lints the buffers asked for and every other open buffer of the same configuration (a change to
a task definition changes what the service beside it is told), with ``doalint check``'s own settings
(doalint.cli._Run: the nearest configuration of each file, its profile, selection, per-file-ignores,
waivers and baseline). Buffers are read instead of their files (doalint.loaders.overlay); the rest of
the project comes from disk. It runs in one worker thread, never two passes at once (the overlay is
the process's), and touches nothing of the protocol: the server publishes what it returns.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from doalint.lsp.convert import Positions, catalog_url, diagnostic, split_lines

CONFIG_NAMES = (".doalint.yaml", ".doalint.yml", "pyproject.toml")
# Buffers that are not files yet ("untitled:"): a name that gives the front end their format.
LANGUAGE_NAMES = {
    "json": "untitled.json", "jsonc": "untitled.json", "yaml": "untitled.yaml", "terraform": "untitled.tf",
    "hcl": "untitled.tf", "terraform-vars": "untitled.tfvars", "tfvars": "untitled.tfvars",
}


@dataclass
class Buffer:
    """An open document as the editor has it."""

    uri: str
    path: Optional[str]  # its file (absolute); None for a document that is no file ("untitled:")
    text: str
    version: Optional[int] = None
    language: str = ""


@dataclass
class FileResult:
    """One buffer's findings from one pass, with what a hover or a code action needs."""

    uri: str
    version: Optional[int]
    lines: list[str]
    items: list  # (Finding, Diagnostic), in the findings' order
    profile: object = None
    smaps: dict = field(default_factory=dict)  # unit -> the SourceMap of the file's document there


@dataclass
class Outcome:
    results: dict = field(default_factory=dict)  # uri -> FileResult (buffers linted this pass)
    problems: dict = field(default_factory=dict)  # configuration file (or "") -> message: nothing linted
    cleared: set = field(default_factory=set)  # uris whose configuration is broken: no findings to show
    linted: set = field(default_factory=set)  # configurations (or "") whose buffers were linted
    logs: list = field(default_factory=list)  # (level "error"/"warning"/"info", message)


def _bytes(text: str) -> bytes:
    """A buffer's text as its file would hold it (UTF-8; a lone surrogate, which no editor should
    send, stays as bytes that are not UTF-8: DOA001 says so)."""
    return text.encode("utf-8", "surrogatepass")


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip(os.sep)
    return path == folder or path.startswith(folder + os.sep)


class Session:
    """What the server keeps between passes: per configuration file, its check settings and linter
    (profile and catalog parsed once); the configuration of each folder."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Forget every configuration and profile read (one of them changed on disk)."""
        from doalint.config import Nearest

        self.nearest = Nearest()
        self._runs: dict = {}  # configuration file (None: none) -> doalint.cli._Run, or the UsageError
        self.profiles: set[str] = set()  # profile files the configurations name (their changes reset)

    # --- which files ------------------------------------------------------------------------------
    @staticmethod
    def lintable(buf: Buffer) -> bool:
        """A document doalint reads: a file ``check`` would read in a folder (JSON, YAML, Terraform,
        templates), not one of the well-known files that never are deployment files; a buffer that is
        no file by its language."""
        from doalint.frontend import claims_file
        from doalint.loaders import SCANNED_SUFFIXES, well_known

        if buf.path is None:
            return buf.language in LANGUAGE_NAMES
        name = os.path.basename(buf.path).lower()
        if well_known(Path(buf.path)):
            return False
        return name.endswith(SCANNED_SUFFIXES) or bool(claims_file(name))

    @staticmethod
    def is_settings(path: str, profiles=()) -> bool:
        """A change to this file changes the settings of a run (a configuration file, a profile)."""
        return os.path.basename(path) in CONFIG_NAMES or os.path.realpath(path) in profiles

    def configuration_of(self, buf: Buffer, folders: list[str]) -> Optional[Path]:
        if buf.path is not None:
            return self.nearest.of(buf.path)
        return self.nearest.of_folder(folders[0] if folders else os.getcwd())

    def run_for(self, found: Optional[Path]):
        """``check``'s settings and linter for the configuration file ``found`` (None: no
        configuration), made once; raises its UsageError (kept until the settings change)."""
        from doalint.cli import _Run
        from doalint.errors import UsageError

        if found in self._runs:
            run = self._runs[found]
            if isinstance(run, UsageError):
                raise run
            return run
        try:
            run = _Run(str(found) if found else None, found is None, None, (), (), jobs=1)
        except UsageError as exc:
            self._runs[found] = exc
            raise
        self._runs[found] = run
        if run.config.profile:
            self.profiles.add(os.path.realpath(run.config.profile))
        return run

    # --- a pass -----------------------------------------------------------------------------------
    def lint(self, asked: dict, buffers: dict[str, Buffer], folders: list[str],
             units: Callable[[str], int], uri_of: Callable[[str], str], related_support: bool = True) -> Outcome:
        """Lint the buffers of ``asked`` (uri -> its file or None; a closed one stands for its
        configuration's other buffers) and the other open buffers of their configurations.
        ``units``: code units of a string in the agreed position encoding; ``uri_of``: a file's uri."""
        from doalint.errors import UsageError

        out = Outcome()
        open_bufs = {u: b for u, b in buffers.items() if self.lintable(b)}
        groups: dict = {}
        for uri in asked:
            buf = buffers.get(uri)
            if buf is None:  # closed: its configuration's other buffers lose what it held
                if asked[uri]:
                    groups.setdefault(self.nearest.of(asked[uri]), [])
                continue
            if uri in open_bufs:
                groups.setdefault(self.configuration_of(buf, folders), [])
        if not groups:
            return out
        for buf in open_bufs.values():
            found = self.configuration_of(buf, folders)
            if found in groups:
                groups[found].append(buf)
        for found, members in groups.items():
            if not members:
                continue
            try:
                self._lint_group(found, members, buffers, folders, out, units, uri_of, related_support)
                out.linted.add(str(found or ""))
            except UsageError as exc:  # a broken configuration or profile: check would exit 2
                out.problems[str(found or "")] = str(exc)
                out.cleared |= {b.uri for b in members}
            except Exception as exc:  # a bug: said, not fatal; the buffers keep what they showed
                out.logs.append(("error", f"doalint: internal error while linting "
                                          f"{', '.join(b.uri for b in members)}: {type(exc).__name__}: {exc}\n"
                                          + traceback.format_exc()))
        return out

    def _lint_group(self, found, members: list[Buffer], buffers: dict[str, Buffer], folders: list[str],
                    out: Outcome, units, uri_of, related_support: bool) -> None:
        from doalint.loaders import overlay

        run = self.run_for(found)
        linter = run.linter
        on_disk = [b for b in members if b.path is not None and os.path.isfile(b.path)]
        elsewhere = [b for b in members if b not in on_disk]
        texts = {b.path: b.text for b in buffers.values() if b.path is not None}
        reports = []  # (report, the buffers it is about)
        with overlay({p: _bytes(t) for p, t in texts.items() if os.path.isfile(p)}):
            if on_disk:
                paths = [b.path for b in on_disk]
                report = linter.lint_paths(paths, context=self._context(paths, folders, run))
                reports.append((self._finish(report, run), on_disk))
            for b in elsewhere:  # no file yet: linted alone, under its name (no project around it)
                name = b.path or LANGUAGE_NAMES[b.language]
                report = linter.lint_buffer(_bytes(b.text), name)
                reports.append((self._finish(report, run), [b]))
        for report, bufs in reports:
            for e in report.internal_errors:
                out.logs.append(("warning", f"doalint: internal error in rule {e.rule} on {e.file}: {e.error}"))
            self._collect(report, bufs, buffers, run, out, units, uri_of, related_support)

    def _context(self, paths: list[str], folders: list[str], run) -> list[str]:
        """The folders read for the relations across documents: each file's project (the folder of
        its configuration or repository, as ``check`` splits projects), kept inside the workspace
        folder that holds it (``check`` run there reads no further), with the configuration's own
        ``context:`` entries."""
        from doalint.project import Projects

        projects = Projects(folders)
        out: list[str] = []
        for p in paths:
            where = projects.of(p) or os.path.dirname(p)
            holder = next((f for f in folders if _inside(p, f)), None)
            if holder is not None and not _inside(where, holder):
                where = holder
            out.append(where)
        out += [os.path.abspath(c) for c in run.context_paths(())]
        kept: list[str] = []
        for c in sorted(set(out), key=len):
            if not any(_inside(c, k) for k in kept):
                kept.append(c)
        return kept

    @staticmethod
    def _finish(report, run):
        """What check does to a report before showing it: the configuration's baseline. (Findings
        come with their fixes' text edits from the engine, doalint.fixes.)"""
        if run.config.baseline and os.path.isfile(run.config.baseline):
            from doalint import baseline

            baseline.apply(report, baseline.read(Path(run.config.baseline)))
        return report

    def _collect(self, report, bufs: list[Buffer], buffers: dict[str, Buffer], run, out: Outcome, units, uri_of,
                 related_support: bool) -> None:
        by_name = {}
        for b in bufs:
            by_name[os.path.abspath(b.path) if b.path else os.path.abspath(LANGUAGE_NAMES[b.language])] = b
        texts = {os.path.abspath(b.path): b.text for b in buffers.values() if b.path is not None}
        positions: dict = {}

        def lines_of(file: str) -> Optional[Positions]:
            if file not in positions:
                text = texts.get(file)
                if text is None:
                    try:
                        with open(file, "rb") as fh:
                            text = fh.read(8 * 1024 * 1024).decode("utf-8-sig", errors="replace")
                    except OSError:
                        text = None
                positions[file] = None if text is None else Positions(split_lines(text), units)
            return positions[file]

        def related(file: str):
            absolute = os.path.abspath(file)
            if absolute in by_name and by_name[absolute].path is None:
                return by_name[absolute].uri, lines_of_buffer(by_name[absolute])
            where = lines_of(absolute) if os.path.isfile(absolute) or absolute in texts else None
            return None if where is None else (uri_of(absolute), where)

        def lines_of_buffer(b: Buffer) -> Positions:
            return Positions(split_lines(b.text), units)

        urls: dict = {}
        findings: dict = {name: [] for name in by_name}
        for f in report.active:
            name = os.path.abspath(f.file)
            if name in findings:
                findings[name].append(f)
        docs: dict = {}  # file -> unit -> its source map (None: several documents of the unit, with
        for d in report.docs:  # maps of their own, as a CloudFormation template's resources: no one map)
            units_of = docs.setdefault(os.path.abspath(d.file), {})
            if d.unit in units_of and units_of[d.unit] is not d.smap:
                units_of[d.unit] = None
            else:
                units_of.setdefault(d.unit, d.smap)
        for name, b in by_name.items():
            where = lines_of_buffer(b)
            items = []
            for f in findings[name]:
                if f.rule not in urls:
                    entry = run.catalog.get(f.rule)
                    urls[f.rule] = catalog_url(entry) if entry is not None else None
                items.append((f, diagnostic(f, where, related, urls[f.rule], related_support)))
            out.results[b.uri] = FileResult(b.uri, b.version, where.lines, items, run.profile, docs.get(name, {}))
