"""The command line: ``doalint check``, ``doalint explain``, ``doalint rules``.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings,
2 usage, configuration or profile error.

This module is the entry point and what ``check`` runs; the click command tree (options, help,
the other commands) is doalint.commands. ``doalint check`` with plain options and paths (the
pre-commit case) is parsed here without importing click (:func:`_lean_check`): click's import
costs more than a small run's linting. Anything else (help, an unknown or misspelt option, a value
click would refuse, another command) goes to click, which parses and reports as always; the lean
parse accepts only what click would read the same way.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

from doalint import reporters
from doalint.errors import UsageError

SEVERITIES = ("error", "warning", "note")  # --fail-level's choices


def _use_color(mode: str) -> bool:
    if mode == "always":
        return True
    if mode == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def _profile(path: Optional[str]):
    from doalint.profile import load_profile

    return load_profile(path)

FORMATS = reporters.NAMES  # --format's and --output's: text, json, sarif, github, junit
_EXTENSIONS = {".sarif": "sarif", ".json": "json", ".xml": "junit", ".txt": "text", ".log": "text"}


def _output_target(spec: str) -> tuple[str, str]:
    """``FORMAT:FILE`` or ``FILE`` (format from its extension)."""
    head, sep, tail = spec.partition(":")
    if sep and head in FORMATS and tail:
        return head, tail
    from pathlib import Path

    fmt = _EXTENSIONS.get(Path(spec).suffix.lower())
    if fmt is None:
        raise UsageError(f"--output {spec!r}: say which format, e.g. sarif:{spec} (one of {', '.join(FORMATS)})")
    return fmt, spec


def _cpus() -> int:
    """The CPUs this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class _Run:
    """Everything ``check`` and ``baseline`` share: config, profile, selection, the lint run."""

    def __init__(self, config_path, isolated, profile_path, select, ignore, complete_project=False,
                 max_file_size=None, jobs=None):
        from pathlib import Path

        from doalint import config as cfgmod
        from doalint.catalog import default_catalog

        self.catalog = default_catalog()
        self._options = (profile_path, tuple(select), tuple(ignore), complete_project, max_file_size, jobs)
        # --config or --isolated: one configuration (or none) for every file; else each file's nearest
        self.forced = bool(config_path or isolated)
        self.nearest = cfgmod.Nearest()
        if config_path:
            config = cfgmod.load(Path(config_path))
        elif isolated:
            config = cfgmod.Config()
        else:  # the run's own settings (scan-aws; check until it knows its files): the working directory's
            found = self.nearest.of_folder(os.getcwd())
            config = self._load(found)
        self._use(config)

    def _use(self, cfg) -> None:
        """Make ``cfg`` the configuration of what follows: its profile, selection and linter."""
        from doalint.engine.runner import Linter

        profile_path, select, ignore, complete_project, max_file_size, jobs = self._options
        self.config = cfg
        what = f"config {cfg.file}" if cfg.file else "config"
        chosen = self.catalog.resolve(list(select), "--select") if select else (
            self.catalog.resolve(cfg.select, f"{what}: select") if cfg.select else None)
        ignored = self.catalog.resolve(list(ignore), "--ignore") if ignore else set()
        if cfg.ignore:
            ignored |= self.catalog.resolve(cfg.ignore, f"{what}: ignore")
        for globbed in cfg.per_file_ignores.values():
            self.catalog.resolve(globbed, f"{what}: per-file-ignores")
        severities = {}
        for key, sev in cfg.severity.items():
            entry = self.catalog.get(key)
            if entry is None:
                raise UsageError(f"{what}: severity: unknown rule {key!r}")
            severities[entry.id] = sev
        self.profile = _profile(profile_path or (str(cfg.profile) if cfg.profile else None))
        self.complete_project = complete_project or cfg.complete_project
        from doalint.loaders import DEFAULT_MAX_BYTES

        size = max_file_size or cfg.max_file_size or DEFAULT_MAX_BYTES
        self.linter = Linter(self.profile, catalog=self.catalog, select=chosen, ignore=ignored,
                             severities=severities, config=cfg, complete_project=self.complete_project,
                             max_bytes=size, jobs=jobs or _cpus())

    def lint(self, paths, context=(), alone: bool = False):
        """Lint ``paths``, each file with its nearest configuration (unless --config or --isolated):
        the files are grouped by configuration, each group is run with its own settings (its
        projects are its own: a configuration's folder is a project's, doalint.project), and
        the reports are merged. The run's own settings (fail level, baseline, profile of the
        SARIF rules) are those of the only configuration, else of the working directory's. ``alone``:
        without the configuration's context (a file linted again by itself, to check its fixes)."""
        paths = list(paths) or ["."]
        groups = self._groups(paths)
        if len(groups) <= 1:
            if groups and groups[0] != self._found(self.config):
                self._use(self._load(groups[0]))
            return self.linter.lint_paths(paths, [] if alone else self.context_paths(context))
        home = (self.config, self.linter, self.profile, self.complete_project)
        reports = []
        for found in groups:
            self._use(self._load(found))
            self.linter.owns = _Owns(self.nearest, found)  # (sent to worker processes: no lambda)
            reports.append(self.linter.lint_paths(paths, [] if alone else self.context_paths(context)))
        self.config, self.linter, self.profile, self.complete_project = home
        return _merge(reports)

    def _groups(self, paths) -> list:
        """The configuration files of the run's files (None: none), in order; [] with --config or
        --isolated, or when the run has no file."""
        if self.forced:
            return []
        from doalint.loaders import iter_files

        found: dict = {}
        for f in iter_files(paths):
            found.setdefault(self.nearest.of(f), None)
        return sorted(found, key=lambda p: (p is not None, str(p)))

    @staticmethod
    def _found(cfg):
        from pathlib import Path

        return Path(os.path.abspath(cfg.file)) if cfg.file else None

    @staticmethod
    def _load(found):
        from pathlib import Path

        from doalint import config as cfgmod

        return cfgmod.load(Path(cfgmod.shown(found))) if found else cfgmod.Config()

    def context_paths(self, given) -> list[str]:
        """--context paths, else the configuration's ``context:`` (paths, or globs matched as
        ``exclude``'s are, relative to the configuration file)."""
        if given or not self.config.context:
            return list(given)
        from doalint.config import glob_match
        from doalint.loaders import iter_files

        cfg, out = self.config, []
        for entry in cfg.context:
            if not any(c in entry for c in "*?["):
                path = cfg.root / entry
                if not path.exists():
                    raise UsageError(f"config {cfg.file}: context: {entry}: no such file or directory")
                out.append(_near(path))
                continue
            out += [_near(f) for f in iter_files([str(cfg.root)]) if glob_match(entry, cfg.relative(str(f)))]
        return out

    def add_checkov(self, report, paths, ignore) -> None:
        """Fold checkov's failed checks into the report (ignored by --ignore CKV_... or the config)."""
        from doalint import fingerprint
        from doalint.engine.findings import Finding
        from doalint.integrations import checkov

        findings, rules = checkov.run(paths)
        dropped = {s.strip().upper() for raw in list(ignore) + list(self.config.ignore) for s in raw.split(",")}
        findings = [f for f in findings if not any(f.rule.upper().startswith(d) for d in dropped if d.startswith("CKV"))
                    and not self.config.excluded(f.file)]
        report.external_rules.update(rules)
        report.rules_run.update(rules)
        report.findings = fingerprint.assign(sorted(report.findings + findings, key=Finding.sort_key), report.docs)


class _Owns:
    """Whether a file is one of a configuration's: its nearest configuration is that one."""

    def __init__(self, nearest, found) -> None:
        self.nearest, self.found = nearest, found

    def __call__(self, f) -> bool:
        return self.nearest.of(f) == self.found


def _merge(reports):
    """One report of the reports of several groups of files (disjoint): lists joined, counts
    added, sets and maps united; findings in their order."""
    from doalint import record as records

    from doalint.engine.findings import Finding, Report

    out = Report()
    for part in reports:
        for fld in records.fields(Report):
            mine, theirs = getattr(out, fld.name), getattr(part, fld.name)
            if isinstance(mine, list):
                mine += theirs
            elif isinstance(mine, (set, dict)):
                mine.update(theirs)
            elif isinstance(mine, bool):
                setattr(out, fld.name, mine or theirs)
            elif isinstance(mine, int):
                setattr(out, fld.name, mine + theirs)
    out.findings.sort(key=Finding.sort_key)
    out.skipped.sort(key=lambda s: (s.file, s.reason))
    out.checked_files.sort()
    return out


def _near(path) -> str:
    """``path`` as a user standing here would write it (relative when it can be)."""
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def check_command(paths, context, fmt, outputs, config_path, isolated, profile_path, ignore, select, fail_level,
                  baseline_path, sarif_category, complete_project, jobs, max_file_size, with_checkov, color,
                  statistics, show_waived, verbose, quiet, exit_zero=False, show_source=False, show_files=False,
                  stdin_filename=None, fix=False, unsafe_fixes=False, diff=False) -> None:
    """``doalint check`` with its options parsed (by click, doalint.commands.check, or by
    :func:`_lean_check`): exits with check's code."""
    from pathlib import Path

    targets = [_output_target(o) for o in outputs]
    stdin = "-" in paths
    if stdin and len(paths) > 1:
        raise UsageError("'-' (standard input) cannot be checked together with other paths")
    if stdin_filename is not None and not stdin:
        raise UsageError("--stdin-filename names standard input: give '-' as the path")
    if stdin and with_checkov:
        raise UsageError("--with-checkov reads files: it cannot check standard input")
    if stdin and (fix or diff):
        raise UsageError("--fix and --diff change files: they cannot fix standard input (the language server, "
                         "doalint lsp, fixes unsaved buffers)")
    if show_files:
        run = _Run(config_path, isolated, profile_path, select, ignore, complete_project, max_file_size, jobs)
        for name in _files_to_check(run, paths, stdin_filename):
            _echo(name)
        sys.exit(0)
    if stdin:
        run = _Run(config_path, isolated, profile_path, select, ignore, complete_project, max_file_size, jobs)
        name = stdin_filename or "<stdin>"
        raw = sys.stdin.buffer.read()
        report = run.linter.lint_buffer(raw, name)
        if _offers_fixes(fmt, targets):
            from doalint.loaders import decoded

            _verify_fixes(report, run, lambda file, text: run.linter.lint_buffer(text.encode("utf-8", "surrogatepass"),
                                                                                  name), lambda file: decoded(raw))
        if not report.files and not report.findings and run.config.excluded(name):
            _echo(f"doalint: {name} is excluded by the configuration: not checked", err=True)
        baseline_file = baseline_path or (str(run.config.baseline) if run.config.baseline else None)
        if baseline_file:
            from doalint import baseline

            baseline.apply(report, baseline.read(Path(baseline_file)))
        _report_out(report, run, fmt, targets, fail_level, sarif_category, baseline_file, color, statistics,
                    show_waived, verbose, quiet, exit_zero=exit_zero,
                    source=_source_reader({name: raw}) if show_source else None)
    if with_checkov:
        from doalint.integrations import checkov

        if not checkov.available():
            raise UsageError("--with-checkov needs checkov: pip install 'doalint[checkov]'")
    _refuse_checked([f for _, f in targets], (list(paths) or ["."]) + list(context), "--output")
    run = _Run(config_path, isolated, profile_path, select, ignore, complete_project, max_file_size, jobs)
    fixed = None
    if fix or diff:
        report, fixed = _fix(run, paths, context, unsafe_fixes, diff, quiet)
    else:
        report = run.lint(paths, context)
    if _offers_fixes(fmt, targets):
        _verify_fixes(report, run)
    if with_checkov:
        run.add_checkov(report, list(paths) or ["."], ignore)
    baseline_file = baseline_path or (str(run.config.baseline) if run.config.baseline else None)
    if baseline_file:
        from doalint import baseline

        baseline.apply(report, baseline.read(Path(baseline_file)))
    _report_out(report, run, fmt, targets, fail_level, sarif_category, baseline_file, color, statistics,
                show_waived, verbose, quiet, exit_zero=exit_zero, source=_source_reader() if show_source else None,
                fixed=fixed, unsafe_fixes=unsafe_fixes)


def _offers_fixes(fmt: str, targets) -> bool:
    """Whether an output of the run carries fixes for a tool to apply (JSON, SARIF): those are checked
    first (the text summary only counts them; --fix checks what it applies)."""
    return fmt in ("json", "sarif") or any(kind in ("json", "sarif") for kind, _ in targets)


def _verify_fixes(report, run, lint_one=None, read=None) -> None:
    """Offer only fixes that hold (doalint.fixes.apply.verify): each file's fixes are tried on its text
    and the file linted again alone."""
    if not any(f.fix is not None for f in report.findings):
        return
    from doalint.fixes import apply as fixing

    one, local = _one_file(run)
    fixing.verify(report, lint_one or one, local, read)


def _one_file(run):
    """(lint_one(file, text): the file's report with ``text`` for its content, linted alone; local(rule):
    whether such a run judges the rule as the whole run does: not the rules across documents)."""
    from doalint.loaders import overlay

    def one(file: str, text: str):
        with overlay({file: text.encode("utf-8", "surrogatepass")}):
            return run.lint([file], alone=True)

    from doalint.engine.registry import DRIFT, PROJECT

    across = {i for i, e in run.catalog.entries.items() if tuple(e.kinds) in ((PROJECT,), (DRIFT,))}
    return one, lambda rule: rule not in across


def _fix(run, paths, context, unsafe: bool, diff: bool, quiet: bool):
    """--fix: apply the fixes (doalint.fixes.apply), write the files that changed, and return the
    report of what remains with the number fixed. --diff: print the changes as a unified diff, write
    nothing, and exit 1 if there is one (0 if not)."""
    from doalint.fixes import apply as fixing

    lint_one, local = _one_file(run)
    outcome = fixing.fix_files(lambda: run.lint(paths, context), unsafe=unsafe, lint_one=lint_one, local=local)
    files = sorted(outcome.changed)
    if diff:
        try:
            for file in files:
                _echo(fixing.unified_diff(file, outcome.original[file], outcome.changed[file]), nl=False)
        except BrokenPipeError:
            _stdout_gone()
        if not quiet:
            what = f"{outcome.fixed} fix{'es' if outcome.fixed != 1 else ''}" if files else "nothing"
            where = f" in {len(files)} file{'s' if len(files) != 1 else ''}" if files else ""
            _echo(f"doalint: --diff: would apply {what}{where}; nothing written.", err=True)
        sys.exit(1 if files else 0)
    written = []
    for file in files:
        try:
            fixing.write(file, outcome.changed[file])
        except OSError as exc:
            done = f" ({len(written)} other file(s) fixed and written)" if written else ""
            raise UsageError(f"--fix: cannot write {file}: {exc.strerror or exc}; the file is unchanged{done}") from None
        written.append(file)
    return outcome.report, outcome.fixed


def _files_to_check(run, paths, stdin_filename) -> list[str]:
    """--show-files: the files a check of ``paths`` reads, as it names them (excluded and
    well-known other files left out)."""
    from doalint.loaders import display_path, iter_files

    if "-" in paths:
        name = stdin_filename or "<stdin>"
        return [] if run.config.excluded(name) else [name]
    out = []
    for f in iter_files(list(paths) or ["."]):
        display = display_path(f)
        if not run.config.excluded(display):
            out.append(display)
    return out


def _source_reader(buffers: Optional[dict] = None):
    """--show-source: file -> its lines (None when it cannot be read), each file read once;
    ``buffers``: the bytes of what was read from standard input, by the name it was given."""
    cache: dict = {}

    def lines(file: str):
        if file not in cache:
            raw = (buffers or {}).get(file)
            try:
                if raw is None:
                    from doalint.loaders import read_regular
                    from doalint.loaders.errors import ParseError

                    try:
                        raw = read_regular(file)  # a FIFO named is a finding, not a line to show
                    except ParseError:
                        raw = None
                cache[file] = None if raw is None else raw.decode("utf-8-sig", errors="replace").split("\n")
            except OSError:
                cache[file] = None
        return cache[file]

    return lines


def _report_out(report, run, fmt, targets, fail_level, sarif_category, baseline_file, color, statistics,
                show_waived, verbose, quiet, exit_zero=False, source=None, fixed=None, unsafe_fixes=False) -> None:
    """Write the report in every asked format and exit with check's exit code (0 with --exit-zero,
    but for internal errors). ``source``: --show-source's reader (text output)."""
    from pathlib import Path

    level = (fail_level or run.config.fail_level or "note").lower()

    def render(kind: str, for_terminal: bool) -> str:
        """The output of format ``kind``: on the terminal in colour (as --color says) and as quiet
        as -q asks; in a file, neither."""
        options = reporters.RenderOptions(
            catalog=run.catalog, profile=run.profile, sarif_category=sarif_category,
            baseline_used=bool(baseline_file), color=for_terminal and _use_color(color), statistics=statistics,
            verbose=verbose, show_waived=show_waived, quiet=quiet and for_terminal, source=source, fixed=fixed,
            unsafe_fixes=unsafe_fixes)
        return reporters.get(kind).render(report, options)

    for kind, file in targets:
        try:
            _write_atomic(Path(file), render(kind, False))
        except OSError as exc:
            raise UsageError(f"--output {file}: cannot write it ({exc.strerror or exc})") from None
    colored = fmt == "text" and _use_color(color)
    try:
        _echo(render(fmt, True), nl=False, color=colored)
    except BrokenPipeError:  # the reader has gone (`| head`): a quiet exit with the findings' status
        _stdout_gone()
    if report.internal_errors:
        sys.exit(2)
    sys.exit(1 if report.failing(level) and not exit_zero else 0)


def _write_atomic(path, text: str) -> None:
    from doalint.atomic import write_text

    write_text(path, text)


def _stdout_gone() -> None:
    """Standard output's reader has gone (EPIPE): what is still buffered and what follows goes
    nowhere, without a message (the exit code stays the command's)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's buffer)
        pass


def _refuse_checked(outputs, paths, what: str) -> None:
    """Refuse (exit 2) an output file that is one of the files the run reads: writing the report
    there would destroy it."""
    from doalint.loaders import iter_files

    wanted = {os.path.realpath(f): f for f in outputs if os.path.exists(f)}
    if not wanted:
        return
    for f in iter_files(list(paths) or ["."]):
        hit = wanted.get(os.path.realpath(f))
        if hit is not None:
            raise UsageError(f"{what} {hit}: is one of the files checked; not overwritten (write it elsewhere)")


def run(argv: Optional[list[str]] = None) -> int:
    """Run the command line with ``argv``; return the exit code (never raises)."""
    if argv is None:
        argv = sys.argv[1:]
    try:
        lean = _lean_check(argv)
        if lean is not None:
            return _run_lean(lean)
        rv = _run_click(argv)
    except SystemExit as exc:  # the commands exit with their code
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except UsageError as exc:
        _echo(f"doalint: error: {exc}", err=True)
        return 2
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DOALINT_DEBUG"):
            raise
        _echo(f"doalint: internal error: {type(exc).__name__}: {exc} (set DOALINT_DEBUG=1 for details)", err=True)
        return 2
    return rv if isinstance(rv, int) else 0


def _run_click(argv: list[str]):
    """The command line as click parses it (doalint.commands); click's own exceptions become
    exit codes and messages here."""
    import click

    from doalint.commands import cli

    try:
        return cli.main(args=argv, standalone_mode=False, prog_name="doalint")
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("doalint: aborted", err=True)
        return 130
    except click.ClickException as exc:
        msg = exc.format_message()
        hint = ""
        ctx = getattr(exc, "ctx", None)
        if ctx is not None:
            hint = f" (see '{ctx.command_path} --help')"
        click.echo(f"doalint: error: {msg}{hint}", err=True)
        return 2


def _run_lean(options: dict):
    """``check`` parsed by :func:`_lean_check`, run as click runs a command: an interrupt is an
    abort (130), a reader that has gone (EPIPE) exits 1 quietly."""
    try:
        return check_command(**options)
    except (EOFError, KeyboardInterrupt):
        _echo("", err=True)
        _echo("doalint: aborted", err=True)
        return 130
    except OSError as exc:
        import errno

        if exc.errno != errno.EPIPE:
            raise
        from click.utils import PacifyFlushWrapper

        sys.stdout = PacifyFlushWrapper(sys.stdout)
        sys.stderr = PacifyFlushWrapper(sys.stderr)
        sys.exit(1)


# --- check without click -----------------------------------------------------------------------
# check's options: flag, or (destination, kind) where kind says how the value is read, as click reads
# it: "str", "path" (click.Path()), "file" (click.Path(dir_okay=False)), "count" (click.IntRange(min=1)),
# or a tuple of choices; "+" before a kind: the option is repeatable (multiple=True).
_FLAGS = {
    "--statistics": "statistics", "--show-waived": "show_waived", "-q": "quiet", "--quiet": "quiet",
    "--isolated": "isolated", "--complete-project": "complete_project", "--with-checkov": "with_checkov",
    "--exit-zero": "exit_zero", "--show-source": "show_source", "--show-files": "show_files",
    "-v": "verbose", "--verbose": "verbose", "--fix": "fix", "--unsafe-fixes": "unsafe_fixes", "--diff": "diff",
}
_VALUED = {
    "--format": ("fmt", None), "--output": ("outputs", "+str"), "--fail-level": ("fail_level", SEVERITIES),
    "--baseline": ("baseline_path", "file"), "--sarif-category": ("sarif_category", "str"),
    "--color": ("color", ("auto", "always", "never")), "--config": ("config_path", "file"),
    "--profile": ("profile_path", "file"), "--ignore": ("ignore", "+str"), "--select": ("select", "+str"),
    "-j": ("jobs", "count"), "--jobs": ("jobs", "count"), "--max-file-size": ("max_file_size", "count"),
    "--context": ("context", "+path"), "--stdin-filename": ("stdin_filename", "str"),
}
_DEFAULTS = {
    "paths": (), "context": (), "fmt": "text", "outputs": (), "config_path": None, "isolated": False,
    "profile_path": None, "ignore": (), "select": (), "fail_level": None, "baseline_path": None,
    "sarif_category": None, "complete_project": False, "jobs": None, "max_file_size": None,
    "with_checkov": False, "color": "auto", "statistics": False, "show_waived": False, "verbose": False,
    "quiet": False, "exit_zero": False, "show_source": False, "show_files": False, "stdin_filename": None,
    "fix": False, "unsafe_fixes": False, "diff": False,
}


def _lean_check(argv: list[str]) -> Optional[dict]:
    """check's options from ``argv`` (``check`` then options and paths), read as click reads them,
    or None: click must parse this command line (another command, help, ``--``, an option written
    another way, a value click would refuse or report on). Never raises."""
    if not argv or argv[0] != "check" or os.environ.get("_DOALINT_COMPLETE"):
        return None
    try:
        return _lean_options(argv[1:])
    except Exception:  # (an odd path: click says what is wrong with it)
        return None


def _lean_options(args: list[str]) -> Optional[dict]:
    out = dict(_DEFAULTS)
    repeated: dict[str, list] = {}
    paths = []
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token == "-" or not token.startswith("-"):
            if not _path_ok(token, dir_okay=True):
                return None
            paths.append(token)
            continue
        name, eq, value = token.partition("=")
        if name in _FLAGS and not eq:
            out[_FLAGS[name]] = True
            continue
        if name not in _VALUED or (eq and not name.startswith("--")):
            return None  # unknown, help, "--", short options run together: click
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if value.startswith("-") and value != "-":
            return None  # (an option taken as a value: click says so, or reads it its way)
        dest, kind = _VALUED[name]
        if name == "--format":
            kind = tuple(FORMATS)
        if isinstance(kind, tuple):
            if value not in kind:
                return None
        elif kind == "count":
            if not (value.isascii() and value.isdigit()) or int(value) < 1:
                return None
            value = int(value)
        elif kind.endswith("file") or kind.endswith("path"):
            if not _path_ok(value, dir_okay=kind.endswith("path")):
                return None
        if kind and isinstance(kind, str) and kind.startswith("+"):
            repeated.setdefault(dest, []).append(value)
        else:
            out[dest] = value
    out["paths"] = tuple(paths)
    for dest, values in repeated.items():
        out[dest] = tuple(values)
    return out


def _path_ok(value: str, dir_okay: bool) -> bool:
    """click.Path() (readable) or click.Path(dir_okay=False) would take ``value`` as it is."""
    import stat

    try:
        st = os.stat(value)
    except OSError:
        return True  # need not exist
    if not dir_okay and stat.S_ISDIR(st.st_mode):
        return False
    return os.access(value, os.R_OK)


def _echo(message: str = "", nl: bool = True, err: bool = False, color: Optional[bool] = None) -> None:
    """click.echo's output without importing click, for a plain text stream whose encoding is not
    ASCII (a terminal, a pipe, a file): the message, ANSI codes stripped unless ``color`` (None: the
    stream is a terminal), then a flush. Any other stream (a test's buffer, an ASCII-encoded stream
    that click re-wraps, Windows' console), or codes to strip (click's pattern decides which), is
    click.echo's."""
    import io

    stream = sys.stderr if err else sys.stdout
    if stream is None:
        return
    plain = type(stream) is io.TextIOWrapper and sys.platform != "win32" and _not_ascii(stream.encoding)
    out = message + "\n" if nl else message
    if plain and "\x1b" in out:
        strip = (not color) if color is not None else not _isatty(stream)
        plain = not strip
    if not plain:
        import click

        click.echo(message, nl=nl, err=err, color=color)
        return
    if out:
        stream.write(out)
    stream.flush()


def _not_ascii(encoding: Optional[str]) -> bool:
    import codecs

    try:
        return bool(encoding) and codecs.lookup(encoding).name != "ascii"
    except LookupError:
        return True


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except Exception:
        return False


def __getattr__(name: str):
    """The click command tree's names (``cli``, ``check``, ``scan_aws``, ...), from doalint.commands
    on first use (PEP 562)."""
    if name.startswith("__"):
        raise AttributeError(name)
    import doalint.commands as commands

    try:
        return getattr(commands, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def _skip_plugin_discovery() -> None:
    """With plugins disabled, pydantic still imports importlib.metadata (about 15 ms, most of
    it the email package) only to reach the function that returns no plugins. Stand in for
    that module with one that returns no plugins; any other name is taken from the real
    module, imported on first use, so a pydantic that asks for more still gets it."""
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ("__all__", "1", "true"):
        return
    name = "pydantic.plugin._loader"
    if name in sys.modules or "pydantic" in sys.modules:
        return
    import types

    stub = types.ModuleType(name)

    def get_plugins():
        return ()

    def real(attr: str):
        import importlib

        if attr.startswith("__"):  # the import system probing (__path__ and the like)
            raise AttributeError(attr)

        if sys.modules.get(name) is stub:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)

    stub.get_plugins = get_plugins
    stub.__getattr__ = real  # type: ignore[attr-defined]  # PEP 562
    sys.modules[name] = stub


def _standard_streams() -> None:
    """Standard output closed when doalint starts (``doalint rules >&-``) is a reader that has
    gone (EPIPE, a quiet exit); standard error closed goes nowhere. Either way the descriptor is
    taken, so that no file opened later becomes standard output. What the terminal's or pipe's
    encoding cannot write (a file name that is not UTF-8) is written as a backslash escape."""
    if sys.stdout is None:
        r, w = os.pipe()
        os.close(r)  # a pipe without a reader: every write is EPIPE
        os.dup2(w, 1)
        os.close(w)
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    if sys.stderr is None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main() -> None:
    """The console script. Leaves without tearing the interpreter down: a short run
    spends a noticeable share of its time freeing modules it will not use again."""
    # pydantic looks up plugins through package entry points (importlib.metadata) the
    # first time a model class is built; doalint uses none, and the lookup is slow.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _skip_plugin_discovery()
    _standard_streams()
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)
