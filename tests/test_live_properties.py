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
    from doalint.reporters import jsonfmt, sarif, text

    def run():
        live = Live("ap-northeast-2", "c", "123456789012",
                    [LiveDoc(f"arn:aws:x:r:1:thing/{i}", kind, _value(w, v)) for i, (kind, w, v) in enumerate(docs)])
        report = scan(linter, live)
        assert not report.internal_errors
        return text.render(report), jsonfmt.render(report), sarif.render(report, linter.catalog, linter.profile)

    assert run() == run()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(declared=_values, deployed=_values)
def test_arbitrary_drift_never_raises(declared, deployed):
    from doalint.checks.drift.doa960_drift import _diffs

    first = list(_diffs(declared, deployed, (), {}))
    assert first == list(_diffs(declared, deployed, (), {}))
    if isinstance(declared, dict):
        assert not list(_diffs(declared, declared, (), {}))  # a document never drifts from itself
