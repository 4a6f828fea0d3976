"""DOA116: every container image comes from the company's ECR registry in the profile's region."""

import re

from doalint.engine.registry import Violation, rule


@rule("DOA116", kinds=("ecs-task-definition",), needs_service=False)
def image_registry(task, ctx):
    template = ctx.profile.task.image_registry
    pattern = re.compile(ctx.profile.fill(template, ctx.service, regex=True))
    # the registry as people write it, for the message: the template without regex escapes
    shown = re.sub(r"\\(.)", r"\1", ctx.profile.fill(template, ctx.service))
    for i, c in task.containers():
        image = c.image
        if image is None:
            continue
        if pattern.match(image.strip()):
            continue
        yield Violation(
            ("containerDefinitions", i, "image"),
            f"image {image!r} is not pulled from the standard's ECR registry {shown!r}",
        )
