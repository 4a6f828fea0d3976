"""DOA202: rolling deployments use the deployment circuit breaker with automatic rollback."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

ROLLING_CONTROLLER = "ECS"  # the only controller whose deployments the circuit breaker watches


RULE = Rule("DOA202", needs_service=False)


def check(model, ctx):
    want = ctx.profile.service.circuit_breaker
    if ctx.doc.kind == "ecs-service":
        if model.controller() != ROLLING_CONTROLLER:
            return  # CODE_DEPLOY and EXTERNAL deployments are rolled back by their own controller
        dc = model.deploymentConfiguration
        base = ("deploymentConfiguration",)
        where = "deploymentConfiguration.deploymentCircuitBreaker"
        cb = dc.deploymentCircuitBreaker if dc is not None else None
        if cb is None:
            if want.enable or want.rollback:
                yield Violation(
                    base + ("deploymentCircuitBreaker",),
                    f"{where} is not set, so the circuit breaker is off: a deployment whose tasks keep "
                    "failing to start is retried indefinitely instead of failing and rolling back; "
                    f"set enable: {_b(want.enable)} and rollback: {_b(want.rollback)}",
                    fix=Fix(f"set deploymentCircuitBreaker to enable: {_b(want.enable)}, rollback: {_b(want.rollback)}",
                            [Set(base + ("deploymentCircuitBreaker",), {"enable": want.enable, "rollback": want.rollback})]),
                )
            return
    else:
        # A standalone deployment configuration: its controller is unknown, so the
        # circuit breaker is only checked when the fragment sets one.
        cb = model.deploymentCircuitBreaker
        base, where = (), "deploymentCircuitBreaker"
        if cb is None:
            return
    path = base + ("deploymentCircuitBreaker",)
    for key, wanted, effect in (
        ("enable", want.enable, "a deployment that cannot reach a steady state is never marked failed"),
        ("rollback", want.rollback, "a failed deployment is not rolled back to the last completed one"),
    ):
        got = getattr(cb, key)
        if got == wanted:
            continue
        fix = Fix(f"set {key} to {_b(wanted)}", [Set(path + (key,), wanted)])
        if got is None:
            yield Violation(path + (key,), f"{where}.{key} is not set; the standard requires {_b(wanted)}", fix=fix)
        elif wanted:
            yield Violation(path + (key,), f"{where}.{key} is {_b(got)}, so {effect}; the standard requires true",
                            fix=fix)
        else:
            yield Violation(path + (key,), f"{where}.{key} is {_b(got)}; the standard requires {_b(wanted)}", fix=fix)


def _b(value) -> str:
    return "true" if value is True else "false" if value is False else repr(value)
