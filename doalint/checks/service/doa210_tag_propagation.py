"""DOA210: service tags are propagated to tasks, with ECS managed tags on."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set


def _b(value) -> str:
    return "true" if value is True else "false" if value is False else repr(value)


RULE = Rule("DOA210", needs_service=False)


def check(svc, ctx):
    st = ctx.profile.service
    defaults = ctx.facts.defaults.ecs_service  # CreateService's values for omitted keys (rules/aws-facts.yaml)
    want = st.propagate_tags
    got = svc.propagateTags
    if (got or defaults.propagateTags) != want:
        if got is None:
            msg = (f"propagateTags is not set, so ECS uses {defaults.propagateTags!r} and the tasks carry "
                   f"none of the service's tags; the standard requires {want!r}")
        else:
            msg = f"propagateTags is {got!r}; the standard requires {want!r}"
        yield Violation(("propagateTags",), msg,
                        fix=Fix(f"set propagateTags to {want}", [Set(("propagateTags",), want)]))

    wanted = st.enable_ecs_managed_tags
    got_m = svc.enableECSManagedTags
    if (defaults.enableECSManagedTags if got_m is None else got_m) != wanted:
        if got_m is None:
            msg = (f"enableECSManagedTags is not set, so ECS uses {_b(defaults.enableECSManagedTags)} and does not tag "
                   f"tasks with their cluster and service; the standard requires {_b(wanted)}")
        elif wanted:
            msg = ("enableECSManagedTags is false, so tasks are not tagged with their cluster and service "
                   "name (aws:ecs:clusterName, aws:ecs:serviceName); the standard requires true")
        else:
            msg = f"enableECSManagedTags is {_b(got_m)}; the standard requires {_b(wanted)}"
        yield Violation(("enableECSManagedTags",), msg,
                        fix=Fix(f"set enableECSManagedTags to {_b(wanted)}", [Set(("enableECSManagedTags",), wanted)]))
