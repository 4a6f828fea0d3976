from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
# the official SARIF 2.1.0 schema: ../shared's copy when present, else the copy under tests/schemas
SARIF_SCHEMA = next(p for p in (SHARED / "schemas" / "sarif-schema-2.1.0.json",
                                ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json") if p.is_file())


@pytest.fixture(scope="session")
def profile():
    from doalint.profile import load_profile

    return load_profile()


@pytest.fixture(scope="session")
def linter(profile):
    from doalint.engine.runner import Linter

    return Linter(profile)


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def project(tmp_path):
    """An empty project root (it holds .git: fingerprints and the baseline's files are relative to
    it), with the cached root lookup cleared before and after. Files that need more set-up define
    their own ``project``."""
    from doalint.fingerprint import project_root

    (tmp_path / ".git").mkdir()
    project_root.cache_clear()
    yield tmp_path
    project_root.cache_clear()


def rule_lines(report) -> list[str]:
    """Findings as sorted RULE@LINE strings (fixtures/rules/*/expect.yaml states columns too:
    tests/test_rule_fixtures.py compares RULE@LINE:COL)."""
    return sorted(f"{f.rule}@{f.line}" for f in report.findings)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run ``doalint`` in-process through its real entry point; return (code, out, err)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from doalint.cli import run

    out, err = io.StringIO(), io.StringIO()
    old_cwd = os.getcwd()
    old_env = dict(os.environ)
    if cwd:
        os.chdir(cwd)
    if env:
        os.environ.update(env)
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = run(list(args))
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
    return code, out.getvalue(), err.getvalue()


def write(path, text):
    """Write ``text`` (dedented) to ``path``; return the path."""
    import textwrap

    path.write_text(textwrap.dedent(text))
    return path


def copy_worktree(dest: Path) -> Path:
    """The repository's files as git sees them (tracked, or untracked and not ignored), copied to
    ``dest`` without .git."""
    import shutil
    import subprocess

    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    return dest
