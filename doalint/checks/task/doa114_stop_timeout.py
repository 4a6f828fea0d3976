"""DOA114: the application container's stopTimeout is the standard's, and no container exceeds Fargate's maximum."""

from doalint.checks._ecs import app_container, who
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set


RULE = Rule("DOA114", needs_service=False)


def check(task, ctx):
    limit = ctx.facts.fargate.max_stop_timeout
    app_i, _ = app_container(task, ctx)
    want = ctx.profile.task.stop_timeout
    for i, c in task.containers():
        where = ("containerDefinitions", i, "stopTimeout")
        got = c.stopTimeout
        is_app = i == app_i
        if got is not None and got > limit:
            extra = f" (the standard requires {want})" if is_app else ""
            yield Violation(where, f"stopTimeout is {got} seconds; Fargate allows at most {limit}{extra}",
                            fix=Fix(f"set stopTimeout to {want}", [Set(where, want)]) if is_app else None)
        elif is_app and got is None:
            yield Violation(
                where, f"{who(c)} has no stopTimeout; the standard requires {want} seconds",
                fix=Fix(f"set stopTimeout to {want}", [Set(where, want)]),
            )
        elif is_app and got != want:
            yield Violation(where, f"stopTimeout is {got} seconds; the standard requires {want}",
                            fix=Fix(f"set stopTimeout to {want}", [Set(where, want)]))
