"""CloudFormation templates, exactly: the template format errors (message and template path) each
malformed reference gives, the cycles reported between resources and between conditions, the
parameter defaults each resolved value is noted to come from (``Template.defaults_used``, which
findings relate), the nesting bounds, and the detection of templates and SAM templates.

Complements tests/test_cfn_evaluator.py (the value each intrinsic function resolves to) with the
paths and the edge cases that one does not pin.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from doalint.cloudformation.template import Template, Undefined, cycles, format_errors, is_sam, is_template
from doalint.loaders.yamlpos import parse_yaml
from doalint.placeholders import Hole
from doalint.values import Partial, Ref, Unknown

PROFILE = SimpleNamespace(region="eu-west-1", account_id=None)
AT = ("Outputs", "X", "Value")  # where the expressions under test stand


def _parse(text: str):
    [(value, _, _)] = parse_yaml(text)
    return value


def tpl(text: str) -> Template:
    return Template(_parse(text), PROFILE)


def expr(text: str):
    """A YAML expression (short forms allowed) as the loader gives it."""
    return _parse("X: " + text + "\n")["X"]


def shape(v):
    """What ``==`` does not tell apart: Unknown from Undefined and from its text, a Ref from its
    text, the parts of a Partial."""
    if isinstance(v, Partial):
        return ("Partial", v.text, [("hole", str(p)) if isinstance(p, Hole) else ("text", p)
                                    for p in v.template.parts])
    if isinstance(v, Unknown):
        return (type(v).__name__, v.text)
    if isinstance(v, Ref):
        return ("Ref", str.__str__(v), v.address, v.attribute)
    if isinstance(v, list):
        return [shape(x) for x in v]
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    return (type(v).__name__, v)


# --- template format errors: what, and where ----------------------------------------------------

FORMAT = """\
Parameters:
  Env: {Type: String, Default: prod}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Odd: !Not [!Condition NoSuchCond]
  BadRef: !Equals [!Ref NoParam, x]
Resources:
  Topic: {Type: AWS::SNS::Topic}
  A:
    Type: AWS::SNS::Topic
    Condition: NoResCond
    DependsOn: [Topic, Ghost, 5]
    Properties:
      Joined: !Join ['', [!Ref Nope1]]
      Nested: !GetAtt Topic.A.B
      NestedLong: {Fn::GetAtt: Topic.A.B}
      Attr: {Fn::GetAtt: Nope2.Arn}
      AttrShort: !GetAtt Nope2b.Arn
      OddAttr: {"Fn::GetAtt": 5}
      EmptyAttr: {"Fn::GetAtt": []}
      Sub1: !Sub '${AWS::Region}${Topic.Arn}${Env}${Nope3}'
      Sub2: !Sub ['${X}-${Y}', {X: !Ref Nope4}]
      Sub3: !Sub 'ab'
      Sub4: !Sub ['x', [a]]
      Sub5: !Sub ['${NotChecked}']
      Sub6: !Sub ['${Topic.A.B}-${Nope5}', {}]
      Sub7: !Sub '${Topic.Arn}-${Nope6}'
      Pick: !If [NoIfCond, a, !Condition NoCondCond]
  B:
    Type: AWS::SNS::Topic
    DependsOn: Ghost2
  C: just-a-string
  D:
    Type: AWS::SNS::Topic
    Properties: {X: !Ref Nope7}
Outputs:
  O1: {Value: !Ref Nope8, Condition: NoOutCond}
  O2: {Value: !If [NoOutIf, a, b]}
"""


def test_format_errors_name_each_undefined_reference_at_its_path():
    """Every name the template does not define, in template order: properties (through every
    intrinsic function, !Sub's variables and its ${...} forms), DependsOn (its item index),
    resources that are no mapping (the next ones still checked), Outputs, Conditions; then the
    conditions named by !Condition, !If and Condition keys of resources and outputs."""
    r = ("Resources", "A", "Properties")
    assert format_errors(tpl(FORMAT)) == [
        (r + ("Joined", "Fn::Join", 1, 0), "!Ref Nope1: no parameter or resource of this template is named 'Nope1'"),
        (r + ("Attr",), "!GetAtt Nope2: no resource of this template is named 'Nope2'"),
        (r + ("AttrShort",), "!GetAtt Nope2b: no resource of this template is named 'Nope2b'"),
        (r + ("Sub1",), "!Sub refers to ${Nope3}, which this template does not define"),
        (r + ("Sub2", "Fn::Sub", 1, "X"), "!Ref Nope4: no parameter or resource of this template is named 'Nope4'"),
        (r + ("Sub2",), "!Sub refers to ${Y}, which this template does not define"),
        (r + ("Sub4",), "!Sub takes a string, or a string and a mapping of variables"),
        (r + ("Sub6",), "!Sub refers to ${Nope5}, which this template does not define"),
        (r + ("Sub7",), "!Sub refers to ${Nope6}, which this template does not define"),
        (("Resources", "A", "DependsOn", 1), "DependsOn 'Ghost': no resource of this template is named so"),
        (("Resources", "A", "DependsOn", 2), "DependsOn 5: no resource of this template is named so"),
        (("Resources", "B", "DependsOn"), "DependsOn 'Ghost2': no resource of this template is named so"),
        (("Resources", "C"), "resource C is not a mapping"),
        (("Resources", "D", "Properties", "X"),
         "!Ref Nope7: no parameter or resource of this template is named 'Nope7'"),
        (("Outputs", "O1", "Value"), "!Ref Nope8: no parameter or resource of this template is named 'Nope8'"),
        (("Conditions", "BadRef", "Fn::Equals", 0),
         "!Ref NoParam: no parameter or resource of this template is named 'NoParam'"),
        (("Conditions", "Odd", "Fn::Not", 0, "Condition"),
         "!Condition NoSuchCond: no condition of this template is named NoSuchCond"),
        (("Resources", "A", "Condition"), "Condition NoResCond: no condition of this template is named NoResCond"),
        (r + ("Pick", "Fn::If", 0), "!If NoIfCond: no condition of this template is named NoIfCond"),
        (r + ("Pick", "Fn::If", 2, "Condition"),
         "!Condition NoCondCond: no condition of this template is named NoCondCond"),
        (("Outputs", "O1", "Condition"), "Condition NoOutCond: no condition of this template is named NoOutCond"),
        (("Outputs", "O2", "Value", "Fn::If", 0), "!If NoOutIf: no condition of this template is named NoOutIf"),
    ]


SAM = """\
Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]
Resources:
  Fn: {Type: AWS::Serverless::Function}
  NoType: {Properties: {}}
  Plain:
    Type: AWS::SNS::Topic
    DependsOn: [FnRole, Ghost]
    Properties:
      A: !Ref FnRole
      B: !Ref Ghost2
      C: !Sub '${FnRole.Arn}-${Ghost3}'
      D: !GetAtt FnRole.Arn
      E: !GetAtt ServerlessRestApi.RootResourceId
      F: !Ref PlainSibling
"""


def test_sam_generated_names_are_no_format_error_but_other_names_are():
    """In a SAM template (the transform among others, in a list) the names the transform makes
    (FnRole, ServerlessRestApi) are defined; names that start with an ordinary resource's are not."""
    t = tpl(SAM)
    assert is_sam(t.value)
    p = ("Resources", "Plain", "Properties")
    assert format_errors(t) == [
        (p + ("B",), "!Ref Ghost2: no parameter or resource of this template is named 'Ghost2'"),
        (p + ("C",), "!Sub refers to ${Ghost3}, which this template does not define"),
        (p + ("F",), "!Ref PlainSibling: no parameter or resource of this template is named 'PlainSibling'"),
        (("Resources", "Plain", "DependsOn", 1), "DependsOn 'Ghost': no resource of this template is named so"),
    ]
    assert shape(t.resolve(expr("!Ref FnRole"))[0]) == ("Unknown", "!Ref FnRole")
    assert shape(t.resolve(expr("!Ref PlainSibling"))[0]) == ("Undefined", "!Ref PlainSibling")


def _deps(edges: dict) -> dict:
    """A template whose resources depend on one another as ``edges`` says (DependsOn)."""
    return {"Resources": {name: {"Type": "AWS::SNS::Topic", "DependsOn": sorted(to)} for name, to in edges.items()}}


@pytest.mark.parametrize("edges,cycle", [
    ({"A": "BC", "B": "C", "C": "A"}, "A -> C -> A"),  # the shortest cycle through A
    ({"A": "B", "B": "C", "C": "A"}, "A -> B -> C -> A"),
    ({"A": "B", "B": "C", "C": "B"}, "B -> C -> B"),  # not through A, which only leads to it
    ({"A": "B", "B": "", "C": "D", "D": "BC"}, "C -> D -> C"),  # B is done before C is reached
    ({"A": "A", "B": ""}, "A -> A"),
])
def test_circular_dependencies_between_resources(edges, cycle):
    errors = format_errors(Template(_deps(edges), PROFILE))
    assert errors == [(("Resources", cycle[0]),
                       f"circular dependency between resources {cycle}; CloudFormation cannot order their creation")]


def test_every_kind_of_reference_is_a_dependency():
    """A !Ref inside another function, in a list, in a !Sub variable, a !GetAtt (string and list
    forms) and a !Sub ${Name.Attr} each make their resource depend on the one they name."""
    base = "Resources:\n" + "".join(
        f"  {n}: {{Type: AWS::SNS::Topic, Properties: {{X: {v}}}}}\n" for n, v in [
            ("A", "!Join ['', [!Ref B]]"),
            ("B", "[!Ref C]"),
            ("C", "!Sub ['${V}', {V: !Ref D}]"),
            ("D", "{Fn::GetAtt: E.Arn}"),
            ("E", "!GetAtt [F, Arn]"),
            ("F", "!Sub '${A.Arn}'"),
        ])
    assert format_errors(tpl(base)) == [(("Resources", "A"), "circular dependency between resources "
                                         "A -> B -> C -> D -> E -> F -> A; CloudFormation cannot order their creation")]


def test_cycles_ignores_targets_that_are_not_nodes():
    assert cycles({"a": {"b", "x"}, "b": {"a"}, "c": {"y"}}) == [["a", "b"]]
    assert cycles({"a": {"x", "a"}}) == [["a"]]


@pytest.mark.parametrize("conditions,found", [
    ({"A": {"Fn::Not": [{"Condition": "B"}]}, "B": {"Fn::Not": [{"Condition": "A"}]}}, ["A -> B -> A"]),
    # through !If's condition, and through its first branch
    ({"P": {"Fn::If": ["Q", True, False]}, "Q": {"Fn::Not": [{"Condition": "P"}]}}, ["P -> Q -> P"]),
    ({"S": {"Fn::If": ["T", {"Condition": "S"}, False]}, "T": {"Fn::Equals": ["a", "a"]}}, ["S -> S"]),
    # a value that happens to be a condition's name is no reference
    ({"E": {"Fn::Equals": ["E", "x"]}}, []),
])
def test_circular_dependencies_between_conditions(conditions, found):
    t = Template({"Conditions": conditions, "Resources": {}}, PROFILE)
    assert format_errors(t) == [
        (("Conditions", c.split(" ")[0]),
         f"circular dependency between conditions {c}; CloudFormation cannot evaluate them")
        for c in found]


# --- the defaults a value comes from, by the path of the expression that read it ---------------------

DEFAULTS = """\
Parameters:
  Env: {Type: String, Default: prod}
  Sep: {Type: String, Default: "-"}
  Idx: {Type: Number, Default: 1}
  Pair: {Type: String, Default: "a-b"}
  Port: {Type: Number, Default: 8080}
  Tag: {Type: String}
  RoleNameP: {Type: String, Default: app-role}
  Untyped: {Default: plain}
Mappings:
  Sizes:
    prod: {Cpu: "512"}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  ViaSub: !Equals [!Sub '${Env}-${AWS::Region}', prod-eu-west-1]
  ViaSubList: !Equals [!Sub ['${Env}/${V}', {V: !Ref Port}], prod/8080]
  CondThenRef: !Or [!Condition IsProd, !Equals [!Ref Port, 1]]
  SubThenRef: !Equals [!Sub '${Env}', !Ref Port]
  Region: !Equals [!Ref AWS::Region, eu-west-1]
  Loop1: !And [!Condition Loop2, !Equals [!Ref Sep, x]]
  Loop2: !Not [!Condition Loop1]
  Decided: !Or [!Equals [a, a], !Condition Loop1]
  NoDefault: !Or [!Equals [a, a], !Equals [!Sub '${Tag}', x]]
  OddSub: !Or [!Equals [a, a], !Equals [!Sub [[x], {}], y]]
Resources:
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: !Ref RoleNameP}}
"""


def _under(t: Template, at: tuple) -> dict:
    """The defaults noted at ``at`` and below (conditions note theirs at paths of their own)."""
    return {k: v for k, v in t.defaults_used.items() if k[:len(at)] == at}


@pytest.mark.parametrize("text,value,used", [
    ("!Join [!Ref Sep, [!Ref Env, x]]", "prod-x", {("Fn::Join", 0): {"Sep"}, ("Fn::Join", 1, 0): {"Env"}}),
    ("!Select [!Ref Idx, [x, !Ref Env]]", "prod", {("Fn::Select", 0): {"Idx"}, ("Fn::Select", 1, 1): {"Env"}}),
    ("!Split [!Ref Sep, !Ref Pair]", ["a", "b"], {("Fn::Split", 0): {"Sep"}, ("Fn::Split", 1): {"Pair"}}),
    ("!FindInMap [Sizes, !Ref Env, Cpu]", "512", {("Fn::FindInMap", 1): {"Env"}}),
    ("!FindInMap [Sizes, dev, Cpu, {DefaultValue: !Ref Sep}]", "-", {("Fn::FindInMap", 3): {"Sep"}}),
    ("!If [IsProd, !Ref Env, x]", "prod", {(): {"Env"}, ("Fn::If", 1): {"Env"}}),
    ("!If [NotProd, x, !Ref Sep]", "-", {(): {"Env"}, ("Fn::If", 2): {"Sep"}}),
    ("!Equals [!Ref Env, !Ref Sep]", False, {("Fn::Equals", 0): {"Env"}, ("Fn::Equals", 1): {"Sep"}}),
    ("!Not [!Equals [!Ref Env, prod]]", False, {("Fn::Not", 0, "Fn::Equals", 0): {"Env"}}),
    ("!Or [!Equals [!Ref Env, dev], !Equals [!Ref Sep, '-']]", True,
     {("Fn::Or", 0, "Fn::Equals", 0): {"Env"}, ("Fn::Or", 1, "Fn::Equals", 0): {"Sep"}}),
    ("!Sub ['${A}:${Env}', {A: !Ref Sep}]", "-:prod", {(): {"Sep", "Env"}}),
    ("!Ref Untyped", "plain", {(): {"Untyped"}}),
])
def test_each_function_notes_the_defaults_at_the_path_of_the_reference(text, value, used):
    t = tpl(DEFAULTS)
    assert shape(t.resolve(expr(text), AT)[0]) == shape(value)
    assert _under(t, AT) == {AT + k: v for k, v in used.items()}


def test_a_resource_name_from_a_default_is_noted_at_the_name_property():
    t = tpl(DEFAULTS)
    assert shape(t.resolve(expr("!Ref Role"), AT)[0]) == ("Ref", "app-role", "Resources/Role", "Ref")
    assert t.defaults_used == {("Resources", "Role", "Properties", "RoleName"): {"RoleNameP"}}


@pytest.mark.parametrize("condition,value,used", [
    ("IsProd", "yes", {"Env"}),
    ("NotProd", "no", {"Env"}),  # through !Condition
    ("ViaSub", "yes", {"Env"}),  # through !Sub, pseudo parameters are no parameters
    ("ViaSubList", "yes", {"Env", "Port"}),  # !Sub with variables
    ("CondThenRef", "yes", {"Env", "Port"}),
    ("SubThenRef", "no", {"Env", "Port"}),
    ("Region", "yes", set()),
    ("Decided", "yes", {"Sep"}),  # decided by its first operand (Loop1 known to be unknown), Loop1 read once
    ("NoDefault", "yes", set()),  # a parameter without a Default is no default
    ("OddSub", "yes", set()),
])
def test_an_if_notes_the_defaults_its_condition_reads(condition, value, used):
    """The branch an !If takes follows from the defaults its condition reads, through other
    conditions and !Sub: the !If notes them all at its own path."""
    t = tpl(DEFAULTS)
    assert shape(t.condition("Loop1")) == ("Unknown", "Condition Loop1")  # evaluated before
    assert t.resolve({"Fn::If": [condition, "yes", "no"]}, AT)[0] == value
    assert _under(t, AT) == ({AT: used} if used else {})


# --- conditions ---------------------------------------------------------------------------------------

def test_a_condition_named_by_no_string_is_unknown_by_its_text():
    assert shape(tpl(DEFAULTS).resolve({"Condition": 5})[0]) == ("Unknown", "5")
    assert shape(tpl(DEFAULTS).resolve({"Condition": ["IsProd"]})[0]) == ("Unknown", "['IsProd']")


def test_a_conditions_section_that_is_no_mapping_defines_none():
    t = tpl("Conditions: IsProd\nResources: {}\n")
    assert shape(t.resolve(expr("!Condition IsProd"))[0]) == ("Undefined", "Condition IsProd")
    assert shape(t.resolve(expr("!If [IsProd, a, b]"))[0]) == ("Unknown", '!If ["IsProd", "a", "b"]')


def test_a_condition_evaluated_while_another_one_is_still_resolves():
    """Resolving A reads the role's name, which reads condition B: B is known before its turn comes,
    and X, which reads both, is still evaluated."""
    t = tpl("""\
Conditions:
  A: !Equals [!Ref Role, r1]
  B: !Equals [a, a]
  X: !And [!Condition A, !Condition B]
  Y: !Or [!Condition A, !Condition B]
Resources:
  Role: {Type: AWS::IAM::Role, Properties: {RoleName: !If [B, r1, r2]}}
""")
    assert shape(t.condition("X")) == ("Unknown", "Condition X")  # A compares a resource's name: unknown
    assert t.condition("Y") is True
    assert t.condition("B") is True


def test_conditions_on_a_cycle_and_those_that_read_them_are_unknown():
    t = tpl("""\
Conditions:
  X: !Condition A
  A: !Not [!Condition B]
  B: !Not [!Condition A]
  C: !Not [!Condition X]
  D: !Equals [a, a]
  E: !Or [!Equals [a, a], !Condition A]
Resources: {}
""")
    # the template is invalid (a format error): E, on the way to the cycle, is unknown though its
    # first operand would decide it
    assert shape(t.condition("E")) == ("Unknown", "Condition E")
    assert [shape(t.condition(c)) for c in "CXABD"] == [
        ("Unknown", "Condition C"), ("Unknown", "Condition X"), ("Unknown", "Condition A"),
        ("Unknown", "Condition B"), ("bool", True)]


def test_not_takes_a_single_condition_written_without_a_list():
    t = tpl(DEFAULTS)
    assert t.resolve({"Fn::Not": {"Condition": "IsProd"}})[0] is False
    assert t.resolve({"Fn::Not": {"Condition": "NotProd"}})[0] is True


# --- values ------------------------------------------------------------------------------------------

RES = """\
Resources:
  Topic: {Type: AWS::SNS::Topic}
  Str: just-a-string
  FamTopic: {Type: AWS::SNS::Topic, Properties: {Family: fam}}
  Family: {Type: AWS::ECS::TaskDefinition, Properties: {Family: product}}
  TdAnon: {Type: AWS::ECS::TaskDefinition, Properties: {Cpu: "256"}}
  TdNoProps: {Type: AWS::ECS::TaskDefinition}
  Odd: {Properties: {Family: x}}
"""


@pytest.mark.parametrize("text,expected", [
    ("!Ref Str", ("Ref", "Resources/Str.Ref", "Resources/Str", "Ref")),  # a resource that is no mapping
    # a Family property names task definitions only
    ("!Ref FamTopic", ("Ref", "Resources/FamTopic.Ref", "Resources/FamTopic", "Ref")),
    ("!Ref Family", ("Ref", "product", "Resources/Family", "Ref")),
    ("{Fn::GetAtt: Topic.A.B}", ("Ref", "Resources/Topic.A.B", "Resources/Topic", "A.B")),  # the long form: a string
    ("{Fn::GetAtt: Topic.Arn}", ("Ref", "Resources/Topic.Arn", "Resources/Topic", "Arn")),
    ("!GetAtt Family.Other", ("Ref", "Resources/Family.Other", "Resources/Family", "Other")),
    ("!Ref TdAnon", ("Ref", "Resources/TdAnon.Ref", "Resources/TdAnon", "Ref")),
    ("!Ref TdNoProps", ("Ref", "Resources/TdNoProps.Ref", "Resources/TdNoProps", "Ref")),
    ("!Ref Odd", ("Ref", "Resources/Odd.Ref", "Resources/Odd", "Ref")),
])
def test_what_a_resource_reference_is_known_to_be(text, expected):
    assert shape(tpl(RES).resolve(expr(text))[0]) == expected


def test_find_in_map_and_split_of_no_list_are_unknown():
    t = tpl(DEFAULTS)
    assert shape(t.resolve({"Fn::FindInMap": 5})[0]) == ("Unknown", "!FindInMap 5")
    assert shape(t.resolve({"Fn::FindInMap": "abc"})[0]) == ("Unknown", "!FindInMap abc")


@pytest.mark.parametrize("text,expected", [
    ("!Sub '${!Literal}-${Tag}'",
     ("Partial", "!Sub ${!Literal}-${Tag}", [("text", "${Literal}-"), ("hole", "${Tag}")])),
    ("!Sub '${Topic.A.B}:${AWS::Region}'",
     ("Partial", "!Sub ${Topic.A.B}:${AWS::Region}", [("hole", "${Topic.A.B}"), ("text", ":eu-west-1")])),
    ("!Sub '${!Literal}-${AWS::Region}'", ("str", "${Literal}-eu-west-1")),
])
def test_sub_keeps_literals_and_the_forms_it_cannot_fill(text, expected):
    t = tpl(DEFAULTS.replace("Resources:\n", "Resources:\n  Topic: {Type: AWS::SNS::Topic}\n"))
    assert shape(t.resolve(expr(text))[0]) == expected


def test_a_parameter_without_a_type_gives_its_default():
    assert tpl(DEFAULTS).resolve(expr("!Ref Untyped"))[0] == "plain"


# --- nesting bounds ---------------------------------------------------------------------------------------

def _in_lists(n: int, leaf):
    for _ in range(n):
        leaf = [leaf]
    return leaf


def _in_maps(n: int, leaf):
    for _ in range(n):
        leaf = {"k": leaf}
    return leaf


def _leaf(value, n: int):
    for _ in range(n):
        value = value["k"] if isinstance(value, dict) else value[0]
    return value


def test_mappings_count_as_nesting_levels():
    t = tpl(DEFAULTS)
    assert _leaf(t.resolve(_in_maps(50, "v"))[0], 50) == "v"
    assert shape(_leaf(t.resolve(_in_maps(51, "v"))[0], 51)) == ("Unknown", "deeply nested intrinsic functions")


def test_sub_variables_are_one_level_below_the_sub():
    t = tpl(DEFAULTS)
    sub = {"Fn::Sub": ["${V}", {"V": "plain"}]}
    assert _leaf(t.resolve(_in_lists(49, sub))[0], 49) == "plain"
    assert shape(_leaf(t.resolve(_in_lists(50, sub))[0], 50)) == ("Partial", '!Sub ["${V}", {"V": "plain"}]',
                                                                   [("hole", "${V}")])


def test_getatt_at_the_deepest_level_still_resolves():
    t = tpl(RES)
    assert shape(_leaf(t.resolve(_in_lists(50, {"Fn::GetAtt": "Topic.Arn"}))[0], 50)) == (
        "Ref", "Resources/Topic.Arn", "Resources/Topic", "Arn")


def _role_named_through(n: int) -> Template:
    """A role whose name is ``deep`` chosen through ``n`` nested !If."""
    name = "deep"
    for _ in range(n):
        name = {"Fn::If": ["Yes", name, "other"]}
    return Template({"Conditions": {"Yes": {"Fn::Equals": ["a", "a"]}},
                     "Resources": {"Role": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": name}}}}, PROFILE)


def test_a_resource_name_is_resolved_ten_levels_deep_at_most():
    assert shape(_role_named_through(10).resolve({"Ref": "Role"})[0]) == ("Ref", "deep", "Resources/Role", "Ref")
    assert shape(_role_named_through(11).resolve({"Ref": "Role"})[0]) == (
        "Ref", "Resources/Role.Ref", "Resources/Role", "Ref")


def test_a_long_text_is_cut_after_120_characters():
    t = tpl(DEFAULTS)
    at_limit = "!ImportValue " + "x" * 107
    assert shape(t.resolve(expr(at_limit))[0]) == ("Unknown", at_limit)
    assert shape(t.resolve(expr(at_limit + "y"))[0]) == ("Unknown", at_limit[:117] + "...")


# --- what is a template ---------------------------------------------------------------------------------

@pytest.mark.parametrize("value,expected", [
    ({"AWSTemplateFormatVersion": "2010-09-09"}, True),
    ({"Resources": {"A": {"Type": "AWS::SNS::Topic"}, "B": {"Type": "Custom::Thing"}}}, True),
    ({"Resources": {"A": {"Type": "Foo::Bar"}}}, False),
    ({"Resources": {"A": {"Properties": {}}}}, False),
    ({"Resources": {"A": {"Type": 5}}}, False),
    ({"Resources": {"A": "AWS::SNS::Topic"}}, False),
    ({"Resources": {}}, False),
    ([{"AWSTemplateFormatVersion": "2010-09-09"}], False),
    ("AWSTemplateFormatVersion", False),
])
def test_is_template(value, expected):
    assert is_template(value) is expected


@pytest.mark.parametrize("transform,expected", [
    ("AWS::Serverless-2016-10-31", True),
    (["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"], True),
    (["AWS::LanguageExtensions"], False),
    (None, False),
])
def test_is_sam(transform, expected):
    assert is_sam({"Transform": transform}) is expected


def test_sections_that_are_no_mappings_define_nothing():
    t = Template({"Parameters": ["Env"], "Resources": ["Topic"]}, PROFILE)
    assert (t.parameters, t.resources) == ({}, {})
    assert format_errors(t) == []
    assert isinstance(t.resolve({"Ref": "Topic"})[0], Undefined)


# --- end to end: format errors are DOA001 findings at the line of what is wrong ----------------------------

def test_end_to_end_format_errors_and_cycles_are_doa001_at_their_lines(linter):
    text = """\
AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  A: !Not [!Condition B]
  B: !Not [!Condition A]
Resources:
  First:
    Type: AWS::SNS::Topic
    DependsOn: [Second, Ghost]
  Second:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Join ['', [!GetAtt First.TopicName]]
Outputs:
  Out:
    Condition: Nope
    Value: !Sub '${Second.TopicName}-${Missing}'
"""
    report = linter.lint_buffer(text.encode(), "template.yaml")
    assert not report.internal_errors
    assert [(f.rule, f.line, f.col, f.message.removeprefix("template format error: ")) for f in report.findings] == [
        ("DOA001", 3, 3, "circular dependency between conditions A -> B -> A; CloudFormation cannot evaluate them"),
        ("DOA001", 6, 3, "circular dependency between resources First -> Second -> First; "
                         "CloudFormation cannot order their creation"),
        ("DOA001", 8, 25, "DependsOn 'Ghost': no resource of this template is named so"),
        ("DOA001", 15, 5, "Condition Nope: no condition of this template is named Nope"),
        ("DOA001", 16, 5, "!Sub refers to ${Missing}, which this template does not define"),
    ]
    assert all(f.message.startswith("template format error: ") for f in report.findings)
