"""CloudWatch: aws_cloudwatch_metric_alarm as a cloudwatch-alarm document (PutMetricAlarm
key names).

The alarm's name, metric name and ServiceName dimension are always mapped: they say which
service the alarm belongs to. The rest is read only by DOA802, and only for the CPU alarm,
so it is mapped only when the metric is the standard's CPU metric (an unresolvable
threshold or target group dimension of a 5xx alarm would be DOA003 noise). ``dimensions``
is a map in Terraform and a list of {Name, Value} in the API.

An action that references the module's SNS topic (``aws_sns_topic.x.arn``,
``data.aws_sns_topic.x.arn``) or a scaling policy (``aws_appautoscaling_policy.x.arn``,
``aws_autoscaling_policy.x.arn``) is only known after apply, but what kind of ARN it is
is known; it is written as an ARN of that service, so DOA802 can tell a notifying alarm
from one that drives scaling.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from doalint import arns
from doalint.models.cloudwatch import MetricAlarm
from doalint.values import Ref, Unknown
from doalint.terraform.resources import Builder, boolean, mapper, number, text

# The AWS service in the ARN that an attribute of these resources holds.
_ARN_OF = {
    ("aws_sns_topic", "arn"): "sns",
    ("aws_sns_topic", "id"): "sns",  # a topic's id is its ARN
    ("aws_appautoscaling_policy", "arn"): "autoscaling",
    ("aws_appautoscaling_policy", "id"): None,  # the policy's name: not an ARN
    ("aws_autoscaling_policy", "arn"): "autoscaling",
}
_DATA_SNS = re.compile(r"^data\.aws_sns_topic\.[\w-]+(?:\[[^\]]*\])?\.(?:arn|id)$")


def _actions(b: Builder):
    """A converter for alarm_actions: references whose kind of ARN is known become ARN-like
    texts of that service (``arn:aws:sns:<region or *>:*:<topic name or reference>``)."""
    module = b.module
    region = module.region if isinstance(module.region, str) and module.region else "*"

    def arn(service: str, what: str) -> str:
        return arns.build(service, what, region)

    def one(v: Any) -> Any:
        if isinstance(v, Ref) and v.opaque:
            service = _ARN_OF.get((v.address.split(".")[0], v.attribute))
            if service is not None:
                res = module.resources.get(v.address)
                name = module.literal_attribute(res, "name") if res is not None else None
                if not isinstance(name, str) or isinstance(name, Ref) or not name:
                    name = str.__str__(v)
                return Ref(arn(service, name), v.address, v.attribute)
        if isinstance(v, Unknown) and _DATA_SNS.match(v.text):
            return arn("sns", v.text)
        return v

    return lambda v: [one(x) for x in v] if isinstance(v, list) else v


def _dimensions(b: Builder, only: Optional[str] = None) -> None:
    """``dimensions = { ServiceName = ..., ClusterName = ... }`` as Dimensions, each entry's
    Name located at its key and Value at its value; ``only``: just the entry of that name."""
    a = b.res.block.body.attributes.get("dimensions")
    if a is None:
        return
    value, spans = b.ev.evaluate_located(a.expr, (a.start, a.name_end))
    at = (a.start, a.name_end)
    if not isinstance(value, dict):
        b.put_value(("Dimensions",), value, at)
        return
    keys = [k for k in value if only is None or k == only]
    b.put_value(("Dimensions",), [{"Name": k, "Value": text(value[k])} for k in keys], at)
    smap = b.out.smap
    for i, key in enumerate(keys):
        if (key,) not in spans:
            continue
        key_span, value_span = spans[(key,)]
        smap.keys[("Dimensions", i)] = b.span(*key_span)
        smap.values[("Dimensions", i)] = b.span(key_span[0], value_span[1])
        smap.keys[("Dimensions", i, "Name")] = smap.values[("Dimensions", i, "Name")] = b.span(*key_span)
        smap.keys[("Dimensions", i, "Value")] = smap.values[("Dimensions", i, "Value")] = b.span(*value_span)


def _may_be(b: Builder, tf_name: str, want: str) -> bool:
    """Whether the argument may be ``want``: it is, or it is not written, or not known."""
    v = b.value(tf_name)
    return not (isinstance(v, str) and not isinstance(v, Ref) and v != want)


@mapper("aws_cloudwatch_metric_alarm", "cloudwatch-alarm")
def metric_alarm(b: Builder) -> None:
    b.put(("AlarmName",), "alarm_name")
    b.put(("MetricName",), "metric_name")
    std = b.ctx_profile.monitoring.cpu_alarm if b.ctx_profile is not None else None
    # DOA802 reads the rest only for the standard's CPU metric in its namespace (or with no
    # namespace written); other alarms need only the service dimension, which says which
    # service they belong to
    if std is not None and b.value("metric_name") != std.metric:
        _dimensions(b, only=MetricAlarm.SERVICE_DIMENSION)
        return
    b.put(("Namespace",), "namespace")
    if std is not None and not _may_be(b, "namespace", std.namespace):
        _dimensions(b, only=MetricAlarm.SERVICE_DIMENSION)
        return
    _dimensions(b)
    b.put(("Statistic",), "statistic")
    b.put(("ExtendedStatistic",), "extended_statistic")
    b.put(("Period",), "period", number)
    b.put(("EvaluationPeriods",), "evaluation_periods", number)
    b.put(("DatapointsToAlarm",), "datapoints_to_alarm", number)
    b.put(("Threshold",), "threshold", number)
    b.put(("ComparisonOperator",), "comparison_operator")
    b.put(("AlarmActions",), "alarm_actions", _actions(b))
    b.put(("ActionsEnabled",), "actions_enabled", boolean)
