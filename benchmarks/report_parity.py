"""Report parity: the text, JSON and SARIF reports of doalint on every fixture, the example project
and ../shared/corpus, recorded to a folder so that two versions of doalint can be compared byte for
byte (the redesign's acceptance: behaviour unchanged).

    python benchmarks/report_parity.py record /tmp/before     # on the old version
    python benchmarks/report_parity.py record /tmp/after      # on the new one
    python benchmarks/report_parity.py compare /tmp/before /tmp/after

Each target is linted as its users would lint it, by the doalint this interpreter imports (in this
process, or with ``--subprocess`` by the ``doalint`` command in a child process), from the target's own folder (so reports name files relative to it): each entry of a rule
folder's expect.yaml, each other fixture folder as one project, each corpus repository laid out as in
the repository (MANIFEST.tsv) below a fixed folder. ``compare`` exits 1 and lists the reports that
differ, with the first differing lines of each.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"
LAYOUT = Path("/tmp/doalint-parity-corpus")  # fixed, so absolute paths (if any) agree between runs


def targets() -> list[tuple[str, Path, str]]:
    """(name, folder to run in, path to give) of every target."""
    out = []
    for d in sorted((FIXTURES / "rules").iterdir()):
        if not (d / "expect.yaml").is_file():
            continue
        for entry in sorted(yaml.safe_load((d / "expect.yaml").read_text())):
            name = f"rules/{d.name}/{entry.rstrip('/')}"
            out.append((name, d / entry, ".") if entry.endswith("/") else (name, d, entry))
    for d in sorted(FIXTURES.iterdir()):
        if d.is_dir() and d.name != "rules":
            out.append((d.name, d, "."))
    if (CORPUS / "MANIFEST.tsv").is_file():
        if LAYOUT.exists():
            shutil.rmtree(LAYOUT)
        repos: dict[str, list[tuple[str, str]]] = {}
        with open(CORPUS / "MANIFEST.tsv", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t"):
                repos.setdefault(row["repo"], []).append((row["local_path"], row["path_in_repo"]))
        for repo, entries in sorted(repos.items()):
            root = LAYOUT / repo.replace("/", "__")
            (root / ".git").mkdir(parents=True)
            for local, in_repo in entries:
                (root / in_repo).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(CORPUS / local, root / in_repo)
            out.append((f"corpus/{repo}", root, "."))
    return out


def _run_in_process(args: list[str], cwd: Path) -> tuple[int, str, str]:
    """doalint's CLI in this process (the doalint this interpreter imports), as a child would run it."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from doalint import fingerprint
    from doalint.cli import run

    fingerprint.project_root.cache_clear()  # (found from the working directory, once per process)
    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_env = os.getcwd(), dict(os.environ)
    os.environ.update(NO_COLOR="1", COLUMNS="120")
    os.chdir(cwd)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = run(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
    return code, out.getvalue(), err.getvalue()


def record(dest: Path, in_process: bool = True) -> int:
    exe = shutil.which("doalint") or str(Path(sys.executable).with_name("doalint"))
    dest.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NO_COLOR="1", COLUMNS="120")
    for name, cwd, path in targets():
        base = dest / (name.replace("/", "__"))
        args = ["check", "--color", "never", "-j", "1", "--format", "text",
                "--output", f"json:{base}.json", "--output", f"sarif:{base}.sarif", path]
        if in_process:
            code, stdout, stderr = _run_in_process(args, cwd)
        else:
            done = subprocess.run([exe, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
            code, stdout, stderr = done.returncode, done.stdout, done.stderr
        (base.with_suffix(".text")).write_text(
            stdout + (f"\n--- stderr\n{stderr}" if stderr else "") + f"\n--- exit {code}\n")
    print(f"recorded {len(list(dest.glob('*.text')))} targets in {dest}")
    return 0


def compare(a: Path, b: Path) -> int:
    names = sorted({p.name for p in a.iterdir()} | {p.name for p in b.iterdir()})
    differ = 0
    for n in names:
        x, y = a / n, b / n
        if x.is_file() and y.is_file() and x.read_bytes() == y.read_bytes():
            continue
        differ += 1
        if not (x.is_file() and y.is_file()):
            print(f"{n}: only in {a if x.is_file() else b}")
            continue
        diff = list(difflib.unified_diff(x.read_text().splitlines(), y.read_text().splitlines(), str(x), str(y),
                                         lineterm="", n=1))
        print(f"{n}: differs")
        print("\n".join("    " + line for line in diff[:12]))
    print(f"{len(names) - differ} of {len(names)} reports identical")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("record", help="write every target's reports to a folder")
    r.add_argument("dest", type=Path)
    r.add_argument("--subprocess", action="store_true",
                   help="run each target in a child process (as users do; slower) instead of in this one")
    c = sub.add_parser("compare", help="compare two recorded folders byte for byte")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    return record(args.dest, not args.subprocess) if args.command == "record" else compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
