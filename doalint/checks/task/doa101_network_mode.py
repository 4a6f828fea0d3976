"""DOA101: the task definition uses the awsvpc network mode."""

from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA101", needs_service=False)


def check(task, ctx):
    want = ctx.profile.task.network_mode
    if task.networkMode == want:
        return
    if task.networkMode is None:
        yield Violation(
            ("networkMode",),
            f"networkMode is not set (ECS then uses 'bridge' on EC2, which Fargate rejects); set it to {want!r}",
        )
    else:
        yield Violation(("networkMode",), f"networkMode is {task.networkMode!r}; the standard requires {want!r}")
