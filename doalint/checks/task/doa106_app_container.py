"""DOA106: the application container is named after the service and is essential."""

from doalint.engine.registry import Rule, Violation




RULE = Rule("DOA106", needs_service=True)


def check(task, ctx):
    want = ctx.profile.fill(ctx.profile.task.app_container, ctx.service)
    containers = task.containers()
    for i, c in containers:
        if c.name != want:
            continue
        # AWS treats an omitted `essential` as true; only an explicit false is wrong.
        if c.essential is False:
            if len(containers) == 1:
                why = "it is the only container, and ECS refuses a task definition without an essential container"
            else:
                why = ("when the application exits, ECS keeps the task running on its other containers "
                       "instead of replacing it")
            yield Violation(("containerDefinitions", i, "essential"), f"container {want!r} has essential: false; {why}")
        return
    names = [c.name for _, c in containers if c.name]
    if names:
        listed = ", ".join(repr(n) for n in names)
        found = f"the containers are {listed}" if len(names) > 1 else f"the only container is {listed}"
    elif containers:
        found = "no container has a name"
    else:
        found = "containerDefinitions has no container"
    yield Violation(
        ("containerDefinitions",),
        f"no container is named {want!r} ({found}); the application container must be named after "
        f"the service {ctx.service.name!r}",
    )
