"""DOA605: no NotAction/NotResource in an Allow, and no iam:PassRole on every role."""

from doalint import arns
from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

# The action that hands a role to a service (AWS's name, not a choice of the standard).
PASS_ROLE = "iam:PassRole"
_IAM = PASS_ROLE.split(":")[0]
# Resource parts of an IAM ARN, before a trailing "*", that name no particular role.
_ROLE_TYPE = ("", "role", "role/")


def _every_role(resource: str) -> bool:
    """Whether ``resource`` is "*" or an IAM ARN such as arn:aws:iam::*:role/* that covers every role."""
    if resource == iam.ANY:
        return True
    arn = arns.parse(resource)
    if arn is None or not iam.glob(arn[1], True).fullmatch(_IAM):
        return False
    return arn[4].endswith("*") and arn[4].rstrip("*") in _ROLE_TYPE


RULE = Rule("DOA605", needs_service=False)


def check(policy, ctx):
    for base, st in iam.allow_statements(policy):
        if st.NotAction is not None and st.resource_based:  # a trust (or resource) policy: it names a Principal
            yield Violation(
                base + ("NotAction",),
                "an Allow with NotAction and a Principal lets that principal perform every action this policy's "
                "resource accepts except the ones listed, including actions AWS adds later; list the actions it "
                "needs in Action instead (sts:AssumeRole, for a role's trust policy)",
            )
        elif st.NotAction is not None:
            yield Violation(
                base + ("NotAction",),
                "an Allow with NotAction grants every action on the statement's resources except the ones "
                "listed (every service's, when Resource is \"*\"), including actions AWS adds later; list the "
                "actions the role needs in Action instead",
            )
        if st.NotResource is not None:
            yield Violation(
                base + ("NotResource",),
                "an Allow with NotResource grants the actions on every resource except the ones listed, "
                "including resources created later; list the resources in Resource instead",
            )
        wide = [r for _, r in st.resources() if _every_role(r)]
        if not wide:
            continue
        for rel, action in st.actions():
            if iam.is_everything(action) or not iam.matches(action, PASS_ROLE):
                continue  # "*" is DOA602's
            shown = PASS_ROLE if action.lower() == PASS_ROLE.lower() else f"{action!r} (which includes {PASS_ROLE})"
            yield Violation(
                base + rel,
                f"{shown} is allowed on {wide[0]!r}, so the role can hand any role of the account, an "
                "administrator role included, to a service it can start; name the role ARNs it passes "
                "(e.g. the task's execution and task roles) and limit iam:PassedToService",
            )
