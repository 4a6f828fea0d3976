"""DOA405: the ECS AppSpec file is the standard's: version, target type, container and port,
no public IP, validation hooks."""

from __future__ import annotations

from doalint.checks._show import value
from doalint.checks.codedeploy._common import listing
from doalint.engine.registry import Rule, Violation


def _version_ok(got, want: str) -> bool:
    """``version: 0.0`` is read as a number by YAML (and written as one in JSON); CodeDeploy
    takes the number and the string alike."""
    if isinstance(got, str):
        return got.strip() == want
    try:
        return float(got) == float(want)
    except (TypeError, ValueError):
        return False


def _written(doc, version) -> str:
    """The version as the file writes it: ``1`` for ``version: 1`` (the model reads a number as a
    float), ``1.0`` for ``version: 1.0``, ``'1'`` for a string."""
    data = doc.model_input if doc is not None and doc.model_input is not None else getattr(doc, "data", None)
    raw = data.get("version", version) if isinstance(data, dict) else version
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)
    return value(raw)


def _misspelt(data, key: str) -> bool:
    return isinstance(data, dict) and any(isinstance(k, str) and k != key and k.lower() == key.lower() for k in data)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


RULE = Rule("DOA405", needs_service=False)


def check(spec, ctx):
    std = ctx.profile.codedeploy.appspec
    if spec.version is not None and not _version_ok(spec.version, std.version):
        yield Violation(("version",), f"version is {_written(ctx.doc, spec.version)}; the standard requires {std.version}")

    for i, rname, res in spec.targets():
        base = ("Resources", i, rname)
        if res.Type is not None and res.Type != std.target_type:
            yield Violation(
                base + ("Type",),
                f"Resources[{i}].{rname}.Type is {res.Type!r}; the standard deploys ECS services ({std.target_type!r})",
            )
        props = res.Properties
        if props is None:
            continue
        pbase = base + ("Properties",)
        lb = props.LoadBalancerInfo
        if lb is not None and ctx.service is not None:
            name = ctx.profile.fill(ctx.profile.task.app_container, ctx.service)
            if lb.ContainerName is not None and lb.ContainerName != name:
                yield Violation(
                    pbase + ("LoadBalancerInfo", "ContainerName"),
                    f"LoadBalancerInfo.ContainerName is {lb.ContainerName!r}; CodeDeploy must route "
                    f"{ctx.service.name}'s traffic to its application container {name!r}",
                )
            if lb.ContainerPort is not None and lb.ContainerPort != ctx.service.port:
                yield Violation(
                    pbase + ("LoadBalancerInfo", "ContainerPort"),
                    f"LoadBalancerInfo.ContainerPort is {lb.ContainerPort}; {ctx.service.name} listens on "
                    f"{ctx.service.port}",
                )
        nc = props.NetworkConfiguration
        vpc = nc.AwsvpcConfiguration if nc is not None else None
        ip = vpc.AssignPublicIp if vpc is not None else None
        if ip is not None and ip != std.assign_public_ip:
            why = (", so every task of the new task set gets a public IP address reachable past the load balancer"
                   if ip == "ENABLED" else "")
            yield Violation(
                pbase + ("NetworkConfiguration", "AwsvpcConfiguration", "AssignPublicIp"),
                f"AwsvpcConfiguration.AssignPublicIp is {ip!r}{why}; the standard requires {std.assign_public_ip!r}",
            )

    if spec.Hooks is None and _misspelt(ctx.doc.data, "Hooks"):
        return  # a 'hooks' key is DOA002's finding: the hooks are there, under a name AWS does not read
    events = {event for _, event, _ in spec.hooks() if event in std.hooks}
    if len(events) < std.min_hooks:
        if spec.Hooks is None:
            got = "Hooks is not set, so no validation function runs"
        elif not events:
            got = "Hooks names none of the standard's lifecycle events"
        else:
            got = f"Hooks has {_plural(len(events), 'validation hook')} ({listing(sorted(events))})"
        yield Violation(
            ("Hooks",),
            f"{got}; the standard requires at least {_plural(std.min_hooks, 'validation hook')} among "
            f"{', '.join(std.hooks)}, where a Lambda function tests the new task set and can fail the deployment "
            "before or as it takes production traffic",
        )
