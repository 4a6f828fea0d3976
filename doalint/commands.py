"""The click command tree: options, help and the commands other than the lean ``check``.

doalint.cli is the entry point: it parses a plain ``doalint check`` itself and hands every other
command line to :data:`cli` here (see doalint.cli's text). ``check`` here declares the options
that doalint.cli.check_command takes.
"""

from __future__ import annotations

import json
import os

import click

from doalint import __version__
from doalint.cli import (FORMATS, SEVERITIES, _near, _output_target, _refuse_checked, _report_out, _Run,
                         _write_atomic, check_command, _profile)
from doalint.errors import UsageError

SEVERITY_CHOICE = click.Choice(list(SEVERITIES), case_sensitive=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="doalint")
def cli() -> None:
    """doalint: check ECS Fargate deployment files against the DOA Market standard."""


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
@click.option("--fix", is_flag=True, help="Apply the safe fixes to the files, then report what remains.")
@click.option("--unsafe-fixes", is_flag=True,
              help="With --fix or --diff: also the fixes that change more than the value the standard sets.")
@click.option("--diff", is_flag=True,
              help="Print the fixes as a unified diff and write nothing (exit 1 if there is one).")
def check(paths, context, fmt, outputs, config_path, isolated, profile_path, ignore, select, fail_level, baseline_path,
          sarif_category, complete_project, jobs, max_file_size, with_checkov, color, statistics,
          show_waived, verbose, quiet, exit_zero=False, show_source=False, show_files=False,
          stdin_filename=None, fix=False, unsafe_fixes=False, diff=False) -> None:
    """Check deployment files and directories (default: the current directory).

    PATH '-' reads one file from standard input (name it with --stdin-filename)."""
    check_command(paths, context, fmt, outputs, config_path, isolated, profile_path, ignore, select, fail_level,
                  baseline_path, sarif_category, complete_project, jobs, max_file_size, with_checkov, color,
                  statistics, show_waived, verbose, quiet, exit_zero=exit_zero, show_source=show_source,
                  show_files=show_files, stdin_filename=stdin_filename, fix=fix, unsafe_fixes=unsafe_fixes,
                  diff=diff)


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
    click.echo(render(entry, profile, fix_diff=True), nl=False)


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
             "standard": e.data.get("standard", ""),
             "fix": (e.data.get("fix") or {}).get("availability", "never")}
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if fmt == "markdown":
        click.echo("| ID | name | severity | applies to | fix | title |")
        click.echo("| --- | --- | --- | --- | --- | --- |")
        for e in entries:
            kinds = ", ".join(KINDS[k].title if k in KINDS else k for k in e.data.get("kinds", [])) or "any file"
            fix = (e.data.get("fix") or {}).get("availability", "never")
            click.echo(f"| {e.id} | `{e.name}` | {e.severity} | {kinds} | {fix} | {e.title} |")
        return
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        kinds = ", ".join(e.data.get("kinds", [])) or "any"
        fix = " (fix)" if (e.data.get("fix") or {}).get("availability", "never") != "never" else ""
        click.echo(f"{e.id}  {e.name:<{width}}  {e.severity:<7}  {e.title}{fix}  [{kinds}]")


@cli.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only transport).")
def lsp(stdio) -> None:
    """Run the language server: diagnostics, hovers and quick fixes in an editor (LSP over standard
    input and output; extra doalint[lsp])."""
    from doalint.lsp import available

    if not available():
        raise UsageError("doalint lsp needs the lsp extra: pip install 'doalint[lsp]'")
    from doalint.lsp import main as serve

    raise SystemExit(serve())
