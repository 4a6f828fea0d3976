"""Tests for small semantic changes to doalint that the rest of the suite let through.

A mutation analysis found changes (an operator, a bound, a dropped condition) that kept every other
test green. Each test here names the change it guards against in its docstring's first line and
checks behaviour at the exact point where the change shows: the boundary value, the branch, the one
input that tells the right reading from the wrong one.

The sections follow the analysis' list: CloudFormation conditions, waivers, SARIF, the Terraform
evaluator, the service and task rules, ports and protocols, IAM, the CPU alarm, globs, inline
suppressions and target groups.
"""

from __future__ import annotations

import copy
import datetime
import json
import shutil

import pytest

from conftest import FIXTURES, rule_lines

BASE = FIXTURES / "rules" / "_base"


# --- helpers -----------------------------------------------------------------------------------

def _base(name: str) -> dict:
    """A fresh copy of one of the clean base documents of fixtures/rules/_base."""
    return json.loads((BASE / name).read_text())


def _text(doc) -> str:
    return doc if isinstance(doc, str) else json.dumps(doc, indent=2)


def lint(linter, doc, name: str = "doc.json"):
    """Lint a document (a dict, written as JSON, or text) as the file ``name``; no internal errors."""
    report = linter.lint_buffer(_text(doc).encode(), name)
    assert not report.internal_errors, report.internal_errors
    return report


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The 1-based line of the ``nth`` line of ``text`` holding ``needle``."""
    hits = [i for i, ln in enumerate(text.splitlines(), start=1) if needle in ln]
    return hits[nth]


def key_line(text: str, key: str) -> int:
    """The line of JSON ``text`` where the key ``key`` is written."""
    return line_of(text, f'"{key}"')


def of_rule(report, rule: str) -> list[str]:
    return sorted(f"{f.rule}@{f.line}" for f in report.findings if f.rule == rule)


# --- 1. CloudFormation conditions: Fn::Or ------------------------------------------------------

CLUSTER_TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env:
    Type: String
    Default: production
Conditions:
  IsProd: !Equals [!Ref Env, production]
  IsStaging: !Equals [!Ref Env, staging]
  IsTest: !Equals [!Ref Env, test]
  Insights: {condition}
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: doa-market-cluster
      ClusterSettings:
        - Name: containerInsights
          Value: !If [Insights, enabled, disabled]
"""


def _insights(linter, condition: str) -> list[str]:
    text = CLUSTER_TEMPLATE.format(condition=condition)
    return of_rule(lint(linter, text, "template.yaml"), "DOA801")


def test_fn_or_is_true_when_any_operand_is_true(linter):
    """Fn::Or evaluated as Fn::And: one true operand of two makes Or true (And would be false)."""
    line = line_of(CLUSTER_TEMPLATE, "Value: !If")
    # Env is production: IsStaging is false, IsProd true -> Or is true -> enabled
    assert _insights(linter, "!Or [{Condition: IsStaging}, {Condition: IsProd}]") == []
    assert _insights(linter, "!Or [!Equals [a, b], !Equals [c, c], !Equals [d, e]]") == []
    # every operand false -> Or is false -> disabled, reported at the !If
    assert _insights(linter, "!Or [{Condition: IsStaging}, {Condition: IsTest}]") == [f"DOA801@{line}"]


def test_fn_and_needs_every_operand(linter):
    """Fn::And (the other side of the Or/And swap): one false operand makes it false."""
    line = line_of(CLUSTER_TEMPLATE, "Value: !If")
    assert _insights(linter, "!And [{Condition: IsProd}, {Condition: IsStaging}]") == [f"DOA801@{line}"]
    assert _insights(linter, "!And [{Condition: IsProd}, !Not [{Condition: IsTest}]]") == []


# --- 2. waivers: the expires day --------------------------------------------------------------

def _waiver_config(tmp_path, expires: str):
    from doalint.config import load

    cfg = tmp_path / ".doalint.yaml"
    cfg.write_text("waivers:\n"
                   "  - rule: DOA101\n"
                   "    path: bridge.json\n"
                   "    reason: batch job stays on EC2 until the migration\n"
                   f"    expires: {expires}\n")
    return load(cfg)


def test_a_waiver_holds_on_its_expires_day_and_lapses_the_day_after(linter, tmp_path):
    """A waiver expiring on its ``expires`` date instead of after it (``<`` turned ``<=``)."""
    from doalint.catalog import default_catalog
    from doalint.suppress import apply_waivers

    shutil.copy(FIXTURES / "rules" / "DOA101" / "bad.json", tmp_path / "bridge.json")
    findings = linter.lint_paths([str(tmp_path / "bridge.json")]).findings
    assert [f.rule for f in findings] == ["DOA101"]
    config = _waiver_config(tmp_path, "2030-06-15")

    def run(today):
        emitted = []
        out = apply_waivers(findings, config, default_catalog(),
                            lambda rule, file, line, col, msg: emitted.append((rule, line, msg)),
                            today=today)
        return out, emitted

    out, emitted = run(datetime.date(2030, 6, 15))  # the expires day itself: still in force
    assert emitted == [] and [f.suppression.kind for f in out] == ["external"]
    out, emitted = run(datetime.date(2030, 6, 14))
    assert emitted == [] and out[0].suppression is not None
    out, emitted = run(datetime.date(2030, 6, 16))  # the day after: DOA011, and the finding is back
    assert [(r, line) for r, line, _ in emitted] == [("DOA011", 2)]
    assert "expired on 2030-06-15" in emitted[0][2]
    assert out[0].suppression is None


# --- 3. SARIF relatedLocations ids ---------------------------------------------------------------

def test_sarif_related_location_ids_count_from_one(linter, profile):
    """SARIF ``relatedLocations`` ids shifted by one: they are 1, 2, ... in order."""
    from doalint import record as records

    from doalint.catalog import default_catalog
    from doalint.engine.findings import RelatedLocation
    from doalint.reporters.sarif import as_dict

    report = linter.lint_paths([str(FIXTURES / "rules" / "DOA901" / "bad-sidecar-port")])
    [f] = report.findings
    [res] = as_dict(report, default_catalog(), profile)["runs"][0]["results"]
    assert [r["id"] for r in res["relatedLocations"]] == [1]
    # three related locations: ids 1, 2, 3, each with its own message
    extra = tuple(RelatedLocation(f.file, n, 1, f"related {n}") for n in (5, 6))
    report.findings = [records.replace(f, related=f.related + extra)]
    [res] = as_dict(report, default_catalog(), profile)["runs"][0]["results"]
    assert [(r["id"], r["message"]["text"]) for r in res["relatedLocations"]] == [
        (1, f.related[0].message), (2, "related 5"), (3, "related 6")]


# --- 4, 5. the Terraform evaluator: negative indexes, the depth bound ---------------------------

def _tf_eval(expr: str):
    from doalint.terraform import hcl
    from doalint.terraform.evaluate import Evaluator

    text = f"x = {expr}\n"
    node = hcl.parse(text).attributes["x"].expr
    return Evaluator(text, lambda name, n, ev: ev.unknown(n)).evaluate(node)


def test_terraform_rejects_a_negative_list_index():
    """Terraform index ``-1`` accepted: Terraform rejects a negative index (an error try() catches)."""
    from doalint.terraform.evaluate import Invalid

    assert _tf_eval("[10, 20, 30][2]") == 30
    assert isinstance(_tf_eval("[10, 20, 30][-1]"), Invalid)
    assert isinstance(_tf_eval("[10, 20, 30][3]"), Invalid)
    assert _tf_eval('try([10, 20, 30][-1], "fallback")') == "fallback"
    assert _tf_eval('try(tolist(["a", "b"])[-2], "fallback")') == "fallback"


def test_terraform_expression_depth_exactly_at_the_bound_is_evaluated():
    """A Terraform evaluator depth bound off by one: an expression exactly MAX_DEPTH deep is evaluated."""
    from doalint.terraform.evaluate import MAX_DEPTH, Unevaluable

    # n unary minus operators over a literal: n + 1 nested expressions
    at = _tf_eval("-" * (MAX_DEPTH - 1) + "7")
    assert at == (-7 if (MAX_DEPTH - 1) % 2 else 7)
    beyond = _tf_eval("-" * MAX_DEPTH + "7")
    assert isinstance(beyond, Unevaluable) and f"nesting deeper than {MAX_DEPTH} levels" in beyond.text


def test_terraform_value_nesting_exactly_at_the_bound_is_kept():
    """A Terraform value depth bound off by one: a value nested exactly MAX_DEPTH levels is kept."""
    from doalint.terraform.evaluate import MAX_DEPTH, Unevaluable

    def nested(n):
        return "[" * n + "1" + "]" * n

    at = _tf_eval(f'jsondecode("{nested(MAX_DEPTH)}")')
    assert at == json.loads(nested(MAX_DEPTH))
    beyond = _tf_eval(f'jsondecode("{nested(MAX_DEPTH + 1)}")')
    assert isinstance(beyond, Unevaluable) and f"nesting deeper than {MAX_DEPTH} levels" in beyond.text


# --- 6. DOA209: revision 0 -----------------------------------------------------------------------

@pytest.mark.parametrize("task_definition,reported", [
    ("product-service:0", True),
    ("product-service:1", False),
    ("arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:0", True),
    ("arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:1", False),
])
def test_doa209_revision_zero_is_not_a_pin(linter, task_definition, reported):
    """A task definition revision ``0`` accepted as pinned (DOA209): revisions count from 1."""
    svc = _base("service.json")
    svc["taskDefinition"] = task_definition
    text = _text(svc)
    report = lint(linter, text, "service.json")
    want = [f"DOA209@{key_line(text, 'taskDefinition')}"] if reported else []
    assert rule_lines(report) == want
    if reported:
        assert "has revision '0'; a revision is a number from 1 up" in report.findings[0].message


def test_doa209_an_arn_broken_over_two_lines_is_no_task_definition_arn(linter):
    """A task definition ARN is one line: one with a line break in its revision (a YAML block scalar
    gone wrong) is neither family:revision nor an ARN, not an ARN whose revision is "3\\n7"."""
    svc = _base("service.json")
    svc["taskDefinition"] = "arn:aws:ecs:ap-northeast-2:123456789012:task-definition/product-service:3\n7"
    report = lint(linter, _text(svc), "service.json")
    assert [f.rule for f in report.findings] == ["DOA209"]
    assert "is neither family:revision nor a task definition ARN" in report.findings[0].message


# --- 7. a port at the top of its allowed range (DOA702's is with the security groups below) --------

def test_doa906_container_port_equal_to_the_groups_to_port_is_admitted(linter, tmp_path):
    """A port equal to the top of the allowed range rejected (DOA906: the tasks' group's ToPort)."""
    src = FIXTURES / "rules" / "DOA906" / "good-inside-group"
    target = tmp_path / "set"
    shutil.copytree(src, target)
    worker = target / "billing-worker.yaml"
    text = worker.read_text()
    assert "containerPort: 3100" in text

    def doa906(port):
        worker.write_text(text.replace("containerPort: 3100", f"containerPort: {port}"))
        return of_rule(linter.lint_paths([str(target)]), "DOA906")

    assert doa906(3999) == []  # the group admits tcp 3000-3999
    assert doa906(3000) == []
    line = line_of(text, "containerPort: 3100")
    assert doa906(4000) == [f"DOA906@{line}"]
    assert doa906(2999) == [f"DOA906@{line}"]


def test_api_shape_port_maximum_is_inclusive(linter):
    """A port equal to the top of the allowed range rejected (DOA002: 65535 is a valid port)."""
    tg = _base("elbv2-target-group.json")
    tg["Port"] = 65535
    assert rule_lines(lint(linter, tg, "tg.json")) == []
    tg["Port"] = 65536
    report = lint(linter, tg, "tg.json")
    assert rule_lines(report) == [f"DOA002@{key_line(_text(tg), 'Port')}"]
    appspec = _base("codedeploy-appspec.json")
    info = appspec["Resources"][0]["TargetService"]["Properties"]["LoadBalancerInfo"]
    info["ContainerPort"] = 65535
    assert of_rule(lint(linter, appspec, "appspec.json"), "DOA002") == []
    info["ContainerPort"] = 65536
    assert of_rule(lint(linter, appspec, "appspec.json"), "DOA002") == [
        f"DOA002@{line_of(_text(appspec), 'ContainerPort')}"]
    info["ContainerPort"] = 0
    assert of_rule(lint(linter, appspec, "appspec.json"), "DOA002") == [
        f"DOA002@{line_of(_text(appspec), 'ContainerPort')}"]


# --- 8, 14. security groups: protocol numbers, all-protocol and self rules ------------------------

SG_MODULE = """\
resource "aws_security_group" "alb" {
  name   = "doa-market-alb-sg"
  vpc_id = "vpc-0abc123"

  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "ecs_tasks" {
  name   = "doa-market-ecs-tasks-sg"
  vpc_id = "vpc-0abc123"

  ingress {
    from_port       = 3000
    to_port         = 3999
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }

  ingress {
    from_port = 0
    to_port   = 0
    protocol  = "-1"
    self      = true
  }
}
"""


def _sg(name: str, *perms, group_id: str = "sg-0tasks") -> dict:
    """describe-security-groups output with one group."""
    blank = {"IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [], "PrefixListIds": []}
    return {"SecurityGroups": [{"GroupId": group_id, "GroupName": name, "Description": name, "VpcId": "vpc-1",
                                "IpPermissions": [dict(blank, **p) for p in perms]}]}


def _perm(proto, lo=None, hi=None, cidr=None, groups=()) -> dict:
    p: dict = {"IpProtocol": proto}
    if lo is not None:
        p["FromPort"] = lo
    if hi is not None:
        p["ToPort"] = hi
    if cidr:
        p["IpRanges"] = [{"CidrIp": cidr}]
    if groups:
        p["UserIdGroupPairs"] = [{"GroupId": g} for g in groups]
    return p


def _findings(report) -> list[tuple[str, int, str]]:
    return sorted((f.rule, f.line, f.message) for f in report.findings)


def test_doa702_tasks_ingress_up_to_the_top_of_the_port_range(linter):
    """A port equal to the top of the allowed range rejected (DOA702: ToPort == the profile's top port)."""
    tf = SG_MODULE.replace("to_port         = 3999", "to_port         = 4000")
    assert of_rule(lint(linter, SG_MODULE, "main.tf"), "DOA702") == []
    assert of_rule(lint(linter, tf, "main.tf"), "DOA702") == [f"DOA702@{line_of(tf, 'from_port       = 3000')}"]


@pytest.mark.parametrize("proto", ["6", 6])
def test_protocol_number_6_is_tcp_in_terraform(linter, proto):
    """TCP given as protocol number "6" no longer recognised (the ec2 mapper and _perm.protocol)."""
    written = f'"{proto}"' if isinstance(proto, str) else str(proto)
    tf = SG_MODULE.replace('protocol    = "tcp"', f"protocol    = {written}").replace(
        'protocol        = "tcp"', f"protocol        = {written}")
    assert tf.count(f"= {written}") == 3
    assert rule_lines(lint(linter, tf, "main.tf")) == []
    # udp (17) on the same ports is not tcp: reported by both rules
    udp = tf.replace(f"= {written}", "= 17")
    assert sorted({f.rule for f in lint(linter, udp, "main.tf").findings}) == ["DOA701", "DOA702"]


def test_protocol_number_6_is_tcp_in_describe_output(linter):
    """TCP given as protocol number "6" no longer recognised (describe output, DOA701 and DOA702)."""
    alb = _sg("doa-market-alb-sg", _perm("6", 443, 443, cidr="0.0.0.0/0"), group_id="sg-0alb")
    assert rule_lines(lint(linter, alb, "sg.json")) == []
    udp = _sg("doa-market-alb-sg", _perm("17", 443, 443, cidr="0.0.0.0/0"), group_id="sg-0alb")
    [f] = lint(linter, udp, "sg.json").findings
    assert f.rule == "DOA701" and "admits udp port 443 from 0.0.0.0/0" in f.message
    # the tasks' group: tcp 3000-3999 as "6" is in range (only the unknown source group is said)
    tasks = _sg("doa-market-ecs-tasks-sg", _perm("6", 3000, 3999, groups=["sg-0alb"]))
    report = lint(linter, tasks, "sg.json")
    assert [f.rule for f in report.findings] == ["DOA702"] and "sg-0alb" in report.findings[0].message


def test_protocol_number_6_is_tcp_in_cloudformation(linter):
    """TCP given as protocol number 6 no longer recognised (the CloudFormation ec2 mapper)."""
    text = (FIXTURES / "rules" / "DOA701" / "good-cfn.yaml").read_text()
    assert text.count("IpProtocol: tcp") == 3
    assert rule_lines(lint(linter, text.replace("IpProtocol: tcp", "IpProtocol: 6"), "template.yaml")) == []
    assert sorted({f.rule for f in lint(linter, text.replace("IpProtocol: tcp", "IpProtocol: 17"),
                                        "template.yaml").findings}) == ["DOA701", "DOA702"]


def test_doa906_reads_protocol_number_6_as_tcp(linter, tmp_path):
    """TCP given as protocol number "6" no longer recognised (DOA906: the ports the tasks' group admits)."""
    target = tmp_path / "set"
    shutil.copytree(FIXTURES / "rules" / "DOA906" / "bad-outside-group", target)
    network = target / "network" / "main.tf"
    text = network.read_text()
    assert text.count('"tcp"') == 2
    # billing-worker's 8080 is outside the tasks' group's tcp 3000-3999, ledger-sync's 3101 inside
    want = ["DOA906@14"]
    assert of_rule(linter.lint_paths([str(target)]), "DOA906") == want
    network.write_text(text.replace('"tcp"', '"6"'))
    report = linter.lint_paths([str(target)])
    assert [f.file.endswith("billing-worker.yaml") for f in report.findings if f.rule == "DOA906"] == [True]
    assert of_rule(report, "DOA906") == want


def test_all_protocol_rule_from_itself_only(linter):
    """The security-group all-protocol (-1) condition: only a rule whose sources are the group itself passes."""
    name = "doa-market-ecs-tasks-sg"
    assert rule_lines(lint(linter, _sg(name, _perm("-1", groups=["sg-0tasks"])), "sg.json")) == []
    # "all" is -1 too
    assert rule_lines(lint(linter, _sg(name, _perm("all", groups=["sg-0tasks"])), "sg.json")) == []

    def doa704(perm):
        report = lint(linter, _sg(name, perm), "sg.json")
        assert {f.rule for f in report.findings} == {"DOA704"}, _findings(report)
        [f] = report.findings
        return f.message

    # itself and an address range as well
    assert doa704(_perm("-1", cidr="10.0.0.0/8", groups=["sg-0tasks"])).startswith(
        "admits every protocol and port (-1) from address ranges")
    # itself and another group
    assert doa704(_perm("-1", groups=["sg-0tasks", "sg-0other"])).startswith(
        "admits every protocol and port (-1) from sg-0other")
    # no source at all
    assert doa704(_perm("-1")).startswith("admits every protocol and port (-1) from address ranges")


def test_all_protocol_rules_are_doa704s_not_doa702s(linter):
    """The security-group custom-rule branch: DOA702 leaves -1 rules to DOA704 and judges every other protocol."""
    name = "doa-market-ecs-tasks-sg"
    report = lint(linter, _sg(name, _perm("-1", groups=["sg-0other"])), "sg.json")
    assert [f.rule for f in report.findings] == ["DOA704"]
    # a custom protocol (50, ESP) from itself only: the tasks talking to each other, fine for DOA702
    assert rule_lines(lint(linter, _sg(name, _perm("50", groups=["sg-0tasks"])), "sg.json")) == []
    # from itself and an address range: no longer "from itself only"
    report = lint(linter, _sg(name, _perm("tcp", 3003, 3003, cidr="10.0.0.0/8", groups=["sg-0tasks"])), "sg.json")
    assert [f.message for f in report.findings] == [
        "the tasks' group admits traffic from 10.0.0.0/8; tasks take traffic only from the load balancer's group "
        "(and from each other), never from address ranges"]
    # a custom protocol from the load balancer: not tcp, so outside the standard's ports
    tf = SG_MODULE.replace('protocol        = "tcp"', 'protocol        = "50"')
    report = lint(linter, tf, "main.tf")
    assert [(f.rule, f.line) for f in report.findings] == [("DOA702", line_of(tf, "from_port       = 3000"))]
    assert "admits 50 ports 3000-3999" in report.findings[0].message


def test_alb_public_rule_is_one_allowed_tcp_port(linter):
    """The security-group custom-port condition of DOA701: tcp, one port (FromPort == ToPort), an allowed one."""
    def doa701(perm):
        report = lint(linter, _sg("doa-market-alb-sg", perm, group_id="sg-0alb"), "sg.json")
        return [f.message for f in report.findings if f.rule == "DOA701"]

    assert doa701(_perm("tcp", 80, 80, cidr="0.0.0.0/0")) == []
    assert doa701(_perm("tcp", 443, 443, cidr="::/0")) == []
    assert len(doa701(_perm("tcp", 80, 443, cidr="0.0.0.0/0"))) == 1  # a range of ports
    assert len(doa701(_perm("tcp", 443, 80, cidr="0.0.0.0/0"))) == 1
    assert len(doa701(_perm("tcp", 8080, 8080, cidr="0.0.0.0/0"))) == 1  # a port not allowed
    assert len(doa701(_perm("-1", cidr="0.0.0.0/0"))) == 1
    # from a private range, the rule has nothing to say
    assert doa701(_perm("tcp", 8080, 8080, cidr="10.0.0.0/8")) == []


# --- 9. IAM: unknown service prefixes --------------------------------------------------------------

POLICY = """\
Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action:
      - dynamdb:Query
      - zzz*:GetItem
      - ecs*:NoSuchThing
      - dynamodb:Qurey
    Resource: arn:aws:dynamodb:*:*:table/ProductViews
"""


def test_doa607_reports_an_unknown_service_prefix_as_such(linter):
    """An unknown IAM service prefix no longer reported (DOA607): each kind of miss has its own message."""
    report = lint(linter, POLICY, "policy.yaml")
    assert _findings(report) == sorted([
        ("DOA607", 5, "'dynamdb:Query': 'dynamdb' is not an IAM service prefix; did you mean dynamodb "
                      "(dynamodb:Query)?"),
        ("DOA607", 6, "'zzz*:GetItem': 'zzz*' matches no IAM service prefix"),
        ("DOA607", 7, "'ecs*:NoSuchThing' matches no action of the services 'ecs*' names"),
        ("DOA607", 8, "'dynamodb:Qurey' is not an action of dynamodb (Amazon DynamoDB); did you mean "
                      "dynamodb:Query?"),
    ])


def test_doa607_unknown_prefix_alone_is_reported(linter):
    """An unknown IAM service prefix no longer reported (DOA607): a policy whose only miss is the prefix."""
    text = POLICY.replace("      - zzz*:GetItem\n      - ecs*:NoSuchThing\n      - dynamodb:Qurey\n", "")
    report = lint(linter, text, "policy.yaml")
    assert rule_lines(report) == ["DOA607@5"]
    assert lint(linter, text.replace("dynamdb:Query", "dynamodb:Query"), "policy.yaml").findings == []
    # a whole unknown service (dynamdb:*) is an unknown prefix too
    report = lint(linter, text.replace("dynamdb:Query", "dynamdb:*"), "policy.yaml")
    assert [(f.rule, f.line) for f in report.findings] == [("DOA607", 5)]
    assert "'dynamdb' is not an IAM service prefix" in report.findings[0].message


# --- 10, 16. the CPU alarm (DOA802) at the profile's values ------------------------------------------

def _alarm_findings(linter, **changes) -> list[tuple[str, int, str]]:
    """(rule, line, key written on that line) of the findings on the base CPU alarm with ``changes``
    (None: the key removed)."""
    alarm = _base("cloudwatch-alarm.json")
    for k, v in changes.items():
        if v is None:
            alarm.pop(k, None)
        else:
            alarm[k] = v
    text = _text(alarm)
    report = lint(linter, text, "alarm.json")
    return [(f.rule, f.line, next(k for k in alarm if f'"{k}"' in text.splitlines()[f.line - 1]))
            for f in report.findings]


def test_doa802_datapoints_judged_only_when_evaluation_periods_is_the_standards(linter):
    """A CPU alarm's DatapointsToAlarm judged when EvaluationPeriods differs: then only EvaluationPeriods is said."""
    assert _alarm_findings(linter, EvaluationPeriods=3, DatapointsToAlarm=3) == [
        ("DOA802", 7, "EvaluationPeriods")]
    assert _alarm_findings(linter, EvaluationPeriods=1, DatapointsToAlarm=1) == [
        ("DOA802", 7, "EvaluationPeriods")]
    # with the standard's 2 evaluation periods, DatapointsToAlarm must be 2 as well
    assert _alarm_findings(linter, DatapointsToAlarm=2) == []
    assert [k for _, _, k in _alarm_findings(linter, DatapointsToAlarm=1)] == ["DatapointsToAlarm"]
    assert [k for _, _, k in _alarm_findings(linter, DatapointsToAlarm=3)] == ["DatapointsToAlarm"]


@pytest.mark.parametrize("key,want", [("Threshold", 80), ("Period", 300), ("EvaluationPeriods", 2)])
def test_doa802_numbers_are_exactly_the_profiles(linter, profile, key, want):
    """A CPU alarm / threshold boundary: the profile's value passes, one either side of it is reported."""
    std = profile.monitoring.cpu_alarm
    assert {"Threshold": std.threshold, "Period": std.period, "EvaluationPeriods": std.evaluation_periods}[key] == want
    assert _alarm_findings(linter, **{key: want}) == []
    step = 60 if key == "Period" else 1
    for got in (want - step, want + step):
        findings = _alarm_findings(linter, **{key: got})
        assert [k for _, _, k in findings] == [key], (got, findings)


def test_doa802_comparison_operator_is_exactly_greater_than(linter):
    """A CPU alarm / threshold boundary: GreaterThanOrEqualToThreshold is not the standard's GreaterThanThreshold."""
    assert _alarm_findings(linter, ComparisonOperator="GreaterThanThreshold") == []
    for op in ("GreaterThanOrEqualToThreshold", "LessThanThreshold"):
        assert [k for _, _, k in _alarm_findings(linter, ComparisonOperator=op)] == ["ComparisonOperator"]


def test_doa802_other_metrics_and_namespaces_are_not_the_cpu_alarm(linter):
    """A CPU alarm / threshold boundary: only AWS/ECS CPUUtilization (or no namespace) is the CPU alarm."""
    assert _alarm_findings(linter, MetricName="MemoryUtilization", Threshold=95) == []
    assert _alarm_findings(linter, Namespace="AWS/EC2", Threshold=95) == []
    assert [k for _, _, k in _alarm_findings(linter, Threshold=95)] == ["Threshold"]
    # no Namespace: still the CPU alarm, and the missing Namespace is said at the document
    alarm = _base("cloudwatch-alarm.json")
    del alarm["Namespace"]
    alarm["Threshold"] = 95
    report = lint(linter, alarm, "alarm.json")
    assert sorted(f.message.split(";")[0] for f in report.findings) == ["Namespace is not set", "Threshold is 95"]


# --- 11. globs: a trailing "/" ---------------------------------------------------------------------

@pytest.mark.parametrize("glob,path,matches", [
    ("generated/", "generated/task.json", True),
    ("generated/", "services/generated/task.json", True),  # no "/" but the trailing one: any depth
    ("generated/", "generated", True),
    ("generated/", "generated-task.json", False),
    ("generated/", "regenerated/task.json", False),
    ("out/generated/", "out/generated/task.json", True),
    ("out/generated/", "x/out/generated/task.json", False),  # a "/" inside: from the root only
    ("**/generated/", "a/b/generated/c/task.json", True),
])
def test_a_glob_ending_in_slash_names_a_folder(glob, path, matches):
    """A glob's trailing ``/``: a pattern ending in / matches the folder (and what is under it), anywhere."""
    from doalint.config import glob_match

    assert glob_match(glob, path) is matches


def test_exclude_with_a_trailing_slash_skips_the_folder(linter, tmp_path, monkeypatch):
    """A glob's trailing ``/`` (config exclude): ``generated/`` skips that folder at any depth, nothing else."""
    from doalint.config import Config
    from doalint.engine.runner import Linter

    bad = (FIXTURES / "rules" / "DOA101" / "bad.json").read_text()
    for rel in ("generated/a.json", "services/generated/b.json", "services/c.json", "generated-d.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(bad)
    monkeypatch.chdir(tmp_path)
    lin = Linter(linter.profile, config=Config(root=tmp_path, exclude=["generated/"]))
    report = lin.lint_paths(["."])
    assert sorted({f.file.replace("\\", "/").removeprefix("./") for f in report.findings}) == [
        "generated-d.json", "services/c.json"]


# --- 12. inline suppressions on YAML list items -----------------------------------------------------

POLICY_ITEM = """\
Version: "2012-10-17"
Statement:
  - Sid: Vendor
    Effect: Allow
    Action:
      - dynamdb:Query
    Resource: arn:aws:dynamodb:*:*:table/ProductViews
"""
IGNORE_607 = "# doalint: ignore[DOA607] the vendor's prefix, reviewed"


def _suppressed(report) -> list[tuple[str, int, bool]]:
    return sorted((f.rule, f.line, f.suppression is not None) for f in report.findings)


def test_comment_above_a_list_item_covers_the_whole_item(linter):
    """The YAML list-item check of inline suppressions: a comment above ``- key:`` covers every key of the item."""
    text = POLICY_ITEM.replace("  - Sid: Vendor", f"  {IGNORE_607}\n  - Sid: Vendor")
    assert _suppressed(lint(linter, text, "policy.yaml")) == [("DOA607", 7, True)]


def test_comment_at_the_end_of_a_list_item_line_covers_only_that_key(linter):
    """The YAML list-item check of inline suppressions: only a comment on its own line covers the whole item."""
    text = POLICY_ITEM.replace("  - Sid: Vendor", f"  - Sid: Vendor  {IGNORE_607}")
    report = lint(linter, text, "policy.yaml")
    assert _suppressed(report) == [("DOA012", 3, False), ("DOA607", 6, False)]


def test_comment_above_a_later_key_of_an_item_covers_only_that_key(linter):
    """The YAML list-item check of inline suppressions: above a key that is not the item's ``- `` line, just the key."""
    text = POLICY_ITEM.replace("    Effect: Allow", f"    {IGNORE_607}\n    Effect: Allow")
    report = lint(linter, text, "policy.yaml")
    assert _suppressed(report) == [("DOA012", 4, False), ("DOA607", 7, False)]
    # above the Action key: it covers the actions under it
    text = POLICY_ITEM.replace("    Action:", f"    {IGNORE_607}\n    Action:")
    assert _suppressed(lint(linter, text, "policy.yaml")) == [("DOA607", 7, True)]


def test_comment_above_a_top_level_list_item_covers_the_item(linter):
    """The YAML list-item check of inline suppressions: a top-level list's item (a path of two) counts too."""
    text = ("# doalint: ignore[DOA117] pinned by the deploy pipeline at release time\n"
            "- name: product-service\n"
            "  image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/product-service:latest\n"
            "  essential: true\n")
    report = lint(linter, text, "containers.yaml")
    assert [(f.line, f.suppression is not None) for f in report.findings if f.rule == "DOA117"] == [(3, True)]
    assert not [f for f in report.findings if f.rule == "DOA012"]


# --- 13. target groups without a protocol -------------------------------------------------------------

def test_target_group_without_protocol_gets_the_alb_health_check_defaults(linter):
    """A load-balancer protocol of ``None``: a target group without Protocol gets an ALB's defaults, not an NLB's."""
    tg = _base("elbv2-target-group.json")
    for key in ("Protocol", "HealthCheckProtocol", "HealthCheckTimeoutSeconds", "Matcher"):
        del tg[key]  # AWS's ALB defaults for these are the standard's: HTTP, 5 seconds, "200"
    assert rule_lines(lint(linter, tg, "tg.json")) == []
    # an NLB's (TCP) defaults are not: TCP health checks, 10 seconds, 200-399
    tg["Protocol"] = "TCP"
    report = lint(linter, tg, "tg.json")
    assert sorted(f.message.split(" is not set")[0] for f in report.findings) == [
        "HealthCheckProtocol", "HealthCheckTimeoutSeconds", "Matcher.HttpCode"]
    tg["Protocol"] = "HTTPS"
    assert rule_lines(lint(linter, tg, "tg.json")) == []


# --- 15. the application container among containers of longer names ------------------------------------

SIDECAR = {"name": "product-service-log-router", "essential": True,
           "image": "123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/fluent-bit:2.1.0",
           "portMappings": [{"containerPort": 3003, "protocol": "tcp"}]}


@pytest.mark.parametrize("sidecar_first", [True, False])
def test_app_container_is_the_one_named_after_the_service_not_the_longest(linter, sidecar_first):
    """A container chosen by the longest name: the rules judge the container named exactly after the service."""
    td = _base("task-definition.json")
    td["containerDefinitions"].insert(0 if sidecar_first else 1, copy.deepcopy(SIDECAR))
    assert rule_lines(lint(linter, td, "td.json")) == []
    app = next(c for c in td["containerDefinitions"] if c["name"] == "product-service")
    app["portMappings"][0]["containerPort"] = 8080  # the sidecar still maps 3003
    text = _text(td)
    report = lint(linter, text, "td.json")
    assert rule_lines(report) == [f"DOA107@{line_of(text, ': 8080')}"]
    assert report.findings[0].message == "container 'product-service' listens on 8080; product-service's port is 3003"


def test_app_container_of_a_service_outside_the_catalog_is_named_after_the_family(linter, tmp_path):
    """A container chosen by the longest name: outside the catalog the family's namesake is the app container."""
    target = tmp_path / "set"
    shutil.copytree(FIXTURES / "rules" / "DOA906" / "good-inside-group", target)
    worker = target / "billing-worker.yaml"
    text = worker.read_text()
    sidecar = ("  - name: billing-worker-metrics-exporter\n"
               "    image: 123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/exporter:1.0.0\n"
               "    essential: true\n"
               "    portMappings:\n"
               "      - {containerPort: 9100, protocol: tcp}\n")
    worker.write_text(text.replace("containerDefinitions:\n", "containerDefinitions:\n" + sidecar))
    # 9100 is outside the tasks' group's 3000-3999, the app container's 3100 inside it
    assert of_rule(linter.lint_paths([str(target)]), "DOA906") == []
