"""Reading ingress permissions: ports, protocol and where traffic may come from."""

from __future__ import annotations

from typing import Mapping, Optional

from doalint import sgroles

ALL = "-1"  # IpProtocol for every protocol and port


def protocol(perm) -> str:
    p = (perm.IpProtocol or "").lower()
    return {"6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", "all": ALL}.get(p, p)  # protocol numbers as names


def traffic(perm) -> str:
    """"tcp port 22", "tcp ports 3000-3999", "every protocol and port"."""
    if protocol(perm) == ALL:
        return "every protocol and port"
    return f"{protocol(perm)} {ports(perm)}"


def ports(perm) -> str:
    if protocol(perm) == ALL:
        return "all ports"
    lo, hi = perm.FromPort, perm.ToPort
    if lo is None and hi is None:
        return "all ports"
    if protocol(perm) in ("icmp", "1", "icmpv6", "58"):  # FromPort and ToPort are the type and code
        if lo is None or lo == -1:
            return "every type"
        return f"type {lo}" + (f" code {hi}" if hi is not None and hi != -1 else "")
    if lo is None:
        return f"ports up to {hi} (FromPort is not set)"
    if hi is None:
        return f"ports from {lo} (ToPort is not set)"
    if lo == hi:
        return f"port {lo}"
    return f"ports {lo}-{hi}"


def anywhere_sources(perm, anywhere: list[str]) -> list[tuple[tuple, str]]:
    """(path under the permission, CIDR) of every source that is the whole internet."""
    out = []
    for j, r in enumerate(perm.IpRanges):
        if r is not None and r.CidrIp in anywhere:
            out.append((("IpRanges", j, "CidrIp"), r.CidrIp))
    for j, r in enumerate(perm.Ipv6Ranges):
        if r is not None and r.CidrIpv6 in anywhere:
            out.append((("Ipv6Ranges", j, "CidrIpv6"), r.CidrIpv6))
    return out


def group_sources(perm) -> list[tuple[tuple, Optional[str]]]:
    return [(("UserIdGroupPairs", j, "GroupId"), p.GroupId) for j, p in enumerate(perm.UserIdGroupPairs)
            if p is not None]


def other_cidrs(perm, anywhere: list[str]) -> list[tuple[tuple, str]]:
    out = []
    for j, r in enumerate(perm.IpRanges):
        if r is not None and r.CidrIp and r.CidrIp not in anywhere:
            out.append((("IpRanges", j, "CidrIp"), r.CidrIp))
    for j, r in enumerate(perm.Ipv6Ranges):
        if r is not None and r.CidrIpv6 and r.CidrIpv6 not in anywhere:
            out.append((("Ipv6Ranges", j, "CidrIpv6"), r.CidrIpv6))
    return out


def name(sg, ctx) -> str:
    return ctx.doc.address or sg.GroupName or sg.GroupId or "the security group"


def role(sg, ctx) -> Optional[str]:
    """"alb", "tasks" or None: what the group of the document is for (doalint.sgroles decides)."""
    return sgroles.of(ctx.doc.meta, sg, ctx.profile.security_groups)[0]


def roles(sg, ctx) -> Mapping[str, str]:
    """The role of each group the document may name as a source, by the text that names it."""
    return sgroles.of(ctx.doc.meta, sg, ctx.profile.security_groups)[1]
