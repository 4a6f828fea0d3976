"""DOA906: each service has its own port, inside the ECS tasks security group's range.

Both halves relate two sides, and each is judged only where both are in the project: two task
definitions for the port, a task definition and the tasks' security group for the range (what
that group admits, as written; a port nobody can tell is not judged)."""

from types import SimpleNamespace

from doalint.checks._ecs import app_container
from doalint.checks.securitygroups._perm import ALL, anywhere_sources, group_sources, other_cidrs, protocol, role, \
    traffic
from doalint.engine.registry import Context, Related, Rule, Violation
from doalint.project import called

_SHOWN = 3  # admitted port ranges named in a message


def _app_port(task, profile):
    """(path, port) of the application container's first port mapping."""
    service = profile.services.get(task.service) if task.service else None
    i, c = app_container(task.model, Context(profile, task, service))
    if c is None:
        return None, None
    for j, pm in enumerate(c.portMappings):
        if pm is not None and pm.containerPort is not None:
            return ("containerDefinitions", i, "portMappings", j, "containerPort"), pm.containerPort
    return None, None


def _tasks_ingress(project, profile) -> list[tuple]:
    """(document, index, permission) of each ingress rule of the project's tasks security groups that
    lets anything in but the group itself (a self-only rule lets tasks talk to each other, not the
    load balancer reach them)."""
    anywhere = profile.security_groups.anywhere
    out = []
    for d in project.of("ec2-security-group"):
        if d.meta.get("skip") or role(d.model, SimpleNamespace(doc=d, profile=profile)) != "tasks":
            continue
        me = d.meta.get("self") or d.model.GroupId
        for i, perm in enumerate(d.model.IpPermissions):
            if perm is None:
                continue
            sources = group_sources(perm)
            if sources and all(g == me for _, g in sources) and not other_cidrs(perm, anywhere) \
                    and not anywhere_sources(perm, anywhere):
                continue
            out.append((d, i, perm))
    return out


def _admitted(port: int, ingress: list[tuple]):
    """True: some rule admits ``port``; False: none does; None: a rule's protocol or ports are not
    known, so nobody can tell."""
    unknown = False
    for _, _, perm in ingress:
        proto = protocol(perm)
        if proto == ALL:
            return True
        if not proto:
            unknown = True
        elif proto == "tcp":
            if perm.FromPort is None or perm.ToPort is None:
                unknown = True
            elif perm.FromPort <= port <= perm.ToPort:
                return True
    return None if unknown else False


def _group_name(d) -> str:
    return d.address or d.model.GroupName or d.model.GroupId or "the tasks' security group"


RULE = Rule("DOA906", needs_service=False)


def check(project, ctx):
    ingress = _tasks_ingress(project, ctx.profile)
    owners: dict[int, tuple] = {}
    for task in project.of("ecs-task-definition"):
        path, port = _app_port(task, ctx.profile)
        if port is None:
            continue
        name = called(task, "task definition", task.model.family)
        if ingress and _admitted(port, ingress) is False:
            shown = sorted({traffic(perm) for _, _, perm in ingress})
            admits = ", ".join(shown[:_SHOWN]) + (f" and {len(shown) - _SHOWN} more" if len(shown) > _SHOWN else "")
            groups: dict[int, Related] = {}
            for d, i, perm in ingress:
                groups.setdefault(id(d), Related(("IpPermissions", i), f"{_group_name(d)} admits {traffic(perm)}",
                                                 doc=d))
            yield Violation(path, f"{name} listens on {port}, which the tasks' security group does not admit (it "
                                  f"admits {admits}): the load balancer cannot reach it", doc=task,
                            related=tuple(list(groups.values())[:_SHOWN]))
        # the service a port belongs to: its catalog service, else its family; a task definition
        # whose family is not known cannot be told apart from another one
        owner = task.service or task.model.family
        if not owner:
            continue
        first = owners.get(port)
        if first is not None and first[0] != owner:
            yield Violation(path, f"{name} listens on {port}, the port of {first[1]} too; each "
                                  "service has a port of its own", doc=task,
                            related=(Related(first[2], f"{first[1]} on {port}", doc=first[3]),))
        elif first is None:
            owners[port] = (owner, name, path, task)
