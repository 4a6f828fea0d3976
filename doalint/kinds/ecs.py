"""ECS task definitions, services and the rolling deployment configuration."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from doalint.document import Scope
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


# --- fragments --------------------------------------------------------------------------------
# Files that hold part of a document, as tools keep them: a list of container definitions
# (Terraform's container_definitions, a templatefile source), one container definition, and a
# service definition without its name (ecspresso's ecs-service-def.json: ecspresso supplies
# serviceName, cluster and taskDefinition from its own config). Each is checked with what it holds.

# Container definition keys that a container of another system (Kubernetes, Docker Compose) does
# not have: one of them tells an ECS container definition from a look-alike.
_ECS_CONTAINER_KEYS = frozenset({
    "portMappings", "essential", "logConfiguration", "memoryReservation", "healthCheck", "mountPoints",
    "dependsOn", "linuxParameters", "secrets", "environmentFiles", "ulimits", "readonlyRootFilesystem",
    "entryPoint", "firelensConfiguration", "repositoryCredentials", "dockerLabels", "stopTimeout",
    "startTimeout", "volumesFrom", "resourceRequirements",
})


@lru_cache(maxsize=None)
def _container_members() -> frozenset:
    from doalint.shapes import members

    return frozenset(members("ecs", "ContainerDefinition"))


def _container_like(d: Any, known: frozenset) -> bool:
    """An object whose keys are (mostly: a misspelt one is DOA002's) container definition members."""
    if not isinstance(d, dict) or not ("image" in d or "name" in d):
        return False
    keys = [k for k in d if isinstance(k, str)]
    return len(keys) == len(d) and 3 * len([k for k in keys if k in known]) >= 2 * len(keys)


def _ecs_specific(items: list) -> bool:
    return any(set(d) & _ECS_CONTAINER_KEYS or isinstance(d.get("environment"), list) for d in items)


CONTAINERS = Scope("a list of container definitions", at=("containerDefinitions",))
ONE_CONTAINER = Scope("one container definition", at=("containerDefinitions", 0))


@detector(order=92)
def container_definitions(value: Any) -> list[Found]:
    """A JSON list of container definitions, or one container definition: a task definition
    fragment that holds only its containers (task-level rules do not apply to it)."""
    if isinstance(value, list):
        known = _container_members()
        if value and all(_container_like(d, known) for d in value) and _ecs_specific(value):
            return [Found("ecs-task-definition", {"containerDefinitions": value}, scope=CONTAINERS)]
        return []
    if isinstance(value, dict) and "image" in value and "containerDefinitions" not in value:
        if _container_like(value, _container_members()) and _ecs_specific([value]):
            return [Found("ecs-task-definition", {"containerDefinitions": [value]}, scope=ONE_CONTAINER)]
    return []


# CreateService members that no other ECS call (RunTask, CreateTaskSet, ...) takes at the top level.
_SERVICE_ONLY = frozenset({
    "desiredCount", "deploymentConfiguration", "deploymentController", "loadBalancers", "schedulingStrategy",
    "healthCheckGracePeriodSeconds", "serviceRegistries", "serviceConnectConfiguration",
    "availabilityZoneRebalancing", "vpcLatticeConfigurations",
})
# What ecspresso (and tools like it) supply to CreateService besides the service definition file.
_SUPPLIED = ("serviceName", "cluster", "taskDefinition")
ECSPRESSO_CONFIGS = ("ecspresso.yml", "ecspresso.yaml", "ecspresso.json")
_CONFIG_MAX_BYTES = 256 * 1024


@lru_cache(maxsize=None)
def _service_members() -> frozenset:
    from doalint.shapes import members

    return frozenset(members("ecs", "CreateServiceRequest"))


def ecspresso_service_name(file: str) -> Optional[tuple[str, str]]:
    """(name, where) of the service an ecspresso config beside ``file`` deploys it as: the
    config's ``service:``, when its ``service_definition`` (if it names one) is this file.
    The config is read as data only (YAML safe_load, JSON); a template value is no name."""
    import json
    from pathlib import Path as FsPath

    from doalint.loaders import read_regular
    from doalint.loaders.errors import ParseError
    from doalint.placeholders import split

    here = FsPath(file)
    try:
        if not here.is_file():
            return None
        folder = here.parent
        for name in ECSPRESSO_CONFIGS:
            config = folder / name
            if not config.exists():
                continue
            try:  # (a FIFO, a device or a big file is no config: read_regular refuses it)
                text = read_regular(config, _CONFIG_MAX_BYTES).decode("utf-8", errors="replace")
            except ParseError:
                continue
            try:
                if name.endswith(".json"):
                    data = json.loads(text)
                else:
                    import yaml

                    data = yaml.safe_load(text)
            except Exception:  # noqa: BLE001 - an unreadable config names nothing
                continue
            if not isinstance(data, dict):
                continue
            definition = data.get("service_definition")
            if isinstance(definition, str) and (folder / definition).resolve() != here.resolve():
                continue  # the config deploys another file
            service = data.get("service")
            if isinstance(service, str) and service.strip() and split(service) is None:
                return service.strip(), name
    except OSError:
        return None
    return None


@detector(order=95)
def nameless_service(value: Any) -> list[Found]:
    """CreateService input without serviceName (ecspresso's service definition)."""
    if not isinstance(value, dict) or not value or "serviceName" in value:
        return []
    keys = [k for k in value if isinstance(k, str)]
    if len(keys) != len(value) or not set(keys) & _SERVICE_ONLY:
        return []
    known = _service_members()
    if 3 * len([k for k in keys if k in known]) < 2 * len(keys):
        return []
    lacks = tuple((k,) for k in _SUPPLIED if k not in value)
    scope = Scope("an ecspresso-style service definition (ecspresso supplies serviceName, cluster and "
                  "taskDefinition)", lacks=lacks, output_keys=True)
    return [Found("ecs-service", value, scope=scope, name_beside=ecspresso_service_name)]
