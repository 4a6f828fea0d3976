"""DOA111: the application container logs to the standard's CloudWatch Logs group through awslogs.

For a service the catalog does not know, the options that name the service (the log group
``/ecs/{service}``) are not checked; the driver, region and stream prefix are."""

from doalint.checks._ecs import app_container, catalog_free, who
from doalint.checks._show import value
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA111", needs_service=False)


def check(task, ctx):
    i, c = app_container(task, ctx)
    if c is None:
        return
    log = ctx.profile.task.log
    base = ("containerDefinitions", i, "logConfiguration")
    lc = c.logConfiguration
    if lc is None:
        yield Violation(
            base,
            f"{who(c)} has no logConfiguration, so its output is not shipped anywhere; "
            f"use the {log.driver!r} log driver",
        )
        return
    if lc.logDriver != log.driver:
        yield Violation(
            base + ("logDriver",),
            f"logDriver is {lc.logDriver!r}; the standard requires {log.driver!r}"
            if lc.logDriver is not None
            else f"logDriver is not set; the standard requires {log.driver!r}",
        )
        return  # the awslogs-* options below only mean something for that driver
    wanted = {
        "awslogs-group": ctx.profile.fill(log.group, ctx.service),
        "awslogs-region": ctx.profile.fill(log.region, ctx.service),
        "awslogs-stream-prefix": ctx.profile.fill(log.stream_prefix, ctx.service),
    }
    wanted = {k: v for k, v in wanted.items() if catalog_free(v)}
    if not wanted:
        return
    if not lc.options:
        listed = ", ".join(f"{k}={v!r}" for k, v in wanted.items())
        yield Violation(base + ("options",), f"logConfiguration has no options; the standard requires {listed}")
        return
    options = lc.options
    for key, want in wanted.items():
        got = options.get(key)
        if got == want:
            continue
        if key not in options:
            yield Violation(
                base + ("options", key), f"logConfiguration.options has no {key!r}; the standard requires {want!r}"
            )
        else:
            yield Violation(base + ("options", key), f"{key} is {value(got)}; the standard requires {want!r}")
