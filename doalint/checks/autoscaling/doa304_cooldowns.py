"""DOA304: target tracking policies use the standard's scale-in and scale-out cooldowns."""

from doalint.checks.autoscaling._policy import TT, tracking
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

RULE = Rule("DOA304", needs_service=False)


def check(policy, ctx):
    tt = tracking(policy)
    if tt is None:
        return
    st = ctx.profile.autoscaling
    # An omitted ServiceNamespace is DOA002's and DOA305's; judge the policy as the standard's.
    # what Application Auto Scaling uses for an omitted cooldown, by namespace (rules/aws-facts.yaml)
    default = ctx.facts.defaults.scaling_cooldown.get(policy.ServiceNamespace or st.service_namespace)
    for key, want, direction in (
        ("ScaleInCooldown", st.scale_in_cooldown, "in"),
        ("ScaleOutCooldown", st.scale_out_cooldown, "out"),
    ):
        got = getattr(tt, key)
        if got is None:
            if default == want:
                continue
            if default is None:
                msg = f"{key} is not set; the standard requires {want} seconds"
            else:
                msg = (f"{key} is not set, so Application Auto Scaling waits its default {default} seconds "
                       f"between scale-{direction} activities; the standard requires {want}")
        elif got != want:
            msg = f"{key} is {got} seconds; the standard requires {want}"
        else:
            continue
        yield Violation((TT, key), msg, fix=Fix(f"set {key} to {want}", [Set((TT, key), want)]))
