"""What a security group is for (doalint.sgroles): decided in one place from what each front end
relates (a Terraform module, a CloudFormation template, one describe-security-groups output, the
groups of an account a scan reads), and read by DOA701-DOA703."""

from __future__ import annotations

import gc
import json

import pytest

from conftest import write
from doalint import sgroles
from doalint.engine.runner import Linter
from doalint.sgroles import ALB, TASKS, Group, Related

SG_RULES = {"DOA701", "DOA702", "DOA703"}


def _findings(profile, data, name="groups.json"):
    report = Linter(profile, select=SG_RULES).lint_buffer(json.dumps(data, indent=1).encode(), name)
    assert not report.internal_errors
    return sorted((f.rule, f.path) for f in report.findings)


# ---------------------------------------------------------------------------------------------
# the decision


def test_what_uses_a_group_says_more_than_its_name(profile):
    settings = profile.security_groups
    named_tasks = Group("sg-1", ("ecs tasks",))
    roles = sgroles.decide([named_tasks], [("sg-1", ALB)], settings)
    assert roles.of_group == {named_tasks: ALB}
    assert roles.of_key == {"sg-1": ALB}


@pytest.mark.parametrize("uses", [[("sg-1", TASKS), ("sg-1", ALB)], [("sg-1", ALB), ("sg-1", TASKS)]])
def test_a_group_the_load_balancer_and_the_tasks_both_use_is_the_load_balancers(profile, uses):
    """Whatever order the uses are read in: a group a load balancer uses faces the internet."""
    group = Group("sg-1", ())
    assert sgroles.decide([group], uses, profile.security_groups).of_group == {group: ALB}


def test_names_the_alb_pattern_first_then_the_tasks_pattern_else_none(profile):
    settings = profile.security_groups
    both, tasks, neither = Group("sg-1", ("alb", "ecs")), Group("sg-2", ("app-sg",)), Group("sg-3", ("bastion",))
    roles = sgroles.decide([both, tasks, neither], [], settings)
    assert roles.of_group == {both: ALB, tasks: TASKS, neither: None}
    assert roles.of_key == {"sg-1": ALB, "sg-2": TASKS}  # only groups whose role is known


def test_keys_used_by_something_count_even_without_their_group(profile):
    """A load balancer of the module may use a group declared elsewhere: a source naming it is the ALB's."""
    roles = sgroles.decide([], [("aws_security_group.shared.id", ALB)], profile.security_groups)
    assert roles.of_key == {"aws_security_group.shared.id": ALB}


def test_a_group_without_a_key_is_told_by_its_names_and_names_no_source(profile):
    unknown_id = Group(None, ("ecs tasks",))
    roles = sgroles.decide([unknown_id], [(None, ALB)], profile.security_groups)
    assert roles.of_group == {unknown_id: TASKS}
    assert roles.of_key == {}


def test_a_group_keeps_only_the_strings_that_name_it():
    assert Group(7, ("alb", None, 3, ["x"])) == Group(None, ("alb",))


def test_roles_are_decided_once_per_related_and_profile(profile, monkeypatch):
    related = Related([Group("sg-1", ("alb",))])
    calls = []
    real = sgroles.decide
    monkeypatch.setattr(sgroles, "decide", lambda *a: calls.append(a) or real(*a))
    first = related.roles(profile.security_groups)
    assert related.roles(profile.security_groups) is first
    assert len(calls) == 1


def test_the_related_groups_of_an_owner_are_made_once_while_it_is_mapped():
    """A module's (a template's) groups are read once for all its group documents; nothing is written
    on the owner, and another owner, or a new one where a freed one was, gets its own."""
    class Owner:
        pass

    made = []

    def build():
        made.append(1)
        return Related()

    a, b = Owner(), Owner()
    first = sgroles.related_of(a, build)
    assert sgroles.related_of(a, build) is first and len(made) == 1
    assert sgroles.related_of(b, build) is not first and len(made) == 2
    assert vars(a) == {} and vars(b) == {}
    del a, b
    gc.collect()
    sgroles.related_of(Owner(), build)
    assert len(made) == 3


def test_a_document_nobody_related_is_told_by_its_own_name(profile):
    class Sg:
        GroupId, GroupName, Description = "sg-1", "doa-market-alb", None

    assert sgroles.of({}, Sg(), profile.security_groups) == (ALB, {"sg-1": ALB})


# ---------------------------------------------------------------------------------------------
# one describe-security-groups output holding several groups


def _group(gid, name, description, *perms):
    return {"GroupId": gid, "GroupName": name, "Description": description, "VpcId": "vpc-1",
            "IpPermissions": list(perms)}


def _from(*groups, lo=3000, hi=3999):
    return {"IpProtocol": "tcp", "FromPort": lo, "ToPort": hi, "IpRanges": [], "Ipv6Ranges": [],
            "UserIdGroupPairs": [{"GroupId": g} for g in groups]}


ALB_GROUP = _group("sg-alb", "doa-market-alb-sg", "load balancer")
TASKS_GROUP = _group("sg-tasks", "doa-market-ecs-tasks-sg", "ECS tasks", _from("sg-alb"), _from("sg-tasks"))


@pytest.mark.parametrize("order", [(ALB_GROUP, TASKS_GROUP), (TASKS_GROUP, ALB_GROUP)])
def test_the_tasks_group_admits_the_load_balancers_group_of_the_same_output(profile, order):
    """The output's groups are related whatever their order: the ALB's group is known by its name."""
    assert _findings(profile, {"SecurityGroups": list(order)}) == []


def test_alone_the_tasks_group_cannot_tell_the_load_balancers_group(profile):
    assert _findings(profile, {"SecurityGroups": [TASKS_GROUP]}) == [
        ("DOA702", ("SecurityGroups", 0, "IpPermissions", 0, "UserIdGroupPairs", 0, "GroupId"))]


def test_another_group_of_the_output_is_not_the_load_balancers(profile):
    bastion = _group("sg-bastion", "doa-market-bastion", "jump host")
    tasks = _group("sg-tasks", "doa-market-ecs-tasks-sg", "ECS tasks", _from("sg-alb", "sg-bastion"))
    assert _findings(profile, {"SecurityGroups": [ALB_GROUP, bastion, tasks]}) == [
        ("DOA702", ("SecurityGroups", 2, "IpPermissions", 0, "UserIdGroupPairs", 1, "GroupId"))]


def test_a_placeholder_in_a_groups_name_does_not_tell_its_role(profile):
    """The load balancer's group named by a template placeholder is not known as the ALB's (its name is
    DOA003's), as its own document does not know it either."""
    alb = _group("sg-alb", "${prefix}-alb", "${purpose}")
    assert _findings(profile, {"SecurityGroups": [alb, TASKS_GROUP]}) == [
        ("DOA702", ("SecurityGroups", 1, "IpPermissions", 0, "UserIdGroupPairs", 0, "GroupId"))]


def test_a_group_whose_id_is_not_known_is_still_told_by_its_name(profile):
    tasks = _group("${tasks_sg}", "doa-market-ecs-tasks-sg", "ECS tasks", _from("sg-alb", lo=22, hi=22))
    assert _findings(profile, {"SecurityGroups": [ALB_GROUP, tasks]}) == [
        ("DOA702", ("SecurityGroups", 1, "IpPermissions", 0, "FromPort"))]


# ---------------------------------------------------------------------------------------------
# Terraform and CloudFormation: what the module or template attaches a group to


def test_terraform_a_neutrally_named_group_on_a_service_and_its_load_balancer_is_the_albs(profile, tmp_path):
    """The service is declared first; the group is the ALB's all the same: DOA701 judges it, not DOA702."""
    write(tmp_path / "main.tf", """
        resource "aws_ecs_service" "web" {
          name = "web"
          network_configuration {
            subnets         = ["subnet-1"]
            security_groups = [aws_security_group.web.id]
          }
        }
        resource "aws_lb" "web" {
          name            = "web"
          security_groups = [aws_security_group.web.id]
        }
        resource "aws_security_group" "web" {
          name = "web"
          ingress {
            protocol    = "tcp"
            from_port   = 22
            to_port     = 22
            cidr_blocks = ["0.0.0.0/0"]
          }
        }
    """)
    report = Linter(profile, select=SG_RULES).lint_paths([str(tmp_path)])
    assert [(f.rule, f.line) for f in report.findings] == [("DOA701", 16)]  # its protocol


def test_cloudformation_ingress_from_the_group_the_load_balancer_uses(profile, tmp_path):
    """Neither group's name says its role: the template's load balancer and service do."""
    template = {"Resources": {
        "Front": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "front"}},
        "Back": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "back"}},
        "Other": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "other"}},
        "BackFromFront": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Ref": "Back"}, "IpProtocol": "tcp", "FromPort": 3000, "ToPort": 3999,
            "SourceSecurityGroupId": {"Ref": "Front"}}},
        "BackFromOther": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
            "GroupId": {"Fn::GetAtt": ["Back", "GroupId"]}, "IpProtocol": "tcp", "FromPort": 3000, "ToPort": 3999,
            "SourceSecurityGroupId": {"Ref": "Other"}}},
        "Lb": {"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
            "SecurityGroups": [{"Ref": "Front"}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {"NetworkConfiguration": {
            "AwsvpcConfiguration": {"SecurityGroups": [{"Ref": "Back"}], "Subnets": ["subnet-1"]}}}},
    }}
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template, indent=1))
    report = Linter(profile, select=SG_RULES).lint_paths([str(path)])
    assert [(f.rule, f.document, f.line) for f in report.findings] == [
        ("DOA702", "Resources/BackFromOther", 47)]  # its SourceSecurityGroupId


# ---------------------------------------------------------------------------------------------
# the live account: what the services and their load balancers use


class _Answers:
    """An Api answering a scan from a table: (service, operation) -> answer; anything else is empty."""

    region = "eu-west-1"

    def __init__(self, table):
        self.table = table

    def call(self, service, operation, **params):
        return self.table.get((service, operation), {})

    def pages(self, service, operation, **params):
        return self.table.get((service, operation), [])


def _scan(profile, groups, alb_groups, task_groups):
    from doalint.live.collect import collect
    from doalint.live.scan import scan

    cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/c"
    tg = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/1"
    lb = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/1"
    api = _Answers({
        ("ecs", "describe_clusters"): {"clusters": [{"clusterArn": cluster, "clusterName": "c", "status": "ACTIVE"}]},
        ("ecs", "list_services"): ["arn:aws:ecs:eu-west-1:123456789012:service/c/web"],
        ("ecs", "describe_services"): {"services": [{
            "serviceName": "web", "serviceArn": "arn:aws:ecs:eu-west-1:123456789012:service/c/web",
            "loadBalancers": [{"targetGroupArn": tg}],
            "networkConfiguration": {"awsvpcConfiguration": {"securityGroups": task_groups}}}]},
        ("elbv2", "describe_target_groups"): [{"TargetGroupArn": tg, "LoadBalancerArns": [lb]}],
        ("elbv2", "describe_load_balancers"): [{"LoadBalancerArn": lb, "SecurityGroups": alb_groups}],
        ("ec2", "describe_security_groups"): groups,
    })
    live = collect(api, "c")
    report = scan(Linter(profile, select=SG_RULES), live)
    assert not report.internal_errors
    return sorted((f.rule, f.file, f.path) for f in report.findings)


def test_live_the_groups_are_what_the_service_and_its_load_balancer_use(profile):
    """Names say nothing here: the tasks' group admits the load balancer's, and another group (not read)."""
    front = _group("sg-front", "front", "front", {
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
    back = _group("sg-back", "back", "back", _from("sg-front", "sg-other"))
    found = _scan(profile, [front, back], ["sg-front"], ["sg-back"])
    arn = "arn:aws:ec2:eu-west-1:123456789012:security-group/"
    assert found == [
        ("DOA701", arn + "sg-front", ("IpPermissions", 0, "IpProtocol")),
        ("DOA702", arn + "sg-back", ("IpPermissions", 0, "UserIdGroupPairs", 1, "GroupId"))]


def test_live_a_group_the_service_and_its_load_balancer_both_use_is_the_albs(profile):
    shared = _group("sg-shared", "shared", "shared", {
        "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]})
    assert _scan(profile, [shared], ["sg-shared"], ["sg-shared"]) == [
        ("DOA701", "arn:aws:ec2:eu-west-1:123456789012:security-group/sg-shared", ("IpPermissions", 0, "IpProtocol"))]
