"""AWS::EC2::SecurityGroup (inline SecurityGroupIngress) and AWS::EC2::SecurityGroupIngress,
as ec2-security-group documents with the group's role (see the Terraform mapper)."""

from __future__ import annotations

import re

from doalint.names import words as _words

from doalint.cloudformation.loader import CfnDoc, cfn_mapper
from doalint.values import Ref

SG = "AWS::EC2::SecurityGroup"


def _roles(res) -> dict[str, str]:
    t = res.template
    cached = getattr(t, "_sg_roles", None)
    if cached is not None:
        return cached
    settings = t.profile.security_groups
    roles: dict[str, str] = {}

    def refs(value):
        return [v.address for v in (value if isinstance(value, list) else [value])
                if isinstance(v, Ref) and v.address.startswith("Resources/")]

    for logical, raw in t.resources.items():
        if not isinstance(raw, dict):
            continue
        props = t.resolve(raw.get("Properties") or {}, ())[0] if isinstance(raw.get("Properties"), dict) else {}
        if not isinstance(props, dict):
            continue  # Properties that are themselves unknown
        if raw.get("Type") == "AWS::ElasticLoadBalancingV2::LoadBalancer":
            for a in refs(props.get("SecurityGroups")):
                roles.setdefault(a, "alb")
        if raw.get("Type") == "AWS::ECS::Service":
            net = props.get("NetworkConfiguration")
            vpc = (net.get("AwsvpcConfiguration") if isinstance(net, dict) else None) or {}
            for a in refs(vpc.get("SecurityGroups") if isinstance(vpc, dict) else None):
                roles.setdefault(a, "tasks")
    for logical, raw in t.resources.items():
        address = f"Resources/{logical}"
        if not isinstance(raw, dict) or raw.get("Type") != SG or address in roles:
            continue
        props = t.resolve(raw.get("Properties"), ())[0] if isinstance(raw.get("Properties"), dict) else {}
        props = props if isinstance(props, dict) else {}
        words = _words(*(props.get(k) for k in ("GroupName", "GroupDescription")), logical)
        if re.search(settings.alb.name_pattern, words):
            roles[address] = "alb"
        elif re.search(settings.tasks.name_pattern, words):
            roles[address] = "tasks"
    t._sg_roles = roles
    return roles


def _group_id(ref):
    """A source group as rules compare it: "<address>.GroupId" for a group of the template."""
    if isinstance(ref, Ref) and ref.attribute in ("Ref", "GroupId"):
        return f"{ref.address}.GroupId"
    return ref  # an Unknown stays unknown (DOA003); another attribute stays a reference


def _permission(rule: dict, base, paths: dict) -> tuple[dict, dict]:
    """One CloudFormation ingress rule as an EC2 IpPermission; paths map to the rule's keys."""
    perm: dict = {}
    out: dict = {}
    proto = rule.get("IpProtocol")
    if proto is not None:
        if isinstance(proto, (str, int)) and not isinstance(proto, bool):
            proto = "-1" if str(proto).lower() in ("-1", "all") else str(proto)
        perm["IpProtocol"] = proto
        out[("IpProtocol",)] = base + ("IpProtocol",)
    for key in ("FromPort", "ToPort"):
        if key in rule:
            try:
                perm[key] = int(rule[key])
            except (TypeError, ValueError):
                perm[key] = rule[key]
            out[(key,)] = base + (key,)
    if "CidrIp" in rule:
        perm["IpRanges"] = [{"CidrIp": rule["CidrIp"]}]
        out[("IpRanges",)] = out[("IpRanges", 0)] = out[("IpRanges", 0, "CidrIp")] = base + ("CidrIp",)
    if "CidrIpv6" in rule:
        perm["Ipv6Ranges"] = [{"CidrIpv6": rule["CidrIpv6"]}]
        out[("Ipv6Ranges",)] = out[("Ipv6Ranges", 0)] = out[("Ipv6Ranges", 0, "CidrIpv6")] = base + ("CidrIpv6",)
    if "SourceSecurityGroupId" in rule or "SourceSecurityGroupName" in rule:
        key = "SourceSecurityGroupId" if "SourceSecurityGroupId" in rule else "SourceSecurityGroupName"
        perm["UserIdGroupPairs"] = [{"GroupId": _group_id(rule[key])}]
        out[("UserIdGroupPairs",)] = out[("UserIdGroupPairs", 0)] = base + (key,)
        out[("UserIdGroupPairs", 0, "GroupId")] = base + (key,)
    return perm, out


@cfn_mapper(SG, "ec2-security-group")
def security_group(res):
    roles = _roles(res)
    name, description = res.props.get("GroupName"), res.props.get("GroupDescription")
    data = {"GroupName": name if isinstance(name, str) else res.logical,  # unread when unknown: no DOA003
            "Description": description if isinstance(description, str) else None, "IpPermissions": []}
    paths = {(): res.base, ("GroupName",): res.base + ("GroupName",),
             ("Description",): res.base + ("GroupDescription",), ("IpPermissions",): res.base + ("SecurityGroupIngress",)}
    rules = res.props.get("SecurityGroupIngress")
    if rules is not None and not isinstance(rules, list):
        data["IpPermissions"] = rules  # an Unknown list of rules: DOA003 says so; the rules stay quiet
        paths[("IpPermissions",)] = res.base + ("SecurityGroupIngress",)
        rules = []
    for i, rule in enumerate(rules or []):
        if not isinstance(rule, dict):
            continue
        perm, sub = _permission(rule, res.base + ("SecurityGroupIngress", i), paths)
        data["IpPermissions"].append(perm)
        paths[("IpPermissions", len(data["IpPermissions"]) - 1)] = res.base + ("SecurityGroupIngress", i)
        paths.update({("IpPermissions", len(data["IpPermissions"]) - 1) + k: v for k, v in sub.items()})
    meta = {"role": roles.get(res.address), "roles": {f"{a}.GroupId": r for a, r in roles.items()},
            "self": f"{res.address}.GroupId"}
    yield CfnDoc("ec2-security-group", data, paths, meta)


@cfn_mapper("AWS::EC2::SecurityGroupIngress", "ec2-security-group")
def security_group_ingress(res):
    roles = _roles(res)
    target = res.props.get("GroupId")
    address = target.address if isinstance(target, Ref) else None
    perm, sub = _permission(res.props, res.base, {})
    data = {"IpPermissions": [perm]}
    paths = {(): res.base, ("IpPermissions",): res.base, ("IpPermissions", 0): res.base}
    paths.update({("IpPermissions", 0) + k: v for k, v in sub.items()})
    meta = {"role": roles.get(address) if address else None,
            "roles": {f"{a}.GroupId": r for a, r in roles.items()},
            "self": f"{address}.GroupId" if address else None}
    yield CfnDoc("ec2-security-group", data, paths, meta)
