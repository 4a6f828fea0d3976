"""DOA301: a target tracking policy on the CPU metric targets the standard's CPU utilization."""

from doalint.checks.autoscaling._policy import target_fix, target_value
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA301", needs_service=False)


def check(policy, ctx):
    std = ctx.profile.autoscaling.cpu
    found = target_value(policy, std.metric, std.target, "CPU")
    if found:
        path, message = found
        yield Violation(path, message, fix=target_fix(path, std.target))
