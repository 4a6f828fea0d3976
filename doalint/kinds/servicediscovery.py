"""AWS Cloud Map services (service discovery for the ECS services)."""

from __future__ import annotations

from typing import Any

from doalint.kinds import Found, Kind, detector, register


def _service_model():
    from doalint.models.servicediscovery import CloudMapService

    return CloudMapService


register(
    Kind(
        "cloudmap-service",
        "Cloud Map service",
        _service_model,
        "servicediscovery",
        "CreateServiceRequest",
        "Service",
        "Name",
        lambda m: [m.Name] if m.Name else [],
    ),
)

# Members only a Cloud Map service has (CreateService input / Service output); the names are
# PascalCase, unlike ECS's serviceName/serviceRegistries.
_OWN_KEYS = ("DnsConfig", "HealthCheckCustomConfig")
_OUTPUT_KEYS = ("Id", "Arn", "InstanceCount", "CreateDate", "ResourceOwner", "CreatedByAccount")


def _is_cloudmap_service(d: Any) -> bool:
    if not isinstance(d, dict):
        return False
    dns = d.get("DnsConfig")
    if isinstance(dns, dict) and "DnsRecords" in dns:
        return True  # nothing else has DnsConfig.DnsRecords
    if "Name" in d and any(k in d for k in _OWN_KEYS):
        return True
    arn = d.get("Arn")
    return isinstance(arn, str) and ":servicediscovery:" in arn and ":service/" in arn and "Name" in d


@detector(order=50)
def cloudmap_service(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    inner = value.get("Service")  # get-service / create-service output
    if len(value) == 1 and _is_cloudmap_service(inner):
        return [Found("cloudmap-service", inner, ("Service",), "output")]
    items = value.get("Services")  # list-services output
    if len(value) <= 2 and set(value) <= {"Services", "NextToken"} and isinstance(items, list) and items and all(
        _is_cloudmap_service(s) for s in items
    ):
        return [Found("cloudmap-service", s, ("Services", i), "output") for i, s in enumerate(items)]
    if _is_cloudmap_service(value):
        variant = "output" if any(k in value for k in _OUTPUT_KEYS) else "input"
        return [Found("cloudmap-service", value, (), variant)]
    return []
