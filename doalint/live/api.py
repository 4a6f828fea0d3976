"""Read-only AWS API calls for ``doalint scan-aws``: paging, retries with backoff on throttling,
timeouts, and one clear message (exit code 2) naming the call when credentials or permissions
are missing.

boto3 is the ``doalint[aws]`` extra; it is imported here only, when a scan starts.
"""

from __future__ import annotations

import random
import time
from typing import Any, Callable, Optional

from doalint.errors import UsageError

# Every call a scan may make, as IAM actions: the README's read-only policy lists exactly these
# (a test keeps the two in step), and nothing else is ever called.
CALLS: dict[tuple[str, str], str] = {
    ("ecs", "describe_clusters"): "ecs:DescribeClusters",
    ("ecs", "list_services"): "ecs:ListServices",
    ("ecs", "describe_services"): "ecs:DescribeServices",
    ("ecs", "describe_task_definition"): "ecs:DescribeTaskDefinition",
    ("application-autoscaling", "describe_scalable_targets"): "application-autoscaling:DescribeScalableTargets",
    ("application-autoscaling", "describe_scaling_policies"): "application-autoscaling:DescribeScalingPolicies",
    ("codedeploy", "list_applications"): "codedeploy:ListApplications",
    ("codedeploy", "batch_get_applications"): "codedeploy:BatchGetApplications",
    ("codedeploy", "list_deployment_groups"): "codedeploy:ListDeploymentGroups",
    ("codedeploy", "get_deployment_group"): "codedeploy:GetDeploymentGroup",
    ("codedeploy", "get_deployment_config"): "codedeploy:GetDeploymentConfig",
    ("servicediscovery", "get_service"): "servicediscovery:GetService",
    ("elbv2", "describe_target_groups"): "elasticloadbalancing:DescribeTargetGroups",
    ("elbv2", "describe_load_balancers"): "elasticloadbalancing:DescribeLoadBalancers",
    ("elbv2", "describe_listeners"): "elasticloadbalancing:DescribeListeners",
    ("elbv2", "describe_rules"): "elasticloadbalancing:DescribeRules",
    ("iam", "list_role_policies"): "iam:ListRolePolicies",
    ("iam", "get_role_policy"): "iam:GetRolePolicy",
    ("iam", "list_attached_role_policies"): "iam:ListAttachedRolePolicies",
    ("iam", "get_policy"): "iam:GetPolicy",
    ("iam", "get_policy_version"): "iam:GetPolicyVersion",
    ("ec2", "describe_security_groups"): "ec2:DescribeSecurityGroups",
    ("cloudwatch", "describe_alarms"): "cloudwatch:DescribeAlarms",
}

# (request token, response token, result key) of the calls that page
PAGING: dict[tuple[str, str], tuple[str, str, str]] = {
    ("ecs", "list_services"): ("nextToken", "nextToken", "serviceArns"),
    ("application-autoscaling", "describe_scalable_targets"): ("NextToken", "NextToken", "ScalableTargets"),
    ("application-autoscaling", "describe_scaling_policies"): ("NextToken", "NextToken", "ScalingPolicies"),
    ("codedeploy", "list_applications"): ("nextToken", "nextToken", "applications"),
    ("codedeploy", "list_deployment_groups"): ("nextToken", "nextToken", "deploymentGroups"),
    ("elbv2", "describe_target_groups"): ("Marker", "NextMarker", "TargetGroups"),
    ("elbv2", "describe_load_balancers"): ("Marker", "NextMarker", "LoadBalancers"),
    ("elbv2", "describe_listeners"): ("Marker", "NextMarker", "Listeners"),
    ("elbv2", "describe_rules"): ("Marker", "NextMarker", "Rules"),
    ("iam", "list_role_policies"): ("Marker", "Marker", "PolicyNames"),
    ("iam", "list_attached_role_policies"): ("Marker", "Marker", "AttachedPolicies"),
    ("ec2", "describe_security_groups"): ("NextToken", "NextToken", "SecurityGroups"),
    ("cloudwatch", "describe_alarms"): ("NextToken", "NextToken", "MetricAlarms"),
}

# Error codes that mean "slow down" or "try again" (as botocore's standard retry mode counts them)
THROTTLING = frozenset({
    "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
    "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
    "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException", "RequestTimeout", "RequestTimeoutException",
})
DENIED = frozenset({
    "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedAccess",
    "AuthorizationError", "AuthFailure", "UnrecognizedClientException", "InvalidClientTokenId",
    "ExpiredToken", "ExpiredTokenException", "SignatureDoesNotMatch", "InvalidSignatureException",
    "MissingAuthenticationToken", "OptInRequired",
})
NOT_FOUND = frozenset({
    "NoSuchEntity", "ClusterNotFoundException", "ServiceNotFoundException", "ServiceNotFound",
    "TargetGroupNotFound", "TargetGroupNotFoundException", "LoadBalancerNotFound", "LoadBalancerNotFoundException",
    "ListenerNotFound", "ListenerNotFoundException", "ApplicationDoesNotExistException",
    "DeploymentGroupDoesNotExistException", "DeploymentConfigDoesNotExistException", "InvalidGroup.NotFound",
    "ObjectNotFoundException", "ResourceNotFoundException", "ClientException",
})


def _short(message: str) -> str:
    """An error message for one line: an HTML error page (a proxy's, a test server's) is not one."""
    text = message.strip()
    if text.startswith("<"):
        return "an HTML error page instead of an AWS error"
    first = text.splitlines()[0] if text else ""
    return first if len(first) <= 200 else first[:197] + "..."


def plain(value: Any) -> Any:
    """A response as the AWS CLI prints it: timestamps as ISO 8601 text, blobs as text."""
    import datetime

    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    return value


class AwsError(UsageError):
    """A call that failed for good: credentials, permissions, the network, or AWS itself."""


class NotFound(Exception):
    """The resource a call asked for does not exist (the caller decides what that means)."""

    def __init__(self, action: str, message: str) -> None:
        super().__init__(f"{action}: {message}")
        self.action = action


def _import_boto3():
    try:
        import boto3
        import botocore.exceptions
    except ImportError:
        raise UsageError("scan-aws needs boto3: pip install 'doalint[aws]'") from None
    return boto3, botocore.exceptions


class Api:
    """The read-only calls of a scan, through boto3 clients of one region.

    Each call is tried up to ``attempts`` times when AWS throttles it or the network fails,
    waiting an exponentially growing, jittered delay between tries (``sleep`` is replaceable
    for tests). botocore's own retries are turned off, so that this is the one retry policy.
    """

    def __init__(self, region: Optional[str], *, endpoint_url: Optional[str] = None,
                 aws_profile: Optional[str] = None, timeout: float = 20.0, attempts: int = 5,
                 base_delay: float = 0.5, max_delay: float = 20.0,
                 sleep: Callable[[float], None] = time.sleep, session: Any = None) -> None:
        boto3, self._exc = _import_boto3()
        from botocore.config import Config

        from doalint import __version__

        try:
            self.session = session or boto3.session.Session(profile_name=aws_profile, region_name=region)
        except self._exc.ProfileNotFound as exc:
            raise AwsError(f"--aws-profile: {exc}") from None
        self.region = region or self.session.region_name
        if not self.region:
            raise AwsError("no region: pass --region or set AWS_REGION")
        self.endpoint_url = endpoint_url
        self.attempts = max(1, attempts)
        self.base_delay, self.max_delay, self.sleep = base_delay, max_delay, sleep
        self.config = Config(
            region_name=self.region, connect_timeout=timeout, read_timeout=timeout,
            retries={"total_max_attempts": 1, "mode": "standard"},
            user_agent_extra=f"doalint/{__version__}",
        )
        self._clients: dict[str, Any] = {}
        self.calls: list[str] = []  # the IAM actions called, in order (for --verbose and tests)

    def client(self, service: str):
        if service not in self._clients:
            self._clients[service] = self.session.client(
                service, region_name=self.region, endpoint_url=self.endpoint_url, config=self.config)
        return self._clients[service]

    def call(self, service: str, operation: str, **params) -> dict:
        action = CALLS[(service, operation)]  # a KeyError here is a bug: every call is listed
        exc_mod = self._exc
        try:
            client = self.client(service)
        except ValueError as exc:  # an --endpoint-url that is not a URL, a broken credential setting
            raise AwsError(f"cannot make the {service} client ({exc}); check --endpoint-url and the AWS "
                           "credential settings") from None
        for attempt in range(1, self.attempts + 1):
            self.calls.append(action)
            try:
                out = getattr(client, operation)(**params)
                out.pop("ResponseMetadata", None)
                return plain(out)
            except exc_mod.ClientError as exc:
                err = exc.response.get("Error", {}) or {}
                code, message = str(err.get("Code", "")), _short(str(err.get("Message", "")))
                status = (exc.response.get("ResponseMetadata") or {}).get("HTTPStatusCode") or 0
                if code in DENIED or status == 403:
                    raise AwsError(
                        f"{action} was denied ({code or status}{': ' + message if message else ''}); "
                        "doalint needs the read-only policy in the README (section 'Live account')") from None
                if code in NOT_FOUND or status == 404:
                    raise NotFound(action, f"{code}: {message}") from None
                if (code in THROTTLING or status in (429, 500, 502, 503, 504)) and attempt < self.attempts:
                    self._wait(attempt)
                    continue
                what = "still throttled" if code in THROTTLING else "failed"
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                raise AwsError(f"{action} {what}{tries} ({code or status}: {message})") from None
            except (exc_mod.NoCredentialsError, exc_mod.PartialCredentialsError) as exc:
                raise AwsError(f"{action}: no usable AWS credentials ({exc}); set AWS_PROFILE or "
                               "--aws-profile, or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY variables") from None
            except exc_mod.ParamValidationError as exc:
                raise AwsError(f"{action}: {exc}") from None
            except (exc_mod.EndpointConnectionError, exc_mod.ConnectTimeoutError, exc_mod.ReadTimeoutError,
                    exc_mod.ConnectionClosedError) as exc:
                if attempt < self.attempts:
                    self._wait(attempt)
                    continue
                raise AwsError(f"{action}: cannot reach AWS after {attempt} attempts ({exc})") from None
            except exc_mod.BotoCoreError as exc:
                raise AwsError(f"{action}: {exc}") from None
            except ValueError as exc:  # botocore's credential chain on a broken setting (e.g. an
                # AWS_CONTAINER_CREDENTIALS_FULL_URI that is not a loopback address)
                raise AwsError(f"{action}: cannot get AWS credentials ({exc})") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def pages(self, service: str, operation: str, **params) -> list:
        """Every item of a paged call's result list, all pages read."""
        token_in, token_out, key = PAGING[(service, operation)]
        items: list = []
        seen: set = set()
        while True:
            page = self.call(service, operation, **params)
            items += page.get(key) or []
            token = page.get(token_out)
            if service == "iam" and not page.get("IsTruncated"):
                token = None
            if not token or token in seen:  # a token seen before would loop for ever
                return items
            seen.add(token)
            params = {**params, token_in: token}

    def _wait(self, attempt: int) -> None:
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        self.sleep(random.uniform(ceiling / 2, ceiling))
