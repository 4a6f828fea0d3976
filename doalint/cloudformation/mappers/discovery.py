"""AWS::ServiceDiscovery::Service, as a Cloud Map CreateService document (PascalCase API keys,
which are CloudFormation's too).

Mapped, as for Terraform: the name and type, DnsConfig's records and routing policy, and the
health checks (of a Route 53 health check, DOA501 reads only that there is one). Not mapped:
NamespaceId (of the service or of DnsConfig), HealthCheckConfig's ResourcePath and
FailureThreshold, ServiceAttributes and Tags: no rule reads them, and written with ``!Ref``,
``!GetAtt`` and ``!ImportValue`` they would only add DOA003 warnings. CloudFormation sends no
RoutingPolicy it is not given: an omitted one is reported as in a JSON document (the standard
wants it written out).
"""

from __future__ import annotations

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.cloudformation.mappers.codedeploy import ALL, known_props, pick, unknown_doc

KIND = "cloudmap-service"
_SERVICE = {
    "Name": ALL,
    "Type": ALL,
    "DnsConfig": {"DnsRecords": ALL, "RoutingPolicy": ALL},
    "HealthCheckCustomConfig": {"FailureThreshold": ALL},
    "HealthCheckConfig": {"Type": ALL},
}


@cfn_mapper("AWS::ServiceDiscovery::Service", KIND)
def service(res):
    props = pick(known_props(res), _SERVICE)
    if not isinstance(props, dict):
        yield unknown_doc(res, KIND, props, _SERVICE)
        return
    data, paths = res.view(props)
    yield CfnDoc(KIND, coerce("servicediscovery", "CreateServiceRequest", data), paths)
