"""DOA109: no secret-like variable in a container's plain environment."""

import re

from doalint import arns
from doalint.engine.registry import Rule, Violation
from doalint.placeholders import Hole


def _squash(s: str) -> str:
    """Lower case without separators: DB_PASSWORD, db-password and dbPassword compare alike."""
    return re.sub(r"[^a-z0-9]", "", s.lower())


RULE = Rule("DOA109", needs_service=False)


def check(task, ctx):
    settings = ctx.profile.task
    markers = [(m, _squash(m)) for m in settings.secret_name_markers if _squash(m)]
    patterns = [re.compile(p) for p in settings.secret_value_patterns]
    for i, c in task.containers():
        who = f"container {c.name!r}" if c.name else f"containerDefinitions[{i}]"
        for j, kv in enumerate(c.environment):
            if kv is None or not kv.name:
                continue
            value = kv.value or ""
            template = ctx.partial("containerDefinitions", i, "environment", j, "value")
            if template is not None:
                # the literal parts of a templated value: a placeholder stands for some text
                value = "".join("x" if isinstance(p, Hole) else p for p in template.parts)
            # A reference to a secret (its ARN) is not the secret itself.
            if arns.looks_like(value.strip()):
                continue
            squashed = _squash(kv.name)
            marker = next((m for m, sq in markers if sq in squashed), None)
            if marker is not None:
                # Never echo the value: it is (probably) the secret.
                yield Violation(
                    ("containerDefinitions", i, "environment", j, "name"),
                    f"{who} sets {kv.name} in plain environment, and its name marks a secret ({marker}); "
                    "plain environment is visible to anyone who can describe the task definition, so it "
                    "belongs in `secrets` (valueFrom a Secrets Manager secret or SSM SecureString)",
                )
            elif any(p.search(value) for p in patterns):
                yield Violation(
                    ("containerDefinitions", i, "environment", j, "value"),
                    f"{who} sets {kv.name} in plain environment to a value that embeds a credential"
                    + (" once its placeholders are filled in" if template is not None else "")
                    + "; it belongs in `secrets` (valueFrom a Secrets Manager secret or SSM SecureString)",
                    literal=template is not None,
                )
