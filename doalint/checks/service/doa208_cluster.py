"""DOA208: the service runs in the profile's cluster."""

import re

from doalint.engine.registry import Rule, Violation

_ARN = re.compile(r"^arn:aws[a-z-]*:ecs:(?P<region>[^:]*):(?P<account>[^:]*):cluster/(?P<name>.+)$")


RULE = Rule("DOA208", kinds=("ecs-service",), needs_service=False)


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
    m = _ARN.match(value)
    if value.startswith("arn:") and m is None:
        yield Violation((key,), f"{key} {value!r} is not an ECS cluster ARN; the standard's cluster is {want!r}")
        return
    name = m.group("name") if m else value
    if name != want:
        yield Violation((key,), f"{key} is {value!r}; the standard's cluster is {want!r}")
        return
    region, account = m.group("region"), m.group("account")
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
