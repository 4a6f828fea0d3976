"""DOA404: the deployment's traffic routing is one of the standard's (never all at once)."""

from __future__ import annotations

from typing import NamedTuple, Optional

from doalint.engine.registry import Rule, Violation
from doalint.shapes import suggest

GROUP = "codedeploy-deployment-group"
ROUTING = ("trafficRoutingConfig",)

# TrafficRoutingType enum of the CodeDeploy API.
LINEAR, CANARY, ALL_AT_ONCE = "TimeBasedLinear", "TimeBasedCanary", "AllAtOnce"
ROUTING_TYPES = (CANARY, LINEAR, ALL_AT_ONCE)
# type -> (its member of TrafficRoutingConfig, percentage key, interval key), CodeDeploy API.
BLOCKS = {
    LINEAR: ("timeBasedLinear", "linearPercentage", "linearInterval"),
    CANARY: ("timeBasedCanary", "canaryPercentage", "canaryInterval"),
}
# Names CodeDeploy reserves for its predefined deployment configurations.
PREDEFINED_PREFIX = "CodeDeployDefault."


class Routing(NamedTuple):
    name: Optional[str]
    type: str
    percentage: Optional[int] = None
    interval: Optional[int] = None

    def shape(self) -> tuple:
        return (self.type, self.percentage, self.interval)


# The predefined configurations for the ECS compute platform ("Deployment configurations on an
# Amazon ECS compute platform", CodeDeploy User Guide): what a name means when a profile does not allow it.
PREDEFINED_ECS = {
    r.name: r
    for r in (
        Routing("CodeDeployDefault.ECSAllAtOnce", ALL_AT_ONCE),
        Routing("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", LINEAR, 10, 1),
        Routing("CodeDeployDefault.ECSLinear10PercentEvery3Minutes", LINEAR, 10, 3),
        Routing("CodeDeployDefault.ECSCanary10Percent5Minutes", CANARY, 10, 5),
        Routing("CodeDeployDefault.ECSCanary10Percent15Minutes", CANARY, 10, 15),
    )
}


# What CodeDeploy deploys an ECS deployment group with when it names no configuration.
ECS_DEFAULT = "CodeDeployDefault.ECSAllAtOnce"


def _ecs_group(group) -> bool:
    """A deployment group of the ECS compute platform: it names ECS services (or says ECS)."""
    return bool(group.ecsServices) or (group.computePlatform or "").upper() == "ECS"


def _minutes(n: Optional[int]) -> str:
    return "an unset interval" if n is None else ("1 minute" if n == 1 else f"{n} minutes")


def _percent(n: Optional[int]) -> str:
    return "an unset percentage" if n is None else f"{n}%"


def describe(r: Routing) -> str:
    if r.type == ALL_AT_ONCE:
        return "all traffic at once"
    if r.type == LINEAR:
        every = "at an unset interval" if r.interval is None else f"every {_minutes(r.interval)}"
        return f"linear, {_percent(r.percentage)} {every}"
    if r.type == CANARY:
        return f"canary, {_percent(r.percentage)} then the rest after {_minutes(r.interval)}"
    return r.type


def _allowed_text(allowed: list[Routing]) -> str:
    items = [f"{r.name} ({describe(r)})" for r in allowed]
    return "the standard allows " + (" or ".join(items) if items else "no traffic routing")


def _parsed(trc) -> Routing:
    block = BLOCKS.get(trc.type)
    b = getattr(trc, block[0]) if block else None
    if b is None:
        return Routing(None, trc.type)
    return Routing(None, trc.type, getattr(b, block[1]), getattr(b, block[2]))


def _check_routing(trc, refs: list[Routing], by_name: bool, allowed: list[Routing]):
    """Violations of ``trafficRoutingConfig`` against ``refs``: the routing its deploymentConfigName
    stands for (``by_name``), or the allowed routings."""
    t = trc.type
    if t is None:
        yield Violation(ROUTING + ("type",), f"trafficRoutingConfig.type is not set; {_allowed_text(allowed)}")
        return
    if t not in ROUTING_TYPES:
        return  # not a routing type at all: DOA002's finding
    same = [r for r in refs if r.type == t]
    if not same:
        if by_name:
            r = refs[0]
            msg = (f"trafficRoutingConfig.type is {t!r}, but deploymentConfigName {r.name!r} is "
                   f"{describe(r)}; the two must agree")
        elif t == ALL_AT_ONCE:
            msg = ("trafficRoutingConfig.type is 'AllAtOnce', so every request moves to the new task set at "
                   f"once and an error reaches all users before an alarm can stop it; {_allowed_text(allowed)}")
        else:
            msg = f"trafficRoutingConfig.type is {t!r}; {_allowed_text(allowed)}"
        yield Violation(ROUTING + ("type",), msg)
        return
    if t == ALL_AT_ONCE:
        return
    got = _parsed(trc)
    if any(got.shape() == r.shape() for r in same):
        return
    block, pkey, ikey = BLOCKS[t]
    if len(same) > 1:
        yield Violation(ROUTING + (block,), f"trafficRoutingConfig is {describe(got)}; {_allowed_text(allowed)}")
        return
    r = same[0]
    if by_name:
        want = f"deploymentConfigName {r.name!r} is {describe(r)}; the two must agree"
    else:
        want = f"the standard's {t} routing is {describe(r)}"
    if getattr(trc, block) is None:
        yield Violation(ROUTING + (block,), f"trafficRoutingConfig.{block} is not set; {want}")
        return
    for key, value, wanted in ((pkey, got.percentage, r.percentage), (ikey, got.interval, r.interval)):
        if value != wanted:
            shown = "is not set" if value is None else f"is {value}"
            yield Violation(ROUTING + (block, key), f"trafficRoutingConfig.{block}.{key} {shown}; {want}")


RULE = Rule("DOA404", needs_service=False)


def check(doc, ctx):
    allowed = [Routing(e.name, e.type, e.percentage, e.interval) for e in ctx.profile.codedeploy.traffic_routing]
    by_name = {r.name: r for r in allowed}
    name = doc.deploymentConfigName
    # Deployment groups name a configuration; configurations (and the combined file) define one.
    trc = None if ctx.doc.kind == GROUP else doc.trafficRoutingConfig

    ref: Optional[Routing] = None  # the routing the name stands for
    name_flagged = False
    custom = False
    # (Terraform's provider fills in a default name of its own, so only the API's and CloudFormation's
    # omission is judged here)
    if name is None and ctx.doc.kind == GROUP and _ecs_group(doc) and ctx.doc.source != "terraform":
        # no configuration named: CodeDeploy deploys an ECS group with its default, all at once
        default = PREDEFINED_ECS[ECS_DEFAULT]
        yield Violation(
            ("deploymentConfigName",),
            f"deploymentConfigName is not set, so CodeDeploy uses its default for ECS, {default.name} "
            f"({describe(default)}): every request moves to the new task set at once; {_allowed_text(allowed)}",
        )
        return
    if name is not None:
        if name in by_name:
            ref = by_name[name]
        elif name in PREDEFINED_ECS:
            ref = PREDEFINED_ECS[name]
            name_flagged = True
            why = (", so every request moves to the new task set at once and an error reaches all users "
                   "before an alarm can stop it" if ref.type == ALL_AT_ONCE else "")
            yield Violation(
                ("deploymentConfigName",),
                f"deploymentConfigName is {name!r} ({describe(ref)}){why}; {_allowed_text(allowed)}",
            )
        elif name.startswith(PREDEFINED_PREFIX):
            name_flagged = True
            guess = suggest(name, by_name)
            tail = f" (did you mean {guess!r}?)" if guess else ""
            yield Violation(
                ("deploymentConfigName",),
                f"deploymentConfigName {name!r} is not one of the predefined ECS configurations the standard "
                f"allows{tail}; {_allowed_text(allowed)}",
            )
        else:
            # A custom configuration. A group only names it (DOA404 cannot judge a configuration it
            # cannot see); a configuration document defines it with its trafficRoutingConfig.
            custom = True

    if trc is None:
        if custom and ctx.doc.kind != GROUP:
            yield Violation(
                ROUTING,
                f"deployment configuration {name!r} has no trafficRoutingConfig, so it is not one of the "
                f"standard's traffic routings; {_allowed_text(allowed)}",
            )
        return
    if name_flagged:
        if ref is not None and trc.type is not None and _parsed(trc).shape() == ref.shape():
            return  # it describes the same routing as the name: the name's finding says it all
        found = list(_check_routing(trc, allowed, False, allowed))
        yield from found
        if not found and ref is not None:
            yield Violation(
                ROUTING,
                f"trafficRoutingConfig is {describe(_parsed(trc))}, but deploymentConfigName {name!r} is "
                f"{describe(ref)}; the two must agree",
            )
        return
    if ref is not None:
        yield from _check_routing(trc, [ref], True, allowed)
    else:
        yield from _check_routing(trc, allowed, False, allowed)
