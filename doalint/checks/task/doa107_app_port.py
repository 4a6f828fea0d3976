"""DOA107: the application container maps the catalog port over tcp."""

from doalint.checks._ecs import app_container
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA107", needs_service=True)


def check(task, ctx):
    index, c = app_container(task, ctx)
    if c is None:
        return  # DOA106 reports the missing application container
    port, proto = ctx.service.port, ctx.profile.task.port_protocol
    base = ("containerDefinitions", index)
    who = f"container {c.name!r}" if c.name else f"containerDefinitions[{index}]"
    mappings = [(j, m) for j, m in enumerate(c.portMappings) if m is not None]
    on_port = [(j, m) for j, m in mappings if m.containerPort == port]
    default = ctx.facts.defaults.port_mapping_protocol  # for an omitted protocol (rules/aws-facts.yaml)
    for j, m in on_port:
        if (m.protocol or default) == proto:
            return
    if on_port:
        j, m = on_port[0]
        yield Violation(
            base + ("portMappings", j, "protocol"),
            f"{who} maps {port} with protocol {m.protocol!r}; the standard requires {proto!r}",
        )
        return
    with_port = [(j, m) for j, m in mappings if m.containerPort is not None]
    if not with_port:
        yield Violation(
            base + ("portMappings",),
            f"{who} maps no containerPort; it must expose {port}/{proto}, {ctx.service.name}'s port in the catalog",
        )
        return
    listed = ", ".join(str(m.containerPort) for _, m in with_port)
    if len(with_port) == 1:
        where = base + ("portMappings", with_port[0][0], "containerPort")
    else:
        where = base + ("portMappings",)
    yield Violation(
        where,
        f"{who} listens on {listed}; {ctx.service.name}'s port is {port}",
    )
