"""The fast path imports only what a run needs."""

from __future__ import annotations

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
