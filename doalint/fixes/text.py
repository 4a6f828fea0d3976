"""Offsets in a file's text, and applying text edits to it.

Positions follow doalint's source maps (:class:`doalint.source.Span`): 1-based lines and columns,
columns counting characters (indexes of a Python ``str``), a line ending at ``\\n``, ``\\r\\n`` or a
lone ``\\r`` (as :class:`doalint.loaders.errors.LineIndex` counts them). An :class:`Edit` is in
offsets (indexes into the text): replace ``text[start:end]`` with ``text``; an insertion has
``start == end``.

Kept light: no dataclass, no import beyond the standard library's ``bisect``.
"""

from __future__ import annotations

from bisect import bisect_right


class Edit(tuple):
    """Replace ``text[start:end]`` of a file with ``text`` (offsets, the end exclusive)."""

    __slots__ = ()

    def __new__(cls, start: int, end: int, text: str):
        return tuple.__new__(cls, (start, end, text))

    start = property(lambda self: self[0])
    end = property(lambda self: self[1])
    text = property(lambda self: self[2])

    def __repr__(self) -> str:
        return f"Edit({self[0]}, {self[1]}, {self[2]!r})"

    def __reduce__(self):
        return (Edit, tuple(self))


# The line starts of the last text asked about: a fix resolves several spans of one file in a row.
_last: list = [None, None]


def line_starts(text: str) -> list[int]:
    """The offsets at which the lines of ``text`` start (the first is 0); a text ending with a line
    end has an empty last line after it. Cached for the last text."""
    if _last[0] is text:
        return _last[1]
    from doalint.loaders.errors import LineIndex  # (the source maps' own line ends)

    starts = LineIndex(text).starts
    _last[0], _last[1] = text, starts
    return starts


def line_end(text: str, off: int) -> int:
    """The offset of the line end (``\\r\\n``, ``\\n`` or a lone ``\\r``) of the line holding ``off``,
    or ``len(text)`` on a last line without one."""
    n = text.find("\n", off)
    r = text.find("\r", off, n if n >= 0 else len(text))
    if r >= 0:
        return r
    return len(text) if n < 0 else n


def offset(text: str, line: int, col: int) -> int:
    """The offset of 1-based ``line`` and ``col`` (characters) in ``text``. A column may be one
    past the line's last character (the end of a span). ValueError when the position is not in the
    text."""
    starts = line_starts(text)
    if not 1 <= line <= len(starts) or col < 1:
        raise ValueError(f"line {line}, column {col} is not in the text ({len(starts)} lines)")
    start = starts[line - 1]
    off = start + col - 1
    if off > line_end(text, start):
        raise ValueError(f"line {line} has no column {col}")
    return off


def position(text: str, off: int) -> tuple[int, int]:
    """The 1-based (line, column) of offset ``off`` (0 <= off <= len(text))."""
    if not 0 <= off <= len(text):
        raise ValueError(f"offset {off} is not in the text ({len(text)} characters)")
    starts = line_starts(text)
    line = bisect_right(starts, off)
    return line, off - starts[line - 1] + 1


def apply(text: str, edits) -> str:
    """``text`` with ``edits`` applied. The edits are sorted here (by start, then end; edits with
    equal start and end, as two insertions at one offset, keep the order given). ValueError for an
    edit out of the text or edits that overlap (an insertion strictly inside a replaced range
    overlaps it; one at either end of it does not)."""
    n = len(text)
    ordered = sorted(edits, key=lambda e: (e[0], e[1]))
    out: list[str] = []
    at = 0
    for e in ordered:
        start, end, new = e[0], e[1], e[2]
        if not 0 <= start <= end <= n:
            raise ValueError(f"edit {tuple(e)!r} is not within the text ({n} characters)")
        if start < at:
            raise ValueError(f"edit {tuple(e)!r} overlaps another edit (which ends at {at})")
        out.append(text[at:start])
        out.append(new)
        at = end
    out.append(text[at:])
    return "".join(out)


# --- small helpers of the syntax layer ---------------------------------------------------------


def line_start(text: str, off: int) -> int:
    """The offset at which the line holding ``off`` starts."""
    starts = line_starts(text)
    return starts[bisect_right(starts, off) - 1]


def next_line(text: str, off: int) -> int:
    """The offset of the line after the one holding ``off`` (past its line end), or
    ``len(text)`` on a last line without a line end."""
    end = line_end(text, off)
    if end >= len(text):
        return len(text)
    return end + (2 if text.startswith("\r\n", end) else 1)


def indent_at(text: str, off: int) -> str:
    """The leading blanks (spaces and tabs) of the line holding ``off``."""
    start = line_start(text, off)
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    return text[start:i]


def first_on_line(text: str, off: int) -> bool:
    """Whether only blanks stand before ``off`` on its line."""
    return not text[line_start(text, off):off].strip(" \t")


def newline_of(text: str) -> str:
    """The file's line end: that of its first line (``\\n`` for a text of one line)."""
    i = text.find("\n")
    if i > 0 and text[i - 1] == "\r":
        return "\r\n"
    if i < 0 and "\r" in text:
        return "\r"
    return "\n"
