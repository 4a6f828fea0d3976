"""Helpers shared by the ECS rules."""

from __future__ import annotations

from typing import Optional


def app_container(task, ctx) -> tuple[Optional[int], Optional[object]]:
    """(index, container) of the application container: the one the profile names
    (``task.app_container``, by default the service's name), else the only container
    there is; (None, None) when neither exists or the service is unknown."""
    if ctx.service is None:
        return None, None
    want = ctx.profile.fill(ctx.profile.task.app_container, ctx.service)
    containers = task.containers()
    for i, c in containers:
        if c.name == want:
            return i, c
    if len(containers) == 1:
        return containers[0]
    return None, None


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
