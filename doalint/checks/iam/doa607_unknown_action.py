"""DOA607: every action names a real service prefix and action of the IAM reference data."""

from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

_SUGGESTED_SERVICES = 5  # close service prefixes tried for an action that exists in one of them


def _unknown_service(svc: str, name: str) -> str:
    close = iam.closest(svc, iam.service_keys(), n=_SUGGESTED_SERVICES)
    # prefer a close prefix that has the action (ecz:DescribeTasks -> ecs, not ecr)
    for c in close:
        if iam.expand(f"{c}:{name}"):
            return f"; did you mean {c} ({c}:{_spelling(c, name)})?"
    return f"; did you mean {close[0]}?" if close else ""


def _spelling(svc: str, name: str) -> str:
    if iam.has_wildcard(name):
        return name
    return iam.actions_of(svc).get(name.lower(), name)


def _unknown_action(svc: str, name: str) -> str:
    known = iam.actions_of(svc)
    if iam.has_wildcard(name):
        lit = iam.literal_prefix(name)
        if not lit:
            return ""
        # the nearest real prefix (of about the same length), with the pattern's wildcard part kept
        prefixes = {a[:n] for a in known.values() for n in (len(lit) - 1, len(lit), len(lit) + 1) if n > 0}
        close = iam.closest(lit, prefixes)
        return f"; did you mean {svc}:{close[0]}{name[len(lit):]}?" if close else ""
    close = iam.closest(name, known.values())
    return f"; did you mean {svc}:{close[0]}?" if close else ""


RULE = Rule("DOA607", needs_service=False)


def check(policy, ctx):
    for base, st in policy.statements():
        for rel, action in st.actions() + st.not_actions():
            if iam.is_everything(action):
                continue
            sa = iam.split_action(action)
            if sa is None:
                yield Violation(
                    base + rel,
                    f"{action!r} is not an IAM action: actions are written service-prefix:ActionName, "
                    "e.g. ecs:DescribeTasks",
                )
                continue
            found = iam.expand(action)
            if found is None or found:
                continue
            svc, name = sa
            if iam.has_wildcard(svc):
                if any(iam.glob(svc).fullmatch(k) for k in iam.service_keys()):
                    msg = f"{action!r} matches no action of the services {svc!r} names"
                else:
                    msg = f"{action!r}: {svc!r} matches no IAM service prefix"
                yield Violation(base + rel, msg)
                continue
            if not iam.service_exists(svc):
                yield Violation(
                    base + rel, f"{action!r}: {svc!r} is not an IAM service prefix{_unknown_service(svc, name)}"
                )
                continue
            svc = svc.lower()
            if iam.has_wildcard(name):
                msg = f"{action!r} matches no action of {svc} ({iam.service_name(svc)})"
            else:
                msg = f"{action!r} is not an action of {svc} ({iam.service_name(svc)})"
            yield Violation(base + rel, msg + _unknown_action(svc, name))
