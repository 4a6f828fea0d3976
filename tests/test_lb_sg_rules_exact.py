"""Exact behaviour of the load-balancing rules (DOA502, DOA503), the security-group rules
(DOA701-DOA704) and the helpers they share: how values are shown in messages (checks._show),
the ECS helpers (checks._ecs) and the reading of ingress permissions (securitygroups._perm).

Rule behaviour that fits a fixture lives in fixtures/rules/DOA50x and DOA70x; what needs an input
that would also trigger another rule (a null entry, a string priority), a changed catalog, or a
helper's exact text is here."""

from __future__ import annotations

import datetime
import json
from types import SimpleNamespace

import pytest

from doalint.checks import _ecs, _show
from doalint import sgroles
from doalint.checks.securitygroups import _perm
from doalint.engine.runner import Linter
from doalint.values import JsonEncoded, Unknown

# ---------------------------------------------------------------------------------------------
# helpers


def _lint(profile, rules, data, name="doc.json"):
    linter = Linter(profile, select=set(rules))
    report = linter.lint_buffer(json.dumps(data, indent=1).encode(), name)
    assert not report.internal_errors
    return [f for f in report.findings if f.rule in rules]


def _found(findings):
    return [(f.rule, f.line, f.path, f.message) for f in findings]


# ---------------------------------------------------------------------------------------------
# checks._show: values as the user wrote them


def test_show_number_writes_integral_floats_as_integers_below_1e15():
    """number() drops the ".0" of an integral float only below 10**15, where it is exact."""
    assert _show.number(90.0) == "90"
    assert _show.number(-3.0) == "-3"
    assert _show.number(0.5) == "0.5"
    assert _show.number(999999999999999.0) == "999999999999999"
    assert _show.number(1e15) == "1000000000000000.0"
    assert _show.number(True) == "true" and _show.number(False) == "false"
    assert _show.number(7) == "7"


def test_show_value_of_scalars():
    """value(): strings quoted as repr quotes them, null, numbers and booleans as JSON writes them."""
    assert _show.value("abc") == "'abc'"
    assert _show.value(None) == "null"
    assert _show.value(True) == "true"
    assert _show.value(2.0) == "2"
    assert _show.value(1.25) == "1.25"


def test_show_value_of_an_unknown_is_the_expression_in_backquotes():
    """An unknown value is shown as the expression written, not as Unknown(...) nor as JSON."""
    assert _show.value(Unknown("var.delay")) == "`var.delay`"
    assert _show.value(Unknown("${var.a}-x")) == "`${var.a}-x`"


def test_show_value_of_containers_is_json_keeping_non_ascii():
    """Lists and objects are JSON with non-ASCII characters as written."""
    assert _show.value(["a", 1.0, None, True]) == '["a", 1, null, true]'
    assert _show.value({"k": "café", 3: [2.0]}) == '{"k": "café", "3": [2]}'
    assert _show.value(("x",)) == '["x"]'


def test_show_value_cuts_at_the_limit_with_an_ellipsis():
    """A value longer than the limit (80 by default) is cut to limit-3 characters plus "..."."""
    exactly_80 = ["x" * 76]  # ["xxx..."] is 76 + 4 characters
    assert len(json.dumps(exactly_80)) == 80
    assert _show.value(exactly_80) == json.dumps(exactly_80)
    eighty_one = ["x" * 77]
    assert _show.value(eighty_one) == '["' + "x" * 75 + "..."
    assert len(_show.value(eighty_one)) == 80
    assert _show.value(["abcdef"], limit=8) == '["abc...'


def test_show_json_list_of_every_kind_of_member():
    """json_list() writes each member as the user wrote it: unknowns as ${expression} (or as
    written when already a template, a tag or a placeholder), jsonencode(x) as x, dates as text,
    integral floats as integers (below 1e15), null as null."""
    assert _show.json_list(["FARGATE"]) == '["FARGATE"]'
    assert _show.json_list(["é"]) == '["é"]'
    assert _show.json_list([None, 2.0, 1e15, 0.5]) == "[null, 2, 1000000000000000.0, 0.5]"
    assert _show.json_list([Unknown("var.x")]) == '["${var.x}"]'
    assert _show.json_list([Unknown("${a}"), Unknown("{{b}}"), Unknown("<c>"), Unknown("!Ref d")]) == \
        '["${a}", "{{b}}", "<c>", "!Ref d"]'
    assert _show.json_list([JsonEncoded({"a": 1.0})]) == '[{"a": 1}]'
    assert _show.json_list([datetime.date(2024, 1, 2)]) == '["2024-01-02"]'
    assert _show.json_list([{"k": Unknown("local.v")}]) == '[{"k": "${local.v}"}]'


def test_show_value_of_an_object_holding_unknowns_and_encoded_json():
    """Inside a container, unknowns and jsonencode() values are shown as written, not as Python."""
    assert _show.value({"a": Unknown("var.a"), "b": JsonEncoded(["x"])}) == '{"a": "${var.a}", "b": ["x"]}'


# ---------------------------------------------------------------------------------------------
# checks._ecs


def _task(family, *containers):
    cs = [SimpleNamespace(name=n, essential=e) for n, e in containers]
    return SimpleNamespace(family=family, containers=lambda: list(enumerate(cs))), cs


def _no_service():
    return SimpleNamespace(service=None)


def test_app_container_of_a_service_outside_the_catalog():
    """Without a catalog entry: the container named after the family, else the only essential one
    of several, else the only container; None when it cannot be told."""
    task, cs = _task("web", ("web", True), ("sidecar", True))
    assert _ecs.app_container(task, _no_service()) == (0, cs[0])
    task, cs = _task("api", ("log-router", False), ("app", None))
    assert _ecs.app_container(task, _no_service()) == (1, cs[1])
    task, cs = _task(None, (None, False), ("app", True))
    assert _ecs.app_container(task, _no_service()) == (1, cs[1])
    task, cs = _task("api", ("a", True), ("b", True))
    assert _ecs.app_container(task, _no_service()) == (None, None)
    task, cs = _task("api", ("only", False))
    assert _ecs.app_container(task, _no_service()) == (0, cs[0])


def test_app_container_of_a_catalog_service(profile):
    """With a catalog entry: the container the profile names, else the only container."""
    ctx = SimpleNamespace(service=profile.services["product-service"], profile=profile)
    task, cs = _task("x", ("sidecar", True), ("product-service", True))
    assert _ecs.app_container(task, ctx) == (1, cs[1])
    task, cs = _task("x", ("main", True))
    assert _ecs.app_container(task, ctx) == (0, cs[0])
    task, cs = _task("x", ("main", True), ("other", True))
    assert _ecs.app_container(task, ctx) == (None, None)


def test_parse_cpu_and_memory_units():
    """CPU in units or vCPU (with or without a space); memory in MiB, MB or GB."""
    assert _ecs.parse_cpu("512") == 512
    assert _ecs.parse_cpu("2vcpu") == 2048
    assert _ecs.parse_cpu("0.5vCPU") == 512
    assert _ecs.parse_cpu("1 vCPU") == 1024
    assert _ecs.parse_cpu("lots") is None and _ecs.parse_cpu(None) is None
    assert _ecs.parse_memory("512mb") == 512
    assert _ecs.parse_memory("2048MB") == 2048
    assert _ecs.parse_memory("3072 MB") == 3072
    assert _ecs.parse_memory("2GB") == 2048
    assert _ecs.parse_memory("1024") == 1024
    assert _ecs.parse_memory("lots") is None and _ecs.parse_memory(None) is None


def test_who_names_a_container_or_says_the_container():
    assert _ecs.who(SimpleNamespace(name="web")) == "container 'web'"
    assert _ecs.who(SimpleNamespace(name="")) == "the container"
    assert _ecs.who(SimpleNamespace(name=5)) == "the container"
    assert _ecs.who(object()) == "the container"


# ---------------------------------------------------------------------------------------------
# securitygroups._perm


def _perm_of(protocol, lo=None, hi=None, v4=(), v6=(), groups=()):
    return SimpleNamespace(
        IpProtocol=protocol, FromPort=lo, ToPort=hi,
        IpRanges=[None if c is None else SimpleNamespace(CidrIp=c) for c in v4],
        Ipv6Ranges=[None if c is None else SimpleNamespace(CidrIpv6=c) for c in v6],
        UserIdGroupPairs=[None if g is None else SimpleNamespace(GroupId=g) for g in groups])


@pytest.mark.parametrize("protocol,lo,hi,shown", [
    ("tcp", 22, 22, "tcp port 22"),
    ("6", 3000, 3999, "tcp ports 3000-3999"),
    ("17", 53, 53, "udp port 53"),
    ("udp", None, None, "udp all ports"),
    ("tcp", None, 80, "tcp ports up to 80 (FromPort is not set)"),
    ("tcp", 80, None, "tcp ports from 80 (ToPort is not set)"),
    ("-1", 0, 0, "every protocol and port"),
    ("ALL", None, None, "every protocol and port"),
    ("icmp", -1, -1, "icmp every type"),
    ("icmp", None, 3, "icmp every type"),
    ("icmp", 8, -1, "icmp type 8"),
    ("icmp", 8, None, "icmp type 8"),
    ("icmp", 3, 4, "icmp type 3 code 4"),
    ("1", 0, 0, "icmp type 0 code 0"),  # protocol numbers are named
    ("ICMPv6", 128, 0, "icmpv6 type 128 code 0"),
    ("58", 1, -1, "icmpv6 type 1"),
    ("icmpv6", -1, 5, "icmpv6 every type"),
    ("icmp", 1, 1, "icmp type 1 code 1"),
    ("icmp", 2, 2, "icmp type 2 code 2"),
])
def test_traffic_and_ports_of_a_permission(protocol, lo, hi, shown):
    """How messages name what a permission admits: ports, ICMP type and code, every protocol."""
    assert _perm.traffic(_perm_of(protocol, lo, hi)) == shown


def test_ports_of_all_protocols_and_of_no_ports():
    assert _perm.ports(_perm_of("-1", 0, 65535)) == "all ports"
    assert _perm.ports(_perm_of("tcp")) == "all ports"
    assert _perm.protocol(_perm_of(None)) == ""
    assert _perm.protocol(_perm_of("All")) == "-1"


def test_sources_of_a_permission():
    """anywhere_sources, other_cidrs and group_sources: (path under the permission, value), nulls skipped."""
    perm = _perm_of("tcp", 1, 1, v4=[None, "0.0.0.0/0", "10.0.0.0/8", ""], v6=[None, "::/0", "fd00::/8"],
                    groups=[None, "sg-1", "sg-2"])
    anywhere = ["0.0.0.0/0", "::/0"]
    assert _perm.anywhere_sources(perm, anywhere) == [
        (("IpRanges", 1, "CidrIp"), "0.0.0.0/0"), (("Ipv6Ranges", 1, "CidrIpv6"), "::/0")]
    assert _perm.other_cidrs(perm, anywhere) == [
        (("IpRanges", 2, "CidrIp"), "10.0.0.0/8"), (("Ipv6Ranges", 2, "CidrIpv6"), "fd00::/8")]
    assert _perm.group_sources(perm) == [
        (("UserIdGroupPairs", 1, "GroupId"), "sg-1"), (("UserIdGroupPairs", 2, "GroupId"), "sg-2")]


def test_name_of_a_security_group():
    """The document's address, else the group's name, else its id, else a generic phrase."""
    def ctx(address):
        return SimpleNamespace(doc=SimpleNamespace(address=address))

    def sg(name, gid):
        return SimpleNamespace(GroupName=name, GroupId=gid)

    assert _perm.name(sg("n", "sg-1"), ctx("aws_security_group.a")) == "aws_security_group.a"
    assert _perm.name(sg("n", "sg-1"), ctx(None)) == "n"
    assert _perm.name(sg(None, "sg-1"), ctx(None)) == "sg-1"
    assert _perm.name(sg(None, None), ctx(None)) == "the security group"


def test_role_of_a_group_comes_from_its_description_too(profile):
    """A group named neither alb nor tasks is told by its description."""
    def ctx(meta):
        return SimpleNamespace(doc=SimpleNamespace(meta=meta), profile=profile)

    sg = SimpleNamespace(GroupName="doa-market-web", Description="Public HTTPS to the load balancer")
    assert _perm.role(sg, ctx({})) == "alb"
    sg = SimpleNamespace(GroupName="doa-market-web", Description="ECS tasks")
    assert _perm.role(sg, ctx({})) == "tasks"
    sg = SimpleNamespace(GroupName="doa-market-web", Description="bastion")
    assert _perm.role(sg, ctx({})) is None
    # what uses the group (here a load balancer, as its front end relates it) says more than its name
    group = sgroles.Group("sg-1", ("doa-market-web", "bastion"))
    assert _perm.role(sg, ctx({"groups": sgroles.Related([group], [("sg-1", "alb")]), "group": group})) == "alb"


# ---------------------------------------------------------------------------------------------
# DOA701-DOA704 on inputs with null entries (DOA002 reports those; the rules read past them)


def _groups(name, description, perms, gid="sg-0c1d2e3f4a5b6c7d8"):
    return {"SecurityGroups": [{"GroupId": gid, "GroupName": name, "Description": description,
                                "VpcId": "vpc-0abc123", "IpPermissions": perms}]}


def _p(protocol, lo=None, hi=None, v4=(), v6=(), groups=()):
    d = {"IpProtocol": protocol}
    if lo is not None:
        d["FromPort"], d["ToPort"] = lo, hi
    d["IpRanges"] = [c if c is None else {"CidrIp": c} for c in v4]
    d["Ipv6Ranges"] = [c if c is None else {"CidrIpv6": c} for c in v6]
    d["UserIdGroupPairs"] = [g if g is None else {"GroupId": g} for g in groups]
    return d


def test_doa701_reads_past_a_null_permission(profile):
    data = _groups("doa-market-alb-sg", "load balancer", [None, _p("tcp", 22, 22, v4=["0.0.0.0/0"])])
    assert [(f.rule, f.path) for f in _lint(profile, {"DOA701"}, data)] == [
        ("DOA701", ("SecurityGroups", 0, "IpPermissions", 1, "IpProtocol"))]


def test_doa703_reads_past_a_null_permission(profile):
    data = _groups("doa-market-bastion-sg", "bastion", [None, _p("tcp", 22, 22, v4=["0.0.0.0/0"])])
    assert _found(_lint(profile, {"DOA703"}, data)) == [
        ("DOA703", 16, ("SecurityGroups", 0, "IpPermissions", 1, "IpRanges", 0, "CidrIp"),
         "admits tcp port 22 from 0.0.0.0/0 (anywhere); only the load balancer's group may be reached from the "
         "internet, on tcp 80 and 443")]


def test_doa704_reads_past_a_null_permission_and_null_ranges(profile):
    """A null permission is skipped; a null IPv6 range is no address range, so a rule from itself alone passes."""
    me = "sg-0c1d2e3f4a5b6c7d8"
    data = _groups("doa-market-ecs-tasks-sg", "tasks", [
        None, _p("-1", v6=[None], groups=[me]), _p("-1", v4=["10.0.0.0/8"])])
    assert _found(_lint(profile, {"DOA704"}, data)) == [
        ("DOA704", 23, ("SecurityGroups", 0, "IpPermissions", 2, "IpProtocol"),
         "admits every protocol and port (-1) from address ranges; all-protocol ingress is only for traffic from "
         "the group itself (self = true)")]


def test_doa702_self_rules_in_cloudformation(profile):
    """In CloudFormation the group's own reference is its identity: a rule from itself passes on any port."""
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            "TasksSecurityGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupName": "doa-market-ecs-tasks-sg", "GroupDescription": "ECS tasks", "VpcId": "vpc-0abc123",
                "SecurityGroupIngress": [
                    {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"},
                ]}},
            "TasksFromTasks": {"Type": "AWS::EC2::SecurityGroupIngress", "Properties": {
                "GroupId": {"Ref": "TasksSecurityGroup"}, "IpProtocol": "tcp", "FromPort": 9000, "ToPort": 9000,
                "SourceSecurityGroupId": {"Ref": "TasksSecurityGroup"}}},
        },
    }
    assert [(f.rule, f.path[-3:]) for f in _lint(profile, {"DOA702"}, template, "template.json")] == [
        ("DOA702", ("IpPermissions", 0, "FromPort")), ("DOA702", ("IpRanges", 0, "CidrIp"))]


# ---------------------------------------------------------------------------------------------
# DOA502: inputs that also trigger DOA002


_TG = {"Name": "product-service", "Protocol": "HTTP", "Port": 3003, "VpcId": "vpc-0abc123", "TargetType": "ip",
       "HealthCheckEnabled": True, "HealthCheckProtocol": "HTTP", "HealthCheckPath": "/health",
       "HealthCheckIntervalSeconds": 30, "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 2,
       "UnhealthyThresholdCount": 3, "Matcher": {"HttpCode": "200"}}


def test_doa502_deregistration_attribute_without_a_value(profile):
    data = dict(_TG, Attributes=[{"Key": "deregistration_delay.timeout_seconds", "Value": None}])
    assert _found(_lint(profile, {"DOA502"}, data)) == [
        ("DOA502", 20, ("Attributes", 0, "Value"),
         "attribute deregistration_delay.timeout_seconds has no value; the standard requires 30")]


def test_doa502_deregistration_delay_member(profile):
    """DeregistrationDelay is no API member (DOA002) but states a value: DOA502 checks it too."""
    data = dict(_TG, DeregistrationDelay=60)
    assert _found(_lint(profile, {"DOA502"}, data)) == [
        ("DOA502", 17, ("DeregistrationDelay",),
         "DeregistrationDelay is 60 seconds; the standard requires 30 (set as the target group attribute "
         "deregistration_delay.timeout_seconds)")]
    assert _lint(profile, {"DOA502"}, dict(_TG, DeregistrationDelay=30)) == []


def test_doa502_lambda_target_group_has_no_deregistration_delay(profile):
    """A Lambda target group without attributes is not told to set a deregistration delay."""
    data = dict(_TG, TargetType="lambda")
    assert [f.path for f in _lint(profile, {"DOA502"}, data)] == [("TargetType",)]


# ---------------------------------------------------------------------------------------------
# DOA503: priorities, labels and catalogs other than the bundled one


_ARN = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/{}/6d0ecf831eec9f09"


def _rule(priority, paths, tg):
    d = {} if priority is None else {"Priority": priority}
    d["Conditions"] = [{"Field": "path-pattern", "Values": list(paths)}]
    d["Actions"] = [{"Type": "forward", "TargetGroupArn": _ARN.format(tg)}]
    return d


def _rules(profile, *rules):
    return _lint(profile, {"DOA503"}, {"Rules": list(rules)}, "rules.json")


def test_doa503_priorities_written_as_strings_and_numbers_are_the_same(profile):
    """Priority "5" and 5 collide; priorities that are no number compare as written; true is no priority."""
    found = _rules(profile, _rule("5", ["/a"], "x"), _rule(5, ["/b"], "x"), _rule("x1", ["/c"], "x"),
                   _rule("x1", ["/d"], "x"), _rule(True, ["/e"], "x"), _rule(1, ["/f"], "x"))
    assert [(f.path, f.message, [(r.path, r.message) for r in f.related]) for f in found] == [
        (("Rules", 1, "Priority"),
         "Rules[1] (Priority 5) has the same priority as Rules[0] (Priority 5); listener rule priorities must be "
         "unique (AWS rejects the second with PriorityInUse)",
         [(("Rules", 0, "Priority"), "Rules[0] (Priority 5): first use of this priority")]),
        (("Rules", 3, "Priority"),
         "Rules[3] (Priority x1) has the same priority as Rules[2] (Priority x1); listener rule priorities must be "
         "unique (AWS rejects the second with PriorityInUse)",
         [(("Rules", 2, "Priority"), "Rules[2] (Priority x1): first use of this priority")]),
    ]


def test_doa503_rule_without_priority_is_named_by_its_place_alone(profile):
    (f,) = _rules(profile, _rule(None, ["/api/v1/products/*"], "misc"))
    assert f.message == ("Rules[0] forwards '/api/v1/products/*', product-service's path prefix, to target group "
                         "'misc'; it must forward to product-service's target group")


def test_doa503_null_entries_are_read_past(profile):
    """Null conditions, null ForwardConfig target groups and target groups without an ARN are skipped."""
    rule = {"Priority": 1,
            "Conditions": [None, {"Field": "path-pattern", "Values": ["/api/v1/products/*"]}],
            "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                None, {"Weight": 1}, {"TargetGroupArn": _ARN.format("order-service")}]}}]}
    found = _rules(profile, rule)
    assert [(f.path, f.message) for f in found] == [
        (("Rules", 0, "Actions", 0, "ForwardConfig", "TargetGroups", 2, "TargetGroupArn"),
         "Rules[0] (Priority 1) forwards '/api/v1/products/*', product-service's path prefix, to target group "
         "'order-service'; it must forward to product-service's target group")]


def test_doa503_unowned_path_only_under_the_api_prefix(profile):
    """Only paths under the catalog's common prefix (/api/v1/) are claimed to need an owner."""
    assert _rules(profile, _rule(1, ["/api/v2/things/*"], "misc"), _rule(2, ["/api/v/x"], "misc")) == []


def _profile_with(profile, paths):
    entry = profile.services["product-service"]
    services = {name: entry.model_copy(update={"name": name, "path": path}) for name, path in paths.items()}
    return profile.model_copy(update={"services": services})


def test_doa503_longest_service_name_wins(profile):
    """Target group 'admin-web' is admin-web's, not web's (a suffix of it)."""
    custom = _profile_with(profile, {"web": "/api/v1/web/*", "admin-web": "/api/v1/admin-web/*"})
    assert _rules(custom, _rule(1, ["/api/v1/admin-web/*"], "admin-web")) == []
    (f,) = _rules(custom, _rule(1, ["/api/v1/web/*"], "admin-web"))
    assert f.message.endswith("to target group 'admin-web'; it must forward to web's target group")


def test_doa503_api_prefix_ends_at_the_last_slash_the_paths_share(profile):
    """Services /api/v1/shop and /api/v1/shipping share /api/v1/sh: the API prefix is /api/v1/."""
    custom = _profile_with(profile, {"shop": "/api/v1/shop/*", "shipping": "/api/v1/shipping/*"})
    (f,) = _rules(custom, _rule(1, ["/api/v1/other/*"], "shop"))
    assert f.message == ("Rules[0] (Priority 1) matches the path pattern '/api/v1/other/*', which no service in "
                         "the profile's catalog owns (each service owns one /api/v1/<name>/* prefix)")


def test_doa503_catalog_without_a_shared_prefix_claims_no_path(profile):
    custom = _profile_with(profile, {"shop": "shop/*", "cart": "cart/*"})
    assert _rules(custom, _rule(1, ["XXXX/*"], "shop"), _rule(2, ["/api/x"], "shop")) == []


def test_doa503_service_path_is_kept_to_its_last_character(profile):
    """A catalog path without "/*" whose last letter is X: only "*" and "/" are cut from it."""
    custom = _profile_with(profile, {"fix": "/api/v1/FIX", "other": "/api/v1/other/*"})
    assert _rules(custom, _rule(1, ["/api/v1/FIX/items/*"], "fix")) == []


def test_doa503_two_services_of_one_path(profile):
    """Two catalog services with the same path: the first one listed owns it (no error from ordering them)."""
    custom = _profile_with(profile, {"shop": "/api/v1/shop/*", "store": "/api/v1/shop/*"})
    assert _rules(custom, _rule(1, ["/api/v1/shop/*"], "shop")) == []
    (f,) = _rules(custom, _rule(1, ["/api/v1/shop/*"], "store"))
    assert f.message.endswith("to target group 'store'; it must forward to shop's target group")


def test_doa503_null_action_of_a_rule_that_does_not_forward(profile):
    """A null action is no action type: the message names only the real ones."""
    rule = {"Priority": 4, "Conditions": [{"Field": "path-pattern", "Values": ["/api/v1/orders/*"]}],
            "Actions": [None, {"Type": "fixed-response"}]}
    (f,) = _rules(profile, rule)
    assert (f.path, f.message) == (
        ("Rules", 0, "Actions"),
        "Rules[0] (Priority 4) matches '/api/v1/orders/*', order-service's path prefix, but does not forward it "
        "(actions: fixed-response); the standard forwards it to order-service's target group")
