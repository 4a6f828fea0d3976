"""DOA306: a scalable target's capacity range is the service's [min, max] in the catalog."""

from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA306")


def check(target, ctx):
    svc = ctx.service
    for key, want, word in (("MinCapacity", svc.min, "minimum"), ("MaxCapacity", svc.max, "maximum")):
        got = getattr(target, key)
        if got is None:
            yield Violation(
                (key,),
                f"{key} is not set; the catalog's {word} task count for {svc.name} is {want} "
                "(and a new scalable target cannot be registered without it)",
            )
        elif got != want:
            yield Violation((key,), f"{key} is {got}; the catalog's {word} task count for {svc.name} is {want}")
