"""DOA902: the target group's health check and the container's health check agree on path and port."""

import re

from doalint.engine.registry import Related, Rule, Violation
from doalint.project import called, iter_container_ports, target_group_name

_URL = re.compile(r"https?://[^/\s:]+(?::(\d+))?(/[^\s'\"|;&]*)?")
TRAFFIC_PORT = "traffic-port"  # ELB's value for "the port the target receives traffic on"


RULE = Rule("DOA902", needs_service=False)


def check(project, ctx):
    groups = project.target_groups()
    for svc in project.services():
        task = project.task_definition_of(svc)
        if task is None:
            continue
        containers = {c.name: (i, c) for i, c in task.model.containers() if c.name}
        for lb in svc.model.loadBalancers or []:
            if lb is None or lb.containerName not in containers:
                continue
            tg = groups.get(target_group_name(lb.targetGroupArn) or "")
            if tg is None:
                continue
            i, c = containers[lb.containerName]
            hc = c.healthCheck
            text = " ".join(x for x in (hc.command or [])[1:] if x) if hc and hc.command else ""
            m = _URL.search(text)
            if not m:
                continue
            c_port = int(m.group(1)) if m.group(1) else 80
            c_path = (m.group(2) or "/").rstrip("/") or "/"
            tg_path = getattr(tg.model, "HealthCheckPath", None)
            container_at = ("containerDefinitions", i, "healthCheck", "command")
            if tg_path and tg_path.rstrip("/") != c_path.rstrip("/"):
                yield Violation(("HealthCheckPath",),
                                f"target group {target_group_name(lb.targetGroupArn)} checks {tg_path}; container "
                                f"{lb.containerName!r} of {called(task, 'task definition', task.model.family)} checks {c_path}: a task can pass "
                                "one check and fail the other", doc=tg,
                                related=(Related(container_at, "the container's health check", doc=task),))
            tg_port = getattr(tg.model, "HealthCheckPort", None)
            if tg_port and str(tg_port) != TRAFFIC_PORT:
                served = [p for ci, _, _, p in iter_container_ports(task) if ci == i]
                if str(tg_port) != str(c_port) or (served and int(tg_port) not in served):
                    yield Violation(("HealthCheckPort",),
                                    f"target group {target_group_name(lb.targetGroupArn)} health-checks port "
                                    f"{tg_port}; container {lb.containerName!r} serves its health check on "
                                    f"{c_port}", doc=tg,
                                    related=(Related(container_at, "the container's health check", doc=task),))
