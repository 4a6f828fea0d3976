"""DOA702: the ECS tasks' security group admits only tcp on the service port range from the
ALB's group, plus traffic from itself."""

from doalint.checks.securitygroups._perm import role, roles, traffic, ALL, group_sources, other_cidrs, protocol
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA702", needs_service=False)


def check(sg, ctx):
    if role(sg, ctx) != "tasks":
        return
    settings = ctx.profile.security_groups
    lo, hi = settings.tasks.port_range
    known = roles(sg, ctx)
    me = ctx.doc.meta.get("self") or sg.GroupId
    for i, perm in enumerate(sg.IpPermissions):
        if perm is None or protocol(perm) == ALL:
            continue  # all-protocol rules are DOA704's
        base = ("IpPermissions", i)
        sources = group_sources(perm)
        only_self = sources and all(g == me for _, g in sources) and not other_cidrs(perm, settings.anywhere)
        if only_self:
            continue
        in_range = protocol(perm) == "tcp" and perm.FromPort is not None and perm.ToPort is not None \
            and lo <= perm.FromPort <= perm.ToPort <= hi
        if not in_range:
            yield Violation(base + ("FromPort",),
                            f"the tasks' group admits {traffic(perm)}; the standard admits only "
                            f"tcp {lo}-{hi} (the services' ports) from the load balancer's group")
        for path, group in sources:
            if group is not None and group != me and known.get(group) != "alb":  # None: which group is not known
                yield Violation(base + path,
                                f"the tasks' group admits traffic from {group}, which is not the load balancer's "
                                "group; tasks take traffic only from the ALB (and from each other)")
        for path, cidr in other_cidrs(perm, settings.anywhere):
            yield Violation(base + path,
                            f"the tasks' group admits traffic from {cidr}; tasks take traffic only from the load "
                            "balancer's group (and from each other), never from address ranges")
