"""The command line: ``doalint check``, ``doalint explain``, ``doalint rules``.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings,
2 usage, configuration or profile error.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Optional

import click

from doalint import __version__, reporters
from doalint.errors import UsageError

SEVERITY_CHOICE = click.Choice(["error", "warning", "note"], case_sensitive=False)


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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="doalint")
def cli() -> None:
    """doalint: check ECS Fargate deployment files against the DOA Market standard."""


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

    def lint(self, paths, context=()):
        """Lint ``paths``, each file with its nearest configuration (unless --config or --isolated):
        the files are grouped by configuration, each group is run with its own settings (its
        projects are its own: a configuration's folder is a project's, doalint.project), and
        the reports are merged. The run's own settings (fail level, baseline, profile of the
        SARIF rules) are those of the only configuration, else of the working directory's."""
        paths = list(paths) or ["."]
        groups = self._groups(paths)
        if len(groups) <= 1:
            if groups and groups[0] != self._found(self.config):
                self._use(self._load(groups[0]))
            return self.linter.lint_paths(paths, self.context_paths(context))
        home = (self.config, self.linter, self.profile, self.complete_project)
        reports = []
        for found in groups:
            self._use(self._load(found))
            self.linter.owns = _Owns(self.nearest, found)  # (sent to worker processes: no lambda)
            reports.append(self.linter.lint_paths(paths, self.context_paths(context)))
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
    import dataclasses

    from doalint.engine.findings import Finding, Report

    out = Report()
    for part in reports:
        for fld in dataclasses.fields(Report):
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


def _common(fn):
    fn = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                      help="One configuration file for every file (default: each file's nearest .doalint.yaml, or "
                           "[tool.doalint] in pyproject.toml, up to its repository's root).")(fn)
    fn = click.option("--isolated", is_flag=True, help="Ignore configuration files.")(fn)
    fn = click.option("--profile", "profile_path", type=click.Path(dir_okay=False),
                      help="The standard as data (default: the bundled DOA Market profile).")(fn)
    fn = click.option("--ignore", multiple=True, metavar="RULES",
                      help="Skip these rules (same forms as --select).")(fn)
    fn = click.option("--select", multiple=True, metavar="RULES",
                      help="Only these rules: IDs, names or ID prefixes (DOA1), comma separated; repeatable.")(fn)
    return fn


def _reporting(fn):
    """The options of commands that report findings (check, scan-aws)."""
    options = [
        click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                     help="Output format on standard output."),
        click.option("--output", "outputs", multiple=True, metavar="[FORMAT:]FILE",
                     help="Also write this format to FILE (format from the extension: .sarif, .json, .xml; "
                          "or sarif:FILE); repeatable."),
        click.option("--fail-level", type=SEVERITY_CHOICE, default=None,
                     help="Exit 1 only for findings at or above this severity (default: note, any finding)."),
        click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False),
                     help="Report only findings not recorded in this baseline (see 'doalint baseline')."),
        click.option("--sarif-category", metavar="ID", help="SARIF runAutomationDetails.id (GitHub's category)."),
        click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                     help="Colour the text output (auto honours NO_COLOR and FORCE_COLOR)."),
        click.option("--statistics", is_flag=True, help="Add a count of findings per rule."),
        click.option("--show-waived", is_flag=True, help="Also list waived and baselined findings in text output."),
        click.option("-q", "--quiet", is_flag=True, help="Text output: print findings only, no summary line."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@_reporting
@_common
@click.option("--complete-project", is_flag=True, help="The paths are the whole deployment.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), metavar="N",
              help="Worker processes (default: the number of CPUs). Runs of fewer than 256 JSON/YAML"
                   " files stay in one process; the output is the same with any N.")
@click.option("--max-file-size", type=click.IntRange(min=1), metavar="BYTES",
              help="Files larger than this are reported (DOA001), not parsed (default: 5 MiB).")
@click.option("--with-checkov", is_flag=True,
              help="Also run checkov's Terraform and CloudFormation checks (extra doalint[checkov]).")
@click.option("--context", "context", multiple=True, type=click.Path(), metavar="PATH",
              help="Also read these files or folders for the rules across documents (DOA9xx), without reporting"
                   " on them: findings appear only in PATHS (repeatable; default: config context).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings (usage errors still exit 2).")
@click.option("--show-source", is_flag=True,
              help="Text output: under each finding, its line of source with the column marked.")
@click.option("--show-files", is_flag=True, help="List the files that would be checked (after exclusion) and exit.")
@click.option("--stdin-filename", metavar="NAME",
              help="With PATH '-': the name of the file read from standard input (decides its kind, format and"
                   " configuration, and findings show it).")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files skipped as other kinds.")
def check(paths, context, fmt, outputs, config_path, isolated, profile_path, ignore, select, fail_level, baseline_path,
          sarif_category, complete_project, jobs, max_file_size, with_checkov, color, statistics,
          show_waived, verbose, quiet, exit_zero=False, show_source=False, show_files=False,
          stdin_filename=None) -> None:
    """Check deployment files and directories (default: the current directory).

    PATH '-' reads one file from standard input (name it with --stdin-filename)."""
    from pathlib import Path

    targets = [_output_target(o) for o in outputs]
    stdin = "-" in paths
    if stdin and len(paths) > 1:
        raise UsageError("'-' (standard input) cannot be checked together with other paths")
    if stdin_filename is not None and not stdin:
        raise UsageError("--stdin-filename names standard input: give '-' as the path")
    if stdin and with_checkov:
        raise UsageError("--with-checkov reads files: it cannot check standard input")
    if show_files:
        run = _Run(config_path, isolated, profile_path, select, ignore, complete_project, max_file_size, jobs)
        for name in _files_to_check(run, paths, stdin_filename):
            click.echo(name)
        sys.exit(0)
    if stdin:
        run = _Run(config_path, isolated, profile_path, select, ignore, complete_project, max_file_size, jobs)
        name = stdin_filename or "<stdin>"
        raw = sys.stdin.buffer.read()
        report = run.linter.lint_buffer(raw, name)
        if not report.files and not report.findings and run.config.excluded(name):
            click.echo(f"doalint: {name} is excluded by the configuration: not checked", err=True)
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
    report = run.lint(paths, context)
    if with_checkov:
        run.add_checkov(report, list(paths) or ["."], ignore)
    baseline_file = baseline_path or (str(run.config.baseline) if run.config.baseline else None)
    if baseline_file:
        from doalint import baseline

        baseline.apply(report, baseline.read(Path(baseline_file)))
    _report_out(report, run, fmt, targets, fail_level, sarif_category, baseline_file, color, statistics,
                show_waived, verbose, quiet, exit_zero=exit_zero, source=_source_reader() if show_source else None)


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
                show_waived, verbose, quiet, exit_zero=False, source=None) -> None:
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
            verbose=verbose, show_waived=show_waived, quiet=quiet and for_terminal, source=source)
        return reporters.get(kind).render(report, options)

    for kind, file in targets:
        try:
            _write_atomic(Path(file), render(kind, False))
        except OSError as exc:
            raise UsageError(f"--output {file}: cannot write it ({exc.strerror or exc})") from None
    colored = fmt == "text" and _use_color(color)
    try:
        click.echo(render(fmt, True), nl=False, color=colored)
    except BrokenPipeError:  # the reader has gone (`| head`): a quiet exit with the findings' status
        _stdout_gone()
    if report.internal_errors:
        sys.exit(2)
    sys.exit(1 if report.failing(level) and not exit_zero else 0)


@cli.command("scan-aws")
@click.option("--region", metavar="REGION", help="AWS region (default: AWS_REGION or the AWS profile's).")
@click.option("--cluster", required=True, metavar="NAME", help="The ECS cluster to read.")
@click.option("--service", "services", multiple=True, metavar="NAME",
              help="Only this service of the cluster (repeatable; default: every service).")
@click.option("--compare", "compare", multiple=True, type=click.Path(exists=True), metavar="PATH",
              help="Also load these files or folders and report drift (DOA960) between them and the account.")
@click.option("--aws-profile", metavar="NAME", help="A named profile of the AWS configuration files.")
@click.option("--endpoint-url", metavar="URL", help="Send the calls here (a test server, a VPC endpoint).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=20.0, show_default=True, metavar="SECONDS",
              help="Connect and read timeout of each call.")
@click.option("--max-attempts", type=click.IntRange(min=1), default=5, show_default=True, metavar="N",
              help="Tries per call when AWS throttles or the network fails (exponential backoff with jitter).")
@_reporting
@_common
@click.option("-v", "--verbose", is_flag=True, help="Also list what was not read, and the calls made.")
def scan_aws(region, cluster, services, compare, aws_profile, endpoint_url, timeout, max_attempts, fmt, outputs,
             config_path, isolated, profile_path, ignore, select, fail_level, baseline_path, sarif_category, color,
             statistics, show_waived, verbose, quiet) -> None:
    """Check what an ECS cluster runs (read-only AWS calls; extra doalint[aws]).

    Reads the cluster, its services, the task definition revision each runs, their scaling,
    CodeDeploy groups and configurations, Cloud Map services, target groups and listener rules,
    the task and execution roles' policies, security groups and alarms, and checks them with
    the same rules as files. Findings are located by ARN. Exit codes as for check; 2 also when
    credentials or permissions are missing (the message names the call)."""
    from pathlib import Path

    from doalint.live.api import Api
    from doalint.live.collect import collect

    targets = [_output_target(o) for o in outputs]
    run = _Run(config_path, isolated, profile_path, select, ignore, False, None, 1)
    api = Api(region, endpoint_url=endpoint_url, aws_profile=aws_profile, timeout=timeout, attempts=max_attempts)
    live = collect(api, cluster, list(services) or None)
    if compare:
        from doalint.live.drift import scan_and_compare

        report = scan_and_compare(run.linter, live, list(compare))
    else:
        from doalint.live.scan import scan

        report = scan(run.linter, live)
    if verbose:
        click.echo(f"doalint: {len(api.calls)} read-only calls to {api.region}"
                   f"{' at ' + endpoint_url if endpoint_url else ''}", err=True)
    baseline_file = baseline_path or (str(run.config.baseline) if run.config.baseline else None)
    if baseline_file:
        from doalint import baseline

        baseline.apply(report, baseline.read(Path(baseline_file)))
    _report_out(report, run, fmt, targets, fail_level, sarif_category, baseline_file, color, statistics,
                show_waived, verbose, quiet)


@cli.group()
def baseline() -> None:
    """Record today's findings, so that 'check --baseline' reports only new ones."""


@baseline.command("write")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--output", "output", default=".doalint-baseline.json", show_default=True,
              type=click.Path(dir_okay=False), help="The baseline file to write.")
@_common
def baseline_write(paths, output, config_path, isolated, profile_path, ignore, select) -> None:
    """Write every current finding (by fingerprint) to the baseline file."""
    from pathlib import Path

    from doalint import baseline as bl

    _refuse_checked([output], paths, "--output")
    run = _Run(config_path, isolated, profile_path, select, ignore)
    report = run.lint(paths)
    n = bl.write(Path(output), [f for f in report.findings if f.suppression is None], report)
    click.echo(f"Wrote {n} finding(s) to {output}.")


@baseline.command("prune")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--baseline", "baseline_path", default=".doalint-baseline.json", show_default=True,
              type=click.Path(dir_okay=False), help="The baseline file to prune.")
@_common
def baseline_prune(paths, baseline_path, config_path, isolated, profile_path, ignore, select) -> None:
    """Drop the entries of fixed findings from the baseline (never adds new ones)."""
    from pathlib import Path

    from doalint import baseline as bl

    run = _Run(config_path, isolated, profile_path, select, ignore)
    report = run.lint(paths)
    kept, dropped = bl.prune(Path(baseline_path), report)
    click.echo(f"Kept {kept} entr{'y' if kept == 1 else 'ies'}, removed {dropped} fixed.")


INIT_CONFIG = """\
# doalint configuration: https://github.com/doa-market/doalint#configuration-and-suppression
# Every key is optional; paths and globs are relative to this file. Each commented line shows a
# setting with its default or an example: uncomment it to use it.

# The standard as data (default: the bundled DOA Market profile).
# profile: deploy/standard.yaml

# Rules to run, or to skip: IDs, names or ID prefixes (default: every rule).
# select: [DOA1, DOA2]
# ignore: [DOA117]

# Severity per rule: error, warning or note (default: the rule's own; see 'doalint rules').
# severity: {DOA117: error}

# Files never checked, even when named on the command line (globs).
exclude: []
# exclude: ["legacy/**", "examples/**"]

# Rules turned off for some files.
# per-file-ignores:
#   "services/batch-*/**": [DOA206, DOA207]

# Exit 1 only for findings at or above this severity (default: note, any finding).
# fail-level: note

# Every catalog service must have all its documents in the run (DOA950; default: false).
# complete-project: false

# Files larger than this (bytes) are reported (DOA001), not parsed (default: 5 MiB).
# max-file-size: 5242880

# Findings accepted for a reason: a waiver needs a reason; after expires it is DOA011 and the
# finding is back; a waiver that matches nothing is DOA012.
# waivers:
#   - rule: DOA202                                  # ID or name
#     path: "services/payment-service/*.json"       # glob
#     document: deploymentConfiguration.deploymentCircuitBreaker   # optional
#     reason: payment-service rolls back through CodeDeploy
#     owner: "@payments"                            # optional
#     expires: 2026-12-31                           # optional

# Report only findings not recorded here (write it with 'doalint baseline write').
{baseline}
"""


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


@cli.command()
@click.option("--baseline", "baseline_file", is_flag=False, flag_value="", default=None,
              type=click.Path(dir_okay=False), metavar="[FILE]",
              help="Also write today's findings to this baseline (default: .doalint-baseline.json beside the"
                   " configuration) and use it.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False),
              help="With --baseline: the standard to check against (default: the bundled profile).")
def init(baseline_file, profile_path) -> None:
    """Write a commented .doalint.yaml at the root of this repository.

    Never overwrites a file: if the configuration (or the baseline) exists, nothing is written
    and the exit code is 2."""
    from pathlib import Path

    from doalint.config import CONFIG_NAMES

    from doalint.fingerprint import project_root

    root = project_root(os.getcwd())  # the repository's root, else here
    config = root / ".doalint.yaml"
    for name in CONFIG_NAMES:
        if (root / name).exists():
            raise UsageError(f"{_near(root / name)} already exists: not overwritten (edit it, or remove it first)")
    baseline = None
    if baseline_file is not None:  # a name given is taken from here; by default, beside the configuration
        baseline = Path(baseline_file).resolve() if baseline_file else root / ".doalint-baseline.json"
    if baseline is not None and baseline.exists():
        raise UsageError(f"{_near(baseline)} already exists: not overwritten (prune it with 'doalint baseline "
                         "prune', or remove it first)")
    if baseline is not None:
        rel = Path(os.path.relpath(baseline, root)).as_posix()
        setting = f"baseline: {json.dumps(rel)}"
    else:
        setting = "# baseline: .doalint-baseline.json"
    text = INIT_CONFIG.replace("{baseline}", setting)
    if baseline is not None:
        # today's findings, with the configuration as written (its excludes), before either file exists
        import tempfile

        from doalint import baseline as bl

        with tempfile.TemporaryDirectory() as tmp:
            draft = Path(tmp) / ".doalint.yaml"
            draft.write_text(text.replace(setting, "# " + setting), encoding="utf-8")
            run = _Run(str(draft), False, profile_path, (), ())
        run.config.root = root  # its globs are relative to the repository, where it will be
        report = run.lint([_near(root)])
        try:
            fd, tmp_baseline = tempfile.mkstemp(prefix=f".{baseline.name}.", suffix=".tmp", dir=baseline.parent)
        except OSError as exc:
            raise UsageError(f"{_near(baseline)}: cannot write it ({exc.strerror or exc})") from None
        os.close(fd)
        try:
            n = bl.write(Path(tmp_baseline), [f for f in report.findings if f.suppression is None])
            os.replace(tmp_baseline, baseline)
        except BaseException:
            if os.path.exists(tmp_baseline):
                os.unlink(tmp_baseline)
            raise
    try:
        _write_atomic(config, text)
    except OSError as exc:
        raise UsageError(f"{_near(config)}: cannot write it ({exc.strerror or exc})") from None
    click.echo(f"Wrote {_near(config)}.")
    if baseline is not None:
        click.echo(f"Wrote {n} finding(s) to {_near(baseline)}; 'doalint check' now reports only new ones.")


@cli.command()
@click.argument("rule")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text",
              show_default=True)
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False),
              help="Show option values from this profile.")
def explain(rule, fmt, profile_path) -> None:
    """Explain a rule (by ID or name): what, why, example, fix, options."""
    from doalint import explain as ex
    from doalint.catalog import default_catalog

    entry = default_catalog().get(rule)
    if entry is None:
        raise UsageError(f"unknown rule {rule!r} (see 'doalint rules')")
    profile = _profile(profile_path)
    render = {"text": ex.render_text, "markdown": ex.render_markdown, "json": ex.render_json}[fmt]
    click.echo(render(entry, profile), nl=False)


@cli.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--tag", multiple=True, help="Only rules with this tag (repeatable).")
def rules_cmd(fmt, tag) -> None:
    """List every rule: ID, name, severity, document kinds, title."""
    import json

    from doalint.catalog import default_catalog
    from doalint.kinds import KINDS

    known = sorted({t for e in default_catalog() for t in e.data.get("tags", [])})
    unknown = [t for t in tag if t not in known]
    if unknown:
        raise UsageError(f"--tag {unknown[0]}: no rule has this tag (tags: {', '.join(known)})")
    entries = [e for e in default_catalog() if not tag or set(tag) & set(e.data.get("tags", []))]
    if fmt == "json":
        rows = [
            {"id": e.id, "name": e.name, "severity": e.severity, "title": e.title,
             "kinds": e.data.get("kinds", []), "tags": e.data.get("tags", []),
             "standard": e.data.get("standard", "")}
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "markdown":
        click.echo("| ID | name | severity | applies to | title |")
        click.echo("| --- | --- | --- | --- | --- |")
        for e in entries:
            kinds = ", ".join(KINDS[k].title if k in KINDS else k for k in e.data.get("kinds", [])) or "any file"
            click.echo(f"| {e.id} | `{e.name}` | {e.severity} | {kinds} | {e.title} |")
        return
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        kinds = ", ".join(e.data.get("kinds", [])) or "any"
        click.echo(f"{e.id}  {e.name:<{width}}  {e.severity:<7}  {e.title}  [{kinds}]")


def run(argv: Optional[list[str]] = None) -> int:
    """Run the command line with ``argv``; return the exit code (never raises)."""
    try:
        rv = cli.main(args=argv, standalone_mode=False, prog_name="doalint")
    except SystemExit as exc:  # the commands exit with their code
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
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
    except UsageError as exc:
        click.echo(f"doalint: error: {exc}", err=True)
        return 2
    except Exception as exc:  # never a traceback for the user
        if os.environ.get("DOALINT_DEBUG"):
            raise
        click.echo(f"doalint: internal error: {type(exc).__name__}: {exc} (set DOALINT_DEBUG=1 for details)",
                   err=True)
        return 2
    return rv if isinstance(rv, int) else 0


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
