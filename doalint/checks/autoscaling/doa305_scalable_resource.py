"""DOA305: policies and scalable targets name the service's ECS resource the standard's way."""

import re

from doalint.engine.registry import Rule, Violation

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern:
    """A regex of the ResourceId template, one named group per placeholder."""
    out, pos, seen = [], 0, set()
    for m in _PLACEHOLDER.finditer(template):
        name = m.group(1)
        out.append(re.escape(template[pos:m.start()]))
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>[^/]+)")
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("^" + "".join(out) + "$")


def _resource_id(value, ctx):
    """Message for a ResourceId other than the standard's, or None."""
    template = ctx.profile.autoscaling.resource_id
    want = ctx.profile.fill(template, ctx.service)
    if ctx.service is not None and value == want:
        return None
    m = _pattern(template).match(value)
    if m is None:
        return f"ResourceId is {value!r}; the standard requires {want!r}"
    for name, got in m.groupdict().items():
        if name == "service":
            expected = ctx.service.name if ctx.service is not None else None
        else:
            expected = ctx.profile.fill("{" + name + "}", ctx.service)
            if expected == "{" + name + "}":  # a placeholder the profile cannot fill
                expected = None
        if expected is not None and got != expected:
            tail = f" (ResourceId {want!r})" if ctx.service is not None else ""
            return f"ResourceId {value!r} names {name} {got!r}; the standard's {name} is {expected!r}{tail}"
    return None


RULE = Rule("DOA305", needs_service=False)


def check(doc, ctx):
    st = ctx.profile.autoscaling
    for key, want in (("ServiceNamespace", st.service_namespace), ("ScalableDimension", st.scalable_dimension)):
        got = getattr(doc, key)
        if got is None:
            yield Violation((key,), f"{key} is not set; the standard requires {want!r}")
        elif got != want:
            yield Violation((key,), f"{key} is {got!r}; the standard requires {want!r}")
    if doc.ResourceId is None:
        want = ctx.profile.fill(st.resource_id, ctx.service)
        yield Violation(("ResourceId",), f"ResourceId is not set; the standard requires {want!r}")
        return
    msg = _resource_id(doc.ResourceId, ctx)
    if msg:
        yield Violation(("ResourceId",), msg)
