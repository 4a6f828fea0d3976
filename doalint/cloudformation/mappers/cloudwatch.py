"""AWS::CloudWatch::Alarm as a cloudwatch-alarm document (PutMetricAlarm key names, which are
CloudFormation's too).

As for Terraform: the alarm's name, metric name and ServiceName dimension are always mapped (they
say which service the alarm belongs to); the rest is read only by DOA802, and only for the
standard's CPU alarm, so it is mapped only when the metric is the standard's CPU metric in its
namespace (or with no namespace written): the target group dimension of a 5xx alarm,
``!GetAtt TargetGroup.TargetGroupFullName``, or an ``!ImportValue`` threshold would only be
DOA003 noise.

An action ``!Ref Topic`` (an AWS::SNS::Topic of the template) or ``!Ref ScalingPolicy`` is
written as an ARN of that service, so that DOA802 can tell a notifying alarm from one that drives
scaling; ``!Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts`` is an SNS ARN whatever the
account (see codedeploy.KnownTemplate).
"""

from __future__ import annotations

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.cloudformation.mappers.codedeploy import ALL, known_props, pick, unknown_doc
from doalint.models.cloudwatch import MetricAlarm

KIND = "cloudwatch-alarm"
_CPU_ALARM = {
    "AlarmName": ALL, "MetricName": ALL, "Namespace": ALL, "Dimensions": ALL, "Statistic": ALL,
    "ExtendedStatistic": ALL, "Period": ALL, "EvaluationPeriods": ALL, "DatapointsToAlarm": ALL,
    "Threshold": ALL, "ComparisonOperator": ALL, "AlarmActions": ALL, "ActionsEnabled": ALL,
}
_OTHER_ALARM = {"AlarmName": ALL, "MetricName": ALL, "Namespace": ALL, "Dimensions": ALL}


def _may_be(value, want: str) -> bool:
    """Whether the value may be ``want``: it is, or it is not written, or not known."""
    return value is None or not isinstance(value, str) or value == want


@cfn_mapper("AWS::CloudWatch::Alarm", KIND)
def alarm(res):
    props = known_props(res)
    if not isinstance(props, dict):
        yield unknown_doc(res, KIND, props, _CPU_ALARM)
        return
    std = res.template.profile.monitoring.cpu_alarm
    cpu = props.get("MetricName") == std.metric and _may_be(props.get("Namespace"), std.namespace)
    data, paths = res.view(pick(props, _CPU_ALARM if cpu else _OTHER_ALARM))
    if not cpu:
        if "Namespace" in data and (props.get("MetricName") != std.metric or not isinstance(data["Namespace"], str)):
            # DOA802 reads the namespace only beside the standard's CPU metric
            del data["Namespace"]
        _service_dimension_only(data, paths)
    yield CfnDoc(KIND, coerce("cloudwatch", "PutMetricAlarmInput", data), paths)


def _service_dimension_only(data: dict, paths: dict) -> None:
    """Dimensions reduced to the ServiceName entries (each keeps its own position)."""
    dims = data.get("Dimensions")
    if not isinstance(dims, list):
        data.pop("Dimensions", None)  # an unknown list of a non-CPU alarm: nothing to say
        return
    keep = [i for i, d in enumerate(dims) if isinstance(d, dict) and d.get("Name") == MetricAlarm.SERVICE_DIMENSION]
    old = {p: t for p, t in paths.items() if p[:1] == ("Dimensions",) and len(p) > 1}
    for p in old:
        del paths[p]
    data["Dimensions"] = [dims[i] for i in keep]
    for new, i in enumerate(keep):
        for p, t in old.items():
            if p[1] == i:
                paths[("Dimensions", new) + p[2:]] = t
