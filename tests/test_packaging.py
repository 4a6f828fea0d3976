"""rules/ sits at the top of the repository but ships inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import FIXTURES, ROOT


def test_editable_or_source_install_finds_top_level_rules():
    import doalint
    from doalint.resources import rules_dir

    if not str(doalint.__file__).startswith(str(ROOT)):
        pytest.skip("doalint is not imported from this source tree")
    assert rules_dir() == ROOT / "rules"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("dist")
    [path] = list(WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"]))
    return path


def test_wheel_contains_the_rule_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "doalint/rules/standard.yaml" in names
    assert "doalint/rules/profile.schema.json" in names
    assert "doalint/rules/aws-facts.yaml" in names
    catalog = {n for n in names if n.startswith("doalint/rules/catalog/DOA")}
    assert len(catalog) == len(list((ROOT / "rules" / "catalog").glob("DOA*.yaml")))


def test_installed_wheel_runs_with_its_own_rule_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", "--target", str(target), wheel],
        check=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = "import doalint.resources as r; print(r.rules_dir())"
    where = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert where.stdout.strip() == str(target / "doalint" / "rules")
    run = subprocess.run(
        [sys.executable, "-m", "doalint", "check", str(FIXTURES / "rules" / "DOA101" / "bad.json")],
        env=env, capture_output=True, text=True, cwd=tmp_path,
    )
    assert run.returncode == 1 and "DOA101" in run.stdout, run.stderr
