"""CloudFormation intrinsic functions, conditions and parameters: the value each one resolves to.

Every case resolves one expression (YAML, short forms) in the template ``BASE`` through
:class:`doalint.cloudformation.template.Template` and compares the result exactly: its type
(a plain value, ``Unknown``, ``Undefined``, ``Partial``, a ``Ref`` and its address, the removed
``AWS::NoValue``) and its text. The last section checks a few of them end to end through the
Linter, by the findings (rule and line) they lead to.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from doalint.cloudformation.template import NO_VALUE, Template, Undefined
from doalint.loaders.yamlpos import parse_yaml
from doalint.placeholders import Hole
from doalint.values import Partial, Ref, Unknown

PROFILE = SimpleNamespace(region="ap-northeast-2", account_id=None)

BASE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Tag: {Type: String}
  Port: {Type: Number, Default: 8080}
  Blank: {Type: String, Default: ""}
  Nothing: {Type: String, Default: null}
  Zones: {Type: CommaDelimitedList, Default: "a, b ,c"}
  Ids: {Type: "List<AWS::EC2::Subnet::Id>", Default: "subnet-1,subnet-2"}
  Ami: {Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>", Default: /aws/service/ami}
  RoleNameP: {Type: String, Default: app-role}
  AttrName: {Type: String, Default: Arn}
Mappings:
  Sizes:
    prod: {Cpu: "512", Memory: 1024}
    "1": {Cpu: "256"}
  Flat:
    key: just-a-string
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  IsDev: !Equals [dev, !Ref Env]
  HasTag: !Not [!Equals [!Ref Tag, ""]]
  Both: !And [!Condition IsProd, !Condition IsDev]
  Either: !Or [!Condition IsDev, !Condition IsProd]
  Neither: !Or [!Condition IsDev, !Condition Both]
  NotProd: !Not [!Condition IsProd]
  Chain: !And [!Condition Either, !Not [!Condition Both], !Condition IsProd]
  TagAndProd: !And [!Condition HasTag, !Condition IsProd]
  Loop1: !Not [!Condition Loop2]
  Loop2: !Not [!Condition Loop1]
  Text: !Ref Env
  ViaIf: !If [IsProd, !Condition IsDev, !Condition IsProd]
Resources:
  Topic: {Type: AWS::SNS::Topic}
  Anon: {Type: AWS::ECS::Cluster}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: doa-cluster}}
  Family: {Type: AWS::ECS::TaskDefinition, Properties: {Family: product}}
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref RoleNameP}}
  Tg: {Type: AWS::ElasticLoadBalancingV2::TargetGroup, Properties: {Name: tg-a}}
  Loop: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref Loop}}
  Unnamed: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref Tag}}
"""


def _parse(text: str) -> dict:
    [(value, _, _)] = parse_yaml(text)
    return value


_TEMPLATE = _parse(BASE)


def template(profile=PROFILE, value=None) -> Template:
    return Template(value if value is not None else _TEMPLATE, profile)


def ev(expr: str, t: Template = None):
    """The value ``expr`` (YAML, short forms allowed) resolves to in the template (BASE by default)."""
    value = _parse("X: " + expr + "\n")["X"]
    return (t or template()).resolve(value, ("Outputs", "X", "Value"))[0]


def norm(v):
    """A form that tells apart what ``==`` does not: True from 1, Undefined from Unknown, a Ref from
    its text, the parts of a Partial."""
    if v is NO_VALUE:
        return "<NoValue>"
    if isinstance(v, Partial):
        return ("Partial", v.text, tuple(("hole", str(p)) if isinstance(p, Hole) else ("text", p)
                                         for p in v.template.parts))
    if isinstance(v, Unknown):
        return (type(v).__name__, v.text)
    if isinstance(v, Ref):
        return ("Ref", str.__str__(v), v.address, v.attribute)
    if isinstance(v, bool):
        return ("bool", v)
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return (type(v).__name__, v)


def U(text):
    return Unknown(text)


def UD(text):
    return Undefined(text)


def R(text, logical, attr="Ref"):
    return Ref(text, f"Resources/{logical}", attr)


def P(text, *parts):
    """A Partial: parts are literal text, or ("hole", "${x}")."""
    from doalint.placeholders import Template as Tpl

    return Partial(text, Tpl([Hole(p[1]) if isinstance(p, tuple) else p for p in parts]))


def check(expr, expected, t=None):
    assert norm(ev(expr, t)) == norm(expected), expr


# --- Ref: parameters, pseudo parameters, resources ---------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!Ref Env", "prod"),
    ("!Ref Port", 8080),
    ("!Ref Blank", ""),  # an empty Default is a value
    ("!Ref Nothing", U("!Ref Nothing")),  # a null Default is none
    ("!Ref Tag", U("!Ref Tag")),  # no Default
    ("!Ref Zones", ["a", "b", "c"]),  # CommaDelimitedList: split and trimmed
    ("!Ref Ids", ["subnet-1", "subnet-2"]),  # List<...>
    ("!Ref Ami", U("!Ref Ami")),  # an SSM parameter's Default names the parameter, not the value
    ("!Ref Missing", UD("!Ref Missing")),
    ("{Ref: [Env]}", U('!Ref ["Env"]')),
    ("!Ref AWS::Region", "ap-northeast-2"),
    ("!Ref AWS::AccountId", U("!Ref AWS::AccountId")),
    ("!Ref AWS::Partition", "aws"),
    ("!Ref AWS::URLSuffix", "amazonaws.com"),
    ("!Ref AWS::StackName", U("!Ref AWS::StackName")),
    ("!Ref AWS::NotificationARNs", U("!Ref AWS::NotificationARNs")),
    ("!Ref AWS::NoValue", NO_VALUE),
])
def test_ref_of_parameters_and_pseudo_parameters(expr, expected):
    check(expr, expected)


def test_account_id_and_region_come_from_the_profile():
    t = template(SimpleNamespace(region="eu-west-1", account_id="123456789012"))
    check("!Ref AWS::AccountId", "123456789012", t)
    check("!Sub 'arn:aws:ecs:${AWS::Region}:${AWS::AccountId}:cluster/x'",
          "arn:aws:ecs:eu-west-1:123456789012:cluster/x", t)


@pytest.mark.parametrize("expr,expected", [
    ("!Ref Cluster", R("doa-cluster", "Cluster")),
    ("!GetAtt Cluster.Arn", R("doa-cluster", "Cluster", "Arn")),
    ("!GetAtt Cluster.Name", R("Resources/Cluster.Name", "Cluster", "Name")),
    ("!Ref Family", R("product", "Family")),
    ("!GetAtt Family.TaskDefinitionArn", R("product", "Family", "TaskDefinitionArn")),
    ("!Ref Role", R("app-role", "Role")),  # its name from a parameter's Default
    ("!GetAtt Role.Arn", R("arn:aws:iam::*:role/app-role", "Role", "Arn")),
    ("!GetAtt [Role, Arn]", R("arn:aws:iam::*:role/app-role", "Role", "Arn")),
    ("!GetAtt Role.RoleId", R("Resources/Role.RoleId", "Role", "RoleId")),
    ("!GetAtt [Role, !Ref AttrName]", R("arn:aws:iam::*:role/app-role", "Role", "Arn")),
    ("!GetAtt [Role, !Ref Tag]", U('!GetAtt ["Role", {"Ref": "Tag"}]')),
    ("!Ref Tg", R("arn:aws:elasticloadbalancing:*:*:targetgroup/tg-a/*", "Tg")),
    ("!GetAtt Tg.TargetGroupArn", R("arn:aws:elasticloadbalancing:*:*:targetgroup/tg-a/*", "Tg", "TargetGroupArn")),
    ("!GetAtt Tg.LoadBalancerArns", R("Resources/Tg.LoadBalancerArns", "Tg", "LoadBalancerArns")),
    ("!Ref Anon", R("Resources/Anon.Ref", "Anon")),  # a cluster without a name
    ("!Ref Topic", R("Resources/Topic.Ref", "Topic")),
    ("!GetAtt Topic.A.B", R("Resources/Topic.A.B", "Topic", "A.B")),  # a nested attribute
    ("!Ref Loop", R("Resources/Loop.Ref", "Loop")),  # its name refers back to itself
    ("!Ref Unnamed", R("Resources/Unnamed.Ref", "Unnamed")),  # its name is unknown
    ("!GetAtt Nope.Arn", UD("!GetAtt Nope.Arn")),
    ("!GetAtt Cluster", U("!GetAtt Cluster")),  # no attribute
    ('{"Fn::GetAtt": 5}', U("!GetAtt 5")),
    ('{"Fn::GetAtt": [Cluster, Arn, x]}', U('!GetAtt ["Cluster", "Arn", "x"]')),
])
def test_ref_and_getatt_of_resources(expr, expected):
    check(expr, expected)


def _chain(n: int) -> Template:
    """Roles R0..R(n-1): each one's name is the next one's, the last one's is written."""
    res = {f"R{i}": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::Join": ["", [{"Ref": f"R{i + 1}"}]]}}}
           for i in range(n - 1)}
    res[f"R{n - 1}"] = {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "end"}}
    return template(value={"AWSTemplateFormatVersion": "2010-09-09", "Resources": res})


def test_names_are_followed_through_at_most_eight_resources():
    check("!Ref R0", R("end", "R0"), _chain(9))  # R0..R7 resolve their names, R8's is written
    check("!Ref R0", R("Resources/R0.Ref", "R0"), _chain(10))


def test_sam_generated_names_are_unknown_not_undefined():
    value = {"Transform": "AWS::Serverless-2016-10-31",
             "Resources": {"Fn": {"Type": "AWS::Serverless::Function"}}}
    t = template(value=value)
    check("!Ref FnRole", U("!Ref FnRole"), t)
    check("!GetAtt FnRole.Arn", U("!GetAtt FnRole.Arn"), t)
    check("!Ref ServerlessRestApi", U("!Ref ServerlessRestApi"), t)
    check("!Ref Other", UD("!Ref Other"), t)
    check("!GetAtt Other.Arn", UD("!GetAtt Other.Arn"), t)


# --- Fn::Sub ------------------------------------------------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!Sub plain", "plain"),
    ("!Sub 'svc-${Env}'", "svc-prod"),
    ("!Sub '${AWS::Region}:${Port}'", "ap-northeast-2:8080"),
    ("!Sub '${!Literal}-${Env}'", "${Literal}-prod"),
    ("!Sub ['${A}-${Env}', {A: x}]", "x-prod"),
    ("!Sub ['${Env}', {Env: local}]", "local"),  # a local variable wins over the parameter
    ("!Sub ['${A}', {A: !Ref Env}]", "prod"),
    ("!Sub ['${A}/${B}', {A: true, B: false}]", "true/false"),  # as CloudFormation writes them
    ("!Sub ['${A}', {A: 3}]", "3"),
    ("!Sub '${Role.Arn}'", "arn:aws:iam::*:role/app-role"),
    ("!Sub '${Role}'", "app-role"),
    ("!Sub 'img:${Tag}'", P("!Sub img:${Tag}", "img:", ("hole", "${Tag}"))),
    ("!Sub '${Tag}:${Env}-${Zones}'", P("!Sub ${Tag}:${Env}-${Zones}", ("hole", "${Tag}"), ":prod-",
                                         ("hole", "${Zones}"))),
    ("!Sub '${Anon.Arn}'", P("!Sub ${Anon.Arn}", ("hole", "${Anon.Arn}"))),
    ("!Sub 'x${Nope}'", P("!Sub x${Nope}", "x", ("hole", "${Nope}"))),
    ("!Sub 'a${AWS::NoValue}b'", P("!Sub a${AWS::NoValue}b", "a", ("hole", "${AWS::NoValue}"), "b")),
    ("!Sub ['${A}', {A: !Ref Nothing}]", P('!Sub ["${A}", {"A": {"Ref": "Nothing"}}]', ("hole", "${A}"))),
    ('{"Fn::Sub": 5}', U("!Sub 5")),
    ('{"Fn::Sub": [x, notamap]}', U('!Sub ["x", "notamap"]')),
    ('{"Fn::Sub": [x]}', U('!Sub ["x"]')),
])
def test_sub(expr, expected):
    check(expr, expected)


# --- Fn::Join, Fn::Select, Fn::Split --------------------------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!Join ['-', [a, b, !Ref Env]]", "a-b-prod"),
    ("!Join [',', !Ref Zones]", "a,b,c"),
    ("!Join ['', [!Ref Port, x]]", "8080x"),
    ("!Join ['-', []]", ""),
    ("!Join ['-', [a, !Ref AWS::NoValue, b]]", "a-b"),
    ("!Join ['-', [a, !Ref Cluster]]", "a-doa-cluster"),  # a Ref whose value is known
    ("!Join ['-', [a, !Ref Anon]]", U('!Join ["-", ["a", {"Ref": "Anon"}]]')),
    ("!Join ['-', [a, !Ref Tag]]", U('!Join ["-", ["a", {"Ref": "Tag"}]]')),
    ("!Join ['-', [a, [b]]]", U('!Join ["-", ["a", ["b"]]]')),
    ("!Join [!Ref Tag, [a]]", U('!Join [{"Ref": "Tag"}, ["a"]]')),
    ("!Join ['-', a]", U('!Join ["-", "a"]')),
    ("!Join ['-']", U('!Join ["-"]')),
    ("!Join ['-', [a], x]", U('!Join ["-", ["a"], "x"]')),
])
def test_join(expr, expected):
    check(expr, expected)


@pytest.mark.parametrize("expr,expected", [
    ("!Select [0, [a, b]]", "a"),
    ("!Select [1, [a, b]]", "b"),
    ("!Select [2, [a, b]]", U('!Select [2, ["a", "b"]]')),
    ("!Select [-1, [a, b]]", U('!Select [-1, ["a", "b"]]')),
    ("!Select ['1', [a, b]]", "b"),
    ("!Select [1, !Ref Zones]", "b"),
    ("!Select [0, [!Ref Env]]", "prod"),
    ("!Select [0, []]", U("!Select [0, []]")),
    ("!Select [0, !Ref Tag]", U('!Select [0, {"Ref": "Tag"}]')),
    ("!Select [!Ref Tag, [a]]", U('!Select [{"Ref": "Tag"}, ["a"]]')),
    ("!Select [x, [a]]", U('!Select ["x", ["a"]]')),
    ("!Select [.inf, [a]]", U('!Select [Infinity, ["a"]]')),
    ("!Select [0]", U("!Select [0]")),
    ("!Select [0, abc]", U('!Select [0, "abc"]')),
    ("!Select [1, !Split [',', 'a,b,c']]", "b"),
])
def test_select(expr, expected):
    check(expr, expected)


@pytest.mark.parametrize("expr,expected", [
    ("!Split [',', 'a,b']", ["a", "b"]),
    ("!Split [',', 'a']", ["a"]),
    ("!Split [',', '']", [""]),
    ("!Split ['-', !Sub '${Env}-x']", ["prod", "x"]),
    ("!Split ['', 'ab']", U('!Split ["", "ab"]')),
    ("!Split [',', !Ref Tag]", U('!Split [",", {"Ref": "Tag"}]')),
    ("!Split [',', !Ref Cluster]", U('!Split [",", {"Ref": "Cluster"}]')),  # the name is not the value
    ("!Split [!Ref Tag, 'a,b']", U('!Split [{"Ref": "Tag"}, "a,b"]')),
    ("!Split [',', [a]]", U('!Split [",", ["a"]]')),
    ("!Split [',']", U('!Split [","]')),
])
def test_split(expr, expected):
    check(expr, expected)


# --- Fn::FindInMap ----------------------------------------------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!FindInMap [Sizes, prod, Cpu]", "512"),
    ("!FindInMap [Sizes, !Ref Env, Memory]", 1024),
    ("!FindInMap [Sizes, 1, Cpu]", "256"),  # a number as the second key names the key "1"
    ("!FindInMap [Sizes, dev, Cpu]", U('!FindInMap ["Sizes", "dev", "Cpu"]')),
    ("!FindInMap [Sizes, prod, Gpu]", U('!FindInMap ["Sizes", "prod", "Gpu"]')),
    ("!FindInMap [Nope, prod, Cpu]", U('!FindInMap ["Nope", "prod", "Cpu"]')),
    ("!FindInMap [Flat, key, x]", U('!FindInMap ["Flat", "key", "x"]')),  # a string is no mapping
    ("!FindInMap [Sizes, dev, Cpu, {DefaultValue: '128'}]", "128"),
    ("!FindInMap [Sizes, prod, Cpu, {DefaultValue: '128'}]", "512"),
    ("!FindInMap [Sizes, dev, Cpu, {DefaultValue: !Ref Env}]", "prod"),
    ("!FindInMap [Sizes, dev, Cpu, {Other: '128'}]", U('!FindInMap ["Sizes", "dev", "Cpu", {"Other": "128"}]')),
    # an unknown key is unknown, not the default
    ("!FindInMap [Sizes, !Ref Tag, Cpu, {DefaultValue: '128'}]",
     U('!FindInMap ["Sizes", {"Ref": "Tag"}, "Cpu", {"DefaultValue": "128"}]')),
    ("!FindInMap [Sizes, prod]", U('!FindInMap ["Sizes", "prod"]')),
    ("!FindInMap Sizes", U("!FindInMap Sizes")),
])
def test_find_in_map(expr, expected):
    check(expr, expected)


# --- conditions -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,expected", [
    ("IsProd", True),
    ("IsDev", False),
    ("HasTag", U("Condition HasTag")),  # reads a parameter without a Default
    ("Both", False),
    ("Either", True),
    ("Neither", False),
    ("NotProd", False),
    ("Chain", True),
    ("TagAndProd", U("Condition TagAndProd")),
    ("Loop1", U("Condition Loop1")),  # a cycle
    ("Loop2", U("Condition Loop2")),
    ("Text", U("Condition Text")),  # not a boolean
    ("ViaIf", False),
    ("Nope", UD("Condition Nope")),
])
def test_conditions(name, expected):
    assert norm(template().condition(name)) == norm(expected)


def test_a_long_chain_of_conditions_alternates():
    conds = {"C0": {"Fn::Equals": ["a", "a"]}}
    conds.update({f"C{i}": {"Fn::Not": [{"Condition": f"C{i - 1}"}]} for i in range(1, 7)})
    t = template(value={"Conditions": conds, "Resources": {}})
    assert [t.condition(f"C{i}") for i in (6, 5, 0, 1)] == [True, False, True, False]


@pytest.mark.parametrize("expr,expected", [
    ("!Equals [a, a]", True),
    ("!Equals [a, b]", False),
    ("!Equals [!Ref Port, '8080']", True),  # CloudFormation compares the strings
    ("!Equals [!Ref Env, !Select [0, [prod]]]", True),
    ("!Equals [!Ref Tag, a]", U('!Equals [{"Ref": "Tag"}, "a"]')),
    ("!Equals [a, !Ref Tag]", U('!Equals ["a", {"Ref": "Tag"}]')),
    ("!Equals [!Ref Cluster, doa-cluster]", U('!Equals [{"Ref": "Cluster"}, "doa-cluster"]')),
    ("!Equals [!Sub 'x${Tag}', x]", U('!Equals [{"Fn::Sub": "x${Tag}"}, "x"]')),
    ("!Equals [a]", U('!Equals ["a"]')),
    ("!Equals [a, a, a]", U('!Equals ["a", "a", "a"]')),
    ("!And [true, true]", True),
    ("!And [true, false]", False),
    ("!And [false, true]", False),
    ("!And [true, true, false]", False),
    ("!And [true, true, true]", True),
    ("!Or [false, false]", False),
    ("!Or [true, false]", True),
    ("!Or [false, true]", True),
    ("!Or [false, false, true]", True),
    ("!Not [true]", False),
    ("!Not [false]", True),
    ("!Not [!Equals [a, b]]", True),
    ("!And [!Equals [a, a], !Not [!Equals [a, b]]]", True),
    ("!And [true, !Equals [!Ref Tag, x]]", U('!And [true, {"Fn::Equals": [{"Ref": "Tag"}, "x"]}]')),
    ("!Or [false, !Equals [!Ref Tag, x]]", U('!Or [false, {"Fn::Equals": [{"Ref": "Tag"}, "x"]}]')),
    ("!Not [!Equals [!Ref Tag, x]]", U('!Not [{"Fn::Equals": [{"Ref": "Tag"}, "x"]}]')),
    ("!And [true, a]", U('!And [true, "a"]')),  # a string is no condition
    # decided whatever the unknown operand is
    ("!And [false, !Equals [!Ref Tag, x]]", False),
    ("!And [!Equals [!Ref Tag, x], false]", False),
    ("!Or [true, !Equals [!Ref Tag, x]]", True),
    ("!Or [!Equals [!Ref Tag, x], true]", True),
    ("!And [0, false]", False),  # (0 is no condition, but false decides)
    ("!Or [1, false]", U('!Or [1, false]')),  # 1 is not true
    # CloudFormation's counts: one condition in Fn::Not, 2 to 10 in Fn::And and Fn::Or
    ("!Not []", U("!Not []")),
    ("!Not [true, true]", U("!Not [true, true]")),
    ("!And [true]", U("!And [true]")),
    ("!Or [false]", U("!Or [false]")),
    ("!And []", U("!And []")),
    ("!And [true, true, true, true, true, true, true, true, true, true]", True),
    ("!And [true, true, true, true, true, true, true, true, true, true, true]",
     U("!And [true, true, true, true, true, true, true, true, true, true, true]")),
    ("!Or [false, false, false, false, false, false, false, false, false, true]", True),
    # Fn::Equals compares text, booleans spelled as CloudFormation writes them
    ("!Equals [true, 'true']", True),
    ("!Equals ['false', false]", True),
    ("!Equals [true, 'True']", False),
    ("!Equals [1, '1']", True),
    ("!Condition IsProd", True),
    ("!Condition IsDev", False),
    ("!And [!Condition IsProd, !Condition Either]", True),
])
def test_equals_and_or_not(expr, expected):
    check(expr, expected)


# --- Fn::If and AWS::NoValue ---------------------------------------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!If [IsProd, a, b]", "a"),
    ("!If [IsDev, a, b]", "b"),
    ("!If [Either, a, b]", "a"),
    ("!If [Both, a, b]", "b"),
    ("!If [IsProd, !Ref Env, b]", "prod"),
    ("!If [IsDev, a, !Sub '${Env}-b']", "prod-b"),
    ("!If [IsProd, !If [IsDev, a, b], c]", "b"),
    ("!If [NotProd, c, !If [IsProd, a, b]]", "a"),
    ("!If [IsDev, a, !Ref AWS::NoValue]", NO_VALUE),
    ("[a, !If [IsDev, b, !Ref AWS::NoValue], c]", ["a", "c"]),
    ("{K: !If [IsDev, b, !Ref AWS::NoValue], L: c}", {"L": "c"}),
    ("{K: !Ref AWS::NoValue}", {}),
    ("!If [IsProd, !Ref Tag, b]", U("!Ref Tag")),  # the branch taken is what it is
    ("!If [IsDev, !Ref Tag, b]", "b"),  # the other is not read
    ("!If [HasTag, a, b]", U('!If ["HasTag", "a", "b"]')),
    ("!If [Loop1, a, b]", U('!If ["Loop1", "a", "b"]')),
    ("!If [Text, a, b]", U('!If ["Text", "a", "b"]')),
    ("!If [NoSuchCondition, a, b]", U('!If ["NoSuchCondition", "a", "b"]')),
    ("!If [IsProd, a]", U('!If ["IsProd", "a"]')),
    ("!If [[IsProd], a, b]", U('!If [["IsProd"], "a", "b"]')),
])
def test_if(expr, expected):
    check(expr, expected)


# --- what is not evaluated, and the nesting bound ---------------------------------------------------

@pytest.mark.parametrize("expr,expected", [
    ("!ImportValue shared-vpc", U("!ImportValue shared-vpc")),
    ("!GetAZs ''", U("!GetAZs ")),
    ("!Cidr [10.0.0.0/16, 2, 8]", U('!Cidr ["10.0.0.0/16", 2, 8]')),
    ("!Length [a, b]", U('!Length ["a", "b"]')),
    ("!ToJsonString {a: b}", U('!ToJsonString {"a": "b"}')),
    ("!Transform {Name: x}", U('!Transform {"Name": "x"}')),
    ('{"Fn::Unheard": 1}', U("!Unheard 1")),
    ("!Base64 {Ref: Tag}", U("!Ref Tag")),  # the unknown it encodes, by name
    ("!ImportValue " + "x" * 200, U("!ImportValue " + "x" * 104 + "...")),  # long texts are cut at 120
])
def test_functions_doalint_does_not_evaluate_are_unknown(expr, expected):
    check(expr, expected)


def _nested(n: int, leaf):
    for _ in range(n):
        leaf = [leaf]
    return leaf


def test_nesting_is_bounded_at_fifty_levels():
    t = template()
    assert norm(t.resolve(_nested(50, {"Ref": "Env"}))[0]) == norm(_nested(50, "prod"))
    assert norm(t.resolve(_nested(51, {"Ref": "Env"}))[0]) == norm(_nested(51, U("deeply nested intrinsic functions")))
    # functions count as levels too: 25 Selects, each with its list, reach 50
    value = {"Ref": "Env"}
    for _ in range(25):
        value = {"Fn::Select": [0, [value]]}
    assert t.resolve(value)[0] == "prod"
    value = {"Fn::Select": [0, [value]]}
    # the innermost Select's list is past the bound: that Select is unknown, and so is every one around it
    assert norm(t.resolve(value)[0]) == norm(U('!Select [0, [{"Ref": "Env"}]]'))


# --- end to end: through the Linter, YAML short forms, findings by rule and line ------------------------

E2E = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: prod}
  Mode: {Type: String, Default: MODE}
  Tag: {Type: String}
Mappings:
  Insights:
    prod: {Value: enabled}
    dev: {Value: disabled}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasTag: !Not [!Equals [!Ref Tag, ""]]
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: c
      ClusterSettings:
        - Name: containerInsights
          Value: VALUE
"""
VALUE_LINE = 20
MODE_LINE = 4


def e2e(linter, value, mode="enabled", env="prod", text=E2E):
    text = text.replace("VALUE", value).replace("MODE", mode).replace("Default: prod", f"Default: {env}")
    report = linter.lint_buffer(text.encode(), "template.yaml")
    assert not report.internal_errors
    return report


@pytest.mark.parametrize("value,env,found", [
    ("enabled", "prod", []),
    ("disabled", "prod", ["DOA801@20"]),
    ("!If [IsProd, enabled, disabled]", "prod", []),
    ("!If [IsProd, enabled, disabled]", "dev", ["DOA801@20"]),
    ("!FindInMap [Insights, !Ref Env, Value]", "prod", []),
    ("!FindInMap [Insights, !Ref Env, Value]", "dev", ["DOA801@20"]),
    ("!Select [1, !Split [',', 'enabled,disabled']]", "prod", ["DOA801@20"]),
    ("!Select [0, !Split [',', 'enabled,disabled']]", "prod", []),
    ("!Join ['', [dis, abled]]", "prod", ["DOA801@20"]),
    ("!Sub 'dis${Mode}'", "prod", ["DOA801@20"]),  # "disenabled"
    ("!Sub '${Env}'", "prod", ["DOA801@20"]),
    ("!Ref Tag", "prod", ["DOA003@20"]),
    ("!If [HasTag, enabled, disabled]", "prod", ["DOA003@20"]),
    ("!ImportValue shared-insights", "prod", ["DOA003@20"]),
    ("!Ref Nope", "prod", ["DOA001@20"]),  # a template format error, not also DOA003
    ("!GetAtt Nope.Value", "prod", ["DOA001@20"]),
])
def test_end_to_end_values_decide_the_findings(linter, value, env, found):
    from conftest import rule_lines

    report = e2e(linter, value, env=env)
    assert rule_lines(report) == found, value


@pytest.mark.parametrize("value,message", [
    ("!Ref Nope", "!Ref Nope: no parameter or resource of this template is named 'Nope'"),
    ("!Sub 'x${Nope}'", "!Sub refers to ${Nope}, which this template does not define"),
    ("!GetAtt Nope.Value", "!GetAtt Nope: no resource of this template is named 'Nope'"),
    ("!If [NoCond, enabled, disabled]", "!If NoCond: no condition of this template is named NoCond"),
])
def test_end_to_end_names_the_template_does_not_define_are_doa001(linter, value, message):
    found = [(f.line, f.message) for f in e2e(linter, value).findings if f.rule == "DOA001"]
    assert found == [(VALUE_LINE, "template format error: " + message)]


def test_end_to_end_unknown_names_the_expression(linter):
    [f] = e2e(linter, "!Ref Tag").findings
    assert (f.rule, f.line, f.col) == ("DOA003", VALUE_LINE, 11) and "`!Ref Tag`" in f.message
    [f] = e2e(linter, "!Sub 'x-${Tag}'").findings
    assert f.rule == "DOA003" and "`!Sub x-${Tag}`" in f.message


def test_end_to_end_a_value_from_a_default_relates_the_default(linter):
    [f] = e2e(linter, "!Ref Mode", mode="disabled").findings
    assert (f.rule, f.line) == ("DOA801", VALUE_LINE)
    assert [(r.line, r.path) for r in f.related] == [(MODE_LINE, ("Parameters", "Mode", "Default"))]
    assert e2e(linter, "!Ref Mode", mode="enabled").findings == []


def test_end_to_end_resource_conditions(linter):
    text = E2E.replace("    Type: AWS::ECS::Cluster\n", "    Type: AWS::ECS::Cluster\n    Condition: COND\n")
    off = e2e(linter, "disabled", env="dev", text=text.replace("COND", "IsProd"))
    assert off.findings == [] and [s.reason for s in off.skipped] == [
        "its Condition IsProd is false with the parameters' defaults"]
    on = e2e(linter, "disabled", env="prod", text=text.replace("COND", "IsProd"))
    assert [(f.rule, f.line) for f in on.findings] == [("DOA801", VALUE_LINE + 1)] and on.skipped == []
    unknown = e2e(linter, "disabled", text=text.replace("COND", "HasTag"))
    assert [(f.rule, f.line) for f in unknown.findings] == [("DOA801", VALUE_LINE + 1)]


def test_end_to_end_a_malformed_resource_condition_is_unknown_not_a_crash(linter):
    """`!Not []` (no operand) once raised inside the condition a resource names: an internal error."""
    text = E2E.replace("    Type: AWS::ECS::Cluster\n", "    Type: AWS::ECS::Cluster\n    Condition: Odd\n")
    text = text.replace("Conditions:\n", "Conditions:\n  Odd: !Not []\n")
    assert "Odd: !Not []" in text
    report = e2e(linter, "disabled", text=text)
    assert [f.rule for f in report.findings] == ["DOA801"]  # the resource may exist: still checked


def test_end_to_end_properties_an_unknown_if_chooses_are_doa003(linter):
    branch = "{ClusterName: a, ClusterSettings: [{Name: containerInsights, Value: enabled}]}"
    text = E2E.split("    Properties:")[0] + f"    Properties: !If [COND, {branch}, {{ClusterName: b}}]\n"
    [f] = e2e(linter, "", text=text.replace("COND", "HasTag")).findings
    assert (f.rule, f.line) == ("DOA003", 16) and "Properties is `!If" in f.message
    assert e2e(linter, "", text=text.replace("COND", "IsProd")).findings == []
    [f] = e2e(linter, "", env="dev", text=text.replace("COND", "IsProd")).findings
    assert (f.rule, f.line) == ("DOA801", 14)  # the branch without the setting, at the resource


def test_end_to_end_long_forms_in_json(linter):
    import json

    value = _parse(E2E.replace("VALUE", "!If [IsProd, enabled, !Join ['', [dis, abled]]]")
                   .replace("MODE", "x").replace("Default: prod", "Default: dev"))
    text = json.dumps(value, indent=1)
    report = linter.lint_buffer(text.encode(), "template.json")
    [f] = report.findings
    line = text.splitlines().index(next(ln for ln in text.splitlines() if '"Fn::If"' in ln))  # the key before it
    assert (f.rule, f.line) == ("DOA801", line)
