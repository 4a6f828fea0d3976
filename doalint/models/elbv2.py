"""ALB target groups and listener rules (elbv2 CreateTargetGroup / CreateRule input, describe output)."""

from __future__ import annotations

from typing import Any, Optional

from doalint.arns import target_group_name
from doalint.models import AwsModel
from doalint.source import Path


class Tag(AwsModel):
    Key: Optional[str] = None
    Value: Optional[str] = None


class HealthCheckMatcher(AwsModel):
    HttpCode: Optional[str] = None
    GrpcCode: Optional[str] = None


class TargetGroupAttribute(AwsModel):
    Key: Optional[str] = None
    Value: Optional[str] = None


class TargetGroup(AwsModel):
    # CreateTargetGroup input
    Name: Optional[str] = None
    Protocol: Optional[str] = None
    ProtocolVersion: Optional[str] = None
    Port: Optional[int] = None
    VpcId: Optional[str] = None
    HealthCheckProtocol: Optional[str] = None
    HealthCheckPort: Optional[str] = None
    HealthCheckEnabled: Optional[bool] = None
    HealthCheckPath: Optional[str] = None
    HealthCheckIntervalSeconds: Optional[int] = None
    HealthCheckTimeoutSeconds: Optional[int] = None
    HealthyThresholdCount: Optional[int] = None
    UnhealthyThresholdCount: Optional[int] = None
    Matcher: Optional[HealthCheckMatcher] = None
    TargetType: Optional[str] = None
    IpAddressType: Optional[str] = None
    Tags: Optional[list[Optional[Tag]]] = None
    # describe-target-groups output
    TargetGroupArn: Optional[str] = None
    TargetGroupName: Optional[str] = None
    LoadBalancerArns: Optional[list[Optional[str]]] = None
    # Target group attributes (describe-target-group-attributes output, modify-target-group-attributes
    # input, or kept beside the create parameters)
    Attributes: Optional[list[Optional[TargetGroupAttribute]]] = None
    # Not an API member: the standard's example writes the deregistration delay here (DOA002 flags it)
    DeregistrationDelay: Optional[int] = None

    def names(self) -> list[str]:
        """The target group's names: Name, TargetGroupName, the name in TargetGroupArn."""
        out = [n for n in (self.Name, self.TargetGroupName, target_group_name(self.TargetGroupArn)) if n]
        return list(dict.fromkeys(out))

    def attribute(self, key: str) -> tuple[Optional[int], Optional[str]]:
        """(index in Attributes, value) of the last attribute ``key`` (AWS applies the last), or (None, None)."""
        found: tuple[Optional[int], Optional[str]] = (None, None)
        for i, a in enumerate(self.Attributes or []):
            if a is not None and a.Key == key:
                found = (i, a.Value)
        return found


class PathPatternValues(AwsModel):
    Values: Optional[list[Optional[str]]] = None
    RegexValues: Optional[list[Optional[str]]] = None


class RuleCondition(AwsModel):
    Field: Optional[str] = None
    Values: Optional[list[Optional[str]]] = None
    PathPatternConfig: Optional[PathPatternValues] = None
    HostHeaderConfig: Optional[dict[str, Any]] = None
    HttpHeaderConfig: Optional[dict[str, Any]] = None
    QueryStringConfig: Optional[dict[str, Any]] = None
    HttpRequestMethodConfig: Optional[dict[str, Any]] = None
    SourceIpConfig: Optional[dict[str, Any]] = None
    RegexValues: Optional[list[Optional[str]]] = None


class TargetGroupTuple(AwsModel):
    TargetGroupArn: Optional[str] = None
    Weight: Optional[int] = None


class ForwardActionConfig(AwsModel):
    TargetGroups: Optional[list[Optional[TargetGroupTuple]]] = None
    TargetGroupStickinessConfig: Optional[dict[str, Any]] = None


class RuleAction(AwsModel):
    Type: Optional[str] = None
    TargetGroupArn: Optional[str] = None
    ForwardConfig: Optional[ForwardActionConfig] = None
    Order: Optional[int] = None
    RedirectConfig: Optional[dict[str, Any]] = None
    FixedResponseConfig: Optional[dict[str, Any]] = None
    AuthenticateOidcConfig: Optional[dict[str, Any]] = None
    AuthenticateCognitoConfig: Optional[dict[str, Any]] = None


class ListenerRule(AwsModel):
    # CreateRule input, or an item of describe-rules output
    ListenerArn: Optional[str] = None
    RuleArn: Optional[str] = None
    # An integer in CreateRule input, a string in describe-rules output ("default" for the default
    # rule). Any: DOA002 checks the type the document's form needs; DOA503 reads either.
    Priority: Optional[Any] = None
    Conditions: Optional[list[Optional[RuleCondition]]] = None
    Actions: Optional[list[Optional[RuleAction]]] = None
    IsDefault: Optional[bool] = None
    Tags: Optional[list[Optional[Tag]]] = None


class ListenerRules(ListenerRule):
    """A CreateRule input (one rule, at the document's root) or a list of rules under ``Rules``."""

    Rules: Optional[list[Optional[ListenerRule]]] = None
    NextMarker: Optional[str] = None

    def rules(self) -> list[tuple[Path, ListenerRule]]:
        """(path, rule) for every rule of the document."""
        if self.Rules is not None:
            return [(("Rules", i), r) for i, r in enumerate(self.Rules) if r is not None]
        return [((), self)]
