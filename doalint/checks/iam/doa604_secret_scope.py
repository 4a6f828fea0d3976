"""DOA604: SSM parameter reads only under the standard's prefix; secret reads only on named secrets or a prefix."""

from __future__ import annotations

from doalint import arns
from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

# ARN resource part of a Secrets Manager secret: "secret:<name>-<6 random characters>" (AWS's format).
SECRET_PREFIX = "secret:"


def _granted(st, wanted: list[str]) -> tuple[list[str], set[str]]:
    """How the statement's Action entries grant the profile's actions ("*" aside: DOA602), for
    messages (``ssm:GetParameters``, ``ssm:Get* (granting ssm:GetParameter, ...)``), and the
    service prefixes of the actions granted."""
    shown: list[str] = []
    services: set[str] = set()
    for _, pattern in st.actions():
        if iam.is_everything(pattern):
            continue
        got = [a for a in wanted if iam.matches(pattern, a)]
        if not got:
            continue
        services.update(_service(a) for a in got)
        if len(got) == 1 and got[0].lower() == pattern.lower():
            text = got[0]
        else:
            text = f"{pattern} (granting {', '.join(got)})"
        if text not in shown:
            shown.append(text)
    return shown, services


def _what(shown: list[str]) -> str:
    return ", ".join(shown) + (" is" if len(shown) == 1 else " are")


def _service(action: str) -> str:
    sa = iam.split_action(action)
    return sa[0].lower() if sa else action


def _secret_problem(resource: str, profile) -> str | None:
    """Why ``resource`` reaches every secret (or the wrong region or account), or None."""
    if resource == iam.ANY:
        return "that is every resource, every secret included"
    arn = arns.parse(resource)
    if arn is None:
        return None
    part = arn[4]
    if not part.startswith(SECRET_PREFIX):
        # a pattern such as "*" or "secret*" over the resource part covers every secret
        return f"{part!r} covers every secret" if iam.has_wildcard(part) else None
    name = part[len(SECRET_PREFIX):]
    if not any(c.isalnum() for c in iam.literal_prefix(name)):
        return f"{part!r} covers every secret"
    return iam.region_account_problem(arn, profile)


RULE = Rule("DOA604", needs_service=False)


def check(policy, ctx):
    settings = ctx.profile.iam
    template = ctx.profile.fill(settings.ssm_resource)
    want = arns.parse(template)
    ssm_prefix = iam.type_prefix(want[4]) if want else ""
    for base, st in iam.allow_statements(policy):
        resources = st.resources()
        ssm, _ = _granted(st, settings.ssm_read_actions)
        if ssm and want:
            for rel, r in resources:
                if not iam.applies(r, want[1], ssm_prefix):
                    continue
                problem = iam.scope_problem(r, template, ctx.profile)
                if problem:
                    yield Violation(
                        base + rel,
                        f"{_what(ssm)} allowed on {r!r}: {problem}; the standard limits parameter reads to "
                        f"{iam.shown(template)} (under {ctx.profile.task.ssm_prefix}; region and account may be *)",
                    )
        secrets, services = _granted(st, settings.secret_read_actions)
        if secrets:
            for rel, r in resources:
                if not any(iam.applies(r, s, SECRET_PREFIX) for s in services):
                    continue
                problem = _secret_problem(r, ctx.profile)
                if problem:
                    yield Violation(
                        base + rel,
                        f"{_what(secrets)} allowed on {r!r}: "
                        f"{problem}; the standard scopes secret reads to the named secrets the service uses or "
                        f"their prefix, e.g. arn:aws:secretsmanager:{ctx.profile.region}:"
                        f"{ctx.profile.account_id or '*'}:secret:<secret-name>-*",
                    )
