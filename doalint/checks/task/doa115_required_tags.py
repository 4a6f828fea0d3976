"""DOA115: the task definition carries the standard's required tags."""

from doalint.engine.registry import Rule, Violation


RULE = Rule("DOA115", needs_service=False)


def check(task, ctx):
    required = ctx.profile.task.required_tags
    if not required:
        return
    if task.tags is None:
        hint = ""
        if getattr(ctx.doc, "variant", "input") == "output":
            hint = " (describe-task-definition only returns them with --include TAGS)"
        yield Violation(
            ("tags",), f"the task definition has no tags{hint}; the standard requires {', '.join(required)}"
        )
        return
    keys = [t.key for t in task.tags if t is not None and t.key is not None]
    missing = [k for k in required if k not in keys]
    if not missing:
        return
    hints = []
    for k in missing:
        near = [x for x in keys if x.lower() == k.lower()]
        if near:
            hints.append(f"{near[0]!r} is not {k!r}: tag keys are case-sensitive")
    hint = f" ({'; '.join(hints)})" if hints else ""
    noun = "tag" if len(missing) == 1 else "tags"
    yield Violation(
        ("tags",),
        f"the task definition lacks the required {noun} {', '.join(missing)}{hint}",
    )
