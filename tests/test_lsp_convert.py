"""doalint's positions, findings and fixes in the protocol's terms (doalint.lsp.convert), in process:
the arithmetic the end-to-end tests (tests/test_lsp.py) reach only by a few examples."""

import pytest

pytest.importorskip("lsprotocol")

from lsprotocol import types  # noqa: E402

from doalint.engine.findings import Finding, RelatedLocation  # noqa: E402
from doalint.fixes import Fix, TextEdit  # noqa: E402
from doalint.lsp.convert import (Positions, catalog_url, contains, diagnostic, hover_markdown,  # noqa: E402
                                 overlaps, split_lines, without_overlaps)


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def utf8(s: str) -> int:
    return len(s.encode("utf-8"))


def pos(line, character):
    return types.Position(line=line, character=character)


def test_lines_end_as_the_protocol_says():
    assert split_lines("a\nb\r\nc\rd") == ["a", "b", "c", "d"]
    assert split_lines("a\n") == ["a", ""]
    assert split_lines("a\u2028b\x0cc") == ["a\u2028b\x0cc"]  # not line ends for LSP (nor for doalint)


def test_columns_are_counted_in_the_agreed_encodings_units():
    lines = split_lines('x: "\U0001F433é"  # y\n')
    # doalint's column 8 is after the whale (1 character) and é (1 character)
    assert Positions(lines, utf16).position(1, 8) == pos(0, 8)  # whale: 2 units
    assert Positions(lines, utf8).position(1, 8) == pos(0, 11)  # whale 4 bytes, é 2
    assert Positions(lines, len).position(1, 8) == pos(0, 7)  # UTF-32: characters
    assert Positions(lines, utf16).position(1, 1) == pos(0, 0)


def test_positions_outside_the_text_are_clamped_to_it():
    where = Positions(split_lines("ab\ncd"), utf16)
    assert where.position(1, 99) == pos(0, 2)  # past the end of a line: its end
    assert where.position(9, 3) == pos(1, 2)  # past the last line: the text's end
    assert where.position(0, 0) == pos(0, 0)  # (no line 0 in doalint's counting)
    assert Positions([], utf16).position(3, 3) == pos(0, 0)
    # an end before its start (a clamped end) is the start
    assert where.range(2, 2, 1, 1) == types.Range(start=pos(1, 1), end=pos(1, 1))


def test_protocol_positions_back_to_doalints():
    where = Positions(split_lines("\U0001F433ab\ncd"), utf16)
    assert where.offset_of(pos(0, 2)) == (1, 2)  # after the whale's two units: character 2
    assert where.offset_of(pos(0, 3)) == (1, 3)
    assert where.offset_of(pos(0, 99)) == (1, 4)
    assert where.offset_of(pos(7, 1)) == (2, 2)


def _finding(**kw):
    base = dict(rule="DOA117", name="image-tag-not-pinned", severity="warning", file="t.yaml", line=2, col=3,
                end_line=2, end_col=8, message="image uses latest")
    base.update(kw)
    return Finding(**base)


def test_a_finding_as_a_diagnostic():
    where = Positions(split_lines("a: 1\n  image: x\n"), utf16)
    related_where = Positions(split_lines("\U0001F433: 1\n"), utf16)
    f = _finding(related=(RelatedLocation("other.json", 1, 2, "the other side"),
                          RelatedLocation("(module)", 3, 4, "not a file")))
    seen = []

    def related(file):
        seen.append(file)
        return ("file:///other.json", related_where) if file == "other.json" else None

    d = diagnostic(f, where, related, "https://example.test/doa117")
    assert (d.code, d.source, d.severity) == ("DOA117", "doalint", types.DiagnosticSeverity.Warning)
    assert d.range == types.Range(start=pos(1, 2), end=pos(1, 7))
    assert d.code_description.href == "https://example.test/doa117"
    (info,) = d.related_information
    assert info.location.uri == "file:///other.json" and info.location.range.start == pos(0, 2)
    assert info.message == "the other side"
    assert d.message == "image uses latest\n(module):3:4: not a file"  # no file to point at: said in the text
    assert seen == ["other.json", "(module)"]
    plain = diagnostic(f, where, related, None, related_support=False)
    assert plain.related_information is None and plain.code_description is None
    assert plain.message == "image uses latest\nfile:///other.json:1: the other side\n(module):3:4: not a file"


@pytest.mark.parametrize("severity,expected", [("error", types.DiagnosticSeverity.Error),
                                               ("warning", types.DiagnosticSeverity.Warning),
                                               ("note", types.DiagnosticSeverity.Information)])
def test_severities(severity, expected):
    d = diagnostic(_finding(severity=severity), Positions(["", "  image: x"], utf16), lambda f: None, None)
    assert d.severity == expected


def test_ranges_contain_and_overlap_with_their_ends():
    r = types.Range(start=pos(1, 2), end=pos(1, 5))
    assert contains(r, pos(1, 2)) and contains(r, pos(1, 5)) and not contains(r, pos(1, 6))
    assert not contains(r, pos(0, 3)) and not contains(r, pos(2, 0))
    assert overlaps(r, types.Range(start=pos(1, 5), end=pos(1, 5)))
    assert overlaps(r, types.Range(start=pos(0, 0), end=pos(3, 0)))
    assert not overlaps(r, types.Range(start=pos(1, 6), end=pos(2, 0)))
    assert not overlaps(r, types.Range(start=pos(0, 0), end=pos(1, 1)))


def test_fixes_that_touch_the_same_text_are_not_applied_together():
    a = Fix("a", (), edits=(TextEdit("t.yaml", 1, 1, 1, 5, "x"),))
    b = Fix("b", (), edits=(TextEdit("t.yaml", 1, 4, 1, 8, "y"),))  # overlaps a
    c = Fix("c", (), edits=(TextEdit("t.yaml", 1, 5, 1, 6, "z"),))  # starts where a ends: apart
    d = Fix("d", (), edits=(TextEdit("u.yaml", 1, 1, 1, 5, "w"),))  # another file
    e = Fix("e", (), edits=(TextEdit("t.yaml", 2, 1, 2, 1, "i"), TextEdit("t.yaml", 1, 2, 1, 3, "j")))
    f = Fix("f", (), edits=(TextEdit("t.yaml", 3, 1, 3, 1, "k"),))
    g = Fix("g", (), edits=(TextEdit("t.yaml", 3, 1, 3, 1, "l"),))  # two insertions at one point
    assert without_overlaps([a, b, c, d, e, f, g]) == [a, c, d, f]


def test_the_url_of_a_rule_is_its_catalog_url():
    from doalint.catalog import default_catalog

    entry = default_catalog().get("DOA117")
    assert catalog_url(entry) == "https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html"

    class Bare:
        data = {"explain": {"references": [{"title": "no address"}]}}

    assert catalog_url(Bare()) is None

    class Own(Bare):
        url = "https://example.test/own"

    assert catalog_url(Own()) == "https://example.test/own"


def test_a_hover_cuts_a_long_profile_value(profile):
    """DOA010 reads the whole service catalog: the hover shows the start of it, not pages."""
    from doalint.catalog import default_catalog

    text = hover_markdown(default_catalog().get("DOA010"), profile, _finding(rule="DOA010", message="m"))
    (line,) = [ln for ln in text.splitlines() if ln.startswith("- `services` = ")]
    assert line.endswith('...`') and len(line) < 300
