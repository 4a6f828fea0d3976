"""aws_ecs_task_definition, aws_ecs_service, aws_ecs_cluster."""

from doalint.values import Ref
from doalint.terraform.resources import (Builder, boolean, enabled_disabled, json_document, mapper, number, tags_list,
                                         text)

@mapper("aws_ecs_task_definition", "ecs-task-definition")
def ecs_task_definition(b: Builder) -> None:
    b.put(("family",), "family")
    b.put(("networkMode",), "network_mode")
    b.put(("requiresCompatibilities",), "requires_compatibilities")
    b.put(("cpu",), "cpu", text)
    b.put(("memory",), "memory", text)
    b.put(("executionRoleArn",), "execution_role_arn")
    b.put(("taskRoleArn",), "task_role_arn")
    b.put(("pidMode",), "pid_mode")
    b.put(("ipcMode",), "ipc_mode")
    b.put(("containerDefinitions",), "container_definitions", json_document)
    b.put(("tags",), "tags", tags_list, nested=False)
    for i, pc in enumerate(b.blocks("placement_constraints")):
        b.put_value(("placementConstraints", i), {"type": text(b.value("type", pc.body))}, b.block_at(pc))
    _volumes(b)


def _volumes(b: Builder) -> None:
    """``volume`` blocks as ``volumes[]``: the name, ``host_path`` (host.sourcePath) and a
    ``docker_volume_configuration`` (what DOA118 reads; EFS and FSx configurations are not mapped).
    A ``dynamic "volume"`` whose for_each is not known to be empty is an unknown volume (DOA003)."""
    n = 0
    for blk in b.blocks("volume"):
        base = ("volumes", n)
        n += 1
        b.put_value(base, {}, b.block_at(blk))
        b.put(base + ("name",), "name", body=blk.body)
        host_path = blk.body.attributes.get("host_path")
        if host_path is not None and b.value("host_path", blk.body) is not None:
            b.put_value(base + ("host",), {}, (host_path.start, host_path.name_end))
            b.put(base + ("host", "sourcePath"), "host_path", body=blk.body)
        for dv in b.blocks("docker_volume_configuration", blk.body)[:1]:
            b.put_value(base + ("dockerVolumeConfiguration",), {}, b.block_at(dv))
            b.put(base + ("dockerVolumeConfiguration", "scope"), "scope", body=dv.body)
            b.put(base + ("dockerVolumeConfiguration", "autoprovision"), "autoprovision", body=dv.body)
            b.put(base + ("dockerVolumeConfiguration", "driver"), "driver", body=dv.body)
    b.dynamic("volume", ("volumes", n))


@mapper("aws_ecs_service", "ecs-service")
def ecs_service(b: Builder) -> None:
    b.put(("serviceName",), "name")
    b.put(("cluster",), "cluster")
    b.put(("taskDefinition",), "task_definition")
    td = b.value("task_definition")
    if isinstance(td, Ref) and td.address.startswith("aws_ecs_task_definition.") and not td.opaque \
            and td.attribute in ("arn", "id"):
        b.out.meta["task_definition_managed"] = str(td)
    b.put(("desiredCount",), "desired_count", number)
    b.put(("launchType",), "launch_type")
    b.put(("platformVersion",), "platform_version")
    b.put(("propagateTags",), "propagate_tags")
    b.put(("enableECSManagedTags",), "enable_ecs_managed_tags", boolean)
    b.put(("enableExecuteCommand",), "enable_execute_command", boolean)
    b.put(("tags",), "tags", tags_list, nested=False)
    b.put(("deploymentConfiguration", "minimumHealthyPercent"), "deployment_minimum_healthy_percent", number)
    b.put(("deploymentConfiguration", "maximumPercent"), "deployment_maximum_percent", number)
    for blk in b.blocks("deployment_circuit_breaker")[:1]:
        base = ("deploymentConfiguration", "deploymentCircuitBreaker")
        b.put_value(base, {}, b.block_at(blk))
        b.put(base + ("enable",), "enable", boolean, body=blk.body)
        b.put(base + ("rollback",), "rollback", boolean, body=blk.body)
    b.block_slot(("deploymentConfiguration", "deploymentCircuitBreaker"), "deployment_circuit_breaker",
                 {"enable": "enable", "rollback": "rollback"})
    for blk in b.blocks("deployment_controller")[:1]:
        b.put_value(("deploymentController",), {}, b.block_at(blk))
        b.put(("deploymentController", "type"), "type", body=blk.body)
    for blk in b.blocks("network_configuration")[:1]:
        base = ("networkConfiguration", "awsvpcConfiguration")
        b.put_value(("networkConfiguration",), {}, b.block_at(blk))
        b.put_value(base, {}, b.block_at(blk))
        b.put(base + ("subnets",), "subnets", body=blk.body)
        b.put(base + ("securityGroups",), "security_groups", body=blk.body)
        b.put(base + ("assignPublicIp",), "assign_public_ip", enabled_disabled, body=blk.body)
    for i, blk in enumerate(b.blocks("load_balancer")):
        b.put_value(("loadBalancers", i), {}, b.block_at(blk))
        b.put(("loadBalancers", i, "targetGroupArn"), "target_group_arn", body=blk.body)
        b.put(("loadBalancers", i, "loadBalancerName"), "elb_name", body=blk.body)
        b.put(("loadBalancers", i, "containerName"), "container_name", body=blk.body)
        b.put(("loadBalancers", i, "containerPort"), "container_port", number, body=blk.body)
    for i, blk in enumerate(b.blocks("service_registries")):
        b.put_value(("serviceRegistries", i), {}, b.block_at(blk))
        b.put(("serviceRegistries", i, "registryArn"), "registry_arn", body=blk.body)
        b.put(("serviceRegistries", i, "containerName"), "container_name", body=blk.body)
        b.put(("serviceRegistries", i, "containerPort"), "container_port", number, body=blk.body)
        b.put(("serviceRegistries", i, "port"), "port", number, body=blk.body)
    for i, blk in enumerate(b.blocks("capacity_provider_strategy")):
        b.put_value(("capacityProviderStrategy", i), {}, b.block_at(blk))
        b.put(("capacityProviderStrategy", i, "capacityProvider"), "capacity_provider", body=blk.body)
        b.put(("capacityProviderStrategy", i, "weight"), "weight", number, body=blk.body)
        b.put(("capacityProviderStrategy", i, "base"), "base", number, body=blk.body)
    # blocks written with `dynamic`: unknown content where they stand (DOA003), never "not set"
    for name, path in (("deployment_circuit_breaker", ("deploymentConfiguration", "deploymentCircuitBreaker")),
                       ("deployment_controller", ("deploymentController",)),
                       ("network_configuration", ("networkConfiguration",))):
        if not b.blocks(name):
            b.dynamic(name, path)
    for name, key in (("load_balancer", "loadBalancers"), ("service_registries", "serviceRegistries"),
                      ("capacity_provider_strategy", "capacityProviderStrategy")):
        b.dynamic(name, (key, len(b.blocks(name))))


@mapper("aws_ecs_cluster", "ecs-cluster")
def ecs_cluster(b: Builder) -> None:
    """The cluster and its ``setting`` blocks. A ``dynamic "setting"`` whose for_each is not known
    to be empty is an unknown setting (DOA003), so DOA801 does not say "not set" about it.
    (``aws_ecs_cluster_capacity_providers`` is not a cluster: it only attaches capacity providers
    to one, so it is not mapped, and findings about the cluster sit on ``aws_ecs_cluster``.)"""
    b.put(("clusterName",), "name")
    n = 0
    for blk in b.blocks("setting"):
        b.put_value(("settings", n), {}, b.block_at(blk))
        b.put(("settings", n, "name"), "name", body=blk.body)
        b.put(("settings", n, "value"), "value", text, body=blk.body)
        n += 1
    b.block_slot(("settings",), "setting", {"name": "name", "value": "value"})
    b.dynamic("setting", ("settings", n))
    b.put(("tags",), "tags", tags_list, nested=False)
