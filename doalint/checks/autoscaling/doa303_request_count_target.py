"""DOA303: an ALB request count policy targets the service's catalog RPS and names its target group."""

import re

from doalint import arns
from doalint.checks._show import number
from doalint.checks.autoscaling._policy import TT, target_fix, tracking
from doalint.engine.registry import Rule, Violation

# The ResourceLabel of ALBRequestCountPerTarget (AWS API fact): the final parts of the load
# balancer's and the target group's ARNs, app/<alb>/<alb-id>/targetgroup/<tg>/<tg-id>.
LABEL_FORM = "app/<load-balancer-name>/<load-balancer-id>/targetgroup/<target-group-name>/<target-group-id>"
_LABEL = re.compile(r"^app/[^/]+/[^/]+/targetgroup/(?P<tg>[^/]+)/[^/]+$")


def _target_group_arn(label: str) -> bool:
    arn = arns.parse(label)
    return arn is not None and arn.partition != "" and arn.id_of("elasticloadbalancing", "targetgroup") is not None


def _owner(tg_name: str, services) -> str | None:
    """The catalog service a target group name belongs to: the name itself, or its
    longest catalog-service prefix followed by '-' (product-service-blue)."""
    best = None
    for name in services:
        if tg_name == name or tg_name.startswith(name + "-"):
            if best is None or len(name) > len(best):
                best = name
    return best


RULE = Rule("DOA303", needs_service=False)


def check(policy, ctx):
    metric = ctx.profile.autoscaling.requests.metric
    tt = tracking(policy, metric)
    if tt is None:
        return
    svc = ctx.service
    if svc is not None:
        want = svc.target_rps
        if tt.TargetValue is None:
            yield Violation(
                (TT, "TargetValue"),
                f"TargetValue is not set; the standard's {metric} target for {svc.name} is {want} "
                "(its target RPS in the catalog)",
                fix=target_fix((TT, "TargetValue"), want),
            )
        elif tt.TargetValue != want:
            yield Violation(
                (TT, "TargetValue"),
                f"TargetValue is {number(tt.TargetValue)}; the standard's {metric} target for {svc.name} is "
                f"{number(want)} "
                "(its target RPS in the catalog)",
                fix=target_fix((TT, "TargetValue"), want),
            )

    spec = (TT, "PredefinedMetricSpecification", "ResourceLabel")
    label = tt.PredefinedMetricSpecification.ResourceLabel
    if label is None:
        yield Violation(
            spec,
            f"ResourceLabel is not set; a policy on {metric} must name the target group whose requests it "
            f"counts, as {LABEL_FORM}",
        )
        return
    m = _LABEL.match(label)
    if m is None:
        if _target_group_arn(label):
            msg = (f"ResourceLabel {label!r} is a target group ARN; {metric} takes the label {LABEL_FORM} "
                   "(the ends of the load balancer's and the target group's ARNs)")
        else:
            msg = f"ResourceLabel {label!r} does not name a target group; the form is {LABEL_FORM}"
        yield Violation(spec, msg)
        return
    if svc is None:
        return
    owner = _owner(m.group("tg"), ctx.profile.services)
    if owner is not None and owner != svc.name:
        yield Violation(
            spec,
            f"ResourceLabel names target group {m.group('tg')!r}, which is {owner}'s; this policy scales "
            f"{svc.name}, so it would follow another service's request count",
        )
