"""ALB target groups (health check, target type, deregistration delay) and listener rules."""

from __future__ import annotations

from typing import Any, Iterator, Optional

from doalint.kinds import Found, Kind, detector, register
from doalint.record import record

SERVICE = "elbv2"


def _target_group_model():
    from doalint.models.elbv2 import TargetGroup

    return TargetGroup


def _rules_model():
    from doalint.models.elbv2 import ListenerRules

    return ListenerRules


@record(frozen=True)
class _TargetGroupKind(Kind):
    """A target group is named by Name (create input), TargetGroupName (describe output) or the
    name in its TargetGroupArn (modify-target-group-attributes input)."""

    def name_of(self, model: Any) -> Optional[str]:
        names = model.names() if model is not None else []
        return names[0] if names else None


_DEREGISTRATION_HINT = (
    "the deregistration delay is not a CreateTargetGroup parameter: it is the target group attribute "
    "deregistration_delay.timeout_seconds, set with modify-target-group-attributes "
    '(Attributes: [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}])'
)
_HINTS = {"DeregistrationDelay": _DEREGISTRATION_HINT}

# Keys beside which target group attributes may be kept (describe-target-group-attributes output,
# modify-target-group-attributes input): a document of only these is an attributes document.
_ATTRIBUTE_DOC_KEYS = {"Attributes", "TargetGroupArn"}


def attributes_only(data: Any) -> bool:
    """The document holds target group attributes and no target group settings."""
    return isinstance(data, dict) and "Attributes" in data and set(data) <= _ATTRIBUTE_DOC_KEYS


def _prefixed(prefix: tuple, message: str) -> str:
    """Re-root a shapes.validate message (which names paths from the validated value) at ``prefix``."""
    from doalint.source import format_path

    head = format_path(prefix)
    if message.startswith("(document)"):
        return head + message[len("(document)"):]
    return head + ("" if message.startswith("[") else ".") + message


def _validate_target_group(doc) -> Iterator[tuple]:
    """DOA002 for target groups: create input against CreateTargetGroupInput, describe output against
    TargetGroup; an ``Attributes`` list kept beside either is checked as TargetGroupAttributes.
    Attributes documents: describe-target-group-attributes output, modify-target-group-attributes input."""
    if doc.source in ("terraform", "cloudformation"):
        return  # doalint maps Terraform's arguments itself; names and priorities may be left to the provider
    from doalint.shapes import members, validate

    data = doc.data
    hints = _HINTS
    attributes = {"Attributes": "TargetGroupAttributes"}
    if attributes_only(data):
        if doc.variant == "output":
            yield from validate(SERVICE, "DescribeTargetGroupAttributesOutput", data, check_required=False)
        else:
            yield from validate(SERVICE, "ModifyTargetGroupAttributesInput", data)
    elif doc.variant == "output":
        also = {**members(SERVICE, "CreateTargetGroupInput"), **attributes}
        yield from validate(SERVICE, "TargetGroup", data, check_required=False, hints=hints, also_allowed=also)
    else:
        yield from validate(SERVICE, "CreateTargetGroupInput", data, hints=hints, also_allowed=attributes)


def _validate_rules(doc) -> Iterator[tuple]:
    """CreateRule input is checked against CreateRuleInput. In a ``Rules`` list, real describe-rules
    items (with a RuleArn) are checked against the Rule output shape; hand-written items (no RuleArn,
    as in the standard's example) against the CreateRule members, without the required check."""
    if doc.source in ("terraform", "cloudformation"):
        return  # doalint maps Terraform's arguments itself; names and priorities may be left to the provider
    from doalint.shapes import members, validate

    data = doc.data
    rules = data.get("Rules") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        if isinstance(data, dict) and "RuleArn" in data:
            also = members(SERVICE, "CreateRuleInput")
            yield from validate(SERVICE, "Rule", data, check_required=False, also_allowed=also)
        else:
            yield from validate(SERVICE, "CreateRuleInput", data)
        return
    rest = {k: v for k, v in data.items() if k != "Rules"}
    yield from validate(SERVICE, "DescribeRulesOutput", rest, check_required=False)
    also = members(SERVICE, "CreateRuleInput")
    for i, item in enumerate(rules):
        prefix = ("Rules", i)
        if isinstance(item, dict) and "RuleArn" in item:
            found = validate(SERVICE, "Rule", item, check_required=False, also_allowed=also)
        else:
            found = validate(SERVICE, "CreateRuleInput", item, check_required=False)
        for path, message in found:
            yield prefix + tuple(path), _prefixed(prefix, message)


register(
    _TargetGroupKind(
        "elbv2-target-group",
        "ALB target group",
        _target_group_model,
        SERVICE,
        "CreateTargetGroupInput",
        "TargetGroup",
        "Name",
        lambda m: m.names(),
        shape_hints=_HINTS,
        validate=_validate_target_group,
    ),
    Kind(
        "elbv2-listener-rules",
        "ALB listener rules",
        _rules_model,
        SERVICE,
        "CreateRuleInput",
        "Rule",
        None,
        lambda m: [],
        has_service=False,
        validate=_validate_rules,
    ),
)

# Members only a target group has (CreateTargetGroup input / TargetGroup output). CloudFormation's
# AWS::ElasticLoadBalancingV2::TargetGroup uses the same names, but inside a template's Resources.
_TG_KEYS = {
    "HealthCheckProtocol", "HealthCheckPort", "HealthCheckEnabled", "HealthCheckPath",
    "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds", "HealthyThresholdCount",
    "UnhealthyThresholdCount", "Matcher", "TargetType", "TargetGroupArn", "TargetGroupName",
    "DeregistrationDelay",
}

# Attribute keys that only target groups have (load balancers and listeners share the
# {"Attributes": [{"Key", "Value"}]} form, e.g. idle_timeout.timeout_seconds, deletion_protection.enabled).
_TG_ATTRIBUTE_PREFIXES = (
    "deregistration_delay.", "stickiness.", "slow_start.", "load_balancing.algorithm.", "lambda.",
    "proxy_protocol_v2.", "preserve_client_ip.", "target_failover.", "target_group_health.",
    "target_health_state.",
)


def _is_target_group(d: Any) -> bool:
    if not isinstance(d, dict):
        return False
    own = _TG_KEYS & set(d)
    if len(own) >= 2:
        return True
    named = "Name" in d or "TargetGroupName" in d
    if named and own:
        return True
    return named and all(k in d for k in ("Protocol", "Port", "VpcId"))


def _is_target_group_attributes(d: Any) -> bool:
    if not attributes_only(d):
        return False
    attrs = d["Attributes"]
    if not isinstance(attrs, list) or not attrs:
        return False
    keys = []
    for a in attrs:
        if not isinstance(a, dict) or not isinstance(a.get("Key"), str) or "Value" not in a:
            return False
        keys.append(a["Key"])
    if isinstance(d.get("TargetGroupArn"), str) and ":targetgroup/" in d["TargetGroupArn"]:
        return True
    return any(k.startswith(_TG_ATTRIBUTE_PREFIXES) for k in keys)


@detector(order=51)
def target_group(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    groups = value.get("TargetGroups")  # describe-target-groups / create-target-group output
    if set(value) <= {"TargetGroups", "NextMarker"} and isinstance(groups, list) and groups and all(
        isinstance(g, dict) and ("TargetGroupName" in g or len(_TG_KEYS & set(g)) >= 2) for g in groups
    ):
        return [Found("elbv2-target-group", g, ("TargetGroups", i), "output") for i, g in enumerate(groups)]
    if _is_target_group_attributes(value):
        # describe-target-group-attributes output, or modify-target-group-attributes input
        variant = "input" if "TargetGroupArn" in value else "output"
        return [Found("elbv2-target-group", value, (), variant)]
    if _is_target_group(value):
        variant = "output" if any(k in value for k in ("TargetGroupArn", "TargetGroupName", "LoadBalancerArns")) \
            else "input"
        return [Found("elbv2-target-group", value, (), variant)]
    return []


def _is_listener_rule(d: Any) -> bool:
    """An elbv2 rule: its actions have a Type, or its conditions a Field or a *Config, or its ARN is a
    listener rule's. (WAF rules have Action/Statement, SES receipt rules actions without a Type.)"""
    if not isinstance(d, dict):
        return False
    arn = d.get("RuleArn")
    if isinstance(arn, str) and ":listener-rule/" in arn:
        return True
    actions, conditions = d.get("Actions"), d.get("Conditions")
    if isinstance(actions, list) and any(isinstance(a, dict) and "Type" in a for a in actions):
        return True
    return isinstance(conditions, list) and any(
        isinstance(c, dict) and ("Field" in c or any(str(k).endswith("Config") for k in c)) for c in conditions
    )


@detector(order=52)
def listener_rules(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    rules = value.get("Rules")  # describe-rules output, or the standard's hand-written list
    if isinstance(rules, list) and rules and all(_is_listener_rule(r) for r in rules):
        variant = "output" if all(isinstance(r, dict) and "RuleArn" in r for r in rules) else "input"
        return [Found("elbv2-listener-rules", value, (), variant)]
    if "Rules" not in value and _is_listener_rule(value) and (
        "ListenerArn" in value or "Priority" in value or "RuleArn" in value
    ):
        return [Found("elbv2-listener-rules", value, (), "output" if "RuleArn" in value else "input")]
    return []
