"""Helpers shared by the ECS rules."""

from __future__ import annotations

from typing import Optional


def app_container(task, ctx) -> tuple[Optional[int], Optional[object]]:
    """(index, container) of the application container; (None, None) when it cannot be told.

    A catalog service's is the one the profile names (``task.app_container``, by default the
    service's name), else the only container there is. A service the catalog does not know has
    no name to look for: its application container is the one named after the task family,
    else the only container, else the only essential one (``essential`` unset counts as true,
    as in ECS)."""
    containers = task.containers()
    if ctx.service is not None:
        want = ctx.profile.fill(ctx.profile.task.app_container, ctx.service)
        for i, c in containers:
            if c.name == want:
                return i, c
    else:
        family = task.family
        named = [(i, c) for i, c in containers if family and c.name == family]
        if len(named) == 1:
            return named[0]
        if len(containers) > 1:
            essential = [(i, c) for i, c in containers if c.essential is not False]
            if len(essential) == 1:
                return essential[0]
    if len(containers) == 1:
        return containers[0]
    return None, None


def catalog_free(value: str) -> bool:
    """A profile value filled without a catalog entry still names no ``{service}`` or ``{port}``:
    it applies to services the catalog does not know too."""
    return "{service}" not in value and "{port}" not in value


def parse_cpu(value: Optional[str]) -> Optional[int]:
    """Task CPU in CPU units: "512", "1 vCPU", "0.5 vcpu"."""
    if value is None:
        return None
    s = str(value).strip().lower()
    try:
        if s.endswith("vcpu"):
            return int(round(float(s[:-4].strip()) * 1024))
        return int(s)
    except ValueError:
        return None


def parse_memory(value: Optional[str]) -> Optional[int]:
    """Task memory in MiB: "1024", "1 GB", "2GB"."""
    if value is None:
        return None
    s = str(value).strip().lower()
    try:
        if s.endswith("gb"):
            return int(round(float(s[:-2].strip()) * 1024))
        if s.endswith("mb"):
            return int(s[:-2].strip())
        return int(s)
    except ValueError:
        return None


def who(container) -> str:
    """How messages name a container: ``container 'web'``, or ``the container`` when its name is unknown."""
    name = getattr(container, "name", None)
    return f"container {name!r}" if isinstance(name, str) and name else "the container"
