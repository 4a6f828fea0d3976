"""Fixes: what a rule proposes to change, and the text edits that do it.

A rule attaches a :class:`Fix` to a ``Violation``: a one-line description ("set rollback to true"),
whether it is safe (it restores the standard's value where that value is a literal of this file)
and its operations in document terms (:class:`Set` a path to a value, :class:`Delete` a path),
paths relative to the rule's model as ``Violation`` paths are. The engine makes them absolute;
``doalint.fixes.resolve`` turns the operations into :class:`TextEdit` objects of the file's own
syntax (JSON, YAML, Terraform, CloudFormation), or drops the fix where it cannot be written
without touching anything else (an expression, a value from a variable shared with others).

Kept free of imports: a rule module imports this on the start-up path.
"""

from __future__ import annotations


class Set:
    """Set the value at ``path`` (inserting the key, and missing parents, when absent)."""

    __slots__ = ("path", "value")
    op = "set"

    def __init__(self, path, value) -> None:
        self.path = tuple(path)
        self.value = value

    def __eq__(self, other) -> bool:
        return type(other) is Set and (other.path, other.value) == (self.path, self.value)

    def __hash__(self) -> int:
        return hash(("set", self.path, repr(self.value)))

    def __repr__(self) -> str:
        return f"Set({self.path!r}, {self.value!r})"

    def __reduce__(self):
        return (Set, (self.path, self.value))


class Delete:
    """Remove the member or list item at ``path``."""

    __slots__ = ("path",)
    op = "delete"

    def __init__(self, path) -> None:
        self.path = tuple(path)

    def __eq__(self, other) -> bool:
        return type(other) is Delete and other.path == self.path

    def __hash__(self) -> int:
        return hash(("delete", self.path))

    def __repr__(self) -> str:
        return f"Delete({self.path!r})"

    def __reduce__(self):
        return (Delete, (self.path,))


class TextEdit(tuple):
    """Replace the text from (line, col) to (end_line, end_col) of ``file`` (1-based, columns in
    characters, the end exclusive: the convention of doalint's source maps) with ``text``. An
    insertion has start == end."""

    __slots__ = ()

    def __new__(cls, file: str, line: int, col: int, end_line: int, end_col: int, text: str):
        return tuple.__new__(cls, (file, line, col, end_line, end_col, text))

    file = property(lambda self: self[0])
    line = property(lambda self: self[1])
    col = property(lambda self: self[2])
    end_line = property(lambda self: self[3])
    end_col = property(lambda self: self[4])
    text = property(lambda self: self[5])

    def __reduce__(self):
        return (TextEdit, tuple(self))


class Fix:
    """A fix of one finding: ``description`` (imperative, one line: "set rollback to true"),
    ``safe`` (``--fix`` applies it; an unsafe fix needs ``--unsafe-fixes``), ``ops`` (Set/Delete in
    document paths) and, once resolved, ``edits`` (TextEdit objects, possibly in several files)."""

    __slots__ = ("description", "ops", "safe", "edits")

    def __init__(self, description: str, ops, safe: bool = True, edits=()) -> None:
        self.description = description
        self.ops = tuple(ops)
        self.safe = bool(safe)
        self.edits = tuple(edits)

    def with_ops(self, ops) -> "Fix":
        return Fix(self.description, ops, self.safe, self.edits)

    def with_edits(self, edits, safe=None) -> "Fix":
        return Fix(self.description, self.ops, self.safe if safe is None else safe, edits)

    def __eq__(self, other) -> bool:
        return isinstance(other, Fix) and (other.description, other.ops, other.safe, other.edits) == (
            self.description, self.ops, self.safe, self.edits)

    def __hash__(self) -> int:
        return hash((self.description, self.ops, self.safe, self.edits))

    def __repr__(self) -> str:
        return f"Fix({self.description!r}, {self.ops!r}, safe={self.safe}, edits={self.edits!r})"

    def __reduce__(self):
        return (Fix, (self.description, self.ops, self.safe, self.edits))
