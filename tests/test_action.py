"""The GitHub Action (action.yml): valid, with the inputs the README names, and its run steps work
when run here as GitHub runs them (bash -eo pipefail, inputs and github.action_path substituted,
GITHUB_OUTPUT set), installing doalint from this checkout without a network."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig

import pytest
import yaml

from conftest import FIXTURES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())


def test_action_is_a_composite_action_with_the_documented_inputs():
    assert ACTION["name"] and ACTION["description"]
    assert ACTION["runs"]["using"] == "composite"
    inputs = ACTION["inputs"]
    assert {"paths", "args", "sarif-file", "upload-sarif"} <= set(inputs)
    assert inputs["paths"]["default"] == "." and inputs["sarif-file"]["default"] == "doalint.sarif"
    assert all(v.get("description") for v in inputs.values())
    uses = [s["uses"] for s in ACTION["runs"]["steps"] if "uses" in s]
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    upload = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/"))
    assert "always()" in upload["if"]  # findings (exit 1) still reach code scanning
    for step in ACTION["runs"]["steps"]:
        if "run" in step:
            assert step["shell"] == "bash"
            assert "${{" not in step["run"], "inputs reach scripts through env, never pasted into the script"
    install = _step("Install doalint")
    assert "github.action_path" in install["env"]["ACTION_PATH"] and '"$ACTION_PATH"' in install["run"]
    assert "pypi" not in (ROOT / "action.yml").read_text().lower()


def _step(name):
    return next(s for s in ACTION["runs"]["steps"] if s.get("name") == name)


def _expand(value: str, inputs: dict, action_path: str) -> str:
    """GitHub's ${{ }} expressions these steps use: inputs.X and github.action_path."""
    def one(m):
        expr = m.group(1).strip()
        if expr == "github.action_path":
            return action_path
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        raise AssertionError(f"expression this test does not know: {expr}")

    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def _run_step(step, inputs, action_path, cwd, env):
    step_env = {k: _expand(str(v), inputs, action_path) for k, v in step.get("env", {}).items()}
    script = cwd / f".step-{step.get('id', 'x')}.sh"
    script.write_text(step["run"])
    # GitHub runs `shell: bash` as bash --noprofile --norc -eo pipefail {0}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd,
                          env={**env, **step_env}, capture_output=True, text=True)
    script.unlink()
    return done


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    """A fresh Python environment standing in for setup-python's, which sees this one's packages
    (the build backend and doalint's dependencies) so that pip needs no network."""
    venv = tmp_path_factory.mktemp("runner") / "python"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(os.path.join(site, "parent-env.pth"), "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON"))}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}", PIP_NO_INDEX="1",
               PIP_NO_BUILD_ISOLATION="0")
    inputs = {k: v.get("default", "") for k, v in ACTION["inputs"].items()}
    workspace = tmp_path_factory.mktemp("ws")
    done = _run_step(_step("Install doalint"), inputs, str(ROOT), workspace, env)
    assert done.returncode == 0, done.stdout + done.stderr
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import doalint; print(doalint.__file__)"],
                           env=env, cwd=workspace, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(venv)), where  # installed from the action's checkout, not the test's copy
    return env


def _check(runner, workspace, **given):
    inputs = {k: v.get("default", "") for k, v in ACTION["inputs"].items()} | given
    output = workspace / "github-output"
    output.write_text("")
    env = {**runner, "GITHUB_OUTPUT": str(output), "GITHUB_WORKSPACE": str(workspace)}
    done = _run_step(_step("Run doalint"), inputs, str(ROOT), workspace, env)
    return done, dict(line.split("=", 1) for line in output.read_text().splitlines())


def test_action_run_step_passes_the_exit_code_through_and_writes_sarif(runner, tmp_path):
    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / "task-definition.json")
    done, outputs = _check(runner, tmp_path)
    assert done.returncode == 1 and outputs == {"exit-code": "1"}, done.stdout + done.stderr
    assert "::error file=task-definition.json,line=3" in done.stdout
    sarif = json.loads((tmp_path / "doalint.sarif").read_text())
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["DOA101"]


def test_action_run_step_with_paths_args_and_no_sarif(runner, tmp_path):
    (tmp_path / "deploy").mkdir()
    shutil.copy(FIXTURES / "rules" / "_base" / "task-definition.json", tmp_path / "deploy" / "task-definition.json")
    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / "elsewhere.json")
    done, outputs = _check(runner, tmp_path, paths="deploy", args="--fail-level error --quiet", **{"sarif-file": ""})
    assert done.returncode == 0 and outputs == {"exit-code": "0"}, done.stdout + done.stderr
    assert not (tmp_path / "doalint.sarif").exists()
    done, outputs = _check(runner, tmp_path, paths="deploy nowhere")
    assert done.returncode == 2 and outputs == {"exit-code": "2"} and "nowhere" in done.stderr
