"""DOA108: the application container sets the standard's environment variables."""

from doalint.checks._ecs import app_container
from doalint.engine.registry import Rule, Violation




RULE = Rule("DOA108", needs_service=True)


def check(task, ctx):
    index, c = app_container(task, ctx)
    if c is None:
        return  # DOA106 reports the missing application container
    base = ("containerDefinitions", index)
    who = f"container {c.name!r}" if c.name else f"containerDefinitions[{index}]"
    entries = [(j, kv) for j, kv in enumerate(c.environment) if kv is not None and kv.name is not None]
    in_secrets = {s.name for s in c.secrets if s is not None and s.name}
    for name, template in ctx.profile.task.environment.items():
        want = ctx.profile.fill(template, ctx.service)
        found = [(j, kv) for j, kv in entries if kv.name == name]
        if not found:
            extra = " (it is given in `secrets`, which is for secret values)" if name in in_secrets else ""
            yield Violation(
                base + ("environment",),
                f"{who} has no environment variable {name}{extra}; the standard requires {name}={want}",
            )
            continue
        for j, kv in found:
            if kv.value is None:
                # at `value`: when it is a template placeholder the engine leaves it to DOA003
                yield Violation(
                    base + ("environment", j, "value"),
                    f"environment variable {name} of {who} has no value; the standard requires {want!r}",
                )
            elif kv.value != want:
                yield Violation(
                    base + ("environment", j, "value"),
                    f"environment variable {name} of {who} is {kv.value!r}; the standard requires {want!r}",
                )
