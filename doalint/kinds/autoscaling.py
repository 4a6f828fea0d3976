"""Application Auto Scaling: scaling policies and scalable targets of ECS services."""

from __future__ import annotations

from typing import Any

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
