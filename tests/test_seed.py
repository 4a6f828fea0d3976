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
