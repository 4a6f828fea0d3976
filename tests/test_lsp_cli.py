"""`doalint lsp` as a command: the extra it needs, and what it must not cost the other commands."""

import subprocess
import sys
import tomllib

from conftest import FIXTURES, ROOT

LSP_MODULES = ("pygls", "lsprotocol", "cattrs", "doalint.lsp")

PROBE = """
import sys
from doalint.cli import run
code = run({argv!r})
loaded = sorted(m for m in sys.modules if any(m == n or m.startswith(n + ".") for n in {names!r}))
print("LOADED:" + ",".join(loaded))
"""


def _loaded(argv):
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, names=LSP_MODULES)],
                          capture_output=True, text=True)
    (line,) = [x for x in proc.stdout.splitlines() if x.startswith("LOADED:")]
    return [m for m in line[len("LOADED:"):].split(",") if m], proc


def test_check_and_the_other_commands_never_import_the_language_server():
    """The lean `check` and the click commands (here `rules`) import neither doalint.lsp nor pygls."""
    task = str(FIXTURES / "seed" / "product-service.task-definition.json")
    loaded, proc = _loaded(["check", task])
    assert loaded == [] and "DOA117" in proc.stdout, proc.stdout + proc.stderr
    loaded, proc = _loaded(["rules"])
    assert loaded == [] and "DOA117" in proc.stdout, proc.stdout + proc.stderr


def test_lsp_without_the_extra_says_how_to_install_it():
    probe = ("import sys\nsys.modules['pygls'] = None  # as if not installed\n"
             "from doalint.cli import run\nsys.exit(run(['lsp']))\n")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 2
    assert proc.stderr == "doalint: error: doalint lsp needs the lsp extra: pip install 'doalint[lsp]'\n"
    assert proc.stdout == ""


def test_lsp_takes_the_stdio_flag_editors_pass():
    """vscode-languageclient appends --stdio to the command: it is accepted (and stdio is all there is)."""
    from conftest import run_cli

    code, out, _ = run_cli("lsp", "--help")
    assert code == 0 and "--stdio" in out and "doalint[lsp]" in out


def test_the_language_server_is_an_extra_of_its_own():
    """pygls and lsprotocol are in the lsp extra (and the test extra), never in the base install."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    base = " ".join(project["dependencies"])
    assert "pygls" not in base and "lsprotocol" not in base
    extra = project["optional-dependencies"]["lsp"]
    assert sorted(d.split(">")[0].split("=")[0].split("<")[0] for d in extra) == ["lsprotocol", "pygls"]
    test = " ".join(project["optional-dependencies"]["test"])
    assert "pygls" in test and "pytest-lsp" in test
