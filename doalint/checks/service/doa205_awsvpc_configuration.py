"""DOA205: tasks get no public IP, span enough subnets and sit behind a security group."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

EXTERNAL = "EXTERNAL"  # controller whose network configuration lives on task sets


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


RULE = Rule("DOA205", needs_service=False)


def check(svc, ctx):
    st = ctx.profile.service
    nc = svc.networkConfiguration
    base = ("networkConfiguration", "awsvpcConfiguration")
    vpc = nc.awsvpcConfiguration if nc is not None else None
    if vpc is None:
        if svc.controller() == EXTERNAL:
            return  # set on the service's task sets instead
        what = "networkConfiguration" if nc is None else "networkConfiguration.awsvpcConfiguration"
        yield Violation(
            base[:1] if nc is None else base,
            f"{what} is not set; Fargate tasks use awsvpc networking and need at least "
            f"{_plural(st.min_subnets, 'subnet')}, {_plural(st.min_security_groups, 'security group')} "
            f"and assignPublicIp {st.assign_public_ip!r}",
        )
        return

    ip = vpc.assignPublicIp
    default = ctx.facts.defaults.ecs_service.assignPublicIp  # rules/aws-facts.yaml
    if (ip or default) != st.assign_public_ip:
        if ip is None:
            msg = (f"assignPublicIp is not set, so ECS uses {default!r}; "
                   f"the standard requires {st.assign_public_ip!r}")
        else:
            msg = f"assignPublicIp is {ip!r}; the standard requires {st.assign_public_ip!r}"
            if ip == "ENABLED":
                msg = (f"assignPublicIp is 'ENABLED', so every task gets a public IP address reachable from the "
                       f"internet past the load balancer; the standard requires {st.assign_public_ip!r}")
        yield Violation(base + ("assignPublicIp",), msg,
                        fix=Fix(f"set assignPublicIp to {st.assign_public_ip}",
                                [Set(base + ("assignPublicIp",), st.assign_public_ip)]))

    subnets = {s for s in (vpc.subnets or []) if s}
    if len(subnets) < st.min_subnets:
        found = "lists no subnets" if not subnets else f"lists {_plural(len(subnets), 'distinct subnet')}"
        yield Violation(
            base + ("subnets",),
            f"awsvpcConfiguration.subnets {found}; the standard requires at least {st.min_subnets}, "
            "in different Availability Zones, so that the service survives the loss of a zone",
        )

    groups = {g for g in (vpc.securityGroups or []) if g}
    if len(groups) < st.min_security_groups:
        if vpc.securityGroups is None:
            found = "is not set, so ECS attaches the VPC's default security group"
        elif not groups:
            found = "is empty"
        else:
            found = f"lists {_plural(len(groups), 'group')}"
        yield Violation(
            base + ("securityGroups",),
            f"awsvpcConfiguration.securityGroups {found}; the standard requires at least "
            f"{_plural(st.min_security_groups, 'security group')} of the service's own",
        )
