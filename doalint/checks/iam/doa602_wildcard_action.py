"""DOA602: an Allow never grants every action ("*") or every action of a service ("svc:*")."""

from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

# Access levels of the IAM reference data that change things (not List/Read).
_CHANGING = ("Write", "Permissions management", "Tagging")


RULE = Rule("DOA602", needs_service=False)


def check(policy, ctx):
    for base, st in iam.allow_statements(policy):
        for rel, action in st.actions():
            if st.resource_based and (iam.is_everything(action) or iam.is_service_wide(action)
                                      and iam.service_exists(iam.split_action(action)[0])):
                # a trust (or resource) policy: it lets its Principal act on this resource, not grant a role
                every = "every action" if iam.is_everything(action) else f"every {iam.split_action(action)[0]} action"
                yield Violation(
                    base + rel,
                    f"Action {action!r} in an Allow with a Principal lets that principal perform {every} this "
                    "policy's resource accepts (for a role's trust policy: assume the role, tag the session, "
                    "set a source identity), including actions AWS adds later; list the actions it needs "
                    "(sts:AssumeRole)",
                )
            elif iam.is_everything(action):
                yield Violation(
                    base + rel,
                    f"Action {action!r} in an Allow grants every action of every AWS service (administrator "
                    "access, including iam:* to grant itself more); list the actions the role needs",
                )
            elif iam.is_service_wide(action):
                svc = iam.split_action(action)[0]
                if not iam.service_exists(svc):
                    continue  # DOA607 reports the unknown service
                known = iam.actions_of(svc)
                changing = sum(1 for a in known.values()
                               if iam.details(svc, a).get("accessLevel") in _CHANGING)
                yield Violation(
                    base + rel,
                    f"Action {action!r} in an Allow grants all {len(known)} actions of {svc} "
                    f"({iam.service_name(svc)}), {changing} of them writing, tagging or changing permissions, "
                    "and every action AWS adds later; list the actions the role needs",
                )
