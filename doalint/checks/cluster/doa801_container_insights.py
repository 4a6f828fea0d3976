"""DOA801: the ECS cluster has CloudWatch Container Insights enabled."""

from doalint.checks._show import value
from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

SETTING = "containerInsights"  # the ECS cluster setting's name (API fact)
# ClusterSetting in the ECS API reference: "Container Insights with enhanced observability provides
# all the Container Insights metrics, plus additional task and container metrics"
_INCLUDES = {"enabled": ("enabled", "enhanced")}


RULE = Rule("DOA801", needs_service=False)


def check(cluster, ctx):
    want = ctx.profile.monitoring.container_insights
    for i, s in enumerate(cluster.settings or []):
        if s is not None and s.name == SETTING:
            if s.value not in _INCLUDES.get(want, (want,)):
                yield Violation(("settings", i, "value"),
                                f"containerInsights is {value(s.value)}; the standard requires {want!r}, so that CPU, "
                                "memory, network and task metrics of every service reach CloudWatch",
                                fix=Fix(f"set containerInsights to {want}", [Set(("settings", i, "value"), want)]))
            return
    # (with other settings listed, the fix would add an item to the list: not made)
    fix = None if cluster.settings else Fix(f"set containerInsights to {want}",
                                            [Set(("settings",), [{"name": SETTING, "value": want}])])
    yield Violation(("settings",),
                    f"the cluster does not set containerInsights, so ECS uses the account default (off unless "
                    f"changed); the standard requires containerInsights = {want!r}", fix=fix)
