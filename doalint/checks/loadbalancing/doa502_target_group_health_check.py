"""DOA502: the target group's health check, target type and deregistration delay are the standard's."""

from doalint.checks._show import value
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set
from doalint.kinds.elbv2 import attributes_only as is_attributes_document

DEREGISTRATION_KEY = "deregistration_delay.timeout_seconds"
LAMBDA = "lambda"
ALB_PROTOCOLS = ("HTTP", "HTTPS")
GENEVE = "GENEVE"


def _aws_defaults(tg, defaults) -> dict:
    """The value AWS uses for each omitted health check setting of this target group
    (rules/aws-facts.yaml, defaults.target_group)."""
    lam = (tg.TargetType or defaults.TargetType) == LAMBDA
    proto = tg.Protocol
    if lam:
        kind = "lambda"
    elif proto is None or proto in ALB_PROTOCOLS:
        kind = "alb"
    elif proto == GENEVE:
        kind = "geneve"
    else:
        kind = "nlb"
    return dict(defaults.health_check[kind])


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


RULE = Rule("DOA502", needs_service=False)


def check(tg, ctx):
    lb = ctx.profile.load_balancing
    doc = ctx.doc
    tg_defaults = ctx.facts.defaults.target_group  # what AWS uses for omitted settings
    attributes_only = is_attributes_document(doc.data)  # attributes, no target group settings
    if not attributes_only:
        yield from _health_check(tg, lb, tg_defaults)
        target_type = tg.TargetType
        if (target_type or tg_defaults.TargetType) != lb.target_type:
            got = (f"is not set, so AWS uses {tg_defaults.TargetType!r}" if target_type is None
                   else f"is {target_type!r}")
            yield Violation(
                ("TargetType",),
                f"TargetType {got}; the standard requires {lb.target_type!r}: Fargate tasks use awsvpc "
                "networking and can only be registered by their IP address",
            )
    yield from _deregistration_delay(tg, lb, doc.variant == "output" or attributes_only, tg_defaults)


def _health_check(tg, lb, tg_defaults):
    hc = lb.health_check
    defaults = _aws_defaults(tg, tg_defaults)
    if tg.HealthCheckEnabled is False:
        yield Violation(
            ("HealthCheckEnabled",),
            "HealthCheckEnabled is false, so the load balancer keeps routing to tasks that stopped answering; "
            f"the standard requires an {hc.protocol} health check on {hc.path!r}",
        )
    matcher = tg.Matcher.HttpCode if tg.Matcher is not None else None
    checks = (
        (("HealthCheckProtocol",), tg.HealthCheckProtocol, hc.protocol),
        (("HealthCheckPath",), tg.HealthCheckPath, hc.path),
        (("HealthCheckIntervalSeconds",), tg.HealthCheckIntervalSeconds, hc.interval),
        (("HealthCheckTimeoutSeconds",), tg.HealthCheckTimeoutSeconds, hc.timeout),
        (("HealthyThresholdCount",), tg.HealthyThresholdCount, hc.healthy_threshold),
        (("UnhealthyThresholdCount",), tg.UnhealthyThresholdCount, hc.unhealthy_threshold),
        (("Matcher", "HttpCode"), matcher.strip() if matcher is not None else None, hc.matcher),
    )
    for path, got, want in checks:
        name = ".".join(path)
        default = defaults[name]
        if (default if got is None else got) == want:
            continue
        fix = Fix(f"set {name} to {want}", [Set(path, want)])
        if got is None:
            yield Violation(path, f"{name} is not set, so AWS uses {_show(default)}; the standard requires {_show(want)}",
                            fix=fix)
        else:
            yield Violation(path, f"{name} is {_show(got)}; the standard requires {_show(want)}", fix=fix)


def _deregistration_delay(tg, lb, described: bool, tg_defaults):
    want = lb.deregistration_delay
    index, raw = tg.attribute(DEREGISTRATION_KEY)
    if index is not None:
        path = ("Attributes", index, "Value")
        try:
            got = int(str(raw).strip())
        except ValueError:
            yield Violation(
                path,
                f"attribute {DEREGISTRATION_KEY} "
                f"{'has no value' if raw is None else f'is {value(raw)}, not a number of seconds'}; the standard requires "
                f"{want}",
            )
            return
        if got != want:
            # (the attribute's value is a string in the API: written as one)
            yield Violation(path, f"attribute {DEREGISTRATION_KEY} is {got} seconds; the standard requires {want}",
                            fix=Fix(f"set {DEREGISTRATION_KEY} to {want}", [Set(path, str(want))]))
        return
    if tg.DeregistrationDelay is not None:
        # Not an API member (DOA002 says so), but it states the intended value: check that too.
        if tg.DeregistrationDelay != want:
            yield Violation(
                ("DeregistrationDelay",),
                f"DeregistrationDelay is {tg.DeregistrationDelay} seconds; the standard requires {want} (set as the "
                f"target group attribute {DEREGISTRATION_KEY})",
            )
        return
    if described:
        # describe-target-groups output carries no attributes, describe-target-group-attributes output
        # of a Lambda target group has no deregistration delay, and modify-target-group-attributes
        # leaves attributes it does not name unchanged: nothing to conclude.
        return
    if (tg.TargetType or tg_defaults.TargetType) == LAMBDA:
        return  # Lambda target groups have no deregistration delay (TargetType is reported instead)
    if tg_defaults.deregistration_delay_seconds != want:
        yield Violation(
            ("Attributes",),
            f"no deregistration delay is set, so a deregistering task drains for AWS's default of "
            f"{tg_defaults.deregistration_delay_seconds} seconds, slowing every deployment; the standard requires "
            f"{want} "
            f"(target group attribute {DEREGISTRATION_KEY})",
        )
