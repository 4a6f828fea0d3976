"""Fragments: files that hold part of a document of a known kind (a bare target tracking
configuration, a list of container definitions, ecspresso's service definition without its name)
are recognised as that kind and checked for what they hold (doalint.document.Scope).

``fixtures/fragments/expect.yaml`` gives each fixture's kind and its exact RULE@LINE findings."""

from __future__ import annotations

import json

import pytest
import yaml

from conftest import FIXTURES, rule_lines

FRAGMENTS = FIXTURES / "fragments"
EXPECT = yaml.safe_load((FRAGMENTS / "expect.yaml").read_text())


def _value(path):
    text = path.read_text()
    return json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_fragment_exact_findings(linter, name):
    report = linter.lint_paths([str(FRAGMENTS / name)])
    assert not report.internal_errors
    assert not report.skipped
    assert rule_lines(report) == sorted(EXPECT[name]["findings"])


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_fragment_is_recognised_as_its_kind(name):
    from doalint.kinds import KINDS, detect

    path = FRAGMENTS / name
    (found,) = detect(_value(path), str(path))
    assert found.kind == EXPECT[name]["kind"]
    want = EXPECT[name].get("name")
    key = KINDS[found.kind].name_key
    if want:
        assert found.data[key] == want
        assert found.scope is None or found.scope.holds((key,))


def test_each_fragment_form_has_its_scope():
    from doalint.kinds import detect

    def scope(name):
        (found,) = detect(_value(FRAGMENTS / name))
        return found.scope

    assert scope("tracking-body-good.json").at == ("TargetTrackingScalingPolicyConfiguration",)
    assert scope("step-body.json").at == ("StepScalingPolicyConfiguration",)
    assert scope("policy-without-target.json").lacks == (("PolicyName",), ("ResourceId",), ("ScalableDimension",),
                                                          ("ServiceNamespace",))
    assert scope("containers-good.json").at == ("containerDefinitions",)
    assert scope("one-container.json").at == ("containerDefinitions", 0)
    # without the file's path no ecspresso config is looked for: the name stays unknown
    assert scope("ecspresso/ecs-service-def.json").lacks == (("serviceName",), ("cluster",), ("taskDefinition",))
    # whole documents are not fragments
    assert scope("appspec-with-files.yml") is None


def test_scope_holds_the_fragment_and_what_is_above_it():
    from doalint.document import Scope

    s = Scope("a list of container definitions", at=("containerDefinitions",))
    assert s.holds(())
    assert s.holds(("containerDefinitions",))
    assert s.holds(("containerDefinitions", 1, "image"))
    assert not s.holds(("networkMode",))
    assert not s.holds(("cpu",))
    one = Scope("one container definition", at=("containerDefinitions", 0))
    assert one.holds(("containerDefinitions",)) and one.holds(("containerDefinitions", 0, "image"))
    assert not one.holds(("containerDefinitions", 1))
    lacking = Scope("a service definition", lacks=(("serviceName",), ("cluster",)))
    assert lacking.holds(("desiredCount",)) and lacking.holds(())
    assert not lacking.holds(("serviceName",)) and not lacking.holds(("cluster",))


def test_fragment_paths_map_to_the_file_as_written():
    from doalint.document import Document, Scope
    from doalint.source import SourceMap

    doc = Document("f.json", "ecs-task-definition", {}, SourceMap(),
                   scope=Scope("one container definition", at=("containerDefinitions", 0)))
    assert doc.absolute(("containerDefinitions", 0, "image")) == ("image",)
    assert doc.absolute(("containerDefinitions",)) == ()
    body = Document("f.json", "autoscaling-scaling-policy", {}, SourceMap(), base=(2,),
                    scope=Scope("a body", at=("TargetTrackingScalingPolicyConfiguration",)))
    assert body.absolute(("TargetTrackingScalingPolicyConfiguration", "TargetValue")) == (2, "TargetValue")


def test_positions_point_into_the_file(linter):
    report = linter.lint_paths([str(FRAGMENTS / "tracking-body-bad.json")])
    (target,) = [f for f in report.findings if f.rule == "DOA301"]
    assert (target.line, target.col) == (3, 3)
    assert target.path == ("TargetValue",)


def test_a_name_from_ecspresso_is_said_where_it_comes_from(linter, tmp_path):
    (tmp_path / "ecspresso.yml").write_text("service: inventory-api\n")
    (tmp_path / "ecs-service-def.json").write_text('{"desiredCount": 2, "launchType": "FARGATE"}\n')
    report = linter.lint_paths([str(tmp_path / "ecs-service-def.json")])
    (note,) = [f for f in report.findings if f.rule == "DOA010"]
    assert "'inventory-api' is not a service" in note.message
    assert "comes from ecspresso.yml" in note.message
    assert not any(f.rule == "DOA002" for f in report.findings)  # serviceName is not demanded


@pytest.mark.parametrize("config", [
    'service: "{{ must_env `SERVICE` }}"\n',            # a template: no name
    "service: !!python/object/apply:os.getcwd []\n",   # not data: never constructed
    "service: [a, b]\n",                               # not a name
    "- service: x\n",                                  # not a config
    "service: 'unterminated\n",                        # not YAML
])
def test_an_ecspresso_config_without_a_usable_name_names_nothing(tmp_path, config):
    from doalint.kinds.ecs import ecspresso_service_name

    (tmp_path / "ecspresso.yml").write_text(config)
    (tmp_path / "ecs-service-def.json").write_text("{}")
    assert ecspresso_service_name(str(tmp_path / "ecs-service-def.json")) is None


def test_look_alikes_are_not_fragments():
    from doalint.kinds import detect

    # a Kubernetes container and a Docker Compose service
    assert detect({"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}], "env": []}) == []
    assert detect({"image": "nginx:1.27", "ports": ["80:80"], "environment": {"A": "1"}, "depends_on": ["db"]}) == []
    # EC2 Auto Scaling's target tracking configuration
    assert detect({"TargetValue": 50, "PredefinedMetricSpecification": {
        "PredefinedMetricType": "ASGAverageCPUUtilization"}}) == []
    # run-task input has none of CreateService's own members
    assert detect({"cluster": "c", "taskDefinition": "t:1", "launchType": "FARGATE", "count": 1}) == []
