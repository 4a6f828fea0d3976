"""DOA704: all-protocol ingress (IpProtocol -1) only on rules that reference the group itself."""

from doalint.checks.securitygroups._perm import ALL, group_sources, protocol
from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA704", needs_service=False)


def check(sg, ctx):
    me = ctx.doc.meta.get("self") or sg.GroupId
    for i, perm in enumerate(sg.IpPermissions):
        if perm is None or protocol(perm) != ALL:
            continue
        sources = group_sources(perm)
        has_cidrs = any(r is not None for r in perm.IpRanges) or any(r is not None for r in perm.Ipv6Ranges)
        if sources and not has_cidrs and all(g == me for _, g in sources if g is not None) and me is not None:
            continue
        what = ", ".join(str(g) for _, g in sources if g != me) or "address ranges"
        yield Violation(
            ("IpPermissions", i, "IpProtocol"),
            f"admits every protocol and port (-1) from {what}; all-protocol ingress is only for traffic from the "
            "group itself (self = true)",
        )
