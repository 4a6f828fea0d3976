"""DOA906: each service has its own port, inside the ECS tasks security group's range."""

from doalint.engine.registry import PROJECT, Related, Violation, rule


def _app_port(task, profile):
    """(path, port) of the application container's first port mapping."""
    service = profile.services.get(task.model.family or "")
    want = profile.fill(profile.task.app_container, service) if service else task.model.family
    containers = task.model.containers()
    for i, c in containers:
        if c.name == want or len(containers) == 1:
            for j, pm in enumerate(c.portMappings):
                if pm is not None and pm.containerPort is not None:
                    return ("containerDefinitions", i, "portMappings", j, "containerPort"), pm.containerPort
    return None, None


@rule("DOA906", kinds=(PROJECT,), needs_service=False)
def unique_ports(project, ctx):
    lo, hi = ctx.profile.security_groups.tasks.port_range
    owners: dict[int, tuple] = {}
    for task in project.of("ecs-task-definition"):
        path, port = _app_port(task, ctx.profile)
        if port is None:
            continue
        family = task.model.family
        if not lo <= port <= hi:
            yield Violation(path, f"task definition {family} listens on {port}, outside the tasks security "
                                  f"group's range {lo}-{hi}: the load balancer cannot reach it", doc=task)
        first = owners.get(port)
        if first is not None and first[0] != family:
            yield Violation(path, f"task definition {family} listens on {port}, the port of {first[0]} too; each "
                                  "service has a port of its own", doc=task,
                            related=(Related(first[1], f"{first[0]} on {port}", doc=first[2]),))
        elif first is None:
            owners[port] = (family, path, task)
