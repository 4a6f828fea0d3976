"""Hard AWS constraints (rules/aws-facts.yaml), typed."""

from __future__ import annotations

from functools import lru_cache
from typing import Optional, Union

from doalint.resources import rules_dir
from doalint.typed import Invalid, Record
from doalint.yamlfile import read_yaml


class _M(Record):
    # a typed record (doalint.typed): the bundled facts are built without importing pydantic
    record_config = {"extra": "forbid", "frozen": True}


class FargateSize(_M):
    cpu: int
    memory: Optional[list[int]] = None
    min: Optional[int] = None
    max: Optional[int] = None
    step: Optional[int] = None

    def memories(self) -> list[int]:
        if self.memory is not None:
            return list(self.memory)
        return list(range(self.min, self.max + 1, self.step))


class Rejected(_M):
    task: list[str]
    container: list[str]
    linuxParameters: list[str]
    resource_requirements: list[str]
    volume: list[str]  # members of volumes[], dotted: host.sourcePath


class Fargate(_M):
    sizes: list[FargateSize]
    max_stop_timeout: int
    health_check_ranges: dict[str, tuple[int, int]]
    rejected: Rejected
    allowed_capabilities: list[str]

    def memories_for(self, cpu: int) -> Optional[list[int]]:
        for s in self.sizes:
            if s.cpu == cpu:
                return s.memories()
        return None


class EcsServiceDefaults(_M):
    cluster: str
    assignPublicIp: str
    propagateTags: str
    enableECSManagedTags: bool
    minimumHealthyPercent: int
    maximumPercent: int


class TargetGroupDefaults(_M):
    TargetType: str
    deregistration_delay_seconds: int
    health_check: dict[str, dict[str, Union[str, int]]]  # lambda / alb / geneve / nlb -> setting -> value


class Defaults(_M):
    ecs_service: EcsServiceDefaults
    scaling_cooldown: dict[str, int]
    port_mapping_protocol: str
    codedeploy_ignore_poll_alarm_failure: bool
    target_group: TargetGroupDefaults
    container_health_check: dict[str, int]


class AwsFacts(_M):
    fargate: Fargate
    defaults: Defaults


@lru_cache(maxsize=1)
def aws_facts() -> AwsFacts:
    value, _ = read_yaml(rules_dir() / "aws-facts.yaml", "AWS facts")
    try:
        return AwsFacts.model_validate(value)
    except Invalid as exc:
        raise exc.error from None  # pydantic's ValidationError, as before
