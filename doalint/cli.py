"""The command line: ``doalint check``, ``doalint explain``, ``doalint rules``.

Exit codes (as ruff): 0 nothing at or above the fail level, 1 findings,
2 usage, configuration or profile error.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import click

from doalint import __version__
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


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rules: IDs, names or ID prefixes (DOA1), comma separated; repeatable.")
@click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rules (same forms as --select).")
@click.option("--fail-level", type=SEVERITY_CHOICE, default="note", show_default=True,
              help="Exit 1 only for findings at or above this severity.")
@click.option("--profile", "profile_path", type=click.Path(dir_okay=False),
              help="The standard as data (default: the bundled DOA Market profile).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto honours NO_COLOR and FORCE_COLOR).")
@click.option("--statistics", is_flag=True, help="Add a count of findings per rule.")
@click.option("-v", "--verbose", is_flag=True, help="Also list the files skipped as other kinds.")
def check(paths, fmt, select, ignore, fail_level, profile_path, color, statistics, verbose) -> None:
    """Check deployment files and directories (default: the current directory)."""
    from doalint.catalog import default_catalog
    from doalint.engine.findings import SEVERITY_RANK
    from doalint.engine.runner import Linter

    catalog = default_catalog()
    chosen = catalog.resolve(list(select), "--select") if select else None
    ignored = catalog.resolve(list(ignore), "--ignore") if ignore else set()
    linter = Linter(_profile(profile_path), catalog=catalog, select=chosen, ignore=ignored)
    report = linter.lint_paths(list(paths) or ["."])
    colored = fmt == "text" and _use_color(color)
    if fmt == "json":
        from doalint.reporters import jsonfmt

        out = jsonfmt.render(report)
    else:
        from doalint.reporters import text

        out = text.render(report, color=colored, statistics=statistics, verbose=verbose)
    click.echo(out, nl=False, color=colored)
    if report.internal_errors:
        sys.exit(2)
    threshold = SEVERITY_RANK[fail_level.lower()]
    sys.exit(1 if any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings) else 0)


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
        click.echo(f"{e.id}  {e.name:<{width}}  {e.severity:<7}  {e.title}")


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


def main() -> None:
    """The console script. Leaves without tearing the interpreter down: a short run
    spends a noticeable share of its time freeing modules it will not use again."""
    # pydantic looks up plugins through package entry points (importlib.metadata) the
    # first time a model class is built; doalint uses none, and the lookup is slow.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = run(sys.argv[1:])
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        pass
    os._exit(code)
