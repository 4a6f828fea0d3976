"""DOA201: the service runs on Fargate (launch type or capacity providers) on a recent platform version."""

import re
from typing import Optional

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Delete, Fix, Set

LATEST = "LATEST"  # the platform version alias ECS resolves to the newest release
EXTERNAL = "EXTERNAL"  # controller whose launch type and platform version live on task sets
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def _version(text: str) -> Optional[tuple[int, ...]]:
    text = text.strip()
    if not _VERSION.match(text):
        return None
    return tuple(int(p) for p in text.split("."))


def _at_least(got: tuple[int, ...], want: tuple[int, ...]) -> bool:
    n = max(len(got), len(want))
    return got + (0,) * (n - len(got)) >= want + (0,) * (n - len(want))


RULE = Rule("DOA201", needs_service=False)


def check(svc, ctx):
    st = ctx.profile.service
    want, providers = st.launch_type, list(st.capacity_providers)
    strategy = svc.capacityProviderStrategy
    items = [(i, it) for i, it in enumerate(strategy or []) if it is not None]

    # an empty launchType (ecspresso writes "" beside a capacity provider strategy) is no launch type:
    # DOA002 reports the empty value itself
    if svc.launchType:
        if svc.launchType != want:
            yield Violation(
                ("launchType",),
                f"launchType is {svc.launchType!r}; the standard runs services on {want!r}",
                # unsafe: the tasks move to another capacity (their task definition must be Fargate's)
                fix=Fix(f"set launchType to {want}", [Set(("launchType",), want)], safe=False),
            )
        elif strategy and ctx.doc.variant == "input":
            yield Violation(
                ("launchType",),
                "launchType and capacityProviderStrategy are both set; CreateService rejects a service "
                "with both, so keep only one of them",
                # unsafe: which of the two to keep is the author's choice
                fix=Fix("remove launchType (keep the capacity provider strategy)", [Delete(("launchType",))],
                        safe=False),
            )
    elif items:
        for i, it in items:
            if it.capacityProvider not in providers:
                yield Violation(
                    ("capacityProviderStrategy", i, "capacityProvider"),
                    f"capacity provider {it.capacityProvider!r} is not a Fargate provider; "
                    f"the standard allows only {', '.join(providers)}"
                    if it.capacityProvider is not None
                    else f"capacityProviderStrategy[{i}] names no capacityProvider; "
                    f"the standard allows only {', '.join(providers)}",
                )
    elif strategy:
        pass  # only entries that are not objects: DOA002's finding
    elif svc.controller() != EXTERNAL:
        found = (
            "launchType is not set and capacityProviderStrategy is empty"
            if strategy is not None
            else "neither launchType nor capacityProviderStrategy is set"
        )
        yield Violation(
            ("capacityProviderStrategy",) if strategy is not None else ("launchType",),
            f"{found}, so ECS places the tasks with the cluster's default capacity provider strategy "
            f"(or on EC2 when the cluster has none); set launchType to {want!r}",
            fix=None if strategy is not None else Fix(f"set launchType to {want}", [Set(("launchType",), want)],
                                                      safe=False),
        )

    pv = svc.platformVersion
    if pv is None or pv == LATEST:
        return
    minimum = st.min_platform_version
    got, floor = _version(pv), _version(minimum)
    if got is None:
        yield Violation(
            ("platformVersion",),
            f"platformVersion is {pv!r}, which is not a Fargate platform version; use {LATEST!r} or {minimum} or later",
        )
    elif floor is not None and not _at_least(got, floor):
        yield Violation(
            ("platformVersion",),
            f"platformVersion is {pv!r}, older than {minimum}; use {LATEST!r} or {minimum} or later",
            fix=Fix(f"set platformVersion to {LATEST}", [Set(("platformVersion",), LATEST)]),
        )
