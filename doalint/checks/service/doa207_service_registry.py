"""DOA207: the service registers its tasks in Cloud Map (serviceRegistries)."""

from doalint.engine.registry import Rule, Violation

EXTERNAL = "EXTERNAL"  # controller whose service registries live on task sets


RULE = Rule("DOA207", needs_service=False)


def check(svc, ctx):
    if svc.serviceRegistries:
        return  # set (entries that are not objects are DOA002's finding)
    if svc.serviceRegistries is None:
        if svc.controller() == EXTERNAL:
            return  # set on the service's task sets instead
        found = "serviceRegistries is not set"
    else:
        found = "serviceRegistries is empty"
    name = svc.serviceName or "the service"
    yield Violation(
        ("serviceRegistries",),
        f"{found}, so {name}'s tasks are not registered in Cloud Map and other services cannot "
        "resolve them by name; add the registry ARN of its Cloud Map service",
    )
