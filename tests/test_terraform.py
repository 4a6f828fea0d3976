"""Terraform input: parsing with positions, static resolution, DOA003, suppression, safety."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SHARED, rule_lines, run_cli

from doalint.loaders.errors import ParseError
from doalint.terraform import hcl

TASK = '''
resource "aws_ecs_task_definition" "product" {
  family                   = local.service
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu
  memory                   = "1024"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  task_role_arn            = "arn:aws:iam::123456789012:role/productServiceTaskRole"
  container_definitions = jsonencode([
    {
      name         = local.service
      image        = "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:${var.image_tag}"
      essential    = true
      portMappings = [{ containerPort = local.port, protocol = "tcp" }]
      environment = [
        { name = "NODE_ENV", value = "production" },
        { name = "PORT", value = tostring(local.port) },
        { name = "SERVICE_NAME", value = local.service },
        { name = "AWS_REGION", value = var.region },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:ap-northeast-2:123456789012:secret:products-db-password-abc123" },
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          "awslogs-group"         = "/ecs/${local.service}"
          "awslogs-region"        = var.region
          "awslogs-stream-prefix" = "ecs"
        }
      }
      healthCheck = {
        command     = ["CMD-SHELL", "curl -f http://localhost:${local.port}/health || exit 1"]
        interval    = local.health_interval
        timeout     = 5
        retries     = 3
        startPeriod = 60
      }
      ulimits     = [{ name = "nofile", softLimit = 65536, hardLimit = 65536 }]
      stopTimeout = 30
    }
  ])
  tags = {
    Environment = "production"
    Service     = "product"
    ManagedBy   = "terraform"
  }
}
'''
VARS = '''
variable "cpu" { default = 512 }
variable "region" { default = "ap-northeast-2" }
variable "image_tag" { default = "1.4.2" }
locals {
  service         = "product-service"
  port            = 3003
  health_interval = 30
}
'''


def module(tmp_path, **files):
    folder = tmp_path / "tf"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("__", ".")).write_text(textwrap.dedent(text))
    return folder


def test_a_clean_module_with_variables_locals_and_jsonencode(linter, tmp_path):
    folder = module(tmp_path, main__tf=TASK, variables__tf=VARS)
    report = linter.lint_paths([str(folder)])
    assert report.documents == 1 and rule_lines(report) == []


def test_findings_point_at_the_attribute_inside_jsonencode(linter, tmp_path):
    folder = module(tmp_path, main__tf=TASK.replace("interval    = local.health_interval", "interval    = 10"),
                    variables__tf=VARS)
    report = linter.lint_paths([str(folder)])
    [f] = report.findings
    line = TASK.splitlines().index("        interval    = local.health_interval") + 1
    assert (f.rule, f.line, f.col) == ("DOA112", line, 9)
    assert f.message.startswith("aws_ecs_task_definition.product: ")


def test_tfvars_override_defaults(linter, tmp_path):
    folder = module(tmp_path, main__tf=TASK, variables__tf=VARS, terraform__tfvars='cpu = 256\n')
    assert "DOA103" in {f.rule for f in linter.lint_paths([str(folder)]).findings}  # 256 is not the catalog tier
    folder2 = module(tmp_path / "b", main__tf=TASK, variables__tf=VARS, prod__auto__tfvars='region = "us-east-1"\n')
    rules = [f.rule for f in linter.lint_paths([str(folder2)]).findings]
    assert "DOA108" in rules and "DOA111" in rules


def test_unresolvable_image_variable_is_doa003_and_no_verdict_on_the_image(linter, tmp_path):
    folder = module(tmp_path, main__tf=TASK, variables__tf=VARS.replace('variable "image_tag" { default = "1.4.2" }',
                                                                         'variable "image_tag" {}'))
    report = linter.lint_paths([str(folder)])
    assert [f.rule for f in report.findings] == ["DOA003"]
    assert "var.image_tag" in report.findings[0].message
    assert not {"DOA116", "DOA117"} & {f.rule for f in report.findings}


def test_file_outside_the_scanned_tree_is_refused(linter, tmp_path):
    secret = tmp_path / "outside.json"
    secret.write_text("[]")
    main = TASK.replace('container_definitions = jsonencode([', 'container_definitions = file("../../outside.json")\n  xx = jsonencode([')
    folder = module(tmp_path / "a", main__tf=main, variables__tf=VARS)
    report = linter.lint_paths([str(folder)])
    assert any(f.rule == "DOA003" and 'file("../../outside.json")' in f.message for f in report.findings)


def test_file_inside_the_module_is_read(linter, tmp_path):
    import json

    folder = module(tmp_path, variables__tf=VARS, main__tf=TASK.replace(
        "container_definitions = jsonencode([", 'container_definitions = file("${path.module}/containers.json")\n  x = ([')
    )
    containers = [{"name": "product-service", "image": "nginx:latest", "essential": True}]
    (folder / "containers.json").write_text(json.dumps(containers))
    rules = {f.rule for f in linter.lint_paths([str(folder / "main.tf")]).findings}
    assert {"DOA116", "DOA117"} <= rules  # the file's content was checked


def test_heredoc_container_definitions_point_at_their_lines(linter, tmp_path):
    main = '''
    resource "aws_ecs_task_definition" "x" {
      family = "product-service"
      container_definitions = <<-EOT
        [
          {
            "name": "product-service",
            "image": "nginx:latest"
          }
        ]
      EOT
    }
    '''
    folder = module(tmp_path, main__tf=main)
    report = linter.lint_paths([str(folder)])
    dup = [f for f in report.findings if f.rule == "DOA117"]
    assert dup and dup[0].line == 8


def test_references_between_resources(linter, tmp_path):
    main = '''
    resource "aws_ecs_cluster" "main" {
      name = "doa-market-cluster"
      setting {
        name  = "containerInsights"
        value = "enabled"
      }
    }
    resource "aws_ecs_service" "product" {
      name            = "product-service"
      cluster         = aws_ecs_cluster.main.id
      task_definition = "product-service:12"
      desired_count   = 3
      launch_type     = "FARGATE"
      propagate_tags  = "SERVICE"
      enable_ecs_managed_tags = true
      network_configuration {
        subnets          = ["subnet-a", "subnet-b"]
        security_groups  = ["sg-1"]
        assign_public_ip = false
      }
      load_balancer {
        target_group_arn = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/1"
        container_name   = "product-service"
        container_port   = 3003
      }
      service_registries {
        registry_arn = "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-1"
      }
      deployment_circuit_breaker {
        enable   = true
        rollback = true
      }
    }
    '''
    folder = module(tmp_path, main__tf=main)
    report = linter.lint_paths([str(folder)])
    assert report.documents == 2 and rule_lines(report) == []


def test_inline_suppression_in_hcl(linter, tmp_path):
    base = TASK.replace("interval    = local.health_interval", "interval    = 10")
    with_reason = base.replace("      healthCheck = {",
                               "      # doalint: ignore[DOA112] probing every 10 s on purpose for this service\n"
                               "      healthCheck = {")
    folder = module(tmp_path, main__tf=with_reason, variables__tf=VARS)
    report = linter.lint_paths([str(folder)])
    assert [f.rule for f in report.active] == [] and [f.rule for f in report.findings] == ["DOA112"]
    block = base.replace('resource "aws_ecs_task_definition"', '// doalint: ignore[DOA112] legacy\nresource "aws_ecs_task_definition"')
    folder = module(tmp_path / "b", main__tf=block, variables__tf=VARS)
    assert linter.lint_paths([str(folder)]).active == []
    no_reason = base.replace("      healthCheck = {", "      # doalint: ignore[DOA112]\n      healthCheck = {")
    folder = module(tmp_path / "c", main__tf=no_reason, variables__tf=VARS)
    assert sorted(f.rule for f in linter.lint_paths([str(folder)]).active) == ["DOA013", "DOA112"]


def test_syntax_errors_are_doa001_with_a_line(tmp_path):
    folder = module(tmp_path, main__tf='resource "aws_ecs_cluster" "x" {\n  name = "a"\n  setting {\n}\n')
    code, out, _ = run_cli("check", str(folder))
    assert code == 1 and "main.tf:5:1: DOA001 [error] expected '}' to close the block" in out


@pytest.mark.parametrize("text,line", [
    ('a = "unterminated\n', 1),
    ('resource "x" "y" {\n  a = [1, 2\n}\n', 3),
    ('a = 1 +\n', 2),
    ('x = <<EOT\nno end\n', 1),
    ('a = [\n  for x inx : x]\n', 2),
])
def test_parse_errors_have_lines(text, line):
    with pytest.raises(ParseError) as exc:
        hcl.parse(text)
    assert exc.value.line == line


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_parser_raises_only_parse_errors(text):
    try:
        hcl.parse(text)
    except ParseError as exc:
        # a place in the text: a line of it, a column at most one past that line's end
        # (a lone carriage return ends a line too, as it does for doalint's positions of every format)
        lines = re.split(r"\r\n|\r|\n", text.lstrip("\ufeff"))
        assert 1 <= exc.line <= len(lines), (exc.line, len(lines))
        assert 1 <= exc.col <= len(lines[exc.line - 1]) + 1, (exc.line, exc.col)


HCLISH = st.lists(st.sampled_from([
    'resource "aws_ecs_service" "s" {', "}", "  name = ", '"x"', "${", "var.a", "local.b", "[", "]", "{", "(",
    ")", ",", "=", "\n", "jsonencode(", "aws_security_group.a.id", "<<EOT\n", "\nEOT\n", "? 1 : 2", "for x in",
    "%{ if x }", "#", "//", "/*", "*/", "-1", "1.5e3", "true", "null", "...", "[*]", ".*",
]), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(HCLISH)
def test_engine_never_raises_on_hcl_like_text(linter, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("h")
    (folder / "main.tf").write_text(text)
    report = linter.lint_paths([str(folder)])
    assert not report.internal_errors, report.internal_errors
    # every finding is located in the file, on one of its lines
    lines = text.count("\n") + 1
    assert all(f.file.endswith("main.tf") and 1 <= f.line <= lines for f in report.findings), (text, report.findings)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus not present")
def test_every_terraform_file_of_the_corpus_loads(linter):
    files = sorted((SHARED / "corpus" / "files").rglob("*.tf")) + sorted(
        (SHARED / "corpus" / "files").rglob("*.tfvars"))
    assert files
    for f in files:
        report = linter.lint_paths([str(f)])
        assert not report.internal_errors, (f.name, report.internal_errors)
        assert report.files == 1


def test_seed_security_groups_resolve_the_alb_reference(linter):
    report = linter.lint_paths([str(FIXTURES / "seed" / "security-groups.tf")])
    assert report.documents == 2 and report.findings == []


def _shape(node):
    if isinstance(node, hcl.Binary):
        return f"({_shape(node.left)} {node.op} {_shape(node.right)})"
    if isinstance(node, hcl.Conditional):
        return f"({_shape(node.cond)} ? {_shape(node.then)} : {_shape(node.other)})"
    return node.__class__.__name__[0]


@pytest.mark.parametrize("expr,shape", [
    ("1 + 2 * 3", "(L + (L * L))"),
    ("1 * 2 + 3", "((L * L) + L)"),
    ("1 - 2 - 3", "((L - L) - L)"),
    ("1 < 2 == 3 >= 4", "((L < L) == (L >= L))"),
    ("1 || 2 && 3 != 4 + 5 % 6", "(L || (L && (L != (L + (L % L)))))"),
    ("1 + 2 > 3 ? 4 : 5 - 6", "(((L + L) > L) ? L : (L - L))"),
    ("1 <= 2 && 3 > 4", "((L <= L) && (L > L))"),
])
def test_operator_precedence_and_associativity(expr, shape):
    body = hcl.parse(f"x = {expr}\n")
    assert _shape(body.attributes["x"].expr) == shape


@pytest.mark.parametrize("meta,off,on", [
    ("count", "false", "true"),
    ("for_each", "false", "true"),
])
def test_a_resource_terraform_creates_no_instance_of_is_not_checked(linter, tmp_path, meta, off, on):
    expr = ("var.enabled ? 1 : 0" if meta == "count"
            else 'var.enabled ? toset(["a"]) : toset([])')
    task = TASK.replace('resource "aws_ecs_task_definition" "product" {',
                        f'resource "aws_ecs_task_definition" "product" {{\n  {meta} = {expr}', 1)
    assert task != TASK
    flag = 'variable "enabled" {\n  default = %s\n}\n'
    folder = module(tmp_path / "off", main__tf=task, variables__tf=VARS + flag % off, terraform__tfvars="cpu = 256\n")
    report = linter.lint_paths([str(folder)])
    assert report.documents == 0 and report.findings == []
    assert any("Terraform creates none" in s.reason for s in report.skipped)
    folder = module(tmp_path / "on", main__tf=task, variables__tf=VARS + flag % on, terraform__tfvars="cpu = 256\n")
    assert "DOA103" in {f.rule for f in linter.lint_paths([str(folder)]).findings}


TF_JSON = r'''{
  "//": "generated by cdktf",
  "variable": {"cpu": {"default": 512}, "enabled": {"default": true}},
  "locals": {"service": "product-service"},
  "resource": {
    "aws_ecs_task_definition": {
      "product": {
        "family": "${local.service}",
        "network_mode": "awsvpc",
        "requires_compatibilities": ["FARGATE"],
        "cpu": "${var.cpu}",
        "memory": "1024",
        "execution_role_arn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "container_definitions": "[{\"name\":\"product-service\",\"image\":\"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:latest\",\"essential\":true}]"
      }
    },
    "aws_ecs_service": {
      "product": {
        "count": "${var.enabled ? 1 : 0}",
        "name": "product-service",
        "cluster": "doa-market-cluster",
        "task_definition": "${aws_ecs_task_definition.product.arn}",
        "desired_count": 3,
        "launch_type": "FARGATE",
        "network_configuration": {
          "subnets": ["subnet-a", "subnet-b"],
          "security_groups": ["sg-1"],
          "assign_public_ip": true
        },
        "tags": {"Environment": "production"}
      }
    }
  }
}
'''

TF_NATIVE = r'''
variable "cpu" { default = 512 }
variable "enabled" { default = true }
locals { service = "product-service" }

resource "aws_ecs_task_definition" "product" {
  family                   = local.service
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  cpu                      = var.cpu
  memory                   = "1024"
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
  container_definitions    = "[{\"name\":\"product-service\",\"image\":\"123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:latest\",\"essential\":true}]"
}

resource "aws_ecs_service" "product" {
  count           = var.enabled ? 1 : 0
  name            = "product-service"
  cluster         = "doa-market-cluster"
  task_definition = aws_ecs_task_definition.product.arn
  desired_count   = 3
  launch_type     = "FARGATE"
  network_configuration {
    subnets          = ["subnet-a", "subnet-b"]
    security_groups  = ["sg-1"]
    assign_public_ip = true
  }
  tags = { Environment = "production" }
}
'''


def _by_rule(report):
    return sorted((f.rule, f.message) for f in report.findings)


def test_terraform_json_syntax_gives_the_findings_of_native_syntax(linter, tmp_path):
    native = module(tmp_path / "hcl", main__tf=TF_NATIVE, terraform__tfvars="cpu = 256\n")
    as_json = module(tmp_path / "json", main__tf__json=TF_JSON, terraform__tfvars__json='{"cpu": 256}\n')
    want, got = linter.lint_paths([str(native)]), linter.lint_paths([str(as_json)])
    assert not got.internal_errors
    assert _by_rule(got) == _by_rule(want)
    assert {"DOA103", "DOA117", "DOA205"} <= {r for r, _ in _by_rule(got)}  # tfvars.json, the JSON string, a block
    # findings point at the JSON key of the argument, inside nested blocks too
    lines = TF_JSON.splitlines()
    by = {f.rule: f for f in got.findings}
    assert '"assign_public_ip"' in lines[by["DOA205"].line - 1]
    assert '"cpu"' in lines[by["DOA103"].line - 1]


def test_terraform_json_count_zero_and_comments(linter, tmp_path):
    folder = module(tmp_path, main__tf__json=TF_JSON.replace('"enabled": {"default": true}',
                                                           '"enabled": {"default": false}'))
    report = linter.lint_paths([str(folder)])
    assert report.documents == 1  # the service has count 0: only the task definition is checked
    assert any("aws_ecs_service.product" in s.file for s in report.skipped)


@pytest.mark.parametrize("text,line", [
    ('{"resource": [1, 2', 1),
    ('[]', 1),
    ('{\n  "resource": {\n    "aws_ecs_service": {"x": {"name": "a",}}\n  }\n}', 3),
])
def test_terraform_json_syntax_errors_are_doa001(linter, tmp_path, text, line):
    folder = module(tmp_path, main__tf__json=text)
    report = linter.lint_paths([str(folder)])
    assert [(f.rule, f.line) for f in report.findings] == [("DOA001", line)]


@settings(max_examples=150, deadline=None)
@given(st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                              st.sampled_from(["${var.x}", "${", "a${local.y}b", "$${x}", "%{ if x }y%{ endif }"])),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(st.sampled_from(["resource", "variable", "locals", "aws_ecs_service",
                                                                              "x", "network_configuration", "//", "count"]),
                                                            inner, max_size=4)),
                    max_leaves=20))
def test_terraform_json_reader_raises_only_parse_errors(value):
    """Any JSON value: an object gives exactly the blocks Terraform's JSON syntax defines (each at its key
    in the text, with its arguments), anything else one ParseError at 1:1."""
    import json

    from doalint.terraform import tfjson

    text = json.dumps(value, indent=1)
    if not isinstance(value, dict):
        with pytest.raises(ParseError) as exc:
            tfjson.parse(text)
        assert (exc.value.line, exc.value.col) == (1, 1)
        assert exc.value.message == "a Terraform JSON file holds one object (block types as keys)"
        return
    body = tfjson.parse(text)
    assert [(b.type, b.labels, _tf_json_shape(b.body)) for b in body.blocks] == _tf_json_blocks(value)
    assert body.attributes == {}  # arguments only inside blocks
    for block in body.blocks:
        assert 0 <= block.start < block.end <= len(text)
        for name, attr in block.body.attributes.items():
            assert text.startswith(json.dumps(name), attr.start), (name, text[attr.start:attr.start + 20])


def _tf_json_shape(body) -> tuple:
    """A parsed body as (argument names, [(nested block type, its shape), ...])."""
    return list(body.attributes), [(b.type, _tf_json_shape(b.body)) for b in body.blocks]


def _tf_json_body(value: dict) -> tuple:
    """A JSON body's arguments (its keys but "//") and nested blocks: doalint has no provider schemas,
    so an object, or a non-empty array of objects only, under a key is also a block (each) of that name."""
    nested = []
    for key, item in value.items():
        if key == "//":
            continue
        if isinstance(item, dict):
            nested.append((key, _tf_json_body(item)))
        elif isinstance(item, list) and item and all(isinstance(x, dict) for x in item):
            nested.extend((key, _tf_json_body(x)) for x in item)
    return [k for k in value if k != "//"], nested


def _tf_json_blocks(value: dict) -> list:
    """The blocks of a Terraform JSON file, as Terraform's JSON syntax spells them: each block type's
    labels nest one object each (resource: 2, variable: 1, locals: none), an array at any level is the
    union of its objects, and a key "//" is a comment."""
    labels_of = {"resource": 2, "data": 2, "variable": 1, "output": 1, "module": 1, "provider": 1, "locals": 0,
                 "terraform": 0}
    out = []

    def walk(btype, left, inner, labels):
        if left and isinstance(inner, list):
            for item in inner:
                walk(btype, left, item, labels)
        elif left and isinstance(inner, dict):
            for label, sub in inner.items():
                if label != "//":
                    walk(btype, left - 1, sub, labels + [label])
        elif not left:
            bodies = [inner] if isinstance(inner, dict) else [v for v in inner if isinstance(v, dict)] \
                if isinstance(inner, list) else []
            out.extend((btype, labels, _tf_json_body(b)) for b in bodies)

    for btype, inner in value.items():
        if btype in labels_of:
            walk(btype, labels_of[btype], inner, [])
    return out


def test_terraform_json_blocks_of_a_known_file():
    from doalint.terraform import tfjson

    body = tfjson.parse(TF_JSON)
    assert [(b.type, b.labels) for b in body.blocks] == [
        ("variable", ["cpu"]), ("variable", ["enabled"]), ("locals", []),
        ("resource", ["aws_ecs_task_definition", "product"]), ("resource", ["aws_ecs_service", "product"])]
    service = body.blocks[4].body
    assert list(service.attributes) == ["count", "name", "cluster", "task_definition", "desired_count", "launch_type",
                                        "network_configuration", "tags"]
    # an object is an argument and a nested block both; a string is a template, other values literals
    assert [(b.type, list(b.body.attributes)) for b in service.blocks] == [
        ("network_configuration", ["subnets", "security_groups", "assign_public_ip"]), ("tags", ["Environment"])]
    assert isinstance(service.attributes["desired_count"].expr, hcl.Literal)
    assert service.attributes["desired_count"].expr.value == 3
    assert service.attributes["name"].expr.value == "product-service"
    assert not isinstance(service.attributes["count"].expr, hcl.Literal)  # "${var.enabled ? 1 : 0}"
    lines = TF_JSON.splitlines()
    line = TF_JSON.count("\n", 0, service.attributes["launch_type"].start) + 1
    assert lines[line - 1].strip() == '"launch_type": "FARGATE",'
    # an array of objects is a block each; an empty array, or one mixing objects and values, is none
    body = tfjson.parse('{"resource": {"aws_security_group": {"s": {"ingress": [{"from_port": 1}, {"from_port": 2}],'
                        ' "egress": [], "x": [{"a": 1}, 2], "//": {"note": 1}}}}}')
    [sg] = body.blocks
    assert list(sg.body.attributes) == ["ingress", "egress", "x"]
    assert [(b.type, b.body.attributes["from_port"].expr.value) for b in sg.body.blocks] == [("ingress", 1), ("ingress", 2)]


_TF_TYPES = ["aws_ecs_task_definition", "aws_ecs_service", "aws_security_group", "aws_lb_target_group",
             "aws_iam_role_policy", "aws_appautoscaling_policy", "aws_cloudwatch_metric_alarm",
             "aws_codedeploy_deployment_group", "aws_service_discovery_service", "aws_ecs_cluster"]
_json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-5, 70000), st.text(max_size=8),
                       st.sampled_from(["${var.x}", "${local.y}", "${aws_lb_target_group.t.arn}", "awsvpc", "FARGATE"]))
_json_body = st.recursive(_json_leaf, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["name", "family", "cpu", "ingress", "network_configuration", "health_check",
                                     "container_definitions", "policy", "count", "for_each", "tags", "setting",
                                     "target_tracking_scaling_policy_configuration", "dimensions", "x"]),
                    inner, max_size=5)), max_leaves=15)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(rtype=st.sampled_from(_TF_TYPES), body=_json_body)
def test_the_engine_never_raises_on_terraform_json(linter, tmp_path_factory, rtype, body):
    import json

    folder = tmp_path_factory.mktemp("tfj")
    text = json.dumps({"resource": {rtype: {"r": body}}})
    (folder / "main.tf.json").write_text(text)
    report = linter.lint_paths([str(folder)])
    assert not report.internal_errors
    # (a list of bodies may declare the resource twice: DOA001 at the second)
    assert report.files == 1
    assert all(f.line == 1 and 1 <= f.col <= len(text) for f in report.findings), report.findings  # one line


# --- kinds and positions: trust policies, the cluster beside its capacity providers, volumes -------------

TRUST = '''
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole", "sts:TagSesion"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "ecsTaskExecutionRole"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role" "task" {
  name               = "productServiceTaskRole"
  assume_role_policy = data.aws_iam_policy_document.trust.json

  inline_policy {
    name = "task"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::doa-market-assets/*" }]
    })
  }
}

resource "aws_iam_role" "deploy" {
  name = "codedeployEcsRole"
  assume_role_policy = jsonencode({
    Version = "2008-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "codedeploy.amazonaws.com" }
      Action    = "sts:*"
    }]
  })
}

resource "aws_iam_role" "batch" {
  name               = "batchRole"
  assume_role_policy = <<EOT
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "NotAction": "iam:*"}]
}
EOT
}
'''


def test_trust_policies_are_checked_as_json_trust_policies_are(linter, tmp_path):
    folder = module(tmp_path, main__tf=TRUST)
    report = linter.lint_paths([str(folder)])
    lines = TRUST.splitlines()

    def at(fragment):
        return next(i for i, ln in enumerate(lines) if fragment in ln) + 1

    # a data source two roles use is checked once, inside its statement; jsonencode and heredoc inside too
    assert sorted((f.rule, f.line) for f in report.findings) == sorted([
        ("DOA607", at('actions = ["sts:AssumeRole", "sts:TagSesion"]')),
        ("DOA601", at('Version = "2008-10-17"')),
        ("DOA602", at('Action    = "sts:*"')),
        ("DOA605", at('"NotAction": "iam:*"')),
    ])
    assert all(f.message.startswith(("aws_iam_role.execution:", "aws_iam_role.deploy:", "aws_iam_role.batch:"))
               for f in report.findings)
    # said of a principal acting on the role, not of the role's own permissions
    assert all("a Principal" in f.message and "administrator" not in f.message
               for f in report.findings if f.rule in ("DOA602", "DOA605"))
    trust = [d for d in report.docs if d.meta.get("trust_policy")]
    assert sorted(d.address for d in trust) == ["aws_iam_role.batch", "aws_iam_role.deploy",
                                                "aws_iam_role.execution", "aws_iam_role.task"]
    assert all("role" not in d.meta for d in trust)  # a trust policy grants the role nothing (DOA905)
    # the role's inline permissions stay a document of their own, with the role named
    [inline] = [d for d in report.docs if d.kind == "iam-policy" and d.meta.get("role") == "productServiceTaskRole"]
    assert inline.address == "aws_iam_role.task"


def test_the_cluster_finding_sits_on_the_cluster_not_on_its_capacity_providers(linter, tmp_path):
    text = '''
resource "aws_ecs_cluster" "main" {
  name = "doa-market-cluster"
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = ["FARGATE"]
}
'''
    report = linter.lint_paths([str(module(tmp_path, main__tf=text))])
    [f] = report.findings
    assert (f.rule, f.line) == ("DOA801", 2) and f.message.startswith("aws_ecs_cluster.main: ")
    assert report.documents == 1


def test_dynamic_settings_and_volumes_are_unknown_not_missing(linter, tmp_path):
    text = '''
variable "settings" {}
variable "volumes" {}

resource "aws_ecs_cluster" "main" {
  name = "doa-market-cluster"
  dynamic "setting" {
    for_each = var.settings
    content {
      name  = setting.value.name
      value = setting.value.value
    }
  }
}
'''
    report = linter.lint_paths([str(module(tmp_path, main__tf=text))])
    [f] = report.findings  # not "does not set containerInsights": the settings are not known
    assert (f.rule, f.line) == ("DOA003", 7) and 'settings[0] is `dynamic "setting"`' in f.message
    no_settings = text.replace("for_each = var.settings", "for_each = []")
    report = linter.lint_paths([str(module(tmp_path / "b", main__tf=no_settings))])
    assert rule_lines(report) == ["DOA801@5"]
    volumes = TASK.replace("  tags = {", '''  volume {
    name      = "cache"
    host_path = "/mnt/cache"
  }
  dynamic "volume" {
    for_each = var.volumes
    content {
      name = volume.value
    }
  }
  tags = {''', 1)
    report = linter.lint_paths([str(module(tmp_path / "c", main__tf=volumes, variables__tf=VARS + 'variable "volumes" {}\n'))])
    lines = volumes.splitlines()
    got = sorted((f.rule, f.line) for f in report.findings)
    assert got == sorted([("DOA118", next(i for i, ln in enumerate(lines) if "host_path" in ln) + 1),
                          ("DOA003", next(i for i, ln in enumerate(lines) if 'dynamic "volume"' in ln) + 1)])


# --- issue 15: dynamic blocks whose for_each is known are expanded ------------------------------
_DYNAMIC_SG = '''
locals {
  rules = [{ port = 3003, cidr = "10.0.0.0/16" }, { port = 22, cidr = "0.0.0.0/0" }]
}

resource "aws_security_group" "tasks" {
  name = "product-service-tasks"
  dynamic "ingress" {
    for_each = local.rules
    content {
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = [ingress.value.cidr]
    }
  }
}
'''


def test_dynamic_security_group_ingress_is_expanded(linter, tmp_path):
    report = linter.lint_paths([str(module(tmp_path, main__tf=_DYNAMIC_SG))])
    got = sorted((f.rule, f.line) for f in report.findings)
    # each element of for_each is a rule, located at the content's attributes
    assert got == [("DOA702", 11), ("DOA702", 14), ("DOA703", 14)], got
    assert any("port 22 from 0.0.0.0/0" in f.message for f in report.findings)
    # the iterator argument renames the element; a map iterates its keys and values
    renamed = _DYNAMIC_SG.replace("for_each = local.rules", "for_each = local.rules\n    iterator = rule") \
        .replace("ingress.value", "rule.value")
    assert sorted((f.rule, f.line) for f in linter.lint_paths([str(module(tmp_path / "b", main__tf=renamed))]).findings) \
        == [(r, line + 1) for r, line in got]
    by_map = _DYNAMIC_SG.replace("for_each = local.rules", 'for_each = { "0.0.0.0/0" = 22 }') \
        .replace("ingress.value.port", "ingress.value").replace("ingress.value.cidr", "ingress.key")
    report = linter.lint_paths([str(module(tmp_path / "c", main__tf=by_map))])
    assert any(f.rule == "DOA703" and f.line == 14 and "port 22 from 0.0.0.0/0" in f.message
               for f in report.findings), report.findings


def test_dynamic_security_group_ingress_over_an_unknown_collection_is_doa003(linter, tmp_path):
    text = _DYNAMIC_SG.replace("for_each = local.rules", "for_each = var.rules") + 'variable "rules" {}\n'
    report = linter.lint_paths([str(module(tmp_path, main__tf=text))])
    assert rule_lines(report) == ["DOA003@8"]


def test_dynamic_setting_enabling_container_insights_is_expanded(linter, tmp_path):
    text = '''
resource "aws_ecs_cluster" "main" {
  name = "doa-market-cluster"
  dynamic "setting" {
    for_each = { containerInsights = "enabled" }
    content {
      name  = setting.key
      value = setting.value
    }
  }
}
'''
    report = linter.lint_paths([str(module(tmp_path, main__tf=text))])
    assert rule_lines(report) == []  # not DOA801: the setting is there
    report = linter.lint_paths([str(module(tmp_path / "b", main__tf=text.replace('"enabled"', '"disabled"')))])
    assert rule_lines(report) == ["DOA801@8"]  # at the content's value


# --- bool arguments written as strings: Terraform converts "true"/"false" ------------------------
def test_quoted_booleans_of_a_service_are_read_as_terraform_reads_them(tmp_path, linter):
    (tmp_path / "main.tf").write_text(
        'resource "aws_ecs_service" "product" {\n'
        '  name                    = "product-service"\n'
        '  enable_ecs_managed_tags = "false"\n'
        '  deployment_circuit_breaker {\n'
        '    enable   = "false"\n'
        '    rollback = "true"\n'
        '  }\n'
        '  network_configuration {\n'
        '    subnets          = ["subnet-a", "subnet-b"]\n'
        '    security_groups  = ["sg-1"]\n'
        '    assign_public_ip = "false"\n'
        '  }\n'
        '}\n')
    report = linter.lint_paths([str(tmp_path / "main.tf")])
    got = sorted((f.rule, f.line) for f in report.findings if f.rule in ("DOA202", "DOA205", "DOA210"))
    # enable "false": the breaker is off (DOA202 at line 5); managed tags "false" (DOA210 at line 3);
    # assign_public_ip "false" is DISABLED, as the standard wants (no DOA205)
    assert got == [("DOA202", 5), ("DOA210", 1), ("DOA210", 3)], got  # (line 1: propagateTags not set)
