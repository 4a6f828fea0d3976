"""DOA002: the document matches the AWS API shape of its kind."""

from doalint.engine.registry import Rule, Violation
from doalint.kinds import KINDS
from doalint.shapes import members, validate


RULE = Rule("DOA002", needs_service=False)


def check(model, ctx):
    doc = ctx.doc
    kind = KINDS[doc.kind]
    if kind.validate is not None:
        for path, message in kind.validate(doc):
            yield Violation(path, message)
        return
    if doc.source in ("terraform", "cloudformation"):
        # doalint maps a resource's arguments itself; only what is written in the API's own
        # shape (a jsonencode'd or heredoc container_definitions) is checked against it
        for key, shape in kind.embedded_shapes.items():
            if isinstance(doc.data, dict) and key in doc.data:
                for path, message in validate(kind.api_service, shape, doc.data[key], base=(key,)):
                    yield Violation(path, message)
        if doc.source == "cloudformation" and kind.api_service and kind.input_shape:
            # CloudFormation passes properties to the API: a value of the wrong type (after the
            # conversions CloudFormation does itself) fails the stack; keys are doalint's mapping
            embedded = set(kind.embedded_shapes)
            data = {k: v for k, v in doc.data.items() if k not in embedded} if isinstance(doc.data, dict) else doc.data
            for path, message in validate(kind.api_service, kind.input_shape, data, check_required=False,
                                          unknown_keys=False):
                yield Violation(path, message)
        return
    output = doc.variant == "output"
    shape = kind.output_shape if output else kind.input_shape
    data = doc.data
    holds = doc.holds if doc.scope is not None else None  # a fragment: only what it can hold
    if doc.moved and isinstance(data, dict):
        data = {k: v for k, v in data.items() if k not in doc.moved}
    also = None
    if output:  # describe output saved for re-use often keeps request keys (tags) too
        also = members(kind.api_service, kind.input_shape)
    elif doc.scope is not None and doc.scope.output_keys and kind.output_shape:
        also = members(kind.api_service, kind.output_shape)
    for path, message in validate(kind.api_service, shape, data, check_required=not output,
                                  hints=kind.shape_hints, also_allowed=also, holds=holds):
        yield Violation(path, message)
