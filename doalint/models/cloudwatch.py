"""CloudWatch metric alarms (PutMetricAlarm input, describe-alarms MetricAlarm output)."""

from __future__ import annotations

from typing import Any, ClassVar, Optional

from doalint.models import AwsModel


class Dimension(AwsModel):
    Name: Optional[str] = None
    Value: Optional[str] = None


class Tag(AwsModel):
    Key: Optional[str] = None
    Value: Optional[str] = None


class MetricAlarm(AwsModel):
    # The AWS/ECS metric dimensions naming a service and its cluster (AWS facts).
    SERVICE_DIMENSION: ClassVar[str] = "ServiceName"
    CLUSTER_DIMENSION: ClassVar[str] = "ClusterName"

    AlarmName: Optional[str] = None
    AlarmArn: Optional[str] = None
    AlarmDescription: Optional[str] = None
    ActionsEnabled: Optional[bool] = None
    OKActions: Optional[list[Optional[str]]] = None
    AlarmActions: Optional[list[Optional[str]]] = None
    InsufficientDataActions: Optional[list[Optional[str]]] = None
    MetricName: Optional[str] = None
    Namespace: Optional[str] = None
    Statistic: Optional[str] = None
    ExtendedStatistic: Optional[str] = None
    Dimensions: Optional[list[Optional[Dimension]]] = None
    Period: Optional[int] = None
    Unit: Optional[str] = None
    EvaluationPeriods: Optional[int] = None
    DatapointsToAlarm: Optional[int] = None
    Threshold: Optional[float] = None
    ComparisonOperator: Optional[str] = None
    TreatMissingData: Optional[str] = None
    EvaluateLowSampleCountPercentile: Optional[str] = None
    Metrics: Optional[list[Any]] = None
    ThresholdMetricId: Optional[str] = None
    Tags: Optional[list[Optional[Tag]]] = None
    StateValue: Optional[str] = None

    def dimensions(self) -> list[tuple[int, Dimension]]:
        return [(i, d) for i, d in enumerate(self.Dimensions or []) if d is not None]

    def dimension_values(self, name: str) -> list[str]:
        return [d.Value for _, d in self.dimensions() if d.Name == name and d.Value]
