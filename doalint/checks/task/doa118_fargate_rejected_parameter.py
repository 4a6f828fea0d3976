"""DOA118: the task definition uses no parameter that Fargate rejects."""

from doalint.engine.registry import Rule, Violation


def _present(value) -> bool:
    """Set to something: not null, not false, not an empty string, list or object (0 counts)."""
    if value is None or value is False:
        return False
    if isinstance(value, (str, list, dict, tuple)) and not value:
        return False
    return True


def _show(value) -> str:
    if isinstance(value, (list, tuple, dict)):
        return "set"
    return f"{value!r}" if not isinstance(value, bool) else str(value).lower()


RULE = Rule("DOA118", needs_service=False)


def check(task, ctx):
    fargate = ctx.facts.fargate
    rejected = fargate.rejected
    for key in rejected.task:
        value = getattr(task, key, None)
        if _present(value):
            yield Violation((key,), f"{key} is {_show(value)}; Fargate does not support task-level {key}")
    for i, vol in enumerate(task.volumes or []):
        if vol is None:
            continue
        label = f"volume {vol.name!r}" if vol.name else f"volumes[{i}]"
        for dotted in rejected.volume:
            keys = tuple(dotted.split("."))
            got = vol
            for k in keys:
                got = getattr(got, k, None)
            if _present(got):
                why = ("Fargate has no host paths: a bind mount's data lives in the task's ephemeral storage, "
                       "so leave sourcePath out" if keys[-1] == "sourcePath" else
                       "Fargate does not support Docker volumes; use a bind mount (no host path) or an EFS or EBS volume")
                yield Violation(("volumes", i) + keys, f"{label}: {dotted} is {_show(got)}; {why}")
    allowed = fargate.allowed_capabilities
    for i, c in task.containers():
        base = ("containerDefinitions", i)
        label = f"container {c.name!r}" if c.name else f"containerDefinitions[{i}]"
        for key in rejected.container:
            value = getattr(c, key, None)
            if _present(value):
                yield Violation(base + (key,), f"{label}: {key} is {_show(value)}; Fargate does not support {key}")
        lp = c.linuxParameters
        if lp is not None:
            for key in rejected.linuxParameters:
                value = getattr(lp, key, None)
                if _present(value):
                    yield Violation(
                        base + ("linuxParameters", key),
                        f"{label}: linuxParameters.{key} is {_show(value)}; Fargate does not support it",
                    )
            caps = lp.capabilities.add if lp.capabilities is not None else None
            for j, cap in enumerate(caps or []):
                if cap is not None and cap not in allowed:
                    yield Violation(
                        base + ("linuxParameters", "capabilities", "add", j),
                        f"{label}: adds capability {cap!r}; Fargate only allows adding {', '.join(allowed)}",
                    )
        for j, req in enumerate(c.resourceRequirements or []):
            if req is not None and req.type in rejected.resource_requirements:
                article = "an" if req.type[:1] in ("A", "E", "I", "O", "U") else "a"  # an InferenceAccelerator
                yield Violation(
                    base + ("resourceRequirements", j, "type"),
                    f"{label}: requests {article} {req.type} resource; Fargate tasks cannot have one",
                )
        for j, pm in enumerate(c.portMappings):
            if pm is None or pm.hostPort is None or pm.hostPort == pm.containerPort:
                continue
            container_port = "not set" if pm.containerPort is None else str(pm.containerPort)
            yield Violation(
                base + ("portMappings", j, "hostPort"),
                f"{label}: hostPort is {pm.hostPort} but containerPort is {container_port}; "
                "with awsvpc on Fargate the host port must be omitted or equal the container port",
            )
