"""Mutation testing for doalint: run mutmut on a module, an area or the files a change touches,
read the scores, and keep the ratchet (a change may not lower a recorded score).

    python benchmarks/mutation.py run doalint/baseline.py      # one module (or several)
    python benchmarks/mutation.py run suppression               # an area (see AREAS)
    python benchmarks/mutation.py run --changed                 # what differs from origin/main (or HEAD)
    python benchmarks/mutation.py score                         # scores of what mutants/ holds
    python benchmarks/mutation.py score --check                 # the ratchet against the record
    python benchmarks/mutation.py score --record                # write the record (after a full run)
    python benchmarks/mutation.py survivors doalint/config.py   # each surviving mutant's diff
    python benchmarks/mutation.py sample                        # the small fixed sample CI runs

mutmut (pyproject.toml, [tool.mutmut]) copies the package into mutants/, runs the test suite once to
learn which tests call which function, then runs for each mutant only the tests that reach it,
fastest first, stopping at the first failure. Results stay in mutants/ between runs: a second run
tests only functions that changed.

A mutant counts as killed when a test failed or timed out on it; as survived when the tests that
reach it passed, or no test reaches it. Mutants listed in benchmarks/mutation-equivalent.yaml
(mutants no test can tell from the original, each with its reason) are left out of the score.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "benchmarks" / "mutation-scores.json"
EQUIVALENT = ROOT / "benchmarks" / "mutation-equivalent.yaml"

# the areas whose score is recorded: the same globs as [tool.mutmut] only_mutate
AREAS = {
    "checks": ["doalint/checks/*", "doalint/arns.py", "doalint/sgroles.py"],  # (the rules' helpers outside checks/)
    "suppression": ["doalint/suppress.py", "doalint/baseline.py"],
    "config": ["doalint/config.py"],
    "evaluators": ["doalint/cloudformation/template.py", "doalint/terraform/evaluate.py", "doalint/values.py"],
    "reporters": ["doalint/reporters/*"],
}
TARGET = 0.85

# What CI runs: a few small modules and the test files that hold their tests, in a copy of the
# repository, so that the run stays well under two minutes. Its figures are recorded apart from the
# full run's (fewer tests are selected, so a score may be lower than the full run's).
SAMPLE = ["doalint/checks/service/doa209_task_definition_pinned.py", "doalint/reporters/junit.py",
          "doalint/reporters/github.py"]
SAMPLE_TESTS = ["tests/test_rule_fixtures.py", "tests/test_fixture_messages.py", "tests/test_survivors.py",
                "tests/test_boundaries_task_service.py", "tests/test_reporters_exact.py", "tests/test_outputs.py"]

KILLED = {1, 3, 36, -24, 24, 152, 255, -11, -9, 37}  # failed, pytest error, timeouts, crashes, typing
SURVIVED = {0, 5, 33, 35}  # passed, no tests reach it, suspicious
# None: not checked yet; 34: skipped (pragma)


def area_of(path: str) -> str | None:
    for name, globs in AREAS.items():
        if any(fnmatch.fnmatch(path, g) for g in globs):
            return name
    return None


def module_glob(path: str) -> str:
    """The mutant-name glob of a source file: doalint/checks/x.py -> doalint.checks.x.*"""
    dotted = path[:-3].replace("/", ".")
    if dotted.endswith(".__init__"):
        dotted = dotted[: -len(".__init__")]
    return dotted + ".*"


def mutable_files(targets: list[str]) -> list[str]:
    out: list[str] = []
    for t in targets:
        globs = AREAS.get(t, [t.rstrip("/") + "/*" if (ROOT / t).is_dir() else t])
        for p in sorted(ROOT.joinpath("doalint").rglob("*.py")):
            rel = p.relative_to(ROOT).as_posix()
            if any(fnmatch.fnmatch(rel, g) for g in globs) and area_of(rel) and rel not in out:
                out.append(rel)
    return out


def changed_files(ref: str | None) -> list[str]:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout

    if ref is None:
        ref = "origin/main" if git("rev-parse", "--verify", "-q", "origin/main").strip() else "HEAD"
    names = git("diff", "--name-only", ref, "--", "doalint").split() + git(
        "ls-files", "--others", "--exclude-standard", "doalint").split()
    return [n for n in dict.fromkeys(names) if n.endswith(".py") and area_of(n) and (ROOT / n).is_file()]


def mutmut(cwd: Path, *args: str, quiet: bool = False) -> int:
    exe = Path(sys.executable).with_name("mutmut")
    cmd = [str(exe) if exe.exists() else "mutmut", *args]
    if not quiet:
        return subprocess.call(cmd, cwd=cwd)
    # (mutmut draws a progress line many times a second: kept out of CI's log unless it fails)
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
    if done.returncode not in (0, 1):
        print(done.stdout.replace("\r", "\n")[-6000:], file=sys.stderr)
    return done.returncode


def load_equivalent() -> dict[str, str]:
    if not EQUIVALENT.is_file():
        return {}
    import yaml

    data = yaml.safe_load(EQUIVALENT.read_text()) or []
    return {e["mutant"]: e["reason"] for e in data}


def results(cwd: Path = ROOT) -> dict[str, dict[str, int | None]]:
    """mutant name -> exit code, per source file, from mutants/**/*.meta"""
    out: dict[str, dict[str, int | None]] = {}
    base = cwd / "mutants"
    for meta in sorted(base.rglob("*.py.meta")):
        rel = meta.relative_to(base).as_posix()[: -len(".meta")]
        if not area_of(rel):
            continue
        codes = json.loads(meta.read_text()).get("exit_code_by_key", {})
        if codes:
            out[rel] = codes
    return out


def tally(codes: dict[str, int | None], equivalent: dict[str, str]) -> dict[str, int]:
    t = {"killed": 0, "survived": 0, "equivalent": 0, "unchecked": 0, "total": 0}
    for name, code in codes.items():
        if name in equivalent:
            t["equivalent"] += 1
        elif code is None:
            t["unchecked"] += 1
        elif code in KILLED:
            t["killed"] += 1
        elif code in SURVIVED:
            t["survived"] += 1
        else:
            t["unchecked"] += 1  # skipped
    t["total"] = t["killed"] + t["survived"]
    return t


def score(t: dict[str, int]) -> float | None:
    return round(t["killed"] / t["total"], 4) if t["total"] else None


def summarise(res: dict[str, dict[str, int | None]]) -> dict:
    eq = load_equivalent()
    modules = {path: tally(codes, eq) for path, codes in res.items()}
    areas: dict[str, dict[str, int]] = {}
    for path, t in modules.items():
        a = areas.setdefault(area_of(path) or "?", {k: 0 for k in t})
        for k, v in t.items():
            a[k] += v
    for group in (modules, areas):
        for t in group.values():
            t["score"] = score(t)
    return {"areas": areas, "modules": modules}


def pct(s: float | None) -> str:
    return "-" if s is None else f"{100 * s:.1f}%"


def print_summary(summary: dict) -> None:
    print(f"{'area / module':62} {'killed':>7} {'survived':>8} {'equiv':>5} {'unchecked':>9} {'score':>7}")
    for name, t in sorted(summary["areas"].items()):
        print(f"{name:62} {t['killed']:7} {t['survived']:8} {t['equivalent']:5} {t['unchecked']:9} "
              f"{pct(t['score']):>7}")
        for path, m in sorted(summary["modules"].items()):
            if area_of(path) == name:
                print(f"  {path:60} {m['killed']:7} {m['survived']:8} {m['equivalent']:5} {m['unchecked']:9} "
                      f"{pct(m['score']):>7}")


def ratchet(measured: dict[str, dict], recorded: dict[str, dict], label: str) -> list[str]:
    """Scores that fell below the record: only for modules measured in full (no mutant unchecked)."""
    problems = []
    for path, t in sorted(measured.items()):
        old = recorded.get(path)
        if t["unchecked"] or t["score"] is None:
            continue
        if old is None:
            if t["score"] < TARGET:
                problems.append(f"{label} {path}: {pct(t['score'])}, below the {pct(TARGET)} target for new code")
            continue
        if t["score"] + 1e-9 < old["score"]:
            problems.append(f"{label} {path}: {pct(t['score'])}, the record is {pct(old['score'])} "
                            f"({t['survived']} survived; run `python benchmarks/mutation.py survivors {path}`)")
    return problems


def cmd_run(args: argparse.Namespace) -> int:
    files = changed_files(args.ref) if args.changed else mutable_files(args.targets or list(AREAS))
    if not files:
        print("nothing to mutate: no file of the recorded areas is named or changed")
        return 0
    names = [module_glob(f) for f in files]
    if args.survivors:
        # only the mutants not killed yet: those that survived and those not tested (mutmut tests
        # again the mutants it is named, and by itself only those of functions that changed)
        eq = load_equivalent()
        res = results()
        names = [n for f in files for n, c in sorted(res.get(f, {}).items())
                 if (c in SURVIVED or c is None) and n not in eq]  # (and those not tested yet)
        if not names:
            print("no mutant left to test: every one is killed or equivalent")
            return 0
    print("mutating:", ", ".join(files), f"({len(names)} not killed yet)" if args.survivors else "", flush=True)
    started = time.monotonic()
    code = mutmut(ROOT, "run", "--max-children", str(args.jobs), *names)
    print(f"mutmut finished in {time.monotonic() - started:.0f} s (exit {code})")
    summary = summarise({k: v for k, v in results().items() if k in files})
    print_summary(summary)
    return code


def cmd_score(args: argparse.Namespace) -> int:
    summary = summarise(results())
    print_summary(summary)
    if args.record:
        old = json.loads(RECORD.read_text()) if RECORD.is_file() else {}
        # only modules measured in full are recorded (a module with unchecked mutants keeps its old
        # figure); each area's figure sums its recorded modules, and says how many of its files those are
        modules = dict(old.get("modules", {}))
        modules.update({k: v for k, v in summary["modules"].items() if not v["unchecked"]})
        areas: dict[str, dict] = {}
        for path, t in modules.items():
            a = areas.setdefault(area_of(path) or "?", {"killed": 0, "survived": 0, "equivalent": 0, "modules": 0})
            for k in ("killed", "survived", "equivalent"):
                a[k] += t[k]
            a["modules"] += 1
        for name, a in areas.items():
            a["total"] = a["killed"] + a["survived"]
            a["score"] = score(a)
            a["files"] = len(mutable_files([name]))
        record = {"tool": tool_version(), "areas": areas, "modules": modules, "sample": old.get("sample", {})}
        write_record(record)
        print(f"recorded in {RECORD.relative_to(ROOT)}: {len(modules)} modules measured in full")
    if args.check:
        recorded = json.loads(RECORD.read_text()) if RECORD.is_file() else {"modules": {}}
        problems = ratchet(summary["modules"], recorded.get("modules", {}), "module")
        for p in problems:
            print("ratchet:", p, file=sys.stderr)
        return 1 if problems else 0
    return 0


def cmd_survivors(args: argparse.Namespace) -> int:
    eq = load_equivalent()
    for path, codes in results().items():
        if args.targets and path not in mutable_files(args.targets):
            continue
        for name, code in sorted(codes.items()):
            if code in SURVIVED and name not in eq:
                if code in (5, 33):
                    print(f"# {name}: no test of the selection reaches it", flush=True)
                mutmut(ROOT, "show", name)
    return 0


def tool_version() -> str:
    from importlib.metadata import version

    return f"mutmut {version('mutmut')}"


def write_record(summary: dict) -> None:
    tmp = RECORD.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    os.replace(tmp, RECORD)


def cmd_sample(args: argparse.Namespace) -> int:
    """The CI ratchet: the SAMPLE modules with SAMPLE_TESTS, in a copy of the repository."""
    started = time.monotonic()
    eq = load_equivalent()
    with tempfile.TemporaryDirectory(prefix="doalint-mutation-") as tmp:
        work = Path(tmp) / "doalint"
        shutil.copytree(ROOT, work, ignore=shutil.ignore_patterns(
            ".git", ".venv*", "mutants", "__pycache__", ".hypothesis", ".pytest_cache", ".doalint_cache"))
        pyproject = work / "pyproject.toml"
        text = pyproject.read_text()
        start = text.index("only_mutate = [")
        end = text.index("]\n", start) + 2
        pyproject.write_text(text[:start] + f"only_mutate = {json.dumps(SAMPLE)}\n"
                             f"pytest_add_cli_args_test_selection = {json.dumps(SAMPLE_TESTS)}\n" + text[end:])
        code = mutmut(work, "run", "--max-children", str(args.jobs), *[module_glob(p) for p in SAMPLE], quiet=True)
        if code not in (0, 1):
            print(f"mutmut failed (exit {code})", file=sys.stderr)
            return 2
        got = results(work)
    measured = {}
    for path in SAMPLE:
        t = tally(got.get(path, {}), eq)
        t["score"] = score(t)
        measured[path] = t
        print(f"sample {path}: {t['killed']} killed, {t['survived']} survived, {t['unchecked']} unchecked, "
              f"{pct(t['score'])}")
        for name, code in sorted(got.get(path, {}).items()):
            if code in SURVIVED and name not in eq:
                print(f"    survived: {name}")
    print(f"sample run: {time.monotonic() - started:.0f} s")
    recorded = json.loads(RECORD.read_text()) if RECORD.is_file() else {}
    if args.record:
        recorded["sample"] = measured
        write_record(recorded)
        print(f"sample recorded in {RECORD.relative_to(ROOT)}")
        return 0
    if not recorded.get("sample"):
        print("ratchet: no sample recorded (python benchmarks/mutation.py sample --record)", file=sys.stderr)
        return 1
    problems = ratchet(measured, recorded["sample"], "sample")
    for p in problems:
        print("ratchet:", p, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="mutate modules, areas, or the files a change touches")
    run.add_argument("targets", nargs="*", help=f"source files, folders or areas ({', '.join(AREAS)}); "
                                                 "none: every area")
    run.add_argument("--changed", action="store_true", help="the area files that differ from REF")
    run.add_argument("--ref", default=None, help="git reference for --changed (origin/main, else HEAD)")
    run.add_argument("--survivors", action="store_true", help="test only the mutants not killed yet (survived or not tested)")
    run.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    sc = sub.add_parser("score", help="scores of the results in mutants/")
    sc.add_argument("--record", action="store_true", help="write benchmarks/mutation-scores.json")
    sc.add_argument("--check", action="store_true", help="fail when a module scores below its record")
    sv = sub.add_parser("survivors", help="the diff of every surviving mutant")
    sv.add_argument("targets", nargs="*")
    sa = sub.add_parser("sample", help="the fixed sample CI runs, against its record")
    sa.add_argument("--record", action="store_true")
    sa.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    return {"run": cmd_run, "score": cmd_score, "survivors": cmd_survivors, "sample": cmd_sample}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
