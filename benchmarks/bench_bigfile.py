#!/usr/bin/env python3
"""Time `doalint check` on one big task definition against one small one.

    python benchmarks/bench_bigfile.py                 # a ~2.5 MB JSON task definition, and its YAML twin
    python benchmarks/bench_bigfile.py --mb 5 --runs 5
    python benchmarks/bench_bigfile.py --no-yaml

The big file is the seed task definition (fixtures/seed) grown to the size asked: ten containers,
each with thousands of environment variables and secrets, written with two-space indentation as
`aws ecs describe-task-definition` output usually is. It has 14 findings, so a few positions are
looked up: each container's image has a mutable tag, and the application container lacks the four
environment variables the standard requires. Each file is checked in a fresh process (as a
pre-commit hook runs it); the script prints wall and CPU medians, the child's peak RSS (its own,
from wait4) and the ratio of each big file to the small one. Measure on an idle machine (on a
busy one the CPU column is the steadier); numbers go into benchmarks/README.md ("One big file").
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import DEFAULT, child_env, doalint_command, one_run  # noqa: E402

CONTAINERS = 10


def big_task_definition(seed: dict, size: int) -> str:
    """The seed task definition with ten containers whose environment and secrets are grown until
    the JSON text (indent 2) is about ``size`` bytes."""

    def grown(per_container: int) -> str:
        template = seed["containerDefinitions"][0]
        doc = copy.deepcopy(seed)
        doc["containerDefinitions"] = []
        for c in range(CONTAINERS):
            container = copy.deepcopy(template)
            if c:
                container["name"] = f"{template['name']}-sidecar-{c}"
            container["environment"] = [
                {"name": f"SETTING_{i:04d}_{c:02d}", "value": f"value {i} " + "v" * 30} for i in range(per_container)]
            container["secrets"] = [
                {"name": f"PARAM_{i:04d}_{c:02d}",
                 "valueFrom": f"arn:aws:ssm:ap-northeast-2:123456789012:parameter/doa-market/app/param-{i:04d}"}
                for i in range(per_container)]
            doc["containerDefinitions"].append(container)
        return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"

    base, probe = len(grown(0)), len(grown(100))
    return grown(max(1, round((size - base) * 100 / (probe - base))))


def measure(cmd: list[str], runs: int) -> tuple[float, float, int]:
    env = child_env()
    one_run(cmd, env)  # warm-up: .pyc files, doalint's cache, the OS file cache
    walls, cpus, peak = [], [], 0
    for _ in range(runs):
        w, c, rss = one_run(cmd, env)
        walls.append(w)
        cpus.append(c)
        peak = max(peak, rss)
    return statistics.median(walls), statistics.median(cpus), peak


def write_files(folder: Path, mb: float, with_yaml: bool) -> None:
    """The files measured, written by a child process: the parent stays small, because a child's
    peak RSS counts the pages it shares with its parent until it execs doalint."""
    seed = json.loads(DEFAULT.read_text(encoding="utf-8"))
    (folder / "small.task-definition.json").write_text(DEFAULT.read_text(encoding="utf-8"), encoding="utf-8")
    text = big_task_definition(seed, int(mb * 1_000_000))
    (folder / "big.task-definition.json").write_text(text, encoding="utf-8")
    if with_yaml:
        import yaml

        (folder / "big.task-definition.yaml").write_text(
            yaml.safe_dump(json.loads(text), sort_keys=False, width=200), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.5, help="size of the big file in MB (default 2.5)")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--no-yaml", action="store_true", help="leave out the YAML twin of the big file")
    ap.add_argument("--write", metavar="DIR", help=argparse.SUPPRESS)  # the child that writes the files
    args = ap.parse_args()
    if args.write:
        write_files(Path(args.write), args.mb, not args.no_yaml)
        return
    with tempfile.TemporaryDirectory(prefix="doalint-bigfile-") as tmp:
        subprocess.run([sys.executable, __file__, "--write", tmp, "--mb", str(args.mb)]
                       + (["--no-yaml"] if args.no_yaml else []), check=True)
        files = [("small JSON (the seed)", Path(tmp) / "small.task-definition.json"),
                 ("big JSON", Path(tmp) / "big.task-definition.json")]
        if not args.no_yaml:
            files.append(("big YAML (same content)", Path(tmp) / "big.task-definition.yaml"))
        rows = []
        for label, f in files:
            cmd = doalint_command() + ["check", "--color", "never", "-q", str(f)]
            wall, cpu, rss = measure(cmd, args.runs)
            rows.append((label, os.path.getsize(f), wall, cpu, rss))
    base_wall, base_cpu, base_rss = rows[0][2], rows[0][3], rows[0][4]
    print(f"runs: {args.runs} per file (os.cpu_count()={os.cpu_count()}), Python {sys.version.split()[0]}")
    print("| file | size | wall median | CPU median | peak RSS | wall / small | CPU / small | RSS / small |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, size, wall, cpu, rss in rows:
        print(f"| {label} | {size / 1e6:.2f} MB | {wall:.3f} s | {cpu:.3f} s | {rss / 1024:.0f} MiB "
              f"| {wall / base_wall:.2f}x | {cpu / base_cpu:.2f}x | {rss / base_rss:.2f}x |")


if __name__ == "__main__":
    main()
