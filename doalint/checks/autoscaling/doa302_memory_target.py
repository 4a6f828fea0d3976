"""DOA302: a target tracking policy on the memory metric targets the standard's memory utilization."""

from doalint.checks.autoscaling._policy import target_fix, target_value
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA302", needs_service=False)


def check(policy, ctx):
    std = ctx.profile.autoscaling.memory
    found = target_value(policy, std.metric, std.target, "memory")
    if found:
        path, message = found
        yield Violation(path, message, fix=target_fix(path, std.target))
