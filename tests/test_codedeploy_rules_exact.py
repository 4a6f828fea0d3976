"""The CodeDeploy rules (DOA401-DOA405), finding by finding: the key each finding points at and
the message a user reads, in the cases the rule folders' fixtures do not reach (keys that are
missing rather than wrong, names that disagree with the routing they carry, profiles that allow
other routings or other values). Each document is linted alone, with only the rule under test
selected, so a finding of DOA002 (a missing required key) does not get in the way.
"""

from __future__ import annotations

import json

import pytest

from doalint.checks.codedeploy._common import listing
from doalint.engine.runner import Linter

ALLOWED = ("the standard allows CodeDeployDefault.ECSLinear10PercentEvery1Minutes (linear, 10% every 1 minute) "
           "or CodeDeployDefault.ECSCanary10Percent5Minutes (canary, 10% then the rest after 5 minutes)")
LINEAR_1 = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
CANARY_15 = "CodeDeployDefault.ECSCanary10Percent15Minutes"


def _lint(profile, rule: str, doc, name: str = "doc.json") -> list[tuple]:
    raw = doc.encode() if isinstance(doc, str) else json.dumps(doc, indent=2).encode()
    report = Linter(profile, select={rule}).lint_buffer(raw, name)
    assert report.internal_errors == []  # the rule ran to its end
    return sorted((f.rule, "/".join(map(str, f.path)), f.message) for f in report.findings)


@pytest.fixture(scope="module")
def std():
    from doalint.profile import load_profile

    return load_profile()


def _changed(profile, **codedeploy):
    """The bundled profile with some codedeploy settings replaced."""
    return profile.model_copy(update={"codedeploy": profile.codedeploy.model_copy(update=codedeploy)})


def group(**fields) -> dict:
    """A CreateDeploymentGroup input for product-service (the catalog service) with ``fields``."""
    return {"applicationName": "doa-market", "deploymentGroupName": "product-service",
            "serviceRoleArn": "arn:aws:iam::123456789012:role/doa-market-codedeploy-role",
            "ecsServices": [{"serviceName": "product-service", "clusterName": "doa-market-cluster"}], **fields}


def config(name: str, routing=None) -> dict:
    """A CreateDeploymentConfig input (ECS) named ``name``, with ``routing`` as its trafficRoutingConfig."""
    doc = {"deploymentConfigName": name, "computePlatform": "ECS"}
    if routing is not None:
        doc["trafficRoutingConfig"] = routing
    return doc


def linear(percentage=10, interval=1) -> dict:
    block = {k: v for k, v in (("linearPercentage", percentage), ("linearInterval", interval)) if v is not None}
    return {"type": "TimeBasedLinear", "timeBasedLinear": block}


# ---------------------------------------------------------------------------------------------- listing


def test_listing_names_every_item_with_commas_and_a_final_and():
    """Messages list names as 'a', 'b' and 'c'; an empty list reads 'nothing'."""
    assert listing([]) == "nothing"
    assert listing(["a"]) == "'a'"
    assert listing(["a", "b"]) == "'a' and 'b'"
    assert listing(["a", "b", "c"]) == "'a', 'b' and 'c'"
    assert listing(["a", "b", "c", "d"]) == "'a', 'b', 'c' and 'd'"


# ---------------------------------------------------------------------------------------------- DOA401


def test_doa401_enabled_and_events_not_set_are_reported_as_not_set(std):
    """An autoRollbackConfiguration without 'enabled' and without 'events' says both are not set
    (not 'false', not 'empty')."""
    assert _lint(std, "DOA401", group(autoRollbackConfiguration={})) == [
        ("DOA401", "autoRollbackConfiguration/enabled",
         "autoRollbackConfiguration.enabled is not set, so CodeDeploy does not roll back automatically; "
         "the standard requires true"),
        ("DOA401", "autoRollbackConfiguration/events",
         "autoRollbackConfiguration.events is not set; the standard rolls back on 'DEPLOYMENT_FAILURE' and "
         "'DEPLOYMENT_STOP_ON_ALARM'"),
    ]


def test_doa401_an_empty_event_list_is_reported_as_empty(std):
    assert _lint(std, "DOA401", group(autoRollbackConfiguration={"enabled": True, "events": []})) == [
        ("DOA401", "autoRollbackConfiguration/events",
         "autoRollbackConfiguration.events is empty; the standard rolls back on 'DEPLOYMENT_FAILURE' and "
         "'DEPLOYMENT_STOP_ON_ALARM'"),
    ]


# ---------------------------------------------------------------------------------------------- DOA402

ALARMS = ("the standard stops product-service's deployments on 'product-service-5xx-errors' and "
          "'product-service-high-latency'")


def test_doa402_enabled_and_alarms_not_set_are_reported_as_not_set(std):
    assert _lint(std, "DOA402", group(alarmConfiguration={"ignorePollAlarmFailure": False})) == [
        ("DOA402", "alarmConfiguration/alarms", f"alarmConfiguration.alarms is not set; {ALARMS}"),
        ("DOA402", "alarmConfiguration/enabled",
         "alarmConfiguration.enabled is not set, so no alarm can stop the deployment; the standard requires true"),
    ]


def test_doa402_an_empty_alarm_list_or_alarms_without_names_are_empty(std):
    """Entries without a name name no alarm: the list counts as empty."""
    want = [("DOA402", "alarmConfiguration/alarms", f"alarmConfiguration.alarms is empty; {ALARMS}")]
    assert _lint(std, "DOA402", group(alarmConfiguration={"enabled": True, "alarms": []})) == want
    assert _lint(std, "DOA402", group(alarmConfiguration={"enabled": True, "alarms": [{}]})) == want


def test_doa402_lists_every_named_alarm_when_one_is_missing(std):
    names = ["product-service-5xx-errors", "product-service-cpu", "product-service-memory"]
    doc = group(alarmConfiguration={"enabled": True, "alarms": [{"name": n} for n in names]})
    assert _lint(std, "DOA402", doc) == [
        ("DOA402", "alarmConfiguration/alarms",
         "alarmConfiguration.alarms names 'product-service-5xx-errors', 'product-service-cpu' and "
         f"'product-service-memory' but not 'product-service-high-latency'; {ALARMS}"),
    ]


def test_doa402_a_profile_that_wants_poll_failures_ignored(std):
    """With a profile asking for ignorePollAlarmFailure true, an omitted value is CodeDeploy's
    default (false) and is reported as such; an explicit false is reported without the 'goes on
    shifting traffic' explanation, which is about true."""
    profile = _changed(std, ignore_poll_alarm_failure=True)
    alarms = [{"name": "product-service-5xx-errors"}, {"name": "product-service-high-latency"}]
    assert _lint(profile, "DOA402", group(alarmConfiguration={"enabled": True, "alarms": alarms})) == [
        ("DOA402", "alarmConfiguration/ignorePollAlarmFailure",
         "alarmConfiguration.ignorePollAlarmFailure is not set, so CodeDeploy uses false; the standard requires true"),
    ]
    doc = group(alarmConfiguration={"enabled": True, "ignorePollAlarmFailure": False, "alarms": alarms})
    assert _lint(profile, "DOA402", doc) == [
        ("DOA402", "alarmConfiguration/ignorePollAlarmFailure",
         "alarmConfiguration.ignorePollAlarmFailure is false; the standard requires true"),
    ]


# ---------------------------------------------------------------------------------------------- DOA403

TERM = "blueGreenDeploymentConfiguration/terminateBlueInstancesOnDeploymentSuccess"


def test_doa403_missing_termination_option_is_one_finding_at_its_key(std):
    doc = group(blueGreenDeploymentConfiguration={"deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT"}})
    assert _lint(std, "DOA403", doc) == [
        ("DOA403", TERM,
         "blueGreenDeploymentConfiguration.terminateBlueInstancesOnDeploymentSuccess is not set; the standard "
         "requires action 'TERMINATE' and terminationWaitTimeInMinutes 5"),
    ]


def test_doa403_action_not_set_or_unknown(std):
    """An action that is missing says 'is not set'; one that is neither TERMINATE nor KEEP_ALIVE is quoted."""
    doc = group(blueGreenDeploymentConfiguration={
        "terminateBlueInstancesOnDeploymentSuccess": {"terminationWaitTimeInMinutes": 5}})
    assert _lint(std, "DOA403", doc) == [
        ("DOA403", TERM + "/action",
         "terminateBlueInstancesOnDeploymentSuccess.action is not set; the standard requires 'TERMINATE'"),
    ]
    doc = group(blueGreenDeploymentConfiguration={
        "terminateBlueInstancesOnDeploymentSuccess": {"action": "DELETE", "terminationWaitTimeInMinutes": 5}})
    assert _lint(std, "DOA403", doc) == [
        ("DOA403", TERM + "/action",
         "terminateBlueInstancesOnDeploymentSuccess.action is 'DELETE'; the standard requires 'TERMINATE'"),
    ]


# ---------------------------------------------------------------------------------------------- DOA404


def test_doa404_routing_without_type(std):
    """A trafficRoutingConfig without 'type' is reported at trafficRoutingConfig/type, whether the
    name is a custom one or one of the allowed predefined names."""
    want = [("DOA404", "trafficRoutingConfig/type", f"trafficRoutingConfig.type is not set; {ALLOWED}")]
    routing = {"timeBasedLinear": {"linearPercentage": 10, "linearInterval": 1}}
    assert _lint(std, "DOA404", config("doa-market-linear", routing)) == want
    assert _lint(std, "DOA404", config(LINEAR_1, routing)) == want


def test_doa404_type_without_its_block(std):
    """type TimeBasedLinear without timeBasedLinear: one finding at the missing block."""
    assert _lint(std, "DOA404", config("doa-market-linear", {"type": "TimeBasedLinear"})) == [
        ("DOA404", "trafficRoutingConfig/timeBasedLinear",
         "trafficRoutingConfig.timeBasedLinear is not set; the standard's TimeBasedLinear routing is linear, "
         "10% every 1 minute"),
    ]


def test_doa404_block_without_its_values(std):
    """An empty timeBasedLinear block: percentage and interval are each 'not set'."""
    want_tail = "the standard's TimeBasedLinear routing is linear, 10% every 1 minute"
    assert _lint(std, "DOA404", config("doa-market-linear", {"type": "TimeBasedLinear", "timeBasedLinear": {}})) == [
        ("DOA404", "trafficRoutingConfig/timeBasedLinear/linearInterval",
         f"trafficRoutingConfig.timeBasedLinear.linearInterval is not set; {want_tail}"),
        ("DOA404", "trafficRoutingConfig/timeBasedLinear/linearPercentage",
         f"trafficRoutingConfig.timeBasedLinear.linearPercentage is not set; {want_tail}"),
    ]


def test_doa404_allowed_name_with_a_different_routing_must_agree(std):
    """An allowed name with a routing of its type but other values: the finding says what the name stands for."""
    assert _lint(std, "DOA404", config(LINEAR_1, linear(10, 3))) == [
        ("DOA404", "trafficRoutingConfig/timeBasedLinear/linearInterval",
         "trafficRoutingConfig.timeBasedLinear.linearInterval is 3; deploymentConfigName "
         f"'{LINEAR_1}' is linear, 10% every 1 minute; the two must agree"),
    ]


def test_doa404_allowed_name_without_routing_is_accepted(std):
    """A configuration document that only names an allowed predefined configuration is not reported."""
    assert _lint(std, "DOA404", config(LINEAR_1)) == []


def test_doa404_disallowed_predefined_name_with_another_routing(std):
    """A disallowed predefined (not all-at-once) name: the name's finding without the all-at-once
    explanation; a routing that is neither the name's nor allowed is judged against the standard's routings."""
    name_finding = ("DOA404", "deploymentConfigName",
                    f"deploymentConfigName is '{CANARY_15}' (canary, 10% then the rest after 15 minutes); {ALLOWED}")
    assert _lint(std, "DOA404", config(CANARY_15, linear(10, 3))) == [
        name_finding,
        ("DOA404", "trafficRoutingConfig/timeBasedLinear/linearInterval",
         "trafficRoutingConfig.timeBasedLinear.linearInterval is 3; the standard's TimeBasedLinear routing is "
         "linear, 10% every 1 minute"),
    ]


def test_doa404_disallowed_predefined_name_with_an_allowed_routing(std):
    """The routing is allowed but the name says another: both the name and the disagreement are reported;
    a routing that is the name's own adds nothing to the name's finding."""
    canary_5 = {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5}}
    name_finding = ("DOA404", "deploymentConfigName",
                    f"deploymentConfigName is '{CANARY_15}' (canary, 10% then the rest after 15 minutes); {ALLOWED}")
    assert _lint(std, "DOA404", config(CANARY_15, canary_5)) == [
        name_finding,
        ("DOA404", "trafficRoutingConfig",
         "trafficRoutingConfig is canary, 10% then the rest after 5 minutes, but deploymentConfigName "
         f"'{CANARY_15}' is canary, 10% then the rest after 15 minutes; the two must agree"),
    ]
    canary_15 = {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 15}}
    assert _lint(std, "DOA404", config(CANARY_15, canary_15)) == [name_finding]


def test_doa404_disallowed_predefined_name_with_a_routing_without_type(std):
    """The name's finding, and the routing's missing type judged against the standard's routings."""
    routing = {"timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 15}}
    assert _lint(std, "DOA404", config(CANARY_15, routing)) == [
        ("DOA404", "deploymentConfigName",
         f"deploymentConfigName is '{CANARY_15}' (canary, 10% then the rest after 15 minutes); {ALLOWED}"),
        ("DOA404", "trafficRoutingConfig/type", f"trafficRoutingConfig.type is not set; {ALLOWED}"),
    ]


def test_doa404_misspelt_predefined_name_with_an_allowed_routing(std):
    """A name under CodeDeployDefault. that is no predefined configuration: the name is reported
    (with a suggestion) and an allowed routing beside it adds nothing."""
    name = "CodeDeployDefault.ECSLinear10PercentEvery1Minute"
    assert _lint(std, "DOA404", config(name, linear(10, 1))) == [
        ("DOA404", "deploymentConfigName",
         f"deploymentConfigName '{name}' is not one of the predefined ECS configurations the standard allows "
         f"(did you mean '{LINEAR_1}'?); {ALLOWED}"),
    ]


def test_doa404_unknown_predefined_name_without_suggestion(std):
    name = "CodeDeployDefault.LambdaAllAtOnce"
    assert _lint(std, "DOA404", config(name)) == [
        ("DOA404", "deploymentConfigName",
         f"deploymentConfigName '{name}' is not one of the predefined ECS configurations the standard allows; "
         f"{ALLOWED}"),
    ]


def test_doa404_group_of_the_ecs_platform_without_a_name(std):
    """A described deployment group of computePlatform ECS (any case) without deploymentConfigName gets
    CodeDeploy's ECS default; a group of another platform is not judged."""
    default = ("deploymentConfigName is not set, so CodeDeploy uses its default for ECS, "
               "CodeDeployDefault.ECSAllAtOnce (all traffic at once): every request moves to the new task set "
               f"at once; {ALLOWED}")
    for platform in ("ECS", "ecs"):
        doc = {"deploymentGroupInfo": {"applicationName": "doa-market", "deploymentGroupName": "product-service",
                                       "computePlatform": platform}}
        assert _lint(std, "DOA404", doc) == [("DOA404", "deploymentGroupInfo/deploymentConfigName", default)]
    doc = {"deploymentGroupInfo": {"applicationName": "doa-market", "deploymentGroupName": "product-service",
                                   "computePlatform": "Server"}}
    assert _lint(std, "DOA404", doc) == []


def test_doa404_terraform_group_without_a_name_is_not_judged(std):
    """The Terraform provider fills in a configuration name of its own: no finding."""
    tf = ('resource "aws_codedeploy_deployment_group" "product" {\n'
          '  app_name              = "doa-market"\n'
          '  deployment_group_name = "product-service"\n'
          '  service_role_arn      = "arn:aws:iam::123456789012:role/doa-market-codedeploy-role"\n'
          '  ecs_service {\n'
          '    cluster_name = "doa-market-cluster"\n'
          '    service_name = "product-service"\n'
          '  }\n'
          '}\n')
    assert _lint(std, "DOA404", tf, "main.tf") == []


def test_doa404_profile_with_one_routing_type(std):
    """A profile that allows only the linear routing reports a canary routing by its type."""
    profile = _changed(std, traffic_routing=[std.codedeploy.traffic_routing[0]])
    routing = {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 10, "canaryInterval": 5}}
    assert _lint(profile, "DOA404", config("doa-market-canary", routing)) == [
        ("DOA404", "trafficRoutingConfig/type",
         "trafficRoutingConfig.type is 'TimeBasedCanary'; the standard allows "
         f"{LINEAR_1} (linear, 10% every 1 minute)"),
    ]


def test_doa404_profile_with_no_routing(std):
    """A profile that lists no routing at all says so."""
    profile = _changed(std, traffic_routing=[])
    assert _lint(profile, "DOA404", config("doa-market-all", {"type": "AllAtOnce"})) == [
        ("DOA404", "trafficRoutingConfig/type",
         "trafficRoutingConfig.type is 'AllAtOnce', so every request moves to the new task set at once and an "
         "error reaches all users before an alarm can stop it; the standard allows no traffic routing"),
    ]


def test_doa404_profile_with_two_routings_of_one_type(std):
    """With two linear routings allowed, a linear routing that is neither is described as a whole,
    unset values included."""
    first = std.codedeploy.traffic_routing[0]
    second = first.model_copy(update={"name": "doa-market-linear-10-every-3", "interval": 3})
    profile = _changed(std, traffic_routing=[first, second])
    allowed = (f"the standard allows {LINEAR_1} (linear, 10% every 1 minute) or "
               "doa-market-linear-10-every-3 (linear, 10% every 3 minutes)")
    assert _lint(profile, "DOA404", config("doa-market-linear", linear(10, None))) == [
        ("DOA404", "trafficRoutingConfig/timeBasedLinear",
         f"trafficRoutingConfig is linear, 10% at an unset interval; {allowed}"),
    ]
    assert _lint(profile, "DOA404", config("doa-market-linear", linear(None, 2))) == [
        ("DOA404", "trafficRoutingConfig/timeBasedLinear",
         f"trafficRoutingConfig is linear, an unset percentage every 2 minutes; {allowed}"),
    ]


# ---------------------------------------------------------------------------------------------- DOA405

APPSPEC = """\
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12"
        LoadBalancerInfo:
          ContainerName: product-service
          ContainerPort: 3003
"""
HOOK = "Hooks:\n  - AfterAllowTestTraffic: LambdaFunctionToValidateAfterTestTrafficStarts\n"


@pytest.mark.parametrize("key", ["hooks", "HOOKS"])
def test_doa405_hooks_under_a_misspelt_key_are_left_to_doa002(std, key):
    """Hooks written under another case are DOA002's finding, not 'Hooks is not set'."""
    assert _lint(std, "DOA405", APPSPEC + HOOK.replace("Hooks", key), "appspec.yaml") == []


def test_doa405_missing_hooks_are_reported(std):
    assert _lint(std, "DOA405", APPSPEC, "appspec.yaml") == [
        ("DOA405", "Hooks",
         "Hooks is not set, so no validation function runs; the standard requires at least 1 validation hook "
         "among BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic, AfterAllowTraffic, where "
         "a Lambda function tests the new task set and can fail the deployment before or as it takes production "
         "traffic"),
    ]


def test_doa405_other_assign_public_ip_value_has_no_public_address_explanation(std):
    text = APPSPEC + ("        NetworkConfiguration:\n          AwsvpcConfiguration:\n"
                      "            AssignPublicIp: Enabled\n") + HOOK
    assert _lint(std, "DOA405", text, "appspec.yaml") == [
        ("DOA405", "Resources/0/TargetService/Properties/NetworkConfiguration/AwsvpcConfiguration/AssignPublicIp",
         "AwsvpcConfiguration.AssignPublicIp is 'Enabled'; the standard requires 'DISABLED'"),
    ]


def test_doa405_a_resource_without_properties_does_not_hide_the_next(std):
    text = ("version: 0.0\nResources:\n  - First:\n      Type: AWS::ECS::Service\n"
            + APPSPEC.split("Resources:\n", 1)[1].replace("ContainerPort: 3003", "ContainerPort: 3004") + HOOK)
    assert _lint(std, "DOA405", text, "appspec.yaml") == [
        ("DOA405", "Resources/1/TargetService/Properties/LoadBalancerInfo/ContainerPort",
         "LoadBalancerInfo.ContainerPort is 3004; product-service listens on 3003"),
    ]


def test_doa405_properties_without_load_balancer_info(std):
    """A known service (from the TaskDefinition ARN) and no LoadBalancerInfo: nothing to compare."""
    text = APPSPEC.replace("        LoadBalancerInfo:\n          ContainerName: product-service\n"
                           "          ContainerPort: 3003\n", "") + HOOK
    assert _lint(std, "DOA405", text, "appspec.yaml") == []


def test_doa405_container_and_port_of_a_service_outside_the_catalog_are_not_checked(std):
    """For a service the catalog does not know (DOA010) there is no container or port to compare with."""
    text = (APPSPEC.replace("product-service", "legacy-worker").replace("3003", "8080") + HOOK)
    assert _lint(std, "DOA405", text, "appspec.yaml") == []
