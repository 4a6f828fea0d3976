from __future__ import annotations

from bisect import bisect_right


class ParseError(Exception):
    """A file that cannot be parsed; line and column are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


class LineIndex:
    """Turns character offsets into 1-based (line, column). A line ends at ``\n``, ``\r\n`` or a
    lone ``\r`` (old Mac line ends), as JSON and YAML read them and editors show them."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        if "\r" in text:  # lone CRs (a CR before LF is the LF's line end): merged in order
            i = find("\r")
            lone = []
            while i != -1:
                if text[i + 1:i + 2] != "\n":
                    lone.append(i + 1)
                i = find("\r", i + 1)
            if lone:
                starts = sorted(starts + lone)
        self.starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


class NotRead(ParseError):
    """A file passed over on purpose (a template that is not JSON or YAML until rendered, a
    Jsonnet program): listed with its reason under ``--verbose``, not a finding."""
