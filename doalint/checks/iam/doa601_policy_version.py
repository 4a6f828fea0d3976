"""DOA601: the policy is written in the standard's policy language version."""

from doalint.engine.registry import Rule, Violation
from doalint.fixes import Fix, Set

# What IAM assumes for a policy without Version (IAM User Guide, "Version" element).
IMPLIED_VERSION = "2008-10-17"


RULE = Rule("DOA601", needs_service=False)


def check(policy, ctx):
    want = ctx.profile.iam.policy_version
    got = policy.Version
    if got == want:
        return
    # In the older language ${...} is plain text, in the standard's a policy variable: a policy that
    # writes ${ changes meaning with the version, so only there is the fix unsafe.
    fix = Fix(f"set Version to {want}", [Set(("Version",), want)], safe="${" not in _text(ctx.doc.data))
    if got is None:
        yield Violation(
            ("Version",),
            f"Version is not set, so IAM reads the policy as version {IMPLIED_VERSION!r}, in which policy "
            f"variables such as ${{aws:username}} are plain text; the standard requires Version {want!r}",
            fix=fix,
        )
    elif got == IMPLIED_VERSION:
        yield Violation(
            ("Version",),
            f"Version is {got!r}, the original policy language without policy variables (${{aws:username}} "
            f"is plain text in it); the standard requires {want!r}",
            fix=fix,
        )
    else:
        yield Violation(("Version",), f"Version is {got!r}; the standard requires {want!r}", fix=fix)


def _text(value) -> str:
    """Every string of ``value``, joined."""
    out, stack = [], [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return "\n".join(out)
