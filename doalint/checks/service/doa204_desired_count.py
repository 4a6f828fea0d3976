"""DOA204: desiredCount lies within the service's [min, max] in the catalog."""

from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA204", needs_service=True)


def check(svc, ctx):
    entry = ctx.service
    n = svc.desiredCount
    if n is None:
        return  # left out: an update keeps the running count, and auto scaling adjusts it
    if n < entry.min:
        yield Violation(
            ("desiredCount",),
            f"desiredCount is {n}; {entry.name} runs {entry.min} to {entry.max} tasks, "
            f"so it starts below its minimum of {entry.min}",
        )
    elif n > entry.max:
        yield Violation(
            ("desiredCount",),
            f"desiredCount is {n}; {entry.name} runs {entry.min} to {entry.max} tasks, "
            f"so it starts above its maximum of {entry.max}",
        )
