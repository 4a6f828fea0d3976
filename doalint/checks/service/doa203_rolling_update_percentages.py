"""DOA203: the rolling update keeps minimumHealthyPercent and maximumPercent at the standard's values."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

ROLLING_CONTROLLER = "ECS"
ROLLING_STRATEGY = "ROLLING"  # deploymentConfiguration.strategy; omitted means ROLLING


RULE = Rule("DOA203", needs_service=False)


def check(model, ctx):
    st = ctx.profile.service
    if ctx.doc.kind == "ecs-service":
        if model.controller() != ROLLING_CONTROLLER:
            return  # ECS ignores both values for CODE_DEPLOY/EXTERNAL services on Fargate
        dc = model.deploymentConfiguration
        base, prefix = ("deploymentConfiguration",), "deploymentConfiguration."
    else:
        dc, base, prefix = model, (), ""
    strategy = getattr(dc, "strategy", None) if dc is not None else None
    if strategy is not None and strategy != ROLLING_STRATEGY:
        return  # blue/green, linear and canary deployments are not rolling updates
    for key, wanted, meaning in (
        ("minimumHealthyPercent", st.minimum_healthy_percent, "of the desired tasks stay in service during a deployment"),
        ("maximumPercent", st.maximum_percent, "of the desired tasks may run during a deployment"),
    ):
        got = getattr(dc, key) if dc is not None else None
        if got is None:
            default = getattr(ctx.facts.defaults.ecs_service, key)  # rules/aws-facts.yaml
            if default != wanted:
                yield Violation(
                    base + (key,),
                    f"{prefix}{key} is not set, so ECS uses {default} ({default}% {meaning}); "
                    f"the standard's rolling update uses {wanted}",
                    fix=Fix(f"set {key} to {wanted}", [Set(base + (key,), wanted)]),
                )
        elif got != wanted:
            yield Violation(
                base + (key,),
                f"{prefix}{key} is {got} ({got}% {meaning}); the standard's rolling update uses {wanted}",
                fix=Fix(f"set {key} to {wanted}", [Set(base + (key,), wanted)]),
            )
