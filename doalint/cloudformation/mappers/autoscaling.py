"""AWS::ApplicationAutoScaling::ScalableTarget (autoscaling-scalable-target) and
AWS::ApplicationAutoScaling::ScalingPolicy (autoscaling-scaling-policy), in RegisterScalableTarget /
PutScalingPolicy key names (CloudFormation's are the same).

Only what the DOA3xx rules read is mapped, as for Terraform: the scalable resource (ResourceId,
ScalableDimension, ServiceNamespace), the target's capacity range and the policy's configuration
(and the policy's name and type when they are known; RoleARN, SuspendedState and
ScheduledActions are not). A target whose ResourceId is not known has no capacity range here:
DOA306 reads it only for a service known from the ResourceId.

A policy names its resource either with those three properties or with ``ScalingTargetId``:
usually ``!Ref`` of a scalable target of the template, whose own ResourceId, ScalableDimension and
ServiceNamespace are then the policy's (located at ``ScalingTargetId``; what the target does not
know is quiet here, its own document reports it), else the target's id as CloudFormation writes it,
``<ResourceId>|<ScalableDimension>|<ServiceNamespace>``.

A request count policy's ResourceLabel is usually
``!Sub ${LoadBalancer.LoadBalancerFullName}/${TargetGroup.TargetGroupFullName}`` (or the same with
``!Join``): with the load balancer's and the target group's names written in the template it
becomes ``app/<lb>/*/targetgroup/<tg>/*``, so DOA303 can tell whose target group it counts (see
codedeploy.KnownTemplate). CloudFormation sends no cooldown it is not given: an omitted one is
Application Auto Scaling's default, which DOA304 knows.
"""

from __future__ import annotations

from typing import Any

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.cloudformation.mappers.codedeploy import ALL, known_props, known_template, opaque, pick, unknown_doc
from doalint.values import Ref, Unknown

API = "application-autoscaling"
TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"
TT = "TargetTrackingScalingPolicyConfiguration"
SCALABLE = ("ResourceId", "ScalableDimension", "ServiceNamespace")

_TARGET = {"ServiceNamespace": ALL, "ResourceId": ALL, "ScalableDimension": ALL,
           "MinCapacity": ALL, "MaxCapacity": ALL}
_POLICY = {
    "PolicyName": ALL, "PolicyType": ALL, "ServiceNamespace": ALL, "ResourceId": ALL,
    "ScalableDimension": ALL, "ScalingTargetId": ALL,
    TT: {"TargetValue": ALL, "ScaleInCooldown": ALL, "ScaleOutCooldown": ALL, "DisableScaleIn": ALL,
         "PredefinedMetricSpecification": ALL,
         # a customized metric: no rule reads its parts, only that the policy does not track a
         # predefined metric (its dimensions, often !GetAtt or !ImportValue, would be DOA003 noise)
         "CustomizedMetricSpecification": {}},
    "StepScalingPolicyConfiguration": ALL,
}
# Mapped when known (they say what the policy is), but read by no rule.
_UNREAD = ("PolicyName", "PolicyType")


def _known(v: Any) -> bool:
    return not isinstance(v, Unknown) and not (isinstance(v, Ref) and v.opaque)


@cfn_mapper(TARGET, "autoscaling-scalable-target")
def scalable_target(res):
    props = pick(known_props(res), _TARGET)
    if not isinstance(props, dict):
        yield unknown_doc(res, "autoscaling-scalable-target", props, _TARGET)
        return
    if "ResourceId" in props and not _known(props["ResourceId"]):
        # the capacity range is read (DOA306) only for a service known from the ResourceId
        props.pop("MinCapacity", None)
        props.pop("MaxCapacity", None)
    data, paths = res.view(props)
    yield CfnDoc("autoscaling-scalable-target", coerce(API, "RegisterScalableTargetRequest", data), paths)


def _from_target(res, value: Any) -> dict:
    """ResourceId, ScalableDimension and ServiceNamespace that ``ScalingTargetId`` stands for."""
    if isinstance(value, Ref) and value.address.startswith("Resources/"):
        logical = value.address.split("/", 1)[1]
        raw = res.template.resources.get(logical)
        if not (isinstance(raw, dict) and raw.get("Type") == TARGET and value.attribute == "Ref"):
            return {k: opaque(value.address, k) for k in SCALABLE}
        props = raw.get("Properties")
        props = known_template(res).resolve(props, ("Resources", logical, "Properties"))[0] \
            if isinstance(props, dict) else {}
        if not isinstance(props, dict):  # the target's whole Properties block is unknown
            return {k: opaque(value.address, k) for k in SCALABLE}
        out = {}
        for k in SCALABLE:
            if k not in props:
                continue  # the target's document reports it (DOA305), and so does this one
            v = props[k]
            # what is not known about the target is its own document's DOA003, not this one's
            out[k] = v if _known(v) else opaque(value.address, k)
        return out
    if isinstance(value, str):
        parts = value.split("|")
        return dict(zip(SCALABLE, parts)) if len(parts) == 3 else {"ResourceId": value}
    return {}


@cfn_mapper("AWS::ApplicationAutoScaling::ScalingPolicy", "autoscaling-scaling-policy")
def scaling_policy(res):
    props = pick(known_props(res), _POLICY)
    if not isinstance(props, dict):
        yield unknown_doc(res, "autoscaling-scaling-policy", props,
                          {k: v for k, v in _POLICY.items() if k != "ScalingTargetId"})
        return
    for key in _UNREAD:
        if isinstance(props.get(key), Unknown):
            del props[key]  # read by no rule: an unknown one (!Sub ${AWS::StackName}-cpu) is no DOA003
    data, paths = res.view(props)
    if "ScalingTargetId" in data:
        sti = data["ScalingTargetId"]
        where = paths[("ScalingTargetId",)]
        if isinstance(sti, Unknown):
            # one DOA003, for ScalingTargetId; the three keys it stands for are not known
            own = {k: opaque(f"{res.address}.ScalingTargetId", k) for k in SCALABLE}
        else:
            del data["ScalingTargetId"]
            del paths[("ScalingTargetId",)]
            own = _from_target(res, sti)
        for k, v in own.items():
            if k not in data:  # written beside ScalingTargetId: the property itself
                data[k] = v
                paths[(k,)] = where
    yield CfnDoc("autoscaling-scaling-policy", coerce(API, "PutScalingPolicyRequest", data), paths)
