"""Template files (``*.json.tpl``, envsubst, Go and Jinja templates), Jsonnet, and SAM templates:
what is read, what is passed over and why, and the exact positions of what is found."""

from __future__ import annotations

import json
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import run_cli
from doalint.loaders import parse_text, template_name
from doalint.loaders.errors import NotRead, ParseError
from doalint.loaders.jsonpos import parse_json

# --- the JSON parser in template mode -------------------------------------------------------


def test_bare_placeholders_are_values_with_exact_spans():
    text = '{\n  "cpu": ${fargate_cpu},\n  "desiredCount": {{ECS_DESIRED_COUNT}},\n' \
           '  "containerPort": <PORT>,\n  "count": $COUNT,\n  "env": ${jsonencode({a = 1})}\n}'
    value, smap, dups = parse_json(text, template=True)
    assert value == {"cpu": "${fargate_cpu}", "desiredCount": "{{ECS_DESIRED_COUNT}}", "containerPort": "<PORT>",
                     "count": "$COUNT", "env": "${jsonencode({a = 1})}"}
    assert tuple(smap.values[("cpu",)]) == (2, 10, 2, 24)
    assert tuple(smap.values[("desiredCount",)]) == (3, 19, 3, 40)
    assert tuple(smap.values[("containerPort",)]) == (4, 20, 4, 26)
    assert tuple(smap.values[("count",)]) == (5, 12, 5, 18)
    assert not dups


def test_a_placeholder_inside_a_string_stays_a_string():
    value, _, _ = parse_json('{"image": "repo:${tag}", "n": "{{N}}"}', template=True)
    assert value == {"image": "repo:${tag}", "n": "{{N}}"}


def test_directives_are_whitespace_and_branches_are_not_duplicates():
    text = ('{\n  "a": 1,\n  %{ if prod }\n  "a": 2,\n  %{ endif }\n  "list": [\n'
            '    {% for x in xs %}"${x}",{% endfor %}\n  ],\n  "b": 1,\n  "b": 2\n}')
    value, smap, dups = parse_json(text, template=True)
    assert value == {"a": 2, "list": ["${x}"], "b": 2}
    # "a" twice with a directive between: two branches; "b" twice: a real duplicate
    assert [(d.path, d.span.line) for d in dups] == [(("b",), 10)]


@pytest.mark.parametrize(
    "text,line,col",
    [
        ('{"cpu": ${x}}', 1, 9),  # strict: a placeholder is no JSON value
        ('{"n": {{N}}}', 1, 8),
    ],
)
def test_strict_mode_still_rejects_placeholders(text, line, col):
    with pytest.raises(ParseError) as exc:
        parse_json(text)
    assert (exc.value.line, exc.value.col) == (line, col)


@pytest.mark.parametrize(
    "text,line,col",
    [
        ('{\n  "cpu": ${x},\n  "memory": 512\n  "family": "a"\n}', 4, 3),  # a missing comma after a placeholder
        ('{\n  "cpu": ${x\n}', 2, 10),  # an unclosed placeholder
        ('[\n  %{ if a }\n  tru\n]', 3, 3),
    ],
)
def test_template_mode_errors_elsewhere_keep_their_position(text, line, col):
    with pytest.raises(ParseError) as exc:
        parse_json(text, template=True)
    assert (exc.value.line, exc.value.col) == (line, col)


TEMPLATE_ALPHABET = st.sampled_from(list('{}[]",:$<>%#~- \n\tabAB_019.') + ["${x}", "{{X}}", "%{ if a }",
                                                                           "{% end %}", "<P>", "$N", "true"])


@given(st.one_of(st.text(max_size=300), st.lists(TEMPLATE_ALPHABET, max_size=60).map("".join)))
def test_template_mode_never_raises_anything_but_parse_error(text):
    try:
        parse_json(text, template=True)
    except ParseError as exc:
        assert exc.line >= 1 and exc.col >= 1


YAML_TEMPLATE_LINES = st.sampled_from(["a: 1", "  b: {{ .X }}", "{% if x %}", "{{ end }}", "  - n: !Sub {{ $v }}",
                                        "    {% if y %}c: 2{% endif %}", "%{ for p in ps }", "d: [", "e: '{{'",
                                        "{{ x }}: 1", "  ", "f: ${X}", "- ${Y}"])


@given(st.lists(YAML_TEMPLATE_LINES, max_size=12).map("\n".join), st.sampled_from(["t.yaml", "t.yaml.tpl", "t.tpl"]))
def test_yaml_templates_never_raise_anything_but_parse_error(text, name):
    try:
        parse_text(text, name)
    except ParseError as exc:
        assert exc.line >= 1 and exc.col >= 1


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=6), c, max_size=4),
    max_leaves=20,
))
def test_template_mode_reads_plain_json_as_json(value):
    text = json.dumps(value, indent=1)
    assert parse_json(text, template=True)[0] == json.loads(text)


# --- which files are templates, and how they are read ---------------------------------------


@pytest.mark.parametrize(
    "name,rendered",
    [
        ("task-def.json.tpl", "task-def.json"), ("svc.yaml.tmpl", "svc.yaml"), ("x.tpl", "x"),
        ("x.tpl.json", "x.json"), ("c.json.tftpl", "c.json"), ("d.json.j2", "d.json"),
        ("stack.template", "stack"), ("stack.template.yaml", None), ("a.json", None),
    ],
)
def test_template_names(name, rendered):
    assert template_name(name) == rendered


def test_a_json_file_failing_at_a_placeholder_is_read_as_a_template():
    [unit] = parse_text('{\n  "serviceName": "a",\n  "desiredCount": {{COUNT}}\n}', "svc.json")
    assert unit.value["desiredCount"] == "{{COUNT}}"
    assert tuple(unit.smap.values[("desiredCount",)])[:2] == (3, 19)
    with pytest.raises(ParseError) as exc:  # a fault elsewhere stays a parse error (DOA001)
        parse_text('{\n  "desiredCount": {{COUNT}},\n  "a": tru\n}', "svc.json")
    assert (exc.value.line, exc.value.col) == (3, 8) and not isinstance(exc.value, NotRead)
    with pytest.raises(ParseError) as exc:
        parse_text('{"a": 1,}', "svc.json")  # no template token: the strict error
    assert "trailing comma" in exc.value.message


def test_a_template_that_is_not_json_or_yaml_is_not_read():
    with pytest.raises(NotRead) as exc:
        parse_text('{\n  "cpu": ${cpu},\n  %{ for p in ports }{"port": ${p}}%{ endfor }\n}\n', "task.json.tpl")
    assert exc.value.message == ("a template that is not JSON or YAML until rendered (line 3, column 22: "
                                 "expected a double-quoted key, found '{'): not read")
    with pytest.raises(NotRead, match="plain text"):  # YAML reads an nginx configuration as one string
        parse_text("server {\n  listen 80;\n  location / { proxy_pass http://x; }\n}\n", "nginx.conf.tpl")
    with pytest.raises(NotRead, match="Jsonnet"):
        parse_text("{ a: std.extVar('x') }", "svc.jsonnet")


def test_yaml_with_directive_lines_is_read_with_those_lines_blank():
    text = textwrap.dedent("""\
        family: orders
        containerDefinitions:
          - name: app
            environment:
            {{- range $k, $v := .Env }}
              - name: {{ $k }}
                value: !Sub {{ $v }}
            {{- end }}
        {% if prod %}
            cpu: "512"
        {% else %}
            cpu: "256"
        {% endif %}
            {% if x %}memory: 512{% endif %}
        """)
    [unit] = parse_text(text, "task.yml")
    app = unit.value["containerDefinitions"][0]
    assert app["environment"] == [{"name": "{{ $k }}", "value": {"Fn::Sub": "{{ $v }}"}}]
    assert app["cpu"] == "256" and app["memory"] == 512
    assert not unit.duplicates  # cpu in two branches of an if
    assert tuple(unit.smap.values[("containerDefinitions", 0, "environment", 0, "name")])[:2] == (6, 15)
    assert unit.smap.keys[("containerDefinitions", 0, "memory")].line == 14


def test_yaml_that_stays_broken_says_it_is_a_template():
    with pytest.raises(ParseError) as exc:
        parse_text("a: 1\n{% if x %}\n  b: [\n{% endif %}\n", "x.yaml")
    assert "template" in exc.value.message and not isinstance(exc.value, NotRead)


# --- through the engine ---------------------------------------------------------------------

TASK_TEMPLATE = """\
{
  "family": "product-service",
  "networkMode": "bridge",
  "requiresCompatibilities": ["FARGATE"],
  "cpu": ${task_cpu},
  "memory": "1024",
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "taskRoleArn": "arn:aws:iam::123456789012:role/productServiceTaskRole",
  "containerDefinitions": [
    {
      "name": "product-service",
      "image": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2",
      "essential": true,
      "portMappings": [
        {"containerPort": ${app_port}, "protocol": "tcp", "appProtocol": "http"}
      ],
      "environment": [
        %{ if debug }
        {"name": "LOG_LEVEL", "value": "debug"},
        %{ endif }
        {"name": "NODE_ENV", "value": "production"},
        {"name": "PORT", "value": "3003"},
        {"name": "SERVICE_NAME", "value": "product-service"},
        {"name": "AWS_REGION", "value": "ap-northeast-2"}
      ],
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": {
          "awslogs-group": "/ecs/product-service",
          "awslogs-region": "ap-northeast-2",
          "awslogs-stream-prefix": "ecs"
        }
      },
      "healthCheck": {
        "command": ["CMD-SHELL", "curl -f http://localhost:3003/health || exit 1"],
        "interval": 30, "timeout": 5, "retries": 3, "startPeriod": 60
      },
      "ulimits": [{"name": "nofile", "softLimit": 65536, "hardLimit": 65536}],
      "stopTimeout": 30
    }
  ],
  "tags": [
    {"key": "Environment", "value": "production"},
    {"key": "Service", "value": "product"},
    {"key": "ManagedBy", "value": "terraform"}
  ]
}
"""

SERVICE_ENVSUBST = """\
{
  "serviceName": "product-service",
  "cluster": "doa-market-cluster",
  "taskDefinition": "product-service:12",
  "desiredCount": {{DESIRED_COUNT}},
  "launchType": "FARGATE",
  "platformVersion": "1.4.0",
  "enableECSManagedTags": true,
  "propagateTags": "SERVICE",
  "networkConfiguration": {
    "awsvpcConfiguration": {
      "subnets": ["subnet-0a1b2c3d", "subnet-4e5f6a7b"],
      "securityGroups": ["sg-0123abcd"],
      "assignPublicIp": "ENABLED"
    }
  }
}
"""


def findings(report):
    return sorted((f.rule, f.line, f.col) for f in report.findings)


def test_a_task_definition_template_is_checked(linter, tmp_path):
    (tmp_path / "product.task-definition.json.tpl").write_text(TASK_TEMPLATE)
    report = linter.lint_paths([str(tmp_path)])
    # the placeholders are unknown (DOA003, at their keys), the literal networkMode is judged
    assert findings(report) == [("DOA003", 5, 3), ("DOA003", 15, 10), ("DOA101", 3, 3)]
    assert {f.message.split(" holds")[0] for f in report.findings if f.rule == "DOA003"} == {
        "cpu", "containerDefinitions[0].portMappings[0].containerPort"}


def test_an_envsubst_service_with_a_bare_placeholder(linter, tmp_path):
    (tmp_path / "service.json.tpl").write_text(SERVICE_ENVSUBST)
    report = linter.lint_paths([str(tmp_path)])
    by_rule = {f.rule: f for f in report.findings}
    assert ("DOA003", 5, 3) in findings(report) and "{{DESIRED_COUNT}}" in by_rule["DOA003"].message
    assert ("DOA205", 14, 7) in findings(report)  # assignPublicIp ENABLED, a literal
    assert not [f for f in report.findings if f.rule == "DOA002"]  # the placeholder is never a type error


def test_templates_of_no_known_kind_are_passed_over_quietly(linter, tmp_path):
    (tmp_path / "nginx.conf.tpl").write_text("server {\n  listen ${PORT};\n  location / { return 200; }\n}\n")
    (tmp_path / "entrypoint.sh.tmpl").write_text('#!/bin/sh\nexec node server.js --port "$PORT"\n')
    (tmp_path / "app.jsonnet").write_text("{ family: std.extVar('family') }\n")
    (tmp_path / "values.yaml.tpl").write_text("replicas: {{ .Replicas }}\nimage: {{ .Image }}\n")
    report = linter.lint_paths([str(tmp_path)])
    assert report.findings == []
    reasons = {s.file.rsplit("/", 1)[-1]: s.reason for s in report.skipped}
    assert set(reasons) == {"nginx.conf.tpl", "entrypoint.sh.tmpl", "app.jsonnet", "values.yaml.tpl"}
    assert reasons["app.jsonnet"].startswith("Jsonnet: not read")
    assert "not a document kind" in reasons["values.yaml.tpl"]
    assert "plain text" in reasons["entrypoint.sh.tmpl"]
    # named explicitly, a template is read the same way
    report = linter.lint_paths([str(tmp_path / "nginx.conf.tpl"), str(tmp_path / "app.jsonnet")])
    assert report.findings == [] and len(report.skipped) == 2


def test_verbose_lists_the_templates_not_read(tmp_path):
    (tmp_path / "nginx.conf.tpl").write_text("server {\n  listen ${PORT};\n  location / { return 200; }\n}\n")
    (tmp_path / "svc.jsonnet").write_text("{}\n")
    code, out, _ = run_cli("check", str(tmp_path), "--isolated", "--verbose")
    assert code == 0
    assert "nginx.conf.tpl: skipped: a template of plain text (no JSON or YAML mapping or list): not read" in out
    assert "svc.jsonnet: skipped: Jsonnet: not read" in out
    code, out, _ = run_cli("check", str(tmp_path), "--isolated")
    assert "skipped" not in out


# --- SAM ------------------------------------------------------------------------------------

SAM_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 10
Resources:
  Notifier:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Policies:
        - AWSLambdaBasicExecutionRole
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: product-service
      NetworkMode: bridge
      RequiresCompatibilities: [FARGATE]
      Cpu: "512"
      Memory: "1024"
      ExecutionRoleArn: !GetAtt NotifierRole.Arn
      ContainerDefinitions:
        - Name: product-service
          Image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:1.4.2
          Environment:
            - Name: NOTIFIER
              Value: !Ref Notifier
"""


def test_sam_templates_check_their_plain_resources(linter, tmp_path):
    (tmp_path / "template.yaml").write_text(SAM_TEMPLATE)
    report = linter.lint_paths([str(tmp_path)])
    # NotifierRole is made by the SAM transform: unknown, not a template format error (DOA001)
    assert "DOA001" not in {f.rule for f in report.findings}
    assert ("DOA101", 18, 7) in findings(report)
    assert [f.message for f in report.findings if f.rule == "DOA003" and f.line == 22] == [
        "Resources/TaskDefinition: executionRoleArn is `!GetAtt NotifierRole.Arn`, which doalint cannot "
        "resolve statically; rules that read it were skipped"]
    [skip] = report.skipped
    assert skip.file.endswith("template.yaml (Resources/Notifier)")
    assert skip.reason.startswith("a SAM resource (AWS::Serverless::Function)")


def test_a_name_no_template_or_transform_defines_is_still_a_format_error(linter, tmp_path):
    (tmp_path / "template.yaml").write_text(SAM_TEMPLATE.replace("NotifierRole.Arn", "TaskRole.Arn"))
    report = linter.lint_paths([str(tmp_path)])
    assert [(f.rule, f.line) for f in report.findings if f.rule == "DOA001"] == [("DOA001", 22)]


def test_a_yaml_template_honours_inline_suppressions(linter, tmp_path):
    (tmp_path / "task.yaml.tmpl").write_text(textwrap.dedent("""\
        family: product-service
        networkMode: bridge  # doalint: ignore[DOA101] rendered for a local EC2 test only
        cpu: {{ .Cpu }}
        containerDefinitions:
          - name: product-service
            image: {{ .Image }}
        """))
    report = linter.lint_paths([str(tmp_path)])
    [waived] = [f for f in report.findings if f.rule == "DOA101"]
    assert waived.suppression is not None and "DOA012" not in {f.rule for f in report.findings}
    assert ("DOA003", 3, 1) in findings(report) and ("DOA003", 6, 5) in findings(report)
