"""DOA503: each service's path prefix is forwarded to that service's target group; priorities are unique."""

import os

from doalint.arns import target_group_name
from doalint.engine.registry import Related, Rule, Violation
from doalint.source import format_path

# AWS API facts (elbv2 listener rules)
PATH_PATTERN = "path-pattern"  # RuleCondition.Field
FORWARD = "forward"  # Action.Type
DEFAULT_PRIORITY = "default"  # Priority of the listener's default rule in describe-rules output


def _base(path: str) -> str:
    """``/api/v1/products/*`` -> ``/api/v1/products``."""
    return path.rstrip("*").rstrip("/")


def _owner(pattern: str, owners):
    """The catalog entry whose path prefix contains ``pattern``, or None."""
    for base, entry in owners:  # longest prefix first
        if pattern == entry.path:
            return entry
        if pattern.startswith(base):
            rest = pattern[len(base):]
            if rest in ("", "*") or rest.startswith("/"):
                return entry
    return None


def _service_of(tg_name: str, names) -> str | None:
    """The catalog service a target group name names: the service's name, alone or joined by "-" to a
    prefix or suffix (``product-service-blue``/``-green`` for blue/green deployments)."""
    for name in names:  # longest first
        if tg_name == name or tg_name.startswith(name + "-") or tg_name.endswith("-" + name) or \
                f"-{name}-" in tg_name:
            return name
    return None


def _priority_key(p):
    if isinstance(p, bool) or p is None:
        return None
    if isinstance(p, int):
        return p
    if isinstance(p, str):
        s = p.strip()
        if s == DEFAULT_PRIORITY:
            return None
        return int(s) if s.isdigit() else s
    return None


def _label(path, r) -> str:
    where = format_path(path) if path else "the rule"
    known = isinstance(r.Priority, (int, str)) and not isinstance(r.Priority, bool)  # not a reference left unread
    return f"{where} (Priority {r.Priority})" if known else where


def _patterns(path, r):
    """(path, value) of every path-pattern value of the rule."""
    out = []
    for ci, c in enumerate(r.Conditions or []):
        if c is None or c.Field not in (None, PATH_PATTERN):
            continue
        cpath = path + ("Conditions", ci)
        if c.Field == PATH_PATTERN:
            out += [(cpath + ("Values", vi), v) for vi, v in enumerate(c.Values or []) if isinstance(v, str)]
        if c.PathPatternConfig is not None:
            out += [(cpath + ("PathPatternConfig", "Values", vi), v)
                    for vi, v in enumerate(c.PathPatternConfig.Values or []) if isinstance(v, str)]
    return out


def _targets(path, r):
    """(path, TargetGroupArn) of every target group the rule forwards to; and whether it forwards at all."""
    out, forwards = [], False
    for ai, a in enumerate(r.Actions or []):
        if a is None or a.Type != FORWARD:
            continue
        forwards = True
        apath = path + ("Actions", ai)
        if a.TargetGroupArn is not None:
            out.append((apath + ("TargetGroupArn",), a.TargetGroupArn))
        if a.ForwardConfig is not None:
            for ti, t in enumerate(a.ForwardConfig.TargetGroups or []):
                if t is not None and t.TargetGroupArn is not None:
                    out.append((apath + ("ForwardConfig", "TargetGroups", ti, "TargetGroupArn"), t.TargetGroupArn))
    return out, forwards


RULE = Rule("DOA503", needs_service=False)


def check(doc, ctx):
    services = ctx.profile.services
    owners = sorted(((_base(e.path), e) for e in services.values()), key=lambda x: len(x[0]), reverse=True)
    names = sorted(services, key=len, reverse=True)
    bases = [b for b, _ in owners]
    common = os.path.commonprefix(bases) if bases else ""
    api_prefix = common[: common.rfind("/") + 1] if "/" in common else ""

    first_priority: dict = {}
    for path, r in doc.rules():
        label = _label(path, r)
        key = _priority_key(r.Priority)
        if key is not None:
            if key in first_priority:
                first_path, first_label = first_priority[key]
                yield Violation(
                    path + ("Priority",),
                    f"{label} has the same priority as {first_label}; listener rule priorities must be unique "
                    "(AWS rejects the second with PriorityInUse)",
                    related=(Related(first_path + ("Priority",), f"{first_label}: first use of this priority"),),
                )
            else:
                first_priority[key] = (path, label)

        owned: dict = {}  # service name -> [(path, pattern)]
        for vpath, value in _patterns(path, r):
            entry = _owner(value, owners)
            if entry is not None:
                owned.setdefault(entry.name, []).append((vpath, value))
            elif api_prefix and value.startswith(api_prefix):
                yield Violation(
                    vpath,
                    f"{label} matches the path pattern {value!r}, which no service in the profile's catalog owns "
                    f"(each service owns one {api_prefix}<name>/* prefix)",
                )
        if not owned:
            continue
        targets, forwards = _targets(path, r)
        for svc, patterns in owned.items():
            shown = ", ".join(repr(v) for v in dict.fromkeys(v for _, v in patterns))
            first = (Related(patterns[0][0], f"path pattern {patterns[0][1]!r}, {svc}'s prefix"),)
            if not forwards:
                types = ", ".join(sorted({a.Type for a in r.Actions or [] if a is not None and a.Type})) or "none"
                yield Violation(
                    path + ("Actions",),
                    f"{label} matches {shown}, {svc}'s path prefix, but does not forward it (actions: {types}); "
                    f"the standard forwards it to {svc}'s target group",
                    related=first,
                )
                continue
            seen = set()
            for tpath, arn in targets:
                if arn in seen:
                    continue  # describe-rules output repeats TargetGroupArn in ForwardConfig
                seen.add(arn)
                tg = target_group_name(arn)
                if tg is None:
                    yield Violation(
                        tpath,
                        f"{label} forwards {shown} to {arn!r}, which names no target group "
                        f"(...:targetgroup/<name>/<id>); it must forward to {svc}'s target group",
                        related=first,
                    )
                    continue
                named = _service_of(tg, names)
                if named != svc:
                    whose = f" ({named}'s)" if named and named != tg else ""
                    yield Violation(
                        tpath,
                        f"{label} forwards {shown}, {svc}'s path prefix, to target group {tg!r}{whose}; it must "
                        f"forward to {svc}'s target group",
                        related=first,
                    )
