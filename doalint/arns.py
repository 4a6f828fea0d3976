"""ARNs: where doalint reads and writes Amazon Resource Names, and matches IAM patterns over them.

An ARN is ``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE``. The resource part may hold colons
and slashes of its own (``task-definition/web:3``, ``secret:db-AbCdEf``,
``log-group:/ecs/web:log-stream:x``), so an ARN has six colon-separated fields at most: the sixth
is the rest of the text. :func:`parse` reads an ARN into an :class:`Arn`; ``str(arn)`` (or
:func:`build`) writes one.

Files are written by hand, so the places that read ARNs accept different things, each what AWS
reads there: an IAM policy keeps its wildcards (``arn:aws:ssm:*:*:parameter/app/*``), a value
read by a regular expression's ``$`` may end with one line break, a hand-written action may be cut
short (``arn:aws:sns:...``), a document may elide the middle of a target group ARN. Each helper
says what it accepts.

This module is neutral: every layer (front ends, models, rules, the engine) may import it, and it
imports nothing of doalint's.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple, Optional

PREFIX = "arn:"
_FIELDS = 6  # arn, partition, service, region, account, resource
# aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...: the partitions, as AWS names them
_AWS_PARTITION = re.compile(r"aws[a-z-]*")
# a service namespace as AWS writes it in ARNs and actions (no wildcard)
_NAMESPACE = re.compile(r"[a-z0-9-]+")

# The resource types of the services doalint reads, each with the separator AWS writes between the
# type and the resource's id (the ARN formats of AWS's Service Authorization Reference). A service
# with no types names the resource by the whole resource part (an SNS topic, an S3 bucket).
_TYPES: dict[str, dict[str, str]] = {
    "ecs": {"cluster": "/", "service": "/", "task-definition": "/", "task": "/", "task-set": "/",
            "container-instance": "/", "capacity-provider": "/"},
    "secretsmanager": {"secret": ":"},
    "ssm": {"parameter": "/"},
    "elasticloadbalancing": {"targetgroup": "/", "loadbalancer": "/", "listener": "/", "listener-rule": "/"},
    "iam": {"role": "/", "policy": "/", "user": "/", "group": "/", "instance-profile": "/"},
    "logs": {"log-group": ":"},
    "servicediscovery": {"service": "/", "namespace": "/"},
    "ecr": {"repository": "/"},
    "kms": {"key": "/", "alias": "/"},
    "codedeploy": {"application": ":", "deploymentgroup": ":", "deploymentconfig": ":"},
    "cloudwatch": {"alarm": ":"},
    "application-autoscaling": {"scalable-target": "/"},
    "autoscaling": {"scalingPolicy": ":", "autoScalingGroup": ":"},
    "sns": {},
    "sqs": {},
    "s3": {},
}
# Where the name is the id's last "/" part: a role's path, a service's cluster, an application's
# deployment group come before it.
_LAST_PART = {("iam", "role"), ("iam", "policy"), ("iam", "user"), ("iam", "group"), ("iam", "instance-profile"),
              ("ecs", "service"), ("codedeploy", "deploymentgroup")}
# Load balancers, listeners and rules: loadbalancer/app/NAME/ID, listener/app/NAME/ID/ID, ...
_LOAD_BALANCER_PARTS = {"loadbalancer", "listener", "listener-rule"}
# The six characters Secrets Manager appends to a secret's name in its ARN (secret:NAME-AbCdEf).
_SECRET_SUFFIX = re.compile(r"-[A-Za-z0-9]{6}\Z")
_GENERIC_TYPE = re.compile(r"[^/:]*[/:]")


class Arn(NamedTuple):
    """A parsed ARN. Its fields are as written, wildcards and placeholders included."""

    partition: str
    service: str
    region: str
    account: str
    resource: str

    def __str__(self) -> str:
        return f"arn:{self.partition}:{self.service}:{self.region}:{self.account}:{self.resource}"

    @property
    def is_aws(self) -> bool:
        """The partition is one of AWS's (aws, aws-cn, aws-us-gov, ...), written out."""
        return _AWS_PARTITION.fullmatch(self.partition) is not None

    @property
    def exact_service(self) -> bool:
        """The service is a service namespace (lower-case letters, digits, hyphens), not a pattern."""
        return _NAMESPACE.fullmatch(self.service) is not None

    def _split(self) -> tuple[str, str]:
        types = _TYPES.get(self.service)
        if types is None:  # another service: the type is what comes before the first "/" or ":"
            m = _GENERIC_TYPE.match(self.resource)
            return (m.group(0)[:-1], self.resource[m.end():]) if m else ("", self.resource)
        for rtype, sep in types.items():
            if self.resource.startswith(rtype + sep):
                return rtype, self.resource[len(rtype) + 1:]
        return "", self.resource

    @property
    def resource_type(self) -> str:
        """``task-definition``, ``secret``, ``targetgroup``, ``log-group``...; "" when the resource
        part names no type (an SNS topic) or, for the services doalint reads, none AWS writes so."""
        return self._split()[0]

    @property
    def resource_id(self) -> str:
        """The resource part after its type and separator (``web:3`` of ``task-definition/web:3``),
        the whole resource part when it has no type."""
        return self._split()[1]

    def id_of(self, service: str, resource_type: str) -> Optional[str]:
        """The resource id when the ARN is one of ``service``'s ``resource_type``, else None."""
        rtype, rid = self._split()
        return rid if self.service == service and rtype == resource_type else None

    @property
    def name(self) -> str:
        """The resource's name: a task definition's family, a role's or a service's last part, a
        target group's or load balancer's name, a log group's, a secret's without the six random
        characters AWS appends, an SSM parameter's (with its leading "/" when hierarchical);
        else the resource id."""
        rtype, rid = self._split()
        key = (self.service, rtype)
        if key in _LAST_PART:
            return rid.rsplit("/", 1)[-1]
        if key == ("ecs", "task-definition") or key == ("logs", "log-group"):
            return rid.split(":", 1)[0]
        if key == ("secretsmanager", "secret"):
            return _SECRET_SUFFIX.sub("", rid.split(":", 1)[0])
        if key == ("ssm", "parameter"):
            return "/" + rid if "/" in rid else rid
        if self.service == "elasticloadbalancing" and rtype == "targetgroup":
            return rid.split("/", 1)[0]
        if self.service == "elasticloadbalancing" and rtype in _LOAD_BALANCER_PARTS:
            parts = rid.split("/")
            return parts[1] if len(parts) > 1 else rid
        return rid


# --- reading ---------------------------------------------------------------------------------

def looks_like(text: object) -> bool:
    """Whether ``text`` is written as an ARN (it starts with ``arn:``), well-formed or not."""
    return isinstance(text, str) and text.startswith(PREFIX)


def fields(text: object) -> Optional[list[str]]:
    """The colon-separated fields of a text written as an ARN, six at most (the sixth, the
    resource, keeps its colons); fewer for a text cut short. None when it does not start with
    ``arn:``."""
    if not looks_like(text):
        return None
    return text.split(":", _FIELDS - 1)  # type: ignore[union-attr]


def parse(text: object, one_line: bool = False) -> Optional[Arn]:
    """The :class:`Arn` of ``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`` (any field may be
    empty, a wildcard or a placeholder), or None for any other text or value.

    ``one_line``: read as a regular expression's ``(.*)$`` reads the resource: one line break at
    the very end of the text is not part of it, and one anywhere else makes the text no ARN."""
    f = fields(text)
    if f is None or len(f) < _FIELDS:
        return None
    resource = f[5]
    if one_line:
        if resource.endswith("\n"):
            resource = resource[:-1]
        if "\n" in resource:
            return None
    return Arn(f[1], f[2], f[3], f[4], resource)


def service_of(text: object) -> Optional[str]:
    """The service of a text written as an ARN, read no further: ``arn:PARTITION:SERVICE:`` with
    a partition and a service, whatever follows (``arn:aws:sns:...`` counts); else None."""
    f = fields(text)
    if f is None or len(f) < 4 or not f[1] or not f[2]:
        return None
    return f[2]


def name_of(text: str) -> str:
    """The part after the last "/" of a text written as an ARN (a role's name, whatever its
    path); any other text as it is."""
    return text.rsplit("/", 1)[-1] if looks_like(text) else text


# The name in a target group ARN (arn:...:targetgroup/NAME/ID), also in the shortened forms
# documents write (``arn:aws:elasticloadbalancing:...:targetgroup/web``, ``targetgroup/web/*``).
_TARGET_GROUP = re.compile(r"(?:^|:)targetgroup/([^/\s]+)")


def target_group_name(text: object) -> Optional[str]:
    """The target group name in a target group ARN or one of its shortened forms, or None."""
    if not isinstance(text, str):
        return None
    m = _TARGET_GROUP.search(text)
    return m.group(1) if m else None


def task_definition_id(text: object, one_line: bool = False) -> Optional[str]:
    """``FAMILY:REVISION`` (as written, possibly empty) of an ECS task definition ARN of an AWS
    partition (``arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REVISION``), else None.
    ``one_line`` as for :func:`parse`."""
    arn = parse(text, one_line)
    return arn.id_of("ecs", "task-definition") if arn is not None and arn.is_aws else None


_FAMILY_REVISION = re.compile(r"^(?P<family>[A-Za-z0-9_-]+)(?::(?P<revision>[^:/]*))?$")


def family_and_revision(text: str) -> Optional[tuple[str, Optional[str]]]:
    """(family, revision or None) of ``FAMILY[:REVISION]`` (a family is letters, digits, "_" and
    "-"; the revision is not checked here), else None."""
    m = _FAMILY_REVISION.match(text)
    return (m.group("family"), m.group("revision")) if m else None


def secret(text: object) -> Optional[str]:
    """The ARN of the Secrets Manager secret an ECS ``valueFrom`` names: the ARN up to the secret's
    name, without the JSON key, version stage and version id ECS reads after it
    (``...:secret:NAME-AbCdEf:KEY:STAGE:ID``). None for any other text."""
    arn = parse(text)
    rid = arn.id_of("secretsmanager", "secret") if arn is not None and arn.is_aws else None
    name = rid.split(":", 1)[0] if rid is not None else ""
    return str(arn._replace(resource="secret:" + name)) if name else None


# --- writing ---------------------------------------------------------------------------------

def build(service: str, resource: str, region: str = "*", account: str = "*", partition: str = "aws") -> str:
    """``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE``; the parts only AWS knows default to "*"."""
    return str(Arn(partition, service, region, account, resource))


def target_group(name: str, region: str = "*") -> str:
    """An ARN-like text naming a target group whose id only AWS knows (rules match it by name)."""
    return build("elasticloadbalancing", f"targetgroup/{name}/*", region)


def role(name: str) -> str:
    """An ARN-like text naming an IAM role of an account not known statically."""
    return build("iam", f"role/{name}", "")


# --- IAM wildcard patterns ("*" any run of characters, "?" one) --------------------------------

_WILDCARD = re.compile(r"[*?]")


def has_wildcard(text: str) -> bool:
    return bool(_WILDCARD.search(text))


@lru_cache(maxsize=4096)
def glob(pattern: str, case_sensitive: bool = False) -> re.Pattern:
    """A regex for an IAM wildcard pattern, to ``fullmatch``. IAM compares action names without
    regard to case (the default) and ARNs with it."""
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern]
    return re.compile("".join(parts), 0 if case_sensitive else re.IGNORECASE | re.DOTALL)


def literal_prefix(text: str) -> str:
    """The text before its first wildcard."""
    m = _WILDCARD.search(text)
    return text[: m.start()] if m else text


def within(inner: str, outer: str) -> bool:
    """Every string the pattern ``inner`` matches is matched by the pattern ``outer``
    (case-sensitive, as ARNs are). A ``*`` of ``inner`` is only covered by a ``*`` of ``outer``."""
    parts = []
    for c in outer:
        parts.append(".*" if c == "*" else "[^*]" if c == "?" else re.escape(c))
    return re.fullmatch("".join(parts), inner, re.DOTALL) is not None


def overlaps(resource_part: str, type_prefix: str) -> bool:
    """Whether a resource part (e.g. ``parameter/x/*``, ``*``) can name resources whose
    resource part starts with ``type_prefix`` (e.g. ``parameter/``)."""
    lit = literal_prefix(resource_part)
    if lit.startswith(type_prefix):
        return True
    return has_wildcard(resource_part) and type_prefix.startswith(lit)


def type_prefix(resource_part: str) -> str:
    """``parameter/`` of ``parameter/doa-market/*``, ``log-group:`` of ``log-group:/ecs/*``."""
    m = re.match(r"[^/:*?]*[/:]", resource_part)
    return m.group(0) if m else literal_prefix(resource_part)
