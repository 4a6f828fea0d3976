"""Application Auto Scaling scaling policies and scalable targets
(PutScalingPolicy / RegisterScalableTarget shapes, and describe output)."""

from __future__ import annotations

from typing import Any, Optional

from doalint.models import AwsModel

# Class names differ from the AWS member names on purpose: a field named like its own
# type (PredefinedMetricSpecification: Optional[PredefinedMetricSpecification]) would
# resolve the annotation to the field's default, None.

class MetricDimension(AwsModel):
    Name: Optional[str] = None
    Value: Optional[str] = None


class PredefinedMetricSpec(AwsModel):
    PredefinedMetricType: Optional[str] = None
    ResourceLabel: Optional[str] = None


class CustomizedMetricSpec(AwsModel):
    MetricName: Optional[str] = None
    Namespace: Optional[str] = None
    Dimensions: Optional[list[Optional[MetricDimension]]] = None
    Statistic: Optional[str] = None
    Unit: Optional[str] = None
    Metrics: Optional[list[Any]] = None


class TargetTrackingConfig(AwsModel):
    TargetValue: Optional[float] = None
    PredefinedMetricSpecification: Optional[PredefinedMetricSpec] = None
    CustomizedMetricSpecification: Optional[CustomizedMetricSpec] = None
    ScaleOutCooldown: Optional[int] = None
    ScaleInCooldown: Optional[int] = None
    DisableScaleIn: Optional[bool] = None

    def metric_type(self) -> Optional[str]:
        spec = self.PredefinedMetricSpecification
        return spec.PredefinedMetricType if spec is not None else None


class StepAdjustment(AwsModel):
    MetricIntervalLowerBound: Optional[float] = None
    MetricIntervalUpperBound: Optional[float] = None
    ScalingAdjustment: Optional[int] = None


class StepScalingConfig(AwsModel):
    AdjustmentType: Optional[str] = None
    StepAdjustments: Optional[list[Optional[StepAdjustment]]] = None
    MinAdjustmentMagnitude: Optional[int] = None
    Cooldown: Optional[int] = None
    MetricAggregationType: Optional[str] = None


def _service_of(resource_id: Optional[str]) -> Optional[str]:
    """The service an ECS ResourceId ``service/<cluster>/<service>`` names: its last
    part, also when the rest is malformed (``service/product-service``, a service ARN),
    so that DOA305 can say what the ResourceId should be for that service."""
    if not resource_id:
        return None
    return resource_id.rstrip("/").rsplit("/", 1)[-1] or None


class ScalingPolicy(AwsModel):
    PolicyName: Optional[str] = None
    PolicyARN: Optional[str] = None
    ServiceNamespace: Optional[str] = None
    ResourceId: Optional[str] = None
    ScalableDimension: Optional[str] = None
    PolicyType: Optional[str] = None
    TargetTrackingScalingPolicyConfiguration: Optional[TargetTrackingConfig] = None
    StepScalingPolicyConfiguration: Optional[StepScalingConfig] = None
    PredictiveScalingPolicyConfiguration: Optional[dict[str, Any]] = None
    Alarms: Optional[list[Any]] = None
    CreationTime: Optional[Any] = None

    def service_name(self) -> Optional[str]:
        return _service_of(self.ResourceId)


class Suspended(AwsModel):
    DynamicScalingInSuspended: Optional[bool] = None
    DynamicScalingOutSuspended: Optional[bool] = None
    ScheduledScalingSuspended: Optional[bool] = None


class ScalableTarget(AwsModel):
    ServiceNamespace: Optional[str] = None
    ResourceId: Optional[str] = None
    ScalableDimension: Optional[str] = None
    MinCapacity: Optional[int] = None
    MaxCapacity: Optional[int] = None
    PredictedCapacity: Optional[int] = None
    RoleARN: Optional[str] = None
    SuspendedState: Optional[Suspended] = None
    Tags: Optional[dict[str, Optional[str]]] = None
    CreationTime: Optional[Any] = None
    ScalableTargetARN: Optional[str] = None

    def service_name(self) -> Optional[str]:
        return _service_of(self.ResourceId)
