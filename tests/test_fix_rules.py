"""`doalint check --fix`, rule by rule and format by format (issue 17): for every fixable rule, in
each syntax its documents are written in (JSON, YAML, Terraform, CloudFormation YAML in short form
and in long form, CloudFormation JSON), the WHOLE text after the fix (comments, key order, quoting,
indentation and every unrelated byte as they were), the "N fixed (M remaining)." line, the findings
left and the exit code.

Each kind of document has a standard-compliant base text per syntax (a realistic file with
comments, odd but valid formatting, keys no rule reads). A case writes the base with deviations
(``changed``) and expects the base back, or the base with the value the fix writes; cases where
the fix must not happen (a Terraform variable, local or expression, a missing Terraform block, a
CloudFormation parameter or condition, a YAML anchor, a placeholder: DOA003) expect the very bytes
they wrote and the finding still there. `test_the_bases_are_clean` proves the bases trigger none
of the rules their cases fix, so what a case changes is what its deviations broke.

Cases marked xfail(strict=True) would be bugs of the fix machinery (their reasons say what is wrong;
they expect what doalint should write): the ones found while writing these tests are fixed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest

from conftest import run_cli

# the fixable rules of each kind of document: a case selects its kind's rules (and DOA001, DOA003:
# a fix that breaks the file, a placeholder, show)
SERVICE = "DOA001,DOA003,DOA201,DOA202,DOA203,DOA205,DOA210"
TASK = "DOA001,DOA003,DOA101,DOA112,DOA113,DOA114"
SCALING = "DOA001,DOA003,DOA301,DOA302,DOA303,DOA304"
DEPLOYMENT_GROUP = "DOA001,DOA003,DOA401,DOA403"
TARGET_GROUP = "DOA001,DOA003,DOA502"
POLICY = "DOA001,DOA003,DOA601"
CLUSTER = "DOA001,DOA003,DOA801"
ALARM = "DOA001,DOA003,DOA802"

_FINDING = re.compile(r"^[^\s:][^:]*:(\d+):\d+: (DOA\d{3}) ", re.MULTILINE)


def changed(text: str, *pairs: tuple[str, str]) -> str:
    """``text`` with each ``old`` (which must occur exactly once) replaced by ``new``."""
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text


def run_fix(tmp_path, name: str, text: str, select: str, *extra: str):
    """Write ``text`` to tmp_path/name, run ``doalint check --fix`` on it in-process; return (exit
    code, standard output, standard error, the file's bytes after, whether it was rewritten)."""
    from doalint import fingerprint

    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    before = path.stat().st_mtime_ns, path.stat().st_ino
    fingerprint.project_root.cache_clear()  # (cached on the first working directory)
    try:
        code, out, err = run_cli("check", "--isolated", "--fix", "--select", select, *extra, name, cwd=tmp_path)
    finally:
        fingerprint.project_root.cache_clear()
    rewritten = (path.stat().st_mtime_ns, path.stat().st_ino) != before
    return code, out, err, path.read_bytes(), rewritten


def findings(out: str) -> list[str]:
    """The findings a text report lists, as sorted RULE@LINE."""
    return sorted(f"{rule}@{line}" for line, rule in _FINDING.findall(out))


@dataclass(frozen=True)
class Case:
    """``before`` written as ``name``, --fix run with ``select`` (and --unsafe-fixes with ``unsafe``):
    the file holds ``after`` (None: it is left byte for byte as it was, not even rewritten), the run
    says "``fixed`` fixed (len(remaining) remaining)." and lists ``remaining`` (RULE@LINE)."""

    name: str
    select: str
    before: str
    after: str | None
    fixed: int
    remaining: tuple = ()
    unsafe: bool = False


def check(tmp_path, case: Case) -> None:
    extra = ("--unsafe-fixes",) if case.unsafe else ()
    code, out, err, raw, rewritten = run_fix(tmp_path, case.name, case.before, case.select, *extra)
    assert not err, err
    if case.after is None:
        assert raw == case.before.encode("utf-8") and not rewritten
    else:
        assert raw.decode("utf-8") == case.after
    summary = f"{case.fixed} fixed ({len(case.remaining)} remaining)."
    if case.fixed or case.remaining:
        assert summary in out.splitlines(), out
    else:
        assert " fixed (" not in out, out
    assert findings(out) == sorted(case.remaining), out
    assert code == (1 if case.remaining else 0), out


CASES: dict = {}


def case(key: str, *args, xfail: str | None = None, **kwargs) -> None:
    """Register a case under ``key`` ("DOA202-json-rollback": rule, syntax, what)."""
    assert key not in CASES, key
    c = Case(*args, **kwargs)
    CASES[key] = pytest.param(c, id=key, marks=pytest.mark.xfail(strict=True, reason=xfail)) if xfail \
        else pytest.param(c, id=key)


BASES: dict = {}


def base(key: str, name: str, select: str, text: str) -> str:
    BASES[key] = (name, select, text)
    return text


# --- ECS services: DOA201, DOA202, DOA203, DOA205, DOA210 -------------------------------------------

SVC_JSON = base("service-json", "service.json", SERVICE, """\
{
    "serviceName" : "product-service",
    "cluster" : "doa-market-cluster",
    "taskDefinition" : "product-service:12",
    "desiredCount" : 3,
    "launchType" : "FARGATE",
    "platformVersion" : "1.4.0",
    "networkConfiguration" : {
        "awsvpcConfiguration" : {
            "subnets" : [ "subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788" ],
            "securityGroups" : [ "sg-0c1d2e3f4a5b6c7d8" ],
            "assignPublicIp" : "DISABLED"
        }
    },
    "loadBalancers" : [ {
        "targetGroupArn" : "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/6d0ecf831eec9f09",
        "containerName" : "product-service", "containerPort" : 3003
    } ],
    "deploymentConfiguration" : {
        "maximumPercent" : 200,
        "minimumHealthyPercent" : 100,
        "deploymentCircuitBreaker" : { "enable" : true, "rollback" : true }
    },
    "propagateTags" : "SERVICE",
    "enableECSManagedTags" : true,
    "tags" : [ { "key" : "Service", "value" : "product" } ]
}
""")

case("DOA201-json-platform-version", "service.json", SERVICE,
     changed(SVC_JSON, ('"1.4.0"', '"1.3.0"')), changed(SVC_JSON, ('"1.4.0"', '"LATEST"')), 1)
case("DOA201-json-launch-type-needs-unsafe", "service.json", SERVICE,
     changed(SVC_JSON, ('"FARGATE"', '"EC2"')), None, 0, ("DOA201@6",))
case("DOA201-json-launch-type-unsafe", "service.json", SERVICE,
     changed(SVC_JSON, ('"FARGATE"', '"EC2"')), SVC_JSON, 1, unsafe=True)
case("DOA202-json-rollback", "service.json", SERVICE,
     changed(SVC_JSON, ('"rollback" : true', '"rollback" : false')), SVC_JSON, 1)
case("DOA202-json-nested-insert", "service.json", SERVICE,
     changed(SVC_JSON, (',\n        "deploymentCircuitBreaker" : { "enable" : true, "rollback" : true }', "")),
     changed(SVC_JSON, ('        "deploymentCircuitBreaker" : { "enable" : true, "rollback" : true }\n',
                        '        "deploymentCircuitBreaker" : {\n'
                        '            "enable" : true,\n'
                        '            "rollback" : true\n'
                        '        }\n')), 1)
case("DOA203-json", "service.json", SERVICE,
     changed(SVC_JSON, ('"minimumHealthyPercent" : 100', '"minimumHealthyPercent" : 50'),
             ('"maximumPercent" : 200', '"maximumPercent" : 150')), SVC_JSON, 2)
case("DOA205-json", "service.json", SERVICE,
     changed(SVC_JSON, ('"DISABLED"', '"ENABLED"')), SVC_JSON, 1)
case("DOA210-json-insert", "service.json", SERVICE,
     changed(SVC_JSON, ('    "enableECSManagedTags" : true,\n', "")),
     changed(SVC_JSON, ('    "enableECSManagedTags" : true,\n', ""),
             ('"value" : "product" } ]\n', '"value" : "product" } ],\n    "enableECSManagedTags" : true\n')), 1)
case("DOA202-json-placeholder", "service.json", SERVICE,
     changed(SVC_JSON, ('"rollback" : true', '"rollback" : "${ROLLBACK}"'),
             ('"minimumHealthyPercent" : 100', '"minimumHealthyPercent" : {{ .min_healthy }}'),
             ('"assignPublicIp" : "DISABLED"', '"assignPublicIp" : "ENABLED"')),
     changed(SVC_JSON, ('"rollback" : true', '"rollback" : "${ROLLBACK}"'),
             ('"minimumHealthyPercent" : 100', '"minimumHealthyPercent" : {{ .min_healthy }}')),
     1, ("DOA003@21", "DOA003@22"))

SVC_YAML = base("service-yaml", "service.yaml", SERVICE, """\
# product-service (aws ecs create-service --cli-input-yaml file://service.yaml)
serviceName: product-service
cluster: doa-market-cluster
taskDefinition: "product-service:12"
desiredCount: 3
launchType: FARGATE
platformVersion: LATEST
networkConfiguration:
  awsvpcConfiguration:
    subnets: [subnet-0a1b2c3d4e5f60718, subnet-0f1e2d3c4b5a69788]   # two zones
    securityGroups:
    - sg-0c1d2e3f4a5b6c7d8
    assignPublicIp: DISABLED
loadBalancers:
- targetGroupArn: arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/6d0ecf831eec9f09
  containerName: product-service
  containerPort: 3003
deploymentConfiguration:
  deploymentCircuitBreaker:
    enable: true
    rollback: true   # back to the last completed deployment
  maximumPercent: 200
  minimumHealthyPercent: 100

propagateTags: 'SERVICE'
enableECSManagedTags: yes
""")

case("DOA201-yaml-delete-launch-type-unsafe", "service.yaml", SERVICE,
     changed(SVC_YAML, ("launchType: FARGATE\n",
                        "launchType: FARGATE   # from before the capacity providers\n"
                        "capacityProviderStrategy:\n- {capacityProvider: FARGATE, weight: 1}\n")),
     changed(SVC_YAML, ("launchType: FARGATE\n", "capacityProviderStrategy:\n- {capacityProvider: FARGATE, weight: 1}\n")),
     1, unsafe=True)
case("DOA201-yaml-platform-version", "service.yaml", SERVICE,
     changed(SVC_YAML, ("platformVersion: LATEST", "platformVersion: '1.3.0'")),
     changed(SVC_YAML, ("platformVersion: LATEST", "platformVersion: 'LATEST'")), 1)
case("DOA202-yaml-nested-insert", "service.yaml", SERVICE,
     changed(SVC_YAML, ("deploymentConfiguration:\n  deploymentCircuitBreaker:\n    enable: true\n"
                        "    rollback: true   # back to the last completed deployment\n"
                        "  maximumPercent: 200\n  minimumHealthyPercent: 100\n\n", "")),
     changed(SVC_YAML, ("deploymentConfiguration:\n  deploymentCircuitBreaker:\n    enable: true\n"
                        "    rollback: true   # back to the last completed deployment\n"
                        "  maximumPercent: 200\n  minimumHealthyPercent: 100\n\n", ""),
             ("enableECSManagedTags: yes\n", "enableECSManagedTags: yes\ndeploymentConfiguration:\n"
                                             "  deploymentCircuitBreaker:\n    enable: true\n    rollback: true\n")), 1)
case("DOA202-yaml-rollback", "service.yaml", SERVICE,
     changed(SVC_YAML, ("rollback: true   #", "rollback: off    #")),
     changed(SVC_YAML, ("rollback: true   #", "rollback: true    #")), 1)
case("DOA203-yaml", "service.yaml", SERVICE,
     changed(SVC_YAML, ("maximumPercent: 200", "maximumPercent: 150")), SVC_YAML, 1)
case("DOA205-yaml", "service.yaml", SERVICE,
     changed(SVC_YAML, ("assignPublicIp: DISABLED", "assignPublicIp: ENABLED")), SVC_YAML, 1)
case("DOA210-yaml", "service.yaml", SERVICE,
     changed(SVC_YAML, ("'SERVICE'", "'TASK_DEFINITION'"), ("enableECSManagedTags: yes", "enableECSManagedTags: no")),
     changed(SVC_YAML, ("enableECSManagedTags: yes", "enableECSManagedTags: true")), 2)

SVC_TF = base("service-tf", "main.tf", SERVICE, """\
# product-service: rolling deployments behind the ALB
resource "aws_ecs_service" "product" {
  name             = "product-service"
  cluster          = "doa-market-cluster" # the shared cluster
  task_definition  = "product-service:12"
  desired_count    = 3
  launch_type      = "FARGATE"
  platform_version = "LATEST"

  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    security_groups  = ["sg-0c1d2e3f4a5b6c7d8"]
    assign_public_ip = false
  }

  tags = {
    Service = "product"
  }

  propagate_tags          = "SERVICE"
  enable_ecs_managed_tags = true
}
""")

case("DOA201-tf-platform-version", "main.tf", SERVICE,
     changed(SVC_TF, ('"LATEST"', '"1.3.0"')), SVC_TF, 1)
case("DOA201-tf-launch-type-unsafe", "main.tf", SERVICE,
     changed(SVC_TF, ('"FARGATE"', '"EC2"')), SVC_TF, 1, unsafe=True)
case("DOA201-tf-missing-launch-type-unsafe", "main.tf", SERVICE,
     changed(SVC_TF, ('  launch_type      = "FARGATE"\n', "")),
     changed(SVC_TF, ('  launch_type      = "FARGATE"\n', ""),
             ("  enable_ecs_managed_tags = true\n", '  enable_ecs_managed_tags = true\n  launch_type             = "FARGATE"\n')),
     1, unsafe=True)
case("DOA202-tf-rollback", "main.tf", SERVICE,
     changed(SVC_TF, ("rollback = true\n", "rollback = false # for now\n")),
     changed(SVC_TF, ("rollback = true\n", "rollback = true # for now\n")), 1)
case("DOA202-tf-insert-into-block", "main.tf", SERVICE,
     changed(SVC_TF, ("    enable   = true\n    rollback = true\n", "    enable = true\n")), SVC_TF, 1)
case("DOA202-tf-missing-block-inserted", "main.tf", SERVICE,
     changed(SVC_TF, ("  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n\n", "")),
     changed(SVC_TF, ("  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n\n", ""),
             ("  enable_ecs_managed_tags = true\n", "  enable_ecs_managed_tags = true\n"
              "  deployment_circuit_breaker {\n    enable   = true\n    rollback = true\n  }\n")), 1)
case("DOA203-tf", "main.tf", SERVICE,
     changed(SVC_TF, ("percent = 100", "percent = 50")), SVC_TF, 1)
case("DOA203-tf-variable-not-fixed", "main.tf", SERVICE,
     'variable "min_healthy" {\n  type    = number\n  default = 50\n}\n\n'
     + changed(SVC_TF, ("percent = 100", "percent = var.min_healthy")), None, 0, ("DOA203@15",))
case("DOA203-tf-expression-not-fixed", "main.tf", SERVICE,
     changed(SVC_TF, ("percent         = 200", "percent         = 100 + 50")), None, 0, ("DOA203@11",))
case("DOA205-tf", "main.tf", SERVICE,
     changed(SVC_TF, ("assign_public_ip = false", "assign_public_ip = true")), SVC_TF, 1)
case("DOA205-tf-local-not-fixed", "main.tf", SERVICE,
     "locals {\n  public_ip = true\n}\n\n" + changed(SVC_TF, ("assign_public_ip = false", "assign_public_ip = local.public_ip")),
     None, 0, ("DOA205@25",))
case("DOA210-tf-insert-aligned", "main.tf", SERVICE,
     changed(SVC_TF, ('  propagate_tags          = "SERVICE"\n  enable_ecs_managed_tags = true\n',
                      '  propagate_tags = "SERVICE"\n')), SVC_TF, 1)
case("DOA210-tf-template-not-fixed", "main.tf", SERVICE,
     'variable "tags_from" {\n  default = "TASK_DEFINITION"\n}\n\n'
     + changed(SVC_TF, ('propagate_tags          = "SERVICE"', 'propagate_tags          = "${var.tags_from}"')),
     None, 0, ("DOA210@32",))

SVC_CFN = base("service-cfn-short", "template.yaml", SERVICE, """\
AWSTemplateFormatVersion: "2010-09-09"
Description: product-service on the shared cluster
Parameters:
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788
  TaskDefinitionArn:
    Type: String
    Default: arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12
  Team:
    Type: String
    Default: catalog
Resources:
  # the service; its task definition and target group come from other stacks
  ProductService:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: product-service
      Cluster: doa-market-cluster
      TaskDefinition: !Ref TaskDefinitionArn
      DesiredCount: 3
      LaunchType: FARGATE
      PlatformVersion: LATEST
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: !Ref Subnets
          SecurityGroups: [!GetAtt ServiceSecurityGroup.GroupId]
          AssignPublicIp: DISABLED
      DeploymentConfiguration:
        MaximumPercent: 200
        MinimumHealthyPercent: 100
        DeploymentCircuitBreaker:
          Enable: true
          Rollback: true
      PropagateTags: SERVICE
      EnableECSManagedTags: true
      Tags:
        - Key: Service
          Value: !Sub "${Team}-product"
  ServiceSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: product-service tasks
      VpcId: vpc-0abc1234def567890
Outputs:
  ServiceArn:
    Value: !Ref ProductService
""")

case("DOA201-cfn-short-platform-version", "template.yaml", SERVICE,
     changed(SVC_CFN, ("PlatformVersion: LATEST", 'PlatformVersion: "1.3.0"')),
     changed(SVC_CFN, ("PlatformVersion: LATEST", 'PlatformVersion: "LATEST"')), 1)
case("DOA202-cfn-short-insert", "template.yaml", SERVICE,
     changed(SVC_CFN, ("        DeploymentCircuitBreaker:\n          Enable: true\n          Rollback: true\n", "")),
     SVC_CFN, 1)
case("DOA203-cfn-short", "template.yaml", SERVICE,
     changed(SVC_CFN, ("MinimumHealthyPercent: 100", "MinimumHealthyPercent: 50")), SVC_CFN, 1)
case("DOA203-cfn-short-parameter-not-fixed", "template.yaml", SERVICE,
     changed(SVC_CFN, ("Parameters:\n", "Parameters:\n  MinHealthy:\n    Type: Number\n    Default: 50\n"),
             ("MinimumHealthyPercent: 100", "MinimumHealthyPercent: !Ref MinHealthy")), None, 0, ("DOA203@34",))
case("DOA205-cfn-short", "template.yaml", SERVICE,
     changed(SVC_CFN, ("AssignPublicIp: DISABLED", "AssignPublicIp: ENABLED  # debugging")),
     changed(SVC_CFN, ("AssignPublicIp: DISABLED", "AssignPublicIp: DISABLED  # debugging")), 1)
case("DOA210-cfn-short-insert-into-properties", "template.yaml", SERVICE,
     changed(SVC_CFN, ("      PropagateTags: SERVICE\n", "")),
     changed(SVC_CFN, ("      PropagateTags: SERVICE\n", ""),
             ('          Value: !Sub "${Team}-product"\n',
              '          Value: !Sub "${Team}-product"\n      PropagateTags: SERVICE\n')), 1)

SVC_CFN_LONG = base("service-cfn-long", "template.yaml", SERVICE, """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
    Default: subnet-0a1b2c3d4e5f60718,subnet-0f1e2d3c4b5a69788
  TaskDefinitionArn:
    Type: String
    Default: arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12
  Production:
    Type: String
    AllowedValues: ['true', 'false']
    Default: 'true'
Conditions:
  IsProduction:
    Fn::Equals: [Ref: Production, 'true']
Resources:
  ProductService:
    Type: 'AWS::ECS::Service'
    Properties:
      ServiceName: product-service
      Cluster: doa-market-cluster
      TaskDefinition:
        Ref: TaskDefinitionArn
      DesiredCount:
        Fn::If: [IsProduction, 3, 1]
      LaunchType: FARGATE
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets:
            Ref: Subnets
          SecurityGroups:
            - Fn::GetAtt: [ServiceSecurityGroup, GroupId]
          AssignPublicIp: "DISABLED"
      DeploymentConfiguration: {MaximumPercent: 200, MinimumHealthyPercent: 100,
                                DeploymentCircuitBreaker: {Enable: true, Rollback: true}}
      EnableECSManagedTags: true
      PropagateTags: SERVICE
  ServiceSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: product-service tasks
      VpcId: vpc-0abc1234def567890
""")

case("DOA201-cfn-long-launch-type-unsafe", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("LaunchType: FARGATE", "LaunchType: EC2")), SVC_CFN_LONG, 1, unsafe=True)
case("DOA202-cfn-long-flow-rollback", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("Rollback: true", "Rollback: false")), SVC_CFN_LONG, 1)
case("DOA202-cfn-long-flow-insert", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("Enable: true, Rollback: true", "Enable: true")), SVC_CFN_LONG, 1)
case("DOA203-cfn-long", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("MaximumPercent: 200", "MaximumPercent: 150")), SVC_CFN_LONG, 1)
case("DOA203-cfn-long-condition-not-fixed", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("MinimumHealthyPercent: 100", "MinimumHealthyPercent: {'Fn::If': [IsProduction, 50, 0]}")),
     None, 0, ("DOA203@34",))
case("DOA205-cfn-long", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ('"DISABLED"', '"ENABLED"')), SVC_CFN_LONG, 1)
case("DOA210-cfn-long", "template.yaml", SERVICE,
     changed(SVC_CFN_LONG, ("EnableECSManagedTags: true", "EnableECSManagedTags: false")), SVC_CFN_LONG, 1)

SVC_CFN_JSON = base("service-cfn-json", "template.json", SERVICE, """\
{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {
    "TaskDefinitionArn": {"Type": "String", "Default": "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:12"}
  },
  "Resources": {
    "ProductService": {
      "Type": "AWS::ECS::Service",
      "Properties": {
        "ServiceName": "product-service",
        "Cluster": "doa-market-cluster",
        "TaskDefinition": {"Ref": "TaskDefinitionArn"},
        "DesiredCount": 3,
        "LaunchType": "FARGATE",
        "PlatformVersion": "LATEST",
        "NetworkConfiguration": {
          "AwsvpcConfiguration": {
            "Subnets": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
            "SecurityGroups": [{"Fn::GetAtt": ["ServiceSecurityGroup", "GroupId"]}],
            "AssignPublicIp": "DISABLED"
          }
        },
        "PropagateTags": "SERVICE",
        "EnableECSManagedTags": true,
        "DeploymentConfiguration": {
          "DeploymentCircuitBreaker": {
            "Enable": true,
            "Rollback": true
          }
        }
      }
    },
    "ServiceSecurityGroup": {
      "Type": "AWS::EC2::SecurityGroup",
      "Properties": {"GroupDescription": "product-service tasks", "VpcId": "vpc-0abc1234def567890"}
    }
  }
}
""")

case("DOA201-cfn-json-platform-version", "template.json", SERVICE,
     changed(SVC_CFN_JSON, ('"LATEST"', '"1.2.0"')), SVC_CFN_JSON, 1)
case("DOA202-cfn-json-nested-insert", "template.json", SERVICE,
     changed(SVC_CFN_JSON, (',\n        "DeploymentConfiguration": {\n          "DeploymentCircuitBreaker": {\n'
                            '            "Enable": true,\n            "Rollback": true\n          }\n        }', "")),
     SVC_CFN_JSON, 1)
case("DOA203-cfn-json-insert", "template.json", SERVICE,
     changed(SVC_CFN_JSON, ('"DeploymentConfiguration": {\n', '"DeploymentConfiguration": {\n          "MaximumPercent": 150,\n')),
     changed(SVC_CFN_JSON, ('"DeploymentConfiguration": {\n', '"DeploymentConfiguration": {\n          "MaximumPercent": 200,\n')), 1)
case("DOA205-cfn-json", "template.json", SERVICE,
     changed(SVC_CFN_JSON, ('"DISABLED"', '"ENABLED"')), SVC_CFN_JSON, 1)
case("DOA210-cfn-json", "template.json", SERVICE,
     changed(SVC_CFN_JSON, ('"PropagateTags": "SERVICE"', '"PropagateTags": "NONE"')), SVC_CFN_JSON, 1)

ORDER_TF = """
resource "aws_ecs_service" "order" {
  name                               = "order-service"
  cluster                            = "doa-market-cluster"
  task_definition                    = "order-service:3"
  desired_count                      = 4
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  propagate_tags                     = "SERVICE"
  enable_ecs_managed_tags            = true

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets         = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]
    security_groups = ["sg-0c1d2e3f4a5b6c7d8"]
  }
}
"""
# Two resources of one file have findings of one rule at one path: the one with a fix is fixed, the
# other (a variable) stays. (Found reverted as 'stuck' while writing these tests: apply's key
# (rule, file, path) did not tell the resources apart.)
case("DOA203-tf-two-services-one-fixable", "main.tf", SERVICE,
     'variable "min_healthy" {\n  default = 50\n}\n\n'
     + changed(SVC_TF, ("percent = 100", "percent = var.min_healthy")) + changed(ORDER_TF, ("= 100", "= 50")),
     'variable "min_healthy" {\n  default = 50\n}\n\n'
     + changed(SVC_TF, ("percent = 100", "percent = var.min_healthy")) + ORDER_TF,
     1, ("DOA203@14",))
# The same in a template: every resource is a document whose paths start at its Properties.
case("DOA203-cfn-short-two-services-one-fixable", "template.yaml", SERVICE,
     changed(SVC_CFN, ("Parameters:\n", "Parameters:\n  MinHealthy:\n    Type: Number\n    Default: 50\n"),
             ("MinimumHealthyPercent: 100", "MinimumHealthyPercent: !Ref MinHealthy"),
             ("  ServiceSecurityGroup:\n", "  OrderService:\n    Type: AWS::ECS::Service\n    Properties:\n"
              "      ServiceName: order-service\n      Cluster: doa-market-cluster\n"
              "      TaskDefinition: order-service:3\n      LaunchType: FARGATE\n"
              "      NetworkConfiguration:\n        AwsvpcConfiguration:\n          Subnets: !Ref Subnets\n"
              "          SecurityGroups: [!Ref ServiceSecurityGroup]\n"
              "      DeploymentConfiguration:\n        MinimumHealthyPercent: 50   # drain fast\n"
              "        DeploymentCircuitBreaker: {Enable: true, Rollback: true}\n"
              "      PropagateTags: SERVICE\n      EnableECSManagedTags: true\n  ServiceSecurityGroup:\n")),
     changed(SVC_CFN, ("Parameters:\n", "Parameters:\n  MinHealthy:\n    Type: Number\n    Default: 50\n"),
             ("MinimumHealthyPercent: 100", "MinimumHealthyPercent: !Ref MinHealthy"),
             ("  ServiceSecurityGroup:\n", "  OrderService:\n    Type: AWS::ECS::Service\n    Properties:\n"
              "      ServiceName: order-service\n      Cluster: doa-market-cluster\n"
              "      TaskDefinition: order-service:3\n      LaunchType: FARGATE\n"
              "      NetworkConfiguration:\n        AwsvpcConfiguration:\n          Subnets: !Ref Subnets\n"
              "          SecurityGroups: [!Ref ServiceSecurityGroup]\n"
              "      DeploymentConfiguration:\n        MinimumHealthyPercent: 100   # drain fast\n"
              "        DeploymentCircuitBreaker: {Enable: true, Rollback: true}\n"
              "      PropagateTags: SERVICE\n      EnableECSManagedTags: true\n  ServiceSecurityGroup:\n")),
     1, ("DOA203@34",))



# --- ECS task definitions: DOA101, DOA112, DOA113, DOA114 ------------------------------------------

TASK_JSON = base("task-json", "taskdef.json", TASK, """\
{
  "family": "product-service",
  "taskRoleArn": "arn:aws:iam::123456789012:role/productServiceTaskRole",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "networkMode": "awsvpc",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": "512", "memory": "1024",
  "containerDefinitions": [
    {
      "name": "product-service",
      "image": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2",
      "essential": true,
      "portMappings": [{"containerPort": 3003, "protocol": "tcp"}],
      "healthCheck": {
        "command": ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"],
        "interval": 30,
        "timeout": 5,
        "retries": 3,
        "startPeriod": 60
      },
      "stopTimeout": 30,
      "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}]
    },
    {"name": "log-router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable", "essential": true,
     "firelensConfiguration": {"type": "fluentbit"}}
  ]
}
""")

case("DOA101-json-needs-unsafe", "taskdef.json", TASK,
     changed(TASK_JSON, ('"awsvpc"', '"bridge"')), None, 0, ("DOA101@5",))
case("DOA101-json-unsafe", "taskdef.json", TASK,
     changed(TASK_JSON, ('"awsvpc"', '"bridge"')), TASK_JSON, 1, unsafe=True)
case("DOA112-json", "taskdef.json", TASK,
     changed(TASK_JSON, ('"interval": 30', '"interval": 10'), ('"timeout": 5', '"timeout": 2')), TASK_JSON, 2)
case("DOA112-json-beyond-aws-range", "taskdef.json", TASK,
     changed(TASK_JSON, ('"retries": 3', '"retries": 20')), TASK_JSON, 1)
case("DOA112-json-insert", "taskdef.json", TASK,
     changed(TASK_JSON, (',\n        "startPeriod": 60', "")), TASK_JSON, 1)
case("DOA113-json-insert-list", "taskdef.json", TASK,
     changed(TASK_JSON, (',\n      "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}]', "")),
     changed(TASK_JSON, ('      "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}]\n',
                         '      "ulimits": [\n        {\n          "name": "nofile",\n          "softLimit": 65536,\n'
                         '          "hardLimit": 65536\n        }\n      ]\n')), 1)
case("DOA113-json-other-ulimits-not-fixed", "taskdef.json", TASK,
     changed(TASK_JSON, ('"name": "nofile", "softLimit": 65536, "hardLimit": 65536',
                         '"name": "core", "softLimit": 0, "hardLimit": 0')), None, 0, ("DOA113@22",))
case("DOA113-json-soft-limit", "taskdef.json", TASK,
     changed(TASK_JSON, ('"softLimit": 65536', '"softLimit": 1024')), TASK_JSON, 1)
case("DOA114-json", "taskdef.json", TASK,
     changed(TASK_JSON, ('"stopTimeout": 30', '"stopTimeout": 120')), TASK_JSON, 1)

TASK_YAML = base("task-yaml", "taskdef.yaml", TASK, """\
# product-service task definition (aws ecs register-task-definition --cli-input-yaml)
family: product-service
taskRoleArn: arn:aws:iam::123456789012:role/productServiceTaskRole
executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
networkMode: awsvpc
requiresCompatibilities:
    - FARGATE
cpu: '512'
memory: '1024'
containerDefinitions:
    -   name: product-service
        image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
        essential: true
        portMappings:
            -   containerPort: 3003
                protocol: tcp
        healthCheck:
            command: [CMD-SHELL, 'curl -f http://localhost:3003/health || exit 1']
            interval: 30
            timeout: 5
            retries: 3
            startPeriod: 60   # the app warms its caches first
        # open files: the standard's limit
        ulimits:
            -   name: nofile
                softLimit: 65536
                hardLimit: 65536
        stopTimeout: 30
    -   name: xray-daemon
        image: public.ecr.aws/xray/aws-xray-daemon:3.3.9
        essential: false
""")

case("DOA101-yaml-insert-unsafe", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("networkMode: awsvpc\n", "")),
     changed(TASK_YAML, ("networkMode: awsvpc\n", ""), ("essential: false\n", "essential: false\nnetworkMode: awsvpc\n")),
     1, unsafe=True)
case("DOA112-yaml", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("timeout: 5", "timeout: 2")), TASK_YAML, 1)
case("DOA112-yaml-insert", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("            startPeriod: 60   # the app warms its caches first\n", "")),
     changed(TASK_YAML, ("            startPeriod: 60   # the app warms its caches first\n", "            startPeriod: 60\n")),
     1)
case("DOA113-yaml", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("softLimit: 65536", "softLimit: 1024")), TASK_YAML, 1)
case("DOA114-yaml-insert", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("        stopTimeout: 30\n", "")), TASK_YAML, 1)
case("DOA114-yaml-anchor-not-fixed", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("stopTimeout: 30", "stopTimeout: &grace 90"),
             ("essential: false\n", "essential: false\n        stopTimeout: *grace\n")), None, 0, ("DOA114@28",))

TASK_TF = base("task-tf", "main.tf", TASK, """\
# product-service: the application container and its log router
resource "aws_ecs_task_definition" "product" {
  family                   = "product-service"
  task_role_arn            = "arn:aws:iam::123456789012:role/productServiceTaskRole"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 512
  memory                   = 1024
  network_mode             = "awsvpc"

  container_definitions = jsonencode([
    {
      name         = "product-service"
      image        = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2"
      essential    = true
      portMappings = [{ containerPort = 3003, protocol = "tcp" }]
      healthCheck = {
        command     = ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"]
        interval    = 30
        timeout     = 5
        retries     = 3
        startPeriod = 60 # warm-up
      }
      ulimits     = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
      stopTimeout = 30
    },
    {
      name      = "log-router"
      image     = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
      essential = true
    },
  ])
}
""")

case("DOA101-tf-unsafe", "main.tf", TASK,
     changed(TASK_TF, ('"awsvpc"', '"bridge"')), TASK_TF, 1, unsafe=True)
case("DOA101-tf-insert-unsafe", "main.tf", TASK,
     changed(TASK_TF, ('  network_mode             = "awsvpc"\n', "")),
     changed(TASK_TF, ('  network_mode             = "awsvpc"\n', ""),
             ("  ])\n}\n", '  ])\n  network_mode = "awsvpc"\n}\n')), 1, unsafe=True)
case("DOA112-tf-jsonencode", "main.tf", TASK,
     changed(TASK_TF, ("timeout     = 5", "timeout     = 10")), TASK_TF, 1)
case("DOA113-tf-jsonencode", "main.tf", TASK,
     changed(TASK_TF, ("softLimit = 65536", "softLimit = 4096"), ("hardLimit = 65536", "hardLimit = 8192")), TASK_TF, 2)
case("DOA114-tf-jsonencode", "main.tf", TASK,
     changed(TASK_TF, ("stopTimeout = 30", "stopTimeout = 120")), TASK_TF, 1)
case("DOA114-tf-local-not-fixed", "main.tf", TASK,
     "locals {\n  grace = 120\n}\n\n" + changed(TASK_TF, ("stopTimeout = 30", "stopTimeout = local.grace")),
     None, 0, ("DOA114@29",))
case("DOA112-tf-conditional-not-fixed", "main.tf", TASK,
     'variable "slow" {\n  default = true\n}\n\n'
     + changed(TASK_TF, ("interval    = 30", "interval    = var.slow ? 60 : 30")), None, 0, ("DOA112@23",))

TASK_CFN = base("task-cfn-short", "template.yaml", TASK, """\
AWSTemplateFormatVersion: "2010-09-09"
Description: product-service task definition
Parameters:
  ImageTag:
    Type: String
    Default: 1.4.2
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: product-service
      NetworkMode: awsvpc
      RequiresCompatibilities: [FARGATE]
      Cpu: "512"
      Memory: "1024"
      TaskRoleArn: arn:aws:iam::123456789012:role/productServiceTaskRole
      ExecutionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole
      ContainerDefinitions:
        - Name: product-service
          Image: !Sub "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:${ImageTag}"
          Essential: true
          PortMappings:
            - ContainerPort: 3003
          HealthCheck:
            Command: ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"]
            Interval: 30
            Retries: 3
            StartPeriod: 60
          Ulimits:
            - Name: nofile
              SoftLimit: 65536
              HardLimit: 65536
          StopTimeout: 30
""")

case("DOA101-cfn-short-unsafe", "template.yaml", TASK,
     changed(TASK_CFN, ("NetworkMode: awsvpc", "NetworkMode: bridge")), TASK_CFN, 1, unsafe=True)
case("DOA112-cfn-short", "template.yaml", TASK,
     changed(TASK_CFN, ("Retries: 3", "Retries: 5")), TASK_CFN, 1)
case("DOA113-cfn-short", "template.yaml", TASK,
     changed(TASK_CFN, ("HardLimit: 65536", "HardLimit: 4096")), TASK_CFN, 1)
case("DOA113-cfn-short-insert-list", "template.yaml", TASK,
     changed(TASK_CFN, ("          Ulimits:\n            - Name: nofile\n              SoftLimit: 65536\n"
                        "              HardLimit: 65536\n", "")),
     changed(TASK_CFN, ("          Ulimits:\n            - Name: nofile\n              SoftLimit: 65536\n"
                        "              HardLimit: 65536\n", ""),
             ("          StopTimeout: 30\n", "          StopTimeout: 30\n          Ulimits:\n            - Name: nofile\n"
                                             "              SoftLimit: 65536\n              HardLimit: 65536\n")), 1)
case("DOA114-cfn-short", "template.yaml", TASK,
     changed(TASK_CFN, ("StopTimeout: 30", "StopTimeout: 10")), TASK_CFN, 1)

TASK_CFN_LONG = base("task-cfn-long", "template.yaml", TASK, """\
Parameters:
  ExecutionRoleName:
    Type: String
    Default: ecsTaskExecutionRole
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: product-service
      RequiresCompatibilities:
      - FARGATE
      Cpu: 512
      Memory: 1024
      NetworkMode: awsvpc
      TaskRoleArn: arn:aws:iam::123456789012:role/productServiceTaskRole
      ExecutionRoleArn:
        Fn::Join: ['', ['arn:aws:iam::123456789012:role/', Ref: ExecutionRoleName]]
      ContainerDefinitions:
      - Name: product-service
        Image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
        PortMappings:
        - ContainerPort: 3003
        HealthCheck:
          Command: [CMD-SHELL, "curl -f http://localhost:3003/health || exit 1"]
          Interval: 30
          Timeout: 5
          Retries: 3
          StartPeriod: 60
        Ulimits:
        - {Name: nofile, SoftLimit: 65536, HardLimit: 65536}
        StopTimeout: 30
""")

case("DOA101-cfn-long-insert-unsafe", "template.yaml", TASK,
     changed(TASK_CFN_LONG, ("      NetworkMode: awsvpc\n", "")),
     changed(TASK_CFN_LONG, ("      NetworkMode: awsvpc\n", ""),
             ("        StopTimeout: 30\n", "        StopTimeout: 30\n      NetworkMode: awsvpc\n")), 1, unsafe=True)
case("DOA112-cfn-long-insert", "template.yaml", TASK,
     changed(TASK_CFN_LONG, ("          StartPeriod: 60\n", "")), TASK_CFN_LONG, 1)
case("DOA113-cfn-long-flow", "template.yaml", TASK,
     changed(TASK_CFN_LONG, ("SoftLimit: 65536", "SoftLimit: 1024")), TASK_CFN_LONG, 1)
case("DOA113-cfn-long-flow-insert", "template.yaml", TASK,
     changed(TASK_CFN_LONG, (", HardLimit: 65536", "")), TASK_CFN_LONG, 1)
case("DOA114-cfn-long-insert", "template.yaml", TASK,
     changed(TASK_CFN_LONG, ("        StopTimeout: 30\n", "")), TASK_CFN_LONG, 1)
case("DOA114-cfn-long-condition-not-fixed", "template.yaml", TASK,
     changed(TASK_CFN_LONG, ("Parameters:\n", "Conditions:\n  Slow: {'Fn::Equals': [Ref: ExecutionRoleName, slow]}\nParameters:\n"),
             ("StopTimeout: 30", "StopTimeout:\n          Fn::If: [Slow, 120, 90]")), None, 0, ("DOA114@33",))

TASK_CFN_JSON = base("task-cfn-json", "template.json", TASK, """\
{
  "Resources": {
    "TaskDefinition": {
      "Type": "AWS::ECS::TaskDefinition",
      "Properties": {
        "Family": "product-service",
        "NetworkMode": "awsvpc",
        "RequiresCompatibilities": ["FARGATE"],
        "Cpu": "512",
        "Memory": "1024",
        "TaskRoleArn": "arn:aws:iam::123456789012:role/productServiceTaskRole",
        "ExecutionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "ContainerDefinitions": [{
          "Name": "product-service",
          "Image": {"Fn::Join": [":", ["123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service", "1.4.2"]]},
          "PortMappings": [{"ContainerPort": 3003}],
          "HealthCheck": {"Command": ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"],
                          "Interval": 30, "Timeout": 5, "Retries": 3, "StartPeriod": 60},
          "Ulimits": [{"Name": "nofile", "SoftLimit": 65536, "HardLimit": 65536}],
          "StopTimeout": 30
        }]
      }
    }
  }
}
""")

case("DOA101-cfn-json-unsafe", "template.json", TASK,
     changed(TASK_CFN_JSON, ('"awsvpc"', '"host"')), TASK_CFN_JSON, 1, unsafe=True)
case("DOA112-cfn-json", "template.json", TASK,
     changed(TASK_CFN_JSON, ('"Interval": 30', '"Interval": 300')), TASK_CFN_JSON, 1)
case("DOA112-cfn-json-insert-over-lines", "template.json", TASK,
     changed(TASK_CFN_JSON, (', "StartPeriod": 60', "")),
     changed(TASK_CFN_JSON, (', "StartPeriod": 60', ',\n                          "StartPeriod": 60')), 1)
case("DOA113-cfn-json-insert-key", "template.json", TASK,
     changed(TASK_CFN_JSON, ('"SoftLimit": 65536, ', "")),
     changed(TASK_CFN_JSON, ('"SoftLimit": 65536, "HardLimit": 65536', '"HardLimit": 65536, "SoftLimit": 65536')), 1)
case("DOA114-cfn-json", "template.json", TASK,
     changed(TASK_CFN_JSON, ('"StopTimeout": 30', '"StopTimeout": 600')), TASK_CFN_JSON, 1)


# Two insertions at one offset: a block mapping nested in another ends where its parent ends, so a
# key missing in each goes to the same place; the inner one must come first.
LAST_CONTAINER = """\
family: product-service
networkMode: awsvpc
containerDefinitions:
  - name: product-service
    image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
    healthCheck:
      command: [CMD-SHELL, curl -f http://localhost:3003/health]
      interval: 30
"""
LAST_CONTAINER_FIXED = LAST_CONTAINER + "      startPeriod: 60\n    stopTimeout: 30\n"
case("DOA112-DOA114-yaml-inserts-at-one-place", "taskdef.yaml", "DOA001,DOA112,DOA114",
     LAST_CONTAINER, LAST_CONTAINER_FIXED, 2)
case("DOA112-DOA114-yaml-inserts-at-one-place-without-DOA001", "taskdef.yaml", "DOA112,DOA114",
     LAST_CONTAINER, LAST_CONTAINER_FIXED, 2)



# --- Application Auto Scaling policies: DOA301, DOA302, DOA303, DOA304 -----------------------------

LABEL = "app/doa-market-alb/50dc6c495c0c9188/targetgroup/product-service/6d0ecf831eec9f09"

POLICY_JSON = base("scaling-json", "cpu-policy.json", SCALING, """\
{
  "PolicyName": "product-service-cpu",
  "ServiceNamespace": "ecs",
  "ResourceId": "service/doa-market-cluster/product-service",
  "ScalableDimension": "ecs:service:DesiredCount",
  "PolicyType": "TargetTrackingScaling",
  "TargetTrackingScalingPolicyConfiguration": {
    "TargetValue": 70.0,
    "PredefinedMetricSpecification": {
      "PredefinedMetricType": "ECSServiceAverageCPUUtilization"
    },
    "ScaleInCooldown": 300, "ScaleOutCooldown": 60,
    "DisableScaleIn": false
  }
}
""")

case("DOA301-json", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, ('"TargetValue": 70.0', '"TargetValue": 75.5')),
     changed(POLICY_JSON, ('"TargetValue": 70.0', '"TargetValue": 70')), 1)
case("DOA301-json-insert", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, ('    "TargetValue": 70.0,\n', "")),
     changed(POLICY_JSON, ('    "TargetValue": 70.0,\n', ""),
             ('    "DisableScaleIn": false\n', '    "DisableScaleIn": false,\n    "TargetValue": 70\n')), 1)
case("DOA302-json", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, ("AverageCPUUtilization", "AverageMemoryUtilization"), ("70.0", "90")),
     changed(POLICY_JSON, ("AverageCPUUtilization", "AverageMemoryUtilization"), ("70.0", "80")), 1)
case("DOA303-json", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, ('"ECSServiceAverageCPUUtilization"', f'"ALBRequestCountPerTarget",\n      "ResourceLabel": "{LABEL}"'),
             ("70.0", "1000")),
     changed(POLICY_JSON, ('"ECSServiceAverageCPUUtilization"', f'"ALBRequestCountPerTarget",\n      "ResourceLabel": "{LABEL}"'),
             ("70.0", "1500")), 1)
case("DOA304-json", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, ('"ScaleInCooldown": 300, "ScaleOutCooldown": 60', '"ScaleInCooldown": 60, "ScaleOutCooldown": 300')),
     POLICY_JSON, 2)
case("DOA304-json-insert", "cpu-policy.json", SCALING,
     changed(POLICY_JSON, (', "ScaleOutCooldown": 60', "")),
     changed(POLICY_JSON, (', "ScaleOutCooldown": 60', ""),
             ('    "DisableScaleIn": false\n', '    "DisableScaleIn": false,\n    "ScaleOutCooldown": 60\n')), 1)

POLICY_YAML = base("scaling-yaml", "memory-policy.yaml", SCALING, """\
# memory target tracking for product-service
PolicyName: product-service-memory
ServiceNamespace: ecs
ResourceId: service/doa-market-cluster/product-service
ScalableDimension: ecs:service:DesiredCount
PolicyType: TargetTrackingScaling
TargetTrackingScalingPolicyConfiguration:
  PredefinedMetricSpecification:
    PredefinedMetricType: ECSServiceAverageMemoryUtilization
  TargetValue: 80 # percent of the reservation
  ScaleInCooldown: 300
  ScaleOutCooldown: 60
""")

case("DOA301-yaml", "memory-policy.yaml", SCALING,
     changed(POLICY_YAML, ("AverageMemoryUtilization", "AverageCPUUtilization"), ("TargetValue: 80", "TargetValue: 50.0")),
     changed(POLICY_YAML, ("AverageMemoryUtilization", "AverageCPUUtilization"), ("TargetValue: 80", "TargetValue: 70")), 1)
case("DOA302-yaml", "memory-policy.yaml", SCALING,
     changed(POLICY_YAML, ("TargetValue: 80", "TargetValue: 90")), POLICY_YAML, 1)
case("DOA303-yaml", "memory-policy.yaml", SCALING,
     changed(POLICY_YAML, ("ECSServiceAverageMemoryUtilization", f"ALBRequestCountPerTarget\n    ResourceLabel: {LABEL}"),
             ("TargetValue: 80", "TargetValue: 2000")),
     changed(POLICY_YAML, ("ECSServiceAverageMemoryUtilization", f"ALBRequestCountPerTarget\n    ResourceLabel: {LABEL}"),
             ("TargetValue: 80", "TargetValue: 1500")), 1)
case("DOA304-yaml-insert", "memory-policy.yaml", SCALING,
     changed(POLICY_YAML, ("  ScaleOutCooldown: 60\n", "")), POLICY_YAML, 1)
case("DOA304-yaml-high-resolution", "memory-policy.yaml", SCALING,
     changed(POLICY_YAML, ("MemoryUtilization", "MemoryUtilizationHighResolution"), ("ScaleInCooldown: 300", "ScaleInCooldown: 0"),
             ("TargetValue: 80", "TargetValue: 85")),
     changed(POLICY_YAML, ("MemoryUtilization", "MemoryUtilizationHighResolution")), 2)

POLICY_TF = base("scaling-tf", "main.tf", SCALING, f"""\
# scale product-service on the ALB's requests per task
resource "aws_appautoscaling_policy" "requests" {{
  name               = "product-service-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = "ecs"
  resource_id        = "service/doa-market-cluster/product-service"
  scalable_dimension = "ecs:service:DesiredCount"

  target_tracking_scaling_policy_configuration {{
    predefined_metric_specification {{
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "{LABEL}"
    }}

    target_value       = 1500
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
  }}
}}
""")

case("DOA301-tf", "main.tf", SCALING,
     changed(POLICY_TF, ('"ALBRequestCountPerTarget"', '"ECSServiceAverageCPUUtilization"'),
             (f'      resource_label         = "{LABEL}"\n', ""), ("= 1500", "= 60")),
     changed(POLICY_TF, ('"ALBRequestCountPerTarget"', '"ECSServiceAverageCPUUtilization"'),
             (f'      resource_label         = "{LABEL}"\n', ""), ("= 1500", "= 70")), 1)
case("DOA302-tf", "main.tf", SCALING,
     changed(POLICY_TF, ('"ALBRequestCountPerTarget"', '"ECSServiceAverageMemoryUtilization"'),
             (f'      resource_label         = "{LABEL}"\n', ""), ("= 1500", "= 90.0")),
     changed(POLICY_TF, ('"ALBRequestCountPerTarget"', '"ECSServiceAverageMemoryUtilization"'),
             (f'      resource_label         = "{LABEL}"\n', ""), ("= 1500", "= 80")), 1)
case("DOA303-tf", "main.tf", SCALING,
     changed(POLICY_TF, ("= 1500", "= 1000 # from the load test")),
     changed(POLICY_TF, ("= 1500", "= 1500 # from the load test")), 1)
case("DOA303-tf-variable-not-fixed", "main.tf", SCALING,
     'variable "rps" {\n  default = 1000\n}\n\n' + changed(POLICY_TF, ("= 1500", "= var.rps")), None, 0, ("DOA303@19",))
case("DOA304-tf", "main.tf", SCALING,
     changed(POLICY_TF, ("scale_in_cooldown  = 300", "scale_in_cooldown  = 600")), POLICY_TF, 1)
case("DOA304-tf-missing-argument", "main.tf", SCALING,
     changed(POLICY_TF, ("    target_value       = 1500\n    scale_in_cooldown  = 300\n    scale_out_cooldown = 60\n",
                         "    target_value      = 1500\n    scale_in_cooldown = 300\n")),
     POLICY_TF, 1)

POLICY_CFN = base("scaling-cfn-short", "template.yaml", SCALING, """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ScalableTarget:
    Type: AWS::ApplicationAutoScaling::ScalableTarget
    Properties:
      ServiceNamespace: ecs
      ScalableDimension: ecs:service:DesiredCount
      ResourceId: service/doa-market-cluster/product-service
      MinCapacity: 3
      MaxCapacity: 15
      RoleARN: !Sub arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService
  # CPU target tracking
  CpuScaling:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName: product-service-cpu
      PolicyType: TargetTrackingScaling
      ScalingTargetId: !Ref ScalableTarget
      TargetTrackingScalingPolicyConfiguration:
        PredefinedMetricSpecification:
          PredefinedMetricType: ECSServiceAverageCPUUtilization
        TargetValue: 70
        ScaleInCooldown: 300
        ScaleOutCooldown: 60
""")

case("DOA301-cfn-short", "template.yaml", SCALING,
     changed(POLICY_CFN, ("TargetValue: 70", "TargetValue: 50")), POLICY_CFN, 1)
case("DOA302-cfn-short", "template.yaml", SCALING,
     changed(POLICY_CFN, ("AverageCPUUtilization", "AverageMemoryUtilization"), ("TargetValue: 70", "TargetValue: 75")),
     changed(POLICY_CFN, ("AverageCPUUtilization", "AverageMemoryUtilization"), ("TargetValue: 70", "TargetValue: 80")), 1)
case("DOA303-cfn-short", "template.yaml", SCALING,
     changed(POLICY_CFN, ("PredefinedMetricType: ECSServiceAverageCPUUtilization",
                          f"PredefinedMetricType: ALBRequestCountPerTarget\n          ResourceLabel: {LABEL}"),
             ("TargetValue: 70", "TargetValue: 500")),
     changed(POLICY_CFN, ("PredefinedMetricType: ECSServiceAverageCPUUtilization",
                          f"PredefinedMetricType: ALBRequestCountPerTarget\n          ResourceLabel: {LABEL}"),
             ("TargetValue: 70", "TargetValue: 1500")), 1)
case("DOA304-cfn-short-insert", "template.yaml", SCALING,
     changed(POLICY_CFN, ("        ScaleOutCooldown: 60\n", ""), ("ScaleInCooldown: 300", "ScaleInCooldown: 60")),
     POLICY_CFN, 2)

POLICY_CFN_LONG = base("scaling-cfn-long", "template.yaml", SCALING, f"""\
Resources:
  RequestScaling:
    Type: AWS::ApplicationAutoScaling::ScalingPolicy
    Properties:
      PolicyName:
        Fn::Join: [-, [product-service, requests]]
      PolicyType: TargetTrackingScaling
      ServiceNamespace: ecs
      ScalableDimension: ecs:service:DesiredCount
      ResourceId: service/doa-market-cluster/product-service
      TargetTrackingScalingPolicyConfiguration:
        PredefinedMetricSpecification:
          PredefinedMetricType: ALBRequestCountPerTarget
          ResourceLabel: {LABEL}
        TargetValue: 1500.0
        ScaleInCooldown: 300
        ScaleOutCooldown: 60
""")

case("DOA303-cfn-long", "template.yaml", SCALING,
     changed(POLICY_CFN_LONG, ("TargetValue: 1500.0", "TargetValue: 1000.0")),
     changed(POLICY_CFN_LONG, ("TargetValue: 1500.0", "TargetValue: 1500")), 1)
case("DOA301-cfn-long", "template.yaml", SCALING,
     changed(POLICY_CFN_LONG, ("ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"),
             (f"          ResourceLabel: {LABEL}\n", ""), ("TargetValue: 1500.0", "TargetValue: 85.0")),
     changed(POLICY_CFN_LONG, ("ALBRequestCountPerTarget", "ECSServiceAverageCPUUtilization"),
             (f"          ResourceLabel: {LABEL}\n", ""), ("TargetValue: 1500.0", "TargetValue: 70")), 1)
case("DOA302-cfn-long", "template.yaml", SCALING,
     changed(POLICY_CFN_LONG, ("ALBRequestCountPerTarget", "ECSServiceAverageMemoryUtilization"),
             (f"          ResourceLabel: {LABEL}\n", ""), ("TargetValue: 1500.0", "TargetValue: 60.0")),
     changed(POLICY_CFN_LONG, ("ALBRequestCountPerTarget", "ECSServiceAverageMemoryUtilization"),
             (f"          ResourceLabel: {LABEL}\n", ""), ("TargetValue: 1500.0", "TargetValue: 80")), 1)
case("DOA304-cfn-long", "template.yaml", SCALING,
     changed(POLICY_CFN_LONG, ("ScaleOutCooldown: 60", "ScaleOutCooldown: 0")), POLICY_CFN_LONG, 1)
case("DOA303-cfn-long-parameter-not-fixed", "template.yaml", SCALING,
     changed(POLICY_CFN_LONG, ("Resources:\n", "Parameters:\n  Rps: {Type: Number, Default: 900}\nResources:\n"),
             ("TargetValue: 1500.0", "TargetValue:\n          Ref: Rps")), None, 0, ("DOA303@17",))

POLICY_CFN_JSON = base("scaling-cfn-json", "template.json", SCALING, """\
{"Resources": {
  "MemoryScaling": {
    "Type": "AWS::ApplicationAutoScaling::ScalingPolicy",
    "Properties": {
      "PolicyName": "product-service-memory",
      "PolicyType": "TargetTrackingScaling",
      "ServiceNamespace": "ecs",
      "ScalableDimension": "ecs:service:DesiredCount",
      "ResourceId": {"Fn::Join": ["/", ["service", "doa-market-cluster", "product-service"]]},
      "TargetTrackingScalingPolicyConfiguration": {
        "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageMemoryUtilization"},
        "TargetValue": 80,
        "ScaleInCooldown": 300,
        "ScaleOutCooldown": 60
      }
    }
  }
}}
""")

case("DOA302-cfn-json", "template.json", SCALING,
     changed(POLICY_CFN_JSON, ('"TargetValue": 80', '"TargetValue": 60')), POLICY_CFN_JSON, 1)
case("DOA301-cfn-json", "template.json", SCALING,
     changed(POLICY_CFN_JSON, ("AverageMemoryUtilization", "AverageCPUUtilization"), ('"TargetValue": 80', '"TargetValue": 65')),
     changed(POLICY_CFN_JSON, ("AverageMemoryUtilization", "AverageCPUUtilization"), ('"TargetValue": 80', '"TargetValue": 70')),
     1)
case("DOA303-cfn-json", "template.json", SCALING,
     changed(POLICY_CFN_JSON, ('{"PredefinedMetricType": "ECSServiceAverageMemoryUtilization"}',
                               f'{{"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": "{LABEL}"}}'),
             ('"TargetValue": 80', '"TargetValue": 100')),
     changed(POLICY_CFN_JSON, ('{"PredefinedMetricType": "ECSServiceAverageMemoryUtilization"}',
                               f'{{"PredefinedMetricType": "ALBRequestCountPerTarget", "ResourceLabel": "{LABEL}"}}'),
             ('"TargetValue": 80', '"TargetValue": 1500')), 1)
case("DOA304-cfn-json-insert", "template.json", SCALING,
     changed(POLICY_CFN_JSON, (',\n        "ScaleOutCooldown": 60', "")), POLICY_CFN_JSON, 1)



# --- CodeDeploy deployment groups: DOA401, DOA403 --------------------------------------------------

LISTENER = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/doa-market-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"

GROUP_JSON = base("deployment-group-json", "deployment-group.json", DEPLOYMENT_GROUP, f"""\
{{
\t"applicationName": "doa-market",
\t"deploymentGroupName": "product-service",
\t"serviceRoleArn": "arn:aws:iam::123456789012:role/doa-market-codedeploy-role",
\t"deploymentConfigName": "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
\t"ecsServices": [{{"serviceName": "product-service", "clusterName": "doa-market-cluster"}}],
\t"deploymentStyle": {{"deploymentType": "BLUE_GREEN", "deploymentOption": "WITH_TRAFFIC_CONTROL"}},
\t"loadBalancerInfo": {{"targetGroupPairInfoList": [{{
\t\t"targetGroups": [{{"name": "product-service-blue"}}, {{"name": "product-service-green"}}],
\t\t"prodTrafficRoute": {{"listenerArns": ["{LISTENER}"]}}
\t}}]}},
\t"alarmConfiguration": {{
\t\t"enabled": true,
\t\t"ignorePollAlarmFailure": false,
\t\t"alarms": [{{"name": "product-service-5xx-errors"}}, {{"name": "product-service-high-latency"}}]
\t}},
\t"blueGreenDeploymentConfiguration": {{
\t\t"terminateBlueInstancesOnDeploymentSuccess": {{
\t\t\t"action": "TERMINATE",
\t\t\t"terminationWaitTimeInMinutes": 5
\t\t}},
\t\t"deploymentReadyOption": {{"actionOnTimeout": "CONTINUE_DEPLOYMENT"}}
\t}},
\t"autoRollbackConfiguration": {{"enabled": true, "events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]}}
}}
""")

case("DOA401-json-nested-insert", "deployment-group.json", DEPLOYMENT_GROUP,
     changed(GROUP_JSON, (',\n\t"autoRollbackConfiguration": {"enabled": true, "events": ["DEPLOYMENT_FAILURE", '
                          '"DEPLOYMENT_STOP_ON_ALARM"]}', "")),
     changed(GROUP_JSON, ('"autoRollbackConfiguration": {"enabled": true, "events": ["DEPLOYMENT_FAILURE", '
                          '"DEPLOYMENT_STOP_ON_ALARM"]}',
                          '"autoRollbackConfiguration": {\n\t\t"enabled": true,\n\t\t"events": [\n'
                          '\t\t\t"DEPLOYMENT_FAILURE",\n\t\t\t"DEPLOYMENT_STOP_ON_ALARM"\n\t\t]\n\t}')), 1)
case("DOA401-json-events", "deployment-group.json", DEPLOYMENT_GROUP,
     changed(GROUP_JSON, ('["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]', '["DEPLOYMENT_FAILURE"]')), GROUP_JSON, 1)
case("DOA401-json-enabled", "deployment-group.json", DEPLOYMENT_GROUP,
     changed(GROUP_JSON, ('{"enabled": true, "events"', '{"enabled": false, "events"')), GROUP_JSON, 1)
case("DOA403-json-nested-insert", "deployment-group.json", DEPLOYMENT_GROUP,
     changed(GROUP_JSON, ('\t\t"terminateBlueInstancesOnDeploymentSuccess": {\n\t\t\t"action": "TERMINATE",\n'
                          '\t\t\t"terminationWaitTimeInMinutes": 5\n\t\t},\n', "")),
     changed(GROUP_JSON, ('\t\t"terminateBlueInstancesOnDeploymentSuccess": {\n\t\t\t"action": "TERMINATE",\n'
                          '\t\t\t"terminationWaitTimeInMinutes": 5\n\t\t},\n', ""),
             ('{"actionOnTimeout": "CONTINUE_DEPLOYMENT"}\n',
              '{"actionOnTimeout": "CONTINUE_DEPLOYMENT"},\n\t\t"terminateBlueInstancesOnDeploymentSuccess": {\n'
              '\t\t\t"action": "TERMINATE",\n\t\t\t"terminationWaitTimeInMinutes": 5\n\t\t}\n')), 1)
case("DOA403-json", "deployment-group.json", DEPLOYMENT_GROUP,
     changed(GROUP_JSON, ('"TERMINATE"', '"KEEP_ALIVE"'), ('"terminationWaitTimeInMinutes": 5', '"terminationWaitTimeInMinutes": 60')),
     GROUP_JSON, 2)

GROUP_YAML = base("deployment-group-yaml", "deployment-group.yaml", DEPLOYMENT_GROUP, f"""\
applicationName: doa-market
deploymentGroupName: product-service
serviceRoleArn: "arn:aws:iam::123456789012:role/doa-market-codedeploy-role"
deploymentConfigName: CodeDeployDefault.ECSLinear10PercentEvery1Minutes
ecsServices:
- serviceName: product-service
  clusterName: doa-market-cluster
deploymentStyle: {{deploymentType: BLUE_GREEN, deploymentOption: WITH_TRAFFIC_CONTROL}}
loadBalancerInfo:
  targetGroupPairInfoList:
  - targetGroups:
    - name: product-service-blue
    - name: product-service-green
    prodTrafficRoute:
      listenerArns: ["{LISTENER}"]
# roll back on failures and on the 5xx / latency alarms
autoRollbackConfiguration:
  enabled: true
  events:
  - DEPLOYMENT_FAILURE
  - DEPLOYMENT_STOP_ON_ALARM
alarmConfiguration:
  enabled: true
  ignorePollAlarmFailure: false
  alarms:
  - name: product-service-5xx-errors
  - name: product-service-high-latency
blueGreenDeploymentConfiguration:
  terminateBlueInstancesOnDeploymentSuccess:
    action: TERMINATE
    terminationWaitTimeInMinutes: 5
  deploymentReadyOption:
    actionOnTimeout: CONTINUE_DEPLOYMENT
""")

case("DOA401-yaml-events", "deployment-group.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_YAML, ("  - DEPLOYMENT_STOP_ON_ALARM\n", "")), GROUP_YAML, 1)
case("DOA401-yaml-enabled", "deployment-group.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_YAML, ("autoRollbackConfiguration:\n  enabled: true", "autoRollbackConfiguration:\n  enabled: false")),
     GROUP_YAML, 1)
case("DOA401-yaml-nested-insert", "deployment-group.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_YAML, ("autoRollbackConfiguration:\n  enabled: true\n  events:\n  - DEPLOYMENT_FAILURE\n"
                          "  - DEPLOYMENT_STOP_ON_ALARM\n", "")),
     changed(GROUP_YAML, ("autoRollbackConfiguration:\n  enabled: true\n  events:\n  - DEPLOYMENT_FAILURE\n"
                          "  - DEPLOYMENT_STOP_ON_ALARM\n", ""),
             ("    actionOnTimeout: CONTINUE_DEPLOYMENT\n",
              "    actionOnTimeout: CONTINUE_DEPLOYMENT\nautoRollbackConfiguration:\n  enabled: true\n  events:\n"
              "  - DEPLOYMENT_FAILURE\n  - DEPLOYMENT_STOP_ON_ALARM\n")), 1)
case("DOA403-yaml", "deployment-group.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_YAML, ("action: TERMINATE", "action: KEEP_ALIVE")), GROUP_YAML, 1)
case("DOA403-yaml-insert", "deployment-group.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_YAML, ("    terminationWaitTimeInMinutes: 5\n", "")), GROUP_YAML, 1)

GROUP_TF = base("deployment-group-tf", "main.tf", DEPLOYMENT_GROUP, f"""\
resource "aws_codedeploy_deployment_group" "product" {{
  app_name               = "doa-market"
  deployment_group_name  = "product-service"
  deployment_config_name = "CodeDeployDefault.ECSLinear10PercentEvery1Minutes"
  service_role_arn       = "arn:aws:iam::123456789012:role/doa-market-codedeploy-role"

  ecs_service {{
    cluster_name = "doa-market-cluster"
    service_name = "product-service"
  }}

  deployment_style {{
    deployment_type   = "BLUE_GREEN"
    deployment_option = "WITH_TRAFFIC_CONTROL"
  }}

  load_balancer_info {{
    target_group_pair_info {{
      target_group {{
        name = "product-service-blue"
      }}
      target_group {{
        name = "product-service-green"
      }}
      prod_traffic_route {{
        listener_arns = ["{LISTENER}"]
      }}
    }}
  }}

  # roll back on failures and when the alarms stop a deployment
  auto_rollback_configuration {{
    enabled = true
    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
  }}

  alarm_configuration {{
    enabled                   = true
    ignore_poll_alarm_failure = false
    alarms                    = ["product-service-5xx-errors", "product-service-high-latency"]
  }}

  blue_green_deployment_config {{
    deployment_ready_option {{
      action_on_timeout = "CONTINUE_DEPLOYMENT"
    }}

    terminate_blue_instances_on_deployment_success {{
      action                           = "TERMINATE"
      termination_wait_time_in_minutes = 5
    }}
  }}
}}
""")

case("DOA401-tf-enabled", "main.tf", DEPLOYMENT_GROUP,
     changed(GROUP_TF, ("    enabled = true\n", "    enabled = false # while we test\n")),
     changed(GROUP_TF, ("    enabled = true\n", "    enabled = true # while we test\n")), 1)
case("DOA401-tf-events", "main.tf", DEPLOYMENT_GROUP,
     changed(GROUP_TF, ('["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]', '["DEPLOYMENT_FAILURE"]')), GROUP_TF, 1)
case("DOA401-tf-missing-block-not-fixed", "main.tf", DEPLOYMENT_GROUP,
     changed(GROUP_TF, ("  # roll back on failures and when the alarms stop a deployment\n  auto_rollback_configuration {\n"
                        "    enabled = true\n"
                        '    events  = ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]\n  }\n\n', "")),
     None, 0, ("DOA401@1",))
case("DOA403-tf", "main.tf", DEPLOYMENT_GROUP,
     changed(GROUP_TF, ('"TERMINATE"', '"KEEP_ALIVE"'), ("minutes = 5", "minutes = 1440")), GROUP_TF, 2)
case("DOA403-tf-variable-not-fixed", "main.tf", DEPLOYMENT_GROUP,
     'variable "keep_blue_minutes" {\n  type    = number\n  default = 60\n}\n\n'
     + changed(GROUP_TF, ("minutes = 5", "minutes = var.keep_blue_minutes")), None, 0, ("DOA403@55",))

GROUP_CFN = base("deployment-group-cfn-short", "template.yaml", DEPLOYMENT_GROUP, """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ServiceName:
    Type: String
    Default: product-service
Resources:
  DeploymentGroup:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: doa-market
      DeploymentGroupName: !Ref ServiceName
      ServiceRoleArn: arn:aws:iam::123456789012:role/doa-market-codedeploy-role
      DeploymentConfigName: CodeDeployDefault.ECSLinear10PercentEvery1Minutes
      ECSServices:
        - ServiceName: !Ref ServiceName
          ClusterName: doa-market-cluster
      DeploymentStyle:
        DeploymentType: BLUE_GREEN
        DeploymentOption: WITH_TRAFFIC_CONTROL
      AutoRollbackConfiguration:
        Enabled: true
        Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]
      AlarmConfiguration:
        Enabled: true
        IgnorePollAlarmFailure: false
        Alarms:
          - Name: !Sub ${ServiceName}-5xx-errors
          - Name: !Sub ${ServiceName}-high-latency
      BlueGreenDeploymentConfiguration:
        TerminateBlueInstancesOnDeploymentSuccess:
          Action: TERMINATE
          TerminationWaitTimeInMinutes: 5   # minutes after traffic moved
        DeploymentReadyOption:
          ActionOnTimeout: CONTINUE_DEPLOYMENT
""")

case("DOA401-cfn-short-flow-events", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN, ("[DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]", "[DEPLOYMENT_STOP_ON_ALARM]")),
     changed(GROUP_CFN, ("[DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]", "[DEPLOYMENT_STOP_ON_ALARM, DEPLOYMENT_FAILURE]")),
     1)
case("DOA401-cfn-short-nested-insert", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN, ("      AutoRollbackConfiguration:\n        Enabled: true\n"
                         "        Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]\n", "")),
     changed(GROUP_CFN, ("      AutoRollbackConfiguration:\n        Enabled: true\n"
                         "        Events: [DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM]\n", ""),
             ("          ActionOnTimeout: CONTINUE_DEPLOYMENT\n",
              "          ActionOnTimeout: CONTINUE_DEPLOYMENT\n      AutoRollbackConfiguration:\n        Enabled: true\n"
              "        Events:\n          - DEPLOYMENT_FAILURE\n          - DEPLOYMENT_STOP_ON_ALARM\n")), 1)
case("DOA403-cfn-short", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN, ("TerminationWaitTimeInMinutes: 5 ", "TerminationWaitTimeInMinutes: 60")),
     changed(GROUP_CFN, ("TerminationWaitTimeInMinutes: 5 ", "TerminationWaitTimeInMinutes: 5")), 1)

GROUP_CFN_LONG = base("deployment-group-cfn-long", "template.yaml", DEPLOYMENT_GROUP, """\
Parameters:
  ServiceName: {Type: String, Default: product-service}
Resources:
  DeploymentGroup:
    Type: AWS::CodeDeploy::DeploymentGroup
    Properties:
      ApplicationName: doa-market
      DeploymentGroupName:
        Ref: ServiceName
      ServiceRoleArn:
        Fn::Sub: arn:aws:iam::123456789012:role/doa-market-codedeploy-role
      DeploymentConfigName: CodeDeployDefault.ECSCanary10Percent5Minutes
      ECSServices:
      - ServiceName:
          Ref: ServiceName
        ClusterName: doa-market-cluster
      DeploymentStyle:
        DeploymentType: BLUE_GREEN
        DeploymentOption: WITH_TRAFFIC_CONTROL
      AutoRollbackConfiguration:
        Enabled: 'true'
        Events:
        - DEPLOYMENT_FAILURE
        - DEPLOYMENT_STOP_ON_ALARM
      BlueGreenDeploymentConfiguration:
        DeploymentReadyOption:
          ActionOnTimeout: CONTINUE_DEPLOYMENT
        TerminateBlueInstancesOnDeploymentSuccess:
          Action: TERMINATE
          TerminationWaitTimeInMinutes: 5
""")

case("DOA401-cfn-long-enabled", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_LONG, ("Enabled: 'true'", "Enabled: 'false'")),
     changed(GROUP_CFN_LONG, ("Enabled: 'true'", "Enabled: true")), 1)
case("DOA403-cfn-long-nested-insert", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_LONG, ("        TerminateBlueInstancesOnDeploymentSuccess:\n          Action: TERMINATE\n"
                              "          TerminationWaitTimeInMinutes: 5\n", "")), GROUP_CFN_LONG, 1)
case("DOA403-cfn-long", "template.yaml", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_LONG, ("Action: TERMINATE", "Action: KEEP_ALIVE")), GROUP_CFN_LONG, 1)

GROUP_CFN_JSON = base("deployment-group-cfn-json", "template.json", DEPLOYMENT_GROUP, """\
{
  "Resources": {
    "DeploymentGroup": {
      "Type": "AWS::CodeDeploy::DeploymentGroup",
      "Properties": {
        "ApplicationName": "doa-market",
        "DeploymentGroupName": "product-service",
        "ServiceRoleArn": {"Fn::Sub": "arn:aws:iam::123456789012:role/doa-market-codedeploy-role"},
        "DeploymentConfigName": "CodeDeployDefault.ECSLinear10PercentEvery1Minutes",
        "ECSServices": [{"ServiceName": "product-service", "ClusterName": "doa-market-cluster"}],
        "DeploymentStyle": {"DeploymentType": "BLUE_GREEN", "DeploymentOption": "WITH_TRAFFIC_CONTROL"},
        "AutoRollbackConfiguration": {
          "Enabled": true,
          "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]
        },
        "BlueGreenDeploymentConfiguration": {
          "TerminateBlueInstancesOnDeploymentSuccess": {"Action": "TERMINATE", "TerminationWaitTimeInMinutes": 5},
          "DeploymentReadyOption": {"ActionOnTimeout": "CONTINUE_DEPLOYMENT"}
        }
      }
    }
  }
}
""")

case("DOA401-cfn-json-events", "template.json", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_JSON, ('          "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]\n',
                              '          "Events": []\n')),
     changed(GROUP_CFN_JSON, ('          "Events": ["DEPLOYMENT_FAILURE", "DEPLOYMENT_STOP_ON_ALARM"]\n',
                              '          "Events": [\n            "DEPLOYMENT_FAILURE",\n'
                              '            "DEPLOYMENT_STOP_ON_ALARM"\n          ]\n')), 1)
case("DOA403-cfn-json", "template.json", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_JSON, ('"TerminationWaitTimeInMinutes": 5', '"TerminationWaitTimeInMinutes": 4')), GROUP_CFN_JSON, 1)
case("DOA403-cfn-json-insert", "template.json", DEPLOYMENT_GROUP,
     changed(GROUP_CFN_JSON, ('"Action": "TERMINATE", ', "")),
     changed(GROUP_CFN_JSON, ('"Action": "TERMINATE", "TerminationWaitTimeInMinutes": 5',
                              '"TerminationWaitTimeInMinutes": 5, "Action": "TERMINATE"')), 1)



# --- ALB target groups: DOA502 ---------------------------------------------------------------------

TG_JSON = base("target-group-json", "target-group.json", TARGET_GROUP, """\
{
  "Name": "product-service",
  "Protocol": "HTTP",
  "Port": 3003,
  "VpcId": "vpc-0abc1234def567890",
  "TargetType": "ip",
  "HealthCheckEnabled": true,
  "HealthCheckProtocol": "HTTP",
  "HealthCheckPort": "traffic-port",
  "HealthCheckPath": "/health",
  "HealthCheckIntervalSeconds": 30,
  "HealthCheckTimeoutSeconds": 5,
  "HealthyThresholdCount": 2,
  "UnhealthyThresholdCount": 3,
  "Matcher": {"HttpCode": "200"},
  "Attributes": [
    {"Key": "stickiness.enabled", "Value": "false"},
    {"Key": "deregistration_delay.timeout_seconds", "Value": "30"}
  ],
  "Tags": [{"Key": "Service", "Value": "product"}]
}
""")

case("DOA502-json", "target-group.json", TARGET_GROUP,
     changed(TG_JSON, ('"HealthCheckIntervalSeconds": 30', '"HealthCheckIntervalSeconds": 10'),
             ('"HealthyThresholdCount": 2', '"HealthyThresholdCount": 5')), TG_JSON, 2)
case("DOA502-json-insert", "target-group.json", TARGET_GROUP,
     changed(TG_JSON, ('  "HealthCheckPath": "/health",\n', "")),
     changed(TG_JSON, ('  "HealthCheckPath": "/health",\n', ""),
             ('"Value": "product"}]\n', '"Value": "product"}],\n  "HealthCheckPath": "/health"\n')), 1)
case("DOA502-json-attribute", "target-group.json", TARGET_GROUP,
     changed(TG_JSON, ('"Value": "30"', '"Value": "300"')), TG_JSON, 1)
case("DOA502-json-matcher", "target-group.json", TARGET_GROUP,
     changed(TG_JSON, ('"HttpCode": "200"', '"HttpCode": "200-299"')), TG_JSON, 1)

TG_YAML = base("target-group-yaml", "target-group.yaml", TARGET_GROUP, """\
# aws elbv2 create-target-group --cli-input-yaml file://target-group.yaml
Name: product-service
Protocol: HTTP
Port: 3003
VpcId: vpc-0abc1234def567890
TargetType: ip
HealthCheckPath: '/health'
HealthCheckIntervalSeconds: 30
HealthCheckTimeoutSeconds: 5
HealthyThresholdCount: 2
UnhealthyThresholdCount: 3
Matcher:
  HttpCode: '200'
Attributes:
  - Key: deregistration_delay.timeout_seconds
    Value: '30'   # drain quickly: tasks finish requests in under a second
""")

case("DOA502-yaml", "target-group.yaml", TARGET_GROUP,
     changed(TG_YAML, ("'/health'", "'/'"), ("HealthCheckTimeoutSeconds: 5", "HealthCheckTimeoutSeconds: 10")), TG_YAML, 2)
case("DOA502-yaml-insert", "target-group.yaml", TARGET_GROUP,
     changed(TG_YAML, ("UnhealthyThresholdCount: 3\n", "")),
     changed(TG_YAML, ("UnhealthyThresholdCount: 3\n", ""),
             ("quickly: tasks finish requests in under a second\n",
              "quickly: tasks finish requests in under a second\nUnhealthyThresholdCount: 3\n")), 1)
case("DOA502-yaml-attribute", "target-group.yaml", TARGET_GROUP,
     changed(TG_YAML, ("Value: '30'", "Value: '300'")), TG_YAML, 1)
case("DOA502-yaml-matcher-plain", "target-group.yaml", TARGET_GROUP,
     changed(TG_YAML, ("HttpCode: '200'", "HttpCode: 200-399")),
     changed(TG_YAML, ("HttpCode: '200'", 'HttpCode: "200"')), 1)

TG_TF = base("target-group-tf", "main.tf", TARGET_GROUP, """\
resource "aws_lb_target_group" "product" {
  name                 = "product-service"
  port                 = 3003
  protocol             = "HTTP"
  vpc_id               = "vpc-0abc1234def567890"
  target_type          = "ip"
  deregistration_delay = 30

  health_check {
    enabled             = true
    protocol            = "HTTP"
    path                = "/health"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
    matcher             = "200"
  }

  tags = {
    Service   = "product"
    ManagedBy = "terraform"
  }
}
""")

case("DOA502-tf", "main.tf", TARGET_GROUP,
     changed(TG_TF, ('"/health"', '"/healthz" # the old path'), ("timeout             = 5", "timeout             = 10")),
     changed(TG_TF, ('"/health"', '"/health" # the old path')), 2)
case("DOA502-tf-insert-into-block", "main.tf", TARGET_GROUP,
     changed(TG_TF, ('    matcher             = "200"\n', ""), ('    path                = "/health"\n', "")),
     changed(TG_TF, ('    matcher             = "200"\n', ""), ('    path                = "/health"\n', ""),
             ("    unhealthy_threshold = 3\n", '    unhealthy_threshold = 3\n    path                = "/health"\n')), 1)
case("DOA502-tf-deregistration-delay", "main.tf", TARGET_GROUP,
     changed(TG_TF, ("deregistration_delay = 30", "deregistration_delay = 300")), TG_TF, 1)
case("DOA502-tf-local-not-fixed", "main.tf", TARGET_GROUP,
     'locals {\n  health_path = "/status"\n}\n\n' + changed(TG_TF, ('"/health"', "local.health_path")),
     None, 0, ("DOA502@16",))

TG_CFN = base("target-group-cfn-short", "template.yaml", TARGET_GROUP, """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ServiceName:
    Type: String
    Default: product-service
  VpcId:
    Type: AWS::EC2::VPC::Id
    Default: vpc-0abc1234def567890
Resources:
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name: !Ref ServiceName
      Protocol: HTTP
      Port: 3003
      VpcId: !Ref VpcId
      TargetType: ip
      HealthCheckPath: /health
      HealthCheckIntervalSeconds: 30
      HealthCheckTimeoutSeconds: 5
      HealthyThresholdCount: 2
      UnhealthyThresholdCount: 3
      Matcher: {HttpCode: "200"}
      TargetGroupAttributes:
        - Key: deregistration_delay.timeout_seconds
          Value: "30"
        - Key: load_balancing.algorithm.type
          Value: least_outstanding_requests
""")

case("DOA502-cfn-short", "template.yaml", TARGET_GROUP,
     changed(TG_CFN, ("HealthyThresholdCount: 2", "HealthyThresholdCount: 3")), TG_CFN, 1)
case("DOA502-cfn-short-attribute-number", "template.yaml", TARGET_GROUP,
     changed(TG_CFN, ('Value: "30"', "Value: 300")), TG_CFN, 1)
case("DOA502-cfn-short-insert", "template.yaml", TARGET_GROUP,
     changed(TG_CFN, ("      HealthCheckPath: /health\n", "")),
     changed(TG_CFN, ("      HealthCheckPath: /health\n", ""),
             ("          Value: least_outstanding_requests\n",
              "          Value: least_outstanding_requests\n      HealthCheckPath: /health\n")), 1)

TG_CFN_LONG = base("target-group-cfn-long", "template.yaml", TARGET_GROUP, """\
Parameters:
  VpcId: {Type: String, Default: vpc-0abc1234def567890}
Resources:
  TargetGroup:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Name:
        Fn::Sub: product-service
      Protocol: HTTP
      Port: 3003
      VpcId:
        Ref: VpcId
      TargetType: ip
      HealthCheckEnabled: true
      HealthCheckPath: /health
      HealthCheckIntervalSeconds: 30
      HealthCheckTimeoutSeconds: 5
      HealthyThresholdCount: 2
      UnhealthyThresholdCount: 3
      Matcher:
        HttpCode: '200'
      TargetGroupAttributes:
      - Key: deregistration_delay.timeout_seconds
        Value: '30'
""")

case("DOA502-cfn-long", "template.yaml", TARGET_GROUP,
     changed(TG_CFN_LONG, ("HealthCheckIntervalSeconds: 30", "HealthCheckIntervalSeconds: 15"),
             ("UnhealthyThresholdCount: 3", "UnhealthyThresholdCount: 5")), TG_CFN_LONG, 2)
case("DOA502-cfn-long-insert", "template.yaml", TARGET_GROUP,
     changed(TG_CFN_LONG, ("      UnhealthyThresholdCount: 3\n", "")),
     changed(TG_CFN_LONG, ("      UnhealthyThresholdCount: 3\n", ""),
             ("        Value: '30'\n", "        Value: '30'\n      UnhealthyThresholdCount: 3\n")), 1)

TG_CFN_JSON = base("target-group-cfn-json", "template.json", TARGET_GROUP, """\
{
  "Resources": {
    "TargetGroup": {
      "Type": "AWS::ElasticLoadBalancingV2::TargetGroup",
      "Properties": {
        "Name": "product-service", "Protocol": "HTTP", "Port": 3003, "VpcId": "vpc-0abc1234def567890",
        "TargetType": "ip",
        "HealthCheckPath": "/health",
        "HealthCheckIntervalSeconds": 30,
        "HealthCheckTimeoutSeconds": 5,
        "HealthyThresholdCount": 2,
        "UnhealthyThresholdCount": 3,
        "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}]
      }
    }
  }
}
""")

case("DOA502-cfn-json", "template.json", TARGET_GROUP,
     changed(TG_CFN_JSON, ('"UnhealthyThresholdCount": 3', '"UnhealthyThresholdCount": 10')), TG_CFN_JSON, 1)
case("DOA502-cfn-json-attribute", "template.json", TARGET_GROUP,
     changed(TG_CFN_JSON, ('"Value": "30"', '"Value": "120"')), TG_CFN_JSON, 1)
case("DOA502-cfn-json-one-line-member", "template.json", TARGET_GROUP,
     changed(TG_CFN_JSON, ('"Protocol": "HTTP", "Port": 3003', '"Protocol": "HTTP", "Port": 3003, "HealthCheckProtocol": "HTTPS"')),
     changed(TG_CFN_JSON, ('"Protocol": "HTTP", "Port": 3003', '"Protocol": "HTTP", "Port": 3003, "HealthCheckProtocol": "HTTP"')),
     1)



# --- IAM policies: DOA601 --------------------------------------------------------------------------

IAM_JSON = base("policy-json", "task-role-policy.json", POLICY, """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ProductImages",
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "arn:aws:s3:::doa-market-product-images/*"
    },
    {
      "Sid": "Events",
      "Effect": "Allow",
      "Action": "events:PutEvents",
      "Resource": "arn:aws:events:ap-northeast-2:123456789012:event-bus/doa-market-event-bus"
    }
  ]
}
""")

case("DOA601-json", "task-role-policy.json", POLICY,
     changed(IAM_JSON, ('"2012-10-17"', '"2008-10-17"')), IAM_JSON, 1)
case("DOA601-json-insert", "task-role-policy.json", POLICY,
     changed(IAM_JSON, ('  "Version": "2012-10-17",\n', "")),
     changed(IAM_JSON, ('  "Version": "2012-10-17",\n', ""), ("    }\n  ]\n}\n", '    }\n  ],\n  "Version": "2012-10-17"\n}\n')),
     1)
case("DOA601-json-policy-variable-needs-unsafe", "task-role-policy.json", POLICY,
     changed(IAM_JSON, ('"2012-10-17"', '"2008-10-17"'), ("product-images/*", "product-images/${aws:username}/*")),
     None, 0, ("DOA601@2",))
case("DOA601-json-policy-variable-unsafe", "task-role-policy.json", POLICY,
     changed(IAM_JSON, ('"2012-10-17"', '"2008-10-17"'), ("product-images/*", "product-images/${aws:username}/*")),
     changed(IAM_JSON, ("product-images/*", "product-images/${aws:username}/*")), 1, unsafe=True)
case("DOA601-json-embedded-document-not-fixed", "role-policy.json", POLICY,
     '{\n  "RoleName": "productServiceTaskRole",\n  "PolicyName": "events",\n  "PolicyDocument": '
     '"{\\"Version\\": \\"2008-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": '
     '\\"events:PutEvents\\", \\"Resource\\": \\"*\\"}]}"\n}\n', None, 0, ("DOA601@4",))

IAM_YAML = base("policy-yaml", "task-role-policy.yaml", POLICY, """\
# the product-service task role's permissions
Version: "2012-10-17"
Statement:
  - Sid: ProductsDb
    Effect: Allow
    Action: [rds-data:ExecuteStatement, rds-data:BatchExecuteStatement]
    Resource: arn:aws:rds:ap-northeast-2:123456789012:cluster:products-db
""")

case("DOA601-yaml", "task-role-policy.yaml", POLICY,
     changed(IAM_YAML, ('Version: "2012-10-17"', "Version: '2008-10-17'")),
     changed(IAM_YAML, ('Version: "2012-10-17"', "Version: '2012-10-17'")), 1)
case("DOA601-yaml-plain-date-gets-quoted", "task-role-policy.yaml", POLICY,
     changed(IAM_YAML, ('Version: "2012-10-17"', "Version: 2008-10-17")), IAM_YAML, 1)

IAM_TF = base("policy-tf", "main.tf", POLICY, """\
resource "aws_iam_policy" "product_task" {
  name = "product-service-task"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ProductImages"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "arn:aws:s3:::doa-market-product-images/*"
      },
    ]
  })
}

data "aws_iam_policy_document" "events" {
  version = "2012-10-17" # the policy language

  statement {
    sid       = "Events"
    actions   = ["events:PutEvents"]
    resources = ["arn:aws:events:ap-northeast-2:123456789012:event-bus/doa-market-event-bus"]
  }
}

resource "aws_iam_role_policy" "events" {
  name   = "product-service-events"
  role   = "productServiceTaskRole"
  policy = data.aws_iam_policy_document.events.json
}
""")

case("DOA601-tf-jsonencode", "main.tf", POLICY,
     changed(IAM_TF, ('Version = "2012-10-17"', 'Version = "2008-10-17"')), IAM_TF, 1)
case("DOA601-tf-data-source", "main.tf", POLICY,
     changed(IAM_TF, ('version = "2012-10-17"', 'version = "2008-10-17"')), IAM_TF, 1)
case("DOA601-tf-heredoc-not-fixed", "main.tf", POLICY,
     changed(IAM_TF, ("  policy = jsonencode({\n    Version = \"2012-10-17\"\n    Statement = [\n      {\n"
                      "        Sid      = \"ProductImages\"\n        Effect   = \"Allow\"\n"
                      "        Action   = [\"s3:GetObject\", \"s3:PutObject\"]\n"
                      "        Resource = \"arn:aws:s3:::doa-market-product-images/*\"\n      },\n    ]\n  })\n",
                      "  policy = <<-EOT\n    {\n      \"Version\": \"2008-10-17\",\n      \"Statement\": [{\n"
                      "        \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\",\n"
                      "        \"Resource\": \"arn:aws:s3:::doa-market-product-images/*\"\n      }]\n    }\n  EOT\n")),
     None, 0, ("DOA601@5",))

IAM_CFN = base("policy-cfn-short", "template.yaml", POLICY, """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Bucket:
    Type: String
    Default: doa-market-product-images
Resources:
  ProductImagesPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: product-service-images
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, s3:PutObject]
            Resource: !Sub arn:aws:s3:::${Bucket}/*
""")

case("DOA601-cfn-short", "template.yaml", POLICY,
     changed(IAM_CFN, ('Version: "2012-10-17"', 'Version: "2008-10-17"')), IAM_CFN, 1)
case("DOA601-cfn-short-insert", "template.yaml", POLICY,
     changed(IAM_CFN, ('        Version: "2012-10-17"\n', "")),
     changed(IAM_CFN, ('        Version: "2012-10-17"\n', ""),
             ("${Bucket}/*\n", '${Bucket}/*\n        Version: "2012-10-17"\n')), 1)

IAM_CFN_LONG = base("policy-cfn-long", "template.yaml", POLICY, """\
Resources:
  TaskRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: productServiceTaskRole
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
        - Effect: Allow
          Principal:
            Service: ecs-tasks.amazonaws.com
          Action: sts:AssumeRole
      Policies:
      - PolicyName: events
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
          - Effect: Allow
            Action: events:PutEvents
            Resource:
              Fn::Join: ['', ['arn:aws:events:ap-northeast-2:123456789012:event-bus/', doa-market-event-bus]]
""")

case("DOA601-cfn-long-inline-policy", "template.yaml", POLICY,
     changed(IAM_CFN_LONG, ("          Version: '2012-10-17'", "          Version: '2008-10-17'")), IAM_CFN_LONG, 1)
case("DOA601-cfn-long-trust-policy", "template.yaml", POLICY,
     changed(IAM_CFN_LONG, ("        Version: '2012-10-17'\n        Statement:\n        - Effect: Allow\n          Principal",
                            "        Version: '2008-10-17'\n        Statement:\n        - Effect: Allow\n          Principal")),
     IAM_CFN_LONG, 1)
# A role's trust policy (a parameter: no fix) and inline policy (a literal) have one path, Version.
case("DOA601-cfn-long-two-policies-one-fixable", "template.yaml", POLICY,
     changed(IAM_CFN_LONG, ("Resources:\n", "Parameters:\n  TrustVersion: {Type: String, Default: '2008-10-17'}\nResources:\n"),
             ("        Version: '2012-10-17'\n        Statement:\n        - Effect: Allow\n          Principal",
              "        Version:\n          Ref: TrustVersion\n        Statement:\n        - Effect: Allow\n          Principal"),
             ("          Version: '2012-10-17'", "          Version: '2008-10-17'")),
     changed(IAM_CFN_LONG, ("Resources:\n", "Parameters:\n  TrustVersion: {Type: String, Default: '2008-10-17'}\nResources:\n"),
             ("        Version: '2012-10-17'\n        Statement:\n        - Effect: Allow\n          Principal",
              "        Version:\n          Ref: TrustVersion\n        Statement:\n        - Effect: Allow\n          Principal")),
     1, ("DOA601@9",))

IAM_CFN_JSON = base("policy-cfn-json", "template.json", POLICY, """\
{
  "Resources": {
    "EventsPolicy": {
      "Type": "AWS::IAM::Policy",
      "Properties": {
        "PolicyName": "product-service-events",
        "Roles": ["productServiceTaskRole"],
        "PolicyDocument": {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "events:PutEvents",
                         "Resource": "arn:aws:events:ap-northeast-2:123456789012:event-bus/doa-market-event-bus"}]
        }
      }
    }
  }
}
""")

case("DOA601-cfn-json", "template.json", POLICY,
     changed(IAM_CFN_JSON, ('"2012-10-17"', '"2008-10-17"')), IAM_CFN_JSON, 1)
case("DOA601-cfn-json-insert", "template.json", POLICY,
     changed(IAM_CFN_JSON, ('          "Version": "2012-10-17",\n', "")),
     changed(IAM_CFN_JSON, ('          "Version": "2012-10-17",\n', ""),
             ('doa-market-event-bus"}]\n', 'doa-market-event-bus"}],\n          "Version": "2012-10-17"\n')), 1)



# --- ECS clusters: DOA801 --------------------------------------------------------------------------

CLUSTER_JSON = base("cluster-json", "cluster.json", CLUSTER, """\
{"clusterName": "doa-market-cluster",
 "settings": [{"name": "containerInsights", "value": "enabled"}],
 "tags": [{"key": "ManagedBy", "value": "ecs-cli"}]}
""")

case("DOA801-json", "cluster.json", CLUSTER,
     changed(CLUSTER_JSON, ('"value": "enabled"', '"value": "disabled"')), CLUSTER_JSON, 1)
case("DOA801-json-insert-one-space-indent", "cluster.json", CLUSTER,
     changed(CLUSTER_JSON, ('\n "settings": [{"name": "containerInsights", "value": "enabled"}],', "")),
     changed(CLUSTER_JSON, ('\n "settings": [{"name": "containerInsights", "value": "enabled"}],', ""),
             ('"ecs-cli"}]}', '"ecs-cli"}],\n "settings": [\n  {\n   "name": "containerInsights",\n'
                              '   "value": "enabled"\n  }\n ]}')), 1)
case("DOA801-json-other-setting-not-fixed", "cluster.json", CLUSTER,
     changed(CLUSTER_JSON, ('"containerInsights", "value": "enabled"', '"fargateEphemeralStorageKmsKey", "value": "alias/ecs"')),
     None, 0, ("DOA801@2",))

CLUSTER_YAML = base("cluster-yaml", "cluster.yaml", CLUSTER, """\
clusterName: doa-market-cluster  # the one shared cluster
settings:
- name: containerInsights
  value: enhanced   # enabled, with task and container metrics
capacityProviders: [FARGATE, FARGATE_SPOT]
""")

case("DOA801-yaml", "cluster.yaml", CLUSTER,
     changed(CLUSTER_YAML, ("value: enhanced   #", "value: disabled   #")),
     changed(CLUSTER_YAML, ("value: enhanced   #", "value: enabled   #")), 1)
case("DOA801-yaml-insert", "cluster.yaml", CLUSTER,
     changed(CLUSTER_YAML, ("settings:\n- name: containerInsights\n  value: enhanced   # enabled, with task and container metrics\n",
                            "")),
     changed(CLUSTER_YAML, ("settings:\n- name: containerInsights\n  value: enhanced   # enabled, with task and container metrics\n",
                            ""), ("FARGATE_SPOT]\n", "FARGATE_SPOT]\nsettings:\n  - name: containerInsights\n    value: enabled\n")), 1)

CLUSTER_TF = base("cluster-tf", "main.tf", CLUSTER, """\
resource "aws_ecs_cluster" "main" {
  name = "doa-market-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled" # CPU, memory and task metrics per service
  }

  tags = {
    ManagedBy = "terraform"
  }
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE", "FARGATE_SPOT"]
}
""")

case("DOA801-tf", "main.tf", CLUSTER,
     changed(CLUSTER_TF, ('"enabled"', '"disabled"')), CLUSTER_TF, 1)
case("DOA801-tf-missing-block-inserted", "main.tf", CLUSTER,
     changed(CLUSTER_TF, ('  setting {\n    name  = "containerInsights"\n    value = "enabled" # CPU, memory and task '
                          'metrics per service\n  }\n\n', "")),
     changed(CLUSTER_TF, ('  setting {\n    name  = "containerInsights"\n    value = "enabled" # CPU, memory and task '
                          'metrics per service\n  }\n\n', ""),
             ('    ManagedBy = "terraform"\n  }\n',
              '    ManagedBy = "terraform"\n  }\n  setting {\n    name  = "containerInsights"\n    value = "enabled"\n  }\n')),
     1)
case("DOA801-tf-variable-not-fixed", "main.tf", CLUSTER,
     'variable "insights" {\n  default = "disabled"\n}\n\n' + changed(CLUSTER_TF, ('"enabled"', "var.insights")),
     None, 0, ("DOA801@10",))

CLUSTER_CFN = base("cluster-cfn-short", "template.yaml", CLUSTER, """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Join [-, [doa-market, cluster]]
      ClusterSettings:
        - {Name: containerInsights, Value: enabled}
      CapacityProviders: [FARGATE, FARGATE_SPOT]
""")

case("DOA801-cfn-short", "template.yaml", CLUSTER,
     changed(CLUSTER_CFN, ("Value: enabled", "Value: disabled")), CLUSTER_CFN, 1)
case("DOA801-cfn-short-insert", "template.yaml", CLUSTER,
     changed(CLUSTER_CFN, ("      ClusterSettings:\n        - {Name: containerInsights, Value: enabled}\n", "")),
     changed(CLUSTER_CFN, ("      ClusterSettings:\n        - {Name: containerInsights, Value: enabled}\n", ""),
             ("FARGATE_SPOT]\n", "FARGATE_SPOT]\n      ClusterSettings:\n        - Name: containerInsights\n"
                                 "          Value: enabled\n")), 1)
case("DOA801-cfn-short-no-properties", "template.yaml", CLUSTER,
     changed(CLUSTER_CFN, ("    Properties:\n      ClusterName: !Join [-, [doa-market, cluster]]\n"
                           "      ClusterSettings:\n        - {Name: containerInsights, Value: enabled}\n"
                           "      CapacityProviders: [FARGATE, FARGATE_SPOT]\n", "")),
     changed(CLUSTER_CFN, ("      ClusterName: !Join [-, [doa-market, cluster]]\n"
                           "      ClusterSettings:\n        - {Name: containerInsights, Value: enabled}\n"
                           "      CapacityProviders: [FARGATE, FARGATE_SPOT]\n",
                           "      ClusterSettings:\n        - Name: containerInsights\n          Value: enabled\n")), 1)

CLUSTER_CFN_LONG = base("cluster-cfn-long", "template.yaml", CLUSTER, """\
Parameters:
  Insights:
    Type: String
    Default: enabled
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName:
        Fn::Sub: doa-market-cluster
      ClusterSettings:
      - Name: containerInsights
        Value: enabled
""")

case("DOA801-cfn-long", "template.yaml", CLUSTER,
     changed(CLUSTER_CFN_LONG, ("        Value: enabled\n", "        Value: 'disabled'\n")),
     changed(CLUSTER_CFN_LONG, ("        Value: enabled\n", "        Value: 'enabled'\n")), 1)
case("DOA801-cfn-long-parameter-not-fixed", "template.yaml", CLUSTER,
     changed(CLUSTER_CFN_LONG, ("Default: enabled", "Default: disabled"), ("        Value: enabled\n", "        Value:\n          Ref: Insights\n")),
     None, 0, ("DOA801@13",))

CLUSTER_CFN_JSON = base("cluster-cfn-json", "template.json", CLUSTER, """\
{
    "AWSTemplateFormatVersion": "2010-09-09",
    "Resources": {
        "Cluster": {
            "Type": "AWS::ECS::Cluster",
            "Properties": {
                "ClusterName": "doa-market-cluster",
                "ClusterSettings": [
                    {"Name": "containerInsights", "Value": "enabled"}
                ],
                "Tags": [{"Key": "ManagedBy", "Value": "cloudformation"}]
            }
        }
    }
}
""")

case("DOA801-cfn-json", "template.json", CLUSTER,
     changed(CLUSTER_CFN_JSON, ('"Value": "enabled"', '"Value": "disabled"')), CLUSTER_CFN_JSON, 1)
case("DOA801-cfn-json-insert", "template.json", CLUSTER,
     changed(CLUSTER_CFN_JSON, ('                "ClusterSettings": [\n                    {"Name": "containerInsights", '
                                '"Value": "enabled"}\n                ],\n', "")),
     changed(CLUSTER_CFN_JSON, ('                "ClusterSettings": [\n                    {"Name": "containerInsights", '
                                '"Value": "enabled"}\n                ],\n', ""),
             ('"Value": "cloudformation"}]\n', '"Value": "cloudformation"}],\n                "ClusterSettings": [\n'
              '                    {\n                        "Name": "containerInsights",\n'
              '                        "Value": "enabled"\n                    }\n                ]\n')), 1)


# --- CloudWatch CPU alarms: DOA802 -----------------------------------------------------------------

TOPIC = "arn:aws:sns:ap-northeast-2:123456789012:doa-market-alerts"

ALARM_JSON = base("alarm-json", "alarm.json", ALARM, f"""\
{{
  "AlarmName": "product-service-high-cpu",
  "AlarmDescription": "product-service CPU above 80% for 10 minutes",
  "Namespace": "AWS/ECS",
  "MetricName": "CPUUtilization",
  "Dimensions": [
    {{"Name": "ServiceName", "Value": "product-service"}},
    {{"Name": "ClusterName", "Value": "doa-market-cluster"}}
  ],
  "Statistic": "Average",
  "Period": 300,
  "EvaluationPeriods": 2,
  "DatapointsToAlarm": 2,
  "Threshold": 80.0,
  "ComparisonOperator": "GreaterThanThreshold",
  "TreatMissingData": "missing",
  "AlarmActions": ["{TOPIC}"]
}}
""")

case("DOA802-json", "alarm.json", ALARM,
     changed(ALARM_JSON, ('"Statistic": "Average"', '"Statistic": "Maximum"'), ('"Threshold": 80.0', '"Threshold": 90.5'),
             ('"Period": 300', '"Period": 60'), ('"EvaluationPeriods": 2', '"EvaluationPeriods": 5'),
             ('  "DatapointsToAlarm": 2,\n', "")),
     changed(ALARM_JSON, ('"Threshold": 80.0', '"Threshold": 80'), ('  "DatapointsToAlarm": 2,\n', "")), 4)
# Fixing EvaluationPeriods makes DatapointsToAlarm 3 a finding (3 of 2 periods) with a fix of its own:
# both are fixed (it was reverted as a fix that 'adds a finding', while the report still said
# '(1 fixable with --fix)').
case("DOA802-json-evaluation-periods-then-datapoints", "alarm.json", ALARM,
     changed(ALARM_JSON, ('"EvaluationPeriods": 2', '"EvaluationPeriods": 5'), ('"DatapointsToAlarm": 2', '"DatapointsToAlarm": 3')),
     ALARM_JSON, 2)
case("DOA802-json-datapoints", "alarm.json", ALARM,
     changed(ALARM_JSON, ('"DatapointsToAlarm": 2', '"DatapointsToAlarm": 1')), ALARM_JSON, 1)
case("DOA802-json-insert", "alarm.json", ALARM,
     changed(ALARM_JSON, ('  "ComparisonOperator": "GreaterThanThreshold",\n', "")),
     changed(ALARM_JSON, ('  "ComparisonOperator": "GreaterThanThreshold",\n', ""),
             (f'"AlarmActions": ["{TOPIC}"]\n', f'"AlarmActions": ["{TOPIC}"],\n  "ComparisonOperator": "GreaterThanThreshold"\n')),
     1)

ALARM_YAML = base("alarm-yaml", "alarm.yaml", ALARM, f"""\
# aws cloudwatch put-metric-alarm --cli-input-yaml file://alarm.yaml
AlarmName: product-service-high-cpu
AlarmDescription: >-
  product-service CPU above the standard's threshold
Namespace: AWS/ECS
MetricName: CPUUtilization
Dimensions:
  - {{Name: ServiceName, Value: product-service}}
  - {{Name: ClusterName, Value: doa-market-cluster}}
Statistic: Average
Period: 300   # five minutes
EvaluationPeriods: 2
Threshold: 80
ComparisonOperator: GreaterThanThreshold
AlarmActions: ['{TOPIC}']
""")

case("DOA802-yaml", "alarm.yaml", ALARM,
     changed(ALARM_YAML, ("EvaluationPeriods: 2", "EvaluationPeriods: 1"), ("Threshold: 80", "Threshold: 85.0"),
             ("ComparisonOperator: GreaterThanThreshold", "ComparisonOperator: GreaterThanOrEqualToThreshold")),
     ALARM_YAML, 3)
case("DOA802-yaml-insert", "alarm.yaml", ALARM,
     changed(ALARM_YAML, ("Statistic: Average\n", "")),
     changed(ALARM_YAML, ("Statistic: Average\n", ""), (f"AlarmActions: ['{TOPIC}']\n", f"AlarmActions: ['{TOPIC}']\nStatistic: Average\n")),
     1)
case("DOA802-yaml-period", "alarm.yaml", ALARM,
     changed(ALARM_YAML, ("Period: 300   #", "Period: 60   #")), changed(ALARM_YAML, ("Period: 300   #", "Period: 300   #")), 1)

ALARM_TF = base("alarm-tf", "main.tf", ALARM, f"""\
resource "aws_cloudwatch_metric_alarm" "product_service_cpu" {{
  alarm_name          = "product-service-high-cpu"
  namespace           = "AWS/ECS"
  metric_name         = "CPUUtilization"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 2
  threshold           = 80
  comparison_operator = "GreaterThanThreshold"

  dimensions = {{
    ServiceName = "product-service"
    ClusterName = "doa-market-cluster"
  }}

  alarm_actions = ["{TOPIC}"]
}}
""")

case("DOA802-tf", "main.tf", ALARM,
     changed(ALARM_TF, ("threshold           = 80", "threshold           = 90.5"), ('"Average"', '"Maximum"')), ALARM_TF, 2)
case("DOA802-tf-insert", "main.tf", ALARM,
     changed(ALARM_TF, ('  statistic           = "Average"\n', "")),
     changed(ALARM_TF, ('  statistic           = "Average"\n', ""),
             (f'  alarm_actions = ["{TOPIC}"]\n', f'  alarm_actions = ["{TOPIC}"]\n  statistic     = "Average"\n')), 1)
case("DOA802-tf-variable-not-fixed", "main.tf", ALARM,
     'variable "cpu_threshold" {\n  default = 90\n}\n\n' + changed(ALARM_TF, ("threshold           = 80", "threshold           = var.cpu_threshold")),
     None, 0, ("DOA802@12",))

ALARM_CFN = base("alarm-cfn-short", "template.yaml", ALARM, f"""\
Parameters:
  ServiceName:
    Type: String
    Default: product-service
Resources:
  HighCpuAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName: !Sub ${{ServiceName}}-high-cpu
      Namespace: AWS/ECS
      MetricName: CPUUtilization
      Dimensions:
        - Name: ServiceName
          Value: !Ref ServiceName
        - Name: ClusterName
          Value: doa-market-cluster
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      Threshold: 80
      ComparisonOperator: GreaterThanThreshold
      AlarmActions: [{TOPIC}]
""")

case("DOA802-cfn-short", "template.yaml", ALARM,
     changed(ALARM_CFN, ("Period: 300", "Period: 60"), ("Threshold: 80", "Threshold: 70")), ALARM_CFN, 2)
case("DOA802-cfn-short-insert", "template.yaml", ALARM,
     changed(ALARM_CFN, ("      EvaluationPeriods: 2\n", "")),
     changed(ALARM_CFN, ("      EvaluationPeriods: 2\n", ""),
             (f"      AlarmActions: [{TOPIC}]\n", f"      AlarmActions: [{TOPIC}]\n      EvaluationPeriods: 2\n")), 1)

ALARM_CFN_LONG = base("alarm-cfn-long", "template.yaml", ALARM, f"""\
Resources:
  HighCpuAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmName:
        Fn::Join: ['-', [product-service, high-cpu]]
      Namespace: AWS/ECS
      MetricName: CPUUtilization
      Dimensions:
      - {{Name: ServiceName, Value: product-service}}
      - {{Name: ClusterName, Value: doa-market-cluster}}
      Statistic: Average
      Period: '300'
      EvaluationPeriods: '2'
      Threshold: '80'
      ComparisonOperator: GreaterThanThreshold
      AlarmActions:
      - {TOPIC}
""")

case("DOA802-cfn-long-strings", "template.yaml", ALARM,
     changed(ALARM_CFN_LONG, ("Threshold: '80'", "Threshold: '95'"), ("Statistic: Average", "Statistic: Minimum")),
     changed(ALARM_CFN_LONG, ("Threshold: '80'", "Threshold: 80")), 2)
case("DOA802-cfn-long-condition-not-fixed", "template.yaml", ALARM,
     changed(ALARM_CFN_LONG, ("Resources:\n", "Conditions:\n  Quiet: {'Fn::Equals': [a, b]}\nResources:\n"),
             ("Threshold: '80'", "Threshold:\n        Fn::If: [Quiet, 95, 90]")), None, 0, ("DOA802@17",))

ALARM_CFN_JSON = base("alarm-cfn-json", "template.json", ALARM, f"""\
{{
  "Resources": {{
    "HighCpuAlarm": {{
      "Type": "AWS::CloudWatch::Alarm",
      "Properties": {{
        "AlarmName": "product-service-high-cpu",
        "Namespace": "AWS/ECS",
        "MetricName": "CPUUtilization",
        "Dimensions": [
          {{"Name": "ServiceName", "Value": "product-service"}},
          {{"Name": "ClusterName", "Value": "doa-market-cluster"}}
        ],
        "Statistic": "Average",
        "Period": 300,
        "EvaluationPeriods": 2,
        "Threshold": 80,
        "ComparisonOperator": "GreaterThanThreshold",
        "AlarmActions": [{{"Fn::Sub": "{TOPIC}"}}]
      }}
    }}
  }}
}}
""")

case("DOA802-cfn-json", "template.json", ALARM,
     changed(ALARM_CFN_JSON, ('"ComparisonOperator": "GreaterThanThreshold"', '"ComparisonOperator": "LessThanThreshold"')),
     ALARM_CFN_JSON, 1)
case("DOA802-cfn-json-insert", "template.json", ALARM,
     changed(ALARM_CFN_JSON, ('        "Period": 300,\n', "")),
     changed(ALARM_CFN_JSON, ('        "Period": 300,\n', ""),
             (f'"AlarmActions": [{{"Fn::Sub": "{TOPIC}"}}]\n', f'"AlarmActions": [{{"Fn::Sub": "{TOPIC}"}}],\n        "Period": 300\n')),
     1)



# --- line ends, placeholders and unresolved references, across kinds --------------------------------

case("DOA202-yaml-crlf-null-value", "service.yaml", SERVICE,
     changed(SVC_YAML, ("    enable: true\n    rollback: true   # back to the last completed deployment\n", "")
             ).replace("\n", "\r\n"),
     changed(SVC_YAML, ("  deploymentCircuitBreaker:\n    enable: true\n    rollback: true   # back to the last completed "
                        "deployment\n", "  deploymentCircuitBreaker: {enable: true, rollback: true}\n")).replace("\n", "\r\n"),
     1)
case("DOA205-tf-crlf", "main.tf", SERVICE,
     changed(SVC_TF, ("assign_public_ip = false", "assign_public_ip = true")).replace("\n", "\r\n"),
     SVC_TF.replace("\n", "\r\n"), 1)
case("DOA114-yaml-crlf-insert", "taskdef.yaml", TASK,
     changed(TASK_YAML, ("        stopTimeout: 30\n", "")).replace("\n", "\r\n"), TASK_YAML.replace("\n", "\r\n"), 1)
case("DOA203-yaml-placeholder-not-fixed", "service.yaml", SERVICE,
     changed(SVC_YAML, ("minimumHealthyPercent: 100", "minimumHealthyPercent: ${MIN_HEALTHY_PERCENT}"),
             ("maximumPercent: 200", "maximumPercent: 150")),
     changed(SVC_YAML, ("minimumHealthyPercent: 100", "minimumHealthyPercent: ${MIN_HEALTHY_PERCENT}")),
     1, ("DOA003@23",))
case("DOA205-tf-unresolved-reference-not-fixed", "main.tf", SERVICE,
     changed(SVC_TF, ("assign_public_ip = false", "assign_public_ip = module.network.public")), None, 0, ("DOA003@21",))

# DOA113's two findings of a nofile ulimit without limits ("no softLimit", "no hardLimit") stand at
# one path, the ulimit's: once a round of the file fails (here: the two insertions at one offset
# above) --fix tries its fixes one by one, and each alone leaves the other finding at that path; both
# must still be fixed. (Found never fixed while writing these tests.)
NO_LIMITS = LAST_CONTAINER.replace("    healthCheck:\n", "    ulimits:\n      - name: nofile\n    healthCheck:\n")
case("DOA113-yaml-both-limits-after-a-failed-round", "taskdef.yaml", "DOA001,DOA112,DOA113,DOA114",
     NO_LIMITS,
     changed(NO_LIMITS, ("      - name: nofile\n", "      - name: nofile\n        hardLimit: 65536\n        softLimit: 65536\n"))
     + "      startPeriod: 60\n    stopTimeout: 30\n", 4)


# --- the tests ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(BASES))
def test_the_bases_are_clean(key, tmp_path):
    """Each base text is a document of its kind that none of its kind's fixable rules flags (and
    that parses: DOA001 is selected), so a case's findings come from its deviations."""
    name, select, text = BASES[key]
    code, out, err, raw, rewritten = run_fix(tmp_path, name, text, select)
    assert (code, findings(out), raw.decode(), rewritten) == (0, [], text, False), out + err
    assert re.search(r"All checks passed: [1-9]\d* documents? in 1 file\.", out), out


@pytest.mark.parametrize("c", list(CASES.values()))
def test_fix(c, tmp_path):
    """One case (its id: rule, syntax, what): the whole text --fix leaves, its summary line, the
    findings that remain and the exit code (see Case)."""
    check(tmp_path, c)
