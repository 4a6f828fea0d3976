"""DOA801: the ECS cluster has CloudWatch Container Insights enabled."""

from doalint.engine.registry import Violation, rule

SETTING = "containerInsights"  # the ECS cluster setting's name (API fact)


@rule("DOA801", kinds=("ecs-cluster",), needs_service=False)
def container_insights(cluster, ctx):
    want = ctx.profile.monitoring.container_insights
    for i, s in enumerate(cluster.settings or []):
        if s is not None and s.name == SETTING:
            if s.value != want:
                yield Violation(("settings", i, "value"),
                                f"containerInsights is {s.value!r}; the standard requires {want!r}, so that CPU, "
                                "memory, network and task metrics of every service reach CloudWatch")
            return
    yield Violation(("settings",),
                    f"the cluster does not set containerInsights, so ECS uses the account default (off unless "
                    f"changed); the standard requires containerInsights = {want!r}")
