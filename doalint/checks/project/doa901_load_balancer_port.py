"""DOA901: a service's load balancer container and port exist in its task definition."""

from doalint.engine.registry import Related, Rule, Violation
from doalint.project import called, iter_container_ports


RULE = Rule("DOA901", needs_service=False)


def check(project, ctx):
    for svc in project.services():
        task = project.task_definition_of(svc)
        if task is None:
            continue
        family = task.model.family
        td_name = called(task, "task definition",
                         f"{family}:{task.model.revision}" if family and task.model.revision else family)
        svc_name = called(svc, "service", svc.model.serviceName, own=True)
        containers = {c.name: (i, c) for i, c in task.model.containers() if c.name}
        for k, lb in enumerate(svc.model.loadBalancers or []):
            if lb is None or lb.containerName is None:
                continue
            where = ("loadBalancers", k)
            if lb.containerName not in containers:
                names = ", ".join(sorted(containers)) or "none"
                yield Violation(where + ("containerName",),
                                f"{svc_name} sends load balancer traffic to container "
                                f"{lb.containerName!r}; {td_name} has no such container "
                                f"(its containers: {names})", doc=svc,
                                related=(Related(("containerDefinitions",), "the task definition's containers",
                                                 doc=task),))
                continue
            i, c = containers[lb.containerName]
            ports = [(j, p) for ci, _, j, p in iter_container_ports(task) if ci == i]
            if lb.containerPort is not None and lb.containerPort not in [p for _, p in ports]:
                exposed = ", ".join(str(p) for _, p in ports) or "no port"
                target = ("containerDefinitions", i, "portMappings", ports[0][0], "containerPort") if ports else \
                    ("containerDefinitions", i)
                yield Violation(where + ("containerPort",),
                                f"{svc_name} targets container port {lb.containerPort}, "
                                f"{td_name} exposes {exposed} on {lb.containerName!r}",
                                doc=svc, related=(Related(target, "the container's port mappings", doc=task),))
