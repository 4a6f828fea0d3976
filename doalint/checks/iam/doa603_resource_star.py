"""DOA603: Resource "*" only for actions without resource-level permissions (from the IAM reference data)."""

from doalint.checks.iam import _iamfacts as iam
from doalint.engine.registry import Rule, Violation

_LISTED = 8  # actions named per ARN format before "and N more"


def _names(names: list[str]) -> str:
    if len(names) > _LISTED:
        return ", ".join(names[:_LISTED]) + f" and {len(names) - _LISTED} more"
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else names[0]


RULE = Rule("DOA603", needs_service=False)


def check(policy, ctx):
    for base, st in iam.allow_statements(policy):
        stars = [rel for rel, r in st.resources() if r == iam.ANY]
        if not stars:
            continue
        scoped: dict[str, tuple[str, ...]] = {}  # action -> the ARN formats it accepts
        star_only: list[str] = []
        for _, action in st.actions():
            if iam.is_everything(action) or iam.is_service_wide(action):
                continue  # DOA602 reports these
            for svc, name in iam.expand(action) or []:  # unknown actions: DOA607
                full = f"{svc}:{name}"
                formats = tuple(iam.arn_formats(svc, name))
                if formats:
                    scoped.setdefault(full, formats)
                elif full not in star_only:
                    star_only.append(full)
        if not scoped:
            continue
        listed = [f"{a} accepts {' or '.join(f)}" for a, f in list(scoped.items())[:_LISTED]]
        if len(scoped) > _LISTED:
            listed.append(f"and {len(scoped) - _LISTED} more actions")
        accepts = "; ".join(listed)
        keep = f" (here {_names(star_only)})" if star_only else ""
        yield Violation(
            base + stars[0],
            f"Resource \"*\" grants these actions on every resource although they support resource-level "
            f"permissions: {accepts}; name the resources the role needs and keep \"*\" only for actions that "
            f"have no resource-level permissions{keep}",
        )
