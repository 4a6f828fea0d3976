"""DOA960 outside the moto tests: suppressions in the compared files, scope, and value comparison."""

from __future__ import annotations

import json

import yaml

from conftest import FIXTURES

from doalint.checks.drift.doa960_drift import _diffs

SET = FIXTURES / "rules" / "DOA960" / "bad-changed-value"


def _live():
    from doalint.live.collect import Live, LiveDoc

    value = json.loads((SET / "deployed" / "alarm-high-cpu.json").read_text())
    arn = value["MetricAlarms"][0]["AlarmArn"]
    return Live("ap-northeast-2", "doa-market-cluster", "123456789012", [LiveDoc(arn, "cloudwatch-alarm", value)])


def _declared_yaml(tmp_path, comment: str = "") -> None:
    text = yaml.safe_dump(json.loads((SET / "declared" / "alarm-high-cpu.json").read_text()), sort_keys=False)
    if comment:
        text = text.replace("AlarmActions:", f"# doalint: ignore[DOA960] {comment}\nAlarmActions:")
    (tmp_path / "alarm-high-cpu.yaml").write_text(text)


def test_a_comment_in_the_compared_file_waives_its_drift(linter, tmp_path):
    from doalint.live.drift import scan_and_compare

    _declared_yaml(tmp_path)
    report = scan_and_compare(linter, _live(), [str(tmp_path)])
    assert [f.rule for f in report.active] == ["DOA960"]
    _declared_yaml(tmp_path, "alerts are muted during the migration, until 2026-12-15")
    report = scan_and_compare(linter, _live(), [str(tmp_path)])
    assert report.active == [] and [f.rule for f in report.findings] == ["DOA960"]
    assert report.findings[0].suppression.justification.startswith("alerts are muted")


def test_values_are_compared_by_meaning_not_by_form():
    declared = {"cpu": "512", "Threshold": 80, "enabled": True, "tags": [{"key": "a", "value": "1"}, {"key": "b", "value": "2"}],
                "taskDefinition": "product-service", "subnets": ["s-1", "s-2"]}
    deployed = {"cpu": "512", "Threshold": 80.0, "enabled": "true", "tags": [{"key": "b", "value": "2"}, {"key": "a", "value": "1"}],
                "taskDefinition": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:7",
                "subnets": ["s-2", "s-1"], "status": "ACTIVE"}
    assert list(_diffs(declared, deployed, (), {})) == []
    deployed["tags"][0]["value"] = "3"
    deployed["taskDefinition"] = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/other:7"
    assert [p for p, _, _ in _diffs(declared, deployed, (), {})] == [("tags", 1, "value"), ("taskDefinition",)]


def test_a_command_is_ordered_a_list_of_subnets_is_not():
    assert not list(_diffs({"subnets": ["a", "b"]}, {"subnets": ["b", "a"]}, (), {}))
    assert list(_diffs({"command": ["CMD-SHELL", "x"]}, {"command": ["x", "CMD-SHELL"]}, (), {}))


def test_a_revision_is_judged_when_both_sides_say_it():
    d = {"taskDefinition": "product-service:12"}
    assert list(_diffs(d, {"taskDefinition": "arn:aws:ecs:r:1:task-definition/product-service:12"}, (), {})) == []
    assert list(_diffs(d, {"taskDefinition": "arn:aws:ecs:r:1:task-definition/product-service:13"}, (), {}))


def test_a_renamed_key_of_the_output_is_compared():
    assert list(_diffs({"Name": "a"}, {"TargetGroupName": "b"}, (), {"Name": "TargetGroupName"}))


def test_declared_services_of_another_cluster_are_out_of_scope(linter, tmp_path):
    from doalint.live.collect import Live
    from doalint.live.drift import scan_and_compare

    folder = FIXTURES / "example" / "services" / "product-service"
    service = json.loads((folder / "service.json").read_text())
    service["cluster"] = "another-cluster"
    (tmp_path / "service.json").write_text(json.dumps(service))
    for name in ("alarm-high-cpu.json", "target-group.json", "task-definition.json"):  # that service's, too
        (tmp_path / name).write_text((folder / name).read_text())
    live = Live("ap-northeast-2", "doa-market-cluster", "123456789012")
    report = scan_and_compare(linter, live, [str(tmp_path)])
    assert [f for f in report.findings if f.rule == "DOA960"] == []
    for name in ("alarm-high-cpu.json", "target-group.json", "task-definition.json"):
        (tmp_path / name).unlink()
    service["cluster"] = "doa-market-cluster"
    (tmp_path / "service.json").write_text(json.dumps(service))
    report = scan_and_compare(linter, live, [str(tmp_path)])
    assert [f.rule for f in report.findings if f.rule == "DOA960"] == ["DOA960"]  # declared, not deployed
