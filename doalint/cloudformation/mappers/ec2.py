"""AWS::EC2::SecurityGroup (inline SecurityGroupIngress) and AWS::EC2::SecurityGroupIngress,
as ec2-security-group documents. What each group is for is decided by doalint.sgroles from what
the template relates (its load balancers, its ECS services): ``meta["groups"]``, the same object for
every group document of the template, and ``meta["self"]`` (``Resources/AlbSg.GroupId``), as in the
Terraform mapper."""

from __future__ import annotations

from doalint.cloudformation.loader import CfnDoc, cfn_mapper
from doalint.sgroles import ALB, TASKS, Group, Related, related_of
from doalint.values import Ref

SG = "AWS::EC2::SecurityGroup"


def _key(address: str) -> str:
    """How rules name a group of the template: its address with the GroupId attribute."""
    return f"{address}.GroupId"


def _related(res) -> Related:
    """The template's security groups and what uses them (made once per template)."""
    return related_of(res.template, lambda: _read_template(res.template))


def _properties(t, raw: dict):
    """A resource's Properties resolved (at the path (): what they resolve to, not where they stand)."""
    props = raw.get("Properties")
    return t.resolve(props, ())[0] if isinstance(props, dict) else {}


def _read_template(t) -> Related:
    def refs(value):
        return [v.address for v in (value if isinstance(value, list) else [value])
                if isinstance(v, Ref) and v.address.startswith("Resources/")]

    attached: list[tuple[str, str]] = []
    for logical, raw in t.resources.items():
        if not isinstance(raw, dict):
            continue
        props = _properties(t, raw)
        if not isinstance(props, dict):
            continue  # Properties that are themselves unknown
        if raw.get("Type") == "AWS::ElasticLoadBalancingV2::LoadBalancer":
            attached += [(_key(a), ALB) for a in refs(props.get("SecurityGroups"))]
        if raw.get("Type") == "AWS::ECS::Service":
            net = props.get("NetworkConfiguration")
            vpc = (net.get("AwsvpcConfiguration") if isinstance(net, dict) else None) or {}
            attached += [(_key(a), TASKS) for a in refs(vpc.get("SecurityGroups") if isinstance(vpc, dict) else None)]
    groups = []
    for logical, raw in t.resources.items():
        if not isinstance(raw, dict) or raw.get("Type") != SG:
            continue
        props = _properties(t, raw)
        props = props if isinstance(props, dict) else {}
        groups.append(Group(_key(f"Resources/{logical}"), (props.get("GroupName"), props.get("GroupDescription"), logical)))
    return Related(groups, attached)


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
    meta = {"groups": _related(res), "self": _key(res.address)}
    yield CfnDoc("ec2-security-group", data, paths, meta)


@cfn_mapper("AWS::EC2::SecurityGroupIngress", "ec2-security-group")
def security_group_ingress(res):
    target = res.props.get("GroupId")
    address = target.address if isinstance(target, Ref) else None
    perm, sub = _permission(res.props, res.base, {})
    data = {"IpPermissions": [perm]}
    paths = {(): res.base, ("IpPermissions",): res.base, ("IpPermissions", 0): res.base}
    paths.update({("IpPermissions", 0) + k: v for k, v in sub.items()})
    meta = {"groups": _related(res), "self": _key(address) if address else None}
    yield CfnDoc("ec2-security-group", data, paths, meta)
