"""EC2 security groups: describe-security-groups output, and Terraform/CloudFormation groups."""

from __future__ import annotations

from typing import Any

from doalint.kinds import Found, Kind, detector, register


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
        return [Found("ec2-security-group", g, ("SecurityGroups", i), "output") for i, g in enumerate(items)]
    return []
