"""DOA950 (complete project only): every catalog service has all the documents the standard
gives it: task definition, service, scaling policies, target group, listener rule, alarm."""

from doalint.engine.registry import Rule, Violation



def _owned(project, profile):
    """service name -> set of parts present in the run, and a document to report at."""
    parts: dict[str, set] = {name: set() for name in profile.services}
    where: dict[str, object] = {}

    def add(name, part, doc):
        if name in parts:
            parts[name].add(part)
            where.setdefault(name, doc)

    for d in project.of("ecs-task-definition"):
        add(d.model.family, "task definition", d)
    for d in project.services():
        add(d.model.serviceName, "service", d)
    for d in project.of("autoscaling-scaling-policy"):
        rid = (getattr(d.model, "ResourceId", None) or "").split("/")
        cfg = getattr(d.model, "TargetTrackingScalingPolicyConfiguration", None)
        spec = getattr(cfg, "PredefinedMetricSpecification", None) if cfg else None
        metric = getattr(spec, "PredefinedMetricType", None) if spec else None
        if len(rid) == 3 and metric:
            for part, want in (("CPU scaling policy", profile.autoscaling.cpu.metric),
                               ("memory scaling policy", profile.autoscaling.memory.metric),
                               ("request count scaling policy", profile.autoscaling.requests.metric)):
                if metric.startswith(want):
                    add(rid[2], part, d)
    for name, d in project.target_groups().items():
        for svc in parts:
            if name == svc or name.startswith(svc + "-"):
                add(svc, "target group", d)
    for d in project.of("elbv2-listener-rules"):
        for svc, entry in profile.services.items():
            if entry.path in _patterns(d):
                add(svc, "listener rule", d)
    for name, d in project.alarms().items():
        if getattr(d.model, "MetricName", None) == profile.monitoring.cpu_alarm.metric:
            dims = {x.Name: x.Value for x in (getattr(d.model, "Dimensions", None) or []) if x is not None}
            add(dims.get("ServiceName") or name.rsplit("-", 2)[0], "CPU alarm", d)
    return parts, where


def _patterns(doc) -> set:
    """Every path-pattern value of a listener rules document (raw data: any of its shapes)."""
    out = set()
    stack = [doc.data]
    while stack:
        v = stack.pop()
        if isinstance(v, dict):
            field = v.get("Field")
            if field == "path-pattern":
                out.update(x for x in v.get("Values") or [] if isinstance(x, str))
                ppc = v.get("PathPatternConfig") or {}
                out.update(x for x in ppc.get("Values") or [] if isinstance(x, str))
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return out


NEEDED = ("task definition", "service", "CPU scaling policy", "memory scaling policy", "request count scaling policy",
          "target group", "listener rule", "CPU alarm")


RULE = Rule("DOA950", needs_service=False)


def check(project, ctx):
    if not project.complete:
        return
    parts, where = _owned(project, ctx.profile)
    fallback = (project.of("elbv2-listener-rules") or project.of("ecs-service") or
                sorted(project.documents, key=lambda d: (d.kind, d.file, str(d.base))))
    for name in ctx.profile.services:
        missing = [p for p in NEEDED if p not in parts[name]]
        if not missing:
            continue
        doc = where.get(name) or (fallback[0] if fallback else None)
        if doc is None:
            return
        have = f" (it has: {', '.join(sorted(parts[name]))})" if parts[name] else " (none of its documents is here)"
        yield Violation((), f"the project is declared complete, but {name} has no {', no '.join(missing)}{have}",
                        doc=doc)
