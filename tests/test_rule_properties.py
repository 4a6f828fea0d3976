"""Property tests: break one checked field of a clean document, and the rule that owns the field
fires; put any value at all there, and nothing crashes.

Each case names a clean base document (fixtures/rules/_base), the path of a field one rule owns,
and a strategy of values the standard does not allow there (of the field's API type, so that the
document stays valid for DOA002 and only the owning rule has something to say).
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES

BASE = FIXTURES / "rules" / "_base"


def ints_except(*allowed, lo=0, hi=10_000):
    return st.integers(lo, hi).filter(lambda v: v not in allowed)


def texts_except(*allowed):
    return st.text(st.characters(min_codepoint=97, max_codepoint=122), min_size=1, max_size=12).filter(
        lambda v: v not in allowed)


CASES = [
    # (rule, base file, path, non-compliant values)
    ("DOA101", "task-definition.json", ("networkMode",), st.sampled_from(["bridge", "host", "none"])),
    ("DOA103", "task-definition.json", ("memory",), st.sampled_from(["2048", "3072", "4096"])),
    ("DOA107", "task-definition.json", ("containerDefinitions", 0, "portMappings", 0, "containerPort"),
     ints_except(3003, lo=1, hi=65535)),
    ("DOA112", "task-definition.json", ("containerDefinitions", 0, "healthCheck", "interval"),
     ints_except(30, lo=5, hi=300)),
    ("DOA113", "task-definition.json", ("containerDefinitions", 0, "ulimits", 0, "softLimit"),
     ints_except(65536, lo=1, hi=65535)),
    ("DOA114", "task-definition.json", ("containerDefinitions", 0, "stopTimeout"), ints_except(30, lo=0, hi=120)),
    ("DOA202", "service.json", ("deploymentConfiguration", "deploymentCircuitBreaker", "rollback"), st.just(False)),
    ("DOA203", "service.json", ("deploymentConfiguration", "maximumPercent"), ints_except(200, lo=100, hi=400)),
    ("DOA204", "service.json", ("desiredCount",), st.one_of(st.integers(0, 2), st.integers(16, 1000))),
    ("DOA208", "service.json", ("cluster",), texts_except("doa-market-cluster")),
    ("DOA301", "autoscaling-scaling-policy-cpu.json", ("TargetTrackingScalingPolicyConfiguration", "TargetValue"),
     st.floats(1, 100).filter(lambda v: v != 70)),
    ("DOA302", "autoscaling-scaling-policy-memory.json",
     ("TargetTrackingScalingPolicyConfiguration", "TargetValue"), st.floats(1, 100).filter(lambda v: v != 80)),
    ("DOA303", "autoscaling-scaling-policy-requests.json",
     ("TargetTrackingScalingPolicyConfiguration", "TargetValue"), st.floats(1, 100_000).filter(lambda v: v != 1500)),
    ("DOA304", "autoscaling-scaling-policy-cpu.json",
     ("TargetTrackingScalingPolicyConfiguration", "ScaleInCooldown"), ints_except(300, hi=3600)),
    ("DOA305", "autoscaling-scalable-target.json", ("ResourceId",),
     st.sampled_from(["service/other-cluster/product-service", "service/doa-market-cluster"])),
    ("DOA306", "autoscaling-scalable-target.json", ("MaxCapacity",), ints_except(15, lo=3, hi=100)),
    ("DOA401", "codedeploy-deployment-group.json", ("autoRollbackConfiguration", "events"),
     st.sampled_from([["DEPLOYMENT_FAILURE"], ["DEPLOYMENT_STOP_ON_ALARM"], []])),
    ("DOA402", "codedeploy-deployment-group.json", ("alarmConfiguration", "ignorePollAlarmFailure"), st.just(True)),
    ("DOA403", "codedeploy-deployment-group.json",
     ("blueGreenDeploymentConfiguration", "terminateBlueInstancesOnDeploymentSuccess", "terminationWaitTimeInMinutes"),
     ints_except(5, hi=2880)),
    ("DOA404", "codedeploy-deployment-config.json", ("trafficRoutingConfig", "timeBasedLinear", "linearPercentage"),
     ints_except(10, lo=1, hi=99)),
    ("DOA405", "codedeploy-appspec.json",
     ("Resources", 0, "TargetService", "Properties", "LoadBalancerInfo", "ContainerPort"),
     ints_except(3003, lo=1, hi=65535)),
    ("DOA501", "cloudmap-service.json", ("DnsConfig", "DnsRecords", 0, "TTL"), ints_except(60, hi=86400)),
    ("DOA502", "elbv2-target-group.json", ("HealthCheckIntervalSeconds",), ints_except(30, lo=5, hi=300)),
    ("DOA503", "elbv2-listener-rules.json", ("Rules", 1, "Priority"), st.just(1)),
    ("DOA601", "iam-policy-execution-role.json", ("Version",), st.just("2008-10-17")),
    ("DOA602", "iam-policy-task-role.json", ("Statement", 0, "Action"),
     st.sampled_from(["*", "s3:*", "dynamodb:*", ["ecr:*"]])),
    ("DOA604", "iam-policy-execution-role.json", ("Statement", 3, "Resource", 1),
     st.sampled_from(["*", "arn:aws:secretsmanager:*:*:secret:*"])),
    ("DOA802", "cloudwatch-alarm.json", ("Threshold",), st.floats(1, 100).filter(lambda v: v != 80)),
]


def _set(doc, path, value):
    cur = doc
    for elem in path[:-1]:
        cur = cur[elem]
    cur[path[-1]] = value


def _load(name):
    return json.loads((BASE / name).read_text())


@pytest.mark.parametrize("rule,base,path,values", CASES, ids=[c[0] for c in CASES])
def test_breaking_the_owned_field_fires_the_rule(linter, rule, base, path, values):
    doc = _load(base)
    assert linter.lint_text(json.dumps(doc, indent=2), base).findings == [], "the base must be clean"

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(values)
    def run(value):
        broken = copy.deepcopy(doc)
        _set(broken, path, value)
        report = linter.lint_text(json.dumps(broken, indent=2), base)
        assert not report.internal_errors
        assert rule in {f.rule for f in report.findings}, (value, [f.message for f in report.findings])

    run()


ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=6), c, max_size=3),
    max_leaves=8,
)


@pytest.mark.parametrize("rule,base,path,values", CASES, ids=[c[0] for c in CASES])
def test_any_value_in_the_owned_field_never_crashes(linter, rule, base, path, values):
    doc = _load(base)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(ANY_JSON)
    def run(value):
        broken = copy.deepcopy(doc)
        _set(broken, path, value)
        report = linter.lint_text(json.dumps(broken), base)
        assert not report.internal_errors, report.internal_errors

    run()


def test_every_new_rule_range_has_a_property_case():
    covered = {c[0][:4] for c in CASES}
    assert {"DOA1", "DOA2", "DOA3", "DOA4", "DOA5", "DOA6", "DOA8"} <= covered
