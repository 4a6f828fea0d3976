"""The pre-commit hook, run by the real `pre-commit` tool on a throwaway repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT

pytest.importorskip("pre_commit")


def _git(cwd, *args, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree, committed to a fresh repository that pre-commit can clone by path."""
    src = tmp_path_factory.mktemp("doalint-src")
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for rel in filter(None, files):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    env = _env(tmp_path_factory.mktemp("home"))
    _git(src, "init", "-q", "-b", "main", env=env)
    _git(src, "add", "-A", env=env)
    _git(src, "commit", "-q", "-m", "doalint under test", env=env)
    rev = _git(src, "rev-parse", "HEAD", env=env).stdout.strip()
    return src, rev, env


def _env(home):
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        PRE_COMMIT_HOME=str(home / "pre-commit-cache"),
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_NOSYSTEM="1",
    )
    env.pop("GIT_DIR", None)
    return env


def test_precommit_hook_blocks_a_bad_file_and_passes_a_good_one(hook_repo, tmp_path):
    src, rev, env = hook_repo
    repo = tmp_path / "deploy"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {src}\n    rev: {rev}\n    hooks:\n      - id: doalint\n"
    )
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True,
                   capture_output=True)
    _git(repo, "add", ".pre-commit-config.yaml", env=env)
    _git(repo, "commit", "-q", "-m", "config", env=env)

    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", repo / "task-definition.json")
    _git(repo, "add", "task-definition.json", env=env)
    bad = subprocess.run(["git", "commit", "-m", "bad"], cwd=repo, env=env, capture_output=True, text=True)
    out = bad.stdout + bad.stderr
    assert bad.returncode != 0, out
    assert "task-definition.json:3:3: DOA101 [error] networkMode is 'bridge'" in out
    assert "doalint" in out and "Failed" in out

    shutil.copy(FIXTURES / "rules" / "_base" / "task-definition.json", repo / "task-definition.json")
    _git(repo, "add", "task-definition.json", env=env)
    good = subprocess.run(["git", "commit", "-m", "good"], cwd=repo, env=env, capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout + good.stderr
