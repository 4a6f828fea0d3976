"""DOA907: listener rules kept in separate documents (Terraform or CloudFormation resources,
create-rule files) do not share a priority on one listener."""

from doalint.engine.registry import Related, Rule, Violation


def _priority(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


RULE = Rule("DOA907", needs_service=False)


def check(project, ctx):
    first: dict = {}
    for doc in project.of("elbv2-listener-rules"):
        for path, r in doc.model.rules():
            listener = r.ListenerArn or getattr(doc.model, "ListenerArn", None)
            priority = _priority(r.Priority)
            if not isinstance(listener, str) or not listener.startswith("arn:") or priority is None:
                continue
            key = (listener, priority)
            seen = first.get(key)
            if seen is None:
                first[key] = (doc, path)
            elif seen[0] is not doc:  # within one document, DOA503 reports it
                yield Violation(path + ("Priority",),
                                f"priority {priority} is taken on listener {listener.rsplit('/', 3)[-3] if listener.count('/') >= 4 else listener} "
                                f"by {seen[0].label} too; ELB refuses the second rule, so its path is never routed",
                                doc=doc, related=(Related(seen[1] + ("Priority",), "the other rule with this priority",
                                                          doc=seen[0]),))
