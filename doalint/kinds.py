"""The document kinds doalint knows: model, API shape and how to name them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional


@dataclass(frozen=True)
class Kind:
    id: str
    title: str
    model: Callable[[], type]  # lazy: models import pydantic
    api_service: str  # botocore service name
    input_shape: str  # for create/register documents
    output_shape: str  # for describe output
    name_key: Optional[str]  # the key holding the document's own name
    candidates: Callable[[Any], list[str]]  # names that may be its catalog service
    has_service: bool = True

    def name_of(self, model: Any) -> Optional[str]:
        return getattr(model, self.name_key, None) if self.name_key else None
    shape_hints: dict[str, str] = field(default_factory=dict)


def _task_model():
    from doalint.models.ecs import TaskDefinition

    return TaskDefinition


def _service_model():
    from doalint.models.ecs import Service

    return Service


def _deployment_model():
    from doalint.models.ecs import DeploymentConfiguration

    return DeploymentConfiguration


def _task_candidates(m) -> list[str]:
    names = [m.family] if m.family else []
    names += [c.name for _, c in m.containers() if c.name]
    return names


KINDS: dict[str, Kind] = {
    k.id: k
    for k in (
        Kind(
            "ecs-task-definition",
            "ECS task definition",
            _task_model,
            "ecs",
            "RegisterTaskDefinitionRequest",
            "TaskDefinition",
            "family",
            _task_candidates,
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
    )
}
