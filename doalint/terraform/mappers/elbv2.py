"""ALB target groups (aws_lb_target_group / aws_alb_target_group) and listener rules
(aws_lb_listener_rule / aws_alb_listener_rule), as elbv2 CreateTargetGroup and CreateRule
documents (PascalCase API keys).

A target group's deregistration_delay is an attribute in the API: it becomes
``Attributes: [{Key: deregistration_delay.timeout_seconds, Value}]``. A listener rule is a
one-rule document. Its target group ARN, when it references a target group of the module whose
``name`` is written down, becomes an ARN-like text that names that target group
(``...:targetgroup/<name>/...``), so that DOA503 can tell whose target group it is.

Not mapped: port and vpc_id (no rule reads them; usually variables, they would only add DOA003
warnings), and the settings of actions other than forward and of conditions other than
path_pattern (their Type/Field is mapped; no rule reads the rest).
"""

from __future__ import annotations

import re
from typing import Any

from doalint import arns
from doalint.values import Ref, Unknown
from doalint.terraform.mappers.codedeploy import block, repeated
from doalint.terraform.resources import Builder, boolean, mapper, number, text

TARGET_GROUP = "elbv2-target-group"
RULES = "elbv2-listener-rules"
TG_TYPES = ("aws_lb_target_group", "aws_alb_target_group")
DEREGISTRATION_KEY = "deregistration_delay.timeout_seconds"

# AWS provider defaults of the health_check block's arguments (schema Default): what Terraform
# sends when the block is written but the argument is not. AWS's own defaults (HealthyThresholdCount
# 5, UnhealthyThresholdCount 2 for an ALB) apply only when there is no health_check block at all.
PROVIDER_HEALTH_CHECK_DEFAULTS = {
    "healthy_threshold": ("HealthyThresholdCount", 3),
    "unhealthy_threshold": ("UnhealthyThresholdCount", 3),
    "interval": ("HealthCheckIntervalSeconds", 30),
    "protocol": ("HealthCheckProtocol", "HTTP"),
}


def _upper(v: Any) -> Any:
    """The provider upper-cases health_check.protocol (it accepts "http")."""
    return v.upper() if isinstance(v, str) and not isinstance(v, Ref) else v


# --- target groups ----------------------------------------------------------------------------
def _target_group(b: Builder) -> None:
    b.put(("Name",), "name")
    b.put(("Protocol",), "protocol")
    b.put(("TargetType",), "target_type")
    if b.value("deregistration_delay") is not None:  # null: the provider's default (AWS's 300)
        b.put(("Attributes",), "deregistration_delay",
              lambda v: [{"Key": DEREGISTRATION_KEY, "Value": text(v)}], nested=False)
        smap = b.out.smap
        if ("Attributes",) in smap.values:  # the attribute's value is the argument's (where a fix writes it)
            smap.keys[("Attributes", 0, "Value")] = smap.keys[("Attributes",)]
            smap.values[("Attributes", 0, "Value")] = smap.values[("Attributes",)]

    found = b.blocks("health_check")
    if not found:
        # a known one is among found; one known at plan time only: one DOA003, and rules stay
        # quiet about the rest
        if b.dynamic("health_check", ("HealthCheckPath",)):
            b.out.opaque += [(k,) for k in _HEALTH_CHECK_KEYS]
        return  # no health_check block: AWS's defaults
    hc = found[0]
    body = hc.body
    b.put(("HealthCheckEnabled",), "enabled", boolean, body=body)
    b.put(("HealthCheckPath",), "path", body=body)
    b.put(("HealthCheckPort",), "port", text, body=body)
    b.put(("HealthCheckTimeoutSeconds",), "timeout", number, body=body)
    if "matcher" in body.attributes:
        attr = body.attributes["matcher"]
        b.put_value(("Matcher",), {}, (attr.start, attr.name_end))
        b.put(("Matcher", "HttpCode"), "matcher", text, body=body)
    for tf_name, (key, default) in PROVIDER_HEALTH_CHECK_DEFAULTS.items():
        if tf_name in body.attributes:
            b.put((key,), tf_name, _upper if tf_name == "protocol" else number, body=body)
        else:
            b.put_value((key,), default, b.block_at(hc))


_HEALTH_CHECK_KEYS = ("HealthCheckEnabled", "HealthCheckProtocol", "HealthCheckPort", "HealthCheckIntervalSeconds",
                      "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount", "Matcher")


mapper("aws_lb_target_group", TARGET_GROUP)(_target_group)
mapper("aws_alb_target_group", TARGET_GROUP)(_target_group)


# --- listener rules ---------------------------------------------------------------------------
# condition block -> RuleCondition.Field
_CONDITION_FIELDS = {
    "path_pattern": "path-pattern",
    "host_header": "host-header",
    "http_header": "http-header",
    "http_request_method": "http-request-method",
    "query_string": "query-string",
    "source_ip": "source-ip",
}
_DATA_TG = re.compile(r"^data\.(aws_a?lb_target_group)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.(arn|id)$")


def _target_group_arn(b: Builder):
    """A converter: a reference to a target group of the module (or a data source that looks one
    up by name) whose name is written down becomes an ARN-like text naming it."""
    module = b.module

    def named(res) -> Any:
        name = module.literal_attribute(res, "name")
        if isinstance(name, str) and not (isinstance(name, Ref) and name.opaque):
            region = module.region if isinstance(module.region, str) else "*"
            return arns.target_group(name, region)
        return None

    def convert(v: Any) -> Any:
        if isinstance(v, Ref) and v.opaque and v.attribute in ("arn", "id") \
                and v.address.split(".")[0] in TG_TYPES:
            res = module.resources.get(v.address)
            arn = named(res) if res is not None else None
            return Ref(arn, v.address, v.attribute) if arn else v
        if isinstance(v, Unknown):
            m = _DATA_TG.match(v.text)
            res = module.resources.get(f"data.{m.group(1)}.{m.group(2)}") if m else None
            arn = named(res) if res is not None else None
            return Ref(arn, res.address, m.group(3)) if arn else v
        return v

    return convert


def _listener_arn(b: Builder) -> None:
    """ListenerArn is read by no rule but is a required member of CreateRule (DOA002): a value
    only known at apply (a variable, a module output) is recorded as set, with rules quiet about it,
    rather than as a DOA003 warning."""
    attr = b.res.block.body.attributes.get("listener_arn")
    if attr is None:
        return
    value = b.value("listener_arn")
    if isinstance(value, Unknown):
        b.set(("ListenerArn",), value)
        b.out.smap.keys[("ListenerArn",)] = b.out.smap.values[("ListenerArn",)] = b.span(attr.start, attr.name_end)
        b.out.opaque.append(("ListenerArn",))
    else:
        b.put(("ListenerArn",), "listener_arn")


def _listener_rule(b: Builder) -> None:
    _listener_arn(b)
    b.put(("Priority",), "priority", number)
    tg_arn = _target_group_arn(b)

    for i, act in enumerate(repeated(b, "action", ("Actions",))):
        base = ("Actions", i)
        b.put_value(base, {}, b.block_at(act))
        b.put(base + ("Type",), "type", body=act.body)
        b.put(base + ("Order",), "order", number, body=act.body)
        b.put(base + ("TargetGroupArn",), "target_group_arn", tg_arn, body=act.body)
        fwd = block(b, "forward", base + ("ForwardConfig",), act.body)
        if fwd is not None:
            for j, tg in enumerate(repeated(b, "target_group", base + ("ForwardConfig", "TargetGroups"), fwd.body)):
                path = base + ("ForwardConfig", "TargetGroups", j)
                b.put_value(path, {}, b.block_at(tg))
                b.put(path + ("TargetGroupArn",), "arn", tg_arn, body=tg.body)
                b.put(path + ("Weight",), "weight", number, body=tg.body)

    for i, cond in enumerate(repeated(b, "condition", ("Conditions",))):
        base = ("Conditions", i)
        b.put_value(base, {}, b.block_at(cond))
        if "field" in cond.body.attributes:  # the provider's old form: field = "path-pattern", values
            b.put(base + ("Field",), "field", body=cond.body)
            b.put(base + ("Values",), "values", body=cond.body)
            continue
        for name, field in _CONDITION_FIELDS.items():
            blk = next(iter(b.blocks(name, cond.body)), None)
            if blk is None:
                continue
            b.put_value(base + ("Field",), field, b.block_at(blk))
            if name == "path_pattern":
                b.put_value(base + ("PathPatternConfig",), {}, b.block_at(blk))
                b.put(base + ("PathPatternConfig", "Values"), "values", body=blk.body)
            break


mapper("aws_lb_listener_rule", RULES)(_listener_rule)
mapper("aws_alb_listener_rule", RULES)(_listener_rule)
