"""Fixes (issue 17): what `doalint check --fix` and `--diff` do, as users run them, and what the rules,
the catalog and the outputs say about fixes."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from conftest import run_cli as _run_cli

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "doalint" / "checks"

SERVICE = """{
  "serviceName": "product-service",
  "cluster": "doa-market-cluster",
  "taskDefinition": "product-service:12",
  "desiredCount": 3,
  "launchType": "FARGATE",
  "platformVersion": "1.3.0",
  "networkConfiguration": {
    "awsvpcConfiguration": {
      "subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
      "securityGroups": ["sg-0c1d2e3f4a5b6c7d8"],
      "assignPublicIp": "ENABLED"
    }
  },
  "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/abc123",
                     "containerName": "product-service", "containerPort": 3003}],
  "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-abc123",
                         "containerName": "product-service", "containerPort": 3003}],
  "deploymentConfiguration": {
    "deploymentCircuitBreaker": {"enable": true, "rollback": false},
    "maximumPercent": 200,
    "minimumHealthyPercent": 50
  },
  "deploymentController": {"type": "ECS"},
  "propagateTags": "SERVICE",
  "enableECSManagedTags": true
}
"""

FIXED = SERVICE.replace('"1.3.0"', '"LATEST"').replace('"ENABLED"', '"DISABLED"').replace(
    '"rollback": false', '"rollback": true').replace('"minimumHealthyPercent": 50', '"minimumHealthyPercent": 100')


def run_cli(*args, cwd=None):
    """doalint in-process (conftest.run_cli), as an object with returncode, stdout and stderr."""
    from types import SimpleNamespace

    from doalint import fingerprint

    fingerprint.project_root.cache_clear()  # (cached on the first working directory)
    code, out, err = _run_cli(*args, cwd=cwd)
    fingerprint.project_root.cache_clear()
    return SimpleNamespace(returncode=code, stdout=out, stderr=err)


def _service(tmp_path, text=SERVICE, name="service.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _fixable_rules_in_code() -> set[str]:
    out = set()
    for path in CHECKS.rglob("doa*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"fix=(?!None\b)", text):
            out.add(path.name[:6].upper())
    return out


def test_the_catalog_says_which_rules_can_fix_and_the_code_agrees():
    from doalint.catalog import default_catalog

    catalog = default_catalog()
    said = {rid for rid, e in catalog.entries.items() if (e.data.get("fix") or {}).get("availability", "never") != "never"}
    assert said == _fixable_rules_in_code()
    assert {"DOA202", "DOA203", "DOA205", "DOA801", "DOA112", "DOA301", "DOA401", "DOA802"} <= said


@pytest.mark.parametrize("rule", sorted(_fixable_rules_in_code()))
def test_explain_shows_the_fix_of_the_example_and_the_fixed_example_passes(rule, tmp_path, profile):
    """The catalog's Example triggers the rule (tests/test_catalog.py); --fix on it removes the findings
    it can fix (each fix one finding), and explain shows that diff."""
    from doalint.catalog import default_catalog
    from doalint.engine.runner import Linter
    from doalint.explain import fixed_example, render_text
    from doalint.fixes.apply import fix_files

    entry = default_catalog().entries[rule]
    diff = fixed_example(entry, profile)
    assert diff.startswith("--- a/example.") and "\n+" in diff
    assert "doalint check --fix on the example:" in render_text(entry, profile, fix_diff=True)
    block = entry.data["explain"]["example"]
    path = tmp_path / ("example." + {"json": "json", "yaml": "yaml"}[block["format"]])
    path.write_text(block["text"], encoding="utf-8")
    linter = Linter(profile, select={rule})
    before = [f for f in linter.lint_paths([str(path)]).active if f.rule == rule]
    outcome = fix_files(lambda: linter.lint_paths([str(path)]), unsafe=True)
    after = [f for f in outcome.report.active if f.rule == rule]
    assert outcome.fixed >= 1 and len(after) == len(before) - outcome.fixed
    assert not any(f.fix for f in after)  # (what remains is what the rule cannot fix)


def test_diff_prints_the_changes_writes_nothing_and_exits_1(tmp_path):
    path = _service(tmp_path)
    before = path.stat().st_mtime_ns
    proc = run_cli("check", "--diff", "service.json", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert path.read_text() == SERVICE and path.stat().st_mtime_ns == before
    out = proc.stdout
    assert out.startswith("--- a/service.json\n+++ b/service.json\n@@ ")
    assert '-    "deploymentCircuitBreaker": {"enable": true, "rollback": false},' in out
    assert '+    "deploymentCircuitBreaker": {"enable": true, "rollback": true},' in out
    assert '+  "platformVersion": "LATEST",' in out
    assert "would apply 4 fixes in 1 file; nothing written" in proc.stderr


def test_diff_of_a_clean_file_is_empty_and_exits_0(tmp_path):
    _service(tmp_path, FIXED)
    proc = run_cli("check", "--diff", "service.json", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stderr


def test_fix_writes_the_standard_values_and_touches_nothing_else(tmp_path):
    path = _service(tmp_path)
    path.chmod(0o640)
    proc = run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert path.read_text() == FIXED
    assert stat.S_IMODE(path.stat().st_mode) == 0o640  # permissions kept
    assert "4 fixed (0 remaining)." in proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr
    again = run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert path.read_text() == FIXED and again.returncode == 0
    assert "fixed" not in again.stdout  # (nothing to fix: no "0 fixed" line)


def test_fix_reports_what_remains_and_exits_1_while_findings_remain(tmp_path):
    text = SERVICE.replace('"desiredCount": 3', '"desiredCount": 1')  # DOA204: not fixable
    path = _service(tmp_path, text)
    proc = run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert proc.returncode == 1
    assert "4 fixed (1 remaining)." in proc.stdout
    assert "DOA204" in proc.stdout and "DOA202" not in proc.stdout
    assert path.read_text() == FIXED.replace('"desiredCount": 3', '"desiredCount": 1')


def test_files_without_fixes_are_not_rewritten(tmp_path):
    other = _service(tmp_path, FIXED, "other.json")
    _service(tmp_path)
    mtime = other.stat().st_mtime_ns
    run_cli("check", "--fix", ".", cwd=tmp_path)
    assert other.stat().st_mtime_ns == mtime


def test_unsafe_fixes_need_the_flag(tmp_path):
    text = SERVICE.replace('"launchType": "FARGATE"', '"launchType": "EC2"')
    path = _service(tmp_path, text)
    proc = run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert '"launchType": "EC2"' in path.read_text()
    assert "1 fixable with --fix --unsafe-fixes)." in proc.stdout
    proc = run_cli("check", "--fix", "--unsafe-fixes", "service.json", cwd=tmp_path)
    assert '"launchType": "FARGATE"' in path.read_text()
    assert proc.returncode == 0, proc.stdout


def test_a_file_that_cannot_be_written_is_a_usage_error_and_stays_whole(tmp_path, monkeypatch, capsys):
    """The rename of the temporary file fails (a read-only file system; root ignores file modes): exit 2,
    a clear message, the file whole and no temporary file left."""
    from doalint.cli import run

    path = _service(tmp_path)
    monkeypatch.chdir(tmp_path)

    def refuse(src, dst):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    code = run(["check", "--fix", "service.json"])
    err = capsys.readouterr().err
    assert code == 2
    assert "--fix: cannot write service.json: Read-only file system; the file is unchanged" in err
    assert path.read_text() == SERVICE
    assert [p.name for p in tmp_path.iterdir()] == ["service.json"]  # no temporary file left


def test_a_file_that_vanished_before_the_write_is_a_usage_error(tmp_path, monkeypatch, capsys):
    """The file is deleted while doalint runs (after its fixes are made, before they are written):
    exit 2 with a clear message, and no file is created in its place."""
    from doalint.cli import run
    from doalint.fixes import apply

    path = _service(tmp_path)
    monkeypatch.chdir(tmp_path)
    real = apply.fix_files

    def then_delete(*args, **kwargs):
        outcome = real(*args, **kwargs)
        path.unlink()
        return outcome

    monkeypatch.setattr(apply, "fix_files", then_delete)
    assert run(["check", "--fix", "service.json"]) == 2
    assert "--fix: cannot write service.json: No such file (it vanished while doalint ran)" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_file_that_vanished_is_a_usage_error(tmp_path, monkeypatch):
    from doalint.fixes import apply

    path = _service(tmp_path)
    path.unlink()
    with pytest.raises(FileNotFoundError):
        apply.write(str(path), "{}")
    assert not path.exists()


def test_a_byte_order_mark_and_crlf_line_ends_are_kept(tmp_path):
    path = tmp_path / "service.json"
    path.write_bytes(b"\xef\xbb\xbf" + SERVICE.replace("\n", "\r\n").encode())
    run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert path.read_bytes() == b"\xef\xbb\xbf" + FIXED.replace("\n", "\r\n").encode()


def test_standard_input_cannot_be_fixed(tmp_path):
    proc = run_cli("check", "--fix", "-", cwd=tmp_path)
    assert proc.returncode == 2 and "cannot fix standard input" in proc.stderr


def test_fixes_in_the_json_report_validate_against_its_schema(tmp_path):
    import jsonschema

    _service(tmp_path)
    proc = run_cli("check", "--format", "json", "service.json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    schema = json.loads((ROOT / "doalint" / "schemas" / "report-v1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    fixes = {f["rule"]: f["fix"] for f in data["findings"] if "fix" in f}
    assert set(fixes) == {"DOA201", "DOA202", "DOA203", "DOA205"}
    assert fixes["DOA202"] == {"description": "set rollback to true", "applicability": "safe", "edits": [
        {"file": "service.json", "start": {"line": 20, "column": 62}, "end": {"line": 20, "column": 67},
         "text": "true"}]}


def test_fixes_in_sarif_are_artifact_changes_that_validate(tmp_path):
    import jsonschema

    schema_path = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        schema_path = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
    _service(tmp_path)
    proc = run_cli("check", "--format", "sarif", "service.json", cwd=tmp_path)
    data = json.loads(proc.stdout)
    jsonschema.validate(data, json.loads(schema_path.read_text()))
    [fix] = [r["fixes"] for r in data["runs"][0]["results"] if r["ruleId"] == "DOA205"][0]
    assert fix == {
        "description": {"text": "set assignPublicIp to DISABLED"},
        "artifactChanges": [{"artifactLocation": {"uri": "service.json", "uriBaseId": "%SRCROOT%"},
                             "replacements": [{"deletedRegion": {"startLine": 12, "startColumn": 25, "endLine": 12,
                                                                 "endColumn": 34},
                                               "insertedContent": {"text": '"DISABLED"'}}]}],
        "properties": {"applicability": "safe"},
    }


def test_the_text_summary_counts_the_fixable_findings(tmp_path):
    _service(tmp_path)
    proc = run_cli("check", "service.json", cwd=tmp_path)
    assert proc.stdout.splitlines()[-1].endswith("checked 1 document in 1 file (4 fixable with --fix).")


def _lying_rule(monkeypatch, fix):
    """DOA202 made to propose ``fix`` (a wrong one) besides its own findings."""
    from doalint.engine import registry
    from doalint.engine.registry import Violation

    impl = registry.load_rules()["DOA202"]
    real = impl.fn

    def lying(model, ctx):
        for v in real(model, ctx):
            yield Violation(v.path, v.message, fix=fix)

    from doalint import record

    monkeypatch.setitem(registry.REGISTRY, "DOA202", record.replace(impl, fn=lying))


def test_a_fix_that_does_not_remove_its_finding_is_neither_offered_nor_applied(tmp_path, monkeypatch, profile):
    """A fix that writes the wrong key (the finding stays, DOA002 appears) is taken off the finding by
    the check of offered fixes, and reverted by --fix."""
    from doalint.cli import _Run, _verify_fixes
    from doalint.fixes import Fix, Set
    from doalint.fixes.apply import fix_files

    _lying_rule(monkeypatch, Fix("set rollbak to true", [Set(("deploymentConfiguration", "deploymentCircuitBreaker",
                                                              "rollbak"), True)]))
    path = _service(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = _Run(None, True, None, (), (), jobs=1)
    report = run.lint([str(path)])
    [f] = [f for f in report.findings if f.rule == "DOA202"]
    assert f.fix is not None and f.fix.edits  # (resolved: the layer can write it)
    _verify_fixes(report, run)
    [f] = [f for f in report.findings if f.rule == "DOA202"]
    assert f.fix is None
    outcome = fix_files(lambda: run.lint([str(path)]))
    assert "rollbak" not in outcome.changed.get(str(path), "")
    assert not [a for a in outcome.applied if a[1] == "DOA202"]
    assert path.read_text() == SERVICE


def test_overlapping_fixes_are_applied_over_several_rounds(tmp_path):
    """propagateTags and enableECSManagedTags are both missing: DOA210 inserts each after the last
    member, at the same place; one is applied per round, and both end up in the file."""
    text = FIXED.replace(',\n  "propagateTags": "SERVICE",\n  "enableECSManagedTags": true', "")
    path = _service(tmp_path, text)
    proc = run_cli("check", "--fix", "service.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 fixed (0 remaining)." in proc.stdout
    assert path.read_text().endswith('''  "deploymentController": {"type": "ECS"},
  "propagateTags": "SERVICE",
  "enableECSManagedTags": true
}
''') or path.read_text().endswith('''  "deploymentController": {"type": "ECS"},
  "enableECSManagedTags": true,
  "propagateTags": "SERVICE"
}
''')


def test_fix_on_the_example_project_leaves_every_file_parsing(tmp_path):
    shutil.copytree(FIXTURES / "example", tmp_path / "example")
    before = run_cli("check", "--format", "json", "example", cwd=tmp_path)
    proc = run_cli("check", "--fix", "example", cwd=tmp_path)
    assert proc.returncode == 1  # (what cannot be fixed remains)
    assert re.search(r"^10 fixed \(15 remaining\)\.$", proc.stdout, re.M), proc.stdout
    after = run_cli("check", "--format", "json", "example", cwd=tmp_path)
    rules = lambda p: sorted((f["rule"], f["file"]) for f in json.loads(p.stdout)["findings"])  # noqa: E731
    assert set(rules(after)) <= set(rules(before))
    assert [r for r in rules(after) if r[0] == "DOA001"] == [r for r in rules(before) if r[0] == "DOA001"]


TF_SERVICE = """resource "aws_ecs_service" "product" {
  name                    = "product-service"
  cluster                 = "doa-market-cluster"
  task_definition         = "product-service:12"
  desired_count           = 3
  launch_type             = "FARGATE"
  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true

  network_configuration {
    subnets          = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    security_groups  = ["sg-0c1d2e3f4a5b6c7d8"]
    assign_public_ip = var.public_ip
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
}
"""
TF_VARIABLES = """variable "public_ip" {
  type    = bool
  default = true # for the demo
}
"""


def test_a_terraform_value_from_a_variables_default_is_fixed_there_only_as_an_unsafe_fix(tmp_path):
    """assign_public_ip = var.public_ip, whose default (in variables.tf) is true: the fix edits the
    default, in the other file, and is unsafe (every user of the variable changes with it)."""
    (tmp_path / "main.tf").write_text(TF_SERVICE)
    (tmp_path / "variables.tf").write_text(TF_VARIABLES)
    proc = run_cli("check", "--fix", ".", cwd=tmp_path)
    assert (tmp_path / "variables.tf").read_text() == TF_VARIABLES  # (safe fixes only)
    assert "1 fixable with --fix --unsafe-fixes" in proc.stdout
    proc = run_cli("check", "--diff", "--unsafe-fixes", ".", cwd=tmp_path)
    assert proc.returncode == 1
    assert "-  default = true # for the demo\n+  default = false # for the demo\n" in proc.stdout
    assert "--- a/variables.tf" in proc.stdout and "main.tf" not in proc.stdout
    proc = run_cli("check", "--fix", "--unsafe-fixes", ".", cwd=tmp_path)
    assert "1 fixed (2 remaining)." in proc.stdout and "DOA205" not in proc.stdout
    assert (tmp_path / "variables.tf").read_text() == TF_VARIABLES.replace("true", "false")
    assert (tmp_path / "main.tf").read_text() == TF_SERVICE


def test_a_terraform_variable_set_by_a_tfvars_file_is_not_fixed(tmp_path):
    (tmp_path / "main.tf").write_text(TF_SERVICE)
    (tmp_path / "variables.tf").write_text(TF_VARIABLES.replace("true", "false"))
    (tmp_path / "terraform.tfvars").write_text("public_ip = true\n")
    proc = run_cli("check", "--diff", "--unsafe-fixes", ".", cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, ""), proc.stdout
    assert "DOA205" in run_cli("check", ".", cwd=tmp_path).stdout


# --- the unsafe fixes of DOA703 (a rule open to the internet removed) and DOA905 (a wide grant narrowed):
# the whole text after --fix --unsafe-fixes, in each form their documents take -------------------------

RULES = FIXTURES / "rules"


def _fixed(tmp_path, source: Path, name: str, *select: str) -> str:
    shutil.copy(source, tmp_path / name)
    proc = run_cli("check", "--fix", "--unsafe-fixes", "--isolated", "--select", ",".join(select), name,
                   cwd=tmp_path)
    assert "fixed" in proc.stdout, proc.stdout + proc.stderr
    return (tmp_path / name).read_text()


def test_doa703_removes_a_describe_outputs_rule_open_to_the_internet(tmp_path):
    before = (RULES / "DOA703" / "bad-describe.json").read_text()
    rule = before[before.index("        {\n          \"IpProtocol\""):before.index("        }\n      ]") + 10]
    want = before.replace('"IpPermissions": [\n' + rule + "      ]", '"IpPermissions": []')
    assert want != before
    assert _fixed(tmp_path, RULES / "DOA703" / "bad-describe.json", "sg.json", "DOA703") == want


def test_doa703_removes_a_cloudformation_ingress_entry_open_to_the_internet(tmp_path):
    before = (RULES / "DOA703" / "bad-cfn.json").read_text()
    entry = ('"SecurityGroupIngress": [\n          {\n            "IpProtocol": "tcp",\n            "FromPort": 3000,\n'
             '            "ToPort": 3999,\n            "CidrIp": "0.0.0.0/0"\n          }\n        ]')
    assert entry in before
    got = _fixed(tmp_path, RULES / "DOA703" / "bad-cfn.json", "template.json", "DOA703")
    assert got == before.replace(entry, '"SecurityGroupIngress": []', 1)


def test_doa703_removes_a_terraform_ingress_block_and_keeps_the_others(tmp_path):
    before = (FIXTURES / "example" / "bad" / "terraform" / "network.tf").read_text()
    block = ('\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n'
             '    cidr_blocks = ["0.0.0.0/0"]\n  }\n')
    assert block in before
    got = _fixed(tmp_path, FIXTURES / "example" / "bad" / "terraform" / "network.tf", "network.tf", "DOA703")
    assert got == before.replace(block, "\n", 1)


def test_doa905_narrows_a_json_policys_wide_resource_to_what_the_task_definitions_use(tmp_path):
    folder = RULES / "DOA905" / "bad-unused-grant"
    shutil.copytree(folder, tmp_path / "p")
    proc = run_cli("check", "--diff", "--unsafe-fixes", "--isolated", "--select", "DOA905", "p", cwd=tmp_path)
    # (this folder's finding is a grant no task definition uses: narrowing has nothing to narrow to)
    assert "narrow" not in proc.stdout
    seed = FIXTURES / "seed"
    shutil.copytree(seed, tmp_path / "seed")
    before = (seed / "execution-role-policy.json").read_text()
    proc = run_cli("check", "--fix", "--unsafe-fixes", "--isolated", "--select", "DOA905", "seed", cwd=tmp_path)
    after = (tmp_path / "seed" / "execution-role-policy.json").read_text()
    # the secrets statement is narrowed to the two secrets the task definition reads; the ECR statement,
    # whose "*" also serves ecr:GetAuthorizationToken (which takes nothing else), is left as it is
    assert '"arn:aws:secretsmanager:*:*:secret:*"' in before and "secret:*" not in after
    for arn in ("arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:products-db-password-abc123",
                "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:redis-password-xyz789"):
        assert f'"{arn}"' in after
    assert after.count('"Resource": "*"') == before.count('"Resource": "*"') == 1
    import difflib

    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines()).get_opcodes()
    assert all(tag in ("equal", "replace", "insert") for tag, *_ in ops)
    out = run_cli("check", "--isolated", "--select", "DOA905", "seed", cwd=tmp_path).stdout
    assert "does not grant it" not in out  # (no grant the task definition needs was taken away)
    assert "secretsmanager" not in out


def test_a_round_that_makes_a_finding_in_a_file_it_did_not_edit_is_taken_back(tmp_path, monkeypatch):
    """The loop's own check, with a stand-in linter: a.json's fix ("x": 1 -> 2) removes its finding but
    makes one in b.json (which reads a.json): a.json goes back to its text, and nothing is written."""
    from doalint.engine.findings import Finding, Report
    from doalint.fixes import Fix, Set, TextEdit
    from doalint.fixes.apply import fix_files
    from doalint.loaders import read_regular

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.json").write_text('{"x": 1}\n')
    (tmp_path / "b.json").write_text('{"y": 1}\n')

    def lint():
        a = read_regular("a.json").decode()
        report = Report()
        if '"x": 1' in a:
            fix = Fix("set x to 2", [Set(("x",), 2)], edits=[TextEdit("a.json", 1, 7, 1, 8, "2")])
            report.findings.append(Finding("DOA999", "x", "error", "a.json", 1, 7, 1, 8, "x is 1", ("x",), fix=fix))
        else:
            report.findings.append(Finding("DOA998", "y", "error", "b.json", 1, 7, 1, 8, "y disagrees", ("y",)))
        return report

    outcome = fix_files(lint)
    assert outcome.changed == {} and outcome.fixed == 0
    assert [f.rule for f in outcome.report.findings] == ["DOA999"]
    assert outcome.report.findings[0].fix is None  # (tried and taken back: not offered again)


@pytest.mark.parametrize("extra, offered", [
    ({}, True),
    ({"IpRanges": [{"CidrIp": "0.0.0.0/0"}, {"CidrIp": "10.0.0.0/8"}]}, False),
    ({"UserIdGroupPairs": [{"GroupId": "sg-0a1b2c3d4e5f60718"}]}, False),
    ({"PrefixListIds": [{"PrefixListId": "pl-0a1b2c3d"}]}, False),
    ({"Ipv6Ranges": [{"CidrIpv6": "::/0"}]}, True),
])
def test_doa703_offers_the_removal_only_for_a_rule_whose_every_source_is_the_internet(linter, extra, offered):
    """Removing a rule that also admits a private range, another group or a prefix list would take
    those away too: no fix is offered then."""
    perm = {"IpProtocol": "tcp", "FromPort": 3003, "ToPort": 3003, "IpRanges": [{"CidrIp": "0.0.0.0/0"}],
            "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}
    perm.update(extra)
    doc = {"SecurityGroups": [{"GroupId": "sg-0c1d2e3f4a5b6c7d8", "GroupName": "doa-market-ecs-tasks-sg",
                               "Description": "ECS tasks", "VpcId": "vpc-0abc123", "IpPermissions": [perm]}]}
    report = linter.lint_buffer(json.dumps(doc, indent=2).encode(), "sg.json")
    found = [f for f in report.findings if f.rule == "DOA703"]
    assert found and all((f.fix is not None) == offered for f in found)
    if offered:
        assert {f.fix.description for f in found} == {"remove the rule admitting tcp port 3003 from anywhere"}
        assert all(not f.fix.safe for f in found)
