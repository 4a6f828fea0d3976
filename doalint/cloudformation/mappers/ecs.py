"""AWS::ECS::TaskDefinition, AWS::ECS::Service, AWS::ECS::Cluster."""

from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.terraform.evaluate import Ref

# map-valued properties whose keys are data, not property names
_DATA_MAPS = ("Options", "DockerLabels", "options", "dockerLabels")


@cfn_mapper("AWS::ECS::TaskDefinition", "ecs-task-definition")
def task_definition(res):
    data, paths = res.view(camel=True, keep=_DATA_MAPS)
    data = coerce("ecs", "RegisterTaskDefinitionRequest", data)
    yield CfnDoc("ecs-task-definition", data, paths)


@cfn_mapper("AWS::ECS::Service", "ecs-service")
def service(res):
    data, paths = res.view(camel=True, renames={"EnableECSManagedTags": "enableECSManagedTags"})
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
    yield CfnDoc("ecs-cluster", data, paths)
