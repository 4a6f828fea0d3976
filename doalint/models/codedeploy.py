"""CodeDeploy documents: deployment configurations and groups (CreateDeploymentConfig /
CreateDeploymentGroup shapes and their get-* output) and the ECS AppSpec file."""

from __future__ import annotations

import re
from typing import Any, Optional, Union

from doalint import arns
from doalint.models import AwsModel

# --- deployment configurations ----------------------------------------------------------


class TimeBasedCanary(AwsModel):
    canaryPercentage: Optional[int] = None
    canaryInterval: Optional[int] = None


class TimeBasedLinear(AwsModel):
    linearPercentage: Optional[int] = None
    linearInterval: Optional[int] = None


class TrafficRoutingConfig(AwsModel):
    type: Optional[str] = None
    timeBasedCanary: Optional[TimeBasedCanary] = None
    timeBasedLinear: Optional[TimeBasedLinear] = None


class MinimumHealthyHosts(AwsModel):
    type: Optional[str] = None
    value: Optional[int] = None


class DeploymentConfig(AwsModel):
    """CreateDeploymentConfig input, or DeploymentConfigInfo (get-deployment-config output)."""

    deploymentConfigName: Optional[str] = None
    computePlatform: Optional[str] = None
    trafficRoutingConfig: Optional[TrafficRoutingConfig] = None
    minimumHealthyHosts: Optional[MinimumHealthyHosts] = None
    zonalConfig: Optional[dict[str, Any]] = None
    deploymentConfigId: Optional[str] = None


# --- deployment groups ------------------------------------------------------------------


class AutoRollbackConfiguration(AwsModel):
    enabled: Optional[bool] = None
    events: Optional[list[Optional[str]]] = None


class Alarm(AwsModel):
    name: Optional[str] = None


class AlarmConfiguration(AwsModel):
    enabled: Optional[bool] = None
    ignorePollAlarmFailure: Optional[bool] = None
    alarms: Optional[list[Optional[Alarm]]] = None


class BlueInstanceTerminationOption(AwsModel):
    action: Optional[str] = None
    terminationWaitTimeInMinutes: Optional[int] = None


class DeploymentReadyOption(AwsModel):
    actionOnTimeout: Optional[str] = None
    waitTimeInMinutes: Optional[int] = None


class GreenFleetProvisioningOption(AwsModel):
    action: Optional[str] = None


class BlueGreenDeploymentConfiguration(AwsModel):
    terminateBlueInstancesOnDeploymentSuccess: Optional[BlueInstanceTerminationOption] = None
    deploymentReadyOption: Optional[DeploymentReadyOption] = None
    greenFleetProvisioningOption: Optional[GreenFleetProvisioningOption] = None


class ECSService(AwsModel):
    serviceName: Optional[str] = None
    clusterName: Optional[str] = None


class DeploymentStyle(AwsModel):
    deploymentType: Optional[str] = None
    deploymentOption: Optional[str] = None


class TargetGroupInfo(AwsModel):
    name: Optional[str] = None


class TrafficRoute(AwsModel):
    listenerArns: Optional[list[Optional[str]]] = None


class TargetGroupPairInfo(AwsModel):
    targetGroups: Optional[list[Optional[TargetGroupInfo]]] = None
    prodTrafficRoute: Optional[TrafficRoute] = None
    testTrafficRoute: Optional[TrafficRoute] = None


class LoadBalancerInfo(AwsModel):
    elbInfoList: Optional[list[Any]] = None
    targetGroupInfoList: Optional[list[Optional[TargetGroupInfo]]] = None
    targetGroupPairInfoList: Optional[list[Optional[TargetGroupPairInfo]]] = None


# Alarm names are "<service>-<what>" in the standard; a catalog service may be any prefix
# of an alarm name that ends at one of these separators.
_NAME_SEPARATORS = re.compile(r"[-_.:/ ]")


def _prefixes(name: str) -> list[str]:
    """``a-b-c`` -> ``["a-b-c", "a-b", "a"]``: the name's prefixes at separators, longest first."""
    cuts = [m.start() for m in _NAME_SEPARATORS.finditer(name)]
    return [name] + [name[:i] for i in reversed(cuts) if i > 0]


class DeploymentGroup(AwsModel):
    """CreateDeploymentGroup input, or DeploymentGroupInfo (get-deployment-group output)."""

    applicationName: Optional[str] = None
    deploymentGroupName: Optional[str] = None
    deploymentConfigName: Optional[str] = None
    serviceRoleArn: Optional[str] = None
    ecsServices: Optional[list[Optional[ECSService]]] = None
    autoRollbackConfiguration: Optional[AutoRollbackConfiguration] = None
    alarmConfiguration: Optional[AlarmConfiguration] = None
    blueGreenDeploymentConfiguration: Optional[BlueGreenDeploymentConfiguration] = None
    deploymentStyle: Optional[DeploymentStyle] = None
    loadBalancerInfo: Optional[LoadBalancerInfo] = None
    computePlatform: Optional[str] = None
    deploymentGroupId: Optional[str] = None

    def ecs_service_names(self) -> list[str]:
        return [s.serviceName for s in self.ecsServices or [] if s is not None and s.serviceName]

    def alarm_names(self) -> list[str]:
        ac = self.alarmConfiguration
        return [a.name for a in (ac.alarms or []) if a is not None and a.name] if ac else []

    def own_name(self) -> Optional[str]:
        """The name the document's service is looked up by, when it has one of its own."""
        names = self.ecs_service_names() or [n for n in (self.deploymentGroupName, self.applicationName) if n]
        return names[0] if names else None

    def service_candidates(self) -> list[str]:
        """ecsServices[].serviceName; without them, the group's or application's name, then
        every prefix of an alarm name (the standard names alarms ``{service}-...``)."""
        names = self.ecs_service_names()
        if names:
            return names
        names = [n for n in (self.deploymentGroupName, self.applicationName) if n]
        for alarm in self.alarm_names():
            names += _prefixes(alarm)
        return names


class DeploymentSettings(DeploymentGroup):
    """The standard's combined file: CreateDeploymentConfig and CreateDeploymentGroup members."""

    trafficRoutingConfig: Optional[TrafficRoutingConfig] = None
    minimumHealthyHosts: Optional[MinimumHealthyHosts] = None
    zonalConfig: Optional[dict[str, Any]] = None


# --- the ECS AppSpec file ------------------------------------------------------------------


class AppSpecLoadBalancerInfo(AwsModel):
    ContainerName: Optional[str] = None
    ContainerPort: Optional[int] = None


class AppSpecAwsvpcConfiguration(AwsModel):
    Subnets: Optional[list[Optional[str]]] = None
    SecurityGroups: Optional[list[Optional[str]]] = None
    AssignPublicIp: Optional[str] = None


class AppSpecNetworkConfiguration(AwsModel):
    AwsvpcConfiguration: Optional[AppSpecAwsvpcConfiguration] = None


class AppSpecCapacityProviderStrategyItem(AwsModel):
    Base: Optional[int] = None
    CapacityProvider: Optional[str] = None
    Weight: Optional[int] = None


class AppSpecServiceProperties(AwsModel):
    TaskDefinition: Optional[str] = None
    LoadBalancerInfo: Optional[AppSpecLoadBalancerInfo] = None
    PlatformVersion: Optional[str] = None
    NetworkConfiguration: Optional[AppSpecNetworkConfiguration] = None
    CapacityProviderStrategy: Optional[list[Optional[AppSpecCapacityProviderStrategyItem]]] = None


class AppSpecResource(AwsModel):
    Type: Optional[str] = None
    Properties: Optional[AppSpecServiceProperties] = None


class AppSpec(AwsModel):
    """An AppSpec file of an ECS deployment (version, Resources, Hooks)."""

    # YAML reads `version: 0.0` as a number; CodeDeploy takes the number and the string.
    version: Optional[Union[str, float]] = None
    Resources: Optional[list[Optional[dict[str, Optional[AppSpecResource]]]]] = None
    Hooks: Optional[list[Optional[dict[str, Optional[str]]]]] = None

    def targets(self) -> list[tuple[int, str, AppSpecResource]]:
        """(index in Resources, resource name, resource) for every resource that is an object."""
        out = []
        for i, item in enumerate(self.Resources or []):
            if item and len(item) == 1:
                (name, res), = item.items()
                if res is not None:
                    out.append((i, name, res))
        return out

    def hooks(self) -> list[tuple[int, str, Optional[str]]]:
        """(index in Hooks, lifecycle event, function) for every single-key hook entry."""
        out = []
        for i, item in enumerate(self.Hooks or []):
            if item and len(item) == 1:
                (event, fn), = item.items()
                out.append((i, event, fn))
        return out

    def service_candidates(self) -> list[str]:
        """LoadBalancerInfo.ContainerName, then the family of the TaskDefinition ARN."""
        names: list[str] = []
        props = [r.Properties for _, _, r in self.targets() if r.Properties is not None]
        for p in props:
            if p.LoadBalancerInfo is not None and p.LoadBalancerInfo.ContainerName:
                names.append(p.LoadBalancerInfo.ContainerName)
        for p in props:
            text = (p.TaskDefinition or "").strip()
            m = arns.family_and_revision(arns.task_definition_id(text) or text)
            if m:
                names.append(m[0])
        return names
