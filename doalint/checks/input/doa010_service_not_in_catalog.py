"""DOA010: the document's service is not in the profile's catalog."""

from doalint.engine.registry import Rule, Violation
from doalint.kinds import KINDS


RULE = Rule("DOA010", needs_service=False)


def check(model, ctx):
    if ctx.service is not None:
        return
    kind = KINDS[ctx.doc.kind]
    if kind.claims_service is not None and not kind.claims_service(model):
        return
    name = kind.name_of(model)
    if not name:
        scope = ctx.doc.scope
        if scope is not None and kind.name_key and not scope.holds((kind.name_key,)):
            # a fragment that cannot hold its name (doalint.document.Scope): say what was not checked
            yield Violation((), f"{scope.what[0].upper()}{scope.what[1:]} names no catalog service (no "
                                f"{kind.name_key}), so the rules that need the service's catalog entry were skipped")
        return  # nameless documents are DOA002's business (the name is required)
    yield Violation(
        (kind.name_key,),
        f"{name!r} is not a service in the profile's catalog ({ctx.profile.name}); "
        "only the catalog-free rules were checked",
    )
