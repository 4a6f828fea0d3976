"""DOA113: the application container raises the open-files limit (ulimit nofile) to the standard's value."""

from doalint.checks._ecs import app_container, who
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

NOFILE = "nofile"  # the Docker/ECS ulimit name for open file descriptors


RULE = Rule("DOA113", needs_service=False)


def check(task, ctx):
    i, c = app_container(task, ctx)
    if c is None:
        return
    want = ctx.profile.task.ulimit_nofile
    base = ("containerDefinitions", i, "ulimits")
    entries = [(j, u) for j, u in enumerate(c.ulimits) if u is not None and u.name == NOFILE]
    if not entries:
        yield Violation(
            base,
            f"{who(c)} has no {NOFILE!r} ulimit, so it runs with Fargate's default open-files limit; "
            f"set softLimit and hardLimit to {want}",
            # (other ulimits listed: the fix would add an item to the list, not made)
            fix=None if c.ulimits else Fix(f"set a {NOFILE} ulimit of {want}",
                                           [Set(base, [{"name": NOFILE, "softLimit": want, "hardLimit": want}])]),
        )
        return
    for j, u in entries:
        for key in ("softLimit", "hardLimit"):
            got = getattr(u, key)
            if got == want:
                continue
            fix = Fix(f"set {key} to {want}", [Set(base + (j, key), want)])
            if got is None:
                yield Violation(base + (j,), f"ulimits {NOFILE} has no {key}; the standard requires {want}", fix=fix)
            else:
                yield Violation(base + (j, key), f"ulimits {NOFILE} {key} is {got}; the standard requires {want}",
                                fix=fix)
