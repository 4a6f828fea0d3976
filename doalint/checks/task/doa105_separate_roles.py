"""DOA105: executionRoleArn and taskRoleArn are both set and are different roles."""

from typing import Optional

from doalint import arns
from doalint.engine.registry import Related, Rule, Violation


def _role_key(value: str) -> tuple[Optional[str], str]:
    """(account or None, role name) of a role ARN or a bare role name.

    Role names are unique in an account whatever their IAM path, so
    ``role/ecsTaskExecutionRole`` and ``role/service/ecsTaskExecutionRole`` are one role.
    """
    v = value.strip()
    parts = arns.fields(v)
    if parts is not None:
        account = parts[4] if len(parts) > 4 and parts[4] else None
        resource = parts[5] if len(parts) > 5 else ""
        return account, resource.rsplit("/", 1)[-1]
    return None, v.rsplit("/", 1)[-1]


_MISSING = {
    "executionRoleArn": "on Fargate the ECS agent then has no role to pull the image from ECR, send awslogs "
                        "to CloudWatch or resolve `secrets`",
    "taskRoleArn": "the application gets no AWS credentials of its own and needs a task role separate from "
                   "the execution role",
}


RULE = Rule("DOA105", needs_service=False)


def check(task, ctx):
    execution = (task.executionRoleArn or "").strip()
    task_role = (task.taskRoleArn or "").strip()
    partly = [ctx.partial("executionRoleArn"), ctx.partial("taskRoleArn")]
    if any(partly):
        # a templated role: the same only when both name the same role with the same placeholders
        e = partly[0].text.strip() if partly[0] else execution
        t = partly[1].text.strip() if partly[1] else task_role
        for key, role in (("executionRoleArn", e), ("taskRoleArn", t)):
            if not role:  # (a wholly unknown role is DOA003's: the engine drops this)
                yield Violation((key,), f"{key} is not set; " + _MISSING[key])
        if all(partly) and e and t and _role_key(e) == _role_key(t):
            yield Violation(
                ("taskRoleArn",),
                f"taskRoleArn is '{t}', the execution role too; the application would hold the permissions "
                "to read every secret and pull every image the execution role can",
                related=(Related(("executionRoleArn",), "the execution role"),),
                literal=True,
            )
        return
    if not execution:
        yield Violation(("executionRoleArn",), "executionRoleArn is not set; " + _MISSING["executionRoleArn"])
    if not task_role:
        yield Violation(("taskRoleArn",), "taskRoleArn is not set; " + _MISSING["taskRoleArn"])
    if not execution or not task_role:
        return
    (acc_e, name_e), (acc_t, name_t) = _role_key(execution), _role_key(task_role)
    if name_e == name_t and (acc_e is None or acc_t is None or acc_e == acc_t):
        yield Violation(
            ("taskRoleArn",),
            f"taskRoleArn is the execution role {name_e!r} too; the application would hold the "
            "permissions to read every secret and pull every image the execution role can",
            related=(Related(("executionRoleArn",), "the execution role"),),
        )
