"""DOA010: the document's service is not in the profile's catalog."""

from doalint.engine.registry import Violation, rule
from doalint.kinds import KINDS


@rule("DOA010", kinds=tuple(k for k, v in KINDS.items() if v.has_service), needs_service=False)
def service_not_in_catalog(model, ctx):
    if ctx.service is not None:
        return
    kind = KINDS[ctx.doc.kind]
    if kind.claims_service is not None and not kind.claims_service(model):
        return
    name = kind.name_of(model)
    if not name:
        return  # nameless documents are DOA002's business (the name is required)
    yield Violation(
        (kind.name_key,),
        f"{name!r} is not a service in the profile's catalog ({ctx.profile.name}); "
        "only the catalog-free rules were checked",
    )
