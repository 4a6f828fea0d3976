#!/usr/bin/env python3
"""Scale: a synthetic repository of N services, every document kind in JSON and Terraform,
timed at about 100, 1,000 and 10,000 files (wall, CPU, peak memory; median of several runs),
and, when checkov is installed, `checkov -d` on the same Terraform with the ratio.

    python benchmarks/bench_scale.py                 # 100, 1,000 and 10,000 files
    python benchmarks/bench_scale.py --files 1000 --runs 3
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import doalint_command  # noqa: E402
from synth import TF_TEMPLATE  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "fixtures" / "rules" / "_base"
JSON_KINDS = sorted(p.name for p in BASE.glob("*.json"))  # every kind's clean document
FILES_PER_SERVICE = len(JSON_KINDS) + 1  # + one Terraform module file


def generate(out: Path, services: int) -> int:
    docs = {name: json.loads((BASE / name).read_text()) for name in JSON_KINDS}
    n = 0
    for i in range(services):
        folder = out / f"svc-{i:05d}"
        (folder / "terraform").mkdir(parents=True)
        for name, doc in docs.items():
            d = copy.deepcopy(doc)
            (folder / name).write_text(json.dumps(d, indent=2))
            n += 1
        (folder / "terraform" / "main.tf").write_text(TF_TEMPLATE.format(name="product-service", i=i))
        n += 1
    return n


def measure(cmd: list[str], runs: int, env=None) -> tuple[float, float, float]:
    """Median wall and CPU seconds over ``runs`` (after one warm-up run), and the peak RSS in MiB
    of this command alone (its own rusage from wait4, workers included, not the largest child
    this script ever had: checkov's memory must not show up in doalint's row)."""
    walls, cpus, peak = [], [], 0
    for i in range(runs + 1):
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{cmd[0]} failed: {err.decode()[-500:]}")
        if i:  # the first run warms the caches
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(walls), statistics.median(cpus), peak / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, action="append", help="target file counts (default 100, 1000, 10000)")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    targets = a.files or [100, 1000, 10000]
    checkov = shutil.which("checkov", path=str(Path(sys.executable).parent)) or shutil.which("checkov")
    print(f"{'files':>7} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9} {'ms/file':>8}   checkov -d (Terraform)")
    for target in targets:
        services = max(1, round(target / FILES_PER_SERVICE))
        with tempfile.TemporaryDirectory() as tmp:
            repo = Path(tmp) / "repo"
            n = generate(repo, services)
            wall, cpu, peak = measure(doalint_command() + ["check", "-q", "--color", "never", str(repo)], a.runs)
            line = f"{n:>7} {wall:>8.2f} {cpu:>8.2f} {peak:>9.0f} {wall / n * 1000:>8.2f}"
            if checkov:
                tf = Path(tmp) / "tf"
                for i, p in enumerate(sorted(repo.rglob("*.tf"))):
                    (tf / f"m{i:05d}").mkdir(parents=True)
                    shutil.copy(p, tf / f"m{i:05d}" / "main.tf")
                env = dict(os.environ, CKV_SKIP_PACKAGE_UPDATE_CHECK="true", BC_SKIP_MAPPING="TRUE")
                ck, _, _ = measure([checkov, "-d", str(tf), "--framework", "terraform", "--quiet", "--soft-fail",
                                    "--skip-download", "-o", "json"], max(1, a.runs // 2), env)
                mine, _, _ = measure(doalint_command() + ["check", "-q", str(tf)], a.runs)
                line += f"   checkov {ck:.2f} s, doalint {mine:.2f} s: {ck / mine:.1f}x"
            print(line, flush=True)


if __name__ == "__main__":
    main()
