#!/usr/bin/env python3
"""Time `doalint check` as a user runs it: a fresh process per run, against a bare interpreter.

    python benchmarks/bench_cli.py                      # one task definition (the seed)
    python benchmarks/bench_cli.py fixtures/example     # any paths
    python benchmarks/bench_cli.py --runs 30 PATH...
    python benchmarks/bench_cli.py --checkov /tmp/checkov-venv/bin/checkov   # + the Terraform case

Each round runs, one after the other, a bare `python -c pass` (the same interpreter), `doalint
check` of the paths and, with --checkov, doalint and checkov on a small Terraform module
(benchmarks/fixtures/terraform-small, or --terraform DIR): the commands alternate, so a machine
shared with other work slows them alike, and the ratios (to the bare interpreter, doalint to
checkov) are what to compare across machines, never the absolute times. Reported per command:
wall-clock median and min, CPU time (user+sys) median, peak RSS; then which heavy modules the
run imported (there should be none). checkov runs in its own environment: pass its executable;
it is run offline (no package-update check, no guideline download).
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
TERRAFORM = ROOT / "benchmarks" / "fixtures" / "terraform-small"
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


def checkov_env() -> dict[str, str]:
    """checkov offline: no query of the package index on import, no download of guidelines."""
    return child_env(CKV_SKIP_PACKAGE_UPDATE_CHECK="true", BC_SKIP_MAPPING="TRUE")


def one_run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of one run, and its peak RSS in KiB (its own rusage, from wait4)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


class Timed:
    """One command's runs."""

    def __init__(self, label: str, cmd: list[str], env: dict[str, str], runs: int) -> None:
        self.label, self.cmd, self.env, self.runs = label, cmd, env, runs
        self.walls: list[float] = []
        self.cpus: list[float] = []
        self.peak = 0

    def run(self) -> None:
        w, c, rss = one_run(self.cmd, self.env)
        self.walls.append(w)
        self.cpus.append(c)
        self.peak = max(self.peak, rss)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)


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
    ap.add_argument("--runs", type=int, default=20, help="rounds (default 20)")
    ap.add_argument("--checkov", metavar="EXE", help="checkov's executable (in its own environment): also time "
                    "the Terraform case, doalint against checkov")
    ap.add_argument("--terraform", metavar="DIR", default=str(TERRAFORM),
                    help="the Terraform case (default: benchmarks/fixtures/terraform-small)")
    ap.add_argument("--checkov-runs", type=int, default=7, help="rounds that also run checkov (default 7; "
                    "checkov takes seconds)")
    args = ap.parse_args()
    env = child_env()
    bare = Timed("python -c pass", [sys.executable, "-c", "pass"], env, args.runs)
    cmd = doalint_command() + ["check", "--color", "never", *args.paths]
    timed = [bare, Timed("doalint check " + " ".join(_short(p) for p in args.paths), cmd, env, args.runs)]
    if args.checkov:
        tf = args.terraform
        timed.append(Timed(f"doalint check {_short(tf)}", doalint_command() + ["check", "--color", "never", tf],
                           env, args.runs))
        timed.append(Timed(f"checkov -d {_short(tf)}", [args.checkov, "-d", tf, "--framework", "terraform",
                                                         "--quiet", "--soft-fail", "--skip-download", "-o", "json"],
                           checkov_env(), min(args.runs, args.checkov_runs)))
    for t in timed:  # warm the OS file cache, the .pyc files and doalint's own cache
        one_run(t.cmd, t.env)
    with tempfile.TemporaryDirectory() as empty:  # a first run: doalint's cache empty
        cold, _, _ = one_run(cmd, child_env(XDG_CACHE_HOME=empty))
    for i in range(args.runs):
        for t in timed:
            if i < t.runs:
                t.run()
    floor = bare.wall
    print(f"python:   {sys.executable} (os.cpu_count()={os.cpu_count()}), {args.runs} alternating rounds")
    print(f"{'command':<52} {'runs':>4} {'wall median':>11} {'min':>8} {'cpu median':>10} {'peak RSS':>9} "
          f"{'x bare':>7}")
    for t in timed:
        print(f"{t.label[:52]:<52} {len(t.walls):>4} {t.wall:>10.3f}s {min(t.walls):>7.3f}s {t.cpu:>9.3f}s "
              f"{t.peak / 1024:>6.1f}MiB {t.wall / floor:>6.1f}x")
    print(f"doalint / bare interpreter (wall medians): {timed[1].wall / floor:.2f}x "
          f"(CPU medians: {timed[1].cpu / bare.cpu:.2f}x)")
    print(f"first run with an empty cache: {cold:.3f} s ({cold / floor:.1f}x bare)")
    if args.checkov:
        mine, theirs = timed[2], timed[3]
        print(f"Terraform case: checkov / doalint (wall medians): {theirs.wall / mine.wall:.1f}x "
              f"(CPU medians: {theirs.cpu / mine.cpu:.1f}x)")
    print(f"heavy modules imported: {', '.join(heavy_imports(args.paths)) or 'none'}")


def _short(path: str) -> str:
    try:
        return os.path.relpath(path, ROOT) if os.path.isabs(path) else path
    except ValueError:
        return path


if __name__ == "__main__":
    main()
