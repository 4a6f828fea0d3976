"""DOA401: the deployment group rolls back automatically on the standard's events."""

from doalint.checks.codedeploy._common import listing
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set


RULE = Rule("DOA401", needs_service=False)


def check(group, ctx):
    want = ctx.profile.codedeploy.rollback_events
    base = ("autoRollbackConfiguration",)
    arc = group.autoRollbackConfiguration
    if arc is None:
        yield Violation(
            base,
            "autoRollbackConfiguration is not set, so CodeDeploy leaves a failed or alarm-stopped deployment "
            f"where it stopped instead of restoring the previous task set; the standard requires it enabled "
            f"with the events {listing(want)}",
            fix=Fix(f"enable autoRollbackConfiguration with the events {listing(want)}",
                    [Set(base, {"enabled": True, "events": list(want)})]),
        )
        return
    if arc.enabled is not True:
        got = "is false" if arc.enabled is False else "is not set"
        yield Violation(
            base + ("enabled",),
            f"autoRollbackConfiguration.enabled {got}, so CodeDeploy does not roll back automatically; "
            "the standard requires true",
            fix=Fix("set enabled to true", [Set(base + ("enabled",), True)]),
        )
    events = [e for e in (arc.events or []) if e is not None]
    missing = [e for e in want if e not in events]
    if missing:
        if not events:
            got = "is not set" if arc.events is None else "is empty"
        else:
            got = f"lists {listing(events)} but not {listing(missing)}"
        yield Violation(
            base + ("events",),
            f"autoRollbackConfiguration.events {got}; the standard rolls back on {listing(want)}",
            # (the events listed kept, in their order; a value of the wrong type among them: no fix)
            fix=None if len(events) != len(arc.events or []) else Fix(
                f"add {listing(missing)} to events", [Set(base + ("events",), events + missing)]),
        )
