"""Security groups: aws_security_group (inline ingress), aws_security_group_rule and
aws_vpc_security_group_ingress_rule, as ec2-security-group documents (egress is not checked).

What each group is for ("alb", "tasks" or neither) is decided by doalint.sgroles from what the
module relates: each document's ``meta["groups"]`` is the module's groups and what uses them (its
load balancers, its ECS services), the same object for every group document of the module;
``meta["self"]`` is the reference text (``aws_security_group.alb.id``) of the group a document's
rules belong to.
"""

from __future__ import annotations

from doalint.sgroles import ALB, TASKS, Group, Related, related_of
from doalint.values import Ref
from doalint.terraform.resources import Builder, mapper, number

SG = "aws_security_group"


def _key(address: str) -> str:
    """How rules name a group of the module: the reference text of its id."""
    return f"{address}.id"


def _related(b: Builder) -> Related:
    """The module's security groups and what uses them (made once per module)."""
    return related_of(b.module, lambda: _read_module(b.module))


def _read_module(module) -> Related:
    def refs(value):
        items = value if isinstance(value, list) else [value]
        return [v.address for v in items if isinstance(v, Ref) and v.address.startswith(SG + ".")]

    attached: list[tuple[str, str]] = []
    for res in module.resources.values():
        if res.mode != "resource":
            continue
        if res.type in ("aws_lb", "aws_alb"):
            attached += [(_key(a), ALB) for a in refs(module.literal_attribute(res, "security_groups"))]
        if res.type == "aws_ecs_service":
            for blk in res.block.body.blocks:
                if blk.type == "network_configuration" and "security_groups" in blk.body.attributes:
                    value = res.file.evaluator.evaluate(blk.body.attributes["security_groups"].expr)
                    attached += [(_key(a), TASKS) for a in refs(value)]
    groups = [Group(_key(res.address), (*(module.literal_attribute(res, k) for k in ("name", "name_prefix", "description")),
                                        res.name.replace("_", " ")))
              for res in module.resources.values() if res.type == SG]
    return Related(groups, attached)


def _permission(b: Builder, base, body, blk_at, *, protocol, from_port, to_port, cidrs4, cidrs6, groups, self_ref):
    b.put_value(base, {}, blk_at)
    b.put(base + ("IpProtocol",), protocol, lambda v: str(v) if isinstance(v, int) else v, body=body)
    if from_port:
        b.put(base + ("FromPort",), from_port, number, body=body)
    if to_port:
        b.put(base + ("ToPort",), to_port, number, body=body)
    for name in cidrs4:
        if name in body.attributes:
            b.put(base + ("IpRanges",), name, lambda v: [{"CidrIp": c} for c in (v if isinstance(v, list) else [v])],
                  body=body, nested=False)
    for name in cidrs6:
        if name in body.attributes:
            b.put(base + ("Ipv6Ranges",), name,
                  lambda v: [{"CidrIpv6": c} for c in (v if isinstance(v, list) else [v])], body=body, nested=False)
    pairs = []
    for name in groups:
        if name in body.attributes:
            value = b.value(name, body)
            for g in (value if isinstance(value, list) else [value]):
                pairs.append({"GroupId": g})
    if self_ref is not None and b.value("self", body) is True:
        pairs.append({"GroupId": self_ref})
    if pairs:
        attr = next((body.attributes[n] for n in (*groups, "self") if n in body.attributes), None)
        b.put_value(base + ("UserIdGroupPairs",), pairs, (attr.start, attr.name_end) if attr else blk_at,
                    refs_ok=True)


def _protocol(v):
    if isinstance(v, str) and v.lower() in ("all", "-1"):
        return "-1"
    return v


@mapper(SG, "ec2-security-group")
def security_group(b: Builder) -> None:
    b.out.meta.update(groups=_related(b), self=_key(b.res.address))
    b.put(("GroupName",), "name")
    b.put(("Description",), "description")
    b.out.data.setdefault("IpPermissions", [])
    blocks = b.blocks("ingress")  # with those of a dynamic "ingress" whose for_each is known
    for i, blk in enumerate(blocks):
        _permission(b, ("IpPermissions", i), blk.body, b.block_at(blk), protocol="protocol",
                    from_port="from_port", to_port="to_port", cidrs4=("cidr_blocks",),
                    cidrs6=("ipv6_cidr_blocks",), groups=("security_groups",), self_ref=f"{b.res.address}.id")
        perm = b.out.data["IpPermissions"][i]
        perm["IpProtocol"] = _protocol(perm.get("IpProtocol"))
    b.dynamic("ingress", ("IpPermissions", len(blocks)))  # one whose for_each is not known: DOA003


def _attached(b: Builder, attr: str) -> None:
    """The group a standalone rule belongs to: its reference text (None when it is not a reference)."""
    target = b.value(attr)
    b.out.meta.update(groups=_related(b), self=_key(target.address) if isinstance(target, Ref) else None)


@mapper("aws_security_group_rule", "ec2-security-group")
def security_group_rule(b: Builder) -> None:
    if b.value("type") != "ingress":
        b.out.meta["skip"] = True
        return
    _attached(b, "security_group_id")
    blk_at = b.block_at(b.res.block)
    _permission(b, ("IpPermissions", 0), b.res.block.body, blk_at, protocol="protocol", from_port="from_port",
                to_port="to_port", cidrs4=("cidr_blocks",), cidrs6=("ipv6_cidr_blocks",),
                groups=("source_security_group_id",), self_ref=b.out.meta["self"])
    perm = b.out.data["IpPermissions"][0]
    perm["IpProtocol"] = _protocol(perm.get("IpProtocol"))


@mapper("aws_vpc_security_group_ingress_rule", "ec2-security-group")
def vpc_ingress_rule(b: Builder) -> None:
    _attached(b, "security_group_id")
    blk_at = b.block_at(b.res.block)
    _permission(b, ("IpPermissions", 0), b.res.block.body, blk_at, protocol="ip_protocol", from_port="from_port",
                to_port="to_port", cidrs4=("cidr_ipv4",), cidrs6=("cidr_ipv6",),
                groups=("referenced_security_group_id",), self_ref=None)
    perm = b.out.data["IpPermissions"][0]
    perm["IpProtocol"] = _protocol(perm.get("IpProtocol"))
