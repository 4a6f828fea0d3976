"""DOA206: the service's load balancer targets the application container on the catalog port."""

from doalint.engine.registry import Rule, Violation

EXTERNAL = "EXTERNAL"  # controller whose load balancers live on task sets


RULE = Rule("DOA206", needs_service=True)


def check(svc, ctx):
    entry = ctx.service
    name = ctx.profile.fill(ctx.profile.task.app_container, entry)
    port = entry.port
    lbs = [(i, lb) for i, lb in enumerate(svc.loadBalancers or []) if lb is not None]
    if not lbs:
        if svc.loadBalancers:
            return  # entries that are not objects are DOA002's finding
        if svc.loadBalancers is None and svc.controller() == EXTERNAL:
            return  # set on the service's task sets instead
        found = "is not set" if svc.loadBalancers is None else "is empty"
        yield Violation(
            ("loadBalancers",),
            f"loadBalancers {found}, so the ALB sends no traffic to {entry.name}'s tasks; "
            f"register container {name!r} on port {port}",
        )
        return
    if any(lb.containerName == name and lb.containerPort == port for _, lb in lbs):
        return
    # No entry targets the application container on its port. Entries naming that
    # container are the ones meant for it (others may serve a sidecar): report their
    # port; when none names it, report each entry's container name and port.
    named = [(i, lb) for i, lb in lbs if lb.containerName == name]
    for i, lb in named or lbs:
        where = ("loadBalancers", i)
        if lb.containerName != name:
            got = f"is {lb.containerName!r}" if lb.containerName is not None else "is not set"
            yield Violation(
                where + ("containerName",),
                f"loadBalancers[{i}].containerName {got}; the load balancer must target {entry.name}'s "
                f"application container {name!r}",
            )
        if lb.containerPort != port:
            got = f"is {lb.containerPort}" if lb.containerPort is not None else "is not set"
            yield Violation(
                where + ("containerPort",),
                f"loadBalancers[{i}].containerPort {got}; {entry.name} listens on {port}",
            )
