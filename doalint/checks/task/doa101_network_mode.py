"""DOA101: the task definition uses the awsvpc network mode."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set


RULE = Rule("DOA101", needs_service=False)


def check(task, ctx):
    want = ctx.profile.task.network_mode
    if task.networkMode == want:
        return
    if task.networkMode is None:
        yield Violation(
            ("networkMode",),
            f"networkMode is not set (ECS then uses 'bridge' on EC2, which Fargate rejects); set it to {want!r}",
            fix=_fix(want),
        )
    else:
        yield Violation(("networkMode",), f"networkMode is {task.networkMode!r}; the standard requires {want!r}",
                        fix=_fix(want))


def _fix(want: str) -> Fix:
    # unsafe: with awsvpc each task has its own network interface, and a hostPort must equal its
    # containerPort; the port mappings may need a change too
    return Fix(f"set networkMode to {want}", [Set(("networkMode",), want)], safe=False)
