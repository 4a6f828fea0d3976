"""DOA117: every container image is pinned to an immutable version (a release tag or a digest)."""

from typing import Optional

from doalint.engine.registry import Rule, Violation

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


def _literal_tag(template) -> tuple[Optional[str], bool, bool]:
    """(tag, digest, decided) of a partly templated image reference, from its literal end: the
    tag of ``${repo}:latest`` is 'latest'; ``${registry}/app`` has none; ``${repo}:${tag}``
    is not decided."""
    tail = template.suffix()
    if "@" in tail:
        return None, True, True
    last = tail.rsplit("/", 1)[-1]
    if ":" in last:
        return last.rpartition(":")[2] or None, False, bool(last.rpartition(":")[2])
    # no ':' after the last placeholder: untagged only if that placeholder sits before a '/'
    # (in the registry or path), not where the tag could be
    return None, False, "/" in tail


RULE = Rule("DOA117", needs_service=False)


def check(task, ctx):
    mutable = ctx.profile.task.mutable_image_tags
    for i, c in task.containers():
        where = ("containerDefinitions", i, "image")
        literal = False
        if c.image is None:
            template = ctx.partial(*where)
            if template is None:
                continue
            tag, digest, decided = _literal_tag(template)
            if not decided:
                continue
            image, literal = template.text.strip(), True
        elif not c.image.strip():
            continue
        else:
            image = c.image.strip()
            tag, digest = image_tag(image)
        if digest:
            continue
        if tag is None:
            if DEFAULT_TAG in mutable:
                yield Violation(
                    where,
                    f"image '{image}' has no tag, so ECS pulls '{DEFAULT_TAG}', which moves; "
                    "pin a release tag or a digest (@sha256:...)",
                    literal=literal,
                )
        elif tag in mutable:
            yield Violation(
                where,
                f"image '{image}' uses the mutable tag '{tag}'; pin a release tag or a digest (@sha256:...)",
                literal=literal,
            )
