"""AWS::CodeDeploy::DeploymentGroup and AWS::CodeDeploy::DeploymentConfig, as the CodeDeploy
CreateDeploymentGroup / CreateDeploymentConfig documents (camelCase API keys: ``ECSServices`` ->
``ecsServices``, ``AlarmConfiguration.Alarms[].Name`` -> ``alarmConfiguration.alarms[].name``).

Mapped, as for Terraform: what DOA401-DOA404 read, what names the group's service
(``ECSServices[].ServiceName``, the group's and the application's names) and the enumerations
DeploymentStyle and DeploymentReadyOption. Not mapped: ServiceRoleArn, LoadBalancerInfo,
``ECSServices[].ClusterName``, triggers and tags, which no rule reads and which, usually written
with ``!GetAtt``/``!ImportValue``, would only add DOA003 warnings.

This module also holds what the mappers of this package's areas share (as the Terraform
mappers share theirs from their codedeploy module): :func:`known_props`, the resource's
properties resolved by a template that knows more about other resources of the template than
:class:`~doalint.cloudformation.template.Template` does, and :func:`pick`.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from doalint import arns
from doalint.cloudformation.loader import CfnDoc, cfn_mapper, coerce
from doalint.cloudformation.template import NO_VALUE, Template
from doalint.values import Ref, Unknown

GROUP = "codedeploy-deployment-group"
CONFIG = "codedeploy-deployment-config"
API = "codedeploy"

ALL = None  # pick(): the whole value


# --- what references to other resources of the template are known to be -------------------------
# Template.resource_ref knows the names of clusters, task definitions, roles and target groups
# written as literals. The resources of these areas are referred to by more: a service's name
# (!GetAtt Service.Name, in a ResourceId), an alarm's name (!Ref Alarm, in a deployment group), a
# topic's or scaling policy's ARN (!Ref Topic, in AlarmActions), a load balancer's and target
# group's full names (in a ResourceLabel), and names written with !Sub and parameters.
# The parts of ARNs and ids only AWS knows are written "*" (as the Terraform mappers do).
_SUB_VAR = re.compile(r"\$\{([^}]*)\}")
_LB_PREFIX = {"application": "app", "network": "net", "gateway": "gwy"}


def _plain(v: Any) -> bool:
    """A value known to doalint: a string (or a reference whose value is known), a number."""
    if isinstance(v, Ref):
        return not v.opaque
    return isinstance(v, (str, int, float)) and not isinstance(v, bool)


class KnownTemplate(Template):
    """A Template whose references to resources of the template resolve further (see above).

    Two more differences, both for values of these areas only:

    - ``${AWS::AccountId}`` is ``*`` when the profile has no account (an alarm action
      ``!Sub arn:aws:sns:${AWS::Region}:${AWS::AccountId}:alerts`` is still an SNS topic's ARN;
      no rule of these areas reads the account);
    - a ``!Sub``/``!Join`` whose only unknown parts are references to resources of the template
      (``!Sub service/${Cluster}/${Service.Name}`` of a service CloudFormation names) is known to
      CloudFormation, not to doalint: an opaque reference (rules stay quiet about it), not DOA003,
      as a plain ``!GetAtt Service.Name`` is.
    """

    def __post_init__(self) -> None:
        super().__post_init__()
        self._busy: set = set()

    # --- references ----------------------------------------------------------------------
    def ref(self, name: Any, text: str) -> Any:
        if name == "AWS::AccountId" and not self.profile.account_id:
            return "*"
        return super().ref(name, text)

    def prop(self, logical: str, key: str) -> Optional[str]:
        """Property ``key`` of resource ``logical``, resolved, when it is a known string."""
        raw = self.resources.get(logical)
        props = raw.get("Properties") if isinstance(raw, dict) else None
        if not isinstance(props, dict) or key not in props or (logical, key) in self._busy:
            return None
        self._busy.add((logical, key))
        try:
            v = self.resolve(props[key], ("Resources", logical, "Properties", key))[0]
        finally:
            self._busy.discard((logical, key))
        return str.__str__(v) if isinstance(v, str) and _plain(v) and v else None

    def resource_ref(self, logical: str, attr: Optional[str]) -> Any:
        known = self._known(logical, attr)
        return known if known is not None else super().resource_ref(logical, attr)

    def _known(self, logical: str, attr: Optional[str]) -> Optional[Ref]:
        raw = self.resources.get(logical)
        rtype = raw.get("Type") if isinstance(raw, dict) else None
        a = attr or "Ref"
        address = f"Resources/{logical}"
        region = self.profile.region or "*"
        prop = lambda key: self.prop(logical, key)  # noqa: E731

        def arn(service: str, what: str) -> Ref:
            return Ref(arns.build(service, what, region), address, a)

        name: Optional[str] = None
        if rtype == "AWS::ECS::Service" and a == "Name":
            name = prop("ServiceName")
        elif rtype == "AWS::ECS::Cluster" and a in ("Ref", "Arn"):
            name = prop("ClusterName")  # as Template.resource_ref: the name (a cluster ARN's stand-in)
        elif rtype == "AWS::CloudWatch::Alarm" and a == "Ref":
            name = prop("AlarmName")
        elif rtype == "AWS::CodeDeploy::Application" and a == "Ref":
            name = prop("ApplicationName")
        elif rtype == "AWS::CodeDeploy::DeploymentConfig" and a == "Ref":
            name = prop("DeploymentConfigName")
        elif rtype == "AWS::CodeDeploy::DeploymentGroup" and a == "Ref":
            name = prop("DeploymentGroupName")
        elif rtype == "AWS::ElasticLoadBalancingV2::LoadBalancer" and a in ("LoadBalancerName", "LoadBalancerFullName"):
            name = prop("Name")
            if name and a == "LoadBalancerFullName":
                lb_type = prop("Type") or "application"
                name = f"{_LB_PREFIX.get(lb_type, 'app')}/{name}/*"
        elif rtype == "AWS::ElasticLoadBalancingV2::TargetGroup":
            name = prop("Name")
            if name is None:
                return None
            if a in ("Ref", "TargetGroupArn"):
                # Template.resource_ref's form, for a name that is not a literal
                return Ref(arns.target_group(name), address, a)
            if a == "TargetGroupFullName":
                return Ref(f"targetgroup/{name}/*", address, a)
            if a != "TargetGroupName":
                return None
        elif rtype == "AWS::SNS::Topic" and a in ("Ref", "TopicArn"):
            # what kind of ARN it is matters (DOA802), even when the name is CloudFormation's
            return arn("sns", prop("TopicName") or f"{address}.{a}")
        elif rtype in ("AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::AutoScaling::ScalingPolicy") \
                and a in ("Ref", "Arn"):
            return arn("autoscaling", f"scalingPolicy:*:policyName/{prop('PolicyName') or address}")
        return Ref(name, address, a) if name else None

    # --- composites of references -----------------------------------------------------------
    def _function(self, name: str, arg: Any, path, text: str, depth: int) -> Any:
        if name == "Fn::Join" and isinstance(arg, list) and len(arg) == 2:
            delim = self.resolve(arg[0], path + (name, 0), depth + 1)[0]
            items = self.resolve(arg[1], path + (name, 1), depth + 1)[0]
            if isinstance(delim, str) and _plain(delim) and isinstance(items, list):
                if all(_plain(i) for i in items):
                    return str.__str__(delim).join(str(i) for i in items)
                refs = [i for i in items if isinstance(i, Ref) and i.opaque]
                if refs and all(_plain(i) or i in refs for i in items):
                    return refs[0]
        return super()._function(name, arg, path, text, depth)

    def _sub(self, arg: Any, text: str, path, depth: int) -> Any:
        got = super()._sub(arg, text, path, depth)
        if not isinstance(got, Unknown):
            return got
        # only references to resources of the template left unknown: an opaque reference
        template, local = (arg[0], arg[1]) if isinstance(arg, list) and len(arg) == 2 else (arg, {})
        if not isinstance(template, str) or not isinstance(local, dict):
            return got
        first = None
        for m in _SUB_VAR.finditer(template):
            inner = m.group(1)
            if inner.startswith("!"):
                continue
            if inner in local:
                v = self.resolve(local[inner], path, depth + 1)[0]
            elif "." in inner and inner.split(".", 1)[0] in self.resources:
                v = self.resource_ref(*inner.split(".", 1))
            else:
                v = self.ref(inner, "${" + inner + "}")
            if _plain(v):
                continue
            if isinstance(v, Ref) and v.opaque:
                first = first or v
                continue
            return got
        return first or got


def known_template(res) -> KnownTemplate:
    t = res.template
    known = getattr(t, "_known_template", None)
    if known is None:
        known = KnownTemplate(t.value, t.profile)
        t._known_template = known
    return known


def known_props(res) -> Any:
    """The resource's Properties resolved by :class:`KnownTemplate` (an Unknown when the whole
    block is an expression doalint cannot resolve: see :func:`unknown_doc`)."""
    props = res.raw.get("Properties")
    if not isinstance(props, dict):
        return {}
    resolved = known_template(res).resolve(props, res.base)[0]
    return {} if resolved is NO_VALUE else resolved  # Properties: !Ref AWS::NoValue


def unknown_doc(res, kind: str, props: Any, spec: dict) -> CfnDoc:
    """The document of a resource whose whole Properties block is unknown (``Properties: !If
    [...]`` on an unknown condition): one DOA003 for the block, and every property the mapper
    reads is an opaque value, so rules say nothing about what may well be there."""
    data: dict = {"Properties": props}
    paths: dict = {(): res.base, ("Properties",): res.base}
    for key in spec:
        data[key] = opaque(res.address, key)
        paths[(key,)] = res.base
    return CfnDoc(kind, data, paths)


def pick(value: Any, spec: Any) -> Any:
    """``value`` with only the keys ``spec`` names ({key: sub-spec, or ALL for the whole value}),
    at every level; list items keep their places (so the view's positions stay right)."""
    if spec is ALL:
        return value
    if isinstance(value, dict):
        return {k: pick(v, spec[k]) for k, v in value.items() if k in spec}
    if isinstance(value, list):
        return [pick(v, spec) for v in value]
    return value  # an unknown value (DOA003), or of the wrong type


def opaque(address: str, attribute: str) -> Ref:
    """A value known to CloudFormation, not to doalint: rules stay quiet about it, and it is not DOA003."""
    return Ref(f"{address}.{attribute}", address, attribute)


def named(v: Any) -> bool:
    """The value names something (it is not a reference to a resource whose name is CloudFormation's)."""
    return not (isinstance(v, Ref) and v.opaque)


# --- AWS::CodeDeploy::DeploymentGroup -----------------------------------------------------------
_GROUP = {
    "ApplicationName": ALL,
    "DeploymentGroupName": ALL,
    "DeploymentConfigName": ALL,
    "ECSServices": {"ServiceName": ALL},
    "AutoRollbackConfiguration": {"Enabled": ALL, "Events": ALL},
    "AlarmConfiguration": {"Enabled": ALL, "IgnorePollAlarmFailure": ALL, "Alarms": {"Name": ALL}},
    "BlueGreenDeploymentConfiguration": {
        "TerminateBlueInstancesOnDeploymentSuccess": {"Action": ALL, "TerminationWaitTimeInMinutes": ALL},
        "DeploymentReadyOption": {"ActionOnTimeout": ALL, "WaitTimeInMinutes": ALL},
    },
    "DeploymentStyle": {"DeploymentType": ALL, "DeploymentOption": ALL},
}
# the API's names of those properties
_GROUP_KEYS = {"applicationName": ALL, "deploymentGroupName": ALL, "deploymentConfigName": ALL, "ecsServices": ALL,
               "autoRollbackConfiguration": ALL, "alarmConfiguration": ALL, "blueGreenDeploymentConfiguration": ALL,
               "deploymentStyle": ALL}


@cfn_mapper("AWS::CodeDeploy::DeploymentGroup", GROUP)
def deployment_group(res):
    props = pick(known_props(res), _GROUP)
    if not isinstance(props, dict):
        yield unknown_doc(res, GROUP, props, _GROUP_KEYS)
        return
    # The application's and the group's names, when known: a reference to a resource that
    # CloudFormation names names nothing, and would be taken for a service name (DOA010).
    for key in ("ApplicationName", "DeploymentGroupName"):
        if not named(props.get(key)):
            del props[key]
    data, paths = res.view(props, camel=True, renames={"ECSServices": "ecsServices"})
    yield CfnDoc(GROUP, coerce(API, "CreateDeploymentGroupInput", data), paths)


# --- AWS::CodeDeploy::DeploymentConfig ----------------------------------------------------------
_CONFIG = {"DeploymentConfigName": ALL, "ComputePlatform": ALL, "TrafficRoutingConfig": ALL}


@cfn_mapper("AWS::CodeDeploy::DeploymentConfig", CONFIG)
def deployment_config(res):
    props = pick(known_props(res), _CONFIG)
    if not isinstance(props, dict):
        yield unknown_doc(res, CONFIG, props, {"deploymentConfigName": ALL, "computePlatform": ALL,
                                                "trafficRoutingConfig": ALL})
        return
    data, paths = res.view(props, camel=True)
    yield CfnDoc(CONFIG, coerce(API, "CreateDeploymentConfigInput", data), paths)
