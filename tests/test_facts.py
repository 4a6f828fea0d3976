"""rules/aws-facts.yaml: the rules read AWS's defaults from it, not from constants of their own."""

from __future__ import annotations

import json

from doalint.facts import aws_facts


def _with_defaults(linter, **changes):
    from doalint.engine.runner import Linter

    facts = aws_facts()
    defaults = facts.defaults.model_copy(update=changes)
    other = Linter(linter.profile)
    other._facts = facts.model_copy(update={"defaults": defaults})
    return other


def test_an_omitted_value_is_judged_by_the_facts_default(linter, tmp_path):
    service = {"serviceName": "product-service", "cluster": "doa-market-cluster", "taskDefinition": "product-service",
               "desiredCount": 3, "launchType": "FARGATE", "propagateTags": "SERVICE", "enableECSManagedTags": True,
               "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-a", "subnet-b"],
                                                                "securityGroups": ["sg-1"]}}}
    path = tmp_path / "service.json"
    path.write_text(json.dumps(service))
    rules = lambda report: sorted({f.rule for f in report.findings} & {"DOA205"})  # noqa: E731
    assert rules(linter.lint_paths([str(path)])) == []  # assignPublicIp omitted: AWS uses DISABLED
    ecs = aws_facts().defaults.ecs_service.model_copy(update={"assignPublicIp": "ENABLED"})
    assert rules(_with_defaults(linter, ecs_service=ecs).lint_paths([str(path)])) == ["DOA205"]


def test_the_defaults_name_their_sources():
    from doalint.resources import rules_dir

    text = (rules_dir() / "aws-facts.yaml").read_text(encoding="utf-8")
    section = text[text.index("\ndefaults:"):]
    assert "API reference" in section and "user guide" in section
