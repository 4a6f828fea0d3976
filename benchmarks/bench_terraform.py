#!/usr/bin/env python3
"""Terraform's cost per resource against the JSON path's, on the same task definitions.

    python benchmarks/bench_terraform.py [--modules 200] [--runs 5]

Generates N Terraform modules (one task definition each, with locals, a variable and
jsonencode) and N JSON task definitions with the same content, times `doalint check` on
each tree (median of several fresh-process runs), and prints the time per task definition
of each path and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import doalint_command  # noqa: E402
from synth import generate  # noqa: E402


def timed(cmd: list[str], runs: int) -> float:
    walls = []
    for _ in range(runs + 1):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - t0)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr.decode())
    return statistics.median(walls[1:])  # the first run warms caches


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modules", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tf_root, json_root = Path(tmp) / "tf", Path(tmp) / "json"
        generate(tf_root, a.modules, json_files=False, terraform=True)
        generate(json_root, a.modules, json_files=True, terraform=False)
        for p in json_root.rglob("service.json"):
            p.unlink()  # compare task definitions with task definitions
        base = doalint_command() + ["check", "--color", "never", "-q"]
        empty = timed(doalint_command() + ["rules"], a.runs)
        t_tf = timed(base + [str(tf_root)], a.runs)
        t_json = timed(base + [str(json_root)], a.runs)
    n = a.modules
    per_tf = (t_tf - empty) / n
    per_json = (t_json - empty) / n
    print(f"{n} Terraform modules (one task definition each): {t_tf:.3f} s wall")
    print(f"{n} JSON task definitions:                        {t_json:.3f} s wall")
    print(f"start-up (doalint rules):                         {empty:.3f} s wall")
    print(f"per task definition: Terraform {per_tf * 1000:.2f} ms, JSON {per_json * 1000:.2f} ms, "
          f"ratio {per_tf / per_json:.2f}")


if __name__ == "__main__":
    main()
