"""AWS::ECS::TaskDefinition, AWS::ECS::Service, AWS::ECS::Cluster."""

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.values import Ref

# map-valued properties whose keys are data, not property names
_DATA_MAPS = ("Options", "DockerLabels", "options", "dockerLabels")


@cfn_mapper("AWS::ECS::TaskDefinition", "ecs-task-definition")
def task_definition(res):
    data, paths = res.view(camel=True, keep=_DATA_MAPS)
    data = coerce("ecs", "RegisterTaskDefinitionRequest", data)
    yield CfnDoc("ecs-task-definition", data, paths)


# properties no rule reads: an unresolvable value there is no reason for DOA003
_UNREAD = {"ecs-service": ("role", "serviceConnectConfiguration", "volumeConfigurations", "healthCheckGracePeriodSeconds",
                           "placementConstraints", "placementStrategies", "vpcLatticeConfigurations"),
           "ecs-cluster": ("clusterName", "capacityProviders", "defaultCapacityProviderStrategy", "configuration",
                           "serviceConnectDefaults", "tags")}


def _drop_unread(kind, data):
    for key in _UNREAD.get(kind, ()):
        data.pop(key, None)
    return data


@cfn_mapper("AWS::ECS::Service", "ecs-service")
def service(res):
    data, paths = res.view(camel=True, renames={"EnableECSManagedTags": "enableECSManagedTags"})
    _drop_unread("ecs-service", data)
    data = coerce("ecs", "CreateServiceRequest", data)
    meta = {}
    td = data.get("taskDefinition")
    if isinstance(td, Ref) and not td.opaque and td.address.startswith("Resources/"):
        # !Ref TaskDefinition is the ARN of the revision the stack registered: pinned
        meta["task_definition_managed"] = str(td)
    yield CfnDoc("ecs-service", data, paths, meta)


@cfn_mapper("AWS::ECS::Cluster", "ecs-cluster")
def cluster(res):
    data, paths = res.view(camel=True, renames={"ClusterSettings": "settings"})
    name = data.get("clusterName")
    _drop_unread("ecs-cluster", data)
    if isinstance(name, str):
        data["clusterName"] = name  # kept when known: it names the cluster in messages
    yield CfnDoc("ecs-cluster", data, paths)
