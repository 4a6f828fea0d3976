"""DOA110: secrets come from full SSM/Secrets Manager ARNs of the right kind, prefix, region and account."""

from __future__ import annotations

from typing import Iterator, Optional

from doalint import arns
from doalint.engine.registry import Rule, Violation

_SSM, _SECRETS_MANAGER = "ssm", "secretsmanager"


def _marker(name: Optional[str], markers: list[str]) -> Optional[str]:
    up = (name or "").upper()
    return next((m for m in markers if m.upper() in up), None)


def _prefix(prefix: str) -> str:
    return "/" + prefix.lstrip("/")


def _check_parameter_name(pname: str, prefix: str, where, label: str) -> Iterator[Violation]:
    if not ("/" + pname.lstrip("/")).startswith(prefix):
        yield Violation(
            where, f"{label} reads SSM parameter {pname!r}, which is outside the standard's prefix {prefix!r}"
        )


RULE = Rule("DOA110", needs_service=False)


def check(task, ctx):
    settings = ctx.profile.task
    prefix = _prefix(settings.ssm_prefix)
    region, account = ctx.profile.region, ctx.profile.account_id
    for i, c in task.containers():
        for j, s in enumerate(c.secrets):
            if s is None or s.valueFrom is None:
                continue
            where = ("containerDefinitions", i, "secrets", j, "valueFrom")
            label = f"secret {s.name!r}" if s.name else f"secrets[{j}]"
            value = s.valueFrom.strip()
            marker = _marker(s.name, settings.secret_name_markers)
            m = arns.parse(value, one_line=True)
            if m is None and arns.looks_like(value):
                yield Violation(
                    where,
                    f"{label}: valueFrom {value!r} is not a well-formed ARN "
                    "(arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)",
                )
                continue
            if m is None:
                # ECS resolves a bare name as an SSM parameter of the task's own region.
                yield Violation(
                    where,
                    f"{label}: valueFrom {value!r} is not a full ARN (ECS would read it as an SSM parameter name "
                    "of the task's region); use the parameter's or secret's full ARN",
                )
                if marker:
                    yield Violation(
                        where,
                        f"{label}: the name contains {marker!r} but the value is an SSM parameter; "
                        "keep it in Secrets Manager",
                    )
                yield from _check_parameter_name(value, prefix, where, label)
                continue
            service = m.service
            if service not in (_SSM, _SECRETS_MANAGER):
                yield Violation(
                    where,
                    f"{label}: valueFrom is an ARN of service {service!r}; ECS secrets come from SSM Parameter Store "
                    "('arn:aws:ssm:...') or Secrets Manager ('arn:aws:secretsmanager:...')",
                )
                continue
            resource = m.resource
            if service == _SSM:
                if marker:
                    yield Violation(
                        where,
                        f"{label}: the name contains {marker!r} but the value is an SSM parameter; "
                        "keep it in Secrets Manager",
                    )
                if not resource.startswith("parameter/"):
                    yield Violation(
                        where, f"{label}: {value!r} is not an SSM parameter ARN (expected ':parameter/...')"
                    )
                else:
                    yield from _check_parameter_name(resource[len("parameter"):], prefix, where, label)
            elif not resource.startswith("secret:"):
                yield Violation(
                    where, f"{label}: {value!r} is not a Secrets Manager secret ARN (expected ':secret:...')"
                )
            if m.region != region:
                yield Violation(
                    where,
                    f"{label}: the ARN's region is {m.region!r}; the standard's region is {region!r}",
                )
            if account and m.account != account:
                yield Violation(
                    where,
                    f"{label}: the ARN's account is {m.account!r}; the profile's account is {account!r}",
                )
