"""AWS::ElasticLoadBalancingV2::TargetGroup (elbv2-target-group) and
AWS::ElasticLoadBalancingV2::ListenerRule (elbv2-listener-rules), as elbv2 CreateTargetGroup and
CreateRule documents (PascalCase API keys, which are CloudFormation's too).

A target group's ``TargetGroupAttributes`` are its ``Attributes``, as the JSON kind keeps them
beside the create parameters (``deregistration_delay.timeout_seconds`` is one). A listener rule is
a one-rule document (the rule at the document's root, as for Terraform). Its target group ARN,
``!Ref TargetGroup`` of a target group of the template whose Name is known, is an ARN-like text
that names that target group (``...:targetgroup/<name>/*``), so that DOA503 can tell whose target
group it is.

Not mapped, as for Terraform: Port, VpcId, Targets and Tags of a target group (no rule reads them;
usually ``!Ref``/``!ImportValue``, they would only add DOA003 warnings), and the settings of actions
other than forward and of conditions other than path-pattern (their Type/Field is mapped; no rule
reads the rest). ListenerArn, read by no rule, is recorded as set; an unknown one is quiet.
"""

from __future__ import annotations

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.cloudformation.mappers.codedeploy import ALL, known_props, opaque, pick, unknown_doc
from doalint.values import Unknown

API = "elbv2"
TARGET_GROUP = "elbv2-target-group"
RULES = "elbv2-listener-rules"

_TG = {
    "Name": ALL, "Protocol": ALL, "TargetType": ALL,
    "HealthCheckEnabled": ALL, "HealthCheckProtocol": ALL, "HealthCheckPath": ALL, "HealthCheckPort": ALL,
    "HealthCheckIntervalSeconds": ALL, "HealthCheckTimeoutSeconds": ALL,
    "HealthyThresholdCount": ALL, "UnhealthyThresholdCount": ALL,
    "Matcher": ALL, "TargetGroupAttributes": ALL,
}
_RULE = {
    "ListenerArn": ALL,
    "Priority": ALL,
    "Actions": {"Type": ALL, "Order": ALL, "TargetGroupArn": ALL,
                "ForwardConfig": {"TargetGroups": {"TargetGroupArn": ALL, "Weight": ALL}}},
    "Conditions": {"Field": ALL, "Values": ALL, "PathPatternConfig": {"Values": ALL}},
}


@cfn_mapper("AWS::ElasticLoadBalancingV2::TargetGroup", TARGET_GROUP)
def target_group(res):
    props = pick(known_props(res), _TG)
    if not isinstance(props, dict):
        yield unknown_doc(res, TARGET_GROUP, props, {**{k: ALL for k in _TG if k != "TargetGroupAttributes"},
                                                     "Attributes": ALL})
        return
    data, paths = res.view(props, renames={"TargetGroupAttributes": "Attributes"})
    attrs = data.pop("Attributes", None)
    data = coerce(API, "CreateTargetGroupInput", data)
    if attrs is not None:
        # Values are strings in the API; CloudFormation takes `Value: 30` for "30"
        data["Attributes"] = coerce(API, "TargetGroupAttributes", attrs)
    yield CfnDoc(TARGET_GROUP, data, paths)


@cfn_mapper("AWS::ElasticLoadBalancingV2::ListenerRule", RULES)
def listener_rule(res):
    props = pick(known_props(res), _RULE)
    if not isinstance(props, dict):
        yield unknown_doc(res, RULES, props, _RULE)
        return
    data, paths = res.view(props)
    if isinstance(data.get("ListenerArn"), Unknown):
        data["ListenerArn"] = opaque(res.address, "ListenerArn")
    yield CfnDoc(RULES, coerce(API, "CreateRuleInput", data), paths)
