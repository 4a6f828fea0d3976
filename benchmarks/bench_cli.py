#!/usr/bin/env python3
"""Time `doalint check` as a user runs it: a fresh process per run.

    python benchmarks/bench_cli.py                      # one task definition (the seed)
    python benchmarks/bench_cli.py fixtures/example     # any paths
    python benchmarks/bench_cli.py --runs 30 PATH...

Reports wall-clock median/min/max, CPU time (user+sys) median and peak RSS of the
child over the runs, and which heavy modules the run imported (there should be none).
Measure on an idle machine; numbers go into benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "fixtures" / "seed" / "product-service.task-definition.json"
HEAVY = ("checkov", "hcl2", "lark", "botocore", "boto3")


def doalint_command() -> list[str]:
    exe = shutil.which("doalint", path=str(Path(sys.executable).parent)) or shutil.which("doalint")
    return [exe] if exe else [sys.executable, "-m", "doalint"]


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a user's shell: an installed package has its .pyc files (pip
    compiles them), so a PYTHONDONTWRITEBYTECODE of this session is not passed on; an
    editable checkout gets them in the warm-up run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(extra)
    return env


def one_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run, and its peak RSS in KiB (its own rusage, from wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"doalint failed ({proc.returncode}): {err.decode()}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def heavy_imports(paths: list[str]) -> list[str]:
    probe = (
        "import sys\nfrom doalint.cli import run\n"
        f"run(['check', *{paths!r}])\n"
        f"print('HEAVY:' + ','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    line = [x for x in out.splitlines() if x.startswith("HEAVY:")][-1]
    return [x for x in line[len("HEAVY:"):].split(",") if x]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("paths", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    cmd = doalint_command() + ["check", "--color", "never", *args.paths]
    env = child_env()
    one_run(cmd, env)  # warm the OS file cache, the .pyc files and doalint's own cache
    with tempfile.TemporaryDirectory() as empty:  # a first run: doalint's cache empty
        cold, _, _ = one_run(cmd, child_env(XDG_CACHE_HOME=empty))
    walls, cpus, peak = [], [], 0
    for _ in range(args.runs):
        w, c, rss = one_run(cmd, env)
        walls.append(w)
        cpus.append(c)
        peak = max(peak, rss)
    print(f"command:  {' '.join(cmd)}")
    print(f"runs:     {args.runs} (os.cpu_count()={os.cpu_count()})")
    print(f"wall:     median {statistics.median(walls):.3f} s  min {min(walls):.3f} s  max {max(walls):.3f} s")
    print(f"first run with an empty cache: {cold:.3f} s")
    print(f"cpu:      median {statistics.median(cpus):.3f} s")
    print(f"peak RSS: {peak / 1024:.1f} MiB")
    print(f"heavy modules imported: {', '.join(heavy_imports(args.paths)) or 'none'}")


if __name__ == "__main__":
    main()
