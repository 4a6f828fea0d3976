"""DOA112: the application container's health check is the standard's, and every health check is within AWS's ranges.

For a service the catalog does not know, the command's text (it names the catalog port) is not
checked; the type, the timings and the ranges are."""

from doalint.checks._ecs import app_container, catalog_free, who
from doalint.checks._show import json_list, value
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

# healthCheck key in the task definition -> attribute of the profile's task.health_check
_FIELDS = (("interval", "interval"), ("timeout", "timeout"), ("retries", "retries"), ("startPeriod", "start_period"))


def _norm(text: str) -> str:
    return " ".join(text.split())


RULE = Rule("DOA112", needs_service=False)


def check(task, ctx):
    ranges = ctx.facts.fargate.health_check_ranges
    app_i, _ = app_container(task, ctx)
    std = ctx.profile.task.health_check
    want_cmd = ctx.profile.fill(std.command, ctx.service)
    if not catalog_free(want_cmd):
        want_cmd = None  # the command names the service's port: catalog services only
    for i, c in task.containers():
        base = ("containerDefinitions", i, "healthCheck")
        hc = c.healthCheck
        is_app = i == app_i
        if hc is None:
            if is_app:
                running = f" running {want_cmd!r}" if want_cmd else ""
                yield Violation(
                    base,
                    f"{who(c)} has no healthCheck, so ECS cannot replace it when it hangs; "
                    f"add a {std.type} health check{running}",
                )
            continue
        for key, attr in _FIELDS:
            got = getattr(hc, key)
            want = getattr(std, attr) if is_app else None
            lo_hi = ranges.get(key)
            fix = Fix(f"set healthCheck.{key} to {want}", [Set(base + (key,), want)]) if want is not None else None
            if got is not None and lo_hi is not None and not lo_hi[0] <= got <= lo_hi[1]:
                extra = f" (the standard requires {want})" if want is not None else ""
                yield Violation(
                    base + (key,), f"healthCheck.{key} is {got}; AWS allows {lo_hi[0]}-{lo_hi[1]}{extra}", fix=fix
                )
            elif is_app and got != want:
                if got is None:
                    default = ctx.facts.defaults.container_health_check.get(key)
                    if default == want:
                        continue  # what ECS uses when it is left out is the standard's value
                    uses = f", so ECS uses {default}" if default is not None else ""
                    yield Violation(base + (key,),
                                    f"healthCheck.{key} is not set{uses}; the standard requires {want}", fix=fix)
                else:
                    yield Violation(base + (key,), f"healthCheck.{key} is {got}; the standard requires {want}",
                                    fix=fix)
        if not is_app:
            continue
        command = [x for x in (hc.command or [])]
        if not command:
            wanted = json_list([std.type, want_cmd]) if want_cmd else f"a {std.type} command"
            yield Violation(base + ("command",), f"healthCheck.command is empty; the standard requires {wanted}")
            continue
        if command[0] != std.type:
            yield Violation(
                base + ("command", 0),
                f"healthCheck.command[0] is {value(command[0])}; the standard requires {std.type!r}",
            )
        if want_cmd is None:
            continue
        text = _norm(" ".join(x for x in command[1:] if x is not None))
        if _norm(want_cmd) not in text:
            where = base + ("command", 1) if len(command) > 1 else base + ("command",)
            shown = repr(text) if text else "nothing"
            yield Violation(where, f"the health check runs {shown}; the standard requires it to run {want_cmd!r}")
