"""DOA403: the original (blue) task set is terminated after a successful deployment, after the standard's wait."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

KEEP_ALIVE = "KEEP_ALIVE"  # InstanceAction that leaves the original task set running


RULE = Rule("DOA403", needs_service=False)


def check(group, ctx):
    std = ctx.profile.codedeploy.blue_termination
    want = (f"terminateBlueInstancesOnDeploymentSuccess with action {std.action!r} and "
            f"terminationWaitTimeInMinutes {std.wait_minutes}")
    base = ("blueGreenDeploymentConfiguration",)
    bg = group.blueGreenDeploymentConfiguration
    if bg is None:
        yield Violation(base, f"blueGreenDeploymentConfiguration is not set; the standard requires {want}")
        return
    term = bg.terminateBlueInstancesOnDeploymentSuccess
    path = base + ("terminateBlueInstancesOnDeploymentSuccess",)
    if term is None:
        yield Violation(path, f"blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess is "
                              f"not set; the standard requires action {std.action!r} and "
                              f"terminationWaitTimeInMinutes {std.wait_minutes}",
                        fix=Fix(f"set terminateBlueInstancesOnDeploymentSuccess to action {std.action}, "
                                f"terminationWaitTimeInMinutes {std.wait_minutes}",
                                [Set(path, {"action": std.action, "terminationWaitTimeInMinutes": std.wait_minutes})]))
        return
    if term.action != std.action:
        if term.action is None:
            got = "is not set"
        elif term.action == KEEP_ALIVE:
            got = (f"is {KEEP_ALIVE!r}, so the original task set keeps running (and billing) after traffic "
                   "has moved to the new one")
        else:
            got = f"is {term.action!r}"
        yield Violation(path + ("action",),
                        f"terminateBlueInstancesOnDeploymentSuccess.action {got}; the standard requires {std.action!r}",
                        fix=Fix(f"set action to {std.action}", [Set(path + ("action",), std.action)]))
    wait = term.terminationWaitTimeInMinutes
    if wait != std.wait_minutes:
        got = "is not set" if wait is None else f"is {wait}"
        yield Violation(
            path + ("terminationWaitTimeInMinutes",),
            f"terminateBlueInstancesOnDeploymentSuccess.terminationWaitTimeInMinutes {got}; the standard keeps "
            f"the original task set for {std.wait_minutes} minutes after success: while it runs, traffic can go "
            "back to it without starting new tasks",
            fix=Fix(f"set terminationWaitTimeInMinutes to {std.wait_minutes}",
                    [Set(path + ("terminationWaitTimeInMinutes",), std.wait_minutes)]),
        )
