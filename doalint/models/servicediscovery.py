"""AWS Cloud Map services (servicediscovery CreateService input, GetService output)."""

from __future__ import annotations

from typing import Any, Optional

from doalint.models import AwsModel


class DnsRecord(AwsModel):
    Type: Optional[str] = None
    TTL: Optional[int] = None


class ServiceDnsConfig(AwsModel):
    NamespaceId: Optional[str] = None  # deprecated here: the service's NamespaceId replaces it
    RoutingPolicy: Optional[str] = None
    DnsRecords: Optional[list[Optional[DnsRecord]]] = None

    def records(self) -> list[tuple[int, DnsRecord]]:
        """(index, record) for every record that is an object."""
        return [(i, r) for i, r in enumerate(self.DnsRecords or []) if r is not None]


class CustomHealthCheck(AwsModel):
    FailureThreshold: Optional[int] = None


class Route53HealthCheck(AwsModel):
    Type: Optional[str] = None
    ResourcePath: Optional[str] = None
    FailureThreshold: Optional[int] = None


class Tag(AwsModel):
    Key: Optional[str] = None
    Value: Optional[str] = None


class CloudMapService(AwsModel):
    Name: Optional[str] = None
    NamespaceId: Optional[str] = None
    Description: Optional[str] = None
    Type: Optional[str] = None
    DnsConfig: Optional[ServiceDnsConfig] = None
    HealthCheckConfig: Optional[Route53HealthCheck] = None
    HealthCheckCustomConfig: Optional[CustomHealthCheck] = None
    Tags: Optional[list[Optional[Tag]]] = None
    CreatorRequestId: Optional[str] = None
    # describe (GetService / ListServices) output only
    Id: Optional[str] = None
    Arn: Optional[str] = None
    InstanceCount: Optional[int] = None
    CreateDate: Optional[Any] = None
