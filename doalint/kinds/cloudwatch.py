"""CloudWatch metric alarms (PutMetricAlarm input, describe-alarms output)."""

from __future__ import annotations

from typing import Any

from doalint.kinds import Found, Kind, detector, register


def _alarm_model():
    from doalint.models.cloudwatch import MetricAlarm

    return MetricAlarm


def _candidates(m) -> list[str]:
    """The ServiceName dimension's value, then every '-'-bounded prefix of the alarm's
    name, longest first (the engine takes the first that is a catalog service, so an
    alarm named ``product-service-high-cpu`` belongs to ``product-service``)."""
    names = m.dimension_values(m.SERVICE_DIMENSION)
    if m.AlarmName:
        parts = m.AlarmName.split("-")
        names += ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
    return names


register(
    Kind(
        "cloudwatch-alarm",
        "CloudWatch metric alarm",
        _alarm_model,
        "cloudwatch",
        "PutMetricAlarmInput",
        "MetricAlarm",
        "AlarmName",
        _candidates,
        # an alarm on RDS or EC2 named anything at all is no ECS service's business
        # (a reference such as Resources/Service.Name or aws_ecs_service.x.name claims nothing)
        claims_service=lambda m: any(v and "/" not in v and "." not in v
                                     for v in m.dimension_values(m.SERVICE_DIMENSION)),
    ),
)

_METRIC_KEYS = ("MetricName", "Namespace", "Metrics", "Threshold", "ComparisonOperator", "EvaluationPeriods",
                "Statistic", "ExtendedStatistic", "Period")
# Keys only describe-alarms output carries.
_OUTPUT = ("AlarmArn", "StateValue", "StateReason", "StateReasonData", "StateUpdatedTimestamp",
           "AlarmConfigurationUpdatedTimestamp", "StateTransitionedTimestamp", "EvaluationState")


def _is_alarm(d: Any) -> bool:
    # AlarmRule: a composite alarm, which has no metric of its own.
    return isinstance(d, dict) and "AlarmName" in d and "AlarmRule" not in d and any(k in d for k in _METRIC_KEYS)


@detector(order=70)
def metric_alarm(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    if "MetricAlarms" in value:
        items = value["MetricAlarms"]
        if isinstance(items, list) and items and all(_is_alarm(x) for x in items):
            return [Found("cloudwatch-alarm", x, ("MetricAlarms", i), "output") for i, x in enumerate(items)]
        return []
    if _is_alarm(value):
        variant = "output" if any(k in value for k in _OUTPUT) else "input"
        return [Found("cloudwatch-alarm", value, (), variant)]
    return []
