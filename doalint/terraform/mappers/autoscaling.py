"""Application Auto Scaling: aws_appautoscaling_target (autoscaling-scalable-target) and
aws_appautoscaling_policy (autoscaling-scaling-policy), in RegisterScalableTarget /
PutScalingPolicy key names.

Only what the DOA3xx rules read is mapped: the scalable resource (ResourceId,
ScalableDimension, ServiceNamespace), the target's capacity range and a policy's target
tracking configuration. A policy usually names its resource through the target
(``aws_appautoscaling_target.x.resource_id``), which resolves to the target's own literal
argument. A request count policy's ResourceLabel is usually built from the ``arn_suffix``
of the module's load balancer and target group; it is rebuilt from their names (the ids
are only known after apply), so DOA303 can tell whose target group it counts. A cooldown
left out of the target tracking block is what the provider sends for it: 0 (see below).
A ``dynamic`` target tracking (or predefined metric) block is unknown (DOA003).
"""

from __future__ import annotations

from typing import Any, Optional

from doalint import arns
from doalint.terraform import hcl
from doalint.values import Ref, Unknown
from doalint.terraform.resources import Builder, mapper, number

TT = "TargetTrackingScalingPolicyConfiguration"
PMS = "PredefinedMetricSpecification"

# What the AWS provider sends for a scale_in_cooldown / scale_out_cooldown left out of a
# target_tracking_scaling_policy_configuration block: the arguments have no schema default and
# the provider copies every key of the block into the request, an unset int as 0
# (internal/service/appautoscaling/policy.go, expandTargetTrackingScalingPolicyConfiguration).
# So Application Auto Scaling's own default (300 seconds for ECS) never applies to Terraform.
PROVIDER_OMITTED_COOLDOWN = 0

# arn_suffix of a load balancer is app/<name>/<id>, of a target group targetgroup/<name>/<id>;
# arn (and id) is arn:<partition>:elasticloadbalancing:<region>:<account>:loadbalancer/<suffix>
# for a load balancer, ...:<suffix> for a target group (AWS provider docs). The parts only
# apply knows are written as "*" (the region too, unless the provider block names it).
_ID = "*"
_SUFFIX_FORM = {
    "aws_lb": "app/{name}/" + _ID,
    "aws_alb": "app/{name}/" + _ID,
    "aws_lb_target_group": "targetgroup/{name}/" + _ID,
    "aws_alb_target_group": "targetgroup/{name}/" + _ID,
}
_ARN_TYPE = {"aws_lb": "loadbalancer/", "aws_alb": "loadbalancer/",
             "aws_lb_target_group": "", "aws_alb_target_group": ""}


def _cooldown(v: Any) -> Any:
    return PROVIDER_OMITTED_COOLDOWN if v is None else number(v)


def _scalable_resource(b: Builder) -> None:
    b.put(("ServiceNamespace",), "service_namespace")
    b.put(("ResourceId",), "resource_id")
    b.put(("ScalableDimension",), "scalable_dimension")


@mapper("aws_appautoscaling_target", "autoscaling-scalable-target")
def scalable_target(b: Builder) -> None:
    _scalable_resource(b)
    rid = b.value("resource_id")
    if isinstance(rid, Unknown) or (isinstance(rid, Ref) and rid.opaque):
        # the capacity range is read (DOA306) only for a service known from the ResourceId
        return
    b.put(("MinCapacity",), "min_capacity", number)
    b.put(("MaxCapacity",), "max_capacity", number)


def _elb_value(b: Builder, value: Any) -> Optional[str]:
    """``arn_suffix`` (or ``arn`` / ``id``, a common mistake) of the module's load balancer or
    target group, from the resource's literal name (None when it is not known)."""
    if not (isinstance(value, Ref) and value.opaque and value.attribute in ("arn_suffix", "arn", "id")):
        return None
    res = b.module.resources.get(value.address)
    form = _SUFFIX_FORM.get(res.type) if res is not None and res.mode == "resource" else None
    if form is None:
        return None
    name = b.module.literal_attribute(res, "name")
    if not isinstance(name, str) or isinstance(name, Ref) or not name:
        return None
    suffix = form.format(name=name)
    if value.attribute == "arn_suffix":
        return suffix
    region = b.module.region if isinstance(b.module.region, str) and b.module.region else "*"
    return arns.build("elasticloadbalancing", _ARN_TYPE[res.type] + suffix, region)


def _parts(expr: hcl.Node) -> list:
    """The text pieces (str) and expressions that make up a string: those of a template, of
    ``format("%s/%s", a, b)``, or the expression itself."""
    if isinstance(expr, hcl.Template) and not expr.directives and not expr.heredoc:
        return list(expr.parts)
    fmt = expr.args[0] if isinstance(expr, hcl.Call) and expr.name == "format" and expr.args else None
    if isinstance(fmt, hcl.Literal) and isinstance(fmt.value, str) and not expr.expand:
        pieces = fmt.value.replace("%%", "\0").split("%s")
        if len(pieces) == len(expr.args) and "%" not in "".join(pieces):
            out: list = []
            for piece, arg in zip(pieces, expr.args[1:] + [None]):
                out.append(piece.replace("\0", "%"))
                if arg is not None:
                    out.append(arg)
            return out
    return [expr]


def _resource_label(b: Builder, path: tuple, body: hcl.Body) -> None:
    """ResourceLabel, with the arn_suffix of the module's load balancer and target group
    written out from their names (``"${aws_lb.x.arn_suffix}/${aws_lb_target_group.y.arn_suffix}"``,
    or the same with format())."""
    attr = body.attributes.get("resource_label")
    if attr is None:
        return
    parts = _parts(attr.expr)
    out, rebuilt = [], False
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        value = b.ev.evaluate(part, getattr(body, "env", None))
        suffix = _elb_value(b, value)
        if suffix is not None:
            out.append(suffix)
            rebuilt = True
        elif isinstance(value, str) and not isinstance(value, Ref):
            out.append(value)
        else:
            break
    else:
        if rebuilt:
            b.put_value(path, "".join(out), (attr.start, attr.name_end))
            return
    b.put(path, "resource_label", body=body)


@mapper("aws_appautoscaling_policy", "autoscaling-scaling-policy")
def scaling_policy(b: Builder) -> None:
    _scalable_resource(b)
    body = b.res.block.body
    blocks = b.blocks("target_tracking_scaling_policy_configuration")
    if not blocks:
        b.dynamic("target_tracking_scaling_policy_configuration", (TT,), body)
    for blk in blocks[:1]:
        b.put_value((TT,), {}, b.block_at(blk))
        b.put((TT, "TargetValue"), "target_value", number, body=blk.body)
        for key, tf_name in (("ScaleInCooldown", "scale_in_cooldown"), ("ScaleOutCooldown", "scale_out_cooldown")):
            if tf_name in blk.body.attributes:  # null is left out too
                b.put((TT, key), tf_name, _cooldown, body=blk.body)
            else:
                b.put_value((TT, key), PROVIDER_OMITTED_COOLDOWN, b.block_at(blk))
                b.slot((TT, key), tf_name, blk.body)  # (where a fix writes it)
                b.out.meta.setdefault("notes", {})[(TT, key)] = (
                    f"{tf_name} is left out, and the AWS provider then sends {PROVIDER_OMITTED_COOLDOWN}")
        specs = b.blocks("predefined_metric_specification", blk.body)
        if not specs:
            b.dynamic("predefined_metric_specification", (TT, PMS), blk.body)
        for spec in specs[:1]:
            b.put_value((TT, PMS), {}, b.block_at(spec))
            b.put((TT, PMS, "PredefinedMetricType"), "predefined_metric_type", body=spec.body)
            _resource_label(b, (TT, PMS, "ResourceLabel"), spec.body)
        # a customized metric: no rule reads its parts, only that the policy does not track
        # a predefined metric
        for spec in b.blocks("customized_metric_specification", blk.body)[:1]:
            b.put_value((TT, "CustomizedMetricSpecification"), {}, b.block_at(spec))
