"""DOA209: the service pins its task definition to family:revision, and the family is the service's.

The pin applies to every service; the family is only checked for services in the catalog (the
catalog names the family a service's tasks come from)."""

from doalint import arns
from doalint.engine.registry import Rule, Violation

NEEDS_TASK_DEFINITION = ("ECS", "CODE_DEPLOY")  # controllers for which CreateService requires one


RULE = Rule("DOA209", needs_service=False)


def check(svc, ctx):
    family_wanted = ctx.service.name if ctx.service is not None else None
    pin_to = f"{family_wanted}:<revision>" if family_wanted else "family:revision"
    td = svc.taskDefinition
    if td is None:
        # a service without its name is a fragment a tool completes (ecspresso adds the name and
        # the task definition it registers): only a named service is missing one
        if svc.serviceName and svc.controller() in NEEDS_TASK_DEFINITION:
            yield Violation(
                ("taskDefinition",),
                f"taskDefinition is not set; pin it to {pin_to}",
            )
        return
    managed = ctx.doc.meta.get("task_definition_managed")
    if managed is not None:
        # Terraform: task_definition = aws_ecs_task_definition.x.arn names the revision Terraform
        # registered, so it is pinned; only the family can be wrong
        if family_wanted and managed != family_wanted:
            yield Violation(("taskDefinition",),
                            f"taskDefinition is the task definition of family {managed!r}; {family_wanted}'s "
                            f"tasks come from the {family_wanted!r} family")
        return
    text = td.strip()
    rest = arns.task_definition_id(text, one_line=True) or None
    m = arns.family_and_revision(rest or text)
    if m is None or (arns.looks_like(text) and rest is None):
        yield Violation(
            ("taskDefinition",),
            f"taskDefinition {td!r} is neither family:revision nor a task definition ARN; "
            f"pin it to {pin_to}",
        )
        return
    family, revision = m
    if family_wanted and family != family_wanted:
        yield Violation(
            ("taskDefinition",),
            f"taskDefinition {td!r} is of family {family!r}; {family_wanted}'s tasks come from the "
            f"{family_wanted!r} family",
        )
    elif revision is None:
        yield Violation(
            ("taskDefinition",),
            f"taskDefinition {td!r} names no revision, so ECS runs whichever revision of {family!r} is the "
            "latest ACTIVE one when the service is created or updated; pin family:revision",
        )
    elif not revision.isdigit() or int(revision) < 1:
        yield Violation(
            ("taskDefinition",),
            f"taskDefinition {td!r} has revision {revision!r}; a revision is a number from 1 up",
        )
