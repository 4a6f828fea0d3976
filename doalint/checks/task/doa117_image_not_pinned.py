"""DOA117: every container image is pinned to an immutable version (a release tag or a digest)."""

from typing import Optional

from doalint.engine.registry import Violation, rule

DEFAULT_TAG = "latest"  # what Docker and ECS pull when an image reference has no tag


def image_tag(image: str) -> tuple[Optional[str], Optional[str]]:
    """(tag, digest) of an image reference; the tag is None when none is written.

    The tag follows the last ':' of the last path component, so a registry port
    (``host:5000/repo``) is not mistaken for one.
    """
    ref, _, digest = image.partition("@")
    last = ref.rsplit("/", 1)[-1]
    tag = last.rpartition(":")[2] if ":" in last else None
    return tag, (digest or None)


@rule("DOA117", kinds=("ecs-task-definition",), needs_service=False)
def image_pinned(task, ctx):
    mutable = ctx.profile.task.mutable_image_tags
    for i, c in task.containers():
        if c.image is None or not c.image.strip():
            continue
        image = c.image.strip()
        tag, digest = image_tag(image)
        if digest:
            continue
        where = ("containerDefinitions", i, "image")
        if tag is None:
            if DEFAULT_TAG in mutable:
                yield Violation(
                    where,
                    f"image {image!r} has no tag, so ECS pulls {DEFAULT_TAG!r}, which moves; "
                    "pin a release tag or a digest (@sha256:...)",
                )
        elif tag in mutable:
            yield Violation(
                where,
                f"image {image!r} uses the mutable tag {tag!r}; pin a release tag or a digest (@sha256:...)",
            )
