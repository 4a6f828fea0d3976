"""Recognising what a parsed file is, by its keys.

Each kind has a detector that looks at a file's value and returns the
documents it finds (a describe-services output holds several services).
Values that no detector claims are "unrecognised" and skipped quietly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from doalint.source import Path


@dataclass(frozen=True)
class Found:
    kind: str
    data: Any
    base: Path = ()
    variant: str = "input"
    moved: Optional[dict] = None


Detector = Callable[[Any], list[Found]]
DETECTORS: list[Detector] = []


def detector(fn: Detector) -> Detector:
    DETECTORS.append(fn)
    return fn


def detect(value: Any) -> list[Found]:
    for fn in DETECTORS:
        found = fn(value)
        if found:
            return found
    return []


def _is_task_definition(d: Any) -> bool:
    return isinstance(d, dict) and "containerDefinitions" in d and (
        "family" in d or "taskDefinitionArn" in d or "networkMode" in d or "requiresCompatibilities" in d
    )


def _looks_described(d: dict) -> bool:
    return any(k in d for k in ("taskDefinitionArn", "revision", "status", "registeredAt", "compatibilities"))


@detector
def task_definition(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    inner = value.get("taskDefinition")
    if isinstance(inner, dict) and _is_task_definition(inner):
        data = dict(inner)
        moved = {}
        if "tags" in value and "tags" not in inner:
            data["tags"] = value["tags"]
            moved["tags"] = ("tags",)
        return [Found("ecs-task-definition", data, ("taskDefinition",), "output", moved)]
    if _is_task_definition(value):
        return [Found("ecs-task-definition", value, (), "output" if _looks_described(value) else "input")]
    return []


def _is_service(d: Any) -> bool:
    return isinstance(d, dict) and "serviceName" in d and any(
        k in d for k in ("taskDefinition", "cluster", "clusterArn", "desiredCount", "launchType",
                         "loadBalancers", "networkConfiguration", "deploymentConfiguration")
    )


@detector
def service(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    services = value.get("services")
    if isinstance(services, list) and services and all(_is_service(s) for s in services):
        return [Found("ecs-service", s, ("services", i), "output") for i, s in enumerate(services)]
    single = value.get("service")
    if _is_service(single):
        return [Found("ecs-service", single, ("service",), "output")]
    if _is_service(value):
        variant = "output" if any(k in value for k in ("serviceArn", "clusterArn", "deployments", "events")) else "input"
        return [Found("ecs-service", value, (), variant)]
    return []


_ROLLING_KEYS = {"maximumPercent", "minimumHealthyPercent", "deploymentCircuitBreaker", "alarms",
                 "strategy", "bakeTimeInMinutes", "lifecycleHooks", "linearConfiguration", "canaryConfiguration"}


@detector
def deployment_configuration(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    inner = value.get("deploymentConfiguration")
    if len(value) == 1 and isinstance(inner, dict) and set(inner) <= _ROLLING_KEYS and inner:
        return [Found("ecs-deployment-configuration", inner, ("deploymentConfiguration",))]
    if value and set(value) <= _ROLLING_KEYS and ({"maximumPercent", "minimumHealthyPercent"} & set(value)):
        return [Found("ecs-deployment-configuration", value)]
    return []
