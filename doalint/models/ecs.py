"""ECS task definitions and services (RegisterTaskDefinition / CreateService shapes)."""

from __future__ import annotations

from typing import Any, Optional

from doalint.models import AwsModel


class KeyValuePair(AwsModel):
    name: Optional[str] = None
    value: Optional[str] = None


class Secret(AwsModel):
    name: Optional[str] = None
    valueFrom: Optional[str] = None


class PortMapping(AwsModel):
    containerPort: Optional[int] = None
    hostPort: Optional[int] = None
    protocol: Optional[str] = None
    appProtocol: Optional[str] = None
    name: Optional[str] = None


class LogConfiguration(AwsModel):
    logDriver: Optional[str] = None
    options: Optional[dict[str, Optional[str]]] = None


class HealthCheck(AwsModel):
    command: Optional[list[Optional[str]]] = None
    interval: Optional[int] = None
    timeout: Optional[int] = None
    retries: Optional[int] = None
    startPeriod: Optional[int] = None


class Ulimit(AwsModel):
    name: Optional[str] = None
    softLimit: Optional[int] = None
    hardLimit: Optional[int] = None


class Tag(AwsModel):
    key: Optional[str] = None
    value: Optional[str] = None


class KernelCapabilities(AwsModel):
    add: Optional[list[Optional[str]]] = None
    drop: Optional[list[Optional[str]]] = None


class LinuxParameters(AwsModel):
    capabilities: Optional[KernelCapabilities] = None
    devices: Optional[list[Any]] = None
    sharedMemorySize: Optional[int] = None
    tmpfs: Optional[list[Any]] = None
    maxSwap: Optional[int] = None
    swappiness: Optional[int] = None
    initProcessEnabled: Optional[bool] = None


class ResourceRequirement(AwsModel):
    type: Optional[str] = None
    value: Optional[str] = None


class ContainerDefinition(AwsModel):
    name: Optional[str] = None
    image: Optional[str] = None
    essential: Optional[bool] = None
    portMappings: list[Optional[PortMapping]] = []
    environment: list[Optional[KeyValuePair]] = []
    secrets: list[Optional[Secret]] = []
    logConfiguration: Optional[LogConfiguration] = None
    healthCheck: Optional[HealthCheck] = None
    ulimits: list[Optional[Ulimit]] = []
    stopTimeout: Optional[int] = None
    privileged: Optional[bool] = None
    links: Optional[list[Any]] = None
    dockerSecurityOptions: Optional[list[Any]] = None
    disableNetworking: Optional[bool] = None
    dnsServers: Optional[list[Any]] = None
    dnsSearchDomains: Optional[list[Any]] = None
    extraHosts: Optional[list[Any]] = None
    hostname: Optional[str] = None
    linuxParameters: Optional[LinuxParameters] = None
    resourceRequirements: Optional[list[Optional[ResourceRequirement]]] = None


class HostVolumeProperties(AwsModel):
    sourcePath: Optional[str] = None


class Volume(AwsModel):
    name: Optional[str] = None
    host: Optional[HostVolumeProperties] = None
    dockerVolumeConfiguration: Optional[dict[str, Any]] = None


class TaskDefinition(AwsModel):
    family: Optional[str] = None
    networkMode: Optional[str] = None
    requiresCompatibilities: Optional[list[Optional[str]]] = None
    cpu: Optional[str] = None
    memory: Optional[str] = None
    executionRoleArn: Optional[str] = None
    taskRoleArn: Optional[str] = None
    containerDefinitions: list[Optional[ContainerDefinition]] = []
    tags: Optional[list[Optional[Tag]]] = None
    ipcMode: Optional[str] = None
    pidMode: Optional[str] = None
    placementConstraints: Optional[list[Any]] = None
    inferenceAccelerators: Optional[list[Any]] = None
    volumes: Optional[list[Optional[Volume]]] = None
    revision: Optional[int] = None
    taskDefinitionArn: Optional[str] = None

    def containers(self):
        """(index, container) for every container that is an object."""
        return [(i, c) for i, c in enumerate(self.containerDefinitions) if c is not None]


class DeploymentCircuitBreaker(AwsModel):
    enable: Optional[bool] = None
    rollback: Optional[bool] = None


class DeploymentConfiguration(AwsModel):
    deploymentCircuitBreaker: Optional[DeploymentCircuitBreaker] = None
    maximumPercent: Optional[int] = None
    minimumHealthyPercent: Optional[int] = None
    strategy: Optional[str] = None
    alarms: Optional[dict[str, Any]] = None
    bakeTimeInMinutes: Optional[int] = None


class AwsVpcConfiguration(AwsModel):
    subnets: Optional[list[Optional[str]]] = None
    securityGroups: Optional[list[Optional[str]]] = None
    assignPublicIp: Optional[str] = None


class NetworkConfiguration(AwsModel):
    awsvpcConfiguration: Optional[AwsVpcConfiguration] = None


class LoadBalancer(AwsModel):
    targetGroupArn: Optional[str] = None
    loadBalancerName: Optional[str] = None
    containerName: Optional[str] = None
    containerPort: Optional[int] = None


class ServiceRegistry(AwsModel):
    registryArn: Optional[str] = None
    port: Optional[int] = None
    containerName: Optional[str] = None
    containerPort: Optional[int] = None


class CapacityProviderStrategyItem(AwsModel):
    capacityProvider: Optional[str] = None
    weight: Optional[int] = None
    base: Optional[int] = None


class DeploymentController(AwsModel):
    type: Optional[str] = None


class Service(AwsModel):
    serviceName: Optional[str] = None
    cluster: Optional[str] = None
    clusterArn: Optional[str] = None
    taskDefinition: Optional[str] = None
    desiredCount: Optional[int] = None
    launchType: Optional[str] = None
    capacityProviderStrategy: Optional[list[Optional[CapacityProviderStrategyItem]]] = None
    platformVersion: Optional[str] = None
    networkConfiguration: Optional[NetworkConfiguration] = None
    loadBalancers: Optional[list[Optional[LoadBalancer]]] = None
    serviceRegistries: Optional[list[Optional[ServiceRegistry]]] = None
    deploymentConfiguration: Optional[DeploymentConfiguration] = None
    deploymentController: Optional[DeploymentController] = None
    enableECSManagedTags: Optional[bool] = None
    propagateTags: Optional[str] = None
    tags: Optional[list[Optional[Tag]]] = None

    def controller(self) -> str:
        return (self.deploymentController and self.deploymentController.type) or "ECS"


class ClusterSetting(AwsModel):
    name: Optional[str] = None
    value: Optional[str] = None


class Cluster(AwsModel):
    clusterName: Optional[str] = None
    settings: Optional[list[Optional[ClusterSetting]]] = None
    tags: Optional[list[Optional[Tag]]] = None
