"""DOA703: no security group other than the ALB's admits anything from anywhere."""

from doalint.checks.securitygroups._perm import anywhere_sources, group_sources, other_cidrs, role, traffic
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Delete, Fix


RULE = Rule("DOA703", needs_service=False)


def check(sg, ctx):
    if role(sg, ctx) == "alb":
        return  # the load balancer's group is DOA701's
    settings = ctx.profile.security_groups
    for i, perm in enumerate(sg.IpPermissions):
        if perm is None:
            continue
        sources = anywhere_sources(perm, settings.anywhere)
        # unsafe: whatever reached the tasks from outside through this rule no longer does; offered only
        # for a rule whose every source is the internet (removing it takes nothing else away)
        only = bool(sources) and not other_cidrs(perm, settings.anywhere) and not group_sources(perm) and \
            not getattr(perm, "PrefixListIds", None)
        fix = Fix(f"remove the rule admitting {traffic(perm)} from anywhere", [Delete(("IpPermissions", i))],
                  safe=False) if only else None
        for path, cidr in sources:
            yield Violation(
                ("IpPermissions", i) + path,
                f"admits {traffic(perm)} from {cidr} (anywhere); only the load balancer's group may "
                f"be reached from the internet, on tcp {' and '.join(str(p) for p in settings.alb.public_ports)}",
                fix=fix,
            )
