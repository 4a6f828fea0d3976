"""DOA703: no security group other than the ALB's admits anything from anywhere."""

from doalint.checks.securitygroups._perm import role, traffic, anywhere_sources
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA703", needs_service=False)


def check(sg, ctx):
    if role(sg, ctx) == "alb":
        return  # the load balancer's group is DOA701's
    settings = ctx.profile.security_groups
    for i, perm in enumerate(sg.IpPermissions):
        if perm is None:
            continue
        for path, cidr in anywhere_sources(perm, settings.anywhere):
            yield Violation(
                ("IpPermissions", i) + path,
                f"admits {traffic(perm)} from {cidr} (anywhere); only the load balancer's group may "
                f"be reached from the internet, on tcp {' and '.join(str(p) for p in settings.alb.public_ports)}",
            )
