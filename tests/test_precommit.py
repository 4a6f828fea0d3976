"""The pre-commit hook, run by the real `pre-commit` tool on a throwaway repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, copy_worktree

pytest.importorskip("pre_commit")


def _git(cwd, *args, env):
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree, committed to a fresh repository that pre-commit can clone by path."""
    src = tmp_path_factory.mktemp("doalint-src")
    copy_worktree(src)
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


# --- issue 14: the first week of a deployment repository with the hook ---------------------------
#
# Monday: doalint adopted: a .doalint.yaml with a waiver (of the product task definition's mutable
# image tag) and a baseline of today's findings (two CPU alarms, a Terraform module). Then one
# commit a day, each staging a few files, as pre-commit passes them to the hook.

INFRA_TF = '''resource "aws_ecs_task_definition" "order" {
  family                   = "order-service"
  network_mode             = var.network_mode
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  container_definitions    = jsonencode([{ name = "order-service", image = "x/order-service:1.0.0", essential = true }])
}
variable "network_mode" { default = "bridge" }
'''

WEEK_CONFIG = """baseline: .doalint-baseline.json
waivers:
  - rule: DOA117
    path: services/product/task-definition.json
    reason: the release pipeline pins the digest at deploy time
"""


def _doalint(repo, *args, env):
    return subprocess.run([sys.executable, "-m", "doalint", *args], cwd=repo, env=env, capture_output=True,
                          text=True)


def _commit(repo, env, *files, message="change"):
    _git(repo, "add", *files, env=env)
    done = subprocess.run(["git", "commit", "-m", message], cwd=repo, env=env, capture_output=True, text=True)
    if done.returncode != 0:  # leave the index as it was: the next step stages what it changes
        _git(repo, "reset", "-q", "--hard", "HEAD", env=env)
    return done.returncode, done.stdout + done.stderr


@pytest.fixture
def monday(hook_repo, tmp_path):
    src, rev, env = hook_repo
    repo = tmp_path / "deploy"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main", env=env)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {src}\n    rev: {rev}\n    hooks:\n      - id: doalint\n")
    subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env, check=True,
                   capture_output=True)
    product = repo / "services" / "product"
    product.mkdir(parents=True)
    task = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
    task["containerDefinitions"][0]["image"] = task["containerDefinitions"][0]["image"].rsplit(":", 1)[0] + ":latest"
    (product / "task-definition.json").write_text(json.dumps(task, indent=2) + "\n")
    shutil.copy(FIXTURES / "rules" / "_base" / "service.json", product / "service.json")
    (repo / "alarms").mkdir()
    shutil.copy(FIXTURES / "rules" / "DOA802" / "bad-threshold-90.json", repo / "alarms" / "product-cpu.json")
    (repo / "alarms" / "order-cpu.yaml").write_text(
        (FIXTURES / "rules" / "DOA802" / "bad-period-60.yaml").read_text().replace("product-service", "order-service"))
    (repo / "infra").mkdir()
    (repo / "infra" / "main.tf").write_text(INFRA_TF)
    (repo / "infra" / "terraform.tfvars").write_text('network_mode = "awsvpc"\n')
    (repo / ".doalint.yaml").write_text(WEEK_CONFIG)
    written = _doalint(repo, "baseline", "write", env=env)
    assert written.returncode == 0, written.stderr
    entries = json.loads((repo / ".doalint-baseline.json").read_text())["findings"]
    assert {"alarms/product-cpu.json", "alarms/order-cpu.yaml", "infra/main.tf"} <= {e["file"] for e in entries}
    assert not any(e["file"].startswith("services/") for e in entries)  # the product service is clean, but waived
    code, out = _commit(repo, env, ".", message="adopt doalint")
    assert code == 0, out
    assert "doalint" in out and "Passed" in out
    return repo, env


def test_week_tuesday_a_change_beside_a_waiver_of_another_file_passes(monday):
    """Defect 1: the waiver is about services/product/task-definition.json, which is not staged."""
    repo, env = monday
    service = repo / "services" / "product" / "service.json"
    service.write_text(service.read_text().replace('"desiredCount": 3', '"desiredCount": 4'))
    assert '"desiredCount": 4' in service.read_text()
    code, out = _commit(repo, env, "services/product/service.json")
    assert code == 0, out
    assert "DOA012" not in out and "DOA011" not in out


def test_week_wednesday_a_tfvars_only_change_is_checked_with_its_module(monday):
    """Defect 2: terraform.tfvars alone brings in its module; the new finding blocks the commit."""
    repo, env = monday
    (repo / "infra" / "terraform.tfvars").write_text('network_mode = "host"\n')
    code, out = _commit(repo, env, "infra/terraform.tfvars")
    assert code != 0, out
    assert "infra/main.tf:3:" in out and "DOA101" in out and "host" in out
    (repo / "infra" / "terraform.tfvars").write_text('network_mode = "awsvpc"\n# the module default is legacy\n')
    code, out = _commit(repo, env, "infra/terraform.tfvars")
    assert code == 0, out  # the module's findings of Monday are baselined


def test_week_thursday_a_staged_service_is_checked_against_its_unstaged_task_definition(monday):
    """--context: the hook reads the rest of the repository, reports only in the staged files."""
    repo, env = monday
    service = repo / "services" / "product" / "service.json"
    good = service.read_text()
    service.write_text(good.replace('"containerName": "product-service"', '"containerName": "product-api"', 1))
    code, out = _commit(repo, env, "services/product/service.json")
    assert code != 0, out
    assert "services/product/service.json:" in out and "DOA901" in out
    assert "    services/product/task-definition.json:" in out  # the other side, as a related location
    assert "DOA117" not in out and "alarms/" not in out  # the context is not reported on
    service.write_text(good)
    (repo / "services" / "product" / "service.json").write_text(good.replace('"desiredCount": 3', '"desiredCount": 5'))
    code, out = _commit(repo, env, "services/product/service.json")
    assert code == 0, out


def test_week_friday_baseline_prune_on_a_subset_keeps_the_other_files_entries(monday):
    """Defect 3: prune drops only the fixed entries of the files it read."""
    repo, env = monday
    before = json.loads((repo / ".doalint-baseline.json").read_text())["findings"]
    shutil.copy(FIXTURES / "rules" / "DOA802" / "good.json", repo / "alarms" / "product-cpu.json")
    pruned = _doalint(repo, "baseline", "prune", "alarms/product-cpu.json", env=env)
    assert pruned.returncode == 0, pruned.stderr
    after = json.loads((repo / ".doalint-baseline.json").read_text())["findings"]
    assert after == [e for e in before if e["file"] != "alarms/product-cpu.json"]
    code, out = _commit(repo, env, "alarms/product-cpu.json", ".doalint-baseline.json")
    assert code == 0, out
    whole = _doalint(repo, "check", "--color", "never", env=env)  # the rest is still baselined
    assert whole.returncode == 0, whole.stdout + whole.stderr
