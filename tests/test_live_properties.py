"""The live scan's input is whatever an API answers: arbitrary values of every kind never make the
scan or the drift comparison raise, and the output is deterministic."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doalint.kinds import KINDS
from doalint.live.collect import Live, LiveDoc

_scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
                     st.text(max_size=12), st.sampled_from(["arn:aws:ecs:r:1:service/c/s", "LATEST", "*", ""]))
_keys = st.sampled_from(["serviceName", "family", "containerDefinitions", "AlarmName", "Threshold", "Dimensions",
                         "deploymentConfiguration", "taskDefinition", "Statement", "Name", "PolicyDocument",
                         "IpPermissions", "Rules", "x", "cluster", "ResourceId"])
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_keys, inner, max_size=5)), max_leaves=25)
_wrappers = st.sampled_from(["services", "MetricAlarms", "ScalingPolicies", "ScalableTargets", "TargetGroups",
                             "SecurityGroups", "clusters", None])


def _value(wrapper, inner):
    return {wrapper: [inner]} if wrapper else inner


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(docs=st.lists(st.tuples(st.sampled_from(sorted(KINDS)), _wrappers, _values), max_size=4))
def test_arbitrary_answers_never_raise(linter, docs):
    from doalint.live.scan import scan
    from doalint.reporters import RenderOptions, get

    def run():
        live = Live("ap-northeast-2", "c", "123456789012",
                    [LiveDoc(f"arn:aws:x:r:1:thing/{i}", kind, _value(w, v)) for i, (kind, w, v) in enumerate(docs)])
        report = scan(linter, live)
        assert not report.internal_errors
        options = RenderOptions(catalog=linter.catalog, profile=linter.profile)
        return tuple(get(name).render(report, options) for name in ("text", "json", "sarif"))

    assert run() == run()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declared=_values, deployed=_values)
def test_arbitrary_drift_never_raises(declared, deployed):
    from doalint.checks.drift.doa960_drift import _diffs

    first = list(_diffs(declared, deployed, (), {}))
    assert first == list(_diffs(declared, deployed, (), {}))
    if isinstance(declared, dict):
        assert not list(_diffs(declared, declared, (), {}))  # a document never drifts from itself


class _RandomApi:
    """An Api whose every answer is drawn by hypothesis: any shape, any type, missing keys."""

    region = "ap-northeast-2"

    def __init__(self, draw):
        self.draw = draw
        self.calls = 0

    def call(self, service, operation, **params):
        self.calls += 1
        value = dict(self.draw(_answers))
        if operation == "describe_clusters":  # get past the cluster most of the time
            value.setdefault("clusters", [{"clusterName": "c", "clusterArn": "arn:aws:ecs:r:1:cluster/c"}])
        return value

    def pages(self, service, operation, **params):
        self.calls += 1
        return self.draw(st.lists(st.one_of(_items, _arns, _answers), max_size=3))


_answer_keys = st.sampled_from([
    "clusters", "clusterArn", "clusterName", "status", "services", "serviceName", "serviceArn", "taskDefinition",
    "loadBalancers", "targetGroupArn", "serviceRegistries", "registryArn", "networkConfiguration",
    "awsvpcConfiguration", "securityGroups", "deploymentConfiguration", "alarms", "alarmNames", "failures",
    "tags", "taskRoleArn", "executionRoleArn", "applicationsInfo", "applicationName", "computePlatform",
    "deploymentGroupInfo", "ecsServices", "alarmConfiguration", "deploymentConfigName", "Service", "Arn",
    "LoadBalancerArns", "SecurityGroups", "ListenerArn", "Policy", "DefaultVersionId", "PolicyVersion",
    "GroupId", "AlarmName", "Dimensions", "Name", "Value", "PolicyArn", "PolicyName", "ResourceId"])
_items = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                         st.dictionaries(_answer_keys, inner, max_size=6)),
                      max_leaves=20)
_arns = st.sampled_from(["arn:aws:ecs:r:1:service/c/s", "arn:aws:iam::1:role/r", "s", "c",
                         "arn:aws:elasticloadbalancing:r:1:targetgroup/t/0123456789abcdef"])
_answers = st.dictionaries(_answer_keys, st.one_of(_items, _arns, st.lists(st.one_of(_arns, _items), max_size=3)),
                           max_size=6)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), services=st.sampled_from([None, ["s"]]))
def test_collecting_never_fails_on_odd_answers(data, services):
    """Whatever shape the API answers in, collecting gives documents (or a usage error naming a
    call), never an exception from doalint's own code."""
    from doalint.live.api import AwsError
    from doalint.live.collect import collect

    from hypothesis import event

    api = _RandomApi(data.draw)
    try:
        live = collect(api, "c", services)
    except AwsError:
        event("stopped with a usage error")
        return
    event("calls > 10" if api.calls > 10 else "calls <= 10")
    assert all(isinstance(d.arn, str) for d in live.docs)
