"""DOA601: the policy is written in the standard's policy language version."""

from doalint.engine.registry import Rule, Violation

# What IAM assumes for a policy without Version (IAM User Guide, "Version" element).
IMPLIED_VERSION = "2008-10-17"


RULE = Rule("DOA601", needs_service=False)


def check(policy, ctx):
    want = ctx.profile.iam.policy_version
    got = policy.Version
    if got == want:
        return
    if got is None:
        yield Violation(
            ("Version",),
            f"Version is not set, so IAM reads the policy as version {IMPLIED_VERSION!r}, in which policy "
            f"variables such as ${{aws:username}} are plain text; the standard requires Version {want!r}",
        )
    elif got == IMPLIED_VERSION:
        yield Violation(
            ("Version",),
            f"Version is {got!r}, the original policy language without policy variables (${{aws:username}} "
            f"is plain text in it); the standard requires {want!r}",
        )
    else:
        yield Violation(("Version",), f"Version is {got!r}; the standard requires {want!r}")
