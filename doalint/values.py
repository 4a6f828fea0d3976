"""Static values: what a front end (Terraform, CloudFormation) knows of a value without running
it, shared by every front end so that none imports another.

A known value is plain Python data. What cannot be known is an :class:`Unknown` carrying the
expression's source text, so DOA003 can name it; its kinds say why: :class:`Partial` (a template
with unknown parts, its literal parts kept), :class:`Invalid` (an error in the tool's own terms),
:class:`Unevaluable` (past the bounds of static evaluation), :class:`Undefined` (a name the file
does not define). A :class:`Ref` is a reference to another resource, a string that remembers the
resource's address; :class:`JsonEncoded` is ``jsonencode(x)`` kept as data.
"""

from __future__ import annotations

import json
from typing import Any, Optional

from doalint.record import record


class Unknown:
    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Unknown({self.text!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Unknown) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class Partial(Unknown):
    """A string template some of whose parts are unknown (``"${var.repo}:latest"``): unknown as a
    whole, but its literal parts are kept (a :class:`doalint.placeholders.Template`) for the
    rules that can judge them."""

    __slots__ = ("template",)

    def __init__(self, text: str, template) -> None:
        super().__init__(text)
        self.template = template

    def __reduce__(self):
        return (Partial, (self.text, self.template))


class Invalid(Unknown):
    """An error in Terraform's terms (a missing key, an index out of range, a function given
    the wrong type): what ``try()`` and ``can()`` catch. A plain Unknown is not an error."""

    __slots__ = ()


class Unevaluable(Unknown):
    """A value past the bounds of static evaluation (nested deeper than :data:`MAX_DEPTH`, more
    than :data:`MAX_NODES` elements, a number too large): unknown (DOA003) with the reason in its
    text. Not an error in Terraform's terms, so ``try()`` does not catch it."""

    __slots__ = ()


class Undefined(Unknown):
    """A reference to a name the template does not define: a template format error (DOA001),
    so rules stay quiet about it without a DOA003 of its own."""

    __slots__ = ()


class Ref(str):
    """A reference to an attribute of another resource of the module. Its string value is
    what the attribute is known to be (a cluster's name, a task definition's family) or,
    when nothing is known, the reference itself (``aws_security_group.alb.id``)."""

    address: str  # "aws_security_group.alb"
    attribute: str

    def __new__(cls, text: str, address: str, attribute: str):
        obj = super().__new__(cls, text)
        obj.address = address
        obj.attribute = attribute
        return obj

    def __reduce__(self):
        return (Ref, (str.__str__(self), self.address, self.attribute))

    def __deepcopy__(self, memo):
        return self  # immutable

    @property
    def opaque(self) -> bool:
        return str.__str__(self) == f"{self.address}.{self.attribute}"


@record
class JsonEncoded:
    """The value of ``jsonencode(x)``: kept as data so that mappers can read it (and its
    positions) directly; :func:`as_text` turns it into the JSON string when needed."""

    value: Any


def first_unknown(value: Any) -> Optional[Unknown]:
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, Unknown):
            return v
        if isinstance(v, JsonEncoded):
            stack.append(v.value)
        elif isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return None


def plain(value: Any) -> Any:
    """``value`` with JsonEncoded members turned into JSON text (where fully known)."""
    if isinstance(value, JsonEncoded):
        return as_text(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def as_text(value: Any) -> Any:
    if isinstance(value, JsonEncoded):
        inner = plain(value.value)
        u = first_unknown(inner)
        return u if u is not None else json.dumps(inner, separators=(",", ":"))
    return value
