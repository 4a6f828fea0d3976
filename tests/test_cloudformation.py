"""CloudFormation templates: resolution, positions, logical IDs, suppressions, format errors."""

from __future__ import annotations

import textwrap

import pytest

from conftest import SHARED

BASE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: production
  Tag:
    Type: String
Mappings:
  Sizes:
    product-service: {Cpu: "512", Memory: "1024"}
Conditions:
  IsProd: !Equals [!Ref Env, production]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: doa-market-cluster
      ClusterSettings:
        - Name: containerInsights
          Value: !If [IsProd, enabled, disabled]
  Service:
    Type: AWS::ECS::Service
    Properties:
      ServiceName: product-service
      Cluster: !Ref Cluster
      TaskDefinition: product-service:12
      DesiredCount: 3
      LaunchType: FARGATE
      PropagateTags: SERVICE
      EnableECSManagedTags: true
      NetworkConfiguration:
        AwsvpcConfiguration:
          Subnets: [subnet-a, subnet-b]
          SecurityGroups: [sg-1]
          AssignPublicIp: DISABLED
      LoadBalancers:
        - {TargetGroupArn: "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/product-service/1",
           ContainerName: product-service, ContainerPort: 3003}
      ServiceRegistries:
        - {RegistryArn: "arn:aws:servicediscovery:ap-northeast-2:123456789012:service/srv-1"}
      DeploymentConfiguration:
        DeploymentCircuitBreaker: {Enable: true, Rollback: true}
"""


def lint(linter, tmp_path, text, name="template.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text))
    return linter.lint_paths([str(p)])


def test_a_clean_template_with_parameters_mappings_and_conditions(linter, tmp_path):
    report = lint(linter, tmp_path, BASE)
    assert report.documents == 2 and report.findings == []


def test_conditions_and_parameters_decide_the_verdict(linter, tmp_path):
    report = lint(linter, tmp_path, BASE.replace("Default: production", "Default: staging"))
    [f] = report.findings
    assert f.rule == "DOA801" and f.message.startswith("Resources/Cluster: ")
    assert f.line == BASE.splitlines().index("          Value: !If [IsProd, enabled, disabled]") + 1


def test_a_parameter_without_default_is_doa003_naming_the_expression(linter, tmp_path):
    text = BASE.replace("TaskDefinition: product-service:12", "TaskDefinition: !Sub product-service:${Tag}")
    report = lint(linter, tmp_path, text)
    [f] = report.findings
    assert f.rule == "DOA003" and "!Sub product-service:${Tag}" in f.message


def test_pseudo_parameters(linter, tmp_path):
    text = BASE.replace("Cluster: !Ref Cluster", "Cluster: !Sub arn:aws:ecs:${AWS::Region}:123456789012:cluster/doa-market-cluster")
    assert lint(linter, tmp_path, text).findings == []  # the profile's region
    text = BASE.replace("Cluster: !Ref Cluster", "Cluster: !Sub arn:aws:ecs:ap-northeast-2:${AWS::AccountId}:cluster/x")
    assert [f.rule for f in lint(linter, tmp_path, text).findings] == ["DOA003"]  # the account is not known


def test_metadata_suppression(linter, tmp_path):
    text = BASE.replace("      DesiredCount: 3", "      DesiredCount: 1").replace(
        "  Service:\n    Type: AWS::ECS::Service\n",
        "  Service:\n    Type: AWS::ECS::Service\n    Metadata:\n      doalint:\n        ignore:\n"
        "          - {rule: DOA204, reason: scaled by a schedule}\n")
    report = lint(linter, tmp_path, text)
    assert report.active == [] and [f.suppression.justification for f in report.findings] == ["scaled by a schedule"]
    no_reason = text.replace("reason: scaled by a schedule", "owner: me")
    report = lint(linter, tmp_path, no_reason)
    assert sorted(f.rule for f in report.active) == ["DOA013", "DOA204"]
    template_level = BASE + "Metadata:\n  doalint:\n    ignore:\n      - {rule: DOA202, reason: nothing to waive}\n"
    assert [f.rule for f in lint(linter, tmp_path, template_level).active] == ["DOA012"]


def test_format_errors_are_doa001(linter, tmp_path):
    text = BASE.replace("Cluster: !Ref Cluster", "Cluster: !Ref Clusterr")
    report = lint(linter, tmp_path, text)
    [f] = report.findings
    assert f.rule == "DOA001" and "Clusterr" in f.message
    cycle = BASE + """\
  A:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Ref B
  B:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !GetAtt A.GroupId
"""
    report = lint(linter, tmp_path, cycle)
    assert [f.rule for f in report.findings] == ["DOA001"] and "circular dependency" in report.findings[0].message


def test_json_templates_with_long_form_intrinsics(linter, tmp_path):
    import json

    from doalint.loaders.yamlpos import parse_yaml

    [(value, _, _)] = parse_yaml(BASE.replace("Default: production", "Default: staging"))
    report = lint(linter, tmp_path, json.dumps(value, indent=2), "template.json")
    assert [f.rule for f in report.findings] == ["DOA801"]


def test_sam_resources_and_nested_stacks_are_skipped_with_a_note(linter, tmp_path):
    # a SAM template's plain resources are checked (tests/test_templates.py); its SAM ones are not
    sam = "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n"
    report = lint(linter, tmp_path, sam)
    assert report.findings == [] and [s.file.rsplit(" ", 1)[-1] for s in report.skipped] == ["(Resources/F)"]
    assert report.skipped[0].reason.startswith("a SAM resource (AWS::Serverless::Function)")
    nested = BASE + "  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: x\n"
    report = lint(linter, tmp_path, nested)
    assert any("nested stack" in s.reason for s in report.skipped)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared/corpus not present")
def test_corpus_templates(linter):
    folder = SHARED / "corpus" / "files" / "cloudformation"
    for f in sorted(folder.iterdir()):
        report = linter.lint_paths([str(f)])
        assert not report.internal_errors, (f.name, report.internal_errors)
    broken = linter.lint_paths([str(folder / "aws-cloudformation__cfn-lint__test__fixtures__templates__bad__resources_circular_dependency.yaml")])
    assert any(f.rule == "DOA001" and "circular" in f.message and f.line > 1 for f in broken.findings)
    public_ip = linter.lint_paths([str(folder / "nathanpeck__aws-cloudformation-fargate__service-stacks__public-subnet-public-loadbalancer.yml")])
    assert any(f.rule == "DOA205" and "ENABLED" in f.message for f in public_ip.findings)
    open_ingress = linter.lint_paths([str(folder / "aws-samples__ecs-refarch-cloudformation__infrastructure__security-groups.yaml")])
    assert {"DOA701", "DOA704"} <= {f.rule for f in open_ingress.findings}


def test_a_parameter_without_default_for_the_image_is_doa003_and_no_image_verdict(linter, tmp_path):
    text = """\
    Parameters:
      Image:
        Type: String
    Resources:
      TaskDefinition:
        Type: AWS::ECS::TaskDefinition
        Properties:
          Family: product-service
          ContainerDefinitions:
            - Name: product-service
              Image: !Ref Image
    """
    report = lint(linter, tmp_path, text)
    rules = [f.rule for f in report.findings]
    assert "DOA003" in rules and not {"DOA116", "DOA117"} & set(rules)
    assert any("!Ref Image" in f.message for f in report.findings if f.rule == "DOA003")


# --- short form and long form give the same results ------------------------------------------------

# Each intrinsic function, in both forms, against the value CloudFormation gives it (stated by hand, not
# computed by doalint): the value lands in NetworkMode, whose DOA101 message quotes it.
_INTRINSIC_HEAD = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Parameters": {"Mode": {"Type": "String", "Default": "bridge"}, "Prefix": {"Type": "String", "Default": "br"},
                   "Env": {"Type": "String", "Default": "staging"},
                   "Modes": {"Type": "CommaDelimitedList", "Default": "host, bridge, none"}},
    "Mappings": {"Networks": {"legacy": {"Mode": "host"}}},
    "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "production"]},
                   "IsStaging": {"Fn::Not": [{"Condition": "IsProd"}]}},
}
_INTRINSIC_HEAD_YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Mode: {Type: String, Default: bridge}
  Prefix: {Type: String, Default: br}
  Env: {Type: String, Default: staging}
  Modes: {Type: CommaDelimitedList, Default: "host, bridge, none"}
Mappings:
  Networks:
    legacy: {Mode: host}
Conditions:
  IsProd: !Equals [!Ref Env, production]
  IsStaging: !Not [!Condition IsProd]
"""
_CLUSTER = {"Type": "AWS::ECS::Cluster", "Properties": {
    "ClusterName": "doa-market-cluster", "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]}}

INTRINSICS = [  # (short form, long form, the value CloudFormation gives)
    ("!Ref Mode", {"Ref": "Mode"}, "bridge"),
    ("!Ref Cluster", {"Ref": "Cluster"}, "doa-market-cluster"),  # Ref of a cluster: its name
    ("!Select ['1', !Ref Modes]", {"Fn::Select": ["1", {"Ref": "Modes"}]}, "bridge"),  # a list, items trimmed
    ("!Sub ${Prefix}idge", {"Fn::Sub": "${Prefix}idge"}, "bridge"),
    ("!Sub ['${A}-${B}', {A: x, B: !Ref Prefix}]", {"Fn::Sub": ["${A}-${B}", {"A": "x", "B": {"Ref": "Prefix"}}]},
     "x-br"),
    ("!Sub '${AWS::Region}'", {"Fn::Sub": "${AWS::Region}"}, "ap-northeast-2"),  # the profile's region
    ("!Sub '${Cluster}-x'", {"Fn::Sub": "${Cluster}-x"}, "doa-market-cluster-x"),
    ("!Sub '${!Literal}'", {"Fn::Sub": "${!Literal}"}, "${Literal}"),  # ${! writes ${ literally
    ("!Join [-, [a, !Ref Prefix, c]]", {"Fn::Join": ["-", ["a", {"Ref": "Prefix"}, "c"]]}, "a-br-c"),
    ("!Join ['', [!Ref Prefix, idge]]", {"Fn::Join": ["", [{"Ref": "Prefix"}, "idge"]]}, "bridge"),
    ("!Select [2, [a, b, none]]", {"Fn::Select": [2, ["a", "b", "none"]]}, "none"),
    ("!Select [0, !Split [',', 'host,awsvpc']]", {"Fn::Select": [0, {"Fn::Split": [",", "host,awsvpc"]}]}, "host"),
    ("!Select [1, !Split [',', 'awsvpc,host']]", {"Fn::Select": [1, {"Fn::Split": [",", "awsvpc,host"]}]}, "host"),
    ("!FindInMap [Networks, legacy, Mode]", {"Fn::FindInMap": ["Networks", "legacy", "Mode"]}, "host"),
    ("!FindInMap [Networks, nope, Mode, {DefaultValue: none}]",
     {"Fn::FindInMap": ["Networks", "nope", "Mode", {"DefaultValue": "none"}]}, "none"),
    ("!If [IsProd, awsvpc, bridge]", {"Fn::If": ["IsProd", "awsvpc", "bridge"]}, "bridge"),  # Equals: false
    ("!If [IsStaging, host, awsvpc]", {"Fn::If": ["IsStaging", "host", "awsvpc"]}, "host"),  # Not: true
    ("!If [IsStaging, awsvpc, host]", {"Fn::If": ["IsStaging", "awsvpc", "host"]}, None),  # awsvpc: no finding
]


@pytest.mark.parametrize("short,long,value", INTRINSICS, ids=[c[0] for c in INTRINSICS])
def test_each_intrinsic_function_gives_the_value_cloudformation_gives(linter, tmp_path, short, long, value):
    import json

    task = {"Type": "AWS::ECS::TaskDefinition", "Properties": {"Family": "product-service", "NetworkMode": long}}
    (tmp_path / "long.json").write_text(json.dumps({**_INTRINSIC_HEAD, "Resources": {"Task": task,
                                                                                       "Cluster": _CLUSTER}}))
    (tmp_path / "short.yaml").write_text(
        _INTRINSIC_HEAD_YAML + "Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n"
        "      Family: product-service\n      NetworkMode: " + short + "\n  Cluster:\n    Type: AWS::ECS::Cluster\n"
        "    Properties:\n      ClusterName: doa-market-cluster\n"
        "      ClusterSettings: [{Name: containerInsights, Value: enabled}]\n")
    want = [] if value is None else [f"Resources/Task: networkMode is '{value}'; the standard requires 'awsvpc'"]
    for name in ("long.json", "short.yaml"):
        report = linter.lint_paths([str(tmp_path / name)])
        assert not report.internal_errors and report.documents == 2, name
        assert not [f for f in report.findings if f.rule in ("DOA001", "DOA003")], (name, report.findings)
        assert [f.message for f in report.findings if f.rule == "DOA101"] == want, name



from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

SHORT = {"Ref": "Ref", "Fn::Sub": "Sub", "Fn::Join": "Join", "Fn::Select": "Select", "Fn::FindInMap": "FindInMap",
         "Fn::If": "If", "Fn::Equals": "Equals", "Fn::GetAtt": "GetAtt", "Fn::Split": "Split", "Fn::Base64": "Base64"}


def _flow(value) -> str:
    """A value in YAML flow style, intrinsic functions in their short form (!Ref X)."""
    import json

    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in SHORT:
        (k, v), = value.items()
        return f"!{SHORT[k]} {_flow(v)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return json.dumps(value)


def _short_yaml(value, indent=0) -> str:
    pad = " " * indent
    lines = []
    for k, v in value.items():
        if isinstance(v, dict) and not (len(v) == 1 and next(iter(v)) in SHORT):
            lines.append(f"{pad}{k}:")
            lines.append(_short_yaml(v, indent + 2))
        else:
            lines.append(f"{pad}{k}: {_flow(v)}")
    return "\n".join(lines)


def _equivalents(value: str, key: str):
    """Ways to write ``value`` (a string) with intrinsic functions, given the template below (which has a
    parameter ``<key>Param`` and a mapping entry Values/<key>/Value of that value)."""
    return [value, {"Fn::Sub": value},
            {"Fn::Join": ["", [value[: len(value) // 2], value[len(value) // 2:]]]},
            {"Fn::Select": [1, ["x", value]]},
            {"Fn::If": ["Always", value, "never"]},
            {"Ref": f"{key}Param"},
            {"Fn::FindInMap": ["Values", key, "Value"]},
            {"Fn::Select": [0, {"Fn::Split": ["|", value + "|x"]}]}]


TEMPLATE_FIELDS = {
    ("Cluster", "ClusterName"): "doa-market-cluster",
    ("Service", "ServiceName"): "product-service",
    ("Service", "LaunchType"): "FARGATE",
    ("Service", "PropagateTags"): "SERVICE",
    ("Service", "TaskDefinition"): "product-service:12",
    ("Task", "NetworkMode"): "awsvpc",
    ("Task", "Family"): "product-service",
}

# what the template below gets whatever the choices: a task definition, service and cluster with only the
# keys written (stated by hand from the standard, one entry per finding: rule, resource)
_ALWAYS = [("DOA105", "Task"), ("DOA105", "Task"), ("DOA107", "Task"), ("DOA108", "Task"), ("DOA108", "Task"),
           ("DOA108", "Task"), ("DOA108", "Task"), ("DOA111", "Task"), ("DOA112", "Task"), ("DOA113", "Task"),
           ("DOA114", "Task"), ("DOA115", "Task"), ("DOA116", "Task"), ("DOA202", "Service"), ("DOA205", "Service"),
           ("DOA206", "Service"), ("DOA207", "Service")]


def _forms_template(values: dict, desired: int) -> dict:
    resources = {
        "Cluster": {"Type": "AWS::ECS::Cluster", "Properties": {
            "ClusterName": None, "ClusterSettings": [{"Name": "containerInsights", "Value": "enabled"}]}},
        "Service": {"Type": "AWS::ECS::Service", "Properties": {
            "ServiceName": None, "Cluster": {"Ref": "Cluster"}, "TaskDefinition": None, "DesiredCount": desired,
            "LaunchType": None, "PropagateTags": None, "EnableECSManagedTags": True}},
        "Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {
            "Family": None, "NetworkMode": None, "RequiresCompatibilities": ["FARGATE"], "Cpu": "512",
            "Memory": "1024", "ContainerDefinitions": [{"Name": "product-service", "Image": "nginx:1.27"}]}},
    }
    literal = {}
    for (res, prop), value in values.items():
        resources[res]["Properties"][prop] = value
        literal[res + prop] = value
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {f"{k}Param": {"Type": "String", "Default": v} for k, v in literal.items()},
        "Mappings": {"Values": {k: {"Value": v} for k, v in literal.items()}},
        "Conditions": {"Always": {"Fn::Equals": ["a", "a"]}},
        "Resources": resources,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.fixed_dictionaries({k: st.sampled_from(range(8)) for k in TEMPLATE_FIELDS}),
       st.sampled_from(["awsvpc", "bridge"]), st.integers(1, 20))
def test_short_and_long_form_intrinsics_give_the_same_findings(linter, tmp_path_factory, choice, mode, desired):
    """Each property written with an intrinsic (either form) gives the findings of the same template with
    the plain values, and those are the findings stated by hand: a resolver bug cannot hide behind both
    forms going through it."""
    import json

    plain = {k: (mode if k[1] == "NetworkMode" else v) for k, v in TEMPLATE_FIELDS.items()}
    written = {(res, prop): _equivalents(value, res + prop)[choice[(res, prop)]] for (res, prop), value in plain.items()}
    folder = tmp_path_factory.mktemp("forms")
    (folder / "plain.json").write_text(json.dumps(_forms_template(plain, desired), indent=2))
    template = _forms_template(written, desired)
    template["Parameters"] = _forms_template(plain, desired)["Parameters"]  # the values the Refs name
    template["Mappings"] = _forms_template(plain, desired)["Mappings"]
    (folder / "long.json").write_text(json.dumps(template, indent=2))
    (folder / "short.yaml").write_text(_short_yaml(template) + "\n")
    reports = {name: linter.lint_paths([str(folder / name)]) for name in ("plain.json", "long.json", "short.yaml")}
    for name, report in reports.items():
        assert not report.internal_errors and report.documents == 3, name

    def found(report):
        return sorted((f.rule, f.message) for f in report.findings)

    assert found(reports["long.json"]) == found(reports["plain.json"])
    assert found(reports["short.yaml"]) == found(reports["plain.json"])
    # and the plain values' findings are the ones the standard gives (by hand)
    want = list(_ALWAYS)
    if mode == "bridge":
        want.append(("DOA101", "Task"))
    if not 3 <= desired <= 15:
        want.append(("DOA204", "Service"))
    got = [(f.rule, f.message.split(":")[0].removeprefix("Resources/")) for f in reports["long.json"].findings]
    assert sorted(got) == sorted(want)
    messages = {f.rule: f.message for f in reports["long.json"].findings}
    if mode == "bridge":
        assert messages["DOA101"] == "Resources/Task: networkMode is 'bridge'; the standard requires 'awsvpc'"
    if desired < 3 or desired > 15:
        side = "below its minimum of 3" if desired < 3 else "above its maximum of 15"
        assert messages["DOA204"] == (f"Resources/Service: desiredCount is {desired}; product-service runs 3 to 15 "
                                      f"tasks, so it starts {side}")
    assert "product-service" in messages["DOA206"]  # the service's name reached the catalog look-up


def test_a_resource_whose_condition_is_false_is_not_created_so_not_checked(linter, tmp_path):
    text = BASE.replace("      DesiredCount: 3", "      DesiredCount: 1").replace(
        "  Service:\n    Type: AWS::ECS::Service\n", "  Service:\n    Type: AWS::ECS::Service\n    Condition: IsStaging\n")
    text = text.replace("  IsProd: !Equals [!Ref Env, production]",
                        "  IsProd: !Equals [!Ref Env, production]\n  IsStaging: !Equals [!Ref Env, staging]")
    report = lint(linter, tmp_path, text)
    assert report.findings == [] and any("Condition IsStaging is false" in s.reason for s in report.skipped)
    report = lint(linter, tmp_path, text.replace("Default: production", "Default: staging"))
    assert "DOA204" in {f.rule for f in report.findings}


def test_list_and_ssm_parameter_types(profile):
    from doalint.cloudformation.template import Template
    from doalint.values import Unknown

    t = Template({"Parameters": {
        "Subnets": {"Type": "List<AWS::EC2::Subnet::Id>", "Default": "subnet-0a1b, subnet-2c3d"},
        "Actions": {"Type": "CommaDelimitedList", "Default": "s3:GetObject,s3:PutObject"},
        "Image": {"Type": "AWS::SSM::Parameter::Value<String>", "Default": "/product/image"},
    }, "Resources": {}}, profile)
    assert t.ref("Subnets", "!Ref Subnets") == ["subnet-0a1b", "subnet-2c3d"]
    assert t.ref("Actions", "!Ref Actions") == ["s3:GetObject", "s3:PutObject"]
    # the default of an SSM-typed parameter is the parameter's name, not the value the stack gets
    image = t.ref("Image", "!Ref Image")
    assert isinstance(image, Unknown) and image.text == "!Ref Image"


# --- a value from a parameter's Default: reported at the !Ref, the default as a related location ------

def _default_line(text: str, param: str) -> int:
    lines = text.splitlines()
    start = lines.index(f"  {param}:")
    return next(i for i in range(start, len(lines)) if lines[i].strip().startswith("Default:")) + 1


def test_a_value_from_a_parameter_default_relates_the_default_in_text_and_sarif(linter):
    import json

    from conftest import FIXTURES, run_cli

    path = FIXTURES / "rules" / "DOA801" / "bad-cfn-parameter-default.yaml"
    text = path.read_text()
    report = linter.lint_paths([str(path)])
    [f] = report.findings
    assert f.rule == "DOA801" and f.line == text.splitlines().index("          Value: !Ref ContainerInsights") + 1
    [r] = f.related
    assert (r.file, r.line, r.message) == (f.file, _default_line(text, "ContainerInsights"),
                                           "the parameter's default (ContainerInsights)")
    assert r.path == ("Parameters", "ContainerInsights", "Default")
    code, out, _ = run_cli("check", "--isolated", str(path))
    assert code == 1
    assert f"bad-cfn-parameter-default.yaml:{r.line}:{r.col}: the parameter's default (ContainerInsights)" in out
    code, out, _ = run_cli("check", "--isolated", "--format", "sarif", str(path))
    assert code == 1
    [result] = json.loads(out)["runs"][0]["results"]
    [rel] = result["relatedLocations"]
    assert rel["message"]["text"] == "the parameter's default (ContainerInsights)"
    assert rel["physicalLocation"]["region"]["startLine"] == r.line
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == f.line


def test_every_rule_relates_the_defaults_its_value_comes_from(linter, tmp_path):
    text = """\
    AWSTemplateFormatVersion: "2010-09-09"
    Parameters:
      Env:
        Type: String
        Default: staging
      TaskCpu:
        Type: String
        Default: "300"
      Tag:
        Type: String
        Default: latest
      Subnets:
        Type: CommaDelimitedList
        Default: subnet-a
    Conditions:
      IsProd: !Equals [!Ref Env, production]
    Resources:
      Cluster:
        Type: AWS::ECS::Cluster
        Properties:
          ClusterName: doa-market-cluster
          ClusterSettings:
            - Name: containerInsights
              Value: !If [IsProd, enabled, disabled]
      TaskDefinition:
        Type: AWS::ECS::TaskDefinition
        Properties:
          Family: product-service
          Cpu: !Ref TaskCpu
          Memory: "1024"
          ContainerDefinitions:
            - Name: product-service
              Image: !Sub 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:${Tag}
      Service:
        Type: AWS::ECS::Service
        Properties:
          ServiceName: product-service
          Cluster: doa-market-cluster
          NetworkConfiguration:
            AwsvpcConfiguration:
              AssignPublicIp: DISABLED
              Subnets: !Ref Subnets
              SecurityGroups: [sg-1]
    """
    report = lint(linter, tmp_path, text)
    lines = textwrap.dedent(text).splitlines()

    def at(fragment):
        return next(i for i, ln in enumerate(lines) if fragment in ln) + 1

    related = {(f.rule, f.line): [(r.line, r.message) for r in f.related] for f in report.findings}
    defaults = {p: _default_line(textwrap.dedent(text), p) for p in ("Env", "TaskCpu", "Tag", "Subnets")}
    # the finding stays on the value in the resource; the default that decided it is related
    assert related[("DOA801", at("Value: !If"))] == [(defaults["Env"], "the parameter's default (Env)")]
    assert related[("DOA104", at("Cpu: !Ref TaskCpu"))] == [(defaults["TaskCpu"], "the parameter's default (TaskCpu)")]
    assert related[("DOA117", at("Image: !Sub"))] == [(defaults["Tag"], "the parameter's default (Tag)")]
    assert related[("DOA205", at("Subnets: !Ref Subnets"))] == [(defaults["Subnets"], "the parameter's default (Subnets)")]
    # a value written in the resource relates nothing (DOA101: networkMode is not set at all)
    assert all(f.related == () for f in report.findings if f.rule in ("DOA101", "DOA102"))
    assert {"DOA101", "DOA102"} <= {f.rule for f in report.findings}


def test_trust_policies_are_checked_as_json_trust_policies_are(linter, tmp_path):
    text = """\
    AWSTemplateFormatVersion: "2010-09-09"
    Resources:
      ExecutionRole:
        Type: AWS::IAM::Role
        Properties:
          RoleName: ecsTaskExecutionRole
          AssumeRolePolicyDocument:
            Version: "2008-10-17"
            Statement:
              - Effect: Allow
                Principal: {Service: ecs-tasks.amazonaws.com}
                Action: [sts:AssumeRol, "*"]
      TaskRole:
        Type: AWS::IAM::Role
        Properties:
          AssumeRolePolicyDocument: !ImportValue shared-trust
          Policies:
            - PolicyName: task
              PolicyDocument:
                Version: "2012-10-17"
                Statement:
                  - {Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::doa-market-assets/*"}
    """
    report = lint(linter, tmp_path, text)
    lines = textwrap.dedent(text).splitlines()
    got = sorted((f.rule, f.line) for f in report.findings)
    assert got == [("DOA003", lines.index("      AssumeRolePolicyDocument: !ImportValue shared-trust") + 1),
                   ("DOA601", lines.index('        Version: "2008-10-17"') + 1),
                   ("DOA602", lines.index('            Action: [sts:AssumeRol, "*"]') + 1),
                   ("DOA607", lines.index('            Action: [sts:AssumeRol, "*"]') + 1)]
    doa003 = next(f for f in report.findings if f.rule == "DOA003")
    assert "AssumeRolePolicyDocument is `!ImportValue shared-trust`" in doa003.message
    doa602 = next(f for f in report.findings if f.rule == "DOA602")
    assert "administrator" not in doa602.message and "with a Principal" in doa602.message
    # the same trust policy as a JSON file gets the same rules
    (tmp_path / "trust-policy.json").write_text(
        '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": '
        '"ecs-tasks.amazonaws.com"}, "Action": ["sts:AssumeRol", "*"]}]}')
    as_json = linter.lint_paths([str(tmp_path / "trust-policy.json")])
    assert sorted(f.rule for f in as_json.findings) == ["DOA601", "DOA602", "DOA607"]
    assert [d.meta.get("trust_policy") for d in report.docs if d.kind == "iam-policy"] == [True, True, None]
