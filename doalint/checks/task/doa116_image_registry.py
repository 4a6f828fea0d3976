"""DOA116: every container image comes from the company's ECR registry in the profile's region."""

import re

from doalint.engine.registry import Rule, Violation
from doalint.placeholders import Hole


RULE = Rule("DOA116", needs_service=False)


def check(task, ctx):
    template = ctx.profile.task.image_registry
    pattern = re.compile(ctx.profile.fill(template, ctx.service, regex=True))
    # the registry as people write it, for the message: the template without regex escapes
    shown = re.sub(r"\\(.)", r"\1", ctx.profile.fill(template, ctx.service))
    for i, c in task.containers():
        image = c.image
        where = ("containerDefinitions", i, "image")
        if image is None:
            template = ctx.partial(*where)
            if template is not None and _literal_registry_differs(template, pattern, ctx.profile.region):
                yield Violation(where, f"image '{template.text.strip()}' is not pulled from the standard's "
                                       f"ECR registry '{shown}'", literal=True)
            continue
        if pattern.match(image.strip()):
            continue
        yield Violation(where, f"image '{image}' is not pulled from the standard's ECR registry '{shown}'")


_ECR_HOST = re.compile(r"\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com$")


def _literal_registry_differs(template, pattern, region) -> bool:
    """A partly templated image whose registry is written out and is not the standard's: the host
    before the first '/' is literal (``public.ecr.aws/${name}``), or is an ECR host with a placeholder
    for the account only and a literal region (``${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app``)."""
    host_parts: list = []
    for part in template.parts:
        if isinstance(part, Hole):
            host_parts.append(part)
            continue
        head, slash, _ = part.partition("/")
        host_parts.append(head)
        if slash:
            break
    else:
        return False  # no '/': where the registry ends is not known
    holes = [p for p in host_parts if isinstance(p, Hole)]
    if not holes:
        return not pattern.match("".join(host_parts) + "/")
    if len(holes) == 1 and isinstance(host_parts[0], Hole) and len(host_parts) == 2:
        m = _ECR_HOST.match(host_parts[1])
        return bool(m) and m.group(1) != region
    return False
