"""DOA102: requiresCompatibilities contains FARGATE."""

from doalint.checks._show import json_list
from doalint.engine.registry import Rule, Violation




RULE = Rule("DOA102", needs_service=False)


def check(task, ctx):
    want = ctx.profile.task.compatibility
    have = [c for c in (task.requiresCompatibilities or []) if c is not None]
    if want in have:
        return
    if any(c.upper() == want.upper() for c in have):
        return  # misspelt case ('fargate'): DOA002 reports the value outside the API's enum
    if task.requiresCompatibilities is None:
        yield Violation(
            ("requiresCompatibilities",),
            f"requiresCompatibilities is not set, so ECS validates the task definition for EC2 only and "
            f"a {want} launch is refused; set it to {json_list([want])}",
        )
    elif not have:
        yield Violation(
            ("requiresCompatibilities",),
            f"requiresCompatibilities is empty; it must contain {want!r}",
        )
    else:
        yield Violation(
            ("requiresCompatibilities",),
            f"requiresCompatibilities is {json_list(have)} without {want!r}; the task definition cannot be "
            f"launched on {want}",
        )
