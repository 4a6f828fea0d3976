"""aws_codedeploy_deployment_group and aws_codedeploy_deployment_config, as the CodeDeploy
CreateDeploymentGroup / CreateDeploymentConfig documents (camelCase API keys).

Mapped: what DOA401-DOA404 read, what names the group's service (ecsServices[].serviceName, the
group's and the application's names), and the enumerations deployment_style,
deployment_ready_option and compute_platform. Not mapped: service_role_arn, load_balancer_info and
ecs_service.cluster_name, which no rule reads and which, usually written with variables and
references, would only add DOA003 warnings.
"""

from __future__ import annotations

from typing import Any, Optional

from doalint.terraform import hcl
from doalint.values import Ref
from doalint.terraform.resources import Builder, boolean, mapper, number, text

GROUP = "codedeploy-deployment-group"
CONFIG = "codedeploy-deployment-config"

# AWS provider defaults: what Terraform sends when the argument is omitted.
# aws_codedeploy_deployment_config traffic_routing_config.type (schema Default)
PROVIDER_DEFAULT_ROUTING_TYPE = "AllAtOnce"


# --- helpers ----------------------------------------------------------------------------------
def alarm_list(v: Any) -> Any:
    """alarms = ["a", "b"] -> [{"name": "a"}, {"name": "b"}] (AlarmConfiguration.alarms)."""
    if isinstance(v, list):
        return [{"name": text(x)} for x in v]
    return v


def block(b: Builder, name: str, path: tuple, body: Optional[hcl.Body] = None) -> Optional[hcl.Block]:
    """The first ``name`` block of ``body``, its object created at ``path``. A ``dynamic "name"``
    block is only known at plan time: its value is unknown (DOA003), and rules stay quiet about it."""
    body = body or b.res.block.body
    found = b.blocks(name, body)
    if found:
        b.put_value(path, {}, b.block_at(found[0]))
        return found[0]
    b.dynamic(name, path, body)  # a known one is among b.blocks(name)
    return None


def repeated(b: Builder, name: str, path: tuple, body: Optional[hcl.Body] = None) -> list[hcl.Block]:
    """The ``name`` blocks of ``body`` (with those of a dynamic block whose for_each is known),
    written at ``path`` + (index,) by the caller. With a ``dynamic "name"`` block whose for_each is
    not known, the list is unknown (DOA003) and no block is returned: the written ones alone would
    be taken for the whole list."""
    body = body or b.res.block.body
    if b.dynamic(name, path, body):  # a known one is expanded by b.blocks
        return []
    found = b.blocks(name, body)
    if found:  # findings about the list itself point at its first block
        b.out.smap.keys[path] = b.out.smap.values[path] = b.span(*b.block_at(found[0]))
    return found


# --- aws_codedeploy_deployment_group ------------------------------------------------------------
@mapper("aws_codedeploy_deployment_group", GROUP)
def deployment_group(b: Builder) -> None:
    # The application's and the group's names, when known: a reference to a resource whose name is
    # only known after apply (an aws_codedeploy_app named by a variable) names nothing, and would
    # be taken for a service name (DOA010).
    for key, tf_name in (("applicationName", "app_name"), ("deploymentGroupName", "deployment_group_name")):
        value = b.value(tf_name)
        if not (isinstance(value, Ref) and value.opaque):
            b.put((key,), tf_name)
    b.put(("deploymentConfigName",), "deployment_config_name")

    svc = block(b, "ecs_service", ("ecsServices", 0))
    if svc is not None:
        b.put(("ecsServices", 0, "serviceName"), "service_name", body=svc.body)

    base = ("autoRollbackConfiguration",)
    arc = block(b, "auto_rollback_configuration", base)
    if arc is not None:
        b.put(base + ("enabled",), "enabled", boolean, body=arc.body)
        b.put(base + ("events",), "events", body=arc.body)

    base = ("alarmConfiguration",)
    ac = block(b, "alarm_configuration", base)
    if ac is not None:
        b.put(base + ("enabled",), "enabled", boolean, body=ac.body)
        b.put(base + ("ignorePollAlarmFailure",), "ignore_poll_alarm_failure", boolean, body=ac.body)
        b.put(base + ("alarms",), "alarms", alarm_list, body=ac.body)

    base = ("blueGreenDeploymentConfiguration",)
    bg = block(b, "blue_green_deployment_config", base)
    if bg is not None:
        path = base + ("terminateBlueInstancesOnDeploymentSuccess",)
        term = block(b, "terminate_blue_instances_on_deployment_success", path, bg.body)
        if term is not None:
            b.put(path + ("action",), "action", body=term.body)
            b.put(path + ("terminationWaitTimeInMinutes",), "termination_wait_time_in_minutes", number,
                  body=term.body)
        path = base + ("deploymentReadyOption",)
        ready = block(b, "deployment_ready_option", path, bg.body)
        if ready is not None:
            b.put(path + ("actionOnTimeout",), "action_on_timeout", body=ready.body)

    base = ("deploymentStyle",)
    style = block(b, "deployment_style", base)
    if style is not None:
        b.put(base + ("deploymentType",), "deployment_type", body=style.body)
        b.put(base + ("deploymentOption",), "deployment_option", body=style.body)


# --- aws_codedeploy_deployment_config -----------------------------------------------------------
# block name -> (API member, percentage key, interval key)
_TIME_BASED = {
    "time_based_linear": ("timeBasedLinear", "linearPercentage", "linearInterval"),
    "time_based_canary": ("timeBasedCanary", "canaryPercentage", "canaryInterval"),
}


@mapper("aws_codedeploy_deployment_config", CONFIG)
def deployment_config(b: Builder) -> None:
    b.put(("deploymentConfigName",), "deployment_config_name")
    b.put(("computePlatform",), "compute_platform")
    base = ("trafficRoutingConfig",)
    trc = block(b, "traffic_routing_config", base)
    if trc is None:
        return
    if "type" in trc.body.attributes:
        b.put(base + ("type",), "type", body=trc.body)
    else:  # the provider sends its default
        b.put_value(base + ("type",), PROVIDER_DEFAULT_ROUTING_TYPE, b.block_at(trc))
    for name, (member, pkey, ikey) in _TIME_BASED.items():
        blk = block(b, name, base + (member,), trc.body)
        if blk is not None:
            b.put(base + (member, pkey), "percentage", number, body=blk.body)
            b.put(base + (member, ikey), "interval", number, body=blk.body)
