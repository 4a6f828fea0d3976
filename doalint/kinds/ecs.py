"""ECS task definitions, services and the rolling deployment configuration."""

from __future__ import annotations

from typing import Any

from doalint.kinds import Found, Kind, detector, register

def _task_model():
    from doalint.models.ecs import TaskDefinition

    return TaskDefinition


def _service_model():
    from doalint.models.ecs import Service

    return Service


def _deployment_model():
    from doalint.models.ecs import DeploymentConfiguration

    return DeploymentConfiguration


def _cluster_model():
    from doalint.models.ecs import Cluster

    return Cluster


def _task_candidates(m) -> list[str]:
    names = [m.family] if m.family else []
    names += [c.name for _, c in m.containers() if c.name]
    return names


register(
    Kind(
        "ecs-task-definition",
        "ECS task definition",
        _task_model,
        "ecs",
        "RegisterTaskDefinitionRequest",
        "TaskDefinition",
        "family",
        _task_candidates,
        embedded_shapes={"containerDefinitions": "ContainerDefinitions"},
    ),
    Kind(
        "ecs-service",
        "ECS service",
        _service_model,
        "ecs",
        "CreateServiceRequest",
        "Service",
        "serviceName",
        lambda m: [m.serviceName] if m.serviceName else [],
    ),
    Kind(
        "ecs-deployment-configuration",
        "ECS rolling deployment configuration",
        _deployment_model,
        "ecs",
        "DeploymentConfiguration",
        "DeploymentConfiguration",
        None,
        lambda m: [],
        has_service=False,
    ),
    Kind(
        "ecs-cluster",
        "ECS cluster",
        _cluster_model,
        "ecs",
        "CreateClusterRequest",
        "Cluster",
        "clusterName",
        lambda m: [],
        has_service=False,
    ),
)


def _is_task_definition(d: Any) -> bool:
    return isinstance(d, dict) and "containerDefinitions" in d and (
        "family" in d or "taskDefinitionArn" in d or "networkMode" in d or "requiresCompatibilities" in d
    )


def _looks_described(d: dict) -> bool:
    return any(k in d for k in ("taskDefinitionArn", "revision", "status", "registeredAt", "compatibilities"))


@detector(order=10)
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


@detector(order=20)
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


@detector(order=90)
def deployment_configuration(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    inner = value.get("deploymentConfiguration")
    if len(value) == 1 and isinstance(inner, dict) and set(inner) <= _ROLLING_KEYS and inner:
        return [Found("ecs-deployment-configuration", inner, ("deploymentConfiguration",))]
    if value and set(value) <= _ROLLING_KEYS and ({"maximumPercent", "minimumHealthyPercent"} & set(value)):
        return [Found("ecs-deployment-configuration", value)]
    return []


@detector(order=25)
def cluster(value: Any) -> list[Found]:
    """create-cluster input, or describe-clusters output ({"clusters": [...]})."""
    if not isinstance(value, dict):
        return []
    items = value.get("clusters")
    if isinstance(items, list) and items and all(isinstance(c, dict) and "clusterName" in c for c in items):
        return [Found("ecs-cluster", c, ("clusters", i), "output") for i, c in enumerate(items)]
    if "clusterName" in value and ("settings" in value or "capacityProviders" in value or "configuration" in value
                                   or set(value) <= {"clusterName", "tags"}):
        variant = "output" if "clusterArn" in value or "status" in value else "input"
        return [Found("ecs-cluster", value, (), variant)]
    return []
