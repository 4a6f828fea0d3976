"""DOA606: CloudWatch Logs actions are scoped to the standard's log groups (log-group:/ecs/*)."""

from doalint import arns
from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

# Resource types of CloudWatch Logs whose ARNs are under a log group's (AWS's names).
_LOG_GROUP_TYPES = ("log-group", "log-stream")


def _log_actions(st, service: str) -> list[str]:
    """The statement's Action entries that grant a log-group or log-stream action of ``service``."""
    out: list[str] = []
    for _, pattern in st.actions():
        if iam.is_everything(pattern):
            continue  # DOA602's
        for svc, name in iam.expand(pattern) or []:
            if svc != service:
                continue
            if any(r["name"].lower() in _LOG_GROUP_TYPES for r in iam.resource_types(svc, name)):
                out.append(pattern)
                break
    return out


RULE = Rule("DOA606", needs_service=False)


def check(policy, ctx):
    template = ctx.profile.fill(ctx.profile.iam.log_group_resource)
    want = arns.parse(template)
    if want is None:
        return
    service, prefix = want[1], iam.type_prefix(want[4])
    for base, st in iam.allow_statements(policy):
        actions = _log_actions(st, service)
        if not actions:
            continue
        for rel, r in st.resources():
            if not iam.applies(r, service, prefix):
                continue
            problem = iam.scope_problem(r, template, ctx.profile)
            if problem:
                yield Violation(
                    base + rel,
                    f"{', '.join(actions)} {'is' if len(actions) == 1 else 'are'} allowed on {r!r}: {problem}; "
                    f"the standard scopes CloudWatch Logs permissions to the services' log groups, "
                    f"{iam.shown(template)} (region and account may be *)",
                )
