"""DOA001-DOA004 and DOA010: input problems are findings with positions, never crashes."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, rule_lines, run_cli

BASE = json.loads((FIXTURES / "rules" / "_base" / "task-definition.json").read_text())
BASE_SVC = json.loads((FIXTURES / "rules" / "_base" / "service.json").read_text())


def lint(linter, doc, name="doc.json"):
    text = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
    return linter.lint_text(text, name)


@pytest.mark.parametrize(
    "text,name,line,col",
    [
        ('{\n  "family": "product-service",\n  "cpu": "512",\n}\n', "td.json", 4, 1),
        ("family: product-service\ncontainerDefinitions:\n  - name: x\n   image: y\n", "td.yaml", 4, 4),
        ("\x00\x01binary", "td.json", 1, 1),
    ],
)
def test_doa001_at_the_fault(linter, text, name, line, col):
    report = linter.lint_text(text, name)
    [f] = report.findings
    assert (f.rule, f.line, f.col) == ("DOA001", line, col)


def test_doa001_through_the_cli_without_traceback(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text('{"family": "product-service",, }')
    code, out, err = run_cli("check", str(bad))
    assert code == 1
    assert ":1:30: DOA001 [error]" in out
    assert "Traceback" not in out + err


def test_non_utf8_file(tmp_path):
    bad = tmp_path / "latin1.json"
    bad.write_bytes(b'{\n "family": "caf\xe9"\n}')
    code, out, _ = run_cli("check", str(bad))
    assert code == 1 and ":2:16: DOA001" in out and "not UTF-8" in out


def test_utf8_bom_and_crlf_are_fine(tmp_path):
    text = json.dumps(BASE, indent=2).replace("\n", "\r\n")
    p = tmp_path / "td.json"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode())
    code, out, _ = run_cli("check", str(p))
    assert code == 0, out


def test_doa002_unknown_key_with_suggestion(linter):
    doc = json.loads(json.dumps(BASE))
    doc["containerDefinitions"][0]["healthcheck"] = doc["containerDefinitions"][0].pop("healthCheck")
    report = lint(linter, doc)
    msgs = [f.message for f in report.findings if f.rule == "DOA002"]
    assert msgs == ["containerDefinitions[0].healthcheck: unknown key (ContainerDefinition has no such member); "
                    "did you mean 'healthCheck'?"]
    # the health check the author meant is missing as far as AWS is concerned
    assert "DOA112" in {f.rule for f in report.findings}


def test_doa002_wrong_type_is_reported_once(linter):
    doc = json.loads(json.dumps(BASE))
    doc["containerDefinitions"][0]["essential"] = "true"
    doc["containerDefinitions"][0]["portMappings"] = {"containerPort": 3003}
    report = lint(linter, doc)
    assert sorted(f.rule for f in report.findings) == ["DOA002", "DOA002"]
    paths = sorted(f.message.split(":")[0] for f in report.findings)
    assert paths == ["containerDefinitions[0].essential", "containerDefinitions[0].portMappings"]


def test_doa002_enum_and_required(linter):
    doc = {k: v for k, v in BASE.items() if k != "family"}
    doc["networkMode"] = "awsvpcc"
    report = linter.lint_text(json.dumps(doc, indent=2), "td.json")
    msgs = sorted(f.message for f in report.findings if f.rule == "DOA002")
    assert any("networkMode: 'awsvpcc' is not one of" in m and "did you mean 'awsvpc'" in m for m in msgs)
    assert "family: required key is missing" in msgs


def test_doa002_describe_output_shapes(linter):
    described = {
        "taskDefinition": {
            **BASE,
            "taskDefinitionArn": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12",
            "revision": 12,
            "status": "ACTIVE",
            "compatibilities": ["EC2", "FARGATE"],
            "registeredAt": "2025-12-03T10:00:00+09:00",
        },
        "tags": BASE["tags"],
    }
    del described["taskDefinition"]["tags"]
    assert lint(linter, described).findings == []
    svc = {"services": [{**BASE_SVC, "serviceArn": "arn:aws:ecs:ap-northeast-2:123456789012:service/x",
                         "status": "ACTIVE", "runningCount": 3, "pendingCount": 0}], "failures": []}
    assert lint(linter, svc).findings == []
    svc["services"][0]["runningCount"] = "three"
    [f] = lint(linter, svc).findings
    assert f.rule == "DOA002" and "services" not in f.message and "runningCount" in f.message


def test_doa003_template_placeholders(linter):
    doc = json.loads(json.dumps(BASE))
    doc["containerDefinitions"][0]["image"] = "${ECR_REPO}:${IMAGE_TAG}"
    doc["containerDefinitions"][0]["portMappings"][0]["containerPort"] = "{{ .Port }}"
    report = lint(linter, doc)
    assert sorted(f.rule for f in report.findings) == ["DOA003", "DOA003"]
    assert all(f.severity == "warning" for f in report.findings)


def test_doa004_duplicate_key(linter):
    text = json.dumps(BASE, indent=2).replace('"cpu": "512",', '"cpu": "512",\n  "cpu": "256",')
    report = linter.lint_text(text, "td.json")
    dup = [f for f in report.findings if f.rule == "DOA004"]
    first = text.splitlines().index('  "cpu": "512",') + 1
    assert [(f.line, f.related[0].line) for f in dup] == [(first + 1, first)]


def test_doa010_unknown_service_gets_only_catalog_free_rules(linter):
    doc = json.loads(json.dumps(BASE))
    doc["family"] = "prodcut-service"
    doc["containerDefinitions"][0]["name"] = "prodcut-service"
    doc["cpu"] = "4096"  # not the catalog tier, but the catalog is not consulted
    doc["containerDefinitions"][0]["image"] += "x:latest"  # catalog-free DOA117 still runs
    report = lint(linter, doc)
    rules = sorted(f.rule for f in report.findings)
    assert "DOA010" in rules and "DOA103" not in rules and "DOA117" in rules
    [note] = [f for f in report.findings if f.rule == "DOA010"]
    assert (note.severity, note.line, note.col) == ("note", 2, 3)
    # the note names the profile whose catalog lacks the service and says what was still checked
    assert note.message == ("'prodcut-service' is not a service in the profile's catalog (doa-market); "
                            "only the catalog-free rules were checked")


def test_unrecognised_documents_are_skipped_quietly(linter):
    report = linter.lint_text('{"name": "x", "version": "1.0.0"}', "package.json")
    assert report.findings == [] and report.documents == 0 and len(report.skipped) == 1


def test_several_yaml_documents_in_one_file(linter):
    text = "---\n" + json.dumps(BASE) + "\n---\n" + json.dumps({**BASE_SVC, "desiredCount": 1}) + "\n"
    report = linter.lint_text(text, "all.yaml")
    assert rule_lines(report) == ["DOA204@4"]


# --- DOA002 on Terraform and CloudFormation, describe output and hints ------------------------------

def _doa002(report) -> list[tuple[int, int, str]]:
    """(line, column, message) of each DOA002 finding of ``report``."""
    assert not report.internal_errors
    return sorted((f.line, f.col, f.message) for f in report.findings if f.rule == "DOA002")


_TF_TASK = """\
resource "aws_ecs_task_definition" "product" {
  family = "product-service"
  container_definitions = jsonencode([
    {
      name        = "product-service"
      image       = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2"
      healthcheck = { command = ["CMD-SHELL", "exit 0"] }
      stopTimeout = "30"
    }
  ])
}
"""


def test_doa002_terraform_container_definitions_are_in_the_api_shape(linter):
    """A Terraform task definition's container_definitions JSON goes to the API as written: an
    unknown key and a value of the wrong type in it are DOA002 findings, each with its message."""
    report = linter.lint_buffer(_TF_TASK.encode(), "main.tf")
    assert _doa002(report) == [
        (7, 7, "aws_ecs_task_definition.product: containerDefinitions[0].healthcheck: unknown key "
               "(ContainerDefinition has no such member); did you mean 'healthCheck'?"),
        (8, 7, "aws_ecs_task_definition.product: containerDefinitions[0].stopTimeout: expected an integer, "
               "found the string '30'"),
    ]


_CFN_TASK = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ProductTaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: product-service
      Cpu: 512
      Volumes: scratch
      ContainerDefinitions:
        - Name: product-service
          Image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
          StopTimeout: [30]
          Essential: "true"
"""


def test_doa002_cloudformation_values_of_the_wrong_type(linter):
    """CloudFormation passes a resource's properties to the API: a property of the wrong type fails the
    stack (Volumes given a string), while what CloudFormation converts itself (Cpu: 512, Essential:
    "true") is fine. A container definition's wrong value is reported once, not again as a property."""
    report = linter.lint_buffer(_CFN_TASK.encode(), "stack.yaml")
    assert _doa002(report) == [
        (8, 7, "Resources/ProductTaskDefinition: volumes: expected a list, found the string 'scratch'"),
        (12, 11, "Resources/ProductTaskDefinition: containerDefinitions[0].stopTimeout: expected an integer, "
                 "found a list"),
    ]


def test_doa002_describe_output_with_tags_beside_it(linter):
    """describe-task-definition output keeps the tags beside the taskDefinition object: the task
    definition inside is still checked against the API's output shape."""
    task = json.loads(json.dumps(BASE))
    tags = task.pop("tags")
    task["taskDefinitionArn"] = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12"
    task["revision"] = "twelve"
    text = json.dumps({"taskDefinition": task, "tags": tags}, indent=2)
    line = text.splitlines().index('    "revision": "twelve"') + 1
    assert _doa002(linter.lint_text(text, "described.json")) == [
        (line, 5, "revision: expected an integer, found the string 'twelve'")]


def test_doa002_output_only_key_in_a_request(linter):
    """A key only describe output carries (registeredBy) is unknown to RegisterTaskDefinition: a
    request document holding it is reported."""
    task = json.loads(json.dumps(BASE))
    task["registeredBy"] = "arn:aws:iam::123456789012:user/ci"
    text = json.dumps(task, indent=2)
    line = text.splitlines().index('  "registeredBy": "arn:aws:iam::123456789012:user/ci"') + 1
    assert _doa002(linter.lint_text(text, "td.json")) == [
        (line, 3, "registeredBy: unknown key (RegisterTaskDefinitionRequest has no such member)")]


def test_doa002_describe_output_demands_no_required_member(linter):
    """describe-services output is what AWS returned, not a request: a member a request would require
    (deploymentController.type) is not demanded there."""
    svc = {"services": [{**BASE_SVC, "serviceArn": "arn:aws:ecs:ap-northeast-2:123456789012:service/x",
                         "status": "ACTIVE", "deploymentController": {}}], "failures": []}
    assert _doa002(lint(linter, svc, "services.json")) == []
    # the same member in a CreateService request is required
    text = json.dumps({**BASE_SVC, "deploymentController": {}}, indent=2)
    [line] = [n for n, s in enumerate(text.splitlines(), 1) if s.startswith('  "deploymentController": {}')]
    assert _doa002(linter.lint_text(text, "service.json")) == [
        (line, 3, "deploymentController.type: required key is missing")]


def test_doa002_kind_hint_replaces_the_spelling_guess(linter):
    """An unknown key that a kind knows as another API's (EC2 Auto Scaling's TargetTrackingConfiguration)
    gets that kind's hint rather than a "did you mean" guess."""
    policy = json.loads((FIXTURES / "rules" / "_base" / "autoscaling-scaling-policy-cpu.json").read_text())
    policy["TargetTrackingConfiguration"] = policy.pop("TargetTrackingScalingPolicyConfiguration")
    text = json.dumps(policy, indent=2)
    line = text.splitlines().index('  "TargetTrackingConfiguration": {') + 1
    assert _doa002(linter.lint_text(text, "policy.json")) == [
        (line, 3, "TargetTrackingConfiguration: unknown key (PutScalingPolicyRequest has no such member); "
                  "that is EC2 Auto Scaling's key; Application Auto Scaling (ECS services) takes "
                  "TargetTrackingScalingPolicyConfiguration")]
