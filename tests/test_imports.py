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
