"""Messages name values as the user wrote them: never a Python repr (``None``, ``Unknown(...)``,
``['a']``, ``{'k': 1}``, ``<... object at 0x...>``), never ``1.0`` for a number written ``1``; an
unknown value is named by the expression or placeholder written, and is never judged.

Every finding of fixtures/ (as one run and one fixture at a time, as the fixture tests lint them)
and of ../shared/corpus/files (when present) is checked, then each message that once showed a repr
has a test of its own.
"""

from __future__ import annotations

import json
import re
import textwrap

import pytest
import yaml

from conftest import FIXTURES, SHARED

CORPUS = SHARED / "corpus" / "files"

# What a message may not contain. Lists and dicts are matched only where they start a value (not
# inside a placeholder the user wrote, such as {{ tfstate `aws_x.all['app'].url` }}).
REPR = re.compile(
    r"\bNone\b"
    r"|\b(?:Unknown|Partial|Invalid|Undefined|Ref|Template|JsonEncoded|Hole)\("
    r"|<[\w.]+ object at 0x"
    r"|(?<![\w\])'`])\['[^'\n]*'(?:, '[^'\n]*')*\]"  # ['a', 'b']
    r"|(?<![\w\])'`])\{'[^'\n]*': "  # {'k': ...
    r"|(?<!['\w])(?:True|False)(?!['\w])"
)


# A number with ".0" (``TargetValue is 60.0``) is shown only where the file writes it so: a model
# that reads a number as a float must not turn the user's ``60`` into ``60.0`` (the standard's own
# values, after "the standard", are the profile's).
FLOAT = re.compile(r"(?<![\d.])\d+\.0(?![\d.])")


def _written(file: str, literal: str, cache: dict) -> bool:
    if file not in cache:
        try:
            with open(file, encoding="utf-8", errors="replace") as fh:
                cache[file] = fh.read()
        except OSError:
            cache[file] = ""
    return literal in cache[file]


def _reprs(report) -> list[str]:
    out = []
    files: dict = {}
    for f in report.findings:
        for text in [f.message] + [r.message for r in f.related]:
            said = text.split("the standard", 1)[0]  # what the file holds, before what the standard wants
            if REPR.search(text) or any(not _written(f.file, m.group(0), files) for m in FLOAT.finditer(said)):
                out.append(f"{f.rule} {f.file}:{f.line}: {text}")
    return out


@pytest.mark.parametrize("message", [
    "cpu is None", "x is Unknown('var.a')", "set it to ['FARGATE']", "tags are {'a': 1}",
    "value <doalint.terraform.evaluate.Ref object at 0x7f>", "enabled is True", "port of Ref('x')",
])
def test_the_pattern_finds_python_reprs(message):
    assert REPR.search(message)


@pytest.mark.parametrize("message", [
    "image holds the placeholder {{ tfstate `aws_ecr_repository.all['app'].repository_url` }}",
    "set it to [\"FARGATE\"]", "environment variable DEBUG is 'True'", "Priority is `count.index + 10`",
    "none of its task definitions needs it",
])
def test_the_pattern_lets_written_values_pass(message):
    assert not REPR.search(message)


# --- every finding --------------------------------------------------------------------------------
def test_no_message_of_the_fixtures_shows_a_repr(linter):
    report = linter.lint_paths([str(FIXTURES)])
    assert report.findings
    assert _reprs(report) == []


def _fixture_cases():
    for folder in sorted(p for p in (FIXTURES / "rules").iterdir() if p.is_dir() and p.name.startswith("DOA")):
        expect = yaml.safe_load((folder / "expect.yaml").read_text())
        for name in sorted(expect):
            yield pytest.param(folder / name, id=f"{folder.name}/{name}")


@pytest.mark.parametrize("target", list(_fixture_cases()))
def test_no_message_of_a_rule_fixture_shows_a_repr(linter, target):
    config_file = target / ".doalint.yaml"
    if config_file.is_file():  # a fixture set with a configuration of its own
        from doalint.config import load
        from doalint.engine.runner import Linter
        from doalint.profile import load_profile

        config = load(config_file)
        linter = Linter(load_profile(config.profile) if config.profile else linter.profile, config=config)
    paths = [str(target / "declared")] if (target / "declared").is_dir() else [str(target)]
    assert _reprs(linter.lint_paths(paths)) == []


corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus not present")


@corpus
def test_no_message_of_the_corpus_shows_a_repr(linter):
    report = linter.lint_paths([str(CORPUS)])
    assert report.findings
    assert _reprs(report) == []


@corpus
@pytest.mark.parametrize("kind", sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else [])
def test_no_message_of_a_corpus_folder_shows_a_repr(linter, kind):
    assert _reprs(linter.lint_paths([str(CORPUS / kind)])) == []


# --- the messages that once showed one ------------------------------------------------------------
def _module(tmp_path, text: str, name: str = "main.tf"):
    folder = tmp_path / "tf"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text))
    return folder


def _lint(linter, path):
    report = linter.lint_paths([str(path)])
    assert not report.internal_errors
    assert _reprs(report) == []
    return report


_EXECUTION = '''
variable "secret_arn" {}

resource "aws_iam_role" "execution" {
  name               = "ecsTaskExecutionRole"
  assume_role_policy = "{}"
}

resource "aws_secretsmanager_secret" "db" {
  name = "db"
}

resource "aws_iam_role_policy" "execution" {
  name = "ecs-task-execution"
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                    "ecr:BatchGetImage"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [GRANT]
      },
    ]
  })
}

resource "aws_ecs_task_definition" "orders" {
  family                   = "order-service"
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = "512"
  memory                   = "1024"
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name      = "order-service"
    image     = IMAGE
    essential = true
    secrets = [
      { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:orders-db-Xy12" },
    ]
  }])
}
'''
_ECR_IMAGE = '"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/order-service:2.0.1"'


@pytest.mark.parametrize("grant,doa003", [
    ("var.secret_arn", "`var.secret_arn`"),  # an unresolved value: DOA003 names it
    ('"arn:aws:secretsmanager:ap-northeast-2:${var.secret_arn}:secret:orders-*"', "${var.secret_arn}"),
    ("aws_secretsmanager_secret.db.arn", None),  # a reference to another resource: silence
])
def test_doa905_does_not_call_an_unresolved_grant_missing(linter, tmp_path, grant, doa003):
    folder = _module(tmp_path, _EXECUTION.replace("GRANT", grant).replace("IMAGE", _ECR_IMAGE))
    report = _lint(linter, folder)
    assert not [f for f in report.findings if f.rule == "DOA905" and "does not grant" in f.message]
    found = [f.message for f in report.findings if f.rule == "DOA003"]
    if doa003:
        assert any(doa003 in m for m in found), found
    else:
        assert found == []


def test_doa905_still_reports_a_missing_grant_beside_a_known_one(linter, tmp_path):
    grant = '"arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:payments-*"'
    folder = _module(tmp_path, _EXECUTION.replace("GRANT", grant).replace("IMAGE", _ECR_IMAGE))
    [f] = [f for f in _lint(linter, folder).findings if f.rule == "DOA905" and "does not grant" in f.message]
    assert "task definition order-service needs secretsmanager:GetSecretValue" in f.message


def test_doa905_does_not_call_a_grant_unused_when_the_image_is_unknown(linter, tmp_path):
    grant = '"arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:orders-db-*"'
    known = _lint(linter, _module(tmp_path / "a", _EXECUTION.replace("GRANT", grant).replace("IMAGE", '"nginx:1.25"')))
    assert [f for f in known.findings if f.rule == "DOA905" and "ecr:BatchGetImage" in f.message]  # not pulled from ECR
    folder = _module(tmp_path / "b", _EXECUTION.replace("GRANT", grant).replace("IMAGE", '"${var.secret_arn}:2.0.1"'))
    report = _lint(linter, folder)
    assert not [f for f in report.findings if f.rule == "DOA905" and "ecr:" in f.message]


def test_doa905_does_not_call_a_cloudformation_parameter_grant_missing(linter, tmp_path):
    template = textwrap.dedent('''\
        AWSTemplateFormatVersion: "2010-09-09"
        Parameters:
          SecretArn:
            Type: String
        Resources:
          ExecutionRole:
            Type: AWS::IAM::Role
            Properties:
              RoleName: ecsTaskExecutionRole
              AssumeRolePolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - Effect: Allow
                    Principal: {Service: ecs-tasks.amazonaws.com}
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: exec
                  PolicyDocument:
                    Version: "2012-10-17"
                    Statement:
                      - Effect: Allow
                        Action: secretsmanager:GetSecretValue
                        Resource: !Ref SecretArn
          TaskDefinition:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: order-service
              RequiresCompatibilities: [FARGATE]
              NetworkMode: awsvpc
              Cpu: "512"
              Memory: "1024"
              ExecutionRoleArn: !GetAtt ExecutionRole.Arn
              ContainerDefinitions:
                - Name: order-service
                  Image: nginx:1.25
                  Secrets:
                    - Name: DB_PASSWORD
                      ValueFrom: arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:orders-db-Xy12
        ''')
    (tmp_path / "template.yaml").write_text(template)
    report = _lint(linter, tmp_path / "template.yaml")
    assert not [f for f in report.findings if f.rule == "DOA905"]
    assert [f for f in report.findings if f.rule == "DOA003" and "!Ref SecretArn" in f.message]


_TARGET_GROUP = '''
variable "apps" {}

resource "aws_lb_target_group" "app" {
  count       = 2
  name        = NAME
  port        = 3000
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = "vpc-0a1b2c3d"
}
'''


@pytest.mark.parametrize("name", [
    'join("-", ["prod", var.apps[count.index].name, "tg"])',
    '"prod-${var.apps[count.index].name}-tg"',
    'format("%s-tg", var.apps[count.index].name)',
])
def test_doa010_is_not_given_for_a_name_built_from_an_unknown(linter, tmp_path, name):
    report = _lint(linter, _module(tmp_path, _TARGET_GROUP.replace("NAME", name)))
    assert "DOA010" not in {f.rule for f in report.findings}
    [unknown] = [f for f in report.findings if f.rule == "DOA003"]
    assert f"Name is `{name}`" in unknown.message  # the expression as written, whole
    [doc] = report.docs
    assert doc.service is None and getattr(doc.model, "Name", None) is None  # no catalog lookup either


_RULE = '''
resource "aws_lb_listener_rule" "NAME" {
  count        = 2
  listener_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/doa-market-alb/50dc6c495c0c9188/f2f7dc8efc522ab2"
  priority     = PRIORITY

  action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/6d0ecf831eec9f09"
  }

  condition {
    path_pattern {
      values = ["/api/v1/products/*"]
    }
  }
}
'''


@pytest.mark.parametrize("priority", ["count.index + 10", "count.index", "-count.index", "var.base[count.index]"])
def test_doa907_does_not_judge_a_priority_from_an_expression(linter, tmp_path, priority):
    text = 'variable "base" {}\n' + _RULE.replace("NAME", "a").replace("PRIORITY", priority) + \
        _RULE.replace("NAME", "b").replace("PRIORITY", priority)
    report = _lint(linter, _module(tmp_path, text))
    assert not {"DOA503", "DOA907"} & {f.rule for f in report.findings}
    messages = [f.message for f in report.findings if f.rule == "DOA003"]
    assert len(messages) == 2 and all(f"Priority is `{priority}`," in m for m in messages)


def test_doa503_does_not_judge_placeholder_priorities(linter, tmp_path):
    rule = {"Conditions": [{"Field": "path-pattern", "Values": ["/api/v1/products/*"]}],
            "Actions": [{"Type": "forward", "TargetGroupArn": "arn:aws:elasticloadbalancing:ap-northeast-2:"
                         "123456789012:targetgroup/product-service/6d0ecf831eec9f09"}]}
    rules = [dict(rule, Priority="${RULE_PRIORITY}"), dict(rule, Priority="${RULE_PRIORITY}")]
    (tmp_path / "rules.json").write_text(json.dumps({"Rules": rules}, indent=2))
    report = _lint(linter, tmp_path / "rules.json")
    assert [f.rule for f in report.findings] == ["DOA003", "DOA003"]
    assert all("${RULE_PRIORITY}" in f.message for f in report.findings)


@pytest.mark.parametrize("written,shown", [("1", "1"), ("1.0", "1.0"), ("'1'", "'1'")])
def test_doa405_shows_the_version_as_written(linter, tmp_path, written, shown):
    (tmp_path / "appspec.yaml").write_text(f"version: {written}\nResources:\n- TargetService:\n"
                                           "    Type: AWS::ECS::Service\n")
    [f] = [f for f in _lint(linter, tmp_path / "appspec.yaml").findings if f.rule == "DOA405" and "version" in f.message]
    assert f.message.startswith(f"version is {shown}; ")


def test_doa405_shows_a_json_integer_version_as_an_integer(linter, tmp_path):
    (tmp_path / "appspec.json").write_text(json.dumps(
        {"version": 1, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service"}}]}))
    [f] = [f for f in _lint(linter, tmp_path / "appspec.json").findings if f.rule == "DOA405" and "version" in f.message]
    assert f.message.startswith("version is 1; ")


def test_integers_read_as_floats_are_shown_as_written(linter, tmp_path):
    policy = {"PolicyName": "cpu", "ServiceNamespace": "ecs", "ResourceId": "service/doa-market-cluster/product-service",
              "ScalableDimension": "ecs:service:DesiredCount", "PolicyType": "TargetTrackingScaling",
              "TargetTrackingScalingPolicyConfiguration": {
                  "TargetValue": 60, "ScaleOutCooldown": 60, "ScaleInCooldown": 300,
                  "PredefinedMetricSpecification": {"PredefinedMetricType": "ECSServiceAverageCPUUtilization"}}}
    (tmp_path / "product-service.scaling-policy.json").write_text(json.dumps(policy))
    [f] = _lint(linter, tmp_path / "product-service.scaling-policy.json").findings
    assert f.rule == "DOA301" and f.message.startswith("TargetValue is 60 for ")


def test_lists_are_written_as_json(linter, tmp_path):
    (tmp_path / "task.json").write_text(json.dumps({"family": "x", "requiresCompatibilities": ["EC2"],
                                                    "containerDefinitions": [{"name": "x", "image": "nginx:1.25"}]}))
    [f] = [f for f in _lint(linter, tmp_path / "task.json").findings if f.rule == "DOA102"]
    assert 'requiresCompatibilities is ["EC2"] without' in f.message


def test_a_cloudformation_parameter_with_an_empty_default_is_unknown(linter, tmp_path):
    template = {"AWSTemplateFormatVersion": "2010-09-09",
                "Parameters": {"ServiceName": {"Type": "String", "Default": None}},
                "Resources": {"Target": {"Type": "AWS::ApplicationAutoScaling::ScalableTarget", "Properties": {
                    "ServiceNamespace": "ecs", "ScalableDimension": "ecs:service:DesiredCount",
                    "ResourceId": {"Fn::Sub": "service/doa-market-cluster/${ServiceName}"},
                    "MinCapacity": 2, "MaxCapacity": 10}}}}
    (tmp_path / "template.json").write_text(json.dumps(template))
    report = _lint(linter, tmp_path / "template.json")
    assert "DOA010" not in {f.rule for f in report.findings}


# --- the Terraform evaluator names an unknown by the whole expression ------------------------------
@pytest.mark.parametrize("expr", [
    "count.index + 10", "-var.n", "var.apps[count.index].name", "var.apps[*].name",
    'join("-", ["a", var.x])', 'format("%s", var.x)', "local.missing.key", "local.apps.web.port + 1",
])
def test_an_unknown_is_named_by_the_expression_written(tmp_path, expr):
    from doalint.values import Unknown
    from doalint.terraform.module import load_module

    text = 'variable "n" {}\nvariable "apps" {}\nvariable "x" {}\nlocals {\n  apps = var.apps\n  y = EXPR\n}\n'
    (tmp_path / "main.tf").write_text(text.replace("EXPR", expr))
    mod = load_module(tmp_path, [tmp_path / "main.tf"], str)
    value = mod.local("y", mod.files[0].evaluator)
    assert isinstance(value, Unknown) and value.text == expr
