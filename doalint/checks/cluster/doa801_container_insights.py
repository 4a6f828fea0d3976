"""DOA801: the ECS cluster has CloudWatch Container Insights enabled."""

from doalint.checks._show import value
from doalint.engine.registry import Rule, Violation

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
                                "memory, network and task metrics of every service reach CloudWatch")
            return
    yield Violation(("settings",),
                    f"the cluster does not set containerInsights, so ECS uses the account default (off unless "
                    f"changed); the standard requires containerInsights = {want!r}")
