"""DOA903: an auto scaling ResourceId names a service of the run, and the service's
desiredCount lies within its scalable target's range."""

from doalint.engine.registry import Related, Rule, Violation


def _service_of(resource_id):
    parts = (resource_id or "").split("/")
    return (parts[1], parts[2]) if len(parts) == 3 and parts[0] == "service" else (None, None)


RULE = Rule("DOA903", needs_service=False)


def check(project, ctx):
    services = {s.model.serviceName: s for s in project.services() if s.model.serviceName}
    if not services:
        return  # the other side of the relation is not in this run
    for kind in ("autoscaling-scalable-target", "autoscaling-scaling-policy"):
        for doc in project.of(kind):
            cluster, name = _service_of(getattr(doc.model, "ResourceId", None))
            if name is None:
                continue  # a malformed ResourceId is DOA305's
            if name not in services:
                known = ", ".join(sorted(services))
                yield Violation(("ResourceId",),
                                f"ResourceId names service {name!r}, which no service of this run defines "
                                f"(services: {known}); the policy would scale nothing", doc=doc,
                                related=(Related(("serviceName",), "a service of this run",
                                                 doc=services[sorted(services)[0]]),))
    for target in project.of("autoscaling-scalable-target"):
        _, name = _service_of(getattr(target.model, "ResourceId", None))
        svc = services.get(name)
        lo, hi = getattr(target.model, "MinCapacity", None), getattr(target.model, "MaxCapacity", None)
        if svc is None or svc.model.desiredCount is None or lo is None or hi is None:
            continue
        if not lo <= svc.model.desiredCount <= hi:
            yield Violation(("desiredCount",),
                            f"service {name} starts {svc.model.desiredCount} tasks; its scalable target keeps it "
                            f"between {lo} and {hi}, so auto scaling moves it at once", doc=svc,
                            related=(Related(("MinCapacity",), "the scalable target's range", doc=target),))
