"""The standard's own examples get exactly what RULES.md implies, at the right lines."""

from __future__ import annotations

from conftest import FIXTURES, rule_lines

SEED = FIXTURES / "seed"


def test_seed_task_definition(linter):
    # RULES.md DOA117: the seed pins its image to the mutable tag `latest` (line 12);
    # everything else in it is the standard itself.
    report = linter.lint_paths([str(SEED / "product-service.task-definition.json")])
    assert rule_lines(report) == ["DOA117@12"]
    [f] = report.findings
    assert f.severity == "warning" and "latest" in f.message


def test_seed_service_definition(linter):
    report = linter.lint_paths([str(SEED / "product-service.service.json")])
    assert rule_lines(report) == []


def test_seed_rolling_deployment_configuration(linter):
    report = linter.lint_paths([str(SEED / "rolling-deployment-configuration.json")])
    assert rule_lines(report) == []
    assert report.documents == 1


def test_example_project_is_clean_outside_bad(linter):
    report = linter.lint_paths([str(FIXTURES / "example")])
    assert report.findings
    assert all("/bad/" in f.file for f in report.findings), [f for f in report.findings if "/bad/" not in f.file]
    assert report.documents >= 9


# The standard's other examples (issue: every other document kind). Where the example disagrees
# with the standard's own tables or with the AWS API, the example is flagged.
SEED_EXPECTATIONS = {
    "product-service.scaling-policy-cpu.json": ("autoscaling-scaling-policy", []),
    "product-service.scaling-policy-memory.json": ("autoscaling-scaling-policy", []),
    # the table says product-service's target RPS is 1500; the example targets 1000
    "product-service.scaling-policy-requests.json": ("autoscaling-scaling-policy", ["DOA303@8"]),
    "appspec.yml": ("codedeploy-appspec", []),
    "product-service.deployment-linear.json": ("codedeploy-deployment-settings", []),
    "deployment-config-canary.json": ("codedeploy-deployment-config", []),
    "product-service.cloud-map-service.json": ("cloudmap-service", []),
    "listener-rules.json": ("elbv2-listener-rules", []),
    # no Name (required by CreateTargetGroup) and DeregistrationDelay is an attribute, not a parameter
    "product-service.target-group.json": ("elbv2-target-group", ["DOA002@1", "DOA002@12"]),
    # ECR pull actions on "*" accept repository ARNs; secretsmanager:GetSecretValue on secret:*
    "execution-role-policy.json": ("iam-policy", ["DOA603@12", "DOA604@31"]),
    "product-service.task-role-policy.json": ("iam-policy", []),
    "product-service.cpu-alarm.json": ("cloudwatch-alarm", []),
}


def test_every_seed_example_is_recognised_and_gets_what_rules_md_implies(linter):
    import pytest

    from doalint.kinds import detect
    from doalint.loaders import parse_text

    for name, (kind, expected) in SEED_EXPECTATIONS.items():
        path = SEED / name
        [unit] = parse_text(path.read_text(encoding="utf-8"), name)
        assert [f.kind for f in detect(unit.value)] == [kind], name
        report = linter.lint_paths([str(path)])
        assert rule_lines(report) == expected, (name, [f.message for f in report.findings])
        if not expected:
            continue
        if name.endswith("requests.json"):
            assert "1500" in report.findings[0].message
        if name.endswith("target-group.json"):
            assert "deregistration_delay.timeout_seconds" in report.findings[1].message
    assert sorted(SEED_EXPECTATIONS) == sorted(
        p.name for p in SEED.iterdir()
        if p.suffix in (".json", ".yml", ".yaml") and p.name not in (
            "product-service.task-definition.json", "product-service.service.json",
            "rolling-deployment-configuration.json")
    ), "every JSON/YAML seed example has an expectation"
    del pytest


def test_models_keep_every_value_of_clean_documents(linter):
    """build() drops only values of the wrong type; a clean base or seed document loses nothing
    (a model field typed wrongly, e.g. named like its own class, would drop valid data silently)."""
    from doalint.kinds import KINDS, detect
    from doalint.loaders import parse_text
    from doalint.models import build

    files = sorted((FIXTURES / "rules" / "_base").glob("*.json")) + sorted(
        p for p in SEED.iterdir() if p.suffix in (".json", ".yml"))
    checked = 0
    for path in files:
        for unit in parse_text(path.read_text(encoding="utf-8"), path.name):
            for found in detect(unit.value):
                if path.name == "product-service.target-group.json":
                    continue  # the seed's DeregistrationDelay is a key the API does not have (DOA002)
                model, dropped = build(KINDS[found.kind].model(), found.data)
                assert model is not None and dropped == [], (path.name, dropped)
                checked += 1
    assert checked >= 20


def test_iam_acceptance_cases_work_offline(linter, monkeypatch):
    import json
    import socket

    def no_network(*a, **k):
        raise AssertionError("doalint tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)

    def check(action, resource):
        doc = {"Version": "2012-10-17",
               "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}]}
        return linter.lint_text(json.dumps(doc), "policy.json").findings

    typo = check("ecs:DescribeTaskz", "*")
    assert [f.rule for f in typo if f.rule == "DOA607"] == ["DOA607"]
    assert "ecs:DescribeTasks" in next(f.message for f in typo if f.rule == "DOA607")
    assert "DOA605" in {f.rule for f in check("iam:PassRole", "*")}
    assert check("ecr:GetAuthorizationToken", "*") == []
    batch = check("ecr:BatchGetImage", "*")
    assert [f.rule for f in batch] == ["DOA603"]
    assert "repository" in batch[0].message


def test_example_bad_folder_shows_every_rule_range(linter):
    report = linter.lint_paths([str(FIXTURES / "example" / "bad")])
    ranges = {f.rule[:4] for f in report.findings}
    assert {"DOA0", "DOA1", "DOA2", "DOA3", "DOA4", "DOA5", "DOA6", "DOA8"} <= ranges
    kinds = {f.kind for f in linter.lint_paths([str(FIXTURES / "example")]).findings} | {
        f.kind for f in report.findings}
    assert {"autoscaling-scaling-policy", "codedeploy-deployment-group", "elbv2-target-group", "iam-policy",
            "cloudwatch-alarm"} <= kinds


def test_seed_terraform_security_groups_and_cluster_are_clean(linter):
    report = linter.lint_paths([str(SEED / "security-groups.tf")])
    assert rule_lines(report) == [] and report.documents == 2
    report = linter.lint_paths([str(SEED / "cluster.tf")])
    assert rule_lines(report) == [] and report.documents == 1


def test_terraform_rendition_gets_the_same_findings_as_the_json_one(linter):
    """fixtures/seed-terraform is the standard's example as a Terraform module."""
    import re
    from collections import Counter

    def findings(folder):
        report = linter.lint_paths([str(folder)])
        assert not report.internal_errors
        return report.findings

    json_side = [f for f in findings(SEED) if f.rule != "DOA002"]  # the JSON target group's shape errors
    tf_side = findings(FIXTURES / "seed-terraform")
    strip = re.compile(r"^aws_[a-z0-9_]+\.[a-z0-9_]+: ")
    assert Counter((f.rule, strip.sub("", f.message)) for f in tf_side) == Counter(
        (f.rule, f.message) for f in json_side)
    # at the attribute's line (never the resource block's first line), named by the address
    for f in tf_side:
        line = (FIXTURES / "seed-terraform" / f.file.rsplit("/", 1)[-1]).read_text().splitlines()[f.line - 1]
        assert not line.startswith(("resource", "data")), (f.rule, line)
        assert strip.match(f.message)


def test_cloudformation_rendition_gets_the_same_findings_as_the_json_one(linter):
    """fixtures/seed-cloudformation: the standard's example as a template, in YAML and in JSON."""
    import re
    from collections import Counter

    json_side = [f for f in linter.lint_paths([str(SEED)]).findings if f.rule != "DOA002"]
    strip = re.compile(r"^Resources/[A-Za-z0-9]+: ")
    want = Counter((f.rule, f.message) for f in json_side)
    for name in ("template.yaml", "template.json"):
        path = FIXTURES / "seed-cloudformation" / name
        report = linter.lint_paths([str(path)])
        assert not report.internal_errors
        assert Counter((f.rule, strip.sub("", f.message)) for f in report.findings) == want, name
        lines = path.read_text().splitlines()
        for f in report.findings:
            assert strip.match(f.message), f.message  # named by logical ID
            assert f.line > 1 and "Type:" not in lines[f.line - 1] and '"Type"' not in lines[f.line - 1]
