"""Source positions: a map from document paths to line/column spans.

A *path* is a tuple of mapping keys (str) and list indexes (int), from the root
of a file's parsed value, e.g. ``("containerDefinitions", 0, "healthCheck", "interval")``.
Lines and columns are 1-based, as editors and SARIF count them.
"""

from __future__ import annotations

from typing import NamedTuple, Union

PathElem = Union[str, int]
Path = tuple[PathElem, ...]


class Span(NamedTuple):
    """Where a key or value stands: 1-based start and end line and column. A named tuple,
    so that source maps stay small and quick to copy between worker processes."""

    line: int
    col: int
    end_line: int
    end_col: int


class SourceMap:
    """Where each value (and each mapping key) of a parsed file stands."""

    __slots__ = ("values", "keys")

    def __init__(self) -> None:
        self.values: dict[Path, Span] = {}
        self.keys: dict[Path, Span] = {}

    def locate(self, path: Path) -> tuple[Span, Path]:
        """The span for ``path``, or for its nearest existing ancestor.

        A finding about a mapping member points at its key (that is where an
        editor should put the cursor); a list item or the root at its value.
        Returns the span and the path that was actually found.
        """
        p = tuple(path)
        while True:
            span = self.keys.get(p) or self.values.get(p)
            if span is not None:
                return span, p
            if not p:
                return Span(1, 1, 1, 1), ()
            p = p[:-1]


def format_path(path: Path) -> str:
    """``containerDefinitions[0].healthCheck.interval``: the form messages use."""
    out: list[str] = []
    for elem in path:
        if isinstance(elem, int):
            out.append(f"[{elem}]")
        else:
            out.append(("." if out else "") + str(elem))
    return "".join(out) or "(document)"


def pointer(path: Path) -> str:
    """``containerDefinitions/0/healthCheck/interval``: the slash form."""
    return "/".join(str(e).replace("~", "~0").replace("/", "~1") for e in path)
