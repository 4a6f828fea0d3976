"""DOA208: the service runs in the profile's cluster."""

from doalint import arns
from doalint.engine.registry import Rule, Violation


def _cluster_arn(value: str):
    """The ARN of an ECS cluster (of an AWS partition, with a name) that ``value`` is, or None."""
    arn = arns.parse(value, one_line=True)
    return arn if arn is not None and arn.is_aws and arn.id_of("ecs", "cluster") else None


RULE = Rule("DOA208", needs_service=False)


def check(svc, ctx):
    want = ctx.profile.cluster
    if svc.cluster is not None:
        key, value = "cluster", svc.cluster
    elif svc.clusterArn is not None:
        key, value = "clusterArn", svc.clusterArn
    else:
        yield Violation(
            ("cluster",),
            f"cluster is not set, so ECS creates the service in the {ctx.facts.defaults.ecs_service.cluster!r} "
            "cluster; "
            f"set it to {want!r}",
        )
        return
    if value == want:
        return
    m = _cluster_arn(value)
    if arns.looks_like(value) and m is None:
        yield Violation((key,), f"{key} {value!r} is not an ECS cluster ARN; the standard's cluster is {want!r}")
        return
    name = m.id_of("ecs", "cluster") if m else value
    if name != want:
        yield Violation((key,), f"{key} is {value!r}; the standard's cluster is {want!r}")
        return
    region, account = m.region, m.account
    if region != ctx.profile.region:
        yield Violation(
            (key,),
            f"{key} {value!r} is a cluster in {region!r}; the standard's {want!r} is in {ctx.profile.region!r}",
        )
    elif ctx.profile.account_id and account != ctx.profile.account_id:
        yield Violation(
            (key,),
            f"{key} {value!r} is a cluster of account {account}; the standard's {want!r} is in "
            f"account {ctx.profile.account_id}",
        )
