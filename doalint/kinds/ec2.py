"""EC2 security groups: describe-security-groups output, and Terraform/CloudFormation groups."""

from __future__ import annotations

from typing import Any

from doalint.kinds import Found, Kind, detector, register
from doalint.record import record


def _model():
    from doalint.models.ec2 import SecurityGroup

    return SecurityGroup


register(
    Kind(
        "ec2-security-group",
        "security group",
        _model,
        "ec2",
        "SecurityGroup",  # there is no create call that takes rules: both forms use the described shape
        "SecurityGroup",
        "GroupName",
        lambda m: [],
        has_service=False,
    ),
)


@detector(order=80)
def security_groups(value: Any) -> list[Found]:
    if not isinstance(value, dict):
        return []
    items = value.get("SecurityGroups")
    if isinstance(items, list) and items and all(
        isinstance(g, dict) and "GroupId" in g and ("IpPermissions" in g or "GroupName" in g) for g in items
    ):
        from doalint.sgroles import Group, Related

        groups = [Group(_known(g, "GroupId"), (_known(g, "GroupName"), _known(g, "Description"))) for g in items]
        related = Related(groups)  # one output's groups: which of them is the load balancer's (DOA702)
        return [_Described("ec2-security-group", g, ("SecurityGroups", i), "output", related=related, group=group)
                for i, (g, group) in enumerate(zip(items, groups))]
    return []


@record(frozen=True)
class _Described(Found):
    """A group of a describe-security-groups output, related to the output's other groups
    (``meta["groups"]``, ``meta["group"]``: see doalint.sgroles)."""

    related: Any = None
    group: Any = None

    def document(self, file: str, smap: Any):
        doc = super().document(file, smap)
        doc.meta.update(groups=self.related, group=self.group)
        return doc


def _known(group: dict, key: str):
    """A string member as the rules will read it: a placeholder (DOA003) is not known."""
    from doalint.placeholders import split

    value = group.get(key)
    if not isinstance(value, str):
        return None
    template = split(value, key)
    return None if template is not None and template.holes else value
