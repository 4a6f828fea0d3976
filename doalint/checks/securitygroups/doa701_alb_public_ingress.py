"""DOA701: the ALB's security group admits traffic from anywhere only on tcp 80 and 443."""

from doalint.checks.securitygroups._perm import role, traffic, anywhere_sources, protocol
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA701", needs_service=False)


def check(sg, ctx):
    if role(sg, ctx) != "alb":
        return
    settings = ctx.profile.security_groups
    allowed = settings.alb.public_ports
    for i, perm in enumerate(sg.IpPermissions):
        if perm is None:
            continue
        open_to = anywhere_sources(perm, settings.anywhere)
        if not open_to:
            continue
        ok = protocol(perm) == "tcp" and perm.FromPort == perm.ToPort and perm.FromPort in allowed
        if ok:
            continue
        cidrs = ", ".join(c for _, c in open_to)
        yield Violation(
            ("IpPermissions", i, "IpProtocol"),
            f"the load balancer's group admits {traffic(perm)} from {cidrs}; from anywhere it "
            f"may admit only tcp {' and '.join(str(p) for p in allowed)}, one port per rule",
        )
