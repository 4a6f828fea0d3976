"""EC2 security groups, in the API's key names (DescribeSecurityGroups' SecurityGroup)."""

from __future__ import annotations

from typing import Optional

from doalint.models import AwsModel


class IpRange(AwsModel):
    CidrIp: Optional[str] = None
    Description: Optional[str] = None


class Ipv6Range(AwsModel):
    CidrIpv6: Optional[str] = None
    Description: Optional[str] = None


class UserIdGroupPair(AwsModel):
    GroupId: Optional[str] = None
    Description: Optional[str] = None


class IpPermission(AwsModel):
    IpProtocol: Optional[str] = None
    FromPort: Optional[int] = None
    ToPort: Optional[int] = None
    IpRanges: list[Optional[IpRange]] = []
    Ipv6Ranges: list[Optional[Ipv6Range]] = []
    UserIdGroupPairs: list[Optional[UserIdGroupPair]] = []


class SecurityGroup(AwsModel):
    GroupName: Optional[str] = None
    GroupId: Optional[str] = None
    Description: Optional[str] = None
    VpcId: Optional[str] = None
    IpPermissions: list[Optional[IpPermission]] = []
