"""Application Auto Scaling: scaling policies and scalable targets of ECS services."""

from __future__ import annotations

from typing import Any

from doalint.document import Scope
from doalint.kinds import Found, Kind, detector, register


def _policy_model():
    from doalint.models.autoscaling import ScalingPolicy

    return ScalingPolicy


def _target_model():
    from doalint.models.autoscaling import ScalableTarget

    return ScalableTarget


def _candidates(m) -> list[str]:
    name = m.service_name()
    return [name] if name else []


# Keys people write when they mean something else (DOA002 hints).
_HINTS = {
    "TargetTrackingConfiguration": (
        "that is EC2 Auto Scaling's key; Application Auto Scaling (ECS services) takes "
        "TargetTrackingScalingPolicyConfiguration"
    ),
    "ScalingTargetId": (
        "that is CloudFormation's AWS::ApplicationAutoScaling::ScalingPolicy property; the API takes "
        "ResourceId, ScalableDimension and ServiceNamespace"
    ),
}

register(
    Kind(
        "autoscaling-scaling-policy",
        "Application Auto Scaling policy",
        _policy_model,
        "application-autoscaling",
        "PutScalingPolicyRequest",
        "ScalingPolicy",
        "ResourceId",
        _candidates,
        shape_hints=_HINTS,
    ),
    Kind(
        "autoscaling-scalable-target",
        "Application Auto Scaling scalable target",
        _target_model,
        "application-autoscaling",
        "RegisterScalableTargetRequest",
        "ScalableTarget",
        "ResourceId",
        _candidates,
        shape_hints=_HINTS,
    ),
)

_TARGET_ID = ("ResourceId", "ScalableDimension", "ServiceNamespace")
_POLICY_CONFIGS = ("TargetTrackingScalingPolicyConfiguration", "StepScalingPolicyConfiguration",
                   "PredictiveScalingPolicyConfiguration")
# Keys only describe-scaling-policies / describe-scalable-targets output carries.
_POLICY_OUTPUT = ("PolicyARN", "CreationTime", "Alarms")
_TARGET_OUTPUT = ("CreationTime", "ScalableTargetARN", "PredictedCapacity")
# Documents of other APIs that share these keys: EC2 Auto Scaling (AutoScalingGroupName),
# Application Auto Scaling scheduled actions (ScheduledActionName).
_NOT_OURS = ("AutoScalingGroupName", "ScheduledActionName")


def _is_policy(d: Any) -> bool:
    return (
        isinstance(d, dict)
        and "PolicyName" in d
        and not any(k in d for k in _NOT_OURS)
        and any(k in d for k in _TARGET_ID + _POLICY_CONFIGS)
    )


def _is_target(d: Any) -> bool:
    return (
        isinstance(d, dict)
        and "ResourceId" in d
        and ("ScalableDimension" in d or "ServiceNamespace" in d)
        and "PolicyName" not in d
        and not any(k in d for k in _NOT_OURS)
        and any(k in d for k in ("MinCapacity", "MaxCapacity", "SuspendedState", "RoleARN") + _TARGET_OUTPUT)
    )


def _listed(value: dict, key: str, kind: str, test) -> list[Found]:
    items = value.get(key)
    if isinstance(items, list) and items and all(test(x) for x in items):
        return [Found(kind, x, (key, i), "output") for i, x in enumerate(items)]
    return []


@detector(order=30)
def scaling_policy(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    if "ScalingPolicies" in value:
        return _listed(value, "ScalingPolicies", "autoscaling-scaling-policy", _is_policy)
    if _is_policy(value):
        variant = "output" if any(k in value for k in _POLICY_OUTPUT) else "input"
        return [Found("autoscaling-scaling-policy", value, (), variant)]
    return []


@detector(order=31)
def scalable_target(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    if "ScalableTargets" in value:
        return _listed(value, "ScalableTargets", "autoscaling-scalable-target", _is_target)
    if _is_target(value):
        variant = "output" if any(k in value for k in _TARGET_OUTPUT) else "input"
        return [Found("autoscaling-scalable-target", value, (), variant)]
    return []


# --- fragments --------------------------------------------------------------------------------
# put-scaling-policy takes its policy configuration as a file of its own
# (--target-tracking-scaling-policy-configuration file://scaling-policy.json), and the policy's
# name and scalable target on the command line: such a file is a scaling policy fragment, checked
# for what it holds.
_TT = "TargetTrackingScalingPolicyConfiguration"
_STEP = "StepScalingPolicyConfiguration"
_TT_MEMBERS = frozenset({"TargetValue", "PredefinedMetricSpecification", "CustomizedMetricSpecification",
                         "ScaleOutCooldown", "ScaleInCooldown", "DisableScaleIn"})
_STEP_MEMBERS = frozenset({"AdjustmentType", "StepAdjustments", "MinAdjustmentMagnitude", "Cooldown",
                           "MetricAggregationType"})
# EC2 Auto Scaling's TargetTrackingConfiguration looks alike; its predefined metrics are the group's.
_EC2_METRIC_PREFIX = "ASG"
# What the command line gives put-scaling-policy besides a configuration file.
_GIVEN_APART = tuple((k,) for k in ("PolicyName",) + _TARGET_ID)


def _mostly(d: dict, members: frozenset) -> bool:
    """Keys mostly ``members``, besides "_comment"-style notes (others, and the notes, are
    DOA002's unknown keys: the AWS CLI refuses them)."""
    keys = [k for k in d if isinstance(k, str) and not k.startswith("_")]
    return all(isinstance(k, str) for k in d) and 2 * len([k for k in keys if k in members]) > len(keys)


def _is_tracking_body(d: Any) -> bool:
    if not isinstance(d, dict) or "TargetValue" not in d or not _mostly(d, _TT_MEMBERS):
        return False
    predefined = d.get("PredefinedMetricSpecification")
    if isinstance(predefined, dict):
        metric = predefined.get("PredefinedMetricType")
        if isinstance(metric, str) and metric.startswith(_EC2_METRIC_PREFIX):
            return False
    return "PredefinedMetricSpecification" in d or "CustomizedMetricSpecification" in d


def _is_step_body(d: Any) -> bool:
    return (isinstance(d, dict) and "StepAdjustments" in d and "AdjustmentType" in d
            and set(d) <= _STEP_MEMBERS)


TRACKING_BODY = Scope(f"a {_TT} body (put-scaling-policy takes the policy's name and scalable target "
                      "apart)", at=(_TT,))
STEP_BODY = Scope(f"a {_STEP} body (put-scaling-policy takes the policy's name and scalable target apart)",
                  at=(_STEP,))


@detector(order=32)
def scaling_policy_configuration(value: Any) -> list[Found]:
    """A bare target tracking or step scaling policy configuration; or a policy without its
    name and target (only PolicyType and a configuration)."""
    if _is_tracking_body(value):
        return [Found("autoscaling-scaling-policy", {_TT: value}, scope=TRACKING_BODY)]
    if _is_step_body(value):
        return [Found("autoscaling-scaling-policy", {_STEP: value}, scope=STEP_BODY)]
    if (isinstance(value, dict) and value and set(value) <= {"PolicyType", _TT, _STEP}
            and (_is_tracking_body(value.get(_TT)) or _is_step_body(value.get(_STEP)))):
        scope = Scope("a scaling policy without its name and scalable target", lacks=_GIVEN_APART)
        return [Found("autoscaling-scaling-policy", value, scope=scope)]
    return []
