"""aws_service_discovery_service, as a Cloud Map CreateService document (PascalCase API keys).

Not mapped: namespace_id (of the service or of dns_config), health_check_config's resource_path
and failure_threshold, and tags: no rule reads them, and written with variables and references
they would only add DOA003 warnings. When dns_config omits routing_policy, the provider's default
(MULTIVALUE, which Terraform sends) is written.
"""

from __future__ import annotations

from doalint.terraform.mappers.codedeploy import block, repeated
from doalint.terraform.resources import Builder, mapper, number, text

# AWS provider default of dns_config.routing_policy (schema Default): what Terraform sends
# when the argument is omitted.
PROVIDER_DEFAULT_ROUTING_POLICY = "MULTIVALUE"


@mapper("aws_service_discovery_service", "cloudmap-service")
def service_discovery_service(b: Builder) -> None:
    b.put(("Name",), "name")
    b.put(("Type",), "type")

    base = ("DnsConfig",)
    dns = block(b, "dns_config", base)
    if dns is not None:
        for i, rec in enumerate(repeated(b, "dns_records", base + ("DnsRecords",), dns.body)):
            b.put_value(base + ("DnsRecords", i), {}, b.block_at(rec))
            b.put(base + ("DnsRecords", i, "Type"), "type", text, body=rec.body)
            b.put(base + ("DnsRecords", i, "TTL"), "ttl", number, body=rec.body)
        if "routing_policy" in dns.body.attributes:
            b.put(base + ("RoutingPolicy",), "routing_policy", body=dns.body)
        else:
            b.put_value(base + ("RoutingPolicy",), PROVIDER_DEFAULT_ROUTING_POLICY, b.block_at(dns))

    base = ("HealthCheckCustomConfig",)
    custom = block(b, "health_check_custom_config", base)
    if custom is not None:
        b.put(base + ("FailureThreshold",), "failure_threshold", number, body=custom.body)

    # a Route 53 health check: DOA501 reads only that there is one
    base = ("HealthCheckConfig",)
    r53 = block(b, "health_check_config", base)
    if r53 is not None:
        b.put(base + ("Type",), "type", body=r53.body)
