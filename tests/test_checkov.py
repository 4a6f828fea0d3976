"""checkov as a second opinion: its failed checks join doalint's report (extra doalint[checkov])."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, SARIF_SCHEMA, run_cli

TF = FIXTURES / "rules" / "DOA205"


def test_without_checkov_the_flag_is_a_usage_error(monkeypatch):
    from doalint.integrations import checkov

    monkeypatch.setattr(checkov, "available", lambda: False)
    code, out, err = run_cli("check", str(FIXTURES / "seed" / "cluster.tf"), "--with-checkov")
    assert code == 2 and "pip install 'doalint[checkov]'" in err


def test_checkov_is_not_imported_without_the_flag():
    import subprocess
    import sys

    probe = ("import sys\nfrom doalint.cli import run\n"
             f"run(['check', {str(FIXTURES / 'seed' / 'security-groups.tf')!r}])\n"
             "print('CHECKOV' if any(m.split('.')[0] == 'checkov' for m in sys.modules) else 'CLEAN')\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "CLEAN"


@pytest.fixture
def public_service(tmp_path):
    """A Terraform ECS service with a public IP: doalint says DOA205, checkov CKV_AWS_333."""
    folder = tmp_path / "tf"
    folder.mkdir()
    (folder / "main.tf").write_text(
        'resource "aws_ecs_service" "product" {\n'
        '  name            = "product-service"\n'
        '  cluster         = "doa-market-cluster"\n'
        '  task_definition = "product-service:12"\n'
        '  desired_count   = 3\n'
        '  launch_type     = "FARGATE"\n'
        '  network_configuration {\n'
        '    subnets          = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]\n'
        '    security_groups  = ["sg-0c1d2e3f4a5b6c7d8"]\n'
        '    assign_public_ip = true\n'
        '  }\n'
        '}\n'
    )
    return folder


def test_checkov_findings_beside_doalint_findings(public_service):
    pytest.importorskip("checkov")
    code, out, err = run_cli("check", str(public_service), "--with-checkov", "--color", "never")
    assert code == 1, err
    assert "DOA205 [error]" in out
    assert "CKV_AWS_333" in out and "(checkov)" in out
    code, out, _ = run_cli("check", str(public_service), "--with-checkov", "--ignore", "CKV_AWS_333")
    assert "CKV_AWS_333" not in out and "DOA205" in out


def test_checkov_findings_in_sarif(public_service):
    pytest.importorskip("checkov")
    import jsonschema

    code, out, _ = run_cli("check", str(public_service), "--with-checkov", "--format", "sarif")
    data = json.loads(out)
    run = data["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "CKV_AWS_333" in ids and "DOA205" in ids
    res = [r for r in run["results"] if r["ruleId"] == "CKV_AWS_333"]
    assert res and ids[res[0]["ruleIndex"]] == "CKV_AWS_333"
    schema_file = SARIF_SCHEMA
    schema = json.loads(schema_file.read_text())
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(data)
